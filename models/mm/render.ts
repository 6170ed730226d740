/**
 * The memory-map line of a counterexample step: one glyph per pfn, sections between `|`.
 *
 *   0-9   head of a free block on a buddy list, of that order (`a` for order 10)
 *   -     inside a free block on a buddy list
 *   p     head of a free block on a PCP list (`:` inside it)
 *   #     allocated, held by a caller
 *   r     held only by speculative references
 *   A-P   in flight in thread 0-15 (cpu0 = A, cpu1 = B, ...; interrupt contexts follow the CPUs)
 *   x     leaked on purpose (hwpoison or bad page)
 *   ?     on no list and held by nobody (lost)
 *   !     in two places at once
 */
import { HOLD } from './layout.ts';
import type { MmView } from './view.ts';

/** The legend printed under a counterexample. */
export const MEMORY_LEGEND =
  "memory: one glyph per pfn, sections between '|': 0-9 free buddy block head of that order, '-' inside it; 'p' PCP block head, ':' inside it; " +
  "'#' allocated; 'r' speculative refs only; A,B,.. in flight on cpu0,cpu1,.. (then irq contexts); 'x' leaked; '?' lost; '!' in two places";

/** Renders the memory map of the bound state. */
export function renderMemory(v: MmView): string {
  const { L, s } = v;
  const n = L.geo.nPfn;
  const glyph = new Array<string>(n).fill('');
  v.forEachListed((pfn, order, place) => {
    for (let p = pfn; p < Math.min(n, pfn + (1 << order)); p++) {
      const g = p === pfn ? (place.kind === 'buddy' ? (order < 10 ? String(order) : 'a') : 'p') : place.kind === 'buddy' ? '-' : ':';
      glyph[p] = glyph[p] ? '!' : g;
    }
  });
  let out = '|';
  for (let p = 0; p < n; p++) {
    const h = s[L.gHold + p];
    let g = glyph[p];
    if (h !== HOLD.none) {
      const held = h === HOLD.pool ? '#' : h === HOLD.ref ? 'r' : h === HOLD.leaked ? 'x' : String.fromCharCode(65 + h - HOLD.thread0);
      g = g ? '!' : held;
    } else if (!g) g = '?';
    out += g;
    if ((p + 1) % L.geo.pagesPerSection === 0) out += '|';
  }
  return out;
}
