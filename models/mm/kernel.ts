/**
 * The step context of every allocator machine: a view of one packed state bound to one thread,
 * with the kernel helpers (free lists, PageBuddy, refcounts, pageblock types, struct page walks)
 * that guards and actions are written with. Helpers that the kernel guards with a VM_BUG_ON or a
 * bad-page check raise a {@link Finding} instead of corrupting the state, so that the violation
 * is reported at the step that caused it.
 *
 * The helpers model `mm/page_alloc.c` (see ../shared/reference/kernel-allocator.md §1-§3):
 * - free lists are singly linked, insertion at the head unless the caller asks for the tail,
 *   allocation from the head;
 * - `nr_free[order]` counts blocks, `NR_FREE_PAGES` counts pages outside ISOLATE blocks;
 * - a pageblock's type word holds what get_pfnblock_migratetype() returns: MIGRATE_ISOLATE
 *   while the block is isolated (a model with isolation keeps the type it had beside it, as
 *   the kernel's PB_migrate_isolate bit sits beside the migratetype bits);
 * - a struct page is found from another by pointer arithmetic (`page + i`), which is only valid
 *   inside one section when the memmap is per-section (no VMEMMAP).
 */
import type { Geometry } from '../../src/config/geometry.ts';
import { InternalError } from '../../src/util/unreachable.ts';
import type { CoverageEvent, CoverageSink } from '../../src/coverage/events.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { RegisterWatch } from '../../src/machine/liveness.ts';
import { HOLD, LOCK_PLAIN, MmLayout, NIL, PG, R, TW } from './layout.ts';
import { checkFreeable } from '../../properties/p2-double-free.ts';

/**
 * Cost counters a step may bump, by index into {@link Mm.meter}. They measure work (lock
 * acquisitions, list operations, searches), are never part of the explored state, and are read
 * by `pagecheck validate` around one operation run in isolation.
 */
export const COST = {
  /** spin_lock(&zone->lock) acquisitions. */
  zoneLock: 0,
  /** Free-list insertions, deletions and moves (always under zone->lock). */
  zoneListOps: 1,
  /** Orders scanned by __rmqueue_smallest (the preferred migratetype's lists). */
  normalOrders: 2,
  /** Orders scanned by the fallback searches (__rmqueue_claim, __rmqueue_steal): find_suitable_fallback calls. */
  fallbackOrders: 3,
  /** pcp->lock acquisitions (trylock successes and plain locks). */
  pcpLock: 4,
  /** Blocks put on a PCP list. */
  pcpListAdds: 5,
  /** Buddy merges in __free_one_page (under zone->lock). */
  merges: 6,
} as const;
/** A cost counter's name. */
export type CostName = keyof typeof COST;
/** What each cost counter counts, for reports. */
export const COST_LABELS: Readonly<Record<CostName, string>> = {
  zoneLock: 'zone->lock acquisitions',
  zoneListOps: 'free-list operations under zone->lock',
  normalOrders: 'orders scanned, preferred type',
  fallbackOrders: 'orders scanned by fallback searches',
  pcpLock: 'pcp->lock acquisitions',
  pcpListAdds: 'blocks put on PCP lists',
  merges: 'buddy merges under zone->lock',
};

