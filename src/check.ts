/**
 * The programmatic entry point: resolve a model, a variant and a configuration, build the
 * system, explore it, and return the typed result with what is needed to report and replay it.
 * The CLI, the verification suite and the tests all go through here.
 */
import type { Config, ConfigInput } from './config/schema.ts';
import { resolveConfig, type ConfigOverrides } from './config/load.ts';
import { explore, type ExploreOptions } from './engine/explore.ts';
import type { CheckResult } from './engine/types.ts';
import type { CoverageSummary } from './coverage/summary.ts';
import { MachineDefinitionError } from './machine/compile.ts';
import { UsageError } from './util/unreachable.ts';
import { MODELS, addUserVariant, findModel, findVariant, namedConfigs } from '../models/registry.ts';
import { isVariantPath, loadVariantFile } from './variant/load.ts';
import type { BuiltModel, ModelDef, Variant } from '../models/types.ts';
import type { Reductions } from '../models/mm/system.ts';
import { entryUrl } from './util/modules.ts';
import { overridesAgainst, type OverrideRef } from './variant/vacuity.ts';

/** What to check. */
export interface CheckRequest {
  readonly model: string;
  /** Variant name (default: the baseline). */
  readonly variant?: string;
  /** A built-in configuration name or a JSON file (default: the variant's, else the model's default). */
  readonly config?: string;
  readonly overrides?: ConfigOverrides;
  /** State-space reductions to enable (default: none, the full search). */
  readonly reductions?: Reductions;
  /** Named configurations brought by other variants (a validation pair shares its scenarios). */
  readonly scenarios?: Readonly<Record<string, ConfigInput>>;
  /**
   * The variant whose code the overrides are counted against (vacuity; default: the variant's
   * `baseline`, else the model's own code). A validation passes its before variant.
   */
  readonly comparedWith?: string;
}

/** A resolved request: the model, variant and configuration, and the built system. */
export interface Resolved {
  readonly model: ModelDef;
  readonly variant: Variant;
  readonly configName: string;
  readonly config: Config;
  readonly built: BuiltModel;
  /** Reductions actually enabled. */
  readonly reductions: readonly string[];
  /** The overrides counted for vacuity (against {@link CheckRequest.comparedWith}); empty for none. */
  readonly overrides: readonly OverrideRef[];
}

/** The variant with no overrides: the model's own code, what a variant without a baseline is compared with. */
const MODEL_CODE: Variant = { name: 'baseline', kind: 'baseline', description: "the model's own code" };

/**
 * Builds a variant at a configuration with its overrides counted against `comparedWith` (a
 * variant name; default its `baseline`, else the model's code): the one place a search's system
 * is built, here and in worker threads alike.
 */
export function buildVariant(model: ModelDef, config: Config, variant: Variant, comparedWith?: string): { built: BuiltModel; overrides: OverrideRef[] } {
  const refName = comparedWith ?? (variant.baseline !== variant.name ? variant.baseline : undefined);
  const ref = refName === undefined ? MODEL_CODE : findVariant(model, refName);
  const overrides = ref === variant ? [] : overridesAgainst(variant, ref, model.impl);
  const built = model.build(config, overrides.length ? { ...variant, comparedWith: ref } : variant);
  built.system.declareOverrides(overrides);
  return { built, overrides };
}

/**
 * Resolves and builds. Throws {@link UsageError} for bad names or configurations; a machine
 * definition that cannot run is reported as a UsageError too (it is the variant author's to fix).
 */
export function resolve(req: CheckRequest): Resolved {
  const model = findModel(req.model);
  const variant = findVariant(model, req.variant ?? 'baseline');
  const spec = req.config ?? variant.config ?? model.defaultConfig;
  const { name, config } = resolveConfig(spec, { ...namedConfigs(model), ...(req.scenarios ?? {}), ...(variant.configs ?? {}) }, req.overrides);
  try {
    const { built, overrides } = buildVariant(model, config, variant, req.comparedWith);
    const reductions = built.system.reduce(req.reductions ?? {});
    return { model, variant, configName: name, config, built, reductions, overrides };
  } catch (e) {
    if (e instanceof MachineDefinitionError) throw new UsageError(`variant ${variant.name} of ${model.name}: ${e.message}`);
    throw namingConfig(e, `'${name}'`);
  }
}

