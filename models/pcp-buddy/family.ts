/**
 * The pcp-buddy model's configuration family (src/family/generate.ts): pageblock ownership over an
 * UNMOVABLE pageblock among MOVABLE ones, pageblocks of at most 16 pages, PCP order 0 with batch 1
 * and high 2, and every CPU allocating, freeing and draining once; with two CPUs, also an
 * allocator and a remote freer and drainer.
 */
import type { FamilySpec, FamilyWorkload } from '../../src/family/generate.ts';

export const family: FamilySpec = {
  types: ['UNMOVABLE'],
  maxPageblockPages: 16,
  workloads: (p) => {
    const pcp = { batch: 1, high: 2, orders: [0], costlyOrder: 0, drainsPerCpu: 1 };
    const out: FamilyWorkload[] = [{ label: `MOVABLE allocations of order 0-${p.maxOrder}; batch 1, high 2; every CPU allocates, frees, drains once`, config: { pcp } }];
    if (p.cpus === 2)
      out.push({
        label: `MOVABLE allocations of order 0-${p.maxOrder}; batch 1, high 2; cpu0 allocates, cpu1 frees (up to 2) and drains`,
        config: { pcp, pcpBuddy: { roles: [['alloc'], ['free', 'drain']], freesPerCpu: 2 } },
      });
    return out;
  },
};
