/**
 * The zone the models' large fuzz configurations share: 256 pfns in 4 sections of 64 with a
 * per-section memmap (so that `page + i` across a section is wrong), MAX_PAGE_ORDER 6, 4 CPUs.
 * Each model adds its pageblock order, types and workload.
 */
export const LARGE_FUZZ_ZONE = { pages: 256, pagesPerSection: 64, maxOrder: 6, cpus: 4, vmemmap: false } as const;
