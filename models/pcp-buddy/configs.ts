/**
 * Named configurations of the pcp-buddy model. Each is small enough to explore exhaustively in a
 * few seconds: pageblocks of 2 pages (pageblock_order 1, so a claimed block splits into two
 * PCP pages and a merge pass either reassembles it or leaves one fragment), batch 1 and high 2
 * (a whole block just fits, and the free that completes one on its owner's pageset drains it),
 * and per-CPU roles instead of every CPU doing everything. Three CPUs where a question needs an
 * owner, a remote freer and a third party (a drainer, an offliner, an isolator).
 */
import type { ConfigInput } from '../../src/config/schema.ts';
import { LARGE_FUZZ_ZONE } from '../mm/fuzz-geometry.ts';
import { CMA_BUDDY } from '../pcp/configs.ts';

/** 8 pfns in one section, MAX_PAGE_ORDER 2, pageblock_order 1: four pageblocks of two pages. */
const SMALL = { pages: 8, pagesPerSection: 8, maxOrder: 2, pageblockOrder: 1, vmemmap: true, migratetypes: ['UNMOVABLE', 'MOVABLE'] } satisfies Partial<ConfigInput>;
/** Pageblocks of 16 pages, the most the model handles, at MAX_PAGE_ORDER 4: the orders where fallback claims and steals differ. */
const PB16 = { maxOrder: 4, pageblockOrder: 4, vmemmap: true, migratetypes: ['UNMOVABLE', 'MOVABLE'] } satisfies Partial<ConfigInput>;
/** PCP order 0 only (pageblock_order 1: every piece of a block is an order-0 page), batch 1, high 2. */
const pcp = (more: ConfigInput['pcp'] = {}): ConfigInput['pcp'] => ({ batch: 1, high: 2, orders: [0], costlyOrder: 0, ...more });

/** A fragmented MOVABLE zone, pageblocks of 4 on PCP orders 0-1, UNMOVABLE refills (`unmovable-refill`, one CPU; `unmovable-refill-2cpus`). */
const UNMOVABLE_REFILL = {
  description: '16 pfns, MAX_PAGE_ORDER 3, pageblock_order 2, 1 CPU: a fragmented MOVABLE zone, pageblocks of 4 on PCP orders 0-1: UNMOVABLE refills that claim whole or half pageblocks',
  pages: 16,
  pagesPerSection: 16,
  maxOrder: 3,
  pageblockOrder: 2,
  vmemmap: true,
  migratetypes: ['UNMOVABLE', 'MOVABLE'],
  cpus: 1,
  preallocated: [
    { pfn: 0, order: 1, pinned: true },
    { pfn: 2, order: 0, pinned: true },
    { pfn: 4, order: 0, pinned: true },
    { pfn: 8, order: 1, pinned: true },
    { pfn: 12, order: 1, pinned: true },
    { pfn: 14, order: 0, pinned: true },
  ],
  pcp: { batch: 2, high: 4, orders: [0, 1], costlyOrder: 1 },
  workload: { allocOrders: [0, 1], allocsPerCpu: 2, allocMigratetypes: ['UNMOVABLE', 'MOVABLE'] },
} satisfies ConfigInput;
/** Owner, remote freer and a CPU isolating pageblock 0 (`isolation`, `isolation-batches`). */
const ISOLATION = {
  description: '8 pfns, pageblocks of 2, 3 CPUs: cpu0 allocates 3 MOVABLE pages, cpu1 frees 3 held pages, cpu2 isolates pageblock 0',
  ...SMALL,
  cpus: 3,
  pcp: pcp(),
  pcpBuddy: { roles: [['alloc'], ['free'], ['isolate']], freesPerCpu: 3, isolationsPerCpu: 1, isolateBlocks: [0] },
  workload: { allocOrders: [0], allocsPerCpu: 3, allocMigratetypes: ['MOVABLE'] },
} satisfies ConfigInput;
/** Page_alloc_cpu_dead() of a pageset holding order-0 and order-1 pages (`offline-orders`, `offline-orders-batches`). */
const OFFLINE_ORDERS = {
  description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: cpu1 takes cpu0 offline while cpu0 allocates and frees orders 0-1; page_alloc_cpu_dead() frees two pages of a list in one batch (batch 2, high 2)',
  ...SMALL,
  cpus: 2,
  pcp: { batch: 2, high: 2, orders: [0, 1], costlyOrder: 1, scaleMax: 0 },
  pcpBuddy: { roles: [['alloc', 'free'], ['offline']], offlinesPerCpu: 1, freesPerCpu: 2 },
  workload: { allocOrders: [0, 1], allocsPerCpu: 2 },
} satisfies ConfigInput;

