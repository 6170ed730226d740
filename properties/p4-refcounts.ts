/**
 * P4 refcounts: 0 for every free page, at least 1 for the head of every allocated block (and for
 * every page after split_page, each being its own block), 0 for the other pages of a held block,
 * never negative, and no put on a zero count (raised at the put by `putPageTestzero`).
 */
import type { Finding } from '../src/engine/types.ts';
import { HOLD } from '../models/mm/layout.ts';
import type { MmView } from '../models/mm/view.ts';
import type { Property } from './types.ts';

/** The state half of P4. */
export function checkRefcounts(v: MmView): Finding | null {
  const { L, s } = v;
  let f: Finding | null = null;
  v.forEachListed((pfn, order, place) => {
    for (let p = pfn, end = pfn + (1 << order); p < end; p++)
      if (s[L.ref + p] !== 0) {
        f = {
          code: 'P4',
          message: `pfn ${p} is free (${place.kind === 'buddy' ? 'in the buddy' : `on cpu${place.cpu}'s PCP list`}, block at pfn ${pfn}, order ${order}) with refcount ${s[L.ref + p]}`,
          pfns: [p],
          hint: 'A page reached a free list without its count dropping to 0, or someone took a reference on a free page.',
        };
        return false;
      }
    return true;
  });
  if (f) return f;
  for (let p = 0; p < L.geo.nPfn; p++) {
    const h = s[L.gHold + p];
    const u = s[L.gUnit + p];
    const c = s[L.ref + p];
    if (h === HOLD.pool && u !== 0 && c === 0)
      return {
        code: 'P4',
        message: `pfn ${p} heads a block held by a caller (order ${u - 1}) but its refcount is 0`,
        pfns: [p],
        hint: 'The page was handed out (or split) without set_page_refcounted; its next put will underflow, or a speculative get will fail on a live page.',
      };
    if (h === HOLD.ref && u !== 0 && c === 0)
      return { code: 'P4', message: `pfn ${p} is held only by speculative references but its refcount is 0`, pfns: [p] };
  }
  return null;
}

/** P4 refcounts. */
export const P4: Property = {
  code: 'P4',
  title: 'refcounts',
  meaning: 'refcount 0 on free pages, >= 1 on allocated heads (and on each page after split_page), never a put on 0',
  kind: 'state',
  check: checkRefcounts,
};
