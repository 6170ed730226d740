/**
 * The contig model's configuration family (src/family/generate.ts): an UNMOVABLE pageblock among
 * MOVABLE ones, pfn 0 free, held, pinned or held and hwpoisoned (free_pages_prepare() refuses it),
 * and three workloads on a pageset of batch 1 and high 2: allocations of every order and frees;
 * the same with alloc_pages_bulk() of 2 pages per CPU (a free of a held page may come before a
 * bulk call, so a second bulk call finds the PCP list refilled or emptied); and, with pfn 0 held,
 * free_contig_range(0, 2) and vfree of [1, 0] over pfn 0 and a held pfn 1.
 */
import type { FamilySpec, FamilyWorkload } from '../../src/family/generate.ts';

export const family: FamilySpec = {
  types: ['UNMOVABLE'],
  held: ['none', 'held', 'pinned', 'poisoned'],
  workloads: (p) => {
    const poison = p.held === 'poisoned' ? { hwpoison: [0] } : {};
    const pcp = { batch: 1, high: 2 };
    const what = `allocations of order 0-${p.maxOrder}; batch 1, high 2`;
    const out: FamilyWorkload[] = [
      { label: what, config: { pcp, contig: { ...poison } } },
      { label: `${what}; frees, then alloc_pages_bulk of 2 pages (1 call per CPU)`, config: { pcp, contig: { ...poison, bulkSizes: [2], bulkCallsPerCpu: 1 } }, weight: 3 },
    ];
    if (p.held === 'held' || p.held === 'poisoned')
      out.push({
        label: `${what}; pfn 1 held too: free_contig_range(0, 2) or vfree of [1, 0]`,
        config: { pcp, preallocated: [{ pfn: 1, order: 0 }], contig: { ...poison, ranges: [{ pfn: 0, nr: 2 }], areas: [[1, 0]], freePages: false } },
        weight: 2,
      });
    return out;
  },
};
