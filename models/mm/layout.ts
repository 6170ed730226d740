/**
 * The packed state of one zone: where every field lives in the `Uint16Array` state vector.
 *
 * The vector holds the kernel's own data (free lists, counters, struct page fields, pageblock
 * types, locks, per-CPU pagesets when present), the threads (one per CPU plus an optional
 * interrupt context per CPU: the operation, the label and the local variables), and ghost fields
 * that record what the callers hold, which the kernel itself does not know. Ghost fields are the
 * checker's bookkeeping and are never read by the modelled kernel code.
 *
 * Lists are singly linked through the per-page `next` field with heads per list; a page is on at
 * most one list, so one `next` array serves the buddy and the PCP lists.
 */
import type { Geometry } from '../../src/config/geometry.ts';
import { UsageError } from '../../src/util/unreachable.ts';

/** "No page" in list links and pfn registers. */
export const NIL = 0xffff;

/** struct page flag bits kept in the `flags` field. */
export const PG = {
  /** PageBuddy: the head of a block on a buddy free list (the page_type PGTY_buddy). */
  buddy: 1,
  /** PG_head: head of a compound page. */
  head: 2,
  /** PageTail: a tail of a compound page. */
  tail: 4,
  /** PG_hwpoison: poisoned; free_pages_prepare refuses it for order 0. */
  hwpoison: 8,
  /**
   * PG_lru: the caller put the page on an LRU list, so it counts as movable for
   * try_to_claim_block's movable_pages. Set on allocations of MOVABLE memory; cleared by the free.
   */
  lru: 16,
  /**
   * PagePCPBuddy (the pcp-buddy RFC, seed 002): the head of a piece of an owned pageblock on its
   * owner's PCP list, taking part in PCP-level buddy merging. Only the pcp-buddy model sets it.
   */
  pcpBuddy: 32,
} as const;

/**
 * Bit of a pcp->lock word set when the lock was taken with a plain spin_lock (a drain), not
 * with pcp_spin_trylock; the low bits are the holder thread + 1.
 */
export const LOCK_PLAIN = 0x8000;

/** Ghost holder of a pfn (`gHold`): who owns it outside the kernel's free structures. */
export const HOLD = {
  /** Owned by the kernel: must be inside exactly one block on a free list (buddy or PCP). */
  none: 0,
  /** Allocated and held by a caller (the pool any CPU may free from). */
  pool: 1,
  /** The caller dropped its reference, but speculative references still hold the page. */
  ref: 2,
  /** Leaked on purpose (hwpoison or bad page refused by free_pages_prepare). */
  leaked: 3,
  /** In flight in thread `t`: value `THREAD0 + t`. */
  thread0: 4,
} as const;

/** Per-thread words: the running operation (0 when idle), its label, then registers and budgets. */
export const TW = { op: 0, pc: 1, regs: 2 } as const;

/**
 * Registers: the local variables of the kernel functions. Inlined calls share the thread's
 * registers like macros, so a function must not use a register its callers keep live across the
 * call: each loop variable below belongs to one function.
 */
export const R = {
  /** The current block (argument of most paths; merged in place by __free_one_page). */
  pfn: 0,
  /** The order of the current block. */
  order: 1,
  /** The migratetype of the current block or allocation. */
  mt: 2,
  /** __free_one_page: the buddy's pfn. */
  buddy: 3,
  /** __rmqueue_smallest: current_order; expand: high. */
  i: 4,
  /** split_large_buddy: order of each piece. */
  n: 5,
  /** __free_pages: PageHead as read before the put; speculative_ref: 1 while its lookup is still to be made (workload.specLookup 'any'). */
  head: 6,
  /** put_page_testzero's result. */
  zero: 7,
  /** split_large_buddy: next piece's pfn. */
  base: 8,
  /** Scratch: a value one action leaves for the next in the same step. */
  tmp: 9,
  /** Success flag (free_pages_prepare). */
  ret: 10,
  /** __GFP_COMP of an allocation. */
  gfp: 11,
  /** split_large_buddy: end pfn. */
  end: 12,
  /** rmqueue_bulk's rmqueue_mode. */
  mode: 13,
  /** __free_pages' tail loop: the block's first pfn. */
  tailBase: 14,
  /** __free_pages' tail loop: `order` counting down. */
  tailOrder: 15,
  /** The CPU whose per-CPU pageset a drain works on. */
  cpu: 16,
  /** A page count: `count` of free_pcppages_bulk, `to_free`, `to_drain`. */
  cnt: 17,
  /** The fallback migratetype of a claim or steal. */
  fb: 18,
  /** A CPU mask (drain_all_pages' cpus_with_pcps). */
  mask: 19,
  /** The pindex of the PCP list a free went to (free_frozen_page_commit drains it first). */
  pindex: 20,
} as const;
/** Number of registers per thread. */
export const NREG = 21;
/** The name of each register, by index (for messages). */
const REGISTER_NAMES: readonly string[] = Object.entries(R).sort((a, b) => a[1] - b[1]).map(([n]) => n);

