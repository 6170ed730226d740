/**
 * Named configurations of the contig model. Every one has two sections, so that a range or a
 * run of pfns meets a section boundary; each is small enough to explore in a few seconds.
 * The first five check the three pairs under concurrency (a speculative reference on a page of
 * the range, a page free_pages_prepare() refuses, another CPU's allocations and drains); the last
 * four are one-CPU scenarios that mirror the seeds' own measurements, for the cost tables of
 * `pagecheck validate` and bench/seed-scenarios.ts.
 */
import type { ConfigInput } from '../../src/config/schema.ts';
import { LARGE_FUZZ_ZONE } from '../mm/fuzz-geometry.ts';
import { CMA_BUDDY, fromPcp } from '../pcp/configs.ts';

const TYPES: ConfigInput['migratetypes'] = ['UNMOVABLE', 'MOVABLE'];

/** Reference §9 small geometry: 16 pfns, 2 sections of 8, MAX_PAGE_ORDER 2, pageblock_order 1 (PCP orders 0 and 1). */
const SMALL = { pages: 16, pagesPerSection: 8, maxOrder: 2, pageblockOrder: 1, cpus: 2, migratetypes: TYPES } as const;
/**
 * The scenarios' geometry: 64 pfns in 2 sections of 32, MAX_PAGE_ORDER 3, pageblock_order 2 (PCP
 * orders 0, 1 and the THP order 2), one CPU whose pageset holds up to 16 pages: room for a THP
 * refill (two blocks) and a freed chunk, as a server's pageset has room for order-9 blocks.
 */
const THP = { pages: 64, pagesPerSection: 32, maxOrder: 3, pageblockOrder: 2, cpus: 1, migratetypes: TYPES, pcp: { batch: 2, high: 16 } } as const;

/** pfn..pfn+n-1 held by a caller as order-0 pages (split_page'd blocks), at boot. */
function heldPages(pfn: number, n: number): { pfn: number; order: number }[] {
  return Array.from({ length: n }, (_, i) => ({ pfn: pfn + i, order: 0 }));
}

/** Pinned pages (never freed): what other users hold in a small, busy zone. */
function pinned(pfns: readonly number[]): { pfn: number; order: number; pinned: boolean }[] {
  return pfns.map((pfn) => ({ pfn, order: 0, pinned: true }));
}

/**
 * free_contig_range(1, 10) over pfn 1..10, which crosses the section boundary at pfn 8 and a
 * max-order block of UNMOVABLE pageblocks (pfn 4..7); pfn 10 is hwpoisoned; either CPU may take a
 * speculative reference on pfn 2 and allocate a page, and drain either CPU's pageset (with a
 * per-section memmap). Seed 000 frees [1] [2-3] [4-7] | [8-9], and leaks pfn 10; with pfn 2
 * still referenced, [1] | [3] [4-7] | [8-9], and the last holder of pfn 2 frees it alone.
 */
const range = (vmemmap: boolean): ConfigInput => ({
  description: `16 pfns, 2 sections of 8 (${vmemmap ? 'VMEMMAP' : 'per-section memmap'}), MAX_PAGE_ORDER 2, pageblock_order 1 (pfn 4-7 UNMOVABLE), 2 CPUs (batch 2, high 4); free_contig_range(1, 10) of split pages, pfn 10 hwpoisoned; per CPU 1 speculative reference on pfn 2, 1 order-0 allocation${vmemmap ? '' : ', 1 drain_pages_zone of either CPU'}`,
  ...SMALL,
  vmemmap,
  pageblockTypes: ['MOVABLE', 'MOVABLE', 'UNMOVABLE', 'UNMOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE'],
  preallocated: heldPages(1, 10),
  // A remote drain holding the freeing CPU's pcp->lock sends a chunk to the buddy (its trylock fails).
  pcp: { batch: 2, high: 4, drainsPerCpu: vmemmap ? 0 : 1 },
  workload: { allocOrders: [0], allocsPerCpu: 1, specRefsPerCpu: 1 },
  contig: { ranges: [{ pfn: 1, nr: 10 }], hwpoison: [10], specRefPfns: [2], freePages: false },
});

