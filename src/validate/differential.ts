/**
 * The differential check: explore the after variant exhaustively under every property and, in
 * every distinct state reached, start each enabled operation and run it to completion in
 * isolation (no other thread moves) on both variants; the two runs must end the same way and
 * leave the same observation. The cost counters are read around each isolated run, so they never
 * enter the explored state.
 *
 * Isolated runs are memoised on the shared part of the state (see
 * {@link IsolatableSystem.isolationKey}): states that differ only in where other threads stand
 * give the same run, which is compared (and costed) once.
 */
import { explore, uncounted, type ExploreOptions } from '../engine/explore.ts';
import { fingerprint } from '../engine/store.ts';
import type { CheckResult, Finding, TraceStep, TransitionId } from '../engine/types.ts';
import {
  DIVERGENCE,
  type DifferentialResult,
  type Divergence,
  type FieldDifference,
  type IsolatableSystem,
  type IsolatedRun,
  type OperationCost,
  type RunOutcome,
  type RunStep,
  type SeparateCost,
  type SeparateResult,
  AT_END,
} from './types.ts';
import { completeRunCosts } from './runs.ts';

/** Options of a differential check. */
export interface DifferentialOptions extends ExploreOptions {
  /**
   * Steps after which an isolated operation counts as not returning (default 10,000). A run that
   * does not return is an outcome like any other: the two variants agree only if both hang.
   */
  readonly maxIsolatedSteps?: number;
}

/** Default of {@link DifferentialOptions.maxIsolatedSteps}. */
export const DEFAULT_MAX_ISOLATED_STEPS = 10_000;

/**
 * Runs the operation started by `tr` in `s` with only its thread moving, until it returns, raises
 * a finding, blocks, or exceeds `maxSteps`. With `record`, every step is kept for a report.
 */
export function runIsolated(sys: IsolatableSystem, s: Uint16Array, tr: TransitionId, maxSteps: number, record: boolean): IsolatedRun {
  sys.resetCost();
  const t = sys.threadOf(tr);
  const steps: RunStep[] = [];
  let cur = s;
  let r = sys.apply(s, tr);
  const done = (outcome: RunOutcome): IsolatedRun => ({ outcome, steps, final: cur, cost: sys.readCost() });
  if (!r) return done({ kind: 'not-enabled' });
  for (let n = 1; ; n++) {
    if (record) steps.push({ key: sys.transitionKey(n === 1 ? tr : sys.stepTransition(t)), info: r.info, state: r.next });
    cur = r.next;
    if (r.finding) return done({ kind: 'finding', finding: r.finding });
    if (sys.threadIdle(cur, t)) return done({ kind: 'returned', observation: sys.observe(cur) });
    if (n >= maxSteps) return done({ kind: 'no-return', steps: n });
    r = sys.apply(cur, sys.stepTransition(t));
    if (!r) return done({ kind: 'blocked', at: sys.describeWait(cur, t) });
  }
}

