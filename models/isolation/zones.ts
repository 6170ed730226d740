/**
 * The isolation model's small zone and pageset, shared by its named configurations
 * (./configs.ts) and those that reach single paths (./coverage-configs.ts).
 */
/** 8 pfns, 2 sections of 4, MAX_PAGE_ORDER 2, pageblock_order 1 (4 pageblocks). */
export const SMALL = { pages: 8, pagesPerSection: 4, maxOrder: 2, pageblockOrder: 1, cpus: 2, vmemmap: false } as const;
/** PCP order 0, batch 2, high 4 (a refill takes two pages, a free of the fourth drains two). */
export const PCP = { batch: 2, high: 4, orders: [0] };