/**
 * A model's own refusal of a configuration (a rule the schema cannot state, a packed field it does
 * not fit) with the configuration named, as the reader names it (a file by its path): the model
 * sees only the fields.
 */
export function namingConfig(e: unknown, name: string): unknown {
  if (!(e instanceof UsageError)) return e;
  const m = /^(invalid configuration|the configuration)(:| does not fit)/.exec(e.message);
  if (!m) return e;
  return new UsageError(`${m[1]} ${name}${e.message.slice(m[1].length)}`);
}

/** A finished check: the resolved request and the explorer's result. */
export interface CheckOutcome extends Resolved {
  readonly result: CheckResult;
}

/** Resolves, builds and explores exhaustively. */
export function check(req: CheckRequest, opts: ExploreOptions = {}): CheckOutcome {
  const r = resolve(req);
  return { ...r, result: explore(r.built.system, opts) };
}

/** {@link check} with coverage counted: what the search exercised, as `check --coverage` reports it. */
export function checkWithCoverage(req: CheckRequest, opts: ExploreOptions = {}): CheckOutcome & { readonly coverage: CoverageSummary } {
  const r = resolve(req);
  const recorder = r.built.system.collectCoverage(true)!;
  try {
    const result = explore(r.built.system, opts);
    return { ...r, result, coverage: recorder.summary() };
  } finally {
    r.built.system.collectCoverage(false);
  }
}

/** What a worker thread needs to rebuild a resolved system (see src/engine/parallel.ts). */
export interface SystemSpec {
  readonly model: string;
  readonly variant: string;
  /** The file the variant was loaded from, when it is not built in. */
  readonly variantFile?: string;
  readonly config: Config;
  readonly reductions?: Reductions;
  /** See {@link CheckRequest.comparedWith}. */
  readonly comparedWith?: string;
}

/** Builds the system of a spec (the factory export used by parallel search workers). */
export async function systemFromSpec(spec: SystemSpec): Promise<import('./engine/types.ts').System> {
  // The main thread has loaded and type-checked the file already.
  if (spec.variantFile) await loadVariantArg(spec.variantFile, spec.model, { typecheck: false });
  const model = findModel(spec.model);
  const sys = buildVariant(model, spec.config, findVariant(model, spec.variant), spec.comparedWith).built.system;
  sys.reduce(spec.reductions ?? {});
  return sys;
}

/** The worker factory of a resolved request. */
export function factoryOf(r: Resolved): import('./engine/parallel.ts').SystemFactory {
  return {
    module: entryUrl('src/check.ts').href,
    exportName: 'systemFromSpec',
    args: {
      model: r.model.name,
      variant: r.variant.name,
      variantFile: r.variant.file,
      config: r.config,
      // Every worker learns the same dead registers (seeded runs), so their states agree.
      reductions: { symmetry: r.reductions.includes('symmetry'), liveRegisters: r.reductions.includes('live-registers') },
    } satisfies SystemSpec,
  };
}

/**
 * Loads a `--variant` argument that names a file and registers the variant, returning the model
 * and variant names to check; a built-in variant name is returned unchanged.
 */
export async function loadVariantArg(arg: string, model?: string, opts: { readonly typecheck?: boolean } = {}): Promise<{ model: string | undefined; variant: string }> {
  if (!isVariantPath(arg)) return { model, variant: arg };
  const loaded = await loadVariantFile(arg, MODELS, model, opts);
  addUserVariant(loaded.model, loaded.variant);
  return { model: loaded.model.name, variant: loaded.variant.name };
}
