/**
 * The random input of one run, drawn by fast-check, and how a strategy turns it into choices.
 *
 * A run is driven by a **schedule** (which thread moves at each step) and a **workload** per
 * thread (which operation, with which arguments, the thread calls each time it is idle and
 * scheduled). Both are infinite streams of numbers, consumed as the run goes, so that the run
 * length is the explicit `steps` setting and never fast-check's default size.
 *
 * - `random`: the moving thread is uniform among the threads that can move, the call uniform
 *   among the operations the thread can start, then among their argument tuples.
 * - `pct`: the moving thread is the highest-priority one (see pct.ts); calls as in `random`.
 * - `swarm`: each run first draws which threads and which operations are enabled (each with
 *   probability 1/2, at least one of each), then schedules as `random` within them; a run whose
 *   enabled part can no longer move continues with everything, so that it still drains to
 *   quiescence (SPIN's swarm, Groce et al. ISSTA 2012).
 */
import fc from 'fast-check';
import type { TransitionId } from '../engine/types.ts';
import { unreachable } from '../util/unreachable.ts';
import { PctPriorities } from './pct.ts';
import type { Schedulable } from './types.ts';

/** The exploration strategies of `pagecheck fuzz`. */
export const FUZZ_STRATEGIES = ['random', 'pct', 'swarm'] as const;
/** One of {@link FUZZ_STRATEGIES}. */
export type FuzzStrategy = (typeof FUZZ_STRATEGIES)[number];

/** The random input of one run. */
export interface RunPlan {
  /** Thread choices, one per step (random and swarm). */
  readonly schedule: fc.Stream<number>;
  /** Call choices, one stream per thread: two numbers per call (operation, then arguments). */
  readonly calls: readonly fc.Stream<number>[];
  /** PCT: threads from highest to lowest priority, and the change points. */
  readonly pct?: { readonly order: readonly number[]; readonly changePoints: readonly number[] };
  /** Swarm: the enabled threads and operations of this run. */
  readonly swarm?: { readonly threads: readonly boolean[]; readonly operations: readonly boolean[] };
}

/** Parameters of the plan arbitrary. */
export interface PlanShape {
  readonly strategy: FuzzStrategy;
  readonly threads: number;
  readonly operations: number;
  /** PCT depth d (d-1 change points). */
  readonly pctDepth: number;
  /** PCT step bound k the change points are drawn from. */
  readonly pctSteps: number;
}

const choice = () => fc.infiniteStream(fc.noBias(fc.nat()), { noHistory: true });
const mask = (n: number) =>
  fc
    .array(fc.noBias(fc.boolean()), { minLength: n, maxLength: n })
    .filter((m) => m.some(Boolean));

/** The fast-check arbitrary of one run's plan. */
export function planArbitrary(shape: PlanShape): fc.Arbitrary<RunPlan> {
  const n = shape.threads;
  const base = { schedule: choice(), calls: fc.array(choice(), { minLength: n, maxLength: n }) };
  switch (shape.strategy) {
    case 'random':
      return fc.record(base);
    case 'pct': {
      const points = Math.min(shape.pctDepth - 1, shape.pctSteps);
      const ids = Array.from({ length: n }, (_, i) => i);
      return fc.record({
        ...base,
        pct: fc.record({
          order: fc.noBias(fc.shuffledSubarray(ids, { minLength: n, maxLength: n })),
          changePoints: fc.noBias(fc.uniqueArray(fc.integer({ min: 1, max: shape.pctSteps }), { minLength: points, maxLength: points })),
        }),
      });
    }
    case 'swarm':
      return fc.record({ ...base, swarm: fc.record({ threads: mask(n), operations: mask(shape.operations) }) });
    default:
      return unreachable(shape.strategy);
  }
}

/**
 * Turns a plan into the choice of each step: which enabled transition the run takes. Stateful
 * (it consumes the plan's streams); one per run.
 */
export class Chooser {
  private readonly schedule: Iterator<number>;
  private readonly calls: Iterator<number>[];
  private readonly pct: PctPriorities | null;
  private readonly byThread: TransitionId[][];
  private readonly movable: number[] = [];

  constructor(
    private readonly sys: Schedulable,
    private readonly plan: RunPlan,
    pctDepth: number,
  ) {
    this.schedule = plan.schedule[Symbol.iterator]();
    this.calls = plan.calls.map((c) => c[Symbol.iterator]());
    this.pct = plan.pct ? new PctPriorities(plan.pct.order, plan.pct.changePoints, pctDepth) : null;
    this.byThread = sys.threads.map(() => []);
  }

  private next(it: Iterator<number>): number {
    return it.next().value as number;
  }

  /** The transition taken at `step` (1-based) among the enabled ones (non-empty). */
  choose(enabled: readonly TransitionId[], step: number): TransitionId {
    const sys = this.sys;
    const swarm = this.plan.swarm;
    let cands = enabled;
    if (swarm) {
      // A started call always runs on; a new call needs its thread and its operation enabled.
      // When nothing enabled can move, the run drains with everything, to reach quiescence.
      const on = enabled.filter((tr) => {
        const op = sys.operationOf(tr);
        return op < 0 || (swarm.threads[sys.threadOf(tr)] && swarm.operations[op]);
      });
      if (on.length) cands = on;
    }
    for (const l of this.byThread) l.length = 0;
    this.movable.length = 0;
    for (const tr of cands) {
      const t = sys.threadOf(tr);
      if (this.byThread[t].length === 0) this.movable.push(t);
      this.byThread[t].push(tr);
    }
    this.movable.sort((a, b) => a - b);
    const t = this.pct ? this.pct.pick(this.movable, step) : this.movable[this.next(this.schedule) % this.movable.length];
    const mine = this.byThread[t];
    // A thread inside an operation has exactly one transition: its next step.
    if (mine.length === 1) return mine[0];
    const ops: number[] = [];
    for (const tr of mine) {
      const op = sys.operationOf(tr);
      if (!ops.includes(op)) ops.push(op);
    }
    const calls = this.calls[t];
    const op = ops[this.next(calls) % ops.length];
    const withOp = mine.filter((tr) => sys.operationOf(tr) === op);
    return withOp[this.next(calls) % withOp.length];
  }
}
