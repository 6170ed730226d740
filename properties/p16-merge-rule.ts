/**
 * P16 pageblock merge rule (reference §1.5, §8 items 8-10): __free_one_page() never merges a
 * pageblock of a non-mergeable type (ISOLATE, CMA, HIGHATOMIC) with a pageblock of another type
 * (1dd214b8f21c). Raised at the merge itself (`merge_with_buddy` in ../models/isolation/impl.ts,
 * from the two pageblocks' types as they are, not as the merge test decided), since a merge of
 * two types retypes the buddy's pageblocks (e6cf9e1c4cde) and can leave nothing wrong to see at
 * rest; and after every step (outside zone->lock): no free buddy covering several pageblocks
 * joins such types, and no pageblock became CMA or stopped being CMA (the CMA area keeps its
 * pageblocks; only isolation sets them aside, keeping the type).
 */
import type { Finding } from '../src/engine/types.ts';
import type { MmView } from '../models/mm/view.ts';
import { baseType, hasIsolation } from '../models/isolation/state.ts';
import type { Property } from './types.ts';

/** The P16 check. */
export function checkMergeRule(v: MmView): Finding | null {
  const { L, s } = v;
  const g = L.geo;
  if (s[L.zoneLock] !== 0) return null;
  const boot = g.config.pageblockTypes;
  if (boot && g.mt.CMA >= 0)
    for (let b = 0; b < g.nPageblocks; b++) {
      const t = hasIsolation(L) ? baseType(L, s, b) : s[L.pbType + b];
      if ((boot[b] === 'CMA') !== (t === g.mt.CMA))
        return {
          code: 'P16',
          message: `pageblock ${b} (pfn ${b << g.pageblockOrder}..${((b + 1) << g.pageblockOrder) - 1}) was ${boot[b]} at boot and is now ${g.mts[t]}: a merge joined a CMA pageblock with another type and retyped one of them`,
          hint: 'A CMA pageblock must never merge with another type (migratetype_is_mergeable() is false for CMA): its pages would leave the CMA area.',
        };
    }
  let f: Finding | null = null;
  v.forEachListed((pfn, order, place) => {
    if (place.kind !== 'buddy' || order <= g.pageblockOrder) return true;
    const first = pfn >> g.pageblockOrder;
    const n = 1 << (order - g.pageblockOrder);
    for (let b = first + 1; b < first + n; b++) {
      const a = s[L.pbType + first];
      const t = s[L.pbType + b];
      if (a === t || (g.mergeable[a] && g.mergeable[t])) continue;
      const name = (x: number) => `pageblock ${x} (pfn ${x << g.pageblockOrder}..${((x + 1) << g.pageblockOrder) - 1}, ${g.mts[s[L.pbType + x]]})`;
      f = {
        code: 'P16',
        message: `free block pfn ${pfn}..${pfn + (1 << order) - 1} (order ${order}, on free_list[${g.mts[place.mt]}]) joins ${name(first)} with ${name(b)}`,
        pfns: [pfn],
        orders: [order],
        hint: 'Either __free_one_page() merged across pageblocks of which one is ISOLATE, CMA or HIGHATOMIC, or a pageblock under a free buddy changed type without the buddy being split (isolation splits a straddling buddy in the same zone->lock hold since fd919a85cd55): the free pages of each are counted and handed out as the other\'s.',
      };
      return false;
    }
    return true;
  });
  return f;
}

/** P16 pageblock merge rule. */
export const P16: Property = {
  code: 'P16',
  title: 'pageblock merge rule',
  meaning: 'a merge never joins a non-mergeable pageblock (ISOLATE, CMA, HIGHATOMIC) with one of another type; no free buddy does, and CMA pageblocks stay CMA',
  kind: 'state',
  check: checkMergeRule,
};
