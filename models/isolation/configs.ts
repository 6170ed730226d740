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

/** 8 pfns, 2 sections of 4, MAX_PAGE_ORDER 2, pageblock_order 1 (4 pageblocks). */
const SMALL = { pages: 8, pagesPerSection: 4, maxOrder: 2, pageblockOrder: 1, cpus: 2, vmemmap: false } as const;
/** PCP order 0, batch 2, high 4 (a refill takes two pages, a free of the fourth drains two). */
const PCP = { batch: 2, high: 4, orders: [0] };
/** 8 pfns in one section of 8, MAX_PAGE_ORDER 2, pageblock_order 1 (4 pageblocks), UNMOVABLE and MOVABLE. */
const ONE_SECTION = { pages: 8, pagesPerSection: 8, maxOrder: 2, pageblockOrder: 1, vmemmap: false, migratetypes: ['UNMOVABLE', 'MOVABLE'] } satisfies Partial<ConfigInput>;

/** One CPU that offlines section 1 of 8 pfns in 2 sections of 4 (VMEMMAP), MAX_PAGE_ORDER 2, pageblock_order 1, and allocates, frees and drains around it. */
const OFFLINE_ONE_CPU = {
  pages: 8,
  pagesPerSection: 4,
  maxOrder: 2,
  pageblockOrder: 1,
  cpus: 1,
  vmemmap: true,
  migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
  pcp: { ...PCP, drainsPerCpu: 1 },
  workload: { allocOrders: [0, 1, 2], allocsPerCpu: 1 },
  isolation: { roles: [['offline', 'alloc', 'free', 'drain']], offlineRanges: [{ pfn: 4, nr: 4 }], offlinesPerCpu: 1 },
} satisfies ConfigInput;
/** One CPU that takes pageblock 1 of 8 pfns in one section (MAX_PAGE_ORDER 2, pageblock_order 1) with alloc_contig_range(), and allocates, frees and drains around it. */
const CONTIG_ONE_CPU = {
  ...OFFLINE_ONE_CPU,
  pagesPerSection: 8,
  isolation: { roles: [['contig', 'alloc', 'free', 'drain']], contigRanges: [{ pfn: 2, nr: 2 }], contigPerCpu: 1 },
} satisfies ConfigInput;