/** The step context: bind it to a state and a thread, then call guards and actions. */
export class Mm {
  /** The state being read or written. */
  s: Uint16Array = new Uint16Array(0);
  /**
   * The state itself, for reads that only ask whether the bound thread holds a lock: no other
   * thread can change that answer, so the partial-order reduction, which records the words a
   * step reads through `s` (then a recording view of this array), does not count them (por.ts).
   */
  own: Uint16Array = new Uint16Array(0);
  /** Thread index. */
  t = 0;
  /** CPU of the thread. */
  cpu = 0;
  /** Offset of the thread's registers. */
  rb = 0;
  /** The first finding raised during the current step, if any. */
  finding: Finding | null = null;
  /**
   * Lock-discipline (P7) checks of the helpers are on. Off only while the checker itself writes a
   * state that no kernel path produced (the boot state).
   */
  checked = true;
  /** Cost counters, indexed by {@link COST}; outside the state, reset by whoever reads them. */
  readonly meter = new Float64Array(Object.keys(COST).length);
  /**
   * Where allocator events are counted (see ../../src/coverage/recorder.ts): null unless the
   * system collects coverage. Not part of the state.
   */
  cov: CoverageSink | null = null;
  /**
   * Told of every register access while set (src/machine/liveness.ts): the check of a step
   * taken from a label where dead registers were cleared, or the recording of what each guard
   * and action reads and writes. Null otherwise.
   */
  regs: RegisterWatch | null = null;
  /** Where every field lives in the packed state (offsets: `k.L.ref + pfn`, `k.L.extra[name]`, `k.L.threadBase(t)`). */
  readonly L: MmLayout;
  /** The zone's geometry: `nPfn`, `maxOrder`, `pageblockOrder`, `pagesPerSection`, `vmemmap`, `cpus`, the migratetypes (`mt.MOVABLE`), the configuration. */
  readonly g: Geometry;
  private readonly nPfn: number;
  private readonly nMt: number;
  /** Index of MIGRATE_ISOLATE, -1 when the zone has no ISOLATE lists. */
  private readonly isoMt: number;

  constructor(L: MmLayout) {
    this.L = L;
    this.g = L.geo;
    this.nPfn = L.geo.nPfn;
    this.nMt = L.geo.nMt;
    this.isoMt = L.geo.mt.ISOLATE;
  }

  /** The name of each operation of the system, by its index (TW.op holds index + 1; set by the system). */
  opNames: readonly string[] = [];

  /**
   * How many speculative references other threads may hold on `pfn`: the threads running
   * speculative_ref on it past their lookup (R.head 0), whether or not their get has landed yet,
   * so a bound, never an undercount. A caller that checks a page's refcount adds these: a
   * page-cache or GUP-fast lookup may take a reference on any page in use, the caller's included.
   */
  speculativeHolders(pfn: number): number {
    let n = 0;
    for (let t = 0; t < this.L.nThreads; t++) {
      if (t === this.t) continue;
      const base = this.L.threadBase(t);
      const op = this.s[base + TW.op];
      if (op === 0 || this.opNames[op - 1] !== 'speculative_ref') continue;
      if (this.s[base + TW.regs + R.pfn] === pfn && this.s[base + TW.regs + R.head] === 0) n++;
    }
    return n;
  }

  /**
   * Binds the context to state `s` and thread `t`; clears the finding. With `view` (a recording
   * view of `s`, see por.ts), reads and writes go through it.
   */
  bind(s: Uint16Array, t: number, view?: Uint16Array): this {
    this.s = view ?? s;
    this.own = s;
    this.t = t;
    this.cpu = this.L.cpuOf(t);
    this.rb = this.L.threadBase(t) + TW.regs;
    this.finding = null;
    return this;
  }

  // ---------------------------------------------------------------- registers and findings

  /** Reads register `i` of the bound thread (registers are read and written only through these accessors). */
  r(i: number): number {
    if (this.regs !== null) this.regs.read(i);
    return this.s[this.rb + i];
  }
  /** Writes register `i` of the bound thread. */
  set(i: number, v: number): void {
    // A register beyond the layout's would overwrite the thread's budgets.
    if (i >= this.L.nreg) throw new InternalError(`register ${i} written, but the layout has ${this.L.nreg} registers per thread`);
    if (this.regs !== null) this.regs.write(i);
    this.s[this.rb + i] = v;
  }
  /**
   * The CPU register (R.cpu: the pageset a drain or bulk free works on). It is kept as CPU + 1,
   * so that an unset register (0) is not CPU 0 and the CPU symmetry renames only real CPUs.
   */
  cpuReg(): number {
    return this.r(R.cpu) - 1;
  }
  /** Sets the CPU register (see {@link cpuReg}). */
  setCpuReg(cpu: number): void {
    this.set(R.cpu, cpu + 1);
  }
  /** The bound thread's name (`cpu0`, `cpu1/irq`). */
  get who(): string {
    return this.L.threadName(this.t);
  }
  /** Raises a finding for this step; only the first one of a step is kept. */
  fail(code: string, message: string, extra: Omit<Finding, 'code' | 'message'> = {}): void {
    if (!this.finding) this.finding = { code, message, cpus: [this.cpu], ...extra };
  }

