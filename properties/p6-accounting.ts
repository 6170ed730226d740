/**
 * P6 accounting: pcp->count equals the base pages on that CPU's PCP lists (checked while its
 * pcp->lock is free: a refill updates the count after filling the list, under the lock);
 * nr_free[order] and NR_FREE_PAGES equal the buddy lists (NR_FREE_PAGES without the MIGRATE_ISOLATE
 * ones), so pages on PCP lists are not counted
 * as free; a block sits only on a PCP list the kernel uses (order_to_pindex). The step half is
 * raised by the drains: drain_pages_zone() returns only when it saw its pageset empty
 * (`ghost_drain_postcondition` in models/pcp/impl.ts).
 */
import type { Finding } from '../src/engine/types.ts';
import type { MmView } from '../models/mm/view.ts';
import type { Property } from './types.ts';

const signed = (v: number) => (v > 0x7fff ? v - 0x10000 : v);

/** The state half of P6. */
export function checkAccounting(v: MmView): Finding | null {
  const { L, s } = v;
  const g = L.geo;
  if (!L.pcpOrders.length) return null;
  const pcpPages = new Array<number>(g.cpus).fill(0);
  const blocks = new Array<number>(g.nOrders).fill(0);
  let buddyPages = 0;
  let f: Finding | null = null;
  v.forEachListed((pfn, order, place) => {
    if (place.kind === 'buddy') {
      blocks[order]++;
      if (place.mt !== g.mt.ISOLATE) buddyPages += 1 << order;
      return true;
    }
    pcpPages[place.cpu] += 1 << order;
    if (L.pcpListMt(order, place.mt) !== place.mt) {
      f = {
        code: 'P6',
        message: `pfn ${pfn} (order ${order}) is on cpu${place.cpu}'s PCP list for ${g.mts[place.mt]}, a list order_to_pindex() never uses at that order`,
        pfns: [pfn],
        cpus: [place.cpu],
      };
      return false;
    }
    return true;
  });
  if (f) return f;
  for (let cpu = 0; cpu < g.cpus; cpu++) {
    if (s[L.pcpLock + cpu] !== 0) continue;
    const count = signed(s[L.pcpCount + cpu]);
    if (count !== pcpPages[cpu])
      return {
        code: 'P6',
        message: `cpu${cpu}'s pcp->count is ${count} but its PCP lists hold ${pcpPages[cpu]} pages (pcp->lock is free)`,
        cpus: [cpu],
        hint: 'A list change without the matching pcp->count update (or one in 2^order units forgotten): drains and the high check trust the count.',
      };
  }
  for (let o = 0; o < g.nOrders; o++)
    if (s[L.nrFree + o] !== blocks[o])
      return { code: 'P6', message: `free_area[${o}].nr_free is ${s[L.nrFree + o]} but the order-${o} buddy lists hold ${blocks[o]} blocks`, orders: [o] };
  const nrFree = signed(s[L.nrFreePages]);
  if (nrFree !== buddyPages) {
    const pcp = pcpPages.reduce((a, b) => a + b, 0);
    return {
      code: 'P6',
      message:
        `NR_FREE_PAGES is ${nrFree} but the buddy lists${g.mt.ISOLATE >= 0 ? ' outside MIGRATE_ISOLATE' : ''} hold ${buddyPages} pages` +
        (pcp && nrFree === buddyPages + pcp ? `: it also counts the ${pcp} pages on PCP lists, which rmqueue_bulk() took out of the buddy` : ''),
      hint: 'account_freepages() is missing or doubled on some path; pages move to a PCP as allocated memory.',
    };
  }
  return null;
}

/** P6 accounting. */
export const P6: Property = {
  code: 'P6',
  title: 'accounting',
  meaning: 'pcp->count equals its lists; nr_free and NR_FREE_PAGES equal the buddy lists (PCP pages are not free pages); a drain returns having seen its pageset empty',
  kind: 'state',
  check: checkAccounting,
};
