/**
 * Read-only walks over a packed zone state, shared by the properties, the memory-map renderer
 * and the workload. Lists are walked with a bound, so a corrupted (looping) list is reported,
 * never walked forever.
 */
import { MmLayout, NIL, TW } from './layout.ts';

/** Where a free block sits: a buddy list of one migratetype, or a PCP list of one CPU. */
export type ListPlace = { readonly kind: 'buddy'; readonly mt: number } | { readonly kind: 'pcp'; readonly cpu: number; readonly mt: number };

/** Visitor of listed blocks; return false to stop. */
export type BlockVisitor = (pfn: number, order: number, place: ListPlace) => boolean | void;

/** A view of one state; bind it, then walk. */
export class MmView {
  s: Uint16Array = new Uint16Array(0);
  constructor(readonly L: MmLayout) {}

  bind(s: Uint16Array): this {
    this.s = s;
    return this;
  }

  /**
   * Walks every buddy list then every PCP list. Returns the description of the first list that
   * loops or points outside the zone, or null when every list is well-formed.
   */
  forEachListed(visit: BlockVisitor): string | null {
    const { L, s } = this;
    const g = L.geo;
    for (let o = 0; o < g.nOrders; o++)
      for (let mt = 0; mt < g.nMt; mt++) {
        const bad = this.walk(s[L.freeHead + o * g.nMt + mt], o, { kind: 'buddy', mt }, visit);
        if (bad === false) return null;
        if (bad) return `free_area[${o}].free_list[${g.mts[mt]}] ${bad}`;
      }
    if (L.pcpOrders.length)
      for (let cpu = 0; cpu < g.cpus; cpu++)
        for (const o of L.pcpOrders)
          for (let mt = 0; mt < g.nMt; mt++) {
            const bad = this.walk(s[L.pcpListHead(cpu, o, mt)], o, { kind: 'pcp', cpu, mt }, visit);
            if (bad === false) return null;
            if (bad) return `cpu${cpu}'s PCP list (order ${o}, ${g.mts[mt]}) ${bad}`;
          }
    return null;
  }

  /** Returns null when done, false when the visitor stopped, or a description of a corrupt list. */
  private walk(p: number, order: number, place: ListPlace, visit: BlockVisitor): string | null | false {
    const { L, s } = this;
    const n = L.geo.nPfn;
    for (let steps = 0; p !== NIL; steps++) {
      if (p >= n) return `links to pfn ${p}, outside the zone`;
      if (steps > n) return 'loops back on itself (a block is linked twice)';
      if (visit(p, order, place) === false) return false;
      p = s[L.next + p];
    }
    return null;
  }

  /** Length of a buddy list (bounded by the number of pfns). */
  buddyListLength(order: number, mt: number): number {
    const { L, s } = this;
    let n = 0;
    for (let p = s[L.freeHead + order * L.geo.nMt + mt]; p !== NIL && n <= L.geo.nPfn; p = s[L.next + p]) n++;
    return n;
  }

  /** True when thread t is not inside an operation. */
  threadIdle(t: number): boolean {
    return this.s[this.L.threadBase(t) + TW.op] === 0;
  }
}