  /**
   * Word `i` of one of the model's named word arrays (`k.word(EXTRA.freeCount, cpu)`; the names
   * each model keeps are in docs/reference.md). An unknown name or an index past the array is
   * an error naming the arrays there are.
   */
  word(name: string, i = 0): number {
    return this.s[this.wordAt(name, i)];
  }
  /** Writes word `i` of a named word array (see {@link word}). */
  setWord(name: string, i: number, v: number): void {
    this.s[this.wordAt(name, i)] = v;
  }
  private wordAt(name: string, i: number): number {
    const at = this.L.extra[name];
    const n = this.L.opts.extra?.[name] ?? 0;
    if (at === undefined) throw new InternalError(`no state words named '${name}' in this model (there are: ${Object.keys(this.L.extra).join(', ') || 'none'})`);
    if (!(i >= 0 && i < n)) throw new InternalError(`word ${i} of '${name}', which has ${n}`);
    return at + i;
  }

  /**
   * Reports an allocator event of this step to the coverage sink, if one is set (no state
   * change): `a` the order (or page count), `b` the list migratetype of a PCP-list event.
   */
  covered(event: CoverageEvent, a?: number, b?: number): void {
    if (this.cov !== null) this.cov.hit(event, a, b);
  }

  // ---------------------------------------------------------------- geometry

  /** `pfn_to_section_nr`. */
  section(pfn: number): number {
    return pfn >> this.g.sectionShift;
  }
  /** `get_pfnblock_migratetype` (a lockless read in the kernel). */
  blockMt(pfn: number): number {
    return this.s[this.L.pbType + (pfn >> this.g.pageblockOrder)];
  }
  /**
   * `set_pageblock_migratetype` for the block containing pfn. Like the kernel's, it refuses
   * MIGRATE_ISOLATE (VM_WARN "Use set_pageblock_isolate()") and, on an isolated block, writes
   * the type and so ends the isolation (MIGRATETYPE_AND_ISO_MASK clears PB_migrate_isolate).
   */
  setBlockMt(pfn: number, mt: number): void {
    if (mt === this.isoMt) return;
    this.s[this.L.pbType + (pfn >> this.g.pageblockOrder)] = mt;
  }
  /** `change_pageblock_range`: retypes every pageblock covered by the block (at least one), as set_pageblock_migratetype does each. */
  changePageblockRange(pfn: number, order: number, mt: number): void {
    if (mt === this.isoMt) return;
    const n = order >= this.g.pageblockOrder ? 1 << (order - this.g.pageblockOrder) : 1;
    const first = pfn >> this.g.pageblockOrder;
    for (let i = 0; i < n; i++) this.s[this.L.pbType + first + i] = mt;
  }
  /** Migratetype name, for messages. */
  mtName(mt: number): string {
    return this.g.mts[mt] ?? `mt${mt}`;
  }
  /** `pfn 4..7 (order 2)`, for messages. */
  block(pfn: number, order: number): string {
    return order === 0 ? `pfn ${pfn} (order 0)` : `pfn ${pfn}..${pfn + (1 << order) - 1} (order ${order})`;
  }

  /**
   * `page + delta`: the struct page `delta` entries away from pfn's. Outside the zone, or across
   * a section boundary when the memmap is per-section, this is not the struct page of
   * `pfn + delta`; the walk is then a P3 finding and NIL is returned.
   */
  pageWalk(pfn: number, delta: number, fn: string): number {
    const to = pfn + delta;
    if (to < 0 || to >= this.nPfn) {
      this.fail('P3', `${this.who} in ${fn} walks from the struct page of pfn ${pfn} by ${delta} to pfn ${to}, outside the zone (pfn 0..${this.nPfn - 1})`, { pfns: [pfn] });
      return NIL;
    }
    if (!this.g.vmemmap && this.section(to) !== this.section(pfn)) {
      this.fail(
        'P3',
        `${this.who} in ${fn} walks struct pages from pfn ${pfn} (section ${this.section(pfn)}) by ${delta} into section ${this.section(to)}: with a per-section memmap, page + ${delta} is not the struct page of pfn ${to}`,
        { pfns: [pfn, to], hint: 'Break the walk at memdesc_section() changes, as __free_contig_range() and num_pages_contiguous() do.' },
      );
      return NIL;
    }
    return to;
  }

