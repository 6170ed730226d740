/**
 * Named configurations of the isolation model, small enough to explore every interleaving: two
 * CPUs, 8 pfns in two sections of 4 (a per-section memmap), MAX_PAGE_ORDER 2 and pageblock_order
 * 1 (as on x86, MAX_PAGE_ORDER = pageblock_order + 1), so that a max-order buddy covers two
 * pageblocks and a one-pageblock range cuts it. cpu0 runs the isolating call; cpu1 allocates,
 * frees and drains around it.
 */
import type { ConfigInput } from '../../src/config/schema.ts';
import { LARGE_FUZZ_ZONE } from '../mm/fuzz-geometry.ts';
import { fromPcp } from '../pcp/configs.ts';
import { coverageConfigs } from './coverage-configs.ts';
import { PCP, SMALL } from './zones.ts';

export const configs: Record<string, ConfigInput> = {
  /**
   * alloc_contig_range() of pageblock 1 (pfn 2..3), which cuts the free max-order buddy pfn 0..3:
   * cpu1's allocation may refill its pageset from the range before the isolation, its free may put
   * a page of the range on its pageset or merge toward the range's edge, and its drain races the
   * call's drain_all_pages().
   */
  contig: {
    description: '8 pfns in 2 sections of 4, MAX_PAGE_ORDER 2, pageblock_order 1, all MOVABLE and free; cpu0: alloc_contig_range(2, 4), then free_contig_range; cpu1: 1 MOVABLE order-0 allocation, frees, 1 drain',
    ...SMALL,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pcp: { ...PCP, drainsPerCpu: 1 },
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'] },
    isolation: { roles: [['contig'], ['alloc', 'free', 'drain']], contigRanges: [{ pfn: 2, nr: 2 }], contigPerCpu: 1 },
  },
  /**
   * offline_pages() of section 1 with speculative references that arrive at any time (a lookup of
   * any pfn in use, the get a later step): on the held movable pfn 5 while it is migrated or
   * freed, on pages of the range while they are isolated and taken off the buddy.
   */
  'spec-any': {
    description: '8 pfns in 2 sections of 4, MAX_PAGE_ORDER 2, pageblock_order 1, pfn 5 held (movable); cpu0: offline_pages(4, 4); cpu1: 1 MOVABLE order-0 allocation, frees; each CPU 1 speculative reference on any pfn in use, taken a step after its lookup',
    ...SMALL,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 5, order: 0 }],
    pcp: PCP,
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'], specRefsPerCpu: 1, specLookup: 'any' },
    isolation: { roles: [['offline'], ['alloc', 'free']], offlineRanges: [{ pfn: 4, nr: 4 }], offlinesPerCpu: 1 },
  },
  /**
   * A range that does not start on a pageblock (pfn 3 alone): outer_start is the free buddy at pfn
   * 2, whose head the call frees again; pfn 1 and pfn 3 are held (movable): cpu1's free of pfn 1
   * would merge toward the isolated pageblock, pfn 3 is migrated, or freed by cpu1 meanwhile.
   */
  'contig-edge': {
    description: '8 pfns in 2 sections of 4, MAX_PAGE_ORDER 2, pageblock_order 1, pfn 1 and 3 held (movable); cpu0: alloc_contig_range(3, 4), then free_contig_range; cpu1: frees',
    ...SMALL,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [
      { pfn: 1, order: 0 },
      { pfn: 3, order: 0 },
    ],
    pcp: PCP,
    workload: { allocOrders: [0], allocsPerCpu: 0, allocMigratetypes: ['MOVABLE'] },
    isolation: { roles: [['contig'], ['free']], contigRanges: [{ pfn: 3, nr: 1 }], contigPerCpu: 1 },
  },
  /**
   * offline_pages() of section 1 (pfn 4..7), with a pending signal or not: zone_pcp_disable()
   * races cpu1's refill and free on its pageset, pfn 5 is held (movable: migrated, or freed by
   * cpu1), and a failed offline gives the range back.
   */
  offline: {
    description: '8 pfns in 2 sections of 4, MAX_PAGE_ORDER 2, pageblock_order 1, pfn 5 held (movable); cpu0: offline_pages(4, 4), signal pending or not; cpu1: 1 MOVABLE order-0 allocation, frees',
    ...SMALL,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 5, order: 0 }],
    pcp: PCP,
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'] },
    isolation: { roles: [['offline'], ['alloc', 'free']], offlineRanges: [{ pfn: 4, nr: 4 }], offlinesPerCpu: 1, offlineSignal: true },
  },
  /**
   * cma_alloc()'s alloc_contig_range(ACR_FLAGS_CMA) of the CMA pageblock 1 (pfn 2..3), next to
   * MOVABLE pageblock 0 in the same max-order block (the two never merge); cpu1's movable
   * allocation uses the CMA pageblocks (ALLOC_CMA) and frees.
   */
  cma: {
    description: '8 pfns in 2 sections of 4, MAX_PAGE_ORDER 2, pageblock_order 1, pageblocks MOVABLE, CMA, MOVABLE, CMA; cpu0: alloc_contig_range(2, 4, ACR_FLAGS_CMA), then free_contig_range; cpu1: 1 MOVABLE order-0 allocation, frees, 1 drain',
    ...SMALL,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
    pageblockTypes: ['MOVABLE', 'CMA', 'MOVABLE', 'CMA'],
    pcp: { ...PCP, drainsPerCpu: 1 },
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'] },
    isolation: { roles: [['contig'], ['alloc', 'free', 'drain']], contigRanges: [{ pfn: 2, nr: 2, cma: true }], contigPerCpu: 1 },
  },
  /**
   * HIGHATOMIC reserves, on pageblocks of 4 pages: atomic allocations of order 1 (a pageblock
   * reserved, its other free pages moved) and order 3 (a buddy of two pageblocks, both retyped and
   * counted) on cpu0, a reserve
   * limited to two pageblocks; cpu1 unreserves (forced or not) for UNMOVABLE or MOVABLE, as a
   * failing allocation's slow path does, and frees.
   */
  highatomic: {
    description: '8 pfns in 1 section, MAX_PAGE_ORDER 3, pageblock_order 2, UNMOVABLE/MOVABLE/HIGHATOMIC; cpu0: 1 order-1 or order-3 allocation, atomic or not; cpu1: 1 unreserve_highatomic_pageblock, frees; reserve limit 2 pageblocks',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'HIGHATOMIC'],
    pcp: PCP,
    workload: { allocOrders: [1, 3], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE', 'UNMOVABLE'] },
    isolation: { roles: [['alloc'], ['free', 'unreserve']], atomicAllocs: true, highatomicPageblocks: 2, unreservesPerCpu: 1 },
  },
  /**
   * MAX_PAGE_ORDER = pageblock_order + 2 (four pageblocks per max-order block): alloc_contig_range()
   * of pageblocks 1-2 fails on the pinned pfn 5, and its undo finds pageblock 1 wholly free with a
   * free, unisolated buddy: unset_migratetype_isolate() isolates the buddy and puts it back
   * (__isolate_free_page(), __putback_isolated_page()) so that it merges.
   */
  undo: {
    description: '8 pfns in 1 section, MAX_PAGE_ORDER 3, pageblock_order 1, pfn 5 pinned (movable, never migrated); cpu0: alloc_contig_range(2, 6), which fails; cpu1: 1 MOVABLE order-0 allocation, frees',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 1,
    cpus: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 5, order: 0, pinned: true }],
    pcp: PCP,
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'] },
    isolation: { roles: [['contig'], ['alloc', 'free']], contigRanges: [{ pfn: 2, nr: 4 }], contigPerCpu: 1 },
  },
  /**
   * The reserve of a buddy of two pageblocks and its unreserve: cpu0's order-3 UNMOVABLE
   * allocation, atomic or not; cpu1 frees it and unreserves twice (forced or not).
   */
  reserve: {
    description: '8 pfns in 1 section, MAX_PAGE_ORDER 3, pageblock_order 2, UNMOVABLE/MOVABLE/HIGHATOMIC; cpu0: 1 order-3 UNMOVABLE allocation, atomic or not; cpu1: frees, 2 unreserve_highatomic_pageblock',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'HIGHATOMIC'],
    pcp: PCP,
    workload: { allocOrders: [3], allocsPerCpu: 1, allocMigratetypes: ['UNMOVABLE'] },
    isolation: { roles: [['alloc'], ['free', 'unreserve']], atomicAllocs: true, highatomicPageblocks: 2, unreservesPerCpu: 2 },
  },
  /**
   * Compaction's free scanner on pageblocks of 4 pages: UNMOVABLE pageblock 0 has a free order-1
   * block at pfn 0, pfn 2 in use and pfn 3 free; a run at MIN_COMPACT_PRIORITY takes pfn 0..1,
   * half a pageblock, and so turns the pageblock MOVABLE, pfn 3 with it; cpu1 allocates and frees
   * UNMOVABLE pages around it.
   */
  compaction: {
    description: '8 pfns in 2 sections of 4, MAX_PAGE_ORDER 2, pageblock_order 2, pageblocks UNMOVABLE and MOVABLE, pfn 2 held; cpu0: 1 run of compaction\'s free scanner on a pageblock, at MIN_COMPACT_PRIORITY or not; cpu1: 1 UNMOVABLE order-0 allocation, frees',
    ...SMALL,
    pageblockOrder: 2,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pageblockTypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 2, order: 0 }],
    pcp: PCP,
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['UNMOVABLE'] },
    isolation: { roles: [['compact'], ['alloc', 'free']], compactionsPerCpu: 1, compactMinPriority: true },
  },
  // Small configurations that each reach paths the ones above never take (./coverage-configs.ts).
  ...coverageConfigs,
  // The PCP model's workloads, run on the isolation model's paths (the same allocation and free
  // machines): they reach fallback, drain and tail paths the isolation workloads above do not.
  ...fromPcp(['tail-drain', 'exhausted', 'fragmented', 'tails-to-buddy', 'spec-batches', 'cma-fragmented', 'drain', 'spec-refs', 'drain-rounds', 'cma-fallback-split', 'orders', 'mixed-types', 'steal']),
};

