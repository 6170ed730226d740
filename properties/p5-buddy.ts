/**
 * P5 buddy well-formedness: every block on a buddy list is naturally aligned and at most
 * MAX_PAGE_ORDER, PageBuddy is set exactly on the heads of listed blocks, the stored order equals
 * the list's order, and nr_free and NR_FREE_PAGES equal what the lists hold (NR_FREE_PAGES leaves out
 * the MIGRATE_ISOLATE lists, as account_freepages() does).
 */
import type { Finding } from '../src/engine/types.ts';
import { PG } from '../models/mm/layout.ts';
import type { MmView } from '../models/mm/view.ts';
import type { Property } from './types.ts';

/** The P5 check. */
export function checkBuddy(v: MmView): Finding | null {
  const { L, s } = v;
  const g = L.geo;
  const isListedHead = new Uint8Array(g.nPfn);
  const blocks = new Array<number>(g.nOrders).fill(0);
  let pages = 0;
  let f: Finding | null = null;
  const corrupt = v.forEachListed((pfn, order, place) => {
    if (place.kind !== 'buddy') return true;
    const mtName = g.mts[place.mt];
    isListedHead[pfn] = 1;
    blocks[order]++;
    if (place.mt !== g.mt.ISOLATE) pages += 1 << order;
    if (pfn & ((1 << order) - 1))
      f = { code: 'P5', message: `block at pfn ${pfn} on free_area[${order}] (${mtName}) is not aligned to ${1 << order} pages`, pfns: [pfn], orders: [order] };
    else if (!(s[L.flags + pfn] & PG.buddy))
      f = { code: 'P5', message: `pfn ${pfn} heads a block on free_area[${order}].free_list[${mtName}] but PageBuddy is clear`, pfns: [pfn], orders: [order] };
    else if (s[L.priv + pfn] !== order)
      f = {
        code: 'P5',
        message: `pfn ${pfn} is on free_area[${order}].free_list[${mtName}] but its buddy order (page->private) is ${s[L.priv + pfn]}`,
        pfns: [pfn],
        orders: [order],
      };
    return !f;
  });
  if (corrupt) return { code: 'P5', message: corrupt, hint: 'A block was linked twice: the list loops.' };
  if (f) return f;
  for (let p = 0; p < g.nPfn; p++)
    if (s[L.flags + p] & PG.buddy && !isListedHead[p])
      return {
        code: 'P5',
        message: `pfn ${p} has PageBuddy set but heads no block on a buddy free list`,
        pfns: [p],
        hint: 'A path took the block off the list (or never listed it) without __ClearPageBuddy: a later free or merge will trust a stale PageBuddy.',
      };
  for (let o = 0; o < g.nOrders; o++)
    if (s[L.nrFree + o] !== blocks[o])
      return { code: 'P5', message: `free_area[${o}].nr_free is ${s[L.nrFree + o]} but the order-${o} lists hold ${blocks[o]} blocks`, orders: [o] };
  if (s[L.nrFreePages] !== pages)
    return {
      code: 'P5',
      message: `NR_FREE_PAGES is ${s[L.nrFreePages] > 0x7fff ? s[L.nrFreePages] - 0x10000 : s[L.nrFreePages]} but the buddy lists${g.mt.ISOLATE >= 0 ? ' outside MIGRATE_ISOLATE' : ''} hold ${pages} pages`,
      hint: 'An account_freepages() call is missing or doubled on some path.',
    };
  return null;
}

/** P5 buddy well-formedness. */
export const P5: Property = {
  code: 'P5',
  title: 'buddy well-formedness',
  meaning: 'aligned blocks <= MAX_PAGE_ORDER, PageBuddy exactly on listed heads, stored order = list order, nr_free and NR_FREE_PAGES equal the lists',
  kind: 'state',
  check: checkBuddy,
};