/** One per-CPU list in the kernel's `pindex` order: its order and the migratetype it stands for. */
export interface PcpListId {
  readonly order: number;
  readonly mt: number;
}

/** Options that size the optional parts of the layout. */
export interface LayoutOptions {
  /** Interrupt contexts: one per CPU when true. */
  readonly irq: boolean;
  /** Budget counters per thread (allocation calls, speculative references, ...). */
  readonly budgets: number;
  /**
   * Registers per thread (default NREG). A model whose machines use only the first registers
   * says so, which shortens every state (every word is hashed and copied at every step).
   */
  readonly registers?: number;
  /** Orders with per-CPU lists; empty when the model has no PCP. */
  readonly pcpOrders: readonly number[];
  /**
   * PAGE_ALLOC_COSTLY_ORDER of the model: PCP orders up to it have one list per PCP migratetype;
   * a PCP order above it is the THP order, with one MOVABLE list and one shared by UNMOVABLE and
   * RECLAIMABLE (NR_PCP_THP). Default: every PCP order is a low order.
   */
  readonly pcpCostlyOrder?: number;
  /** Extra named word arrays a model adds (for example pageblock owners). */
  readonly extra?: Readonly<Record<string, number>>;
}

/** The largest value a field holds as a signed 16-bit word (counts of pages, which a bug may drive below 0). */
const SIGNED_MAX = 0x7fff;
/** The largest pfn a 16-bit word holds: NIL (0xffff) means "no page". */
const PFN_MAX = NIL - 1;

/**
 * What each packed field may have to hold in a configuration, against what its 16-bit word can
 * hold: a configuration that does not fit would wrap a value and show up as a false violation
 * (NR_FREE_PAGES of 32,768 pages read back as -32,768). Each entry names the field, the most the
 * configuration can put in it, the word's limit, and which configuration field drives it.
 */
export function fieldFits(geo: Geometry, opts: LayoutOptions): { field: string; need: number; limit: number; because: string }[] {
  const threads = geo.cpus * (opts.irq ? 2 : 1);
  return [
    // Read as signed (properties/p6-accounting.ts, the drains' remaining counts in registers).
    { field: 'NR_FREE_PAGES (a signed 16-bit count of pages)', need: geo.nPfn, limit: SIGNED_MAX, because: `pages = ${geo.nPfn}: every page may be free` },
    { field: 'pcp->count and the page-count registers (signed 16-bit)', need: geo.nPfn, limit: SIGNED_MAX, because: `pages = ${geo.nPfn}: every page may be on one CPU's lists` },
    // Free-list links, list heads and pfn registers: NIL is reserved; an end pfn (pfn + size) is kept too.
    { field: 'pfns in list links and registers (16-bit, NIL = 0xffff reserved)', need: geo.nPfn, limit: PFN_MAX, because: `pages = ${geo.nPfn}: the end pfn of the zone is kept in a register` },
    { field: 'nr_free[order] (16-bit count of blocks)', need: geo.nPfn, limit: 0xffff, because: `pages = ${geo.nPfn}` },
    // Lock words hold the holder thread + 1 beside the LOCK_PLAIN bit; ghost holders HOLD.thread0 + t.
    { field: 'lock holders (thread + 1, below the LOCK_PLAIN bit)', need: threads + 1, limit: LOCK_PLAIN - 1, because: `cpus = ${geo.cpus}` },
    { field: 'ghost holders (HOLD.thread0 + thread)', need: HOLD.thread0 + threads, limit: 0xffff, because: `cpus = ${geo.cpus}` },
  ];
}