/** Two CPUs allocating, freeing and taking speculative references on any pfn in use (`spec-any`; `spec-held-order2`). */
const SPEC_ANY = {
  description: '8 pfns, pageblocks of 2, 2 CPUs (batch 1, high 2); each allocates up to 2 MOVABLE pages, frees any held page and takes 1 speculative reference on any pfn in use, a step after its lookup',
  ...SMALL,
  cpus: 2,
  pcp: pcp(),
  workload: { allocOrders: [0], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE'], specRefsPerCpu: 1, specLookup: 'any' },
} satisfies ConfigInput;
/** CMA pageblocks between UNMOVABLE ones, MOVABLE allocations of order 0-1 (`cma`, `cma-2cpus`). */
const CMA = {
  description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 1 CPU: CMA pageblocks between UNMOVABLE ones: MOVABLE allocations of order 0-1 refilled from CMA',
  pages: 8,
  pagesPerSection: 8,
  maxOrder: 2,
  pageblockOrder: 1,
  vmemmap: true,
  migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
  cpus: 1,
  pageblockTypes: ['UNMOVABLE', 'CMA', 'UNMOVABLE', 'CMA'],
  pcp: pcp(),
  workload: { allocOrders: [0, 1], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE'] },
} satisfies ConfigInput;

export const configs: Record<string, ConfigInput> = {
  /**
   * Two CPUs that allocate, free anywhere and drain: phase 1 claims, remote frees to the owner,
   * drains that release whole blocks or remember fragments, and phase 0 recovering them.
   */
  default: {
    description: '8 pfns, pageblocks of 2, 2 CPUs (batch 1, high 2); each allocates up to 2 MOVABLE pages, frees any held page and drains any pageset once',
    ...SMALL,
    cpus: 2,
    pcp: pcp({ drainsPerCpu: 1 }),
    workload: { allocOrders: [0], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE'] },
  },
  /**
   * Speculative references that arrive at any time (a lookup of any pfn in use, the get a later
   * step) while two CPUs allocate, free anywhere (to the owner's pageset) and drain.
   */
  'spec-any': SPEC_ANY,

  /**
   * Memory pressure: two pageblocks for two CPUs, so refills run out of whole blocks and take
   * the degrade path (phases 2 and 3), next to remembered fragments.
   */
  tight: {
    description: '4 pfns, two pageblocks of 2, 2 CPUs (batch 1, high 2); each allocates up to 2 MOVABLE pages, frees any held page and drains any pageset once',
    ...SMALL,
    pages: 4,
    pagesPerSection: 4,
    cpus: 2,
    pcp: pcp({ drainsPerCpu: 1 }),
    workload: { allocOrders: [0], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE'] },
  },
  /** Owner, remote freer and drainer: a remote free racing the owner's drain. */
  'drain-race': {
    description: '8 pfns, pageblocks of 2, 3 CPUs: cpu0 allocates 3 MOVABLE pages, cpu1 frees 3 held pages, cpu2 drains a pageset twice',
    ...SMALL,
    cpus: 3,
    pcp: pcp({ drainsPerCpu: 2 }),
    pcpBuddy: { roles: [['alloc'], ['free'], ['drain']], freesPerCpu: 3 },
    workload: { allocOrders: [0], allocsPerCpu: 3, allocMigratetypes: ['MOVABLE'] },
  },
  /** Owner, remote freer and a CPU taking the owner offline (page_alloc_cpu_dead). */
  offline: {
    description: '8 pfns, pageblocks of 2, 3 CPUs: cpu0 allocates 3 MOVABLE pages, cpu1 frees 3 held pages, cpu2 takes another CPU offline',
    ...SMALL,
    cpus: 3,
    pcp: pcp(),
    pcpBuddy: { roles: [['alloc'], ['free'], ['offline']], freesPerCpu: 3, offlinesPerCpu: 1 },
    workload: { allocOrders: [0], allocsPerCpu: 3, allocMigratetypes: ['MOVABLE'] },
  },
  /** Owner, remote freer and a CPU isolating pageblock 0 (alloc_contig_range). */
  isolation: ISOLATION,

  /**
   * One CPU owning a MOVABLE and an UNMOVABLE block: phase 0 must recover only the blocks of the
   * requested migratetype. The second UNMOVABLE pageblock is pinned, so UNMOVABLE requests run out
   * and fall back to claiming MOVABLE pageblocks (retyped, their free pages moved).
   */
  types: {
    description: '8 pfns, pageblocks MOVABLE, MOVABLE, UNMOVABLE, UNMOVABLE (the last one pinned), 1 CPU: 3 MOVABLE/UNMOVABLE allocations, frees and one drain',
    ...SMALL,
    cpus: 1,
    pageblockTypes: ['MOVABLE', 'MOVABLE', 'UNMOVABLE', 'UNMOVABLE'],
    preallocated: [{ pfn: 6, order: 1, pinned: true }],
    pcp: pcp({ drainsPerCpu: 1 }),
    workload: { allocOrders: [0], allocsPerCpu: 3, allocMigratetypes: ['MOVABLE', 'UNMOVABLE'] },
  },
  /**
   * Pageblocks of 4 pages on PCP orders 0 and 1, two sections: phase 1 splits a block into pieces
   * of two orders, phase 2 takes sub-pageblock chunks (an order-0 refill when an order-1 page
   * keeps the pageset from fitting a whole block), the merge pass works two levels deep, an
   * order-1 owned piece is split on the pageset for an order-0 request, and merges stop at the
   * section boundary.
   */
  blocks4: {
    description: '16 pfns in 2 sections of 8, MAX_PAGE_ORDER 3, pageblock_order 2, PCP orders 0-1, 2 CPUs (batch 2, high 4); 2 MOVABLE allocations of order 0 or 1 per CPU, frees anywhere',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    cpus: 2,
    pcp: { batch: 2, high: 4, orders: [0, 1], costlyOrder: 1 },
    workload: { allocOrders: [0, 1], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE'] },
  },
  /**
   * The cover letter's jemalloc pattern: two CPUs fault pages in, one purger frees them. pcp->high
   * is 4, room for two pageblocks, as the RFC wants a whole block to fit well under high.
   */
  jemalloc: {
    description: '8 pfns, pageblocks of 2, 3 CPUs (batch 1, high 4): cpu0 and cpu1 allocate 2 MOVABLE pages each, cpu2 (the purger) frees up to 4 held pages',
    ...SMALL,
    cpus: 3,
    pcp: pcp({ high: 4 }),
    pcpBuddy: { roles: [['alloc'], ['alloc'], ['free']], freesPerCpu: 4 },
    workload: { allocOrders: [0], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE'] },
  },
  /**
   * Process exit: cpu0 faulted in a whole pageblock of 4 pages (it owns it), and the exiting task
   * frees all of them on cpu1.
   */
  exit: {
    description: '16 pfns, pageblocks of 4 (PCP orders 0-1), 2 CPUs (batch 1, high 4): pfn 0-3 allocated by cpu0, which owns pageblock 0; cpu1 frees all four',
    pages: 16,
    pagesPerSection: 16,
    maxOrder: 3,
    pageblockOrder: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    cpus: 2,
    pcp: { batch: 1, high: 4, orders: [0, 1], costlyOrder: 1 },
    preallocated: [
      { pfn: 0, order: 0 },
      { pfn: 1, order: 0 },
      { pfn: 2, order: 0 },
      { pfn: 3, order: 0 },
    ],
    pcpBuddy: { roles: [[], ['free']], freesPerCpu: 4, owners: [{ pageblock: 0, cpu: 0 }] },
    workload: { allocOrders: [0], allocsPerCpu: 0, allocMigratetypes: ['MOVABLE'] },
  },
  // The configurations below are small scenarios that each reach paths the ones above never
  // take (the suite checks that every edge and event is reached by one of them, src/coverage/model.ts).
  /** Speculative references on compound and non-compound blocks of order 1 (a PCP order) and 2 (the buddy), pageblocks of 4: tails and last references freed to the owner pageset or to the buddy. */
  'spec-blocks4': {
    description: '16 pfns, MAX_PAGE_ORDER 3, pageblock_order 2, 2 CPUs: speculative references on compound and non-compound blocks of order 1 (a PCP order) and 2 (the buddy), pageblocks of 4: tails and last references freed to the owner pageset or to the buddy',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    cpus: 2,
    pcp: { batch: 2, high: 4, orders: [0, 1], costlyOrder: 1 },
    workload: { allocOrders: [1, 2], allocsPerCpu: 1, compound: 'both', specRefsPerCpu: 1 },
  },
  /** A speculative reference on an order-3 block: its order-2 tail, above the PCP orders, goes to the buddy through free_one_page(). */
  'spec-order3': {
    description: '16 pfns, MAX_PAGE_ORDER 3, pageblock_order 2, 2 CPUs: speculative references on compound and non-compound blocks of order 3; a non-compound block freed under a reference frees its order-2 tail through free_one_page() and its order-1 and order-0 tails to the pageset',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    cpus: 2,
    pcp: { batch: 2, high: 4, orders: [0, 1], costlyOrder: 1 },
    workload: { allocOrders: [3], allocsPerCpu: 1, compound: 'both', specRefsPerCpu: 1 },
  },
  /** Three CMA pageblocks and one UNMOVABLE: MOVABLE allocations of order 0-2 take CMA first, in refills and in rmqueue_buddy. */
  'cma-buddy': CMA_BUDDY,
  /** CMA and UNMOVABLE pageblocks, a refill of batch 2: a CMA fallback that the refill remembers (RMQUEUE_CMA) for its next block. */
  'cma-refill': {
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 1 CPU: CMA and UNMOVABLE pageblocks, a refill of batch 2: a CMA fallback that the refill remembers (RMQUEUE_CMA) for its next block',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'],
    cpus: 1,
    pageblockTypes: ['UNMOVABLE', 'CMA', 'UNMOVABLE', 'CMA'],
    preallocated: [{ pfn: 2, order: 0, pinned: true }],
    pcp: { batch: 2, high: 4, orders: [0], costlyOrder: 0 },
    workload: { allocOrders: [0, 1], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE'] },
  },
  /** A fragmented MOVABLE zone, pageblocks of 4 on PCP orders 0-1: UNMOVABLE refills that claim whole or half pageblocks. */
  'unmovable-refill': UNMOVABLE_REFILL,

  /** A fragmented MOVABLE zone, PCP order 0 only: UNMOVABLE and MOVABLE allocations of order 1-2 through rmqueue_buddy, claiming and stealing. */
  'unmovable-buddy': {
    description: '16 pfns, MAX_PAGE_ORDER 3, pageblock_order 2, 1 CPU: a fragmented MOVABLE zone, PCP order 0 only: UNMOVABLE and MOVABLE allocations of order 1-2 through rmqueue_buddy, claiming and stealing',
    pages: 16,
    pagesPerSection: 16,
    maxOrder: 3,
    pageblockOrder: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    cpus: 1,
    preallocated: [{ pfn: 0, order: 1, pinned: true }, { pfn: 4, order: 0, pinned: true }, { pfn: 13, order: 0, pinned: true }],
    pcp: pcp(),
    workload: { allocOrders: [1, 2], allocsPerCpu: 2, allocMigratetypes: ['UNMOVABLE', 'MOVABLE'] },
  },
  /** A fragmented MOVABLE zone, pageblocks of 4 on PCP orders 0-1: UNMOVABLE allocations of order 0-1 that fall back. */
  'fallback': {
    description: '16 pfns, MAX_PAGE_ORDER 3, pageblock_order 2, 1 CPU: a fragmented MOVABLE zone, pageblocks of 4 on PCP orders 0-1: UNMOVABLE allocations of order 0-1 that fall back',
    pages: 16,
    pagesPerSection: 16,
    maxOrder: 3,
    pageblockOrder: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    cpus: 1,
    preallocated: [
      { pfn: 0, order: 1, pinned: true },
      { pfn: 4, order: 0, pinned: true },
      { pfn: 8, order: 2, pinned: true },
      { pfn: 13, order: 0, pinned: true },
    ],
    pcp: { batch: 1, high: 2, orders: [0, 1], costlyOrder: 1 },
    workload: { allocOrders: [0, 1], allocsPerCpu: 2, allocMigratetypes: ['UNMOVABLE'] },
  },
  /** Every pageblock UNMOVABLE and mostly pinned: MOVABLE allocations, which may not claim a pageblock at low orders, steal. */
  'movable-steal': {
    description: '16 pfns, MAX_PAGE_ORDER 3, pageblock_order 2, 1 CPU: every pageblock UNMOVABLE and mostly pinned: MOVABLE allocations, which may not claim a pageblock at low orders, steal',
    pages: 16,
    pagesPerSection: 16,
    maxOrder: 3,
    pageblockOrder: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    cpus: 1,
    pageblockTypes: ['UNMOVABLE', 'UNMOVABLE', 'UNMOVABLE', 'UNMOVABLE'],
    preallocated: [
      { pfn: 0, order: 1, pinned: true },
      { pfn: 2, order: 0, pinned: true },
      { pfn: 4, order: 2, pinned: true },
      { pfn: 8, order: 1, pinned: true },
      { pfn: 10, order: 0, pinned: true },
      { pfn: 12, order: 2, pinned: true },
    ],
    pcp: { batch: 1, high: 2, orders: [0, 1], costlyOrder: 1 },
    workload: { allocOrders: [0, 1], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE'] },
  },
  /**
   * Pageblocks of 16 pages, UNMOVABLE, with only order-1 and order-2 pieces free: MOVABLE
   * allocations may not try to claim below half a pageblock (order 2), and the order-2 piece
   * holds too few free pages to claim its block, so they steal pieces of orders 1 and 2.
   */
  'steal-pieces': {
    description: '32 pfns, MAX_PAGE_ORDER 4, pageblock_order 4, 1 CPU: two UNMOVABLE pageblocks with only order-1 and order-2 pieces free: MOVABLE allocations of orders 0-1 steal them',
    pages: 32,
    pagesPerSection: 32,
    ...PB16,
    cpus: 1,
    pageblockTypes: ['UNMOVABLE', 'UNMOVABLE'],
    preallocated: [
      { pfn: 0, order: 1, pinned: true },
      { pfn: 4, order: 2, pinned: true },
      { pfn: 8, order: 3, pinned: true },
      { pfn: 16, order: 2, pinned: true },
      { pfn: 24, order: 3, pinned: true },
    ],
    pcp: { batch: 1, high: 2, orders: [0, 1], costlyOrder: 1 },
    workload: { allocOrders: [0, 1], allocsPerCpu: 2, allocMigratetypes: ['MOVABLE'] },
  },
  /** A MOVABLE pageblock with two free order-0 pages: an UNMOVABLE allocation, which may claim at any order, claims it at order 0. */
  'claim-order0': {
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 2, 1 CPU: a MOVABLE pageblock with two free order-0 pages, the other pinned: an UNMOVABLE order-0 allocation claims the block at order 0',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 2,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    cpus: 1,
    pageblockTypes: ['MOVABLE', 'UNMOVABLE'],
    preallocated: [
      { pfn: 1, order: 0, pinned: true },
      { pfn: 3, order: 0, pinned: true },
      { pfn: 4, order: 2, pinned: true },
    ],
    pcp: pcp(),
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['UNMOVABLE'] },
  },
  /** Half of an UNMOVABLE pageblock of 16 pages free as one order-3 block: a MOVABLE allocation claims the block at order 3. */
  'claim-order3': {
    description: '16 pfns, MAX_PAGE_ORDER 4, pageblock_order 4, 1 CPU: one UNMOVABLE pageblock, half of it free as one order-3 block: a MOVABLE order-0 allocation claims it at order 3',
    pages: 16,
    pagesPerSection: 16,
    ...PB16,
    cpus: 1,
    pageblockTypes: ['UNMOVABLE'],
    preallocated: [{ pfn: 8, order: 3, pinned: true }],
    pcp: pcp(),
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'] },
  },
  /** An UNMOVABLE pageblock of 16 pages half held, half free: the held half's free merges it to order 4, which a MOVABLE allocation claims. */
  'claim-order4': {
    description: '32 pfns, MAX_PAGE_ORDER 4, pageblock_order 4, 1 CPU: an UNMOVABLE pageblock half held, half free: the held half\'s free merges the pageblock to order 4, which a MOVABLE allocation then claims',
    pages: 32,
    pagesPerSection: 32,
    ...PB16,
    cpus: 1,
    pageblockTypes: ['UNMOVABLE', 'MOVABLE'],
    preallocated: [
      { pfn: 0, order: 3 },
      { pfn: 16, order: 4, pinned: true },
    ],
    pcp: pcp(),
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'] },
  },
  /** One free MOVABLE pageblock of 16 pages: the refill of a MOVABLE allocation splits it from order 4 (16 pages do not fit under high 2, so phase 1 does not take it whole). */
  'split-order4': {
    description: '16 pfns, MAX_PAGE_ORDER 4, pageblock_order 4, 1 CPU: one free MOVABLE pageblock: a MOVABLE order-0 allocation\'s refill splits it from order 4 (the block does not fit under high, so phase 1 does not take it)',
    pages: 16,
    pagesPerSection: 16,
    ...PB16,
    cpus: 1,
    pageblockTypes: ['MOVABLE'],
    pcp: pcp(),
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'] },
  },
  /** Pageblocks of 2 pages of alternating types: frees of held blocks merge across pageblocks of different types, up to order 3. */
  'merge-types': {
    description: '8 pfns, MAX_PAGE_ORDER 3, pageblock_order 1, pageblocks UNMOVABLE, MOVABLE, MOVABLE, UNMOVABLE, 1 CPU: frees of held order-1 and order-2 blocks merge across pageblocks of different types up to order 3',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 1,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    cpus: 1,
    pageblockTypes: ['UNMOVABLE', 'MOVABLE', 'MOVABLE', 'UNMOVABLE'],
    preallocated: [
      { pfn: 0, order: 1 },
      { pfn: 2, order: 1 },
      { pfn: 4, order: 2 },
    ],
    pcp: pcp(),
    workload: { allocOrders: [0], allocsPerCpu: 0 },
  },
  /** Drain_all_pages() and remote drains of two pagesets, CONFIG_PCP_BATCH_SCALE_MAX 0 (a drain frees in rounds of one batch). */
  'drain-all': {
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: drain_all_pages() and remote drains of two pagesets, CONFIG_PCP_BATCH_SCALE_MAX 0 (a drain frees in rounds of one batch)',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    cpus: 2,
    pcp: { batch: 1, high: 3, orders: [0], costlyOrder: 0, drainsPerCpu: 1, drainAll: true, scaleMax: 0 },
    workload: { allocOrders: [0], allocsPerCpu: 1 },
  },
  /** Decay_pcp_high() and a drain on one CPU, high 1 below batch 2. */
  'decay': {
    description: '16 pfns, MAX_PAGE_ORDER 3, pageblock_order 2, 1 CPU: decay_pcp_high() and a drain on one CPU, high 1 below batch 2',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    vmemmap: false,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    cpus: 1,
    pcp: { batch: 2, high: 1, orders: [0, 1], costlyOrder: 1, decaysPerCpu: 1, drainsPerCpu: 1 },
    workload: { allocOrders: [0], allocsPerCpu: 2 },
  },
  /**
   * Decay_pcp_high() over owned blocks: an order-1 free adds two pages to the count, so the
   * count can stand above high when the vmstat worker runs, and its drain meets owned pieces
   * (pageblocks of two pages fit under high 2), whole and partial.
   */
  'decay-owned': {
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 1 CPU: decay_pcp_high() drains owned blocks, whole and partial, from a pageset whose order-1 pages left its count above high 2 (batch 2)',
    ...SMALL,
    cpus: 1,
    pcp: { batch: 2, high: 2, orders: [0, 1], costlyOrder: 1, decaysPerCpu: 1, drainsPerCpu: 1 },
    workload: { allocOrders: [0, 1], allocsPerCpu: 3 },
  },
  /** Cpu1 takes cpu0 offline while cpu0 allocates and frees; page_alloc_cpu_dead() drains in rounds of one batch (scale 0). */
  'offline-rounds': {
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: cpu1 takes cpu0 offline while cpu0 allocates and frees; page_alloc_cpu_dead() drains in rounds of one batch (scale 0)',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    cpus: 2,
    pcp: { batch: 1, high: 3, orders: [0], costlyOrder: 0, scaleMax: 0 },
    pcpBuddy: { roles: [['alloc', 'free'], ['offline']], offlinesPerCpu: 1, freesPerCpu: 3 },
    workload: { allocOrders: [0], allocsPerCpu: 3 },
  },
  /** Page_alloc_cpu_dead() drains a pageset holding order-0 and order-1 pages, two pages of a list in one batch. */
  'offline-orders': OFFLINE_ORDERS,

  /** Drain_all_pages() from cpu1 over cpu0's pageset of order-0 and order-1 pages, owned pieces among them. */
  'drain-all-orders': {
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: cpu1 runs drain_all_pages() while cpu0 allocates and frees orders 0-1; the remote drain frees owned and ordinary pages (batch 2, high 2)',
    ...SMALL,
    cpus: 2,
    pcp: { batch: 2, high: 2, orders: [0, 1], costlyOrder: 1, drainsPerCpu: 1, drainAll: true },
    pcpBuddy: { roles: [['alloc', 'free'], ['drain']], freesPerCpu: 2 },
    workload: { allocOrders: [0, 1], allocsPerCpu: 2 },
  },
  /** CMA pageblocks between UNMOVABLE ones: MOVABLE allocations of order 0-1 refilled from CMA. */
  'cma': CMA,

  /** Drain_all_pages(), remote drains and decay_pcp_high() on two CPUs. */
  'drain-all-decay': {
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: drain_all_pages(), remote drains and decay_pcp_high() on two CPUs',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    vmemmap: true,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    cpus: 2,
    pcp: { batch: 1, high: 2, orders: [0], costlyOrder: 0, drainsPerCpu: 1, drainAll: true, decaysPerCpu: 1 },
    workload: { allocOrders: [0], allocsPerCpu: 1 },
  },
  /**
   * `offline-orders` with batch 1 and high 3, and a speculative reference per CPU on a block a
   * caller holds: a free that leaves more than high on the pageset commits in batches, dropping and
   * retaking the pageset's lock between them (next_batch, relock, loop), from __free_pages(), from
   * the tail loop of a non-compound block whose head a speculative reference holds, and from that
   * reference's last put; a whole block of the tails' pageset goes back in one piece.
   */
  'offline-orders-batches': {
    ...OFFLINE_ORDERS,
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: cpu1 takes cpu0 offline while cpu0 allocates and frees orders 0-1; batch 1, high 3: frees commit in batches, relocking between them; 1 speculative reference per CPU on a held block',
    pcp: { ...OFFLINE_ORDERS.pcp, batch: 1, high: 3 },
    workload: { ...OFFLINE_ORDERS.workload, specRefsPerCpu: 1, specLookup: 'held' },
  },
  /** `isolation` with high 3: a free that crosses high commits in batches, and the last batch ends the loop. */
  'isolation-batches': {
    ...ISOLATION,
    description: '8 pfns, pageblocks of 2, 3 CPUs (batch 1, high 3): cpu0 allocates 3 MOVABLE pages, cpu1 frees 3 held pages in batches, cpu2 isolates pageblock 0',
    pcp: pcp({ high: 3 }),
  },
  /** `unmovable-refill` on two CPUs, their UNMOVABLE refills interleaved: __rmqueue_claim() meets pageblocks try_to_claim_block() does not claim, and __rmqueue_steal() takes a page after it. */
  'unmovable-refill-2cpus': {
    ...UNMOVABLE_REFILL,
    description: '16 pfns, MAX_PAGE_ORDER 3, pageblock_order 2, 2 CPUs: a fragmented MOVABLE zone, pageblocks of 4 on PCP orders 0-1: UNMOVABLE refills of two CPUs that claim, refuse a claim, and steal',
    cpus: 2,
  },
  /**
   * `spec-any` with allocations of order 0 or 2 and speculative references on held blocks: the
   * tails of a non-compound order-2 block are freed one by one while a reference holds its head,
   * some to a pageset whose trylock fails, some merging to MAX_PAGE_ORDER as a drain or
   * free_one_page() frees them.
   */
  'spec-held-order2': {
    ...SPEC_ANY,
    description: '8 pfns, pageblocks of 2, 2 CPUs (batch 1, high 2); each allocates up to 2 MOVABLE blocks of order 0 or 2, frees any held block and takes 1 speculative reference on a block a caller holds',
    workload: { ...SPEC_ANY.workload, allocOrders: [0, 2], specLookup: 'held' },
  },
  /** `isolation` with batch 2, high 3 and a speculative reference per CPU on a held block: the reference's last put frees a page of the isolated pageblock to the buddy, or finds that its pageset's owner changed. */
  'isolation-spec': {
    ...ISOLATION,
    description: '8 pfns, pageblocks of 2, 3 CPUs (batch 2, high 3): cpu0 allocates 2 MOVABLE pages, cpu1 frees held pages, cpu2 isolates pageblock 0; 1 speculative reference per CPU on a held block',
    pcp: pcp({ batch: 2, high: 3 }),
    workload: { ...ISOLATION.workload, allocsPerCpu: 2, specRefsPerCpu: 1, specLookup: 'held' },
  },
  /** `offline-orders-batches` with compound allocations, three per CPU: a batched commit whose relock gives up. */
  'offline-orders-compound': {
    ...OFFLINE_ORDERS,
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: cpu1 takes cpu0 offline while cpu0 allocates 3 compound blocks of order 0-1 and frees them; batch 1, high 3; 1 speculative reference per CPU on a held block',
    pcp: { ...OFFLINE_ORDERS.pcp, batch: 1, high: 3 },
    workload: { ...OFFLINE_ORDERS.workload, allocsPerCpu: 3, compound: 'always', specRefsPerCpu: 1, specLookup: 'held' },
  },
  /** `cma` on two CPUs with one CMA pageblock, the last: __rmqueue_cma_fallback() splits a block more than once. */
  'cma-2cpus': {
    ...CMA,
    description: '8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs: pageblocks UNMOVABLE, UNMOVABLE, UNMOVABLE, CMA; MOVABLE allocations of order 0-1 refilled from CMA',
    cpus: 2,
    pageblockTypes: ['UNMOVABLE', 'UNMOVABLE', 'UNMOVABLE', 'CMA'],
  },
};

/**
 * Configurations a candidate brings (not checked with the baseline): interrupt contexts, where
 * an interrupt frees an owned page on a CPU whose task holds that pcp->lock.
 */
export const irqConfigs: Record<string, ConfigInput> = {
  irq: {
    description: '8 pfns, pageblocks of 2, 1 CPU with an interrupt context: pfn 0-1 allocated and owned by cpu0; the task allocates once, the interrupt frees once',
    ...SMALL,
    cpus: 1,
    preallocated: [
      { pfn: 0, order: 0 },
      { pfn: 1, order: 0 },
    ],
    pcp: pcp({ irq: true, irqOpsPerCpu: 1 }),
    pcpBuddy: { roles: [['alloc']], owners: [{ pageblock: 0, cpu: 0 }] },
    workload: { allocOrders: [0], allocsPerCpu: 1, allocMigratetypes: ['MOVABLE'] },
  },
};

/**
 * Configurations for randomized exploration (`pagecheck fuzz`); too large for exhaustive search.
 * Four CPUs allocating, freeing and draining over sixteen pageblocks (the most owned_blocks
 * holds), half the zone pinned so that refills meet memory pressure and fall back, and one CPU
 * that also takes another offline and isolates a pageblock. No interrupt contexts: with them the
 * RFC's spin_lock on the owner's pcp->lock deadlocks (the spin-lock-in-irq reading).
 */
export const fuzzConfigs: Record<string, ConfigInput> = {
  large: {
    description: '256 pfns, 4 sections of 64 (per-section memmap), MAX_PAGE_ORDER 6, pageblock_order 4 (PCP orders 0-4), pfn 128-255 pinned; 4 CPUs (batch 4, high 16); 16 MOVABLE/UNMOVABLE allocations of order 0-2 per CPU, frees anywhere, 2 drains per CPU, speculative references; cpu3 also takes a CPU offline and isolates a pageblock',
    ...LARGE_FUZZ_ZONE,
    pageblockOrder: 4,
    migratetypes: ['UNMOVABLE', 'MOVABLE'],
    // One type per max-order block (4 pageblocks), which boot would give them anyway.
    pageblockTypes: ['MOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE', 'UNMOVABLE', 'UNMOVABLE', 'UNMOVABLE', 'UNMOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE'],
    preallocated: [
      { pfn: 128, order: 6, pinned: true },
      { pfn: 192, order: 6, pinned: true },
    ],
    pcp: { batch: 4, high: 16, orders: [0, 1, 2, 3, 4], costlyOrder: 3, drainsPerCpu: 2 },
    pcpBuddy: {
      roles: [
        ['alloc', 'free', 'drain'],
        ['alloc', 'free', 'drain'],
        ['alloc', 'free', 'drain'],
        ['alloc', 'free', 'drain', 'offline', 'isolate'],
      ],
      offlinesPerCpu: 1,
      isolationsPerCpu: 1,
    },
    workload: { allocOrders: [0, 1, 2], allocsPerCpu: 16, compound: 'both', splitPage: true, specRefsPerCpu: 4, allocMigratetypes: ['MOVABLE', 'UNMOVABLE'] },
  },
};