/**
 * vfree of a vmalloc area whose blocks were allocated at high order and split: pfn 4-13 in two
 * order-2 blocks and an order-1 block. With a per-section memmap the array is unsorted (the
 * order-1 block first), so free_pages_bulk finds runs [12-13] and [4-11], the second crossing the
 * section boundary; with VMEMMAP it is sorted, one run [4-13]. Either CPU may take a speculative
 * reference on pfn 9.
 */
const area = (vmemmap: boolean): ConfigInput => ({
  description: `16 pfns, 2 sections of 8 (${vmemmap ? 'VMEMMAP' : 'per-section memmap'}), MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs (batch 2, high 4); vfree of pfn 4-13 (${vmemmap ? 'sorted' : 'unsorted: 12, 13, 4..11'}); per CPU 1 speculative reference on pfn 9, 1 order-0 allocation`,
  ...SMALL,
  vmemmap,
  preallocated: heldPages(4, 10),
  pcp: { batch: 2, high: 4 },
  workload: { allocOrders: [0], allocsPerCpu: 1, specRefsPerCpu: 1 },
  contig: { areas: [vmemmap ? [4, 5, 6, 7, 8, 9, 10, 11, 12, 13] : [12, 13, 4, 5, 6, 7, 8, 9, 10, 11]], specRefPfns: [9], freePages: false },
});

/**
 * The configurations with one alloc_pages_bulk() call of 1 or 2 pages per CPU added, as
 * `NAME-bulk`; with `drains`, also one drain_pages_zone() per CPU, as `NAME-bulk-drain` (a remote
 * drain holding the pageset's lock makes the single-page allocator's pcp trylock fail).
 */
function withBulk(named: Record<string, ConfigInput>, drains = false): Record<string, ConfigInput> {
  return Object.fromEntries(
    Object.entries(named).map(([n, c]) => [
      `${n}-bulk${drains ? '-drain' : ''}`,
      {
        ...c,
        description: `${c.description ?? ''}; and 1 alloc_pages_bulk() of 1 or 2 pages${drains ? ' and 1 drain_pages_zone()' : ''} per CPU`,
        ...(drains ? { pcp: { ...c.pcp, drainsPerCpu: 1 } } : {}),
        contig: { bulkSizes: [1, 2], bulkCallsPerCpu: 1, freePages: false },
      },
    ]),
  );
}

/** pfn 4-6 held, only order 1 with a PCP list: their frees go to the buddy; a speculative reference, an allocation and a drain race with them. */
const TO_BUDDY = {
  ...SMALL,
  vmemmap: false,
  preallocated: [{ pfn: 4, order: 0 }, { pfn: 5, order: 0 }, { pfn: 6, order: 0 }],
  pcp: { batch: 1, high: 3, orders: [1], drainsPerCpu: 1 },
  workload: { allocOrders: [0], allocsPerCpu: 1, specRefsPerCpu: 1 },
} satisfies Partial<ConfigInput>;

/** pfn 4-7 held, batch 1 against high 3: their frees cross high and free in batches of one, and the other CPU may drain the pageset between two. */
const IN_BATCHES = {
  ...SMALL,
  vmemmap: false,
  preallocated: [{ pfn: 4, order: 0 }, { pfn: 5, order: 0 }, { pfn: 6, order: 0 }, { pfn: 7, order: 0 }],
  pcp: { batch: 1, high: 3, drainsPerCpu: 1, scaleMax: 2 },
  workload: { allocOrders: [0], allocsPerCpu: 0 },
} satisfies Partial<ConfigInput>;