/** Word offsets of every field. Construct once per system; read in the inner loop. */
export class MmLayout {
  readonly nThreads: number;
  readonly threadWords: number;
  /** Registers per thread. */
  readonly nreg: number;
  // zone
  readonly zoneLock: number;
  readonly nrFreePages: number;
  /** nr_free[order] */
  readonly nrFree: number;
  /** free_area[order].free_list[mt] heads, at `freeHead + order * nMt + mt`. */
  readonly freeHead: number;
  // struct page fields, one word per pfn each
  readonly ref: number;
  readonly flags: number;
  /** page->private: the buddy order of a free head, the compound order of a compound head. */
  readonly priv: number;
  readonly next: number;
  // pageblocks
  readonly pbType: number;
  // per-CPU pagesets (absent when pcpOrders is empty)
  readonly pcpOrders: readonly number[];
  /** Index of an order in pcpOrders, -1 when that order has no PCP list. */
  readonly pcpIndexOfOrder: readonly number[];
  readonly pcpLists: number;
  readonly pcpHead: number;
  readonly pcpCount: number;
  readonly pcpLock: number;
  readonly pcpHigh: number;
  readonly pcpBatch: number;
  /** Per-CPU lists in the kernel's pindex order (free_pcppages_bulk walks them round-robin). */
  readonly pcpPindex: readonly PcpListId[];
  // ghost
  readonly gHold: number;
  /** order + 1 at the head of a block a caller holds in the pool; 0 elsewhere. */
  readonly gUnit: number;
  // threads
  readonly threads: number;
  readonly budgets: number;
  readonly extra: Readonly<Record<string, number>>;
  /** Total words. */
  readonly words: number;
  /** Words before the thread area (kernel and ghost state). */
  readonly kernelWords: number;

  constructor(
    readonly geo: Geometry,
    readonly opts: LayoutOptions,
  ) {
    const over = fieldFits(geo, opts).find((f) => f.need > f.limit);
    if (over)
      throw new UsageError(
        `the configuration does not fit the model's packed state: ${over.field} must hold up to ${over.need.toLocaleString('en-US')} (${over.because}), but holds at most ${over.limit.toLocaleString('en-US')}; use a smaller configuration`,
      );
    let w = 0;
    const take = (n: number) => {
      const o = w;
      w += n;
      return o;
    };
    const N = geo.nPfn;
    this.zoneLock = take(1);
    this.nrFreePages = take(1);
    this.nrFree = take(geo.nOrders);
    this.freeHead = take(geo.nOrders * geo.nMt);
    this.ref = take(N);
    this.flags = take(N);
    this.priv = take(N);
    this.next = take(N);
    this.pbType = take(geo.nPageblocks);
    this.pcpOrders = opts.pcpOrders;
    this.pcpIndexOfOrder = Array.from({ length: geo.nOrders }, (_, o) => opts.pcpOrders.indexOf(o));
    this.pcpLists = opts.pcpOrders.length * geo.nMt;
    const pcps = opts.pcpOrders.length ? geo.cpus : 0;
    this.pcpHead = take(pcps * this.pcpLists);
    this.pcpCount = take(pcps);
    this.pcpLock = take(pcps);
    this.pcpHigh = take(pcps);
    this.pcpBatch = take(pcps);
    this.pcpPindex = pcpPindexOf(geo, opts);
    const extra: Record<string, number> = {};
    for (const [name, n] of Object.entries(opts.extra ?? {})) extra[name] = take(n);
    this.extra = extra;
    this.gHold = take(N);
    this.gUnit = take(N);
    this.kernelWords = w;
    this.nThreads = geo.cpus * (opts.irq ? 2 : 1);
    this.nreg = opts.registers ?? NREG;
    this.budgets = 2 + this.nreg;
    this.threadWords = 2 + this.nreg + opts.budgets;
    this.threads = take(this.nThreads * this.threadWords);
    this.words = w;
  }

