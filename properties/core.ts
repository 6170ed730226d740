/**
 * A fused, allocation-free pass deciding whether P1, P3, P4 and P5 all hold in a state. It is
 * what the explorer runs after every step; only when it says no are the four individual checks
 * run (in order) to name the first violated property and its objects. The individual checks are
 * the oracle: a test checks that this pass agrees with them on states from every model and
 * mutant.
 */
import { HOLD, NIL, PG, TW } from '../models/mm/layout.ts';
import type { MmView } from '../models/mm/view.ts';
import type { Property } from './types.ts';
import { P1 } from './p1-partition.ts';
import { P3 } from './p3-sections.ts';
import { P4 } from './p4-refcounts.ts';
import { P5 } from './p5-buddy.ts';

/** The properties the fused pass decides. */
export const CORE_PROPERTIES: readonly Property[] = [P1, P3, P4, P5];

/** Scratch space of the pass, sized for one layout. */
export class CoreScratch {
  /** Per pfn: bit 0 covered by a listed block, bit 1 head of a listed buddy block. */
  readonly mark: Uint8Array;
  readonly blocks: Int32Array;
  constructor(nPfn: number, nOrders: number) {
    this.mark = new Uint8Array(nPfn);
    this.blocks = new Int32Array(nOrders);
  }
}

/** True when P1, P3, P4 and P5 all hold in the bound state. */
export function coreHolds(v: MmView, scratch: CoreScratch): boolean {
  const { L, s } = v;
  const g = L.geo;
  const n = g.nPfn;
  const { mark, blocks } = scratch;
  mark.fill(0);
  blocks.fill(0);
  const shift = g.sectionShift;
  const next = L.next;
  const ref = L.ref;
  let pages = 0;
  // Buddy lists: shape, PageBuddy, order, refcounts, coverage.
  for (let o = 0; o < g.nOrders; o++) {
    const size = 1 << o;
    for (let mt = 0; mt < g.nMt; mt++) {
      let p = s[L.freeHead + o * g.nMt + mt];
      for (let steps = 0; p !== NIL; steps++) {
        if (p >= n || steps > n) return false;
        if (p & (size - 1) || p + size > n || p >> shift !== (p + size - 1) >> shift) return false;
        if (!(s[L.flags + p] & PG.buddy) || s[L.priv + p] !== o) return false;
        blocks[o]++;
        pages += size;
        for (let q = p; q < p + size; q++) {
          if (s[ref + q] !== 0 || mark[q] !== 0) return false;
          mark[q] = 1;
        }
        mark[p] = 3;
        p = s[next + p];
      }
    }
  }
  // PCP lists: shape, refcounts, coverage.
  if (L.pcpOrders.length)
    for (let cpu = 0; cpu < g.cpus; cpu++)
      for (const o of L.pcpOrders) {
        const size = 1 << o;
        for (let mt = 0; mt < g.nMt; mt++) {
          let p = s[L.pcpListHead(cpu, o, mt)];
          for (let steps = 0; p !== NIL; steps++) {
            if (p >= n || steps > n) return false;
            if (p + size > n || p >> shift !== (p + size - 1) >> shift) return false;
            for (let q = p; q < p + size; q++) {
              if (s[ref + q] !== 0 || mark[q] !== 0) return false;
              mark[q] = 1;
            }
            p = s[next + p];
          }
        }
      }
  for (let o = 0; o < g.nOrders; o++) if (s[L.nrFree + o] !== blocks[o]) return false;
  if (s[L.nrFreePages] !== pages) return false;
  // Per pfn: exactly one place, PageBuddy only on listed heads, held blocks well-formed.
  for (let p = 0; p < n; p++) {
    const h = s[L.gHold + p];
    const m = mark[p];
    if (h === HOLD.none) {
      if (m === 0) return false;
    } else {
      if (m !== 0) return false;
      if (h >= HOLD.thread0 && s[L.threadBase(h - HOLD.thread0) + TW.op] === 0) return false;
      const u = s[L.gUnit + p];
      if (u !== 0) {
        if ((h === HOLD.pool || h === HOLD.ref) && s[ref + p] === 0) return false;
        if (h === HOLD.pool && p >> shift !== (p + (1 << (u - 1)) - 1) >> shift) return false;
      }
    }
    if (s[L.flags + p] & PG.buddy && m !== 3) return false;
  }
  return true;
}