/** The contig model's named configurations, by name. */
export const configs: Record<string, ConfigInput> = {
  default: range(false),
  vmemmap: range(true),
  vfree: area(false),
  'vfree-vmemmap': area(true),
  /**
   * free_contig_range(1, 10) with VMEMMAP and speculative references that arrive at any time on
   * pfn 2, 3 and 8: a lookup while the page is in use, the get a later step, so that it lands
   * between any two pages' drops of __free_contig_range (before or after that page's), on a page
   * of an open run, or on one a CPU allocated again.
   */
  'spec-any': {
    ...range(true),
    description:
      '16 pfns, 2 sections of 8 (VMEMMAP), MAX_PAGE_ORDER 2, pageblock_order 1 (pfn 4-7 UNMOVABLE), 2 CPUs (batch 2, high 4); free_contig_range(1, 10) of split pages, pfn 10 hwpoisoned; per CPU 1 order-0 allocation and 1 speculative reference on pfn 2, 3 or 8 in use, taken a step after its lookup',
    workload: { allocOrders: [0], allocsPerCpu: 1, specRefsPerCpu: 1, specLookup: 'any' },
    contig: { ranges: [{ pfn: 1, nr: 10 }], hwpoison: [10], specRefPfns: [2, 3, 8], freePages: false },
  },
  /**
   * A busy zone with four free pages (pfn 3, 6, 9, 12): one CPU's allocation leaves a page on its
   * PCP list (a refill of two), and a bulk allocation of four on the other CPU runs the PCP dry
   * after a page or two; only the single-page allocator's drain finds the rest. A bulk allocation
   * of one page goes to the single-page allocator at once.
   */
  bulk: {
    description: '16 pfns, 2 sections of 8 (per-section memmap), MAX_PAGE_ORDER 2, pageblock_order 1, 12 pages pinned (free: pfn 3, 6, 9, 12), 2 CPUs (PCP order 0, batch 2, high 4); 1 alloc_pages and 1 alloc_pages_bulk of 1 or 4 pages per CPU',
    ...SMALL,
    vmemmap: false,
    preallocated: pinned([0, 1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 15]),
    pcp: { batch: 2, high: 4, orders: [0] },
    workload: { allocOrders: [0], allocsPerCpu: 1 },
    contig: { bulkSizes: [1, 4], bulkCallsPerCpu: 1, freePages: false },
  },
  /**
   * Seed 000's measurement, scaled down: alloc a block of the THP order (HPAGE_PMD_ORDER =
   * pageblock_order, which has a PCP list), split_page, free_contig_range, twice on one CPU
   * (bench/seed-scenarios.ts runs more iterations).
   */
  'seed000-thp': {
    description: "seed 000's loop at the THP order: 64 pfns, 2 sections of 32 (VMEMMAP), MAX_PAGE_ORDER 3, pageblock_order 2, 1 CPU (batch 2, high 16); alloc_pages(2), split_page, free_contig_range(pfn, 4), twice",
    ...THP,
    vmemmap: true,
    workload: { allocOrders: [2], allocsPerCpu: 2, splitPage: true },
    contig: { ranges: Array.from({ length: 16 }, (_, i) => ({ pfn: 4 * i, nr: 4 })), freePages: false },
  },
  /** The same loop at MAX_PAGE_ORDER, whose chunk has no PCP list and goes to the buddy under zone->lock. */
  'seed000-max': {
    description: "seed 000's loop at MAX_PAGE_ORDER: 64 pfns, 2 sections of 32 (VMEMMAP), MAX_PAGE_ORDER 3, pageblock_order 2, 1 CPU (batch 2, high 16); alloc_pages(3), split_page, free_contig_range(pfn, 8), twice",
    ...THP,
    vmemmap: true,
    workload: { allocOrders: [3], allocsPerCpu: 2, splitPage: true },
    contig: { ranges: Array.from({ length: 8 }, (_, i) => ({ pfn: 8 * i, nr: 8 })), freePages: false },
  },
  /**
   * Seed 004's measurement: arrays of eight order-0 pages from a zone with memory to spare, filled
   * with one alloc_pages_bulk() call each (or, before, eight single allocations), four times.
   */
  'bulk-seed004': {
    description: "seed 004's measurement: 64 pfns, 2 sections of 32 (VMEMMAP), MAX_PAGE_ORDER 3, pageblock_order 2, 1 CPU (PCP order 0, batch 4, high 16); 4 arrays of 8 pages",
    ...THP,
    vmemmap: true,
    pcp: { batch: 4, high: 16, orders: [0] },
    workload: { allocOrders: [0], allocsPerCpu: 0 },
    contig: { bulkSizes: [8], bulkCallsPerCpu: 4, freePages: false },
  },
  /**
   * A vfree of a split high-order area, as test_vmalloc's fix_size_alloc_test frees it since
   * a06157804399: two order-2 (THP-order) blocks, split, the second allocated at the lower pfn.
   */
  'vfree-area': {
    description: 'a vfree of a split high-order area: 64 pfns, 2 sections of 32 (VMEMMAP), MAX_PAGE_ORDER 3, pageblock_order 2, 1 CPU (batch 2, high 16); vfree of pfn 8-11 then 4-7 (two split order-2 blocks)',
    ...THP,
    vmemmap: true,
    preallocated: heldPages(4, 8),
    workload: { allocOrders: [0], allocsPerCpu: 0 },
    contig: { areas: [[8, 9, 10, 11, 4, 5, 6, 7]], freePages: false },
  },
  // The configurations below are small scenarios that each reach paths the ones above never
  // take (the suite checks that every edge and event is reached by one of them, src/coverage/model.ts).
  /** Alloc_pages_bulk() in a zone of CMA and UNMOVABLE pageblocks with few free pages: refills that take CMA first or fall back to it. */
  'bulk-cma': {
    description: '16 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 1 CPU: alloc_pages_bulk() in a zone of CMA and UNMOVABLE pageblocks with few free pages: refills that take CMA first or fall back to it',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 1,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
    pageblockTypes: ['UNMOVABLE', 'CMA', 'UNMOVABLE', 'CMA', 'UNMOVABLE', 'UNMOVABLE', 'UNMOVABLE', 'UNMOVABLE'],
    preallocated: [
      { pfn: 0, order: 1, pinned: true },
      { pfn: 8, order: 2, pinned: true },
      { pfn: 12, order: 2, pinned: true },
      { pfn: 4, order: 1, pinned: true },
    ],
    pcp: { batch: 2, high: 4, orders: [0] },
    workload: { allocOrders: [0], allocsPerCpu: 1 },
    contig: { bulkSizes: [3], bulkCallsPerCpu: 1, freePages: false },
  },
  /** UNMOVABLE allocations and alloc_pages_bulk() in a fragmented MOVABLE zone: refills that claim pageblocks. */
  'bulk-unmovable': {
    description: '16 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 1 CPU: UNMOVABLE allocations and alloc_pages_bulk() in a fragmented MOVABLE zone: refills that claim pageblocks',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 1,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [
      { pfn: 0, order: 0, pinned: true },
      { pfn: 2, order: 0, pinned: true },
      { pfn: 4, order: 2, pinned: true },
      { pfn: 8, order: 2, pinned: true },
      { pfn: 13, order: 0, pinned: true },
    ],
    pcp: { batch: 2, high: 4, orders: [0] },
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['UNMOVABLE'] },
    contig: { bulkSizes: [4], bulkCallsPerCpu: 1, bulkMigratetype: 'UNMOVABLE', freePages: false },
  },
  /** A range freed by free_contig_range() while each CPU allocates, drains any pageset or all of them, and runs decay_pcp_high(). */
  'drain-decay': {
    description: '16 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: a range freed by free_contig_range() while each CPU allocates, drains any pageset or all of them, and runs decay_pcp_high()',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 1, order: 0 }, { pfn: 2, order: 0 }],
    pcp: { batch: 2, high: 2, drainsPerCpu: 1, drainAll: true, decaysPerCpu: 1 },
    workload: { allocOrders: [0], allocsPerCpu: 1 },
    contig: { ranges: [{ pfn: 1, nr: 2 }], freePages: false },
  },
  /** Only order 1 has a PCP list: vfree() sends its order-0 pages to the buddy, racing with a speculative reference, an allocation and a drain. */
  'vfree-buddy': {
    description: '16 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: only order 1 has a PCP list: vfree() sends its order-0 pages to the buddy, racing with a speculative reference, an allocation and a drain',
    ...TO_BUDDY,
    contig: { areas: [[4, 5, 6]], specRefPfns: [5], freePages: false },
  },
  /** Vfree() of four pages in batches of one against high 3 (free_count up to 4), while the other CPU may drain this one. */
  'vfree-batches': {
    description: '16 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: vfree() of four pages in batches of one against high 3 (free_count up to 4), while the other CPU may drain this one',
    ...IN_BATCHES,
    contig: { areas: [[4, 5, 6, 7]], freePages: false },
  },
  /** As `vfree-buddy` with free_contig_range(4, 3) for the vfree(): only order 1 has a PCP list, so each page of the range goes to the buddy (free_one_page()). */
  'range-buddy': {
    description: '16 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: only order 1 has a PCP list: free_contig_range(4, 3) sends its order-0 pages to the buddy, racing with a speculative reference, an allocation and a drain',
    ...TO_BUDDY,
    contig: { ranges: [{ pfn: 4, nr: 3 }], specRefPfns: [5], freePages: false },
  },
  /** As `vfree-batches` with free_contig_range(4, 4): a page past high frees in batches of one, and the other CPU's drain may take the pageset between two batches. */
  'range-batches': {
    description: '16 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: free_contig_range(4, 4) page by page in batches of one against high 3 (free_count up to 4), while the other CPU may drain this one',
    ...IN_BATCHES,
    contig: { ranges: [{ pfn: 4, nr: 4 }], freePages: false },
  },
  /** Four free pages left, in CMA and UNMOVABLE pageblocks: a bulk allocation of four runs the PCP dry and the single-page allocator falls back to CMA. */
  'bulk-cma-fail': {
    description: '16 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: four free pages left, in CMA and UNMOVABLE pageblocks: a bulk allocation of four runs the PCP dry and the single-page allocator falls back to CMA',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
    pageblockTypes: ['UNMOVABLE', 'CMA', 'UNMOVABLE', 'CMA', 'UNMOVABLE', 'CMA', 'UNMOVABLE', 'UNMOVABLE'],
    preallocated: [
      { pfn: 0, order: 0, pinned: true },
      { pfn: 1, order: 0, pinned: true },
      { pfn: 2, order: 0, pinned: true },
      { pfn: 4, order: 0, pinned: true },
      { pfn: 5, order: 0, pinned: true },
      { pfn: 7, order: 0, pinned: true },
      { pfn: 8, order: 0, pinned: true },
      { pfn: 10, order: 0, pinned: true },
      { pfn: 11, order: 0, pinned: true },
      { pfn: 13, order: 0, pinned: true },
      { pfn: 14, order: 0, pinned: true },
      { pfn: 15, order: 0, pinned: true },
    ],
    pcp: { batch: 2, high: 4, orders: [0] },
    workload: { allocOrders: [0], allocsPerCpu: 1 },
    contig: { bulkSizes: [4], bulkCallsPerCpu: 1, freePages: false },
  },
  /** Four free MOVABLE pages left: an UNMOVABLE bulk allocation of four runs the PCP dry and the single-page allocator claims and steals. */
  'bulk-unmovable-fail': {
    description: '16 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: four free MOVABLE pages left: an UNMOVABLE bulk allocation of four runs the PCP dry and the single-page allocator claims and steals',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [
      { pfn: 0, order: 0, pinned: true },
      { pfn: 1, order: 0, pinned: true },
      { pfn: 2, order: 0, pinned: true },
      { pfn: 4, order: 0, pinned: true },
      { pfn: 5, order: 0, pinned: true },
      { pfn: 7, order: 0, pinned: true },
      { pfn: 8, order: 0, pinned: true },
      { pfn: 10, order: 0, pinned: true },
      { pfn: 11, order: 0, pinned: true },
      { pfn: 13, order: 0, pinned: true },
      { pfn: 14, order: 0, pinned: true },
      { pfn: 15, order: 0, pinned: true },
    ],
    pcp: { batch: 2, high: 4, orders: [0] },
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['UNMOVABLE'] },
    contig: { bulkSizes: [4], bulkCallsPerCpu: 1, bulkMigratetype: 'UNMOVABLE', freePages: false },
  },
  /** Two free pages and UNMOVABLE allocations that free to their PCP lists: a bulk allocation finds the zone empty, and the single-page allocator drains every pageset and retries. */
  'bulk-retry': {
    description:
      '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: two free pages; each CPU makes an UNMOVABLE allocation (claiming from a MOVABLE pageblock) that it frees to its PCP list, and a MOVABLE alloc_pages_bulk() of three: a call that finds the zone empty falls back to the single-page allocator, which finds nothing, drains every pageset (drain_all_pages) and retries, as __alloc_pages_direct_reclaim() does',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [0, 1, 2, 3, 4, 5].map((pfn) => ({ pfn, order: 0, pinned: true })),
    pcp: { batch: 1, high: 4, orders: [0] },
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['UNMOVABLE'] },
    contig: { bulkSizes: [3], bulkCallsPerCpu: 1 },
  },
  /**
   * A bad page in a held block: pfn 0-1 is a non-compound order-1 block whose tail is hwpoisoned
   * (any bad page). free_pages_prepare() checks PG_hwpoison at order 0 only, as the kernel does
   * (PAGE_FLAGS_CHECK_AT_FREE leaves it out): the whole block, freed by its holder's last
   * reference, reaches the buddy with its poisoned tail, which only check_new_pages() (not
   * modelled) would stop when it is allocated again; the tail that __free_pages() frees alone
   * while a speculative reference holds the head, and a poisoned page whose last reference a
   * speculative reference drops, are refused and leaked.
   */
  'hwpoison-tails': {
    description:
      '4 pfns, 1 section, MAX_PAGE_ORDER 1, pageblock_order 1, 2 CPUs (batch 1, high 2): pfn 0-1 held, a non-compound order-1 block whose tail pfn 1 is hwpoisoned; each CPU 1 order-0 allocation and 1 speculative reference on any pfn in use, taken a step after its lookup: the block freed whole (its poisoned tail to the buddy: PG_hwpoison is checked at order 0 only), or its tail freed alone and refused, and a page a speculative reference drops last',
    pages: 4,
    pagesPerSection: 4,
    maxOrder: 1,
    pageblockOrder: 1,
    cpus: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [{ pfn: 0, order: 1 }],
    pcp: { batch: 1, high: 2 },
    workload: { allocOrders: [0], allocsPerCpu: 1, specRefsPerCpu: 1, specLookup: 'any' },
    contig: { hwpoison: [1] },
  },
  /** Vfree() of an area whose second page is hwpoisoned: free_pages_prepare() refuses that page, which is leaked. */
  'hwpoison-vfree': {
    description: '4 pfns, 1 section, MAX_PAGE_ORDER 1, pageblock_order 1, 1 CPU (batch 1, high 2): vfree of [1, 0] over the held pfn 1 and the held, hwpoisoned pfn 0, and 1 allocation of order 0 or 1: free_pages_prepare() refuses pfn 0',
    pages: 4,
    pagesPerSection: 4,
    maxOrder: 1,
    pageblockOrder: 1,
    cpus: 1,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [
      { pfn: 0, order: 0 },
      { pfn: 1, order: 0 },
    ],
    pcp: { batch: 1, high: 2 },
    workload: { allocOrders: [0, 1], allocsPerCpu: 1 },
    contig: { hwpoison: [0], areas: [[1, 0]], freePages: false },
  },
  /**
   * UNMOVABLE alloc_pages_bulk() of two pages per CPU in a zone of two MOVABLE pageblocks of four
   * pages, two pages of each in use for good: a fallback finds too few free pages to claim a
   * pageblock (try_to_claim_block() refuses), and a bulk call that runs dry goes to the
   * single-page allocator, which drains the pagesets and retries; MOVABLE allocations of order 0-1
   * and their frees race it.
   */
  'bulk-unmovable-claim-refused': {
    description: '8 pfns, 1 section, MAX_PAGE_ORDER 3, pageblock_order 2, all MOVABLE, pfn 0, 3, 4 and 5 pinned, 2 CPUs (batch 1, high 4): each CPU 1 MOVABLE allocation of order 0 or 1, frees, and 1 UNMOVABLE alloc_pages_bulk() of 2 pages',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [0, 3, 4, 5].map((pfn) => ({ pfn, order: 0, pinned: true })),
    pcp: { batch: 1, high: 4, orders: [0] },
    workload: { allocOrders: [0, 1], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'] },
    contig: { bulkSizes: [2], bulkCallsPerCpu: 1, bulkMigratetype: 'UNMOVABLE' },
  },
  /**
   * MOVABLE alloc_pages_bulk() of three pages per CPU where only a CMA and an UNMOVABLE pageblock
   * have free pages (three and one): a call that runs dry goes to the single-page allocator, and
   * its retry after the drain takes CMA pages (rmqueue_bulk()'s CMA mode and __rmqueue_cma_fallback()).
   */
  'bulk-cma-retry': {
    description: '8 pfns, 1 section, MAX_PAGE_ORDER 3, pageblock_order 2, pageblocks CMA and UNMOVABLE, pfn 2, 4, 5 and 7 pinned, 2 CPUs (batch 2, high 4): each CPU 1 MOVABLE alloc_pages_bulk() of 3 pages, frees',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
    pageblockTypes: ['CMA', 'UNMOVABLE'],
    preallocated: [2, 4, 5, 7].map((pfn) => ({ pfn, order: 0, pinned: true })),
    pcp: { batch: 2, high: 4, orders: [0] },
    workload: { allocOrders: [0], allocsPerCpu: 0, allocMigratetypes: ['MOVABLE'] },
    contig: { bulkSizes: [3], bulkCallsPerCpu: 1, bulkMigratetype: 'MOVABLE' },
  },
  // The PCP model's workloads, run on the contig model's paths: every allocation and free goes
  // through the same machines, and these reach fallback, CMA, drain and tail paths that the
  // contiguous and bulk workloads above do not.
  // Two of them with an alloc_pages_bulk() of 1 or 2 pages per CPU (one with drains too): in a
  // zone this short of free pages the bulk call falls back to the single-page allocator (its
  // `failed:` label), whose refills and fallbacks are those of alloc_pages().
  ...withBulk(fromPcp(['exhausted', 'fragmented'])),
  ...withBulk(fromPcp(['exhausted']), true),
  ...fromPcp(['tail-drain', 'fragmented', 'mixed-types', 'spec-batches', 'tails-to-buddy', 'orders', 'cma-fragmented', 'drain-rounds', 'spec-refs', 'exhausted', 'steal', 'decay-batches', 'cma-fallback-split']),
  /** Three CMA pageblocks and one UNMOVABLE: MOVABLE allocations of order 0-2 take CMA first, in refills and in rmqueue_buddy (balance_cma). */
  'cma-buddy': CMA_BUDDY,
};

