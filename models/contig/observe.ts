/**
 * What a caller can compare after a free of a range or an array, or after a bulk allocation: the
 * zone as it would be after a full drain. Freeing page by page and freeing in chunks leave free
 * pages in different places (order-0 PCP lists, higher-order PCP lists, the buddy) and lists in
 * different orders, none of which a caller can observe; after every PCP is drained into the
 * buddy, both leave the same set of free pages, merged the same way.
 *
 * The normalization is the checker's, not a kernel path: the pages on PCP lists join the free
 * pages (and NR_FREE_PAGES, as the drain would account them), the PCP lists and counts are
 * emptied, and the free pages are listed as the maximal naturally aligned blocks (at most
 * MAX_PAGE_ORDER, inside one section, over pageblocks of one type) the buddy merges them into,
 * each list in pfn order. Pageblock types are kept as they stand (free blocks over pageblocks of
 * two types are not merged here, where the kernel would merge two mergeable types and retype
 * one, depending on the order of the frees); every other field is compared as it is.
 */
import { NIL, PG, type MmLayout } from '../mm/layout.ts';

/** The normalization of observations for one layout (see the module comment). */
export function drainedObservation(L: MmLayout): (o: Uint16Array) => void {
  const g = L.geo;
  const n = g.nPfn;
  const free = new Uint8Array(n);
  return (o) => {
    free.fill(0);
    // Marks the pages of a list's blocks free; returns how many pages the list holds.
    const take = (head: number, order: number): number => {
      let pages = 0;
      for (let p = o[head], steps = 0; p !== NIL && p < n && steps <= n; p = o[L.next + p], steps++)
        for (let q = p; q < Math.min(n, p + (1 << order)); q++, pages++) free[q] = 1;
      return pages;
    };
    for (let ord = 0; ord < g.nOrders; ord++) for (let mt = 0; mt < g.nMt; mt++) take(L.freeHead + ord * g.nMt + mt, ord);
    let pcpPages = 0;
    if (L.pcpOrders.length)
      for (let cpu = 0; cpu < g.cpus; cpu++) {
        for (const { order, mt } of L.pcpPindex) {
          pcpPages += take(L.pcpListHead(cpu, order, mt), order);
          o[L.pcpListHead(cpu, order, mt)] = NIL;
        }
        o[L.pcpCount + cpu] = 0;
      }
    o[L.nrFreePages] = (o[L.nrFreePages] + pcpPages) & 0xffff;
    o.fill(NIL, L.freeHead, L.freeHead + g.nOrders * g.nMt);
    o.fill(0, L.nrFree, L.nrFree + g.nOrders);
    o.fill(NIL, L.next, L.next + n);
    const tails = new Array<number>(g.nOrders * g.nMt).fill(NIL);
    for (let p = 0; p < n; ) {
      if (!free[p]) {
        p++;
        continue;
      }
      let order = 0;
      while (order < g.maxOrder && fits(L, free, o, p, order + 1)) order++;
      for (let q = p; q < p + (1 << order); q++) {
        o[L.flags + q] &= ~PG.buddy;
        o[L.priv + q] = 0;
      }
      o[L.flags + p] |= PG.buddy;
      o[L.priv + p] = order;
      const mt = o[L.pbType + (p >> g.pageblockOrder)];
      const list = order * g.nMt + mt;
      if (tails[list] === NIL) o[L.freeHead + list] = p;
      else o[L.next + tails[list]] = p;
      tails[list] = p;
      o[L.nrFree + order]++;
      p += 1 << order;
    }
  };
}

/** True when the aligned order-`order` block at pfn is free, inside one section and over pageblocks of one type. */
function fits(L: MmLayout, free: Uint8Array, o: Uint16Array, pfn: number, order: number): boolean {
  const g = L.geo;
  const size = 1 << order;
  if (pfn & (size - 1) || pfn + size > g.nPfn) return false;
  if (pfn >> g.sectionShift !== (pfn + size - 1) >> g.sectionShift) return false;
  const mt = o[L.pbType + (pfn >> g.pageblockOrder)];
  for (let q = pfn; q < pfn + size; q++) if (!free[q] || o[L.pbType + (q >> g.pageblockOrder)] !== mt) return false;
  return true;
}
