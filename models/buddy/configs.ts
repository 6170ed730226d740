/** Named configurations of the buddy model. */
import type { ConfigInput } from '../../src/config/schema.ts';
import { LARGE_FUZZ_ZONE } from '../mm/fuzz-geometry.ts';

export const configs: Record<string, ConfigInput> = {
  /**
   * Two sections of 8 pfns with a per-section memmap, max-order blocks of 4 pages over two
   * pageblocks, two CPUs; compound and non-compound allocations, split_page and one speculative
   * reference per CPU, so that the __free_pages races are reachable.
   */
  default: {
    description: '16 pfns, 2 sections of 8 (per-section memmap), MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 2,
    vmemmap: false,
    workload: { allocOrders: [0, 1], allocsPerCpu: 1, compound: 'both', splitPage: true, specRefsPerCpu: 1 },
  },
  /** The default geometry with a virtually contiguous memmap (CONFIG_SPARSEMEM_VMEMMAP). */
  vmemmap: {
    description: 'as default, with VMEMMAP',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 2,
    vmemmap: true,
    workload: { allocOrders: [0, 1], allocsPerCpu: 1, compound: 'both', splitPage: true, specRefsPerCpu: 1 },
  },
  /** A max-order block as large as a section: the place where an off-by-one merge crosses a section. */
  'section-edge': {
    description: '16 pfns, 2 sections of 8, MAX_PAGE_ORDER 3 (one block per section), pageblock_order 2, 2 CPUs',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 2,
    cpus: 2,
    vmemmap: true,
    workload: { allocOrders: [0], allocsPerCpu: 1 },
  },
  /**
   * An order-2 block freed by its caller while a speculative reference holds its head: the
   * tail-freeing loop of __free_pages() over several tail orders, compound and not.
   */
  'spec-tails': {
    description: '16 pfns, 2 sections of 8, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs, order-2 blocks with speculative references',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 2,
    vmemmap: false,
    workload: { allocOrders: [2], allocsPerCpu: 1, compound: 'both', specRefsPerCpu: 1 },
  },
  /**
   * Speculative references that arrive at any time: a lookup of any pfn in use and a later
   * get_page_unless_zero(), so that a reference lands between any two steps of a free (after its
   * put, on a tail, on a block merged or reallocated meanwhile), not only on a block still held.
   */
  'spec-any': {
    description: '16 pfns, 2 sections of 8 (per-section memmap), MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs, order-1 and order-2 blocks, compound or not; 1 speculative reference per CPU on any pfn in use, taken a step after its lookup',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 2,
    vmemmap: false,
    workload: { allocOrders: [1, 2], allocsPerCpu: 1, compound: 'both', specRefsPerCpu: 1, specLookup: 'any' },
  },
  /** Allocation and free only, more calls: the merge and split paths in depth. */
  churn: {
    description: '16 pfns, 2 sections of 8, MAX_PAGE_ORDER 2, pageblock_order 1, 2 CPUs, 2 allocations each, orders 0-2',
    pages: 16,
    pagesPerSection: 8,
    maxOrder: 2,
    pageblockOrder: 1,
    cpus: 2,
    vmemmap: false,
    workload: { allocOrders: [0, 1, 2], allocsPerCpu: 2 },
  },
  /**
   * A fragmented zone: held pages keep pageblocks of two mergeable types apart, so that freeing
   * them merges across pageblocks of different types (the buddy retyped) at orders 2 and 3; and
   * order-2 allocations that find no free block of their order or above (alloc_pages returns
   * NULL).
   */
  fragmented: {
    description: '8 pfns, 1 section, MAX_PAGE_ORDER 3, pageblock_order 1, 2 CPUs, MOVABLE and UNMOVABLE pageblocks kept apart by held pages, order-2 allocations that can fail',
    pages: 8,
    pagesPerSection: 8,
    maxOrder: 3,
    pageblockOrder: 1,
    cpus: 2,
    vmemmap: false,
    pageblockTypes: ['MOVABLE', 'UNMOVABLE', 'MOVABLE', 'MOVABLE'],
    preallocated: [
      { pfn: 2, order: 1 },
      { pfn: 6, order: 0 },
    ],
    workload: { allocOrders: [2], allocsPerCpu: 1 },
  },
};

/**
 * Configurations for randomized exploration (`pagecheck fuzz`); too large for exhaustive search.
 * Each section is exactly one max-order block, as with arm64's 64K pages, so that merges meet
 * section boundaries.
 */
export const fuzzConfigs: Record<string, ConfigInput> = {
  large: {
    description: '256 pfns, 4 sections of 64 (per-section memmap), MAX_PAGE_ORDER 6, pageblock_order 5, 4 CPUs, 16 allocations each, orders 0-3',
    ...LARGE_FUZZ_ZONE,
    pageblockOrder: 5,
    workload: { allocOrders: [0, 1, 2, 3], allocsPerCpu: 16, compound: 'both', splitPage: true, specRefsPerCpu: 4 },
  },
  /** large, with speculative references that arrive at any time (a lookup of any pfn in use, the get a later step). */
  'large-spec-any': {
    description: 'as large, with 4 speculative references per CPU on any pfn in use, each taken a step after its lookup',
    ...LARGE_FUZZ_ZONE,
    pageblockOrder: 5,
    workload: { allocOrders: [0, 1, 2, 3], allocsPerCpu: 16, compound: 'both', splitPage: true, specRefsPerCpu: 4, specLookup: 'any' },
  },
};
