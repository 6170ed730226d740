/**
 * The programmatic entry point of `pagecheck validate`: resolve one model at one configuration,
 * build it for two variants, and run the differential check (after explored, before compared).
 */
import { check, resolve, type Resolved } from '../check.ts';
import type { ExploreOptions } from '../engine/explore.ts';
import type { CheckResult } from '../engine/types.ts';
import { findModel, findVariant } from '../../models/registry.ts';
import type { ModelDef, Variant } from '../../models/types.ts';
import type { ConfigOverrides } from '../config/load.ts';
import type { ConfigInput } from '../config/schema.ts';
import { costSeparately, differential, type DifferentialOptions } from './differential.ts';
import { DIVERGENCE, type DifferentialResult, type SeparateResult } from './types.ts';

/** What to validate. */
export interface ValidateRequest {
  readonly model: string;
  readonly before: string;
  readonly after: string;
  /** A built-in configuration or a JSON file (default: the after variant's, else the before's, else the model's). */
  readonly config?: string;
  readonly overrides?: ConfigOverrides;
  /** Named configurations besides the model's and the variants' (a generated family member, src/family). */
  readonly scenarios?: Readonly<Record<string, ConfigInput>>;
}

/** A finished validation: both resolved variants and the differential result. */
export interface ValidateOutcome {
  readonly before: Resolved;
  readonly after: Resolved;
  /** The configuration as asked for (a name or a file), for re-running. */
  readonly configSpec: string;
  readonly result: DifferentialResult;
}

/** Resolves both variants at one configuration (UsageError for bad names or configurations). */
export function resolvePair(req: ValidateRequest): { before: Resolved; after: Resolved; configSpec: string } {
  const model = findModel(req.model);
  const before = findVariant(model, req.before);
  const after = findVariant(model, req.after);
  const configSpec = req.config ?? after.config ?? before.config ?? model.defaultConfig;
  // Either variant's scenarios can be the configuration of the pair.
  const scenarios = { ...(before.configs ?? {}), ...(after.configs ?? {}), ...(req.scenarios ?? {}) };
  const cfg = { model: req.model, overrides: req.overrides, config: configSpec, scenarios };
  // The after variant's overrides are counted against the before variant's code (vacuity).
  return { before: resolve({ ...cfg, variant: req.before }), after: resolve({ ...cfg, variant: req.after, comparedWith: req.before }), configSpec };
}

/** Resolves, builds and runs the differential check. */
export function validate(req: ValidateRequest, opts: DifferentialOptions = {}): ValidateOutcome {
  const { before, after, configSpec } = resolvePair(req);
  return { before, after, configSpec, result: differential(before.built.system, after.built.system, opts) };
}

/** A finished separate costing: both resolved variants and each one's cost over its own states. */
export interface SeparateOutcome {
  readonly before: Resolved;
  readonly after: Resolved;
  readonly configSpec: string;
  readonly result: SeparateResult;
}

/** Resolves, builds and costs both variants, each over its own reachable states (`validate --separately`). */
export function validateSeparately(req: ValidateRequest, opts: DifferentialOptions = {}): SeparateOutcome {
  const { before, after, configSpec } = resolvePair(req);
  return { before, after, configSpec, result: costSeparately(before.built.system, after.built.system, opts) };
}

/**
 * The exhaustive result of one variant at a configuration, as the suite, `pagecheck mutants` and
 * the manifest see it: a patch that names the variant it replaces, and a mutant expected to be
 * caught as a `divergence`, are validated against that variant, so a divergence is a violation
 * of the result too; every other variant is checked.
 */
export function variantResult(model: ModelDef, variant: Variant, config: string, opts: ExploreOptions = {}): CheckResult {
  const differential = variant.expect === DIVERGENCE || (variant.kind === 'patch' && variant.baseline !== undefined);
  return differential
    ? validate({ model: model.name, before: variant.baseline ?? 'baseline', after: variant.name, config }, opts).result.exploration
    : check({ model: model.name, variant: variant.name, config }, opts).result;
}