  // ---------------------------------------------------------------- struct page

  /** page_ref_count. */
  ref(pfn: number): number {
    return this.s[this.L.ref + pfn];
  }
  /** Sets page_ref_count(page) of `pfn` (no lock-discipline check: a refcount is atomic). */
  setRef(pfn: number, v: number): void {
    this.s[this.L.ref + pfn] = v;
  }
  /** The flag bits of `pfn`'s struct page ({@link PG}: buddy, head, tail, hwpoison, lru, pcpBuddy). */
  flags(pfn: number): number {
    return this.s[this.L.flags + pfn];
  }
  /** Sets a flag bit of `pfn` ({@link PG}). */
  setFlag(pfn: number, bit: number): void {
    this.s[this.L.flags + pfn] |= bit;
  }
  /** Clears a flag bit of `pfn` ({@link PG}). */
  clearFlag(pfn: number, bit: number): void {
    this.s[this.L.flags + pfn] &= ~bit;
  }
  /** PageBuddy. */
  isBuddy(pfn: number): boolean {
    return (this.s[this.L.flags + pfn] & PG.buddy) !== 0;
  }
  /** PageHead. */
  isHead(pfn: number): boolean {
    return (this.s[this.L.flags + pfn] & PG.head) !== 0;
  }
  /** page->private of `pfn`: the buddy order of a free block's head, the compound order of a compound head. */
  priv(pfn: number): number {
    return this.s[this.L.priv + pfn];
  }
  /** Sets page->private of `pfn`. */
  setPriv(pfn: number, v: number): void {
    this.s[this.L.priv + pfn] = v;
  }

  /** `put_page_testzero`: drops one reference; true when it was the last. A put on 0 is a P4 finding. */
  putPageTestzero(pfn: number, fn: string): boolean {
    const at = this.L.ref + pfn;
    const c = this.s[at];
    if (c === 0) {
      this.fail('P4', `${this.who} in ${fn} drops a reference on pfn ${pfn} whose refcount is already 0`, {
        pfns: [pfn],
        hint: 'A put without a matching get: the page was freed (or never refcounted) before this put.',
      });
      return false;
    }
    this.s[at] = c - 1;
    return c === 1;
  }
  /** `set_page_refcounted`: the count must be 0 and becomes 1. */
  setPageRefcounted(pfn: number, fn: string): void {
    const at = this.L.ref + pfn;
    if (this.s[at] !== 0)
      this.fail('P4', `${this.who} in ${fn}: set_page_refcounted on pfn ${pfn} whose refcount is ${this.s[at]}, not 0`, { pfns: [pfn] });
    this.s[at] = 1;
  }

  // ---------------------------------------------------------------- buddy

  /**
   * `page_is_buddy(page, buddy, order)`: the buddy is PageBuddy with the same order (one zone here).
   * Like the kernel, no validity check beyond the zone's pfn range.
   */
  pageIsBuddy(buddy: number, order: number): boolean {
    return buddy < this.nPfn && this.isBuddy(buddy) && this.priv(buddy) === order;
  }
  /** `migratetype_is_mergeable`. */
  mergeable(mt: number): boolean {
    return this.g.mergeable[mt];
  }
  /** Offset of the head of `free_area[order].free_list[mt]`. */
  freeHeadAt(order: number, mt: number): number {
    return this.L.freeHead + order * this.nMt + mt;
  }
  /** First block on a buddy list, NIL when empty. */
  freeListFirst(order: number, mt: number): number {
    return this.s[this.freeHeadAt(order, mt)];
  }

