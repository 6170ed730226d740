/**
 * Guards and actions of the contiguous and bulk paths (reference §6), named after what they do
 * in mm/page_alloc.c and mm/vmalloc.c, on top of the PCP model's (whose names they keep: a
 * variant overrides either by name).
 *
 * Registers: the PCP paths' R (pfn, order, mt, zero, ret, ... as the freeing and allocating
 * paths use them) and the model's own, {@link CR}, one per local variable of the functions here.
 * A range free keeps `base`, `nr` and `i` for its loop; `start` and `sec` for the open run
 * (`start` is NIL when none is open); `cur` and `left` for the chunks of a run; `fpi` for the
 * block being freed. free_pages_bulk keeps `area`, `ai` (the array index), `runStart` and
 * `runLen` (start_pfn and nr_contig). alloc_pages_bulk keeps `nrPages`, `populated`
 * (nr_populated), `account` (nr_account), `ret`, `last` (the count its caller saw before the
 * call) and `allocMt` (the migratetype the single-page path retries with).
 */
import type { Geometry } from '../../src/config/geometry.ts';
import { InternalError } from '../../src/util/unreachable.ts';
import { HOLD, NIL, NREG, R } from '../mm/layout.ts';
import type { Mm } from '../mm/kernel.ts';
import { actions as pcpActions, guards as pcpGuards } from '../pcp/impl.ts';
import { checkBulkReturn, checkNotPrepared, checkPrepared, checkRangeFreed, markPrepared } from '../../properties/p9-ranges.ts';

/** The model's registers (see the module comment). */
export const CR = {
  base: NREG,
  nr: NREG + 1,
  i: NREG + 2,
  start: NREG + 3,
  sec: NREG + 4,
  cur: NREG + 5,
  left: NREG + 6,
  fpi: NREG + 7,
  area: NREG + 8,
  ai: NREG + 9,
  runStart: NREG + 10,
  runLen: NREG + 11,
  nrPages: NREG + 12,
  populated: NREG + 13,
  account: NREG + 14,
  ret: NREG + 15,
  last: NREG + 16,
  allocMt: NREG + 17,
} as const;
/** Number of registers in {@link CR}. */
export const N_CONTIG_REGS = Object.keys(CR).length;

/** fpi_t flags the model knows. */
export const FPI = {
  /** FPI_PREPARED: free_pages_prepare() already ran on every page of the block. */
  PREPARED: 8,
} as const;

/** Extra word arrays of the contig model's layout (beyond the PCP model's). */
export const CONTIG_EXTRA = {
  /** The caller's page array of each thread's alloc_pages_bulk: pfn + 1 per entry, 0 for NULL. */
  bulkArray: 'alloc_pages_bulk page_array',
} as const;

/** The contig section of the configuration (the model fills it in when a configuration has none). */
export function contigConfig(g: Geometry) {
  const c = g.config.contig;
  if (!c) throw new InternalError('the contig paths run on a configuration without a contig section');
  return c;
}

/** Entries of each thread's bulk array: the largest array size the workload passes (at least 1). */
export function bulkSlotsOf(sizes: readonly number[]): number {
  return Math.max(1, ...sizes);
}

/** The vfree page array being freed. */
export function contigArea(k: Mm): readonly number[] {
  return contigConfig(k.g).areas[k.r(CR.area)];
}

/** `memdesc_section(page->flags)`: the section number with a per-section memmap, the constant 0 with VMEMMAP. */
export function memdescSection(k: Mm, pfn: number): number {
  return k.g.vmemmap ? 0 : k.section(pfn);
}

/** Offset of entry j of the bound thread's bulk array. */
function slotAt(k: Mm, j: number): number {
  return k.L.extra[CONTIG_EXTRA.bulkArray] + k.t * bulkSlotsOf(contigConfig(k.g).bulkSizes) + j;
}

/** The bound thread's bulk array, pfn + 1 per entry (0 for NULL). */
function slots(k: Mm): number[] {
  const at = slotAt(k, 0);
  return Array.from(k.s.subarray(at, at + k.r(CR.nrPages)));
}