/**
 * Configurations for randomized exploration (`pagecheck fuzz`); too large for exhaustive search.
 * A range and a page array that cross section boundaries, a hwpoisoned page, bulk allocations of
 * up to 8 pages, and the PCP model's workload around them on four CPUs.
 */
export const fuzzConfigs: Record<string, ConfigInput> = {
  large: {
    description: '256 pfns, 4 sections of 64 (per-section memmap), MAX_PAGE_ORDER 6, pageblock_order 5, 4 CPUs (batch 4, high 16, 1 drain each); free_contig_range(40, 48) from a CMA pageblock into an UNMOVABLE one, across a section boundary, with pfn 50 hwpoisoned, vfree of pfn 120-135 (unsorted, across a boundary), alloc_pages_bulk of 1, 4 or 8 pages twice per CPU, 8 MOVABLE or UNMOVABLE allocations of order 0-3 and 5 (the THP order) per CPU, split_page, speculative references to any pfn in use (they get a step after the lookup, so that one lands inside the range\'s free)',
    ...LARGE_FUZZ_ZONE,
    pageblockOrder: 5,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
    // The range starts in a CMA pageblock (cma_release() frees such ranges) and ends in an
    // UNMOVABLE one. MOVABLE allocations take CMA pages only while CMA holds most of the free
    // memory, so the free block beside the range's first chunk is not the first one every small
    // allocation splits, and a chunk can meet a free buddy; and the chunks lie in pageblocks of
    // two types.
    pageblockTypes: ['MOVABLE', 'CMA', 'UNMOVABLE', 'UNMOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE'],
    preallocated: [...heldPages(40, 48), ...heldPages(120, 16)],
    pcp: { batch: 4, high: 16, costlyOrder: 3, drainsPerCpu: 1 },
    // MOVABLE and UNMOVABLE allocations of every PCP order, the THP order 5 included: every PCP list.
    workload: { allocOrders: [0, 1, 2, 3, 5], allocsPerCpu: 8, compound: 'both', splitPage: true, specRefsPerCpu: 2, specLookup: 'any', allocMigratetypes: ['MOVABLE', 'UNMOVABLE'] },
    contig: {
      ranges: [{ pfn: 40, nr: 48 }],
      areas: [[128, 129, 130, 131, 132, 133, 134, 135, 120, 121, 122, 123, 124, 125, 126, 127]],
      hwpoison: [50],
      bulkSizes: [1, 4, 8],
      bulkCallsPerCpu: 2,
      // As in the exhaustive configurations: a page of the range freed alone by __free_pages
      // would leave the range (and its free) out of most runs.
      freePages: false,
    },
  },
};
