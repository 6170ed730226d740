/**
 * Coverage-guided steering of a randomized campaign: what earlier runs of the same campaign
 * exercised biases the choices of the later ones, toward what they have not.
 *
 * Two things are counted over the campaign, both from the coverage recorder's view of each step
 * (src/coverage/recorder.ts) and the transitions' keys:
 *
 * - **preemption sites**: for every compiled edge, how often a thread that had just taken it, and
 *   so rests inside its operation at the place it leads to, was left there while another thread
 *   moved. A race needs one thread stopped inside a window (between put_page_testzero() and the
 *   PageHead() read, between a trylock and its retry) while another runs: under PCT, a thread
 *   resting at an edge seldom preempted so far is demoted there (a change point of its own, see
 *   {@link PctPriorities.demote}), with probability 1/√(1 + preemptions so far), so that every
 *   window of the model gets tried early in the campaign and the drawn change points take over as
 *   the sites wear out.
 *   Under random and swarm scheduling, which switch threads all the time, the same count (of its
 *   own decisions) makes a thread resting at a seldom-held site *held* there: left out of the
 *   choice for a number of steps drawn uniformly up to the run length, so that another thread
 *   can go through a whole operation (a 48-page contiguous free) inside the window.
 * - **calls**: how often each call (operation and arguments, whatever the thread) was started.
 *   Within the operation a thread starts (itself uniform), the arguments are drawn with weight
 *   1/(1 + starts so far), so that a campaign spreads over the argument tuples (the pfn a
 *   speculative reference takes, the range a contiguous free covers) instead of repeating them.
 *
 * Every decision consumes the run's own random streams in a fixed way, and the counts are a
 * function of the earlier runs of the campaign: a seed still gives one campaign, and a run is
 * replayed by executing the runs before it again (fuzz.ts).
 */
import type { CoverageRecorder } from '../coverage/recorder.ts';
import type { TransitionId } from '../engine/types.ts';
import type { Schedulable } from './types.ts';

/** What one system's runs have exercised so far. */
interface SystemCounts {
  /** Per edge index: times a thread resting after it was preempted. */
  preempted: Float64Array;
  /** Per edge index: times steering held a thread resting after it (random and swarm). */
  held: Float64Array;
  /** Call key (without the thread) of each start transition, cached. */
  readonly keys: Map<TransitionId, string>;
}

/** The counts of one campaign, shared by its runs (one {@link RunSteering} each). */
export class Steering {
  /** @param holdMax the longest hold, in steps (the run length bound) */
  constructor(private readonly holdMax: number) {}

  private readonly systems = new WeakMap<Schedulable, SystemCounts>();
  /** Starts per call key, over every system of the campaign (keys name calls, not indices). */
  private readonly calls = new Map<string, number>();

  private countsOf(sys: Schedulable, edges: number): SystemCounts {
    let c = this.systems.get(sys);
    if (!c) {
      c = { preempted: new Float64Array(edges), held: new Float64Array(edges), keys: new Map() };
      this.systems.set(sys, c);
    }
    return c;
  }

  /** The steering of one run on `sys`, whose steps `recorder` counts (null: calls are steered, sites not). */
  run(sys: Schedulable, recorder: CoverageRecorder | null): RunSteering {
    return new RunSteering(sys, recorder, this.countsOf(sys, recorder?.edgeTotal ?? 0), this.calls, this.holdMax);
  }
}

/** Converts a stream number (a 31-bit natural) to [0, 1). */
const unit = (x: number) => (x % 0x80000000) / 0x80000000;

/** The steering of one run: where each thread rests, and the campaign's counts. */
export class RunSteering {
  /** Per thread: the edge it rests after inside its operation, or -1 (idle, or not known). */
  private readonly at: Int32Array;
  private last = -1;

  constructor(
    private readonly sys: Schedulable,
    private readonly recorder: CoverageRecorder | null,
    private readonly counts: SystemCounts,
    private readonly calls: Map<string, number>,
    private readonly holdMax: number,
  ) {
    this.at = new Int32Array(sys.threads.length).fill(-1);
  }

  /** Called before each choice: the thread that moved at the previous step rests where its step ended. */
  beforeChoice(): void {
    if (this.last >= 0) this.at[this.last] = this.recorder ? this.recorder.lastEdge() : -1;
  }

  /**
   * Whether to preempt thread `t`, which would move on from inside its operation (its one
   * transition `next` continues it) though other threads can move: probability 1/√(1 + the
   * preemptions at its site so far), drawn from `draw` (called only when the thread rests at a
   * known site).
   */
  preempt(t: number, next: TransitionId, draw: () => number): boolean {
    if (t !== this.last || this.sys.operationOf(next) >= 0) return false;
    const e = this.at[t];
    if (e < 0) return false;
    return unit(draw()) * Math.sqrt(1 + this.counts.preempted[e]) < 1;
  }

  /**
   * Random and swarm: how many steps to hold thread `t`, which just moved and rests inside its
   * operation before `next`, out of the choice: 0 (not held) unless its site is drawn, with
   * probability 1/(1 + holds there so far); then uniform in 1..holdMax, drawn from `draw`.
   */
  holdFor(t: number, next: TransitionId, draw: () => number): number {
    if (t !== this.last || this.sys.operationOf(next) >= 0) return 0;
    const e = this.at[t];
    if (e < 0 || unit(draw()) * (1 + this.counts.held[e]) >= 1) return 0;
    this.counts.held[e]++;
    return 1 + Math.floor(unit(draw()) * this.holdMax);
  }

  /** Records that `t` moves by `tr`: a preemption of the thread that moved before, a call start. */
  moved(t: number, tr: TransitionId, lastWasInside: boolean): void {
    if (this.last >= 0 && t !== this.last && lastWasInside) {
      const e = this.at[this.last];
      if (e >= 0) this.counts.preempted[e]++;
    }
    if (this.sys.operationOf(tr) >= 0) this.calls.set(this.keyOf(tr), (this.calls.get(this.keyOf(tr)) ?? 0) + 1);
    this.last = t;
  }

  /** The thread that moved at the previous step (-1 before the first). */
  get previous(): number {
    return this.last;
  }

  private keyOf(tr: TransitionId): string {
    let k = this.counts.keys.get(tr);
    if (k === undefined) {
      const full = this.sys.transitionKey(tr);
      // `cpu1 start alloc_pages order=1`: the call without the thread that makes it.
      k = full.slice(full.indexOf(' ') + 1);
      this.counts.keys.set(tr, k);
    }
    return k;
  }

  /** Among start transitions of one operation, one drawn with weight 1/(1 + its starts so far) by `x`. */
  pickCall(cands: readonly TransitionId[], x: number): TransitionId {
    let total = 0;
    const w = cands.map((tr) => {
      const v = 1 / (1 + (this.calls.get(this.keyOf(tr)) ?? 0));
      total += v;
      return v;
    });
    let u = unit(x) * total;
    for (let i = 0; i < cands.length; i++) {
      u -= w[i];
      if (u < 0) return cands[i];
    }
    return cands[cands.length - 1];
  }
}
