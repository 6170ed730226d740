/**
 * P3 section boundaries: no free or allocated block spans two sections, and no code walks struct
 * pages across a section boundary when the memmap is per-section. The walk half is raised at the
 * step by the kernel helper `pageWalk` (and by the list insertion, which refuses a block that
 * spans sections); this file holds the state half.
 */
import type { Finding } from '../src/engine/types.ts';
import { HOLD } from '../models/mm/layout.ts';
import type { MmView } from '../models/mm/view.ts';
import type { Property } from './types.ts';

/** The state half of P3: listed blocks and held blocks each lie inside one section. */
export function checkSections(v: MmView): Finding | null {
  const { L, s } = v;
  const shift = L.geo.sectionShift;
  let f: Finding | null = null;
  v.forEachListed((pfn, order, place) => {
    const last = pfn + (1 << order) - 1;
    if (pfn >> shift !== last >> shift) {
      f = {
        code: 'P3',
        message: `free block pfn ${pfn}..${last} (order ${order}, ${place.kind === 'buddy' ? 'buddy' : `cpu${place.cpu}'s PCP`}) spans sections ${pfn >> shift} and ${last >> shift}`,
        pfns: [pfn],
        orders: [order],
        hint: 'Merging or chunking crossed a section boundary.',
      };
      return false;
    }
    return true;
  });
  if (f) return f;
  for (let p = 0; p < L.geo.nPfn; p++) {
    const u = s[L.gUnit + p];
    if (u === 0 || s[L.gHold + p] !== HOLD.pool) continue;
    const last = p + (1 << (u - 1)) - 1;
    if (p >> shift !== last >> shift)
      return { code: 'P3', message: `allocated block pfn ${p}..${last} (order ${u - 1}) spans sections ${p >> shift} and ${last >> shift}`, pfns: [p], orders: [u - 1] };
  }
  return null;
}

/** P3 section boundaries. */
export const P3: Property = {
  code: 'P3',
  title: 'section boundaries',
  meaning: 'no block spans two sections; no struct page walk crosses a section boundary when the memmap is per-section',
  kind: 'state',
  check: checkSections,
};
