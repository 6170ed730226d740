/**
 * Where the checker believes each page is, with the event that put it there. The model's notions
 * (`models/mm/layout.ts` HOLD and the PCP lists of kernel-allocator.md §4), seen from outside:
 *
 * - `unknown`: no event has named the page yet (the trace starts in an unknown state);
 * - `buddy`: free, somewhere in the buddy free lists (merges and splits are not traced, so the
 *   block it belongs to is not known);
 * - `pcp`: on CPU `cpu`'s PCP list for its zone, inside an entry of order `order`;
 * - `taken`: taken off the buddy by CPU `cpu` (`mm_page_alloc_zone_locked` with no refill) and on
 *   its way to the caller, the HOLD "in flight in a thread" of the model;
 * - `alloc`: allocated, inside a block of order `order` (HOLD pool).
 *
 * Storage is one set of typed arrays per memory section, made on first use, so that memory
 * follows the machine's populated pfns and not the length of the trace.
 */

/** Place kinds. */
export const PLACE = { unknown: 0, buddy: 1, pcp: 2, taken: 3, alloc: 4 } as const;
/** One of {@link PLACE}. */
export type Place = (typeof PLACE)[keyof typeof PLACE];

/** How a page came to its place: the evidence behind it. */
export const VIA = {
  /** The first event naming the page implied its place before tracing began. */
  before: 0,
  /** `mm_page_alloc` (allocated) or `mm_page_alloc_zone_locked` without refill (taken). */
  traced: 1,
  /** `mm_page_free` of a PCP order: on the PCP list unless the free went to the buddy. */
  free: 2,
  /** `mm_page_free_batched`: put on the list under the PCP lock, right after the event. */
  batched: 3,
  /** `mm_page_alloc_zone_locked` with percpu_refill=1 (on the list when the zone lock is dropped). */
  refill: 4,
  /** `mm_page_pcpu_drain` back to the buddy. */
  drain: 5,
  /** `mm_page_free` of an order that has no PCP list: straight to the buddy. */
  freeBuddy: 6,
} as const;

/** Why a free recorded on a PCP list may instead have gone straight to the buddy (`free_one_page`). */
export const BYPASS = {
  none: 0,
  /** Freed in interrupt context: the PCP trylock fails when the interrupted code holds it. */
  interrupt: 1,
  /** The page was first seen at this free: `__free_pages_core` (memblock, deferred init, onlining) frees to the buddy. */
  coreFree: 2,
  /** A tail part of a larger allocation: `make_alloc_exact` frees the unused tail with `__free_pages_ok`. */
  exactTail: 3,
} as const;

/** The last event that touched a page, for "the earlier events that make it impossible". */
export interface Provenance {
  readonly line: number;
  readonly cpu: number;
  readonly ts: number;
  /** {@link EVENT_CODE} of the event, 0 when the place was inferred with no event. */
  readonly event: number;
  readonly order: number;
}

/** The state of one page. */
export interface PageState extends Provenance {
  readonly place: Place;
  readonly via: number;
  readonly bypass: number;
  /** Remote-drain episode the page is obliged to, 0 for none. */
  readonly oblig: number;
}

class Section {
  readonly place: Uint8Array;
  readonly via: Uint8Array;
  readonly bypass: Uint8Array;
  readonly order: Uint8Array;
  readonly event: Uint8Array;
  readonly cpu: Uint16Array;
  readonly line: Float64Array;
  readonly ts: Float64Array;
  readonly oblig: Uint32Array;
  constructor(n: number) {
    this.place = new Uint8Array(n);
    this.via = new Uint8Array(n);
    this.bypass = new Uint8Array(n);
    this.order = new Uint8Array(n);
    this.event = new Uint8Array(n);
    this.cpu = new Uint16Array(n);
    this.line = new Float64Array(n);
    this.ts = new Float64Array(n);
    this.oblig = new Uint32Array(n);
  }
}

/** Bytes each tracked pfn costs (the arrays of {@link Section}). */
export const BYTES_PER_PAGE = 1 + 1 + 1 + 1 + 1 + 2 + 8 + 8 + 4;

/** The place of every page, by pfn. */
export class PageTable {
  private readonly sections = new Map<number, Section>();
  private readonly mask: number;
  private lastNr = -1;
  private last: Section | null = null;

  /** `sectionShift`: log2 of pages per section. */
  constructor(sectionShift: number) {
    this.mask = (1 << sectionShift) - 1;
  }

  private sec(pfn: number, create: boolean): Section | null {
    const nr = Math.floor(pfn / (this.mask + 1));
    if (nr === this.lastNr) return this.last;
    let s = this.sections.get(nr) ?? null;
    if (!s && create) {
      s = new Section(this.mask + 1);
      this.sections.set(nr, s);
    }
    if (s) {
      this.lastNr = nr;
      this.last = s;
    }
    return s;
  }

  /** The page's place (`unknown` for pages never touched). */
  place(pfn: number): Place {
    const s = this.sec(pfn, false);
    return s ? (s.place[pfn & this.mask] as Place) : PLACE.unknown;
  }

  /** The page's whole state. */
  get(pfn: number): PageState {
    const s = this.sec(pfn, false);
    if (!s) return { place: PLACE.unknown, via: 0, bypass: 0, oblig: 0, line: 0, cpu: 0, ts: 0, event: 0, order: 0 };
    const i = pfn & this.mask;
    return {
      place: s.place[i] as Place,
      via: s.via[i],
      bypass: s.bypass[i],
      oblig: s.oblig[i],
      line: s.line[i],
      cpu: s.cpu[i],
      ts: s.ts[i],
      event: s.event[i],
      order: s.order[i],
    };
  }

  /** Puts the page in a place, recording the event that did it; clears any obligation. */
  set(pfn: number, place: Place, via: number, bypass: number, p: Provenance): void {
    const s = this.sec(pfn, true) as Section;
    const i = pfn & this.mask;
    s.place[i] = place;
    s.via[i] = via;
    s.bypass[i] = bypass;
    s.oblig[i] = 0;
    s.order[i] = p.order;
    s.cpu[i] = p.cpu;
    s.line[i] = p.line;
    s.ts[i] = p.ts;
    s.event[i] = p.event;
  }

  /** Sets or clears the page's remote-drain obligation. */
  setOblig(pfn: number, episode: number): void {
    const s = this.sec(pfn, episode !== 0);
    if (s) s.oblig[pfn & this.mask] = episode;
  }

  /** Forgets everything (after the ring buffer lost events). */
  clear(): void {
    this.sections.clear();
    this.lastNr = -1;
    this.last = null;
  }

  /** Pages per place over every touched section (untouched pfns are not counted). */
  counts(visit?: (pfn: number, place: Place, cpu: number, via: number, bypass: number) => void): Record<Place, number> {
    const c: Record<Place, number> = { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0 };
    for (const [nr, s] of this.sections) {
      for (let i = 0; i < s.place.length; i++) {
        const p = s.place[i] as Place;
        c[p]++;
        if (visit && p !== PLACE.unknown) visit(nr * (this.mask + 1) + i, p, s.cpu[i], s.via[i], s.bypass[i]);
      }
    }
    return c;
  }

  /** Sections holding at least one touched page. */
  get sectionCount(): number {
    return this.sections.size;
  }
}