/** page_array[nr_populated++] = page, for the page in R.pfn; P1 when the array holds it already. */
function store(k: Mm): void {
  const pfn = k.r(R.pfn);
  const j = slots(k).indexOf(pfn + 1);
  if (j >= 0) {
    k.fail('P1', `${k.who} stores pfn ${pfn} in entry ${k.r(CR.populated)} of its page array, which already holds it in entry ${j}: the same page is handed out twice`, {
      pfns: [pfn],
      hint: 'The page was not taken off the list it came from, so the next take returned it again.',
    });
    return;
  }
  k.s[slotAt(k, k.r(CR.populated))] = pfn + 1;
  k.set(CR.populated, k.r(CR.populated) + 1);
}

/** `__ffs(pfn)` bounded by MAX_PAGE_ORDER (pfn 0 is aligned to every order). */
function alignOrder(k: Mm, pfn: number): number {
  return pfn === 0 ? k.g.maxOrder : Math.min(31 - Math.clz32(pfn & -pfn), k.g.maxOrder);
}

/** Guards: read-only decisions. */
export const guards = {
  ...pcpGuards,

  // ------------------------------------------------------------ free_contig_range, __free_contig_range
  /** `i < nr_pages`. */
  contig_pages_left: (k: Mm) => k.r(CR.i) < k.r(CR.nr),
  /** `!can_free`: put_page_testzero() left a reference, or free_pages_prepare() refused the page. */
  contig_cannot_free: (k: Mm) => !(k.r(R.zero) === 1 && k.r(R.ret) === 1),
  /** `!start`: no run is open. */
  contig_no_run: (k: Mm) => k.r(CR.start) === NIL,
  /** `memdesc_section(page->flags) != start_sec`. */
  contig_section_changed: (k: Mm) => {
    if (memdescSection(k, k.r(R.pfn)) === k.r(CR.sec)) return false;
    k.covered('section-break');
    return true;
  },
  /** free_prepared_contig_range: pages of the run still to free. */
  chunk_left: (k: Mm) => k.r(CR.left) > 0,

  // ------------------------------------------------------------ vfree, free_pages_bulk
  /** `i < vm->nr_pages`. */
  area_left: (k: Mm) => k.r(CR.ai) < contigArea(k).length,
  /** `!nr_contig`. */
  run_empty: (k: Mm) => k.r(CR.runLen) === 0,
  /** `start_pfn + nr_contig == pfn`: the next entry extends the run. */
  pfn_extends_run: (k: Mm) => k.r(CR.runStart) + k.r(CR.runLen) === contigArea(k)[k.r(CR.ai)],

  // ------------------------------------------------------------ alloc_pages_bulk
  /** `nr_populated == nr_pages`. */
  bulk_full: (k: Mm) => k.r(CR.populated) >= k.r(CR.nrPages),
  /** `nr_pages - nr_populated == 1`: the single page allocator is used for one page. */
  bulk_one_left: (k: Mm) => k.r(CR.nrPages) - k.r(CR.populated) === 1,
  /** `!nr_account`: the bulk loop has allocated nothing yet. */
  bulk_none_allocated: (k: Mm) => k.r(CR.account) === 0,
  /** The caller calls again: the array is not full and the last call made progress. */
  bulk_caller_retry: (k: Mm) => k.r(CR.ret) < k.r(CR.nrPages) && k.r(CR.ret) > k.r(CR.last),
  /** The allocation may enter direct reclaim (a task, not an interrupt: GFP_KERNEL). */
  may_reclaim: (k: Mm) => !k.L.isIrq(k.t),
};

