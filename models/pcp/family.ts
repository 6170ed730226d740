/**
 * The PCP model's configuration family (src/family/generate.ts): an UNMOVABLE, RECLAIMABLE or CMA
 * pageblock among MOVABLE ones (adjacent pageblocks of different mergeable types, CMA next to
 * MOVABLE, and the fallbacks between them), allocations of every order up to MAX_PAGE_ORDER (the
 * THP order, pageblock_order, has its PCP list), MOVABLE and UNMOVABLE (and RECLAIMABLE where a
 * pageblock is), and two pagesets: batch 1 and high 2 with pcp batch scaling off and a drain per
 * CPU (a drain of more than a batch, and frees that overflow high), or batch 2 and high 4 (refills
 * of two blocks).
 */
import type { MigratetypeName } from '../../src/config/schema.ts';
import type { FamilySpec } from '../../src/family/generate.ts';

export const family: FamilySpec = {
  types: ['UNMOVABLE', 'RECLAIMABLE', 'CMA'],
  migratetypes: ['RECLAIMABLE'],
  workloads: (p) => {
    const allocMigratetypes: MigratetypeName[] = p.pageblockTypes.includes('RECLAIMABLE') ? ['MOVABLE', 'UNMOVABLE', 'RECLAIMABLE'] : ['MOVABLE', 'UNMOVABLE'];
    const what = `allocations of order 0-${p.maxOrder}, ${allocMigratetypes.join('/')}`;
    return [
      { label: `${what}; batch 1, high 2, scale 0, 1 drain per CPU`, config: { pcp: { batch: 1, high: 2, scaleMax: 0, drainsPerCpu: 1, drainAll: true }, workload: { allocMigratetypes } }, weight: 3 },
      { label: `${what}; batch 2, high 4`, config: { pcp: { batch: 2, high: 4 }, workload: { allocMigratetypes } } },
    ];
  },
};