  /** Word offset of thread `t`'s block. */
  threadBase(t: number): number {
    return this.threads + t * this.threadWords;
  }
  /** CPU a thread runs on: threads 0..C-1 are the CPUs' tasks, C..2C-1 their interrupt contexts. */
  cpuOf(t: number): number {
    return t % this.geo.cpus;
  }
  /** True for an interrupt-context thread. */
  isIrq(t: number): boolean {
    return t >= this.geo.cpus;
  }
  /** `cpu0`, `cpu1/irq`, ... */
  threadName(t: number): string {
    return `cpu${this.cpuOf(t)}${this.isIrq(t) ? '/irq' : ''}`;
  }
  /** The field a state word belongs to, for messages: `flags of pfn 5`, `pcp->count of cpu 1`, `cpu0/irq word 3`. */
  fieldOf(w: number): string {
    const N = this.geo.nPfn;
    const pcps = this.pcpOrders.length ? this.geo.cpus : 0;
    const fields: [string, number, number][] = [
      ['zone->lock', this.zoneLock, 1],
      ['NR_FREE_PAGES', this.nrFreePages, 1],
      ['nr_free of order', this.nrFree, this.geo.nOrders],
      ['free list head', this.freeHead, this.geo.nOrders * this.geo.nMt],
      ['refcount of pfn', this.ref, N],
      ['flags of pfn', this.flags, N],
      ['private of pfn', this.priv, N],
      ['list link of pfn', this.next, N],
      ['type of pageblock', this.pbType, this.geo.nPageblocks],
      ['pcp list head', this.pcpHead, pcps * this.pcpLists],
      ['pcp->count of cpu', this.pcpCount, pcps],
      ['pcp->lock of cpu', this.pcpLock, pcps],
      ['pcp->high of cpu', this.pcpHigh, pcps],
      ['pcp->batch of cpu', this.pcpBatch, pcps],
      ...Object.entries(this.extra).map(([name, at]): [string, number, number] => [name, at, this.opts.extra?.[name] ?? 0]),
      ['holder of pfn', this.gHold, N],
      ['held unit of pfn', this.gUnit, N],
    ];
    for (const [name, at, n] of fields) if (w >= at && w < at + n) return `${name} ${w - at}`;
    if (w >= this.threads && w < this.words) {
      const who = this.threadName(Math.floor((w - this.threads) / this.threadWords));
      const i = (w - this.threads) % this.threadWords;
      if (i === TW.op) return `${who}'s running operation`;
      if (i === TW.pc) return `${who}'s label`;
      if (i < TW.regs + this.nreg) return `${who}'s register ${i - TW.regs}${REGISTER_NAMES[i - TW.regs] ? ` (R.${REGISTER_NAMES[i - TW.regs]})` : ''}`;
      return `${who}'s budget ${i - TW.regs - this.nreg}`;
    }
    return `word ${w}`;
  }
  /** Offset of the head of PCP list (cpu, order, mt); the order must have a PCP list. */
  pcpListHead(cpu: number, order: number, mt: number): number {
    return this.pcpHead + cpu * this.pcpLists + this.pcpIndexOfOrder[order] * this.geo.nMt + mt;
  }
  /**
   * The list a block of `order` freed or refilled for migratetype `mt` goes on
   * (order_to_pindex): HIGHATOMIC and CMA go on MOVABLE; on the THP order UNMOVABLE and
   * RECLAIMABLE share the UNMOVABLE list.
   */
  pcpListMt(order: number, mt: number): number {
    const m = this.geo.mt;
    if (!this.geo.mergeable[mt]) return m.MOVABLE;
    if (order > (this.opts.pcpCostlyOrder ?? Infinity) && mt !== m.MOVABLE) return m.UNMOVABLE;
    return mt;
  }
}

/** The kernel's pindex order: low orders by PCP migratetype, then the THP lists (UNMOVABLE/RECLAIMABLE, MOVABLE). */
function pcpPindexOf(geo: Geometry, opts: LayoutOptions): PcpListId[] {
  const pcpTypes = geo.mts.map((_, i) => i).filter((i) => geo.mergeable[i]);
  const out: PcpListId[] = [];
  for (const order of [...opts.pcpOrders].sort((a, b) => a - b)) {
    if (order > (opts.pcpCostlyOrder ?? Infinity)) for (const mt of [geo.mt.UNMOVABLE, geo.mt.MOVABLE]) out.push({ order, mt });
    else for (const mt of pcpTypes) out.push({ order, mt });
  }
  return out;
}
