/**
 * What `pagecheck report --model M` states about a model without a findings report, and what
 * `pagecheck report --model M --before V --after V|FILE` states in reply to a patch posting: every
 * verdict computed now, by the checks the suite and `pagecheck validate` run. Formatting is in
 * src/report/model-report.ts.
 */
import { findModel, findVariant } from '../models/registry.ts';
import type { ModelDef, Variant } from '../models/types.ts';
import { runRow, type Row } from './cli/runs.ts';
import { witnessesFor } from './cli/commands/check.ts';
import { validate, type ValidateOutcome } from './validate/validate.ts';
import { validateStatus } from './report/validate.ts';
import type { WitnessReport } from './variant/witness.ts';
import { UsageError } from './util/unreachable.ts';

/** One validation of a pair at one configuration, with where a vacuous change does run. */
export interface PairValidation {
  readonly config: string;
  readonly outcome: ValidateOutcome;
  /** For a vacuous verdict: the model's other configurations where the change runs and differs. */
  readonly witness?: WitnessReport;
}

/** A model's report: the baseline at every configuration, its mistakes caught, its patch pairs validated. */
export interface ModelReport {
  readonly model: ModelDef;
  /** The baseline at every configuration. */
  readonly baseline: readonly Row[];
  /** Every built-in mutant at its configuration. */
  readonly mutants: readonly Row[];
  /** The built-in patches that name the variant they replace, each validated at its configuration. */
  readonly pairs: readonly { readonly before: Variant; readonly after: Variant; readonly validation: PairValidation }[];
}

/** The reply to a patch: the pair validated at each configuration asked for. */
export interface PatchReport {
  readonly model: ModelDef;
  readonly before: Variant;
  readonly after: Variant;
  /** How a command line names each variant: its file's path for a variant file, else its name. */
  readonly beforeArg: string;
  readonly afterArg: string;
  readonly validations: readonly PairValidation[];
}

/** Validates `after` against `before` at `config`, finding the witnesses of a vacuous verdict. */
function validatePair(model: ModelDef, before: Variant, after: Variant, config: string): PairValidation {
  const outcome = validate({ model: model.name, before: before.name, after: after.name, config });
  const cov = outcome.result.coverage;
  const witness = validateStatus(outcome.result) === 'vacuous' && cov ? witnessesFor(outcome.after, cov, before.name) : undefined;
  return { config, outcome, ...(witness ? { witness } : {}) };
}

/** The report of a model (every built-in check of it, computed now). */
export function modelReport(name: string): ModelReport {
  const model = findModel(name);
  const baselineVariant = findVariant(model, 'baseline');
  const baseline = Object.keys(model.configs).map((c) => runRow(model, baselineVariant, c));
  const mutants = model.variants.filter((v) => v.kind === 'mutant').map((v) => runRow(model, v));
  const pairs = model.variants
    .filter((v) => v.kind === 'patch' && v.baseline !== undefined)
    .map((after) => {
      const before = findVariant(model, after.baseline!);
      return { before, after, validation: validatePair(model, before, after, after.config ?? model.defaultConfig) };
    });
  return { model, baseline, mutants, pairs };
}

/** How a command line names a variant. */
export function variantName(v: Variant): string {
  return v.file ? (v.source ?? v.file) : v.name;
}

/**
 * The reply to a patch: `after` validated against `before` at each of `configs` (`all`: every
 * configuration of the model; none given: the after variant's own, else the model's default).
 */
export function patchReport(modelName: string, beforeName: string, afterName: string, configs: readonly string[] = []): PatchReport {
  const model = findModel(modelName);
  const before = findVariant(model, beforeName);
  const after = findVariant(model, afterName);
  const own = after.config ?? before.config ?? model.defaultConfig;
  const names = configs.includes('all') ? Object.keys(model.configs) : configs.length ? [...configs] : [own];
  for (const c of names)
    if (!(c in model.configs) && !(c in (after.configs ?? {})))
      throw new UsageError(`--config ${c}: not a configuration of ${model.name} (report takes configuration names: ${Object.keys(model.configs).join(', ')}, or all)`);
  return { model, before, after, beforeArg: variantName(before), afterArg: variantName(after), validations: names.map((c) => validatePair(model, before, after, c)) };
}
