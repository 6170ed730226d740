/**
 * The suite's fuzz budget: every model's configurations too large for exhaustive search, explored
 * by a fixed campaign (fixed seed, fixed runs: the verdict is the same on every machine). The
 * baseline must show no failure; each mutant must be caught by the property it targets.
 */
import type { FuzzResult } from '../fuzz/fuzz.ts';
import { fuzzModel } from '../fuzz/model.ts';
import type { FuzzStrategy } from '../fuzz/strategy.ts';
import { unreachable } from '../util/unreachable.ts';
import { fuzzOutcome, fuzzStatus } from '../report/fuzz.ts';
import { num } from '../report/text.ts';
import type { Status } from '../report/vocabulary.ts';
import { DIVERGENCE } from '../validate/types.ts';
import type { ModelDef, Variant } from '../../models/types.ts';

/**
 * The suite's campaign: seed, strategy, runs for baselines and for patches (which `validate` and
 * the exhaustive rows check too), runs for mutants (their campaigns stop at the first failure),
 * and a bound on shrinking each failure, in steps its candidates execute rather than seconds, so
 * that a row shrinks to the same counterexample on every machine and under any load (reported
 * in the row when it stops shrinking; `pagecheck fuzz` shrinks for 30 s).
 */
export const SUITE_FUZZ = { seed: 1, strategy: 'random' as FuzzStrategy, baselineRuns: 20, patchRuns: 10, mutantRuns: 200, shrinkSteps: 50_000 } as const;

/** One fuzzed variant. */
export interface FuzzRow {
  readonly model: string;
  readonly variant: string;
  readonly kind: Variant['kind'];
  readonly config: string;
  readonly expect?: string;
  readonly result: FuzzResult;
  /** Property code (or `deadlock`) of the failure, if any. */
  readonly caughtBy?: string;
  readonly pass: boolean;
  readonly verdict: string;
}

/** The runs of a variant's campaign in the suite. */
export function fuzzRuns(variant: Variant): number {
  return variant.kind === 'mutant' ? SUITE_FUZZ.mutantRuns : variant.kind === 'baseline' ? SUITE_FUZZ.baselineRuns : SUITE_FUZZ.patchRuns;
}

/** Fuzzes one variant at a fuzz configuration of its model. */
export function fuzzRow(model: ModelDef, variant: Variant, config: string): FuzzRow {
  const mutant = variant.kind === 'mutant';
  const { result } = fuzzModel(
    { model: model.name, variant: variant.name, config },
    { seed: SUITE_FUZZ.seed, strategy: SUITE_FUZZ.strategy, runs: fuzzRuns(variant), shrinkSteps: SUITE_FUZZ.shrinkSteps },
  );
  const expect = variant.fuzzExpect ?? variant.expect;
  const base = { model: model.name, variant: variant.name, kind: variant.kind, config, expect, result };
  switch (result.status) {
    case 'error':
      return { ...base, pass: false, verdict: `ERROR: ${result.message}` };
    case 'bound':
      return { ...base, pass: false, verdict: `BOUND (${result.bound})` };
    case 'ok':
      return mutant
        ? { ...base, pass: false, verdict: `MISSED in ${result.stats.runs} runs` }
        : { ...base, pass: true, verdict: `no failure in ${result.stats.runs} runs` };
    case 'failure': {
      const f = result.failure;
      const caughtBy = f.failure.kind === 'violation' ? f.failure.finding.code : 'deadlock';
      const bounded = !f.shrink || f.shrink.complete ? '' : f.shrink.stoppedBy === 'steps' ? ` (shrinking stopped at its bound of ${num(SUITE_FUZZ.shrinkSteps)} steps)` : ` (shrinking stopped at its ${f.shrink.timeLimitSeconds} s time limit)`;
      const shrunk = `${f.original.length}→${f.shrunk.length} steps${bounded}`;
      if (!mutant) return { ...base, caughtBy, pass: false, verdict: `${caughtBy === 'deadlock' ? 'DEADLOCK' : `VIOLATION ${caughtBy}`} in run ${f.run} (${shrunk})` };
      const asExpected = caughtBy === expect;
      return { ...base, caughtBy, pass: asExpected, verdict: `caught ${caughtBy} in run ${f.run}, shrunk ${shrunk}${asExpected ? '' : ` (expected ${expect})`}` };
    }
    default:
      return unreachable(result);
  }
}

