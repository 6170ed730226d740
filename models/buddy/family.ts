/**
 * The buddy model's configuration family (src/family/generate.ts): an UNMOVABLE pageblock among
 * MOVABLE ones (so that a merge can join pageblocks of two mergeable types), allocations of every
 * order up to MAX_PAGE_ORDER, of MOVABLE and (with an UNMOVABLE pageblock) UNMOVABLE memory; as a
 * second workload, compound allocations, split_page() and a speculative reference per CPU (the
 * __free_pages() races).
 */
import type { MigratetypeName } from '../../src/config/schema.ts';
import type { FamilySpec } from '../../src/family/generate.ts';

export const family: FamilySpec = {
  types: ['UNMOVABLE'],
  workloads: (p) => {
    const mixed = p.pageblockTypes.includes('UNMOVABLE');
    const allocMigratetypes: MigratetypeName[] = mixed ? ['MOVABLE', 'UNMOVABLE'] : ['MOVABLE'];
    const what = `allocations of order 0-${p.maxOrder}${mixed ? ', MOVABLE or UNMOVABLE' : ''}`;
    return [
      { label: what, config: { workload: { allocMigratetypes } } },
      { label: `${what}, compound or not, split_page, 1 speculative reference per CPU`, config: { workload: { allocMigratetypes, compound: 'both', splitPage: true, specRefsPerCpu: 1 } }, weight: 4 },
    ];
  },
};
