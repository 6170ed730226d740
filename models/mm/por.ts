/**
 * Partial-order reduction of the allocator models: in a state where one thread's next step
 * touches only what belongs to its CPU (its registers, its CPU's pageset, the pages it holds in
 * flight and the pages on that pageset's lists), and no other thread can touch those before it,
 * that step alone is a persistent set: the orders in which the other threads' steps would
 * interleave with it all lead to the same states, so the search takes it first and skips them.
 *
 * The footprint is declared at two levels:
 * - what a step touched is recorded word by word while it runs (a read-and-write recording view
 *   of the state, {@link Footprint}), so the step's own footprint is never guessed;
 * - what the other threads may touch before that step is declared by the model
 *   ({@link PorSpec}): which operations reach into other CPUs' pagesets or other threads' pages
 *   without zone->lock (drains, speculative references), and which per-CPU arrays belong to a
 *   pageset. The rest follows from the kernel's locking, which the model checks as P7: buddy
 *   pages are touched only under zone->lock, a pageset only by its CPU or under its pcp->lock.
 *   A test runs every transition of the full search of every configuration and checks that no
 *   thread touches another's local words beyond what this declaration allows.
 *
 * Conditions for thread p's step t to be taken alone in state s (persistent set {t}):
 * - p is inside an operation (its only transition is t: a start would compete with the other
 *   starts of p, whose enabling other threads can change) and t is enabled;
 * - p's interrupt sibling cannot run before t: p is the interrupt context (its task cannot move
 *   while it runs), or p is the task and its interrupt context is idle with every budget spent;
 * - no thread on another CPU runs, or can still start, an operation the model declares remote;
 * - every word t reads or writes is local to p in s, and t leaves PageBuddy and PagePCPBuddy of
 *   every page as they were: code on other CPUs under zone->lock does read the flags of pages
 *   that are not in the buddy (page_is_buddy on a merge candidate), but only to see that they
 *   are not buddy pages, an answer t does not change.
 * The explorer adds the cycle proviso (see explore.ts).
 *
 * What this preserves. Every terminal state and every deadlock (the persistent-set theorem), and
 * every finding a step raises (it depends only on what the step reads, which the postponed steps
 * do not write). For state invariants, the textbook condition (a step taken alone changes no
 * invariant's truth) is not established: a violation that shows only in a state the reduction
 * skips, and that a later step repairs, would be missed. The invariants here are conditions per
 * page, per list and per counter, and a postponed step of another CPU writes none of the words
 * the step taken alone touches, so a violation it causes is still there after that step. Tests
 * compare the reduced search with the full one on every configuration (same terminal states)
 * and every variant (same verdict, same property).
 *
 * The declaration is checked on the built-in configurations of the baseline. A variant whose
 * bug makes a thread touch what another CPU owns (a remote write the declaration does not
 * allow) can make the reduction skip the interleaving that shows it: confirm such a variant's
 * OK without --por.
 */
import { HOLD, NIL, PG, type MmLayout } from './layout.ts';

/** What a model declares for the partial-order reduction. */
export interface PorSpec {
  /**
   * Operations whose steps may touch another CPU's pageset, or pages another thread holds,
   * without zone->lock: remote drains, drain_all_pages (it reads every pcp->count), speculative
   * references (get_page_unless_zero on any pfn). While another CPU's thread runs one or may
   * still start one, no step is taken alone.
   */
  readonly remoteOps: readonly string[];
  /** Arrays with one block of `stride` words per CPU that belong to that CPU's pageset (pcp->free_count, ...). */
  readonly perCpuArrays?: readonly { readonly offset: number; readonly stride: number }[];
}

/** Flags another CPU may test on a page that is not in the buddy (page_is_buddy, the RFC's PCP buddy test). */
const SHARED_FLAG_BITS = PG.buddy | PG.pcpBuddy;

/**
 * A view of a state that records every word read and written through it. Typed-array methods
 * are recorded over the range they touch (`subarray` as a read of the range, `fill` and `set`
 * as writes); any other method counts as a read and a write of everything.
 */
export class Footprint {
  readonly reads: Uint8Array;
  readonly writes: Uint8Array;
  private readonly views = new WeakMap<Uint16Array, Uint16Array>();

  constructor(readonly words: number) {
    this.reads = new Uint8Array(words);
    this.writes = new Uint8Array(words);
  }

  /** Forgets what was recorded. */
  clear(): void {
    this.reads.fill(0);
    this.writes.fill(0);
  }

  /** The recording view of `a` (one per array, kept). */
  view(a: Uint16Array): Uint16Array {
    let v = this.views.get(a);
    if (!v) {
      v = this.makeView(a);
      this.views.set(a, v);
    }
    return v;
  }

