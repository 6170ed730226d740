/**
 * The programmatic entry point of randomized exploration, as `check()` is for exhaustive search:
 * resolve a model, a variant and a configuration (the model's fuzz configuration by default),
 * build the system, run a campaign whose shrinker may move a failure to a smaller configuration,
 * and return the typed result. The CLI, the suite, the benchmark and the vitest helpers go through
 * here.
 */
import { resolve, type CheckRequest, type Resolved } from '../check.ts';
import { findModel, findVariant } from '../../models/registry.ts';
import { fuzz, type FuzzOptions, type FuzzResult } from './fuzz.ts';
import { configArbitrary, configSystems } from './resize.ts';
import type { Schedulable } from './types.ts';

/** A resolved fuzz request: `configSpec` is the configuration name or file actually used. */
export interface FuzzResolved extends Resolved {
  readonly configSpec: string;
}

/**
 * Resolves a request for fuzzing. Without a configuration it takes the variant's `fuzzConfig`,
 * else the model's `defaultFuzzConfig` (not the variant's `config`, which is sized for exhaustive
 * search).
 */
export function resolveForFuzz(req: CheckRequest): FuzzResolved {
  const model = findModel(req.model);
  const variant = findVariant(model, req.variant ?? 'baseline');
  const configSpec = req.config ?? variant.fuzzConfig ?? model.defaultFuzzConfig ?? variant.config ?? model.defaultConfig;
  // Randomized runs keep no visited states: clearing dead registers would only cost its set-up.
  return { ...resolve({ ...req, model: model.name, variant: variant.name, config: configSpec, reductions: { ...req.reductions, liveRegisters: false } }), configSpec };
}

/** A finished campaign: the resolved request and its result. */
export interface FuzzOutcome extends FuzzResolved {
  readonly result: FuzzResult;
}

/**
 * Resolves, builds and runs a campaign. With `vary`, each run draws its own configuration within
 * the limits of the resolved one. `wrap` may replace the built system (for example to add
 * invariants); it is applied to every other configuration's system as well.
 */
export function fuzzModel(req: CheckRequest, opts: FuzzOptions = {}, wrap: (s: Schedulable) => Schedulable = (s) => s, vary = false): FuzzOutcome {
  const r = resolveForFuzz(req);
  const systems = configSystems(r.model, r.variant, wrap);
  const target = {
    system: wrap(r.built.system),
    maxOrder: r.config.maxOrder,
    config: r.config,
    systems,
    ...(vary ? { vary: configArbitrary(r.config) } : {}),
  };
  return { ...r, result: fuzz(target, opts) };
}
