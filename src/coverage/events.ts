/**
 * The allocator events a model reports from its actions and kernel helpers (splits, merges,
 * fallback claims and steals, PCP list insertions and removals, trylock failures, drains, ...),
 * in kernel terms. Counting them never touches the explored state: a model reports an event to
 * the {@link CoverageSink} of its step context, which is null unless coverage is collected (see
 * ./recorder.ts).
 */

/**
 * How an event is counted: one counter, per block order, per PCP list (order and list
 * migratetype), or per number of pages (a histogram: how many pages a drain found).
 */
export type CoverageDimension = 'none' | 'order' | 'pcp-list' | 'pages';

/** What a coverage event means. */
export interface CoverageEventInfo {
  /** Plural noun for reports (`splits`). */
  readonly title: string;
  readonly meaning: string;
  readonly per: CoverageDimension;
  /**
   * Per-order events: the lowest order at which the event can happen (a split or a merge
   * concerns blocks of order 1 and up); `pageblock+1` for a merge that joins two pageblocks.
   * Orders from it up to MAX_PAGE_ORDER exist, and each must be reached.
   */
  readonly fromOrder?: number | 'pageblock+1';
}

/**
 * The allocator events. Names are stable: reports and JSON use them. Every per-order event and
 * every PCP list of a configuration is an item that must be reached (see ./summary.ts); a
 * histogram (`pages`) only has to be reached at all.
 */
export const COVERAGE_EVENTS = {
  split: { title: 'splits', meaning: 'expand() splits a free block of this order into two buddies', per: 'order', fromOrder: 1 },
  merge: { title: 'merges', meaning: '__free_one_page merges two buddies into a block of this order', per: 'order', fromOrder: 1 },
  'merge-same-type': {
    title: 'merges of two pageblocks of one type',
    meaning: 'a merge into a block of this order joins two pageblocks whose migratetypes are equal',
    per: 'order',
    fromOrder: 'pageblock+1',
  },
  'merge-mixed-types': {
    title: 'merges of pageblocks of different types',
    meaning: 'a merge into a block of this order joins two pageblocks of different (mergeable) migratetypes, and the buddy is retyped',
    per: 'order',
    fromOrder: 'pageblock+1',
  },
  claim: { title: 'fallback claims', meaning: 'a fallback allocation claims the pageblock of a free block of this order for its migratetype', per: 'order', fromOrder: 0 },
  steal: { title: 'fallback steals', meaning: 'a fallback allocation takes a block of this order without claiming its pageblock', per: 'order', fromOrder: 0 },
  'pcp-add': { title: 'PCP insertions', meaning: 'a block is put on this PCP list (order, list migratetype)', per: 'pcp-list' },
  'pcp-del': { title: 'PCP removals', meaning: 'a block is taken off this PCP list (order, list migratetype)', per: 'pcp-list' },
  'trylock-fail': { title: 'trylock failures', meaning: 'pcp_spin_trylock() finds the pcp->lock held and the caller takes its fallback path', per: 'none' },
  'high-crossing': { title: 'high crossings', meaning: 'a free leaves pcp->count at or above pcp->high, and the pageset is trimmed back to the buddy', per: 'none' },
  'batch-crossing': {
    title: 'multi-batch frees',
    meaning: 'a trim, drain or decay has more than one batch to free (more than pcp->batch, or batch << CONFIG_PCP_BATCH_SCALE_MAX for a drain)',
    per: 'none',
  },
  drain: { title: 'drains', meaning: 'drain_pages_zone() finds this many pages on the pageset it drains', per: 'pages' },
  'section-break': {
    title: 'section-boundary breaks',
    meaning: 'merging or a struct page walk stops at a memory section boundary (the buddy or the next page lies in another section)',
    per: 'none',
  },
  'owner-change': { title: 'ownership changes', meaning: 'a pageblock changes owner (migratetype, or the CPU that owns it)', per: 'none' },
} as const satisfies Record<string, CoverageEventInfo>;

/** The allocator events of {@link COVERAGE_EVENTS}. */
export type CoverageEvent = keyof typeof COVERAGE_EVENTS;

/** Every event name, in reporting order. */
export const COVERAGE_EVENT_NAMES = Object.keys(COVERAGE_EVENTS) as CoverageEvent[];

/** The description of an event. */
export function eventInfo(e: CoverageEvent): CoverageEventInfo {
  return COVERAGE_EVENTS[e];
}

/**
 * Receives the allocator events of the steps coverage counts. `a` is the block order (per-order
 * and PCP-list events) or the page count (histograms); `b` the list migratetype of a PCP-list
 * event. Ignored where the event has no such dimension.
 */
export interface CoverageSink {
  hit(event: CoverageEvent, a?: number, b?: number): void;
  /**
   * A variant's override ran (src/variant/vacuity.ts): `key` names it (`action add_to_free_list`),
   * `differed` says whether its result differed from the code it replaces on the same state (null:
   * not compared). Absent on sinks that do not count overrides.
   */
  override?(key: string, differed: boolean | null): void;
}