/** A MOVABLE order-0 allocation per CPU and a speculative reference on any pfn in use, taken a step after its lookup: the workload of the configurations that migrate a held block under such a reference. */
const MIGRATE_TAILS_WORKLOAD = { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'], specRefsPerCpu: 1, specLookup: 'any' } satisfies ConfigInput['workload'];

/** Offline_pages() of section 1 of 16 pfns in 2 sections of 8 pageblocks of one page (pageblock_order 0, MAX_PAGE_ORDER 3), on the one CPU, which frees and drains around it. */
const ONE_PAGE_BLOCKS_OFFLINE = {
  pages: 16,
  pagesPerSection: 8,
  maxOrder: 3,
  pageblockOrder: 0,
  cpus: 1,
  vmemmap: true,
  migratetypes: ['UNMOVABLE', 'MOVABLE'],
  pcp: { ...PCP, drainsPerCpu: 1 },
  workload: { allocOrders: [0], allocsPerCpu: 0 },
  isolation: { roles: [['offline', 'alloc', 'free', 'drain']], offlineRanges: [{ pfn: 8, nr: 8 }], offlinesPerCpu: 1 },
} satisfies ConfigInput;
/** 8 pfns in one section of one-page pageblocks (pageblock_order 0, MAX_PAGE_ORDER 2), two CPUs, no allocations; the isolating call is each configuration's. */
const ONE_PAGE_BLOCKS_CONTIG = {
  pages: 8,
  pagesPerSection: 8,
  maxOrder: 2,
  pageblockOrder: 0,
  cpus: 2,
  vmemmap: true,
  migratetypes: ['UNMOVABLE', 'MOVABLE'],
  pcp: { ...PCP, drainsPerCpu: 1 },
  workload: { allocOrders: [0, 1], allocsPerCpu: 0 },
} satisfies ConfigInput;

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
  // The configurations below are small scenarios that each reach paths the ones above never
  // take (the suite checks that every edge and event is reached by one of them, src/coverage/model.ts).
  /** Alloc_contig_range() of four pageblocks whose third holds an unmovable page: set_migratetype_isolate() fails in the middle of the range, and the pageblocks isolated before it are put back. */
  'isolate-fail-middle': {
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 1 CPU: alloc_contig_range() of four pageblocks whose third holds an unmovable page: set_migratetype_isolate() fails in the middle of the range, and the pageblocks isolated before it are put back',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 1,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pageblockTypes: ['MOVABLE', 'MOVABLE', 'UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 4, order: 0, pinned: true, movable: false }],
    pcp: { batch: 2, high: 4, orders: [0] },
    workload: { allocOrders: [0], allocsPerCpu: 0 },
    isolation: { roles: [['contig']], contigRanges: [{ pfn: 0, nr: 8 }], contigPerCpu: 1 },
  },
  /** Alloc_contig_range() of a range from inside the first pageblock to an unmovable page in the last one: the last isolation fails, and the first and middle ones are undone. */
  'isolate-fail-last': {
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 1 CPU: alloc_contig_range() of a range from inside the first pageblock to an unmovable page in the last one: the last isolation fails, and the first and middle ones are undone',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 1,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pageblockTypes: ['MOVABLE', 'MOVABLE', 'MOVABLE', 'UNMOVABLE'],
    preallocated: [{ pfn: 7, order: 0, pinned: true, movable: false }],
    pcp: { batch: 2, high: 4, orders: [0] },
    workload: { allocOrders: [0], allocsPerCpu: 0 },
    isolation: { roles: [['contig']], contigRanges: [{ pfn: 1, nr: 7 }], contigPerCpu: 1 },
  },
  /** Offline_pages() of a section whose last pageblock holds an unmovable page: its isolation fails and the section stays online. */
  'offline-fail': {
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 1 CPU: offline_pages() of a section whose last pageblock holds an unmovable page: its isolation fails and the section stays online',
    pages: 8,
    pagesPerSection: 4,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 1,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pageblockTypes: ['MOVABLE', 'MOVABLE', 'MOVABLE', 'UNMOVABLE'],
    preallocated: [{ pfn: 7, order: 0, pinned: true, movable: false }],
    pcp: { batch: 2, high: 4, orders: [0] },
    workload: { allocOrders: [0], allocsPerCpu: 0 },
    isolation: { roles: [['offline']], offlineRanges: [{ pfn: 4, nr: 4 }], offlinesPerCpu: 1 },
  },
  /** Two CPUs that allocate order-1 blocks (compound or not), split them, take speculative references, free, drain one or all pagesets: the isolation model's paths outside isolation. */
  'tasks': {
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: two CPUs that allocate order-1 blocks (compound or not), split them, take speculative references, free, drain one or all pagesets: the isolation model\'s paths outside isolation',
    pages: 8,
    pagesPerSection: 4,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pcp: { batch: 2, high: 4, orders: [0], drainsPerCpu: 1, drainAll: true },
    workload: { allocOrders: [1], allocsPerCpu: 1, compound: 'both', splitPage: true, specRefsPerCpu: 1 },
    isolation: { roles: [['alloc', 'free', 'drain'], ['alloc', 'free']] },
  },
  /**
   * Alloc_contig_range() of a pageblock that a held order-1 block fills, with speculative
   * references that arrive at any time: the block is migrated (its tails freed while a reference
   * may hold its head), and a reference may land on a page the call hands out.
   */
  'contig-spec-any': {
    description:
      "8 pfns in 2 sections of 4, MAX_PAGE_ORDER 2, pageblock_order 1, pfn 2-3 held as one order-1 block; cpu0: alloc_contig_range(2, 4), which migrates it; cpu1: 1 MOVABLE order-0 allocation, frees; each CPU 1 speculative reference on any pfn in use, taken a step after its lookup (one may land on a page the call hands out, which the caller then shares with it)",
    ...SMALL,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 2, order: 1 }],
    pcp: PCP,
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'], specRefsPerCpu: 1, specLookup: 'any' },
    isolation: { roles: [['contig'], ['alloc', 'free']], contigRanges: [{ pfn: 2, nr: 2 }], contigPerCpu: 1 },
  },
  /** Alloc_contig_range() of a MOVABLE pageblock beside a CMA one while its CPU allocates MOVABLE and UNMOVABLE blocks: the allocator's CMA balance, CMA fallback and claims around an isolation. */
  'contig-beside-cma': {
    description:
      '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 2, 1 CPU: alloc_contig_range(4, 8) of a MOVABLE pageblock beside a CMA one (pfn 0 held) while the same CPU allocates MOVABLE and UNMOVABLE blocks of order 0-2, frees and drains: __rmqueue() balances MOVABLE allocations into CMA, falls back to CMA and claims a pageblock for UNMOVABLE ones, in refills and in rmqueue_buddy(), around the isolation',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 2,
    cpus: 1,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
    pageblockTypes: ['CMA', 'MOVABLE'],
    preallocated: [{ pfn: 0, order: 0 }],
    pcp: { batch: 2, high: 4, orders: [0], drainsPerCpu: 1 },
    workload: { allocOrders: [0, 1, 2], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE', 'UNMOVABLE'] },
    isolation: { roles: [['contig', 'alloc', 'free', 'drain']], contigRanges: [{ pfn: 4, nr: 4, cma: false }], contigPerCpu: 1 },
  },
  /** Offline_pages() of the MOVABLE section beside an UNMOVABLE one while the other CPU allocates, frees and drains: MOVABLE allocations fall back to the UNMOVABLE pageblock and claim it, and the isolation of a range of one pageblock. */
  'offline-beside-unmovable': {
    description:
      '8 pfns, 2 sections of 4 (VMEMMAP), MAX_PAGE_ORDER 2, pageblock_order 2, 2 CPUs: offline_pages(4, 4) of the MOVABLE section beside an UNMOVABLE one (pfn 0 held) while cpu1 allocates MOVABLE blocks of order 0-2, frees and drains: with the MOVABLE pageblock isolated, refills and rmqueue_buddy() fall back to the UNMOVABLE pageblock and claim it; the isolation of a range of one pageblock',
    pages: 8,
    pagesPerSection: 4,
    maxOrder: 2,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pageblockTypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 0, order: 0 }],
    pcp: { batch: 2, high: 4, orders: [0], drainsPerCpu: 1 },
    workload: { allocOrders: [0, 1, 2], allocsPerCpu: 1 },
    isolation: { roles: [['offline'], ['alloc', 'free', 'drain']], offlineRanges: [{ pfn: 4, nr: 4 }], offlinesPerCpu: 1 },
  },
  /** Offline_pages() of a section of four pageblocks whose third holds an unmovable page, while cpu1 allocates and frees: the isolation fails in the middle and the pageblocks isolated before it are put back, their free pages moved under a racing allocator. */
  'offline-fail-middle': {
    description: '8 pfns in 1 section, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: offline_pages() of the section, whose third pageblock holds an unmovable page, fails in the middle of start_isolate_page_range() and undoes the first two; cpu1 allocates orders 0-1 and frees',
    ...ONE_SECTION,
    cpus: 2,
    pageblockTypes: ['MOVABLE', 'MOVABLE', 'UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 4, order: 0, pinned: true, movable: false }],
    pcp: PCP,
    workload: { allocOrders: [0, 1], allocsPerCpu: 1 },
    isolation: { roles: [['offline'], ['alloc', 'free']], offlineRanges: [{ pfn: 0, nr: 8 }], offlinesPerCpu: 1 },
  },
  /** Offline_pages() of a section of four pageblocks whose last holds an unmovable page: the last isolation fails, and the first and middle ones are undone. */
  'offline-fail-last': {
    description: '8 pfns in 1 section, MAX_PAGE_ORDER 2, pageblock_order 1, 1 CPU: offline_pages() of the section, whose last pageblock holds an unmovable page: the last isolation fails and the first and middle ones are undone',
    ...ONE_SECTION,
    cpus: 1,
    pageblockTypes: ['MOVABLE', 'MOVABLE', 'MOVABLE', 'UNMOVABLE'],
    preallocated: [{ pfn: 7, order: 0, pinned: true, movable: false }],
    pcp: PCP,
    workload: { allocOrders: [0], allocsPerCpu: 0 },
    isolation: { roles: [['offline']], offlineRanges: [{ pfn: 0, nr: 8 }], offlinesPerCpu: 1 },
  },
  /** Alloc_contig_range() of four pageblocks failing at the third (an unmovable page) while cpu1 allocates orders 0-1 and frees. */
  'contig-fail-middle-tasks': {
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: alloc_contig_range() of four pageblocks whose third holds an unmovable page fails in the middle and puts the first two back, while cpu1 allocates orders 0-1 and frees',
    ...ONE_SECTION,
    cpus: 2,
    pageblockTypes: ['MOVABLE', 'MOVABLE', 'UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 4, order: 0, pinned: true, movable: false }],
    pcp: PCP,
    workload: { allocOrders: [0, 1], allocsPerCpu: 1 },
    isolation: { roles: [['contig'], ['alloc', 'free']], contigRanges: [{ pfn: 0, nr: 8 }], contigPerCpu: 1 },
  },
  /** Alloc_contig_range() from inside the first pageblock to an unmovable page in the last, while cpu1 allocates orders 0-1 and frees. */
  'contig-fail-last-tasks': {
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: alloc_contig_range(1, 8) fails at its last pageblock (an unmovable page) and undoes the first and middle ones, while cpu1 allocates orders 0-1 and frees',
    ...ONE_SECTION,
    cpus: 2,
    pageblockTypes: ['MOVABLE', 'MOVABLE', 'MOVABLE', 'UNMOVABLE'],
    preallocated: [{ pfn: 7, order: 0, pinned: true, movable: false }],
    pcp: PCP,
    workload: { allocOrders: [0, 1], allocsPerCpu: 1 },
    isolation: { roles: [['contig'], ['alloc', 'free']], contigRanges: [{ pfn: 1, nr: 7 }], contigPerCpu: 1 },
  },
  /** Alloc_contig_range() of pfn 2-5 over a held order-1 block and a held page: both migrated, their sources freed with PCP lists of orders 0 and 1. */
  'contig-migrate': {
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 1 CPU: alloc_contig_range(2, 6) over a held order-1 block at pfn 2 and a held page at pfn 5, both migrated (PCP orders 0 and 1)',
    ...ONE_SECTION,
    cpus: 1,
    preallocated: [{ pfn: 2, order: 1 }, { pfn: 5, order: 0 }],
    pcp: { batch: 2, high: 4, orders: [0, 1] },
    workload: { allocOrders: [0], allocsPerCpu: 0 },
    isolation: { roles: [['contig']], contigRanges: [{ pfn: 2, nr: 4 }], contigPerCpu: 1 },
  },
  /** Alloc_contig_range(1, 5) (pageblocks 0-2) while cpu1 allocates a compound order-2 block: one at pfn 4 straddles the range's last edge (pfn 6), isolate_single_pageblock()'s scan fails the last isolation, and the last and the first are given back. */
  'contig-straddler-last': {
    description: "8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: alloc_contig_range(1, 5) while cpu1 allocates a compound order-2 block and frees it: a block at pfn 4 straddles the last edge of the range's pageblocks (pfn 6), the scan after the last isolation fails, and the last and the first are given back",
    ...ONE_SECTION,
    cpus: 2,
    pcp: PCP,
    workload: { allocOrders: [2], allocsPerCpu: 1, compound: 'always' },
    isolation: { roles: [['contig'], ['alloc', 'free']], contigRanges: [{ pfn: 1, nr: 4 }], contigPerCpu: 1 },
  },
  /** Alloc_contig_range(2, 8) while cpu1 allocates a compound order-2 block: a block at pfn 0 straddles the range's first pageblock edge. */
  'contig-straddler-first': {
    description: "8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: alloc_contig_range(2, 8) while cpu1 allocates a compound order-2 block and frees it: a block at pfn 0 straddles the range's first edge and the first isolation's scan fails",
    ...ONE_SECTION,
    cpus: 2,
    pcp: PCP,
    workload: { allocOrders: [2], allocsPerCpu: 1, compound: 'always' },
    isolation: { roles: [['contig'], ['alloc', 'free']], contigRanges: [{ pfn: 2, nr: 6 }], contigPerCpu: 1 },
  },
  /**
   * Offline_pages() of section 1 (pageblocks 2-3) whose first pageblock is CMA: has_unmovable_pages()
   * refuses a CMA pageblock to memory offline, so set_migratetype_isolate() fails with -EBUSY at the
   * range's first pageblock and there is nothing to give back; zone_pcp_disable()'s drain frees
   * pages beside a CMA pageblock, and the pageblock rule stops their merge.
   */
  'offline-cma-first': {
    description: '8 pfns, 2 sections of 4 (VMEMMAP), MAX_PAGE_ORDER 2, pageblock_order 1, pageblocks CMA, MOVABLE, CMA, MOVABLE, 1 CPU (batch 2, high 4): offline_pages(4, 4) fails at its first pageblock (CMA), around 1 allocation of order 0-2, frees and 1 drain',
    ...OFFLINE_ONE_CPU,
    pageblockTypes: ['CMA', 'MOVABLE', 'CMA', 'MOVABLE'],
  },
  /**
   * Offline_pages() of section 1 whose last pageblock is CMA: the first pageblock is isolated, the
   * last fails with -EBUSY, and undoing the first puts its free pages back with
   * __putback_isolated_page(), whose merge the pageblock rule stops at the CMA pageblock.
   */
  'offline-cma-last': {
    description: '8 pfns, 2 sections of 4 (VMEMMAP), MAX_PAGE_ORDER 2, pageblock_order 1, pageblocks CMA, MOVABLE, MOVABLE, CMA, 1 CPU (batch 2, high 4): offline_pages(4, 4) fails at its last pageblock (CMA) and gives the first back, around 1 allocation of order 0-2, frees and 1 drain',
    ...OFFLINE_ONE_CPU,
    pageblockTypes: ['CMA', 'MOVABLE', 'MOVABLE', 'CMA'],
  },
  /** As `offline-cma-last` with MAX_PAGE_ORDER 1 = pageblock_order: no free buddy spans pageblocks, and giving the first pageblock back moves its free pages without a split. */
  'offline-cma-last-max-order': {
    description: '8 pfns, 2 sections of 4 (VMEMMAP), MAX_PAGE_ORDER 1, pageblock_order 1, pageblocks CMA, MOVABLE, MOVABLE, CMA, 1 CPU (batch 2, high 4): offline_pages(4, 4) fails at its last pageblock (CMA) and gives the first back without a split, around 1 allocation of order 0-1, frees and 1 drain',
    ...OFFLINE_ONE_CPU,
    maxOrder: 1,
    pageblockTypes: ['CMA', 'MOVABLE', 'MOVABLE', 'CMA'],
    workload: { allocOrders: [0, 1], allocsPerCpu: 1 },
  },
  /** Offline_pages() of section 1 with MAX_PAGE_ORDER 1 = pageblock_order, all MOVABLE: the last pageblock is isolated without a split (pageblock_order == MAX_PAGE_ORDER). */
  'offline-max-order': {
    description: '8 pfns, 2 sections of 4 (VMEMMAP), MAX_PAGE_ORDER 1, pageblock_order 1, all MOVABLE, 1 CPU (batch 2, high 4): offline_pages(4, 4), around 1 allocation of order 0-1, frees and 1 drain',
    ...OFFLINE_ONE_CPU,
    maxOrder: 1,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    workload: { allocOrders: [0, 1], allocsPerCpu: 1 },
  },
  /**
   * Alloc_contig_range() of the UNMOVABLE pageblock 1 between a CMA and a MOVABLE one: its drain
   * merges pages of the two mergeable types, and free_contig_range()'s frees stop at the CMA
   * pageblock.
   */
  'contig-unmovable-beside-cma': {
    description: '8 pfns, 1 section, MAX_PAGE_ORDER 2, pageblock_order 1, pageblocks CMA, UNMOVABLE, MOVABLE, MOVABLE, 1 CPU (batch 2, high 4): alloc_contig_range(2, 4), then free_contig_range, around 1 allocation of order 0-2, frees and 1 drain',
    ...CONTIG_ONE_CPU,
    pageblockTypes: ['CMA', 'UNMOVABLE', 'MOVABLE', 'MOVABLE'],
  },
  /**
   * MAX_PAGE_ORDER 3 over four pageblocks (MAX_PAGE_ORDER = pageblock_order + 2), pfn 0 held:
   * once it is freed, isolating pageblock 1 cuts an order-3 buddy, and split_large_buddy()'s
   * pieces merge again where both are MOVABLE (pfn 4-7).
   */
  'contig-split-merge': {
    description: '8 pfns, 1 section, MAX_PAGE_ORDER 3, pageblock_order 1, all MOVABLE, pfn 0 held, 1 CPU (batch 2, high 4): alloc_contig_range(2, 4), then free_contig_range, around 1 allocation of order 0-3, frees (pfn 0 too) and 1 drain',
    ...CONTIG_ONE_CPU,
    maxOrder: 3,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 0, order: 0 }],
    workload: { allocOrders: [0, 1, 2, 3], allocsPerCpu: 1 },
  },
  /** Compaction's free scanner with MAX_PAGE_ORDER 1 = pageblock_order: a free block can cover the whole pageblock, so that one take leaves the scanner's cursor at the pageblock's end. */
  'compaction-max-order': {
    description: "8 pfns, 1 section, MAX_PAGE_ORDER 1, pageblock_order 1, all MOVABLE, 1 CPU (batch 2, high 4): 1 run of compaction's free scanner, around 1 allocation of order 0-1, frees and 1 drain",
    ...CONTIG_ONE_CPU,
    maxOrder: 1,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    workload: { allocOrders: [0, 1], allocsPerCpu: 1 },
    isolation: { roles: [['compact', 'alloc', 'free', 'drain']], compactionsPerCpu: 1 },
  },
  /**
   * Offline_pages() of a section of eight one-page pageblocks (pageblock_order 0, MAX_PAGE_ORDER 3:
   * every free buddy spans pageblocks) whose fifth holds an unmovable page: isolating the first,
   * the last and the middle pageblocks cuts the free buddies around each, the isolation fails at
   * pfn 12, and the pageblocks isolated before it are given back, merging again.
   */
  'offline-one-page-blocks': {
    description: '16 pfns, 2 sections of 8 (VMEMMAP), MAX_PAGE_ORDER 3, pageblock_order 0, pfn 12 pinned and unmovable, 1 CPU (batch 2, high 4): offline_pages(8, 8) fails in the middle of the range at pfn 12, with frees and 1 drain',
    ...ONE_PAGE_BLOCKS_OFFLINE,
    preallocated: [{ pfn: 12, order: 0, pinned: true, movable: false }],
  },
  /** As `offline-one-page-blocks` with the unmovable page at pfn 9: the first middle pageblock fails, right after the last was isolated, so the last and the first are given back. */
  'offline-one-page-blocks-fail-early': {
    description: '16 pfns, 2 sections of 8 (VMEMMAP), MAX_PAGE_ORDER 3, pageblock_order 0, pfn 9 pinned and unmovable, 1 CPU (batch 2, high 4): offline_pages(8, 8) fails at the first middle pageblock (pfn 9), with frees and 1 drain',
    ...ONE_PAGE_BLOCKS_OFFLINE,
    preallocated: [{ pfn: 9, order: 0, pinned: true, movable: false }],
  },
  /**
   * Offline_pages() migrates a held non-compound order-1 block (pfn 6-7) while a speculative
   * reference may hold its head: __free_pages() then frees the tail alone (free_tail), into the
   * isolated pageblock.
   */
  'offline-migrate-tails': {
    description: '8 pfns, 2 sections of 4 (VMEMMAP), MAX_PAGE_ORDER 2, pageblock_order 1, pfn 6-7 held (non-compound, movable), 2 CPUs (batch 2, high 4): cpu0 offline_pages(4, 4); cpu1 frees, 1 drain; each CPU 1 speculative reference on any pfn in use, taken a step after its lookup',
    pages: 8,
    pagesPerSection: 4,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 6, order: 1 }],
    pcp: { ...PCP, drainsPerCpu: 1 },
    workload: { allocOrders: [0, 1], allocsPerCpu: 0, specRefsPerCpu: 1, specLookup: 'any' },
    isolation: { roles: [['offline'], ['alloc', 'free', 'drain']], offlineRanges: [{ pfn: 4, nr: 4 }], offlinesPerCpu: 1 },
  },
  /** Alloc_contig_range(3, 7) over one-page pageblocks (pageblock_order 0, MAX_PAGE_ORDER 2): the middle pageblocks' isolation cuts free buddies that span them, while cpu1 drains. */
  'contig-one-page-blocks': {
    description: '16 pfns, 1 section, MAX_PAGE_ORDER 2, pageblock_order 0, all free, 2 CPUs (batch 2, high 4): cpu0 alloc_contig_range(3, 7), then free_contig_range; cpu1 1 drain',
    ...ONE_PAGE_BLOCKS_CONTIG,
    pages: 16,
    pagesPerSection: 16,
    isolation: { roles: [['contig'], ['alloc', 'free', 'drain']], contigRanges: [{ pfn: 3, nr: 4 }], contigPerCpu: 1 },
  },
  /** Alloc_contig_range(2, 6) over one-page pageblocks, pfn 3 CMA: has_unmovable_pages() refuses the CMA pageblock to a non-CMA allocation, so the first middle pageblock fails and the last and the first are given back. */
  'contig-fail-at-cma': {
    description: '8 pfns, 1 section, MAX_PAGE_ORDER 2, pageblock_order 0, pfn 3 CMA, all free, 2 CPUs (batch 2, high 4): cpu0 alloc_contig_range(2, 6) fails at the CMA pageblock; cpu1 1 drain',
    ...ONE_PAGE_BLOCKS_CONTIG,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
    pageblockTypes: ['MOVABLE', 'MOVABLE', 'MOVABLE', 'CMA', 'MOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE'],
    isolation: { roles: [['contig'], ['alloc', 'free', 'drain']], contigRanges: [{ pfn: 2, nr: 4 }], contigPerCpu: 1 },
  },
  /** As `contig-fail-at-cma` with pageblocks of two pages and MAX_PAGE_ORDER 3 (pageblock_order + 2): giving the isolated pageblocks back puts free buddies back that merge across them. */
  'contig-fail-at-cma-max-order': {
    description: '8 pfns, 1 section, MAX_PAGE_ORDER 3, pageblock_order 1, pageblock 2 CMA, all free, 1 CPU (batch 2, high 4): alloc_contig_range(2, 7) fails at the CMA pageblock, with frees and 1 drain',
    ...CONTIG_ONE_CPU,
    maxOrder: 3,
    pageblockTypes: ['MOVABLE', 'MOVABLE', 'CMA', 'MOVABLE'],
    workload: { allocOrders: [0], allocsPerCpu: 0 },
    isolation: { roles: [['contig', 'alloc', 'free', 'drain']], contigRanges: [{ pfn: 2, nr: 5 }], contigPerCpu: 1 },
  },
  /** Alloc_contig_range() of the whole zone (four pageblocks of four pages) whose third holds an unmovable page: the middle isolation fails and the earlier ones are undone, while cpu1 drains. */
  'contig-zone-fail-middle': {
    description: '16 pfns, 1 section, MAX_PAGE_ORDER 2, pageblock_order 2, pfn 9 pinned and unmovable, 2 CPUs (batch 2, high 4): cpu0 alloc_contig_range(0, 16) fails at pageblock 2; cpu1 1 drain',
    pages: 16,
    pagesPerSection: 16,
    maxOrder: 2,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 9, order: 0, pinned: true, movable: false }],
    pcp: { ...PCP, drainsPerCpu: 1 },
    workload: { allocOrders: [0], allocsPerCpu: 0 },
    isolation: { roles: [['contig'], ['alloc', 'free', 'drain']], contigRanges: [{ pfn: 0, nr: 16 }], contigPerCpu: 1 },
  },
  /** Alloc_contig_range(1, 8) over two pageblocks of four pages, the last holding an unmovable page, while cpu1 allocates blocks of order 0 or 2, frees them and takes a speculative reference: the last isolation fails and the first is given back. */
  'contig-fail-last-spec': {
    description: '8 pfns, 1 section, MAX_PAGE_ORDER 2, pageblock_order 2, pfn 5 pinned and unmovable, 2 CPUs (batch 2, high 4): cpu0 alloc_contig_range(1, 8) fails at its last pageblock; cpu1 1 allocation of order 0 or 2, frees, 1 drain; each CPU 1 speculative reference on any pfn in use, taken a step after its lookup',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 5, order: 0, pinned: true, movable: false }],
    pcp: { ...PCP, drainsPerCpu: 1 },
    workload: { allocOrders: [0, 2], allocsPerCpu: 1, specRefsPerCpu: 1, specLookup: 'any' },
    isolation: { roles: [['contig'], ['alloc', 'free', 'drain']], contigRanges: [{ pfn: 1, nr: 7 }], contigPerCpu: 1 },
  },
  /**
   * Alloc_contig_range(4, 8) migrates pfn 4-7, held as one non-compound order-2 block, while a
   * speculative reference may hold its head: __free_pages() then frees the order-1 and order-0
   * tails (free_tail) into the isolated pageblocks, where they merge up to MAX_PAGE_ORDER.
   */
  'contig-migrate-tails': {
    description: '8 pfns in 2 sections of 4, MAX_PAGE_ORDER 2, pageblock_order 1, pfn 4-7 held (non-compound order 2, movable), 2 CPUs (PCP orders 0-1, batch 2, high 4): cpu0 alloc_contig_range(4, 8), which migrates the block; cpu1 1 MOVABLE order-0 allocation, frees; each CPU 1 speculative reference on any pfn in use, taken a step after its lookup',
    ...SMALL,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 4, order: 2 }],
    pcp: { ...PCP, orders: [0, 1] },
    workload: MIGRATE_TAILS_WORKLOAD,
    isolation: { roles: [['contig'], ['alloc', 'free']], contigRanges: [{ pfn: 4, nr: 4 }], contigPerCpu: 1 },
  },
  /**
   * As `contig-migrate-tails` over alloc_contig_range(4, 6), which isolates pageblock 2 alone: the
   * order-1 tail (pfn 6-7) lies in pageblock 3, not isolated, so its free goes to the PCP list,
   * and with high 0 straight on to free_pcppages_bulk().
   */
  'contig-migrate-tails-pcp': {
    description: '8 pfns in 2 sections of 4, MAX_PAGE_ORDER 2, pageblock_order 1, pfn 4-7 held (non-compound order 2, movable), 2 CPUs (PCP orders 0-1, batch 1, high 0): cpu0 alloc_contig_range(4, 6), which migrates the block and frees its order-1 tail outside the isolated pageblock; cpu1 1 MOVABLE order-0 allocation, frees; each CPU 1 speculative reference on any pfn in use, taken a step after its lookup',
    ...SMALL,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 4, order: 2 }],
    pcp: { batch: 1, high: 0, orders: [0, 1] },
    workload: MIGRATE_TAILS_WORKLOAD,
    isolation: { roles: [['contig'], ['alloc', 'free']], contigRanges: [{ pfn: 4, nr: 2 }], contigPerCpu: 1 },
  },
  /** As `contig-migrate-tails-pcp` in one section, with high 3 and cpu1 allocating order-1 blocks and draining: the tail's PCP free stays below high or crosses it as cpu1's pages come and go. */
  'contig-migrate-tails-pcp-high': {
    description: '8 pfns, 1 section, MAX_PAGE_ORDER 2, pageblock_order 1, pfn 4-7 held (non-compound order 2, movable), 2 CPUs (PCP orders 0-1, batch 1, high 3, scale 0): cpu0 alloc_contig_range(4, 6), which migrates the block and frees its order-1 tail outside the isolated pageblock; cpu1 1 MOVABLE order-1 allocation, frees, 1 drain; each CPU 1 speculative reference on any pfn in use, taken a step after its lookup',
    ...SMALL,
    pagesPerSection: 8,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 4, order: 2 }],
    pcp: { batch: 1, high: 3, orders: [0, 1], drainsPerCpu: 1, scaleMax: 0 },
    workload: { ...MIGRATE_TAILS_WORKLOAD, allocOrders: [1] },
    isolation: { roles: [['contig'], ['alloc', 'free', 'drain']], contigRanges: [{ pfn: 4, nr: 2 }], contigPerCpu: 1 },
  },
  /** As `contig-migrate-tails` over pageblocks MOVABLE, UNMOVABLE, UNMOVABLE, CMA with pfn 1 held and drain_all_pages() on cpu1: a freed tail, and a pageblock given back when an isolation is undone, meet buddies of a pageblock of another type, which they do not merge with; high 0 flushes every PCP free. */
  'contig-migrate-tails-types': {
    description: '8 pfns in 2 sections of 4, MAX_PAGE_ORDER 2, pageblock_order 1, pageblocks MUUC, pfn 1 held, pfn 4-7 held (non-compound order 2), 2 CPUs (PCP orders 0-1, batch 1, high 0): cpu0 alloc_contig_range(4, 8), which migrates the block; cpu1 1 MOVABLE order-0 allocation, frees, 1 drain (drain_all_pages() too); each CPU 1 speculative reference on any pfn in use, taken a step after its lookup',
    ...SMALL,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
    pageblockTypes: ['MOVABLE', 'UNMOVABLE', 'UNMOVABLE', 'CMA'],
    preallocated: [
      { pfn: 4, order: 2 },
      { pfn: 1, order: 0 },
    ],
    pcp: { batch: 1, high: 0, orders: [0, 1], drainsPerCpu: 1, drainAll: true, scaleMax: 1 },
    workload: MIGRATE_TAILS_WORKLOAD,
    isolation: { roles: [['contig'], ['alloc', 'free', 'drain']], contigRanges: [{ pfn: 4, nr: 4 }], contigPerCpu: 1 },
  },
  /** Alloc_contig_range(4, 8) migrates a compound order-1 block that cpu1 allocated, while a speculative reference may hold it: migration's put is then not the last, and the head stays with the reference (__free_pages() frees nothing). */
  'contig-migrate-compound': {
    description: '8 pfns in 2 sections of 4, MAX_PAGE_ORDER 2, pageblock_order 1, all free, 2 CPUs (PCP orders 0-1, batch 2, high 4): cpu0 alloc_contig_range(4, 8), which migrates what cpu1 holds there; cpu1 1 MOVABLE compound order-1 allocation, frees; each CPU 1 speculative reference on any pfn in use, taken a step after its lookup',
    ...SMALL,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pcp: { ...PCP, orders: [0, 1] },
    workload: { ...MIGRATE_TAILS_WORKLOAD, allocOrders: [1], compound: 'always' },
    isolation: { roles: [['contig'], ['alloc', 'free']], contigRanges: [{ pfn: 4, nr: 4 }], contigPerCpu: 1 },
  },
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
