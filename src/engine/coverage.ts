/**
 * Coverage in allocator terms: the events a model can report from its actions (splits, merges,
 * fallback claims and steals, trylock failures, ...), counted during randomized runs so that a
 * user sees what the runs exercised and, as importantly, what they never reached.
 *
 * Counting never touches the explored state: a model reports an event to a {@link CoverageSink}
 * held by its step context, which is null during exhaustive search (nothing is counted, nothing
 * costs) and set by the fuzzer only while it applies the transition a run actually takes (never
 * while it enumerates the candidates it may take).
 */

/**
 * The allocator events a model may report. Names are stable: reports and JSON use them.
 * `fromOrder` marks a per-order event and gives the lowest order at which it can happen (a split
 * or a merge concerns blocks of order 1 and up); per-order events are counted for every order up
 * to MAX_PAGE_ORDER.
 */
export const COVERAGE_EVENTS: Readonly<Record<CoverageEvent, CoverageEventInfo>> = {
  split: { title: 'splits', meaning: 'expand() splits a free block of this order into two buddies', fromOrder: 1 },
  merge: { title: 'merges', meaning: '__free_one_page merges two buddies into a block of this order', fromOrder: 1 },
  claim: { title: 'fallback claims', meaning: 'a fallback allocation claims the whole pageblock for its migratetype', fromOrder: 0 },
  steal: { title: 'fallback steals', meaning: 'a fallback allocation takes a block without claiming its pageblock', fromOrder: 0 },
  'trylock-fail': { title: 'trylock failures', meaning: 'spin_trylock() of a pcp->lock fails and the caller takes the fallback path' },
  'high-crossing': { title: 'high crossings', meaning: 'a PCP list count rises above pcp->high and is trimmed back to the buddy' },
  'section-break': {
    title: 'section-boundary breaks',
    meaning: 'merging or a struct page walk stops at a memory section boundary (the buddy lies in another section)',
  },
  'owner-change': { title: 'ownership changes', meaning: 'a pageblock changes owner (migratetype, or the CPU that owns it)' },
};

/** What a coverage event means. */
export interface CoverageEventInfo {
  /** Plural noun for reports (`splits`). */
  readonly title: string;
  readonly meaning: string;
  /** Per-order events: the lowest order at which the event can happen. Absent: one counter. */
  readonly fromOrder?: number;
}

/** The allocator events of {@link COVERAGE_EVENTS}. Add a name here and an entry there. */
export type CoverageEvent = 'split' | 'merge' | 'claim' | 'steal' | 'trylock-fail' | 'high-crossing' | 'section-break' | 'owner-change';

/** Every event name, in reporting order. */
export const COVERAGE_EVENT_NAMES = Object.keys(COVERAGE_EVENTS) as CoverageEvent[];

/**
 * Receives the events of the transitions a run takes. `order` is the block order for per-order
 * events and is ignored for the others.
 */
export interface CoverageSink {
  hit(event: CoverageEvent, order?: number): void;
}
