/**
 * Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010).
 *
 * Each run gives the n threads distinct random priorities d, d+1, ..., d+n-1 and picks d-1
 * priority-change points among the first k steps. At every step the enabled thread with the
 * highest priority moves; at the i-th change point the thread that moves drops to priority d-i,
 * below every initial priority. A bug of depth d (d ordering constraints between steps) is then
 * found by one run with probability at least 1/(n·k^(d-1)), whatever the program.
 */

/** The guarantee of one PCT run: a lower bound on the probability to hit a depth-d bug. */
export interface PctGuarantee {
  readonly threads: number;
  /** The step bound the change points are drawn from. */
  readonly k: number;
  readonly depth: number;
  /** 1/(n·k^(d-1)). */
  readonly perRun: number;
  /** 1 - (1 - perRun)^runs: the bound for the whole campaign. */
  readonly campaign: number;
  readonly runs: number;
  /** When each run draws its depth in 1..max (see {@link pctDefaultDepth}): the bound is for a run that draws `depth`, 1/max of them. */
  readonly sweep?: { readonly max: number };
}

/**
 * The probability bound of PCT for n threads, k steps, depth d, over `runs` independent runs; with
 * `sweepMax`, for runs that each draw their depth uniformly in 1..sweepMax (so 1/sweepMax of
 * them run at depth d).
 */
export function pctGuarantee(threads: number, k: number, depth: number, runs: number, sweepMax?: number): PctGuarantee {
  const perRun = 1 / (threads * Math.pow(k, depth - 1) * (sweepMax ?? 1));
  // 1 - (1-p)^r without cancellation for tiny p.
  const campaign = -Math.expm1(runs * Math.log1p(-Math.min(perRun, 1 - Number.EPSILON)));
  return { threads, k, depth, perRun, campaign: perRun >= 1 ? 1 : campaign, runs, ...(sweepMax !== undefined ? { sweep: { max: sweepMax } } : {}) };
}

/**
 * The largest depth a campaign sweeps when none is given, from the system: twice its threads
 * (a race among all of them stops each one inside a window and resumes it: two ordering
 * constraints per thread), at least 3 (the classic default) and at most 20.
 */
export function pctDefaultDepth(threads: number): number {
  return Math.min(20, Math.max(3, 2 * threads));
}

/** The bug depth a swept campaign's guarantee is stated for (the classic default). */
export const PCT_STATED_DEPTH = 3;

/** The priorities of one PCT run. */
export class PctPriorities {
  private readonly prio: number[];
  private readonly changeAt: Map<number, number>;
  /** The priority of the next steered demotion: below every drawn change point's, then lower. */
  private floor = 0;

  /**
   * @param order the threads from highest to lowest initial priority (a permutation of 0..n-1)
   * @param changePoints distinct steps (1-based) at which the moving thread drops, in draw order
   */
  constructor(order: readonly number[], changePoints: readonly number[], depth: number) {
    const n = order.length;
    this.prio = new Array<number>(n);
    order.forEach((t, rank) => (this.prio[t] = depth + n - 1 - rank));
    this.changeAt = new Map(changePoints.map((step, i) => [step, depth - 1 - i]));
  }

  /** The highest-priority thread among the movable ones, changing nothing. */
  peek(movable: readonly number[]): number {
    let best = movable[0];
    for (const t of movable) if (this.prio[t] > this.prio[best]) best = t;
    return best;
  }

  /**
   * A change point that coverage steering adds (src/fuzz/steer.ts): thread `t` drops below
   * every priority given so far, as at a drawn change point, but not counted among the d-1.
   */
  demote(t: number): void {
    this.prio[t] = this.floor--;
  }

  /** The thread that moves at `step` among the movable ones; applies a change point at that step. */
  pick(movable: readonly number[], step: number): number {
    const best = this.peek(movable);
    const low = this.changeAt.get(step);
    if (low !== undefined) this.prio[best] = low;
    return best;
  }
}