  /**
   * `__add_to_free_list` + `set_buddy_order`: puts the block at the head (or tail) of the list,
   * sets PageBuddy and the order, `nr_free++`. A block that is misaligned, above MAX_PAGE_ORDER or
   * spans two sections is refused with a finding (P5, P3) instead of being linked.
   */
  addToFreeList(pfn: number, order: number, mt: number, tail: boolean, fn: string): void {
    if (!this.checkBlockShape(pfn, order, fn, 'put on a free list')) return;
    this.freeListChange(fn);
    const L = this.L;
    const head = this.freeHeadAt(order, mt);
    if (tail && this.s[head] !== NIL) {
      let p = this.s[head];
      for (let n = 0; this.s[L.next + p] !== NIL; n++) {
        if (n > this.nPfn) return this.listLoops(order, mt, fn);
        p = this.s[L.next + p];
      }
      this.s[L.next + p] = pfn;
      this.s[L.next + pfn] = NIL;
    } else {
      this.s[L.next + pfn] = this.s[head];
      this.s[head] = pfn;
    }
    this.s[L.nrFree + order]++;
    this.s[L.flags + pfn] |= PG.buddy;
    this.s[L.priv + pfn] = order;
  }

  /** A list whose links loop (a block linked twice): reported instead of walking forever. */
  listLoops(order: number, mt: number, fn: string): void {
    this.fail('P5', `${this.who} in ${fn}: free_area[${order}].free_list[${this.mtName(mt)}] loops back on itself (a block is linked twice)`, { orders: [order] });
  }

  /** Validates a block's shape before it enters a list; false (with a finding) when it must not. */
  checkBlockShape(pfn: number, order: number, fn: string, what: string): boolean {
    const size = 1 << order;
    if (pfn + size > this.nPfn) {
      this.fail('P3', `${this.who} in ${fn}: block ${this.block(pfn, order)} ${what} runs past the end of the zone`, { pfns: [pfn], orders: [order] });
      return false;
    }
    if (this.section(pfn) !== this.section(pfn + size - 1)) {
      this.fail('P3', `${this.who} in ${fn}: block ${this.block(pfn, order)} ${what} spans sections ${this.section(pfn)} and ${this.section(pfn + size - 1)}`, {
        pfns: [pfn],
        orders: [order],
        hint: 'A block must lie inside one section: merging and chunking must stop at section boundaries.',
      });
      return false;
    }
    if (order > this.g.maxOrder) {
      this.fail('P5', `${this.who} in ${fn}: block ${this.block(pfn, order)} ${what} is above MAX_PAGE_ORDER (${this.g.maxOrder})`, { pfns: [pfn], orders: [order] });
      return false;
    }
    if (pfn & (size - 1)) {
      this.fail('P5', `${this.who} in ${fn}: block ${this.block(pfn, order)} ${what} is not naturally aligned`, { pfns: [pfn], orders: [order] });
      return false;
    }
    return true;
  }

  /** Unlinks pfn from the list starting at `headAt`; false when it is not on that list. */
  unlink(headAt: number, pfn: number): boolean {
    const nx = this.L.next;
    let p = this.s[headAt];
    if (p === pfn) {
      this.s[headAt] = this.s[nx + pfn];
      this.s[nx + pfn] = NIL;
      return true;
    }
    for (let n = 0; p !== NIL; n++) {
      if (n > this.nPfn) return false;
      const q = this.s[nx + p];
      if (q === pfn) {
        this.s[nx + p] = this.s[nx + pfn];
        this.s[nx + pfn] = NIL;
        return true;
      }
      p = q;
    }
    return false;
  }

  /**
   * `__del_page_from_free_list`: unlinks the block (from `free_list[order][mt]`, or, as the
   * kernel's list_del does, from whatever list it is really on), clears PageBuddy and the order,
   * and decrements `nr_free[order]`. A block on no list at all is a P5 finding.
   */
  delFromFreeList(pfn: number, order: number, mt: number, fn: string): void {
    this.freeListChange(fn);
    // list_del() unlinks the entry from whatever list it is on; only a page on no list at all
    // is list corruption (CONFIG_DEBUG_LIST would report it).
    if (!this.unlink(this.freeHeadAt(order, mt), pfn) && !this.unlinkAnywhere(pfn)) {
      this.fail('P5', `${this.who} in ${fn}: list_del of ${this.block(pfn, order)}, which is on no free list`, { pfns: [pfn], orders: [order] });
      return;
    }
    this.s[this.L.nrFree + order]--;
    this.clearFlag(pfn, PG.buddy);
    this.s[this.L.priv + pfn] = 0;
  }