function sameWords(a: Uint16Array, b: Uint16Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two outcomes are the same for a caller (no differences); the differences otherwise. */
export function compareOutcomes(sys: IsolatableSystem, before: RunOutcome, after: RunOutcome): FieldDifference[] {
  const ended = (): FieldDifference[] => [{ field: 'how the operation ended', before: outcomeText(before), after: outcomeText(after) }];
  if (before.kind !== after.kind) return ended();
  switch (after.kind) {
    case 'returned': {
      const b = (before as Extract<RunOutcome, { kind: 'returned' }>).observation;
      return sameWords(b, after.observation) ? [] : sys.describeDifference(b, after.observation);
    }
    case 'finding': {
      const b = (before as Extract<RunOutcome, { kind: 'finding' }>).finding;
      return b.code === after.finding.code ? [] : ended();
    }
    case 'blocked':
    case 'no-return':
    case 'not-enabled':
      return [];
  }
}

/** One line describing an outcome. */
export function outcomeText(o: RunOutcome): string {
  switch (o.kind) {
    case 'returned':
      return 'returned';
    case 'finding':
      return `${o.finding.code} finding: ${o.finding.message}`;
    case 'blocked':
      return `blocked at ${o.at}`;
    case 'no-return':
      return `did not return within ${o.steps} steps`;
    case 'not-enabled':
      return 'operation not enabled';
  }
}

interface Totals {
  runs: number;
  before: number[];
  after: number[];
}

class CostTable {
  private readonly rows = new Map<string, { all: Totals; differing: Totals }>();
  constructor(private readonly n: number) {}
  private totals(): Totals {
    return { runs: 0, before: new Array<number>(this.n).fill(0), after: new Array<number>(this.n).fill(0) };
  }
  private static add(t: Totals, before: readonly number[], after: readonly number[]): void {
    t.runs++;
    for (let i = 0; i < before.length; i++) {
      t.before[i] += before[i];
      t.after[i] += after[i];
    }
  }
  add(op: string, before: readonly number[], after: readonly number[]): void {
    let row = this.rows.get(op);
    if (!row) this.rows.set(op, (row = { all: this.totals(), differing: this.totals() }));
    CostTable.add(row.all, before, after);
    if (before.some((v, i) => v !== after[i])) CostTable.add(row.differing, before, after);
  }
  list(): OperationCost[] {
    return [...this.rows.entries()].map(([operation, r]) => ({ operation, ...r.all, differing: r.differing }));
  }
}

/**
 * Explores `after` and compares every enabled operation, in every distinct state, with `before`.
 * Both systems must come from one model at one configuration (same layout and transitions).
 */
export function differential(before: IsolatableSystem, after: IsolatableSystem, opts: DifferentialOptions = {}): DifferentialResult {
  const maxSteps = opts.maxIsolatedSteps ?? DEFAULT_MAX_ISOLATED_STEPS;
  const counters = after.costCounters;
  const cost = new CostTable(counters.length);
  const seen = new Set<string>();
  const fp = new Uint32Array(2);
  let divergence: Divergence | null = null;
  let comparisons = 0;

  // The isolated runs of each state are not transitions of the exploration: not counted.
  const visit = (scratch: Uint16Array): Finding | null => uncounted(after, () => compareAt(scratch));
  const compareAt = (scratch: Uint16Array): Finding | null => {
    // The explorer's buffer is the system's successor scratch: copy it before asking the system anything.
    const s = scratch.slice();
    const starts = after.startTransitions(s);
    if (!starts.length) return null;
    fingerprint(after.isolationKey(s), fp);
    for (const tr of starts) {
      const key = `${fp[0]}:${fp[1]}:${tr}`;
      if (seen.has(key)) continue;
      seen.add(key);
      comparisons++;
      const a = runIsolated(after, s, tr, maxSteps, false);
      // A system compared with itself runs each operation once.
      const b = before === after ? a : runIsolated(before, s, tr, maxSteps, false);
      const op = after.operationName(tr);
      cost.add(op, b.cost, a.cost);
      const differences = compareOutcomes(after, b.outcome, a.outcome);
      if (differences.length) {
        // Run both again, recording their steps for the report.
        const from = s;
        divergence = {
          start: after.transitionKey(tr),
          operation: op,
          from,
          before: runIsolated(before, from, tr, maxSteps, true),
          after: runIsolated(after, from, tr, maxSteps, true),
          differences,
        };
        const d0 = differences[0];
        return {
          code: DIVERGENCE,
          message: `${after.transitionKey(tr)}, run alone from this state, ends differently in the two variants: ${d0.field} is ${d0.before} before, ${d0.after} after`,
          hint: 'The after variant is not equivalent to the before variant for this caller: compare the two isolated runs below.',
        };
      }
    }
    return null;
  };

  const recorder = after.collectCoverage?.(true) ?? null;
  const explored = explore(after, { ...opts, visit });
  const coverage = recorder?.summary();
  after.collectCoverage?.(false);
  const exploration = divergence ? withRun(explored, divergence) : explored;
  return {
    ...(coverage ? { coverage } : {}),
    exploration,
    divergence,
    equivalent: exploration.status === 'ok',
    comparisons,
    counters,
    cost: cost.list(),
  };
}

/** Extends a divergence's counterexample with the after variant's isolated run. */
function withRun(r: CheckResult, d: Divergence): CheckResult {
  if (r.status !== 'violation') return r;
  const trace: TraceStep[] = [...r.trace];
  for (const st of d.after.steps) trace.push({ index: trace.length + 1, key: st.key, info: st.info, state: st.state });
  return { ...r, trace };
}

/**
 * Costs `before` and `after` each over its own reachable states (see {@link SeparateResult}):
 * each is explored under every property and, in every distinct state, each enabled operation is
 * run alone on it, as {@link differential} does for the variant it explores; then each one's
 * complete runs are costed (./runs.ts), the pagesets drained at the end.
 */
export function costSeparately(before: IsolatableSystem, after: IsolatableSystem, opts: DifferentialOptions = {}): SeparateResult {
  const b = differential(before, before, opts);
  const a = differential(after, after, opts);
  const rows = new Map<string, SeparateCost>();
  const n = after.costCounters.length;
  const row = (op: string): SeparateCost => rows.get(op) ?? { operation: op, beforeRuns: 0, afterRuns: 0, before: new Array<number>(n).fill(0), after: new Array<number>(n).fill(0) };
  for (const c of a.cost) rows.set(c.operation, { ...row(c.operation), afterRuns: c.runs, after: c.after });
  for (const c of b.cost) rows.set(c.operation, { ...row(c.operation), beforeRuns: c.runs, before: c.before });
  // Complete runs are costed only over a complete exploration that found nothing.
  const runs = (sys: IsolatableSystem, e: DifferentialResult) =>
    e.exploration.status === 'ok' ? completeRunCosts(sys, sys.operations, AT_END) : ({ status: 'not-run', message: `the exploration ended with ${e.exploration.status}` } as const);
  return { before: b.exploration, after: a.exploration, counters: after.costCounters, cost: [...rows.values()], runs: { before: runs(before, b), after: runs(after, a) } };
}
