/**
 * P9 range and array semantics (seeds 000, 001 and 004; reference §6): a free of a contiguous
 * range or of a page array (free_contig_range, vfree through free_pages_bulk) frees exactly the
 * pages whose last reference it dropped and whose free_pages_prepare() succeeded, each once and
 * only after it was prepared; every other page of the range stays with its other holders or is
 * leaked on purpose; and alloc_pages_bulk returns the number of entries it populated.
 *
 * The checks are raised at the steps that break them, from ghost marks the checker keeps (the
 * kernel keeps none): a page is marked when free_pages_prepare() succeeds on it inside a range
 * free, and the mark is consumed when a block freed with FPI_PREPARED covers it. So:
 * - a block freed with FPI_PREPARED must consist of marked pages (its last reference went, it
 *   was prepared, it was not freed yet);
 * - free_pages_prepare() without FPI_PREPARED must not meet a marked page (prepared twice);
 * - when the range or array free returns, none of its pages may be left in flight.
 * That the merged result after a full drain is the same as freeing page by page is the other
 * half of the semantics; `pagecheck validate` compares it (see models/contig).
 */
import type { Mm } from '../models/mm/kernel.ts';
import { HOLD } from '../models/mm/layout.ts';
import { InternalError } from '../src/util/unreachable.ts';
import type { Property } from './types.ts';

/** Name of the ghost word array (one word per pfn: the preparing thread + 1) a model with range frees lays out. */
export const PREPARED_MARKS = 'ghost: prepared pages';

function marksAt(k: Mm): number {
  const at = k.L.extra[PREPARED_MARKS];
  if (at === undefined) throw new InternalError(`the layout has no '${PREPARED_MARKS}' array: a model with range frees must lay it out`);
  return at;
}

/** Marks an order-0 page as prepared by the bound thread (free_pages_prepare() succeeded on it). */
export function markPrepared(k: Mm, pfn: number): void {
  k.s[marksAt(k) + pfn] = k.t + 1;
}

/**
 * Called where free_pages_prepare() runs on a block without FPI_PREPARED. Raises P9 and returns
 * false when a page of the block was already prepared in a range free and not freed since.
 */
export function checkNotPrepared(k: Mm, pfn: number, order: number, fn: string): boolean {
  const at = marksAt(k);
  for (let p = pfn, end = pfn + (1 << order); p < end && p < k.g.nPfn; p++)
    if (k.s[at + p]) {
      k.fail('P9', `${k.who} in ${fn} runs free_pages_prepare() on ${k.block(pfn, order)}, but pfn ${p} was already prepared by ${k.L.threadName(k.s[at + p] - 1)} for this free: it is prepared twice`, {
        pfns: [p],
        hint: 'A block whose order-0 pages were each prepared must be freed with FPI_PREPARED, so that its pages are not checked, uncharged and accounted a second time.',
      });
      return false;
    }
  return true;
}

/**
 * Called where a block is freed with FPI_PREPARED (free_prepared_contig_range). Raises P9 and
 * returns false unless every page of it was prepared by the bound thread and not freed since;
 * consumes the marks.
 */
export function checkPrepared(k: Mm, pfn: number, order: number, fn: string): boolean {
  const at = marksAt(k);
  const end = Math.min(pfn + (1 << order), k.g.nPfn);
  for (let p = pfn; p < end; p++) {
    if (k.s[at + p] === k.t + 1) continue;
    const why =
      k.s[at + p] !== 0
        ? `it was prepared by ${k.L.threadName(k.s[at + p] - 1)}, not by this free`
        : k.ref(p) !== 0
          ? `its refcount is ${k.ref(p)}: its last reference has not gone, so another holder will free it`
          : k.hold(p) === HOLD.leaked
            ? 'free_pages_prepare() refused it (it is leaked on purpose)'
            : k.hold(p) === k.mine
              ? 'free_pages_prepare() never ran on it'
              : `it is not this free's page (held by ${k.holderName(k.hold(p))}), or it was freed already`;
    k.fail('P9', `${k.who} in ${fn} frees ${k.block(pfn, order)} as prepared (FPI_PREPARED), but pfn ${p} is not a prepared page of this free: ${why}`, {
      pfns: [p],
      orders: [order],
      hint: 'A run handed to free_prepared_contig_range() must end before every page whose put_page_testzero() or free_pages_prepare() failed, and be freed once.',
    });
    return false;
  }
  k.s.fill(0, at + pfn, at + end);
  return true;
}

/**
 * Called when a range or array free returns: raises P9 when one of its pages is still in flight
 * in the bound thread (neither freed, nor left to its other holders, nor leaked), or still
 * marked prepared.
 */
export function checkRangeFreed(k: Mm, pfns: Iterable<number>, fn: string): void {
  const at = marksAt(k);
  for (const p of pfns) {
    if (k.hold(p) !== k.mine && !k.s[at + p]) continue;
    const why = k.s[at + p]
      ? 'it was prepared but never freed'
      : k.ref(p) !== 0
        ? `its reference was never dropped (refcount ${k.ref(p)})`
        : 'its last reference went, but it was neither freed nor leaked';
    k.fail('P9', `${k.who}'s ${fn} returns, but pfn ${p} of its pages is still in flight: ${why}`, {
      pfns: [p],
      hint: 'Every page passed in must be freed (alone or in a chunk), left to its other holders, or leaked on purpose: a run was dropped or a chunk skipped.',
    });
    return;
  }
}

/**
 * Called when alloc_pages_bulk returns `ret` with the caller's array `slots` (pfn + 1 per entry,
 * 0 for NULL): raises P9 unless entries 0..ret-1 are populated and every later entry is NULL.
 */
export function checkBulkReturn(k: Mm, slots: readonly number[], ret: number, fn: string): void {
  let populated = 0;
  while (populated < slots.length && slots[populated] !== 0) populated++;
  const stray = slots.findIndex((v, i) => i >= populated && v !== 0);
  if (ret === populated && stray < 0) return;
  const array = `[${slots.map((v) => (v ? `pfn ${v - 1}` : 'NULL')).join(', ')}]`;
  k.fail(
    'P9',
    ret > populated
      ? `${k.who}'s ${fn} returns ${ret}, but entry ${populated} of the page array is NULL: ${array}`
      : stray >= 0
        ? `${k.who}'s ${fn} returns ${ret} with a populated entry ${stray} after a NULL one: ${array}`
        : `${k.who}'s ${fn} returns ${ret}, but ${populated} entries of the page array are populated: ${array}`,
    { hint: 'alloc_pages_bulk() returns the number of populated entries (those filled on entry included); a caller trusts every entry below it.' },
  );
}

/** P9 range and array semantics. */
export const P9: Property = {
  code: 'P9',
  title: 'range and array semantics',
  meaning:
    'a range or page-array free frees exactly the pages whose last reference it dropped and whose free_pages_prepare() succeeded, each once, after its prepare; the rest stay held or are leaked on purpose; alloc_pages_bulk returns the number of populated entries',
  kind: 'step',
};