/** The suite's fuzz checks, in order: each model's baseline at every fuzz configuration, each patch and mutant at its own (`fuzzConfig`) or the default one. */
export function suiteFuzzChecks(models: readonly ModelDef[]): { readonly model: ModelDef; readonly variant: Variant; readonly config: string }[] {
  const out: { model: ModelDef; variant: Variant; config: string }[] = [];
  for (const m of models) {
    const names = Object.keys(m.fuzzConfigs ?? {});
    if (!names.length) continue;
    const dflt = m.defaultFuzzConfig ?? names[0];
    // A divergence is found by `validate`, not by a property: no fuzz campaign can catch one.
    // Candidates are readings checked exhaustively at the configurations their questions need.
    for (const v of m.variants.filter((x) => x.expect !== DIVERGENCE && x.kind !== 'candidate'))
      for (const c of v.kind === 'baseline' ? names : [v.fuzzConfig ?? dflt]) out.push({ model: m, variant: v, config: c });
  }
  return out;
}

/** The suite's fuzz rows (see {@link suiteFuzzChecks}). */
export function suiteFuzzRows(models: readonly ModelDef[], onRow?: (r: FuzzRow) => void): FuzzRow[] {
  return suiteFuzzChecks(models).map(({ model, variant, config }) => {
    const r = fuzzRow(model, variant, config);
    onRow?.(r);
    return r;
  });
}

/** The shared status of a fuzz row as one test point (as `rowStatus` of ./runs.ts for exhaustive rows). */
export function fuzzRowStatus(r: FuzzRow): Status {
  if (r.pass) return 'ok';
  const s = fuzzStatus(r.result);
  return s === 'incomplete' || s === 'error' ? s : 'fail';
}

/** One fuzz row of `suite --json`: the fields of an exhaustive row where they mean the same, and the campaign's `stats`. */
export interface FuzzRowJson {
  readonly model: string;
  readonly variant: string;
  readonly kind: Variant['kind'];
  readonly config: string;
  readonly expect: string | null;
  readonly status: Status;
  readonly outcome: ReturnType<typeof fuzzOutcome>;
  readonly caught: boolean;
  readonly property: string | null;
  readonly steps: number | null;
  readonly strategy: FuzzStrategy;
  readonly seed: number;
  readonly stats: { readonly runs: number; readonly steps: number; readonly seconds: number };
  /** The campaign's seconds and its shrinking's. */
  readonly seconds: number;
  readonly verdict: string;
}

/** A fuzz row as JSON (see {@link FuzzRowJson}). */
export function fuzzRowJson(r: FuzzRow): FuzzRowJson {
  const f = r.result.status === 'failure' ? r.result.failure : undefined;
  return {
    model: r.model,
    variant: r.variant,
    kind: r.kind,
    config: r.config,
    expect: r.expect ?? null,
    status: fuzzRowStatus(r),
    outcome: fuzzOutcome(r.result),
    caught: f !== undefined,
    property: r.caughtBy ?? null,
    steps: f ? f.shrunk.length : null,
    strategy: r.result.settings.strategy,
    seed: r.result.settings.seed,
    stats: { runs: r.result.stats.runs, steps: r.result.stats.steps, seconds: Number(r.result.stats.seconds.toFixed(3)) },
    seconds: Number((r.result.stats.seconds + (f?.shrink?.seconds ?? 0)).toFixed(3)),
    verdict: r.verdict,
  };
}
