/**
 * A fused, allocation-free pass deciding whether P1, P3, P4 and P5 all hold in a state. It is
 * what the explorer runs after every step; only when it says no are the four individual checks
 * run (in order) to name the first violated property and its objects. The individual checks are
 * the oracle: a test checks that this pass agrees with them on states from every model and
 * mutant.
 */
import { HOLD, NIL, PG, TW, type MmLayout } from '../models/mm/layout.ts';
import type { Property } from './types.ts';
import { P1 } from './p1-partition.ts';
import { P3 } from './p3-sections.ts';
import { P4 } from './p4-refcounts.ts';
import { P5 } from './p5-buddy.ts';

/** The properties the fused pass decides. */
export const CORE_PROPERTIES: readonly Property[] = [P1, P3, P4, P5];

/**
 * The fused pass for one layout: the offsets it reads, copied into one object so that the pass
 * reads them from one place, and its scratch marks. Marks carry the number of the pass that set
 * them, so they are never cleared between passes.
 */
export class CoreCheck {
  private readonly n: number;
  private readonly nOrders: number;
  private readonly shift: number;
  private readonly flags: number;
  private readonly priv: number;
  private readonly ref: number;
  private readonly next: number;
  private readonly gHold: number;
  private readonly gUnit: number;
  private readonly nrFree: number;
  private readonly nrFreePages: number;
  private readonly threads: number;
  private readonly threadWords: number;
  /**
   * Buddy list heads: (head word, order, counted) triples, free_area order by order; `counted` is
   * 0 for the MIGRATE_ISOLATE lists, whose pages NR_FREE_PAGES leaves out.
   */
  private readonly buddyLists: Int32Array;
  /** PCP list heads: (head word, order) pairs. */
  private readonly pcpLists: Int32Array;
  /** Per pfn: pass number * 4 + 1 when covered by a listed block, + 3 at a listed buddy head. */
  private readonly mark: Uint32Array;
  private readonly blocks: Int32Array;
  private pass = 0;

  constructor(L: MmLayout) {
    const g = L.geo;
    this.n = g.nPfn;
    this.nOrders = g.nOrders;
    this.shift = g.sectionShift;
    this.flags = L.flags;
    this.priv = L.priv;
    this.ref = L.ref;
    this.next = L.next;
    this.gHold = L.gHold;
    this.gUnit = L.gUnit;
    this.nrFree = L.nrFree;
    this.nrFreePages = L.nrFreePages;
    this.threads = L.threadBase(0);
    this.threadWords = L.threadWords;
    const buddy: number[] = [];
    for (let o = 0; o < g.nOrders; o++) for (let mt = 0; mt < g.nMt; mt++) buddy.push(L.freeHead + o * g.nMt + mt, o, mt === g.mt.ISOLATE ? 0 : 1);
    const pcp: number[] = [];
    if (L.pcpOrders.length)
      for (let cpu = 0; cpu < g.cpus; cpu++) for (const o of L.pcpOrders) for (let mt = 0; mt < g.nMt; mt++) pcp.push(L.pcpListHead(cpu, o, mt), o);
    this.buddyLists = Int32Array.from(buddy);
    this.pcpLists = Int32Array.from(pcp);
    this.mark = new Uint32Array(g.nPfn);
    this.blocks = new Int32Array(g.nOrders);
  }

  /** True when P1, P3, P4 and P5 all hold in state s. */
  holds(s: Uint16Array): boolean {
    const { n, shift, next, ref, mark, blocks } = this;
    // Marks of this pass are `covered` and `head`; older passes' marks are below them.
    if (this.pass >= 0x3ffffffe) {
      mark.fill(0);
      this.pass = 0;
    }
    const covered = ++this.pass * 4 + 1;
    const head = covered + 2;
    blocks.fill(0);
    let pages = 0;
    // Buddy lists: shape, PageBuddy, order, refcounts, coverage.
    const buddy = this.buddyLists;
    for (let l = 0; l < buddy.length; l += 3) {
      const o = buddy[l + 1];
      const size = 1 << o;
      const counted = buddy[l + 2];
      let p = s[buddy[l]];
      for (let steps = 0; p !== NIL; steps++) {
        if (p >= n || steps > n) return false;
        if (p & (size - 1) || p + size > n || p >> shift !== (p + size - 1) >> shift) return false;
        if (!(s[this.flags + p] & PG.buddy) || s[this.priv + p] !== o) return false;
        blocks[o]++;
        pages += size * counted;
        for (let q = p; q < p + size; q++) {
          if (s[ref + q] !== 0 || mark[q] >= covered) return false;
          mark[q] = covered;
        }
        mark[p] = head;
        p = s[next + p];
      }
    }
    // PCP lists: shape, refcounts, coverage.
    const pcp = this.pcpLists;
    for (let l = 0; l < pcp.length; l += 2) {
      const size = 1 << pcp[l + 1];
      let p = s[pcp[l]];
      for (let steps = 0; p !== NIL; steps++) {
        if (p >= n || steps > n) return false;
        if (p + size > n || p >> shift !== (p + size - 1) >> shift) return false;
        for (let q = p; q < p + size; q++) {
          if (s[ref + q] !== 0 || mark[q] >= covered) return false;
          mark[q] = covered;
        }
        p = s[next + p];
      }
    }
    for (let o = 0; o < this.nOrders; o++) if (s[this.nrFree + o] !== blocks[o]) return false;
    if (s[this.nrFreePages] !== pages) return false;
    // Per pfn: exactly one place, PageBuddy only on listed heads, held blocks well-formed.
    const { gHold, gUnit, flags } = this;
    for (let p = 0; p < n; p++) {
      const h = s[gHold + p];
      const m = mark[p];
      if (h === HOLD.none) {
        if (m < covered) return false;
      } else {
        if (m >= covered) return false;
        if (h >= HOLD.thread0 && s[this.threads + (h - HOLD.thread0) * this.threadWords + TW.op] === 0) return false;
        const u = s[gUnit + p];
        if (u !== 0) {
          if ((h === HOLD.pool || h === HOLD.ref) && s[ref + p] === 0) return false;
          if (h === HOLD.pool && p >> shift !== (p + (1 << (u - 1)) - 1) >> shift) return false;
        }
      }
      if (s[flags + p] & PG.buddy && m !== head) return false;
    }
    return true;
  }
}
