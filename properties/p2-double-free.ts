/**
 * P2 no double free: a free is caught at the free itself, as the kernel's bad-page checks in
 * free_pages_prepare() would catch it, not only later through P1. The model checks the ghost
 * holder (every page of the block must be in flight in the freeing thread) and says whether the
 * kernel's own check (PageBuddy set, refcount not 0) would have seen it.
 */
import type { Mm } from '../models/mm/kernel.ts';
import { HOLD } from '../models/mm/layout.ts';
import type { Property } from './types.ts';

/**
 * Called by the free paths where the kernel runs free_pages_prepare(). Raises P2 and returns
 * false when some page of the block is not the freeing thread's to free.
 */
export function checkFreeable(k: Mm, pfn: number, order: number, fn: string): boolean {
  const n = 1 << order;
  for (let i = 0; i < n; i++) {
    const p = pfn + i;
    const h = k.hold(p);
    if (h === k.mine) continue;
    let what: string;
    if (h === HOLD.none)
      what = k.isBuddy(p)
        ? "is already free (PageBuddy set: the kernel's bad-page check would catch this one)"
        : 'is already free inside a larger free block or on a PCP list (the kernel would not notice: refcount 0, PageBuddy clear; the free lists are silently corrupted)';
    else if (h >= HOLD.thread0)
      what = `is being freed at the same time by ${k.holderName(h)}; the kernel's checks see refcount 0 and no PageBuddy, so both frees go through and the page is listed twice`;
    else
      what = `is still held by ${k.holderName(h)}${k.ref(p) ? ` (refcount ${k.ref(p)}: the kernel's bad-page check would catch it)` : ' (refcount 0: the kernel would not notice)'}`;
    k.fail('P2', `${k.who} frees ${k.block(pfn, order)} in ${fn}, but pfn ${p} ${what}`, {
      pfns: [p],
      orders: [order],
      hint: 'Two paths free the same page: look for a decision taken after the reference was dropped (as in CVE-2023-52739), or a page handed out twice.',
    });
    return false;
  }
  return true;
}

/** P2 no double free. */
export const P2: Property = {
  code: 'P2',
  title: 'no double free',
  meaning: 'a page is freed only by a thread that holds it; a second free is caught at the free, as the kernel\'s bad-page check would catch it',
  kind: 'step',
};
