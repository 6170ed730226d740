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
}

/** The probability bound of PCT for n threads, k steps, depth d, over `runs` independent runs. */
export function pctGuarantee(threads: number, k: number, depth: number, runs: number): PctGuarantee {
  const perRun = 1 / (threads * Math.pow(k, depth - 1));
  // 1 - (1-p)^r without cancellation for tiny p.
  const campaign = -Math.expm1(runs * Math.log1p(-Math.min(perRun, 1 - Number.EPSILON)));
  return { threads, k, depth, perRun, campaign: perRun >= 1 ? 1 : campaign, runs };
}

/** The priorities of one PCT run. */
export class PctPriorities {
  private readonly prio: number[];
  private readonly changeAt: Map<number, number>;

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

  /** The thread that moves at `step` among the movable ones; applies a change point at that step. */
  pick(movable: readonly number[], step: number): number {
    let best = movable[0];
    for (const t of movable) if (this.prio[t] > this.prio[best]) best = t;
    const low = this.changeAt.get(step);
    if (low !== undefined) this.prio[best] = low;
    return best;
  }
}
