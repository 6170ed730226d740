/**
 * Small configurations of the isolation model that each reach paths its named scenarios
 * (./configs.ts) never take: the suite checks that every edge and event is reached by one of the
 * model's configurations or declared unreachable with its reason (src/coverage/model.ts), and
 * these are the ones that reach the rest: failed isolations and their undo, offline of CMA and of
 * one-page pageblocks, migrated blocks whose tails are freed alone, compaction's free scanner,
 * adjacent ranges, the HIGHATOMIC reserve's races and last resort, a poisoned page offlined.
 */
import type { ConfigInput } from '../../src/config/schema.ts';
import { PCP, SMALL } from './zones.ts';

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

/** The path-reaching configurations, in the order the suite and the manifest list them (after the named scenarios). */
export const coverageConfigs: Record<string, ConfigInput> = {
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
  /** Alloc_contig_range(4, 6), one pageblock, while cpu1 allocates a compound order-2 block, which can only be pfn 4-7 (pfn 0-3 pinned): it straddles the range's end (pfn 6), so the second isolate_single_pageblock() (skip_isolation) fails its scan and start_isolate_page_range() gives the one pageblock back. */
  'contig-straddler-single': {
    description: "8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, pfn 0-3 pinned, 2 CPUs: alloc_contig_range(4, 6) of one pageblock while cpu1 allocates a compound order-2 block (pfn 4) and frees it: the block straddles the range's end, the scan at that edge fails after the pageblock was isolated, and it is given back",
    ...ONE_SECTION,
    cpus: 2,
    preallocated: [{ pfn: 0, order: 2, pinned: true }],
    pcp: PCP,
    workload: { allocOrders: [2], allocsPerCpu: 1, compound: 'always' },
    isolation: { roles: [['contig'], ['alloc', 'free']], contigRanges: [{ pfn: 4, nr: 2 }], contigPerCpu: 1 },
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
  /**
   * Two alloc_contig_range() calls on adjacent ranges fail on one compound order-2 block at pfn 4,
   * which straddles cpu0's last edge (pfn 6) and cpu1's first: when cpu2 frees it while both calls
   * still hold their pageblocks isolated, its two halves merge across the calls' boundary (both
   * MIGRATE_ISOLATE), and each call's undo meets a free buddy larger than its pageblock:
   * move_freepages_block_isolate() splits it, from its head (cpu0's last pageblock) or from inside
   * it (cpu1's first). cpu1's range also takes pageblock 4, which an unmovable page keeps from
   * being isolated, so that it never reaches find_large_buddy() (whose outer_start would lie in
   * cpu0's pageblock: examples/isolation-adjacent-ranges.json).
   */
  'contig-adjacent-merged-undo': {
    description:
      "16 pfns in one section, MAX_PAGE_ORDER 2, pageblock_order 1, pageblock 4 UNMOVABLE, pfn 0-1, 8 and 12-15 pinned, 3 CPUs: cpu0 alloc_contig_range(2, 6), cpu1 alloc_contig_range(6, 10), cpu2 allocates a compound order-2 block (pfn 4) and frees it: the block straddles both ranges' edges, both isolations fail, and when it is freed between them its halves merge into an isolated order-2 buddy that each call's undo splits",
    pages: 16,
    pagesPerSection: 16,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 3,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    pageblockTypes: ['MOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE', 'UNMOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE'],
    preallocated: [
      { pfn: 0, order: 1, pinned: true },
      { pfn: 8, order: 0, pinned: true },
      { pfn: 12, order: 2, pinned: true },
    ],
    pcp: PCP,
    workload: { allocOrders: [2], allocsPerCpu: 1, compound: 'always', allocMigratetypes: ['MOVABLE'] },
    isolation: {
      roles: [['contig'], ['contig'], ['alloc', 'free']],
      contigRanges: [
        { pfn: 2, nr: 4, cpu: 0 },
        { pfn: 6, nr: 4, cpu: 1 },
      ],
      contigPerCpu: 1,
    },
  },
  /**
   * The HIGHATOMIC reserve as the last resort of an order-0 GFP_ATOMIC allocation (ALLOC_NON_BLOCK
   * without ALLOC_HIGHATOMIC): an atomic order-1 allocation reserves pageblock 0 and leaves its
   * other order-1 block on free_list[HIGHATOMIC]; pageblock 1 is pinned, so the order-0 one finds
   * its pageset empty, rmqueue_bulk() nothing, and rmqueue_buddy() splits the reserved block after
   * __rmqueue() fails.
   */
  'highatomic-reserve-last': {
    description: '8 pfns in 1 section, MAX_PAGE_ORDER 2, pageblock_order 2, pfn 4-7 pinned, 1 CPU (PCP order 0, batch 2, high 4): 2 MOVABLE allocations of order 0 or 1, atomic or not, reserve limit 1 pageblock: an atomic order-0 allocation that only the reserve can serve takes it from rmqueue_buddy()\'s last try',
    ...ONE_SECTION,
    pageblockOrder: 2,
    cpus: 1,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'HIGHATOMIC'],
    preallocated: [{ pfn: 4, order: 2, pinned: true }],
    pcp: PCP,
    workload: { allocOrders: [0, 1], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE'] },
    isolation: { roles: [['alloc']], atomicAllocs: true, highatomicPageblocks: 1 },
  },
  /** drain_all_pages() flushes an order-1 MOVABLE block from the other CPU's pageset beside a free CMA pageblock: the bulk free's merge stops at the pageblock rule. */
  'drain-all-beside-cma': {
    description: '8 pfns in 1 section, MAX_PAGE_ORDER 2, pageblock_order 1, pageblocks MCMM, 2 CPUs (PCP orders 0-1, batch 2, high 4): cpu0 1 MOVABLE order-1 allocation and its free; cpu1 1 drain, drain_all_pages() too: the block drained from cpu0\'s pageset meets its free CMA buddy, which it does not merge with',
    ...ONE_SECTION,
    cpus: 2,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
    pageblockTypes: ['MOVABLE', 'CMA', 'MOVABLE', 'MOVABLE'],
    pcp: { ...PCP, orders: [0, 1], drainsPerCpu: 1, drainAll: true },
    workload: { allocOrders: [1], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'] },
    isolation: { roles: [['alloc', 'free'], ['drain']] },
  },
  /**
   * A page poisoned while its caller held it (PG_hwpoison, off the LRU), in the section
   * offline_pages() removes: has_unmovable_pages() and test_pages_isolated() accept it when
   * offlining, __offline_isolated_pages() skips it, and the caller's free, or the last put of a
   * speculative reference, is refused by free_pages_prepare(), before or after the offline.
   */
  'offline-hwpoison': {
    description: '8 pfns, 2 sections of 4 (VMEMMAP), MAX_PAGE_ORDER 2, pageblock_order 1, pfn 5 held and hwpoisoned, 2 CPUs (batch 2, high 4): cpu0 offline_pages(4, 4); cpu1 1 order-0 allocation, frees (pfn 5 too), 1 drain; each CPU 1 speculative reference on any pfn in use, taken a step after its lookup',
    ...SMALL,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 5, order: 0 }],
    pcp: { ...PCP, drainsPerCpu: 1 },
    workload: { allocOrders: [0], allocsPerCpu: 1, specRefsPerCpu: 1, specLookup: 'any' },
    isolation: { roles: [['offline'], ['alloc', 'free', 'drain']], offlineRanges: [{ pfn: 4, nr: 4 }], offlinesPerCpu: 1, hwpoison: [5] },
  },
  /** Two CPUs' atomic order-1 allocations against a reserve limit of one pageblock: both read the limit unreached without the lock, one reserves, and the other's recheck under zone->lock finds the limit reached. */
  'highatomic-reserve-race': {
    description: '8 pfns in 1 section, MAX_PAGE_ORDER 2, pageblock_order 2, 2 CPUs (PCP order 0, batch 2, high 4): each CPU 1 MOVABLE order-1 allocation, atomic or not, reserve limit 1 pageblock: reserve_highatomic_pageblock() on both CPUs, whose unlocked check of the limit races with the other\'s reservation',
    ...ONE_SECTION,
    pageblockOrder: 2,
    cpus: 2,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'HIGHATOMIC'],
    pcp: PCP,
    workload: { allocOrders: [1], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'] },
    isolation: { roles: [['alloc'], ['alloc']], atomicAllocs: true, highatomicPageblocks: 1 },
  },
};
