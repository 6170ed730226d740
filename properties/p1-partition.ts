/**
 * P1 partition: every pfn is in exactly one place: inside one free block on one list (buddy or
 * a CPU's PCP), inside one block a caller holds (allocated, or in flight in a thread, or held by
 * speculative references), or deliberately leaked (hwpoison or bad page).
 */
import type { Finding } from '../src/engine/types.ts';
import { HOLD } from '../models/mm/layout.ts';
import type { ListPlace, MmView } from '../models/mm/view.ts';
import type { Property } from './types.ts';

function placeName(v: MmView, pfn: number, order: number, p: ListPlace): string {
  const g = v.L.geo;
  const blk = order === 0 ? `pfn ${pfn}` : `pfn ${pfn}..${pfn + (1 << order) - 1}`;
  return p.kind === 'buddy'
    ? `free block ${blk} on free_area[${order}].free_list[${g.mts[p.mt]}]`
    : `free block ${blk} on cpu${p.cpu}'s PCP list (order ${order}, ${g.mts[p.mt]})`;
}

function holderName(v: MmView, h: number): string {
  switch (h) {
    case HOLD.pool:
      return 'allocated to a caller';
    case HOLD.ref:
      return 'held by speculative references';
    case HOLD.leaked:
      return 'leaked on purpose';
    default:
      return `in flight on ${v.L.threadName(h - HOLD.thread0)}`;
  }
}

/** The P1 check. */
export function checkPartition(v: MmView): Finding | null {
  const { L, s } = v;
  const n = L.geo.nPfn;
  const cover = new Uint8Array(n);
  const corrupt = v.forEachListed((pfn, order) => {
    const end = Math.min(n, pfn + (1 << order));
    for (let p = pfn; p < end; p++) cover[p]++;
  });
  if (corrupt) return { code: 'P1', message: `${corrupt}`, hint: 'A block was put on a list twice, or a list link was not cleared when the block was taken off.' };
  for (let p = 0; p < n; p++) {
    const h = s[L.gHold + p];
    const c = cover[p];
    if (h === HOLD.none && c === 1) continue;
    if (h !== HOLD.none && c === 0) {
      if (h >= HOLD.thread0 && v.threadIdle(h - HOLD.thread0))
        return {
          code: 'P1',
          message: `pfn ${p} is lost: it is on no free list and was left in flight by ${L.threadName(h - HOLD.thread0)}, whose operation has returned`,
          pfns: [p],
          cpus: [L.cpuOf(h - HOLD.thread0)],
          hint: 'A path took the page off a list (or received it back) and neither returned it to the caller nor freed it.',
        };
      continue;
    }
    // The rest needs the places by name: walk again (only on the failing path).
    const places: string[] = [];
    v.forEachListed((pfn, order, place) => {
      if (p >= pfn && p < pfn + (1 << order)) places.push(placeName(v, pfn, order, place));
    });
    if (h === HOLD.none && c === 0)
      return {
        code: 'P1',
        message: `pfn ${p} is lost: it is on no free list and no caller or thread holds it`,
        pfns: [p],
        hint: 'A block was taken off a free list and dropped, or expand()/merging put back the wrong part.',
      };
    if (h === HOLD.none)
      return { code: 'P1', message: `pfn ${p} is in ${c} places at once: ${places.join(' and ')}`, pfns: [p], hint: 'Overlapping free blocks: a merge or split produced a block that covers another one.' };
    return {
      code: 'P1',
      message: `pfn ${p} is ${holderName(v, h)} and also in ${places.join(' and ')}`,
      pfns: [p],
      hint: 'A page on a free list is also in use: a block was freed (or put back by expand) while still allocated.',
    };
  }
  return null;
}

/** P1 partition. */
export const P1: Property = {
  code: 'P1',
  title: 'partition',
  meaning: 'every pfn is in exactly one place: one free block (buddy or PCP), one held block, or leaked on purpose',
  kind: 'state',
  check: checkPartition,
};