  /** Unlinks pfn from whichever buddy list holds it; false when none does. */
  unlinkAnywhere(pfn: number): boolean {
    for (let o = 0; o < this.g.nOrders; o++) for (let mt = 0; mt < this.nMt; mt++) if (this.unlink(this.freeHeadAt(o, mt), pfn)) return true;
    return false;
  }

  /** `move_to_free_list`: to the tail of the new type's list, re-accounted; nr_free unchanged. */
  moveToFreeList(pfn: number, order: number, oldMt: number, newMt: number, fn: string): void {
    // The re-insertion below checks zone->lock and counts the move as one list operation.
    if (!this.unlink(this.freeHeadAt(order, oldMt), pfn)) {
      this.fail('P5', `${this.who} in ${fn}: ${this.block(pfn, order)} is not on free_area[${order}].free_list[${this.mtName(oldMt)}]`, { pfns: [pfn], orders: [order] });
      return;
    }
    this.s[this.L.nrFree + order]--;
    this.addToFreeList(pfn, order, newMt, true, fn);
    this.accountFreepages(-(1 << order), oldMt);
    this.accountFreepages(1 << order, newMt);
  }

  /** `account_freepages`: NR_FREE_PAGES += nr, except for MIGRATE_ISOLATE, whose free pages are not counted. */
  accountFreepages(nr: number, mt: number): void {
    if (mt === this.isoMt) return;
    const at = this.L.nrFreePages;
    this.s[at] = (this.s[at] + nr) & 0xffff;
  }

  /**
   * `expand(zone, page, low, high, mt)`: splits an order-`high` block down to `low`, putting each
   * upper half at the head of its list. Returns the number of pages put back.
   */
  expand(pfn: number, low: number, high: number, mt: number, fn: string): number {
    let size = 1 << high;
    let added = 0;
    while (high > low) {
      high--;
      size >>= 1;
      const half = this.pageWalk(pfn, size, fn);
      if (half === NIL) return added;
      this.addToFreeList(half, high, mt, false, fn);
      added += size;
    }
    return added;
  }

  // ---------------------------------------------------------------- locks

  /** zone->lock is free. */
  zoneLockFree(): boolean {
    return this.s[this.L.zoneLock] === 0;
  }
  /** The bound thread holds zone->lock. */
  holdsZoneLock(): boolean {
    return this.own[this.L.zoneLock] === this.t + 1;
  }
  /**
   * spin_lock(&zone->lock) by the bound thread; the caller's guard checked it is free. Taking
   * it while it is held (by anyone, the bound thread included) is a P7 finding.
   */
  zoneLock(): void {
    const h = this.s[this.L.zoneLock];
    if (h !== 0 && this.checked)
      this.fail('P7', `${this.who} takes zone->lock while ${h === this.t + 1 ? 'already holding it (self-deadlock)' : `${this.L.threadName(h - 1)} holds it`}`);
    this.meter[COST.zoneLock]++;
    this.s[this.L.zoneLock] = this.t + 1;
  }
  /** A free-list change: P7 unless the bound thread holds zone->lock; counted as a list operation. */
  private freeListChange(fn: string): void {
    this.meter[COST.zoneListOps]++;
    if (this.checked && !this.holdsZoneLock()) {
      const h = this.s[this.L.zoneLock];
      this.fail('P7', `${this.who} in ${fn} changes a buddy free list without holding zone->lock${h ? ` (held by ${this.L.threadName(h - 1)})` : ''}`, {
        hint: 'Free lists, nr_free, PageBuddy and NR_FREE_PAGES are serialized by zone->lock.',
      });
    }
  }

  // ---------------------------------------------------------------- per-CPU pagesets

