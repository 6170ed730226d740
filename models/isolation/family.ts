/**
 * The isolation model's configuration family (src/family/generate.ts): an UNMOVABLE or CMA
 * pageblock among MOVABLE ones (no pageblock boots HIGHATOMIC: the reader refuses it), pfn 0
 * free, held, pinned or held and hwpoisoned, PCP order 0 with batch 2 and high 4, and on cpu0
 * (with two CPUs; cpu1 allocates, frees and drains) or on the only CPU (which also allocates and
 * frees): alloc_contig_range() of pageblock 1 (a CMA allocation where it is CMA), offline_pages()
 * of the last section, or compaction's free scanner; with pfn 0 poisoned, the range is
 * pageblock 0 and the section the first, so that the calls meet the poisoned page.
 */
import type { Config } from '../../src/config/schema.ts';
import type { FamilySpec, FamilyWorkload } from '../../src/family/generate.ts';

type Role = NonNullable<NonNullable<Config['isolation']>['roles']>[number][number];

export const family: FamilySpec = {
  types: ['UNMOVABLE', 'CMA'],
  held: ['none', 'held', 'pinned', 'poisoned'],
  // One CPU runs the isolating call and allocates too: a second allocation multiplies the interleavings by ten.
  allocs: [0, 1],
  workloads: (p) => {
    const roles = (r: Role): Role[][] => (p.cpus === 1 ? [[r, 'alloc', 'free', 'drain']] : [[r], ['alloc', 'free', 'drain']]);
    const pcp = { batch: 2, high: 4, orders: [0], drainsPerCpu: 1 };
    const pb = 1 << p.pageblockOrder;
    const what = `allocations of order 0-${p.maxOrder}, frees, 1 drain; batch 2, high 4`;
    // A poisoned pfn 0 lies in what the isolating calls take: pageblock 0, the first section.
    const poisoned = p.held === 'poisoned';
    const poison = poisoned ? { hwpoison: [0] } : {};
    const first = poisoned ? 0 : pb;
    const cma = p.pageblockTypes[first >> p.pageblockOrder] === 'CMA';
    const section = poisoned ? 0 : p.pages - p.pagesPerSection;
    const out: FamilyWorkload[] = [
      {
        label: `${what}; alloc_contig_range(${first}, ${first + pb}${cma ? ', ACR_FLAGS_CMA' : ''})`,
        config: { pcp, isolation: { ...poison, roles: roles('contig'), contigRanges: [{ pfn: first, nr: pb, cma }], contigPerCpu: 1 } },
        weight: 2,
      },
      { label: `${what}; compaction's free scanner`, config: { pcp, isolation: { ...poison, roles: roles('compact'), compactionsPerCpu: 1 } } },
    ];
    if (p.sections > 1)
      out.push({
        label: `${what}; offline_pages(${section}, ${p.pagesPerSection})`,
        config: { pcp, isolation: { ...poison, roles: roles('offline'), offlineRanges: [{ pfn: section, nr: p.pagesPerSection }], offlinesPerCpu: 1 } },
        weight: 2,
      });
    return out;
  },
};
