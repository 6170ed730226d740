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
 * - `swarm`: each run first draws a density q in 50..99 % and enables each operation with
 *   probability q (at least one), then schedules as `random` with new calls only of enabled
 *   operations; a run whose enabled part can no longer move continues with everything, so that it
 *   still drains to quiescence (SPIN's swarm, Groce et al. ISSTA 2012). Every CPU stays on: a
 *   race needs the CPUs it runs between, and fewer CPUs is what `--vary-config` draws. A drawn
 *   density, rather than 1/2 for every operation, keeps the runs that enable the three or four
 *   operations one bug needs at about 2/(k+1) for k operations, not 2^-k, while an operation is
 *   still left out of a quarter of the runs.
 */
import fc from 'fast-check';
import type { TransitionId } from '../engine/types.ts';
import { unreachable } from '../util/unreachable.ts';
import { PctPriorities } from './pct.ts';
import type { RunSteering } from './steer.ts';
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
  /** PCT: threads from highest to lowest priority, the change points, and the run's depth when swept. */
  readonly pct?: { readonly order: readonly number[]; readonly changePoints: readonly number[]; readonly depth?: number };
  /** Swarm: the density (percent, in {@link SWARM_DENSITY}) this run drew and the operations it enables. */
  readonly swarm?: { readonly density: number; readonly operations: readonly boolean[] };
}

/** Parameters of the plan arbitrary. */
export interface PlanShape {
  readonly strategy: FuzzStrategy;
  readonly threads: number;
  readonly operations: number;
  /** PCT depth d (d-1 change points); with {@link pctSweep}, the largest depth a run draws. */
  readonly pctDepth: number;
  /** PCT: each run draws its depth uniformly in 1..pctDepth (default: every run has pctDepth). */
  readonly pctSweep?: boolean;
  /** PCT step bound k the change points are drawn from. */
  readonly pctSteps: number;
}

const choice = () => fc.infiniteStream(fc.noBias(fc.nat()), { noHistory: true });
/** Swarm: the range of the density (percent) each run draws, every operation on with that probability. */
export const SWARM_DENSITY = { min: 50, max: 99 } as const;

/** A mask whose members are each on with probability q/100 (at least one on). */
const densityMask = (n: number, q: number) =>
  fc
    .array(fc.noBias(fc.integer({ min: 0, max: 99 })).map((x) => x < q), { minLength: n, maxLength: n })
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
      const order = fc.noBias(fc.shuffledSubarray(ids, { minLength: n, maxLength: n }));
      const changePoints = (m: number) => fc.noBias(fc.uniqueArray(fc.integer({ min: 1, max: shape.pctSteps }), { minLength: m, maxLength: m }));
      if (shape.pctSweep) {
        const pct = fc
          .noBias(fc.integer({ min: 1, max: shape.pctDepth }))
          .chain((depth) => fc.record({ order, changePoints: changePoints(Math.min(depth - 1, shape.pctSteps)), depth: fc.constant(depth) }));
        return fc.record({ ...base, pct });
      }
      return fc.record({
        ...base,
        pct: fc.record({
          order: fc.noBias(fc.shuffledSubarray(ids, { minLength: n, maxLength: n })),
          changePoints: fc.noBias(fc.uniqueArray(fc.integer({ min: 1, max: shape.pctSteps }), { minLength: points, maxLength: points })),
        }),
      });
    }
    case 'swarm':
      return fc.record({
        ...base,
        swarm: fc.noBias(fc.integer({ min: SWARM_DENSITY.min, max: SWARM_DENSITY.max })).chain((density) => fc.record({ density: fc.constant(density), operations: densityMask(shape.operations, density) })),
      });
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
  /** Steering (random, swarm): per thread, the first step it may be chosen again. */
  private readonly heldUntil: Int32Array;

  constructor(
    private readonly sys: Schedulable,
    private readonly plan: RunPlan,
    pctDepth: number,
    /** Coverage-guided steering (steer.ts), or none: the strategy as it is drawn. */
    private readonly steer: RunSteering | null = null,
  ) {
    this.schedule = plan.schedule[Symbol.iterator]();
    this.calls = plan.calls.map((c) => c[Symbol.iterator]());
    this.pct = plan.pct ? new PctPriorities(plan.pct.order, plan.pct.changePoints, plan.pct.depth ?? pctDepth) : null;
    this.byThread = sys.threads.map(() => []);
    this.heldUntil = new Int32Array(sys.threads.length);
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
      // A started call always runs on; a new call needs its operation enabled.
      // When nothing enabled can move, the run drains with everything, to reach quiescence.
      const on = enabled.filter((tr) => {
        const op = sys.operationOf(tr);
        return op < 0 || swarm.operations[op];
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
    const steer = this.steer;
    if (!steer) return this.callOf(this.pick(step), null);
    steer.beforeChoice();
    const prev = steer.previous;
    // The previous thread rests inside its operation and could move on: leaving it is a preemption.
    const inside = prev >= 0 && this.byThread[prev].length === 1 && sys.operationOf(this.byThread[prev][0]) < 0;
    if (this.pct && inside && this.movable.length > 1 && this.pct.peek(this.movable) === prev) {
      // PCT would run it on: a site seldom preempted so far is a change point of its own.
      if (steer.preempt(prev, this.byThread[prev][0], () => this.next(this.schedule))) this.pct.demote(prev);
    } else if (!this.pct && inside && this.movable.length > 1) {
      // Random and swarm: a thread resting at a site seldom held so far may be held there.
      const h = steer.holdFor(prev, this.byThread[prev][0], () => this.next(this.schedule));
      if (h > 0) this.heldUntil[prev] = step + h;
    }
    if (!this.pct) {
      // Held threads are left out while any other can move.
      const free = this.movable.filter((x) => this.heldUntil[x] <= step);
      if (free.length && free.length < this.movable.length) {
        this.movable.length = 0;
        this.movable.push(...free);
      }
    }
    const t = this.pick(step);
    const tr = this.callOf(t, steer);
    steer.moved(t, tr, inside);
    return tr;
  }

  private pick(step: number): number {
    return this.pct ? this.pct.pick(this.movable, step) : this.movable[this.next(this.schedule) % this.movable.length];
  }

  /** The transition thread `t` takes: its next step, or a call it starts. */
  private callOf(t: number, steer: RunSteering | null): TransitionId {
    const sys = this.sys;
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
    return steer ? steer.pickCall(withOp, this.next(calls)) : withOp[this.next(calls) % withOp.length];
  }
}
