/**
 * P8 freelist hygiene (the 2024 "freelist hygiene" series, reference §1.3, §8 item 12): a free
 * block on a buddy list sits on the list of its pageblock's current migratetype, and a block
 * covering several pageblocks has them all of that type. The kernel allows a mismatch only
 * inside a zone->lock critical section (a claim retypes a block and moves its pages in one
 * hold), so the check is skipped while zone->lock is held. Pages on PCP lists may carry a stale
 * type: the drain re-reads it.
 */
import type { Finding } from '../src/engine/types.ts';
import type { MmView } from '../models/mm/view.ts';
import type { Property } from './types.ts';

/** The P8 check. */
export function checkHygiene(v: MmView): Finding | null {
  const { L, s } = v;
  const g = L.geo;
  if (s[L.zoneLock] !== 0) return null;
  let f: Finding | null = null;
  v.forEachListed((pfn, order, place) => {
    if (place.kind !== 'buddy') return true;
    const first = pfn >> g.pageblockOrder;
    const n = order > g.pageblockOrder ? 1 << (order - g.pageblockOrder) : 1;
    for (let b = first; b < first + n; b++) {
      const t = s[L.pbType + b];
      if (t === place.mt) continue;
      f = {
        code: 'P8',
        message: `free block ${order ? `pfn ${pfn}..${pfn + (1 << order) - 1}` : `pfn ${pfn}`} (order ${order}) is on free_area[${order}].free_list[${g.mts[place.mt]}] but pageblock ${b} (pfn ${b << g.pageblockOrder}..${((b + 1) << g.pageblockOrder) - 1}) is ${g.mts[t] ?? t}`,
        pfns: [pfn],
        orders: [order],
        hint: 'A free used a migratetype read before the block changed type (free_pcppages_bulk and split_large_buddy must read it under zone->lock), or a retype did not move the free pages.',
      };
      return false;
    }
    return true;
  });
  return f;
}

/** P8 freelist hygiene. */
export const P8: Property = {
  code: 'P8',
  title: 'freelist hygiene',
  meaning: "a free buddy block is on the list of its pageblocks' current migratetype (outside zone->lock critical sections)",
  kind: 'state',
  check: checkHygiene,
};
