/**
 * Named configurations of the PCP model. Every one is checked (baseline) by the suite; they are
 * kept small enough to explore in a few seconds each, which bounds the workload more than the
 * geometry: two CPUs, one allocation each, and one interrupt-context operation per CPU already
 * give tens of thousands of interleavings.
 */
import type { ConfigInput } from '../../src/config/schema.ts';
import { LARGE_FUZZ_ZONE } from '../mm/fuzz-geometry.ts';

const TYPES: ConfigInput['migratetypes'] = ['UNMOVABLE', 'MOVABLE', 'RECLAIMABLE'];

/** Reference §9.1 geometry: 32 pfns, 2 sections of 16, MAX_PAGE_ORDER 3, pageblock_order 2. */
const REF = { pages: 32, pagesPerSection: 16, maxOrder: 3, pageblockOrder: 2, cpus: 2, vmemmap: false, migratetypes: TYPES } as const;
/** Reference §9 smaller geometry for deep interleavings: 16 pfns, 2 sections of 8, MAX_PAGE_ORDER 2, pageblock_order 1. */
const SMALL = { pages: 16, pagesPerSection: 8, maxOrder: 2, pageblockOrder: 1, cpus: 2, vmemmap: false, migratetypes: TYPES } as const;

export const configs: Record<string, ConfigInput> = {
  /**
   * Reference §9: two CPUs with batch 2 and high 4 and an interrupt context each, PCP orders 0-1
   * plus the THP order 2. The workload is cut to one order-0 allocation per CPU (MOVABLE or
   * UNMOVABLE, so UNMOVABLE refills claim MOVABLE blocks) and one interrupt operation per CPU.
   */
  default: {
    description: 'reference §9: 32 pfns in 2 sections of 16, MAX_PAGE_ORDER 3, pageblock_order 2, 2 CPUs (batch 2, high 4, one interrupt context each); 1 order-0 MOVABLE/UNMOVABLE allocation per CPU',
    ...REF,
    pcp: { batch: 2, high: 4, irq: true, irqOpsPerCpu: 1 },
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE', 'UNMOVABLE'] },
  },
  /** Every PCP order and migratetype, refills of 2 blocks of order 1 and 2 (the THP list), no interrupts. */
  orders: {
    description: 'reference §9 geometry, PCP orders 0-1 + THP 2, all three migratetypes, 1 allocation of order 0-2 per CPU, no interrupt contexts',
    ...REF,
    pcp: { batch: 2, high: 4 },
    workload: { allocOrders: [0, 1, 2], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE', 'UNMOVABLE', 'RECLAIMABLE'] },
  },
  /**
   * Reference §9 smaller variant for deep interleavings: three calls per CPU on fewer pages, with
   * batch 1 and high 4 (nr_pcp_free() then frees up to 3 pages in batches of 1, dropping and
   * re-trylocking pcp->lock between batches).
   */
  small: {
    description: 'reference §9 small: 16 pfns in 2 sections of 8, MAX_PAGE_ORDER 2, pageblock_order 1, PCP order 0, 2 CPUs (batch 1, high 4, no interrupts); 3 MOVABLE allocations per CPU',
    ...SMALL,
    pcp: { batch: 1, high: 4, orders: [0] },
    workload: { allocOrders: [0], allocsPerCpu: 3, allocMigratetypes: ['MOVABLE'] },
  },
  /** Remote and local drains racing with refills and frees on two CPUs. */
  drain: {
    description: 'small geometry, PCP order 0, 2 CPUs (batch 2, high 4, no interrupts); 1 MOVABLE allocation and 1 drain (drain_pages_zone of either CPU, or drain_all_pages) per CPU',
    ...SMALL,
    pcp: { batch: 2, high: 4, orders: [0], drainsPerCpu: 1, drainAll: true },
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'] },
  },
  /** One CPU and its interrupt context: local drains interrupted by allocations and frees. */
  'local-drain': {
    description: 'small geometry, PCP order 0, 1 CPU (batch 2, high 4) with its interrupt context; 2 MOVABLE allocations, 2 interrupt operations, 2 drains (drain_pages_zone, drain_all_pages)',
    ...SMALL,
    cpus: 1,
    pcp: { batch: 2, high: 4, irq: true, irqOpsPerCpu: 2, orders: [0], drainsPerCpu: 2, drainAll: true },
    workload: { allocOrders: [0], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE'] },
  },
  /**
   * decay_pcp_high racing with a remote drain: a THP refill (2 order-2 blocks) on top of a freed
   * page pushes pcp->count above high.
   */
  decay: {
    description: 'reference §9 geometry, PCP orders 0-1 + THP 2, pfn 0 allocated at start; 1 order-2 MOVABLE allocation, 1 drain_pages_zone and 1 decay_pcp_high per CPU, no interrupts',
    ...REF,
    preallocated: [{ pfn: 0, order: 0 }],
    pcp: { batch: 2, high: 4, drainsPerCpu: 1, decaysPerCpu: 1 },
    workload: { allocOrders: [2], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'] },
  },
  /**
   * CMA pageblocks between UNMOVABLE ones: movable allocations find no MOVABLE block, so
   * __rmqueue falls back to CMA (RMQUEUE_CMA, sticky for the rest of a refill) or takes CMA first
   * when CMA holds more than half of the free pages; frees of CMA pages stop merging at the
   * pageblock boundary (a non-mergeable type next to UNMOVABLE).
   */
  cma: {
    description: '16 pfns in 1 section, MAX_PAGE_ORDER 3, pageblock_order 2, pageblocks UNMOVABLE, CMA, UNMOVABLE, CMA; 2 CPUs, 2 MOVABLE/UNMOVABLE order-0 allocations each',
    pages: 16,
    pagesPerSection: 16,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
    pageblockTypes: ['UNMOVABLE', 'CMA', 'UNMOVABLE', 'CMA'],
    pcp: { batch: 2, high: 4 },
    workload: { allocOrders: [0], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE', 'UNMOVABLE'] },
  },
  /**
   * Speculative references racing with __free_pages through the PCP (its tails go to the PCP
   * lists), with max-order blocks as large as a section: where a double free or a merge past
   * MAX_PAGE_ORDER would show.
   */
  'spec-refs': {
    description: '16 pfns in 2 sections of 8 (per-section memmap), MAX_PAGE_ORDER 3, pageblock_order 2, 2 CPUs; 1 order-1 allocation (compound or not) and 1 speculative reference per CPU',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pcp: { batch: 2, high: 4 },
    workload: { allocOrders: [1], compound: 'both', allocsPerCpu: 1, specRefsPerCpu: 1 },
  },
  /**
   * spec-refs with speculative references that arrive at any time: a lookup of any pfn in use and
   * a later get_page_unless_zero(), landing between any two steps of a free through the PCP (after
   * its put, on a tail on a PCP list, on a block a drain or a refill moved meanwhile).
   */
  'spec-any': {
    description: '16 pfns in 2 sections of 8 (per-section memmap), MAX_PAGE_ORDER 3, pageblock_order 2, 2 CPUs; 1 order-1 allocation (compound or not) and 1 speculative reference per CPU on any pfn in use, taken a step after its lookup',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pcp: { batch: 2, high: 4 },
    workload: { allocOrders: [1], compound: 'both', allocsPerCpu: 1, specRefsPerCpu: 1, specLookup: 'any' },
  },
  /**
   * A fragmented zone for seed 003: every pageblock MOVABLE, mostly used by pinned movable pages,
   * leaving one free order-1 block and three free pages in three other pageblocks. UNMOVABLE
   * refills must claim or steal; the second page of a refill shows what the mode memo saves.
   */
  fragmented: {
    description: '16 pfns in 1 section, MAX_PAGE_ORDER 3, pageblock_order 2, all MOVABLE, 12 pages pinned (free: pfn 2-3, 7, 11, 15); 2 CPUs, 2 MOVABLE/UNMOVABLE order-0 allocations each',
    pages: 16,
    pagesPerSection: 16,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: true,
    migratetypes: TYPES,
    preallocated: [
      { pfn: 0, order: 1, pinned: true },
      { pfn: 4, order: 1, pinned: true },
      { pfn: 6, order: 0, pinned: true },
      { pfn: 8, order: 1, pinned: true },
      { pfn: 10, order: 0, pinned: true },
      { pfn: 12, order: 1, pinned: true },
      { pfn: 14, order: 0, pinned: true },
    ],
    pcp: { batch: 2, high: 4 },
    workload: { allocOrders: [0], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE', 'UNMOVABLE'] },
  },
  // The configurations below are small scenarios that each reach paths the ones above never
  // take (the suite checks that every edge and event is reached by one of them; see
  // src/coverage/model.ts). Each is a few hundred to a few thousand states.
  /**
   * Held pages keep a MOVABLE and an UNMOVABLE pageblock apart (pageblock_order 1), so that their
   * frees merge across pageblocks of different types at orders 2 and 3 (the buddy retyped), and
   * UNMOVABLE allocations claim pageblocks; high 0 sends every PCP free on to the buddy.
   */
  'mixed-types': {
    description: '16 pfns in 1 section, MAX_PAGE_ORDER 3, pageblock_order 1, 1 CPU (batch 1, high 0); pageblocks 0-1 MOVABLE/UNMOVABLE kept apart by held pages, pfn 8-15 pinned; 1 UNMOVABLE allocation of order 0-1',
    pages: 16,
    pagesPerSection: 16,
    maxOrder: 3,
    pageblockOrder: 1,
    cpus: 1,
    vmemmap: true,
    migratetypes: TYPES,
    pageblockTypes: ['MOVABLE', 'UNMOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE'],
    preallocated: [
      { pfn: 2, order: 1 },
      { pfn: 6, order: 0 },
      { pfn: 8, order: 3, pinned: true },
    ],
    pcp: { batch: 1, high: 0 },
    workload: { allocOrders: [0, 1], allocsPerCpu: 1, allocMigratetypes: ['UNMOVABLE'] },
  },
  /**
   * CMA holds most of the free pages, but only as single pages: __rmqueue takes CMA first
   * (balance) and finds no CMA block of order 1, then falls back, in refills and in
   * rmqueue_buddy alike.
   */
  'cma-fragmented': {
    description: '16 pfns in 1 section, MAX_PAGE_ORDER 3, pageblock_order 2, pageblocks UNMOVABLE, CMA, UNMOVABLE, CMA, all but pfn 3, 5, 7, 13, 15 pinned; 1 CPU, 2 MOVABLE allocations of order 0-1',
    pages: 16,
    pagesPerSection: 16,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 1,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
    pageblockTypes: ['UNMOVABLE', 'CMA', 'UNMOVABLE', 'CMA'],
    preallocated: [
      { pfn: 0, order: 1, pinned: true },
      { pfn: 2, order: 0, pinned: true },
      { pfn: 4, order: 0, pinned: true },
      { pfn: 6, order: 0, pinned: true },
      { pfn: 8, order: 2, pinned: true },
      { pfn: 12, order: 0, pinned: true },
      { pfn: 14, order: 0, pinned: true },
    ],
    pcp: { batch: 2, high: 4 },
    workload: { allocOrders: [0, 1], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE'] },
  },
  /**
   * A zone too small for its callers: order-2 allocations (no PCP list) through rmqueue_buddy
   * with CMA balancing and fallback, refills that find nothing, and callers that wait for
   * zone->lock after a failed refill or trylock.
   */
  exhausted: {
    description: '8 pfns in 1 section, MAX_PAGE_ORDER 3, pageblock_order 2, pageblocks CMA, MOVABLE; 2 CPUs (batch 2, high 4, PCP orders 0-1), 1 MOVABLE/UNMOVABLE allocation of order 0 or 2 each',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
    pageblockTypes: ['CMA', 'MOVABLE'],
    pcp: { batch: 2, high: 4, orders: [0, 1] },
    workload: { allocOrders: [0, 2], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE', 'UNMOVABLE'] },
  },
  /**
   * One pageblock of 8 pages with too few free pages to be claimed: the fallback steals an
   * order-1 block; an order-1 allocation has no PCP list and goes to the buddy.
   */
  steal: {
    description: '16 pfns in 1 section, MAX_PAGE_ORDER 3, pageblock_order 3, all MOVABLE, free only pfn 5-7 and 12-13; 1 CPU (batch 1, high 4, PCP order 0), 1 UNMOVABLE/MOVABLE allocation of order 0-1',
    pages: 16,
    pagesPerSection: 16,
    maxOrder: 3,
    pageblockOrder: 3,
    cpus: 1,
    vmemmap: true,
    migratetypes: TYPES,
    preallocated: [
      { pfn: 0, order: 2, pinned: true },
      { pfn: 4, order: 0, pinned: true },
      { pfn: 8, order: 2, pinned: true },
      { pfn: 14, order: 0, pinned: true },
      { pfn: 15, order: 0, pinned: true },
    ],
    pcp: { batch: 1, high: 4, orders: [0] },
    workload: { allocOrders: [0, 1], allocsPerCpu: 1, allocMigratetypes: ['UNMOVABLE', 'MOVABLE'] },
  },
  /**
   * Compound and non-PCP blocks with speculative references: an order-3 block freed by the last
   * reference goes to the buddy and merges up to MAX_PAGE_ORDER.
   */
  'spec-buddy': {
    description: '16 pfns in 2 sections of 8 (per-section memmap), MAX_PAGE_ORDER 3, pageblock_order 2, 2 CPUs (batch 2, high 4, PCP order 0); 1 allocation of order 1 or 3 (compound or not) and 1 speculative reference each',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pcp: { batch: 2, high: 4, orders: [0] },
    workload: { allocOrders: [1, 3], compound: 'both', allocsPerCpu: 1, specRefsPerCpu: 1 },
  },
  /**
   * Only the THP order 2 has a PCP list: the tails of an order-2 block freed while a speculative
   * reference holds its head go to the buddy one by one, and merge up to MAX_PAGE_ORDER once the
   * reference frees the head.
   */
  'tails-to-buddy': {
    description: '16 pfns in 2 sections of 8 (per-section memmap), MAX_PAGE_ORDER 3, pageblock_order 2, 2 CPUs (batch 1, high 3, PCP order 2 only); 1 non-compound order-2 allocation and 1 speculative reference each',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pcp: { batch: 1, high: 3, orders: [2] },
    workload: { allocOrders: [2], compound: 'never', allocsPerCpu: 1, specRefsPerCpu: 1 },
  },
  /**
   * Tails freed to the PCP lists in batches of 1 against high 3 while the other CPU drains this
   * one: a trylock or re-trylock that finds pcp->lock held by the drain, a batch the drain emptied.
   */
  'tail-drain': {
    description: '16 pfns in 2 sections of 8 (per-section memmap), MAX_PAGE_ORDER 3, pageblock_order 2, 2 CPUs (batch 1, high 3); 1 order-2 allocation (compound or not), 1 speculative reference and 1 drain each',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pcp: { batch: 1, high: 3, drainsPerCpu: 1 },
    workload: { allocOrders: [2], compound: 'both', allocsPerCpu: 1, specRefsPerCpu: 1 },
  },
  /**
   * split_page() of an order-1 block, whose pages are then freed one by one in batches of 1
   * against high 3 while the other CPU drains this one: the re-trylock between batches fails.
   */
  retry: {
    description: 'small geometry, 2 CPUs (batch 1, high 3, PCP orders 0-1); 1 non-compound MOVABLE order-1 allocation (split_page offered) and 1 drain each',
    ...SMALL,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pcp: { batch: 1, high: 3, orders: [0, 1], drainsPerCpu: 1 },
    workload: { allocOrders: [1], allocsPerCpu: 1, compound: 'never', splitPage: true, allocMigratetypes: ['MOVABLE'] },
  },
  /**
   * The last reference to a page is a speculative one, and its free crosses high with more than
   * a batch to free (free_count up to batch << 2), while the other CPU may drain this one: every
   * branch of the batched trim in the reference's own free.
   */
  'spec-batches': {
    description: '8 pfns in 1 section, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs (batch 1, high 3, PCP order 0, scale 2); 2 order-0 allocations, 1 speculative reference and 1 drain each',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pcp: { batch: 1, high: 3, orders: [0], scaleMax: 2, drainsPerCpu: 1 },
    workload: { allocOrders: [0], allocsPerCpu: 2, specRefsPerCpu: 1 },
  },
  /** A refill of batch 2 above high 2 (split_page pages freed too): decay_pcp_high frees two pages of one list in one free_pcppages_bulk(). */
  'decay-batches': {
    description: '8 pfns in 1 section, MAX_PAGE_ORDER 2, pageblock_order 1, 1 CPU (batch 2, high 2, PCP order 0); 2 allocations of order 0-1 (split_page offered) and 1 decay_pcp_high',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 1,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pcp: { batch: 2, high: 2, orders: [0], decaysPerCpu: 1 },
    workload: { allocOrders: [0, 1], allocsPerCpu: 2, splitPage: true },
  },
  /** CONFIG_PCP_BATCH_SCALE_MAX 0: a drain_all_pages() of two pages takes two rounds of one batch each. */
  'drain-rounds': {
    description: 'small geometry, 1 CPU (batch 1, high 4, PCP order 0, scale 0); 2 MOVABLE allocations and 1 drain (drain_pages_zone or drain_all_pages)',
    ...SMALL,
    cpus: 1,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pcp: { batch: 1, high: 4, orders: [0], drainsPerCpu: 1, drainAll: true, scaleMax: 0 },
    workload: { allocOrders: [0], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE'] },
  },
  /** Order 0 has no PCP list: MOVABLE allocations take CMA first (more than half is CMA) from rmqueue_buddy, splitting a CMA block twice. */
  'cma-split': {
    description: '8 pfns in 1 section, MAX_PAGE_ORDER 3, pageblock_order 2, pageblocks CMA, MOVABLE; 2 CPUs (PCP order 1 only), 1 MOVABLE order-0 allocation each',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
    pageblockTypes: ['CMA', 'MOVABLE'],
    pcp: { batch: 2, high: 4, orders: [1] },
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'] },
  },
  /** No MOVABLE pageblock and CMA less than half: an order-0 MOVABLE allocation in rmqueue_buddy falls back to CMA and splits its block twice. */
  'cma-fallback-split': {
    description: '16 pfns in 1 section, MAX_PAGE_ORDER 3, pageblock_order 2, pageblocks UNMOVABLE, CMA, UNMOVABLE, UNMOVABLE; 1 CPU (PCP order 1 only), 1 MOVABLE order-0 allocation',
    pages: 16,
    pagesPerSection: 16,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 1,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
    pageblockTypes: ['UNMOVABLE', 'CMA', 'UNMOVABLE', 'UNMOVABLE'],
    pcp: { batch: 2, high: 4, orders: [1] },
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'] },
  },
};

/** The large zone and workload (see fuzzConfigs). */
const LARGE = {
  ...LARGE_FUZZ_ZONE,
  pageblockOrder: 5,
  migratetypes: TYPES,
  // Types in pairs: a max-order block spans two pageblocks, which boot gives one type.
  pageblockTypes: ['MOVABLE', 'MOVABLE', 'UNMOVABLE', 'UNMOVABLE', 'MOVABLE', 'MOVABLE', 'RECLAIMABLE', 'RECLAIMABLE'],
  pcp: { batch: 4, high: 16, irq: true, irqOpsPerCpu: 4, costlyOrder: 3, drainsPerCpu: 2, drainAll: true, decaysPerCpu: 2 },
  // Order 5 is the THP order (pageblock_order): its two PCP lists fill only from allocations of it.
  workload: { allocOrders: [0, 1, 2, 3, 5], allocsPerCpu: 16, compound: 'both', splitPage: true, specRefsPerCpu: 4, allocMigratetypes: ['MOVABLE', 'UNMOVABLE', 'RECLAIMABLE'] },
} satisfies ConfigInput;

/**
 * Configurations for randomized exploration (`pagecheck fuzz`); too large for exhaustive search.
 * Every PCP feature at once: four CPUs with an interrupt context each, refills and drains of
 * batch 4 against high 16, remote and local drains, decays, speculative references, three
 * migratetypes over pageblocks of each type (so that refills claim and steal), and max-order
 * blocks as large as a section.
 */
export const fuzzConfigs: Record<string, ConfigInput> = {
  large: {
    description: '256 pfns, 4 sections of 64 (per-section memmap), MAX_PAGE_ORDER 6, pageblock_order 5, pageblocks MOVABLE/UNMOVABLE/RECLAIMABLE; 4 CPUs (batch 4, high 16, an interrupt context each); 16 allocations of order 0-3 and 5 (the THP order) per CPU, drains, decays, speculative references',
    ...LARGE,
  },
  /** large, with speculative references that arrive at any time (a lookup of any pfn in use, the get a later step). */
  'large-spec-any': {
    description: 'as large, with 4 speculative references per CPU on any pfn in use, each taken a step after its lookup',
    ...LARGE,
    workload: { ...LARGE.workload, specLookup: 'any' },
  },
};

/**
 * The PCP model's configurations of these names, as `pcp-NAME` (the description says where they
 * come from): the models built on the PCP model's paths run its workloads too.
 */
export function fromPcp(names: readonly string[]): Record<string, ConfigInput> {
  return Object.fromEntries(
    names.map((n) => {
      const c = configs[n];
      if (!c) throw new Error(`the pcp model has no configuration ${n}`);
      return [`pcp-${n}`, { ...c, description: `the pcp model's ${n}: ${c.description ?? ''}` }];
    }),
  );
}

/**
 * Three CMA pageblocks and one UNMOVABLE: MOVABLE allocations of order 0-2 take CMA first (more
 * than half is CMA), in refills and in rmqueue_buddy (balance_cma), and split_page(). The
 * pcp-buddy and contig models run it as `cma-buddy` (the PCP model's own CMA workloads are
 * `cma`, `cma-fragmented`, `cma-split` and `cma-fallback-split`).
 */
export const CMA_BUDDY: ConfigInput = {
  description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 1 CPU: three CMA pageblocks and one UNMOVABLE: MOVABLE allocations of order 0-2 take CMA first (more than half is CMA), in refills and in rmqueue_buddy; split_page() of an order-1 or order-2 block',
  pages: 8,
  pagesPerSection: 8,
  maxOrder: 2,
  pageblockOrder: 1,
  vmemmap: true,
  migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
  cpus: 1,
  pageblockTypes: ['CMA', 'CMA', 'CMA', 'UNMOVABLE'],
  pcp: { batch: 1, high: 2, orders: [0], costlyOrder: 0 },
  workload: { allocOrders: [0, 1, 2], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE'], splitPage: true },
};
