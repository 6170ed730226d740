/**
 * A packed zone state decoded into allocator terms, for trace files and the trace viewer: the
 * free lists per order and migratetype in list order, the per-CPU lists and counts, the locks and
 * their holders, every struct page, the pageblocks (type and the model's per-pageblock words,
 * such as their owners), the threads (operation, label, registers) and the model's other named
 * words. Everything is plain JSON; nothing here is read by the search.
 */
import { HOLD, LOCK_PLAIN, NIL, PG, R, TW } from './layout.ts';
import { MmSystem } from './system.ts';

/** One non-empty list, head first. */
export interface ListSnapshot {
  readonly order: number;
  readonly mt: string;
  readonly pfns: readonly number[];
}

/** One struct page (and who holds it, which the kernel does not know). */
export interface PageSnapshot {
  readonly refcount: number;
  /** Flag names: buddy, head, tail, hwpoison, lru, pcpBuddy. */
  readonly flags: readonly string[];
  readonly private: number;
  /** kernel (on a free list), pool (allocated), ref (speculative references only), leaked, or the thread it is in flight in. */
  readonly holder: string;
}

/** A decoded state. */
export interface StateSnapshot {
  readonly zone: {
    /** The thread holding zone->lock, or null. */
    readonly lock: string | null;
    readonly nrFreePages: number;
    /** nr_free per order. */
    readonly nrFree: readonly number[];
    readonly freeLists: readonly ListSnapshot[];
  };
  readonly pcp: readonly {
    readonly cpu: number;
    readonly count: number;
    readonly high: number;
    readonly batch: number;
    /** The thread holding pcp->lock (with `(spin_lock)` when it was taken by a plain lock, not a trylock), or null. */
    readonly lock: string | null;
    readonly lists: readonly ListSnapshot[];
  }[];
  readonly pageblocks: readonly {
    readonly first: number;
    readonly type: string;
    /** The model's per-pageblock words (for example `pageblock_data.owner`: owner CPU + 1). */
    readonly words: Readonly<Record<string, number>>;
  }[];
  /** By pfn. */
  readonly pages: readonly PageSnapshot[];
  readonly threads: readonly {
    readonly name: string;
    /** The running operation and the label it rests at; null when idle. */
    readonly op: string | null;
    readonly label: string | null;
    /** The registers by name (the model's own set after the shared R), nonzero ones only. */
    readonly registers: Readonly<Record<string, number>>;
  }[];
  /** The model's other named words (not per pageblock), by name. */
  readonly words: Readonly<Record<string, readonly number[]>>;
}

const FLAG_NAMES = Object.entries(PG) as [string, number][];

/**
 * A function decoding states of one built system. `own` is the model's own register set (the
 * contig model's CR, ...), named after the shared registers.
 */
export function snapshotter(sys: MmSystem, own: Readonly<Record<string, number>> = {}): (s: Uint16Array) => StateSnapshot {
  const L = sys.L;
  const g = L.geo;
  const regNames: string[] = [];
  for (const [n, i] of Object.entries(R)) if (i < L.nreg) regNames[i] = n;
  for (const [n, i] of Object.entries(own)) if (i < L.nreg) regNames[i] = n;
  const perBlock = Object.keys(L.extra).filter((n) => L.opts.extra?.[n] === g.nPageblocks);
  const other = Object.keys(L.extra).filter((n) => !perBlock.includes(n));
  const blockPages = g.pageblockPages;
  const holder = (v: number) => (v === 0 ? null : L.threadName(v - 1));
  const list = (s: Uint16Array, head: number): number[] => {
    const out: number[] = [];
    for (let p = s[head]; p !== NIL && p < g.nPfn && out.length <= g.nPfn; p = s[L.next + p]) out.push(p);
    return out;
  };
  return (s) => {
    const freeLists: ListSnapshot[] = [];
    for (let o = 0; o < g.nOrders; o++)
      for (let mt = 0; mt < g.nMt; mt++) {
        const pfns = list(s, L.freeHead + o * g.nMt + mt);
        if (pfns.length) freeLists.push({ order: o, mt: g.mts[mt], pfns });
      }
    const pcp = L.pcpOrders.length
      ? Array.from({ length: g.cpus }, (_, cpu) => {
          const lists: ListSnapshot[] = [];
          for (const { order, mt } of L.pcpPindex) {
            const pfns = list(s, L.pcpListHead(cpu, order, mt));
            if (pfns.length) lists.push({ order, mt: g.mts[mt], pfns });
          }
          const lk = s[L.pcpLock + cpu];
          const who = holder(lk & ~LOCK_PLAIN);
          return {
            cpu,
            count: s[L.pcpCount + cpu],
            high: s[L.pcpHigh + cpu],
            batch: s[L.pcpBatch + cpu],
            lock: who && lk & LOCK_PLAIN ? `${who} (spin_lock)` : who,
            lists,
          };
        })
      : [];
    const pages: PageSnapshot[] = [];
    for (let p = 0; p < g.nPfn; p++) {
      const f = s[L.flags + p];
      const h = s[L.gHold + p];
      pages.push({
        refcount: s[L.ref + p],
        flags: FLAG_NAMES.filter(([, bit]) => f & bit).map(([n]) => n),
        private: s[L.priv + p],
        holder: h === HOLD.none ? 'kernel' : h === HOLD.pool ? 'pool' : h === HOLD.ref ? 'ref' : h === HOLD.leaked ? 'leaked' : L.threadName(h - HOLD.thread0),
      });
    }
    const threads = Array.from({ length: L.nThreads }, (_, t) => {
      const place = sys.threadPlace(s, t);
      const base = L.threadBase(t) + TW.regs;
      const registers: Record<string, number> = {};
      if (place) for (let i = 0; i < L.nreg; i++) if (s[base + i] !== 0) registers[regNames[i] ?? `r${i}`] = s[base + i];
      return { name: L.threadName(t), op: place?.op ?? null, label: place?.label ?? null, registers };
    });
    return {
      zone: {
        lock: holder(s[L.zoneLock]),
        nrFreePages: s[L.nrFreePages],
        nrFree: Array.from({ length: g.nOrders }, (_, o) => s[L.nrFree + o]),
        freeLists,
      },
      pcp,
      pageblocks: Array.from({ length: g.nPageblocks }, (_, b) => ({
        first: b * blockPages,
        type: g.mts[s[L.pbType + b]] ?? String(s[L.pbType + b]),
        words: Object.fromEntries(perBlock.map((n) => [n, s[L.extra[n] + b]])),
      })),
      pages,
      threads,
      words: Object.fromEntries(other.map((n) => [n, Array.from(s.subarray(L.extra[n], L.extra[n] + (L.opts.extra?.[n] ?? 0)))])),
    };
  };
}

/** The geometry a trace viewer draws a system's states with. */
export function layoutOf(sys: MmSystem) {
  const L = sys.L;
  const g = L.geo;
  return {
    pfns: g.nPfn,
    pagesPerSection: g.pagesPerSection,
    pageblockPages: g.pageblockPages,
    orders: g.nOrders,
    migratetypes: [...g.mts],
    threads: Array.from({ length: L.nThreads }, (_, t) => L.threadName(t)),
    legend: sys.legend,
  };
}

/** The decoder of a system's states for trace files (its snapshot function and layout), or undefined for a system that is not a zone model's. */
export function traceDecoderOf(sys: unknown, own?: Readonly<Record<string, number>>) {
  if (!(sys instanceof MmSystem)) return undefined;
  return { snapshot: snapshotter(sys, own), layout: layoutOf(sys) };
}