  private makeView(a: Uint16Array): Uint16Array {
    const { reads, writes } = this;
    const n = a.length;
    const range = (mark: Uint8Array, from = 0, to = n) => {
      const f = from < 0 ? Math.max(0, n + from) : Math.min(from, n);
      const t = to < 0 ? Math.max(0, n + to) : Math.min(to, n);
      mark.fill(1, f, t);
    };
    return new Proxy(a, {
      get(target, prop) {
        if (typeof prop === 'string') {
          const c = prop.charCodeAt(0);
          if (c >= 48 && c <= 57) {
            reads[+prop] = 1;
            return target[+prop];
          }
          if (prop === 'length') return n;
          if (prop === 'subarray')
            return (from?: number, to?: number) => {
              range(reads, from, to);
              return target.subarray(from, to);
            };
          if (prop === 'fill')
            return (v: number, from?: number, to?: number) => {
              range(writes, from, to);
              target.fill(v, from, to);
              return target;
            };
          if (prop === 'set')
            return (src: ArrayLike<number>, offset = 0) => {
              range(writes, offset, offset + src.length);
              target.set(src, offset);
            };
        }
        const v = Reflect.get(target, prop, target) as unknown;
        if (typeof v !== 'function') return v;
        reads.fill(1);
        writes.fill(1);
        return (v as (...a: unknown[]) => unknown).bind(target);
      },
      set(target, prop, value) {
        if (typeof prop === 'string' && prop.charCodeAt(0) >= 48 && prop.charCodeAt(0) <= 57) {
          writes[+prop] = 1;
          target[+prop] = value as number;
          return true;
        }
        return Reflect.set(target, prop, value, target);
      },
    });
  }
}

/** The words local to a thread in a state, and the checks against them. */
export class Locality {
  /** 1 for every word local to the thread last passed to {@link compute}. */
  readonly mask: Uint8Array;
  /** 1 for every page local to it. */
  private readonly pages: Uint8Array;
  private readonly pageFields: readonly number[];

  constructor(
    private readonly L: MmLayout,
    private readonly spec: PorSpec,
  ) {
    this.mask = new Uint8Array(L.words);
    this.pages = new Uint8Array(L.geo.nPfn);
    this.pageFields = [L.ref, L.flags, L.priv, L.next, L.gHold, L.gUnit];
  }

  /**
   * Marks the words local to thread p in s: its thread block; its CPU's pageset (list heads,
   * count, lock, high, batch and the model's per-CPU arrays); every word of the pages it holds
   * in flight and of the blocks on its CPU's lists.
   */
  compute(s: Uint16Array, p: number): void {
    const { L, mask, pages } = this;
    mask.fill(0);
    pages.fill(0);
    const tb = L.threadBase(p);
    mask.fill(1, tb, tb + L.threadWords);
    for (let x = 0; x < L.geo.nPfn; x++) if (s[L.gHold + x] === HOLD.thread0 + p) pages[x] = 1;
    const cpu = L.cpuOf(p);
    if (L.pcpLists) {
      mask.fill(1, L.pcpHead + cpu * L.pcpLists, L.pcpHead + (cpu + 1) * L.pcpLists);
      for (const o of [L.pcpCount, L.pcpLock, L.pcpHigh, L.pcpBatch]) mask[o + cpu] = 1;
      for (const { offset, stride } of this.spec.perCpuArrays ?? []) mask.fill(1, offset + cpu * stride, offset + (cpu + 1) * stride);
      for (let i = 0; i < L.pcpLists; i++) {
        const size = 1 << L.pcpOrders[Math.floor(i / L.geo.nMt)];
        // A list longer than the zone is corrupt: P5 reports it; the step is then not local.
        let n = 0;
        for (let x = s[L.pcpHead + cpu * L.pcpLists + i]; x !== NIL && x < L.geo.nPfn && n++ <= L.geo.nPfn; x = s[L.next + x])
          pages.fill(1, x, Math.min(x + size, L.geo.nPfn));
      }
    }
    for (let x = 0; x < L.geo.nPfn; x++) if (pages[x]) for (const f of this.pageFields) mask[f + x] = 1;
  }

  /**
   * Whether a step from `before` to `after` whose footprint is `fp` stayed inside the mask, and
   * left the flags other CPUs test as they were. Without a footprint, only the words the step
   * changed are judged (a quick test before the recorded run).
   */
  contains(before: Uint16Array, after: Uint16Array, fp: Footprint | null): boolean {
    const { mask } = this;
    if (fp) {
      const { reads, writes } = fp;
      for (let w = 0; w < mask.length; w++) if (mask[w] === 0 && (reads[w] | writes[w] || before[w] !== after[w])) return false;
    } else for (let w = 0; w < mask.length; w++) if (mask[w] === 0 && before[w] !== after[w]) return false;
    const f = this.L.flags;
    for (let x = 0; x < this.L.geo.nPfn; x++) if (((before[f + x] ^ after[f + x]) & SHARED_FLAG_BITS) !== 0) return false;
    return true;
  }

  /**
   * The first word of the mask that a step of another thread touched against the declaration:
   * written, or read when it is not a page's flags word. -1 when there is none.
   */
  intrusion(fp: Footprint): number {
    const { mask, L } = this;
    for (let w = 0; w < mask.length; w++) {
      if (mask[w] === 0) continue;
      if (fp.writes[w]) return w;
      if (fp.reads[w] && !(w >= L.flags && w < L.flags + L.geo.nPfn)) return w;
    }
    return -1;
  }
}