/**
 * Configurations for randomized exploration (`pagecheck fuzz`); too large for exhaustive search.
 * Every path at once on the large zone: a CMA range and a range across a max-order boundary for
 * alloc_contig_range(), a section to offline, atomic allocations of every order up to two
 * pageblocks against a reserve of four, unreserves, drains and speculative references.
 */
export const fuzzConfigs: Record<string, ConfigInput> = {
  large: {
    description: '256 pfns, 4 sections of 64 (per-section memmap), MAX_PAGE_ORDER 6, pageblock_order 5 (CMA pageblocks 2-3); 4 CPUs (batch 4, high 16); allocations of order 0-3 and 5-6, atomic or not, frees, drains, speculative references; alloc_contig_range of pfn 8..47 and of the CMA pfn 64..127 (cpu0), offline_pages of section 3 (cpu1); no unreserves, so that full merging is checked at quiescence',
    ...LARGE_FUZZ_ZONE,
    pageblockOrder: 5,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'HIGHATOMIC', 'CMA'],
    pageblockTypes: ['MOVABLE', 'MOVABLE', 'CMA', 'CMA', 'MOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE'],
    pcp: { batch: 4, high: 16, costlyOrder: 3, drainsPerCpu: 2, drainAll: true },
    workload: { allocOrders: [0, 1, 2, 3, 5, 6], allocsPerCpu: 16, allocMigratetypes: ['MOVABLE', 'UNMOVABLE'], specRefsPerCpu: 2, splitPage: true },
    isolation: {
      // One CPU allocates ranges: two calls on overlapping ranges undo each other's isolation
      // (see the module comment of ../isolation/paths/alloc_contig_range.ts).
      roles: [
        ['alloc', 'free', 'drain', 'contig'],
        ['alloc', 'free', 'drain', 'offline'],
        ['alloc', 'free'],
        ['alloc', 'free', 'drain'],
      ],
      contigRanges: [
        { pfn: 8, nr: 40 },
        { pfn: 64, nr: 64, cma: true },
      ],
      contigPerCpu: 2,
      offlineRanges: [{ pfn: 192, nr: 64 }],
      offlinesPerCpu: 1,
      offlineSignal: true,
      atomicAllocs: true,
      highatomicPageblocks: 4,
    },
  },
  'large-compaction': {
    description: 'the large zone with compaction\'s free scanner on cpu2 and cpu3, at MIN_COMPACT_PRIORITY or not, and no offline_pages() (see examples/isolation-compaction-offline.json): 256 pfns, 4 sections of 64 (per-section memmap), MAX_PAGE_ORDER 6, pageblock_order 5 (CMA pageblocks 2-3, UNMOVABLE pageblocks 6-7, pfn 208 held); 4 CPUs (batch 4, high 16); allocations of order 0-3 and 5-6, atomic or not, frees, drains, speculative references; alloc_contig_range of pfn 8..47 and of the CMA pfn 64..127 (cpu0)',
    ...LARGE_FUZZ_ZONE,
    pageblockOrder: 5,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'HIGHATOMIC', 'CMA'],
    pageblockTypes: ['MOVABLE', 'MOVABLE', 'CMA', 'CMA', 'MOVABLE', 'MOVABLE', 'UNMOVABLE', 'UNMOVABLE'],
    // Pageblock 6 starts with a free block of half a pageblock (pfn 192..207), which the free
    // scanner takes first, turning the pageblock MOVABLE with pfn 209..223 in it.
    preallocated: [{ pfn: 208, order: 0 }],
    pcp: { batch: 4, high: 16, costlyOrder: 3, drainsPerCpu: 2, drainAll: true },
    workload: { allocOrders: [0, 1, 2, 3, 5, 6], allocsPerCpu: 16, allocMigratetypes: ['MOVABLE', 'UNMOVABLE'], specRefsPerCpu: 2, splitPage: true },
    isolation: {
      roles: [
        ['alloc', 'free', 'drain', 'contig'],
        ['alloc', 'free', 'drain'],
        ['alloc', 'free', 'compact'],
        ['alloc', 'free', 'drain', 'compact'],
      ],
      contigRanges: [
        { pfn: 8, nr: 40 },
        { pfn: 64, nr: 64, cma: true },
      ],
      contigPerCpu: 2,
      atomicAllocs: true,
      highatomicPageblocks: 4,
      compactionsPerCpu: 2,
      compactMinPriority: true,
    },
  },
  'large-reserves': {
    description: 'the large zone with unreserve_highatomic_pageblock() on cpu2 (no full-merge check at quiescence): 256 pfns, 4 sections of 64 (per-section memmap), MAX_PAGE_ORDER 6, pageblock_order 5 (CMA pageblocks 2-3); 4 CPUs (batch 4, high 16); allocations of order 0-3 and 5-6, atomic or not, frees, drains, speculative references; alloc_contig_range of pfn 8..47 and of the CMA pfn 64..127 (cpu0), offline_pages of section 3 (cpu1), unreserves (cpu2)',
    ...LARGE_FUZZ_ZONE,
    pageblockOrder: 5,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'HIGHATOMIC', 'CMA'],
    pageblockTypes: ['MOVABLE', 'MOVABLE', 'CMA', 'CMA', 'MOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE'],
    pcp: { batch: 4, high: 16, costlyOrder: 3, drainsPerCpu: 2, drainAll: true },
    workload: { allocOrders: [0, 1, 2, 3, 5, 6], allocsPerCpu: 16, allocMigratetypes: ['MOVABLE', 'UNMOVABLE'], specRefsPerCpu: 2, splitPage: true },
    isolation: {
      // One CPU allocates ranges: two calls on overlapping ranges undo each other's isolation
      // (see the module comment of ../isolation/paths/alloc_contig_range.ts).
      roles: [
        ['alloc', 'free', 'drain', 'contig'],
        ['alloc', 'free', 'drain', 'offline'],
        ['alloc', 'free', 'unreserve'],
        ['alloc', 'free', 'drain'],
      ],
      contigRanges: [
        { pfn: 8, nr: 40 },
        { pfn: 64, nr: 64, cma: true },
      ],
      contigPerCpu: 2,
      offlineRanges: [{ pfn: 192, nr: 64 }],
      offlinesPerCpu: 1,
      offlineSignal: true,
      atomicAllocs: true,
      highatomicPageblocks: 4,
      unreservesPerCpu: 2,
    },
  },
};
