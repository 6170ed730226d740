/**
 * Running variants for the suite and the mutant report: one exhaustive check per row, and the
 * verdict a reader expects (baselines and patches must hold; mutants must be caught, by the
 * property they were written against).
 */
import { variantResult } from '../validate/validate.ts';
import { checkWithCoverage } from '../check.ts';
import type { CoverageSummary } from '../coverage/summary.ts';
import type { ExploreOptions } from '../engine/explore.ts';
import type { CheckResult } from '../engine/types.ts';
import type { ModelDef, Variant } from '../../models/types.ts';
import { unreachable } from '../util/unreachable.ts';
import { checkOutcome, type CheckOutcome, type Status } from '../report/vocabulary.ts';

/** One checked variant. */
export interface Row {
  readonly model: string;
  readonly variant: string;
  readonly kind: Variant['kind'];
  readonly config: string;
  readonly expect?: string;
  readonly result: CheckResult;
  /** Property code (or `deadlock`) that fired, if any. */
  readonly caughtBy?: string;
  /** Steps of the counterexample, if any. */
  readonly steps?: number;
  /** For mutants: a violation or deadlock was found. */
  readonly caught: boolean;
  /** True when the row is as it should be (baseline holds; mutant caught by its property; candidate as recorded). */
  readonly pass: boolean;
  readonly verdict: string;
  /** What the search exercised: counted for a baseline when asked ({@link RowOptions.coverage}). */
  readonly coverage?: CoverageSummary;
}

/** What a row counts besides its verdict. */
export interface RowOptions {
  /** Count a baseline's coverage (the suite unites them per model, src/coverage/model.ts). Other kinds count none. */
  readonly coverage?: boolean;
}

/** Checks one variant at a configuration (default: the variant's, else the model's); see {@link variantResult}. */
export function runRow(model: ModelDef, variant: Variant, config?: string, opts: ExploreOptions = {}, row: RowOptions = {}): Row {
  const cfg = config ?? variant.config ?? model.defaultConfig;
  const covered = row.coverage && variant.kind === 'baseline' ? checkWithCoverage({ model: model.name, variant: variant.name, config: cfg }, opts) : null;
  const result = covered?.result ?? variantResult(model, variant, cfg, opts);
  const coverage = covered?.coverage;
  let caughtBy: string | undefined;
  let steps: number | undefined;
  switch (result.status) {
    case 'violation':
      caughtBy = result.finding.code;
      steps = result.trace.length;
      break;
    case 'deadlock':
      caughtBy = 'deadlock';
      steps = result.trace.length;
      break;
    case 'ok':
    case 'bound':
    case 'error':
      break;
    default:
      unreachable(result);
  }
  const caught = caughtBy !== undefined;
  const base = { model: model.name, variant: variant.name, kind: variant.kind, config: cfg, expect: variant.expect, result, caughtBy, steps, caught, ...(coverage ? { coverage } : {}) };
  if (result.status === 'error') return { ...base, pass: false, verdict: `ERROR: ${result.message}` };
  if (result.status === 'bound') return { ...base, pass: false, verdict: `BOUND (${result.bound}): incomplete` };
  if (variant.kind === 'mutant') {
    if (!caught) return { ...base, pass: false, verdict: 'MISSED' };
    const asExpected = caughtBy === variant.expect;
    return { ...base, pass: asExpected, verdict: `caught ${caughtBy} at step ${steps}${asExpected ? '' : ` (expected ${variant.expect})`}` };
  }
  if (variant.kind === 'candidate') {
    // A reading of an open question: the row passes when the verdict is the one recorded.
    const got = caughtBy ?? 'ok';
    const asRecorded = got === (variant.expect ?? 'ok');
    const verdict = caught ? `${caughtBy === 'deadlock' ? 'deadlocks' : `violates ${caughtBy}`} at step ${steps}` : 'holds';
    return { ...base, pass: asRecorded, verdict: asRecorded ? verdict : `${verdict} (recorded: ${variant.expect ?? 'ok'})` };
  }
  if (caught) return { ...base, pass: false, verdict: `${caughtBy === 'deadlock' ? 'DEADLOCK' : `VIOLATION ${caughtBy}`} at step ${steps}` };
  return { ...base, pass: true, verdict: 'ok' };
}

/**
 * The shared status of a row seen as one test point: `ok` when it is as it should be (a baseline
 * holds, a mutant is caught by its property, a candidate as recorded), `incomplete` at a bound,
 * `error` on a harness error, `fail` otherwise.
 */
export function rowStatus(r: Pick<Row, 'pass' | 'result'>): Status {
  if (r.pass) return 'ok';
  if (r.result.status === 'bound') return 'incomplete';
  if (r.result.status === 'error') return 'error';
  return 'fail';
}

/** One row of `suite --json` and `mutants --json`. */
export interface RowJson {
  readonly model: string;
  readonly variant: string;
  readonly kind: Variant['kind'];
  readonly config: string;
  readonly expect: string | null;
  readonly status: Status;
  readonly outcome: CheckOutcome;
  readonly caught: boolean;
  readonly property: string | null;
  readonly steps: number | null;
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly seconds: number;
  readonly verdict: string;
}

/** A row as JSON: the same field names in every command that prints rows. */
export function rowJson(r: Row): RowJson {
  return {
    model: r.model,
    variant: r.variant,
    kind: r.kind,
    config: r.config,
    expect: r.expect ?? null,
    status: rowStatus(r),
    outcome: checkOutcome(r.result),
    caught: r.caught,
    property: r.caughtBy ?? null,
    steps: r.steps ?? null,
    states: r.result.states,
    transitions: r.result.transitions,
    depth: r.result.depth,
    seconds: Number(r.result.seconds.toFixed(3)),
    verdict: r.verdict,
  };
}
