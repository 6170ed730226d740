/**
 * A fuzz campaign of several independent searches, as swarm verification runs them: every
 * strategy asked for, each from several seeds. Each item (one strategy from one seed) is a whole
 * `pagecheck fuzz` campaign of its own, whose outcome depends on its settings alone, so that the
 * items can be dealt to shards and run anywhere in any order.
 *
 * The campaign's verdict is the strongest of its items'; its counterexample is the shortest
 * shrunk failure among them (ties: the earlier item), the one a reader wants first.
 */
import { fuzzModel, type FuzzOutcome } from '../fuzz/model.ts';
import type { FuzzOptions } from '../fuzz/fuzz.ts';
import type { FuzzStrategy } from '../fuzz/strategy.ts';
import type { CheckRequest } from '../check.ts';
import type { WorkItem } from './shard.ts';

/** One search of a campaign: a strategy from a seed. */
export interface FuzzItem extends WorkItem {
  /** Position in the whole campaign (0-based). */
  readonly index: number;
  readonly strategy: FuzzStrategy;
  readonly seed: number;
}

/** The largest seed fast-check takes; seeds past it wrap to the smallest. */
const SEED_MAX = 0x7fffffff;

/** The seed `i` places after `first`, within fast-check's 32-bit signed range. */
export function nthSeed(first: number, i: number): number {
  const span = 2 ** 32;
  return ((((first + i + 2 ** 31) % span) + span) % span) - 2 ** 31;
}

/** The items of a campaign: each strategy, in the order given, from seeds `first`, `first + 1`, ... */
export function fuzzItems(strategies: readonly FuzzStrategy[], first: number, seeds: number): FuzzItem[] {
  const out: FuzzItem[] = [];
  for (const strategy of strategies)
    for (let i = 0; i < seeds; i++) {
      const seed = nthSeed(first, i);
      out.push({ index: out.length, id: `${strategy}:seed=${seed}`, cost: 1, strategy, seed });
    }
  return out;
}

/** What one item did: its campaign, or `null` when the time budget ran out before it started. */
export interface FuzzItemOutcome {
  readonly item: FuzzItem;
  readonly outcome: FuzzOutcome | null;
}

/**
 * Runs the items in order. With a deadline (`performance.now()` milliseconds), each item gets the
 * time left as its time limit, and items after the deadline are not started.
 */
export function runFuzzItems(
  req: CheckRequest,
  items: readonly FuzzItem[],
  opts: Omit<FuzzOptions, 'strategy' | 'seed' | 'timeLimitSeconds'>,
  vary: boolean,
  deadline?: number,
  onItem?: (o: FuzzItemOutcome) => void,
): FuzzItemOutcome[] {
  const out: FuzzItemOutcome[] = [];
  for (const item of items) {
    const left = deadline === undefined ? undefined : (deadline - performance.now()) / 1000;
    const outcome = left !== undefined && left <= 0 ? null : fuzzModel(req, { ...opts, strategy: item.strategy, seed: item.seed, ...(left !== undefined ? { timeLimitSeconds: left } : {}) }, undefined, vary);
    const o = { item, outcome };
    out.push(o);
    onItem?.(o);
  }
  return out;
}

/** The item whose failure is shortest after shrinking (ties: the earlier item); -1 when none failed. */
export function shortestFailure(outcomes: readonly FuzzItemOutcome[]): number {
  let best = -1;
  let bestLen = Infinity;
  outcomes.forEach((o, i) => {
    const r = o.outcome?.result;
    if (r?.status !== 'failure') return;
    const len = r.failure.shrunk.length;
    if (len < bestLen || (len === bestLen && o.item.index < outcomes[best].item.index)) {
      best = i;
      bestLen = len;
    }
  });
  return best;
}

export { SEED_MAX };