/** Actions: the atomic pieces of each step. */
export const actions = {
  ...pcpActions,

  /**
   * free_pages_prepare(page, order), honouring FPI_PREPARED: a block whose order-0 pages were
   * each prepared already is not checked again (the P9 check that it really was). Without it,
   * the P9 check that no page of the block was prepared before, then the PCP model's prepare.
   */
  free_pages_prepare: (k: Mm) => {
    const pfn = k.r(R.pfn);
    const order = k.r(R.order);
    if (k.r(CR.fpi) & FPI.PREPARED) {
      k.set(R.ret, checkPrepared(k, pfn, order, '__free_frozen_pages') ? 1 : 0);
      return;
    }
    k.set(R.ret, 0);
    if (!checkNotPrepared(k, pfn, order, 'free_pages_prepare')) return;
    pcpActions.free_pages_prepare(k);
  },

  // ------------------------------------------------------------ free_contig_range (per page), __free_contig_range
  /** The page of this iteration, `pfn_to_page(pfn + i)`, freed as an order-0 page. */
  contig_page: (k: Mm) => {
    k.set(R.pfn, k.r(CR.base) + k.r(CR.i));
    k.set(R.order, 0);
  },
  /** `i++`. */
  contig_next: (k: Mm) => k.set(CR.i, k.r(CR.i) + 1),
  /**
   * put_page_testzero(page). Ghost: when other references remain, the page passes to their
   * holders (the last of them frees it alone).
   */
  contig_put_page: (k: Mm) => {
    const pfn = k.r(R.pfn);
    const last = k.putPageTestzero(pfn, '__free_contig_range');
    k.set(R.zero, last ? 1 : 0);
    if (!last && !k.finding) {
      k.setHold(pfn, 0, HOLD.ref);
      k.s[k.L.gUnit + pfn] = 1;
    }
  },
  /** `can_free = ... && free_pages_prepare(page, 0)`, only after the last reference went; the page is marked prepared (ghost). */
  contig_prepare: (k: Mm) => {
    if (k.r(R.zero) !== 1) return k.set(R.ret, 0);
    actions.free_pages_prepare(k);
    if (k.r(R.ret) === 1) markPrepared(k, k.r(R.pfn));
  },
  /** `start = page; start_sec = memdesc_section(page->flags)`. */
  contig_run_open: (k: Mm) => {
    const pfn = k.r(R.pfn);
    k.set(CR.start, pfn);
    k.set(CR.sec, memdescSection(k, pfn));
  },
  /** `start = NULL`. */
  contig_run_close: (k: Mm) => k.set(CR.start, NIL),
  /** `free_prepared_contig_range(start, page - start)`: the run ends before this page. */
  run_flush_upto_page: (k: Mm) => {
    k.set(CR.cur, k.r(CR.start));
    k.set(CR.left, k.r(R.pfn) - k.r(CR.start));
  },
  /** After the loop: `free_prepared_contig_range(start, nr_pages - (start - first page))`. */
  run_flush_to_end: (k: Mm) => {
    k.set(CR.cur, k.r(CR.start));
    k.set(CR.left, k.r(CR.base) + k.r(CR.nr) - k.r(CR.start));
  },
  /** The chunk's order: `min(pfn ? __ffs(pfn) : MAX_PAGE_ORDER, ilog2(left), MAX_PAGE_ORDER)`. */
  chunk_order: (k: Mm) => {
    const left = k.r(CR.left);
    k.set(R.order, Math.min(alignOrder(k, k.r(CR.cur)), 31 - Math.clz32(left)));
  },
  /**
   * The chunk's struct page, found from the run's first page (`page += 1 << order`, only valid
   * inside one memmap section), freed with FPI_PREPARED; the run advances past it.
   */
  chunk_page: (k: Mm) => {
    const start = k.r(CR.start);
    const cur = k.r(CR.cur);
    const size = 1 << k.r(R.order);
    const pfn = k.pageWalk(start, cur - start, 'free_prepared_contig_range');
    if (pfn === NIL) return;
    k.set(R.pfn, pfn);
    k.set(CR.fpi, FPI.PREPARED);
    k.set(CR.cur, cur + size);
    k.set(CR.left, k.r(CR.left) - size);
  },
  /** The chunk is freed: the next block is freed without FPI_PREPARED unless set again. */
  chunk_freed: (k: Mm) => k.set(CR.fpi, 0),
  /** Ghost (P9): when free_contig_range returns, no page of the range is left in flight. */
  ghost_range_freed: (k: Mm) => {
    const base = k.r(CR.base);
    checkRangeFreed(
      k,
      Array.from({ length: k.r(CR.nr) }, (_, i) => base + i),
      'free_contig_range',
    );
  },

  // ------------------------------------------------------------ vfree, free_pages_bulk
  /** `page = vm->pages[i]`, freed as an order-0 page. */
  area_page: (k: Mm) => {
    k.set(R.pfn, contigArea(k)[k.r(CR.ai)]);
    k.set(R.order, 0);
  },
  /** `i++` over the page array. */
  area_next: (k: Mm) => k.set(CR.ai, k.r(CR.ai) + 1),
  /** free_pages_bulk: `i = 0, nr_contig = 0`. */
  bulk_free_init: (k: Mm) => {
    k.set(CR.ai, 0);
    k.set(CR.runLen, 0);
  },
  /** `start_pfn = pfn; nr_contig = 1` for the entry at i, then `i++`. */
  run_begin: (k: Mm) => {
    k.set(CR.runStart, contigArea(k)[k.r(CR.ai)]);
    k.set(CR.runLen, 1);
    k.set(CR.ai, k.r(CR.ai) + 1);
  },
  /** `nr_contig++`, then `i++`. */
  run_extend: (k: Mm) => {
    k.set(CR.runLen, k.r(CR.runLen) + 1);
    k.set(CR.ai, k.r(CR.ai) + 1);
  },
  /** `__free_contig_range(start_pfn, nr_contig)`: its arguments, i = 0, no run open. */
  run_args: (k: Mm) => {
    k.set(CR.base, k.r(CR.runStart));
    k.set(CR.nr, k.r(CR.runLen));
    k.set(CR.i, 0);
    k.set(CR.start, NIL);
  },
  /** Ghost (P9): when vfree returns, no page of the array is left in flight. */
  ghost_area_freed: (k: Mm) => checkRangeFreed(k, contigArea(k), 'vfree'),

  // ------------------------------------------------------------ alloc_pages_bulk
  /** The single-page allocation's request: order 0 of the bulk migratetype, not __GFP_COMP. */
  bulk_single_args: (k: Mm) => {
    k.set(R.order, 0);
    k.set(R.mt, k.r(CR.allocMt));
    k.set(R.gfp, 0);
  },
  /** __rmqueue_pcplist's take of the list head, the pcp->lock still held for the next page. */
  bulk_take_page: (k: Mm) => pcpActions.pcp_take_head(k),
  /** prep_new_page() and set_page_refcounted() of a page of the bulk loop. */
  bulk_prep_new_page: (k: Mm) => pcpActions.prep_new_page(k),
  /** `page_array[nr_populated++] = page; nr_account++` (ghost: the page is in flight to the caller). */
  bulk_store: (k: Mm) => {
    store(k);
    if (k.finding) return;
    k.setHold(k.r(R.pfn), 0, k.mine);
    k.set(CR.account, k.r(CR.account) + 1);
  },
  /** Ghost: the page the single-page allocator handed out is alloc_pages_bulk's, in flight, until stored. */
  ghost_take_single: (k: Mm) => {
    if (k.r(R.pfn) !== NIL) k.takeFromPool(k.r(R.pfn), 0);
  },
  /** `if (page) page_array[nr_populated++] = page` after the single-page allocator. */
  bulk_store_single: (k: Mm) => {
    if (k.r(R.pfn) !== NIL) store(k);
  },
  /** `nr_account = 0` at the start of a call. */
  bulk_account_init: (k: Mm) => k.set(CR.account, 0),
  /** `return nr_populated`. */
  bulk_return: (k: Mm) => k.set(CR.ret, k.r(CR.populated)),
  /** The caller remembers the count before calling again. */
  bulk_caller_next: (k: Mm) => k.set(CR.last, k.r(CR.ret)),
  /** Ghost (P9): the returned count is the number of populated entries. */
  ghost_bulk_returned: (k: Mm) => checkBulkReturn(k, slots(k), k.r(CR.ret), 'alloc_pages_bulk'),
  /** Ghost: the caller holds every page of its array (each an order-0 block); the array is cleared. */
  ghost_bulk_hand_to_caller: (k: Mm) => {
    const at = slotAt(k, 0);
    for (let j = 0, n = bulkSlotsOf(contigConfig(k.g).bulkSizes); j < n; j++) {
      const v = k.s[at + j];
      if (v) k.giveToPool(v - 1, 0);
      k.s[at + j] = 0;
    }
  },
};

/** Names of the contig model's guards. */
export type ContigGuard = keyof typeof guards;
/** Names of the contig model's actions. */
export type ContigAction = keyof typeof actions;