  /** Holder of cpu's pcp->lock as a thread index + 1 (0 when free). */
  pcpLockHolder(cpu: number): number {
    return this.s[this.L.pcpLock + cpu] & ~LOCK_PLAIN;
  }
  /** cpu's pcp->lock is free. */
  pcpLockFree(cpu: number): boolean {
    return this.s[this.L.pcpLock + cpu] === 0;
  }
  /** pcp_spin_trylock() of cpu's pcp->lock would succeed; a failure is a coverage event (no state change). */
  pcpTrylockFree(cpu: number): boolean {
    if (this.pcpLockFree(cpu)) return true;
    this.covered('trylock-fail');
    return false;
  }
  /** cpu's pcp->lock is held with a plain spin_lock (a drain), not a trylock. */
  pcpLockPlain(cpu: number): boolean {
    return (this.s[this.L.pcpLock + cpu] & LOCK_PLAIN) !== 0;
  }
  /** The bound thread holds cpu's pcp->lock. */
  holdsPcpLock(cpu: number): boolean {
    return this.pcpLockHolder(cpu) === this.t + 1;
  }
  /**
   * Takes cpu's pcp->lock (pcp_spin_trylock when `plain` is false, spin_lock otherwise); the
   * caller's guard decided it may. P7 when it is already held (two critical sections nested on
   * one pcp) or when the bound thread holds zone->lock (the order is pcp->lock, then zone->lock).
   */
  pcpLock(cpu: number, plain: boolean, fn: string): void {
    const at = this.L.pcpLock + cpu;
    if (this.checked) {
      const h = this.pcpLockHolder(cpu);
      if (h !== 0)
        this.fail('P7', `${this.who} in ${fn} takes cpu${cpu}'s pcp->lock while ${h === this.t + 1 ? 'already holding it' : `${this.L.threadName(h - 1)} holds it`}: two critical sections nested on one pcp`, {
          cpus: [cpu],
          hint: 'On UP a spin_trylock always succeeds: an interrupt that trylocks a pcp its own CPU holds with spin_lock re-enters the lists (038a102535eb).',
        });
      else if (this.holdsZoneLock())
        this.fail('P7', `${this.who} in ${fn} takes cpu${cpu}'s pcp->lock while holding zone->lock: the lock order is pcp->lock, then zone->lock`, { cpus: [cpu] });
    }
    this.meter[COST.pcpLock]++;
    this.s[at] = (this.t + 1) | (plain ? LOCK_PLAIN : 0);
  }
  /** Releases cpu's pcp->lock; P7 when the bound thread does not hold it. */
  pcpUnlock(cpu: number, fn: string): void {
    if (this.checked && !this.holdsPcpLock(cpu)) {
      const h = this.pcpLockHolder(cpu);
      this.fail('P7', `${this.who} in ${fn} releases cpu${cpu}'s pcp->lock, which ${h ? `${this.L.threadName(h - 1)} holds` : 'nobody holds'}`, { cpus: [cpu] });
    }
    this.s[this.L.pcpLock + cpu] = 0;
  }
  /** A PCP change on cpu: P7 unless the bound thread holds cpu's pcp->lock. */
  private pcpChange(cpu: number, fn: string, what: string): void {
    if (this.checked && !this.holdsPcpLock(cpu)) {
      const h = this.pcpLockHolder(cpu);
      this.fail('P7', `${this.who} in ${fn} changes cpu${cpu}'s ${what} without holding its pcp->lock${h ? ` (held by ${this.L.threadName(h - 1)})` : ''}`, {
        cpus: [cpu],
        hint: "A PCP's lists and count are protected by its pcp->lock (local trylock, or a remote drain's spin_lock).",
      });
    }
  }
  /** pcp->count of cpu, in base pages. */
  pcpCount(cpu: number): number {
    return this.s[this.L.pcpCount + cpu];
  }
  /** `pcp->count += delta` (wraps like the kernel's int would go negative; P6 reports it). */
  addPcpCount(cpu: number, delta: number, fn: string): void {
    this.pcpChange(cpu, fn, 'pcp->count');
    const at = this.L.pcpCount + cpu;
    this.s[at] = (this.s[at] + delta) & 0xffff;
  }
  /** pcp->high of cpu. */
  pcpHigh(cpu: number): number {
    return this.s[this.L.pcpHigh + cpu];
  }
  /** pcp->batch of cpu. */
  pcpBatch(cpu: number): number {
    return this.s[this.L.pcpBatch + cpu];
  }
  /** Offset of the head of cpu's list `pindex` (see MmLayout.pcpPindex). */
  pcpHeadOfPindex(cpu: number, pindex: number): number {
    const id = this.L.pcpPindex[pindex];
    return this.L.pcpListHead(cpu, id.order, id.mt);
  }
  /** First block on cpu's list for (order, list migratetype), NIL when empty. */
  pcpFirst(cpu: number, order: number, lmt: number): number {
    return this.s[this.L.pcpListHead(cpu, order, lmt)];
  }
  /** Last block on the list whose head is at `headAt` (list_last_entry), NIL when empty. */
  listLast(headAt: number): number {
    let p = this.s[headAt];
    if (p === NIL) return NIL;
    for (let n = 0; this.s[this.L.next + p] !== NIL && n <= this.nPfn; n++) p = this.s[this.L.next + p];
    return p;
  }
  /**
   * list_add (head) or list_add_tail of a block on cpu's PCP list (order, list migratetype).
   * The block must be free of PageBuddy (it is not in the buddy) and well-shaped.
   */
  pcpListAdd(cpu: number, pfn: number, order: number, lmt: number, tail: boolean, fn: string): void {
    if (!this.checkBlockShape(pfn, order, fn, `put on cpu${cpu}'s PCP list`)) return;
    this.pcpChange(cpu, fn, 'PCP lists');
    this.meter[COST.pcpListAdds]++;
    this.covered('pcp-add', order, lmt);
    const L = this.L;
    const head = L.pcpListHead(cpu, order, lmt);
    if (!tail || this.s[head] === NIL) {
      this.s[L.next + pfn] = this.s[head];
      this.s[head] = pfn;
      return;
    }
    this.s[L.next + this.listLast(head)] = pfn;
    this.s[L.next + pfn] = NIL;
  }
  /** list_del of a block from cpu's PCP list (order, list migratetype); P5 when it is not there. */
  pcpListDel(cpu: number, pfn: number, order: number, lmt: number, fn: string): void {
    this.pcpChange(cpu, fn, 'PCP lists');
    this.covered('pcp-del', order, lmt);
    if (!this.unlink(this.L.pcpListHead(cpu, order, lmt), pfn))
      this.fail('P5', `${this.who} in ${fn}: list_del of ${this.block(pfn, order)}, which is not on cpu${cpu}'s PCP list (order ${order}, ${this.mtName(lmt)})`, {
        pfns: [pfn],
        orders: [order],
      });
  }
  /** spin_unlock(&zone->lock); unlocking a lock this thread does not hold is a P7-style finding. */
  zoneUnlock(fn: string): void {
    if (this.s[this.L.zoneLock] !== this.t + 1)
      this.fail('P7', `${this.who} in ${fn} releases zone->lock, which it does not hold`);
    this.s[this.L.zoneLock] = 0;
  }

  // ---------------------------------------------------------------- ghost (callers' holdings)

  /** Ghost holder of a pfn. */
  hold(pfn: number): number {
    return this.s[this.L.gHold + pfn];
  }
  /** The bound thread's in-flight holder value. */
  get mine(): number {
    return HOLD.thread0 + this.t;
  }
  /** Sets the ghost holder of every pfn of a block. */
  setHold(pfn: number, order: number, h: number): void {
    const at = this.L.gHold + pfn;
    for (let i = 0, n = 1 << order; i < n; i++) this.s[at + i] = h;
  }
  /** Hands a block to the caller's pool (the end of an allocation). */
  giveToPool(pfn: number, order: number): void {
    this.setHold(pfn, order, HOLD.pool);
    this.s[this.L.gUnit + pfn] = order + 1;
  }
  /** Takes a block out of the pool into the bound thread (the start of a free). */
  takeFromPool(pfn: number, order: number): void {
    this.setHold(pfn, order, this.mine);
    this.s[this.L.gUnit + pfn] = 0;
  }
  /** The P2 check of a free: see {@link checkFreeable}. */
  checkFreeable(pfn: number, order: number, fn: string): boolean {
    return checkFreeable(this, pfn, order, fn);
  }
  /** Describes who holds a pfn, for messages. */
  holderName(h: number): string {
    switch (h) {
      case HOLD.none:
        return 'the kernel (free)';
      case HOLD.pool:
        return 'a caller (allocated)';
      case HOLD.ref:
        return 'speculative references only';
      case HOLD.leaked:
        return 'nobody (leaked on purpose)';
      default:
        return `${this.L.threadName(h - HOLD.thread0)} (in flight)`;
    }
  }
}
