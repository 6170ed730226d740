/**
 * Pageblock isolation as v6.9 had it, before the 2024 freelist-hygiene rework of Johannes Weiner's
 * series (fd919a85cd55 "mm: page_isolation: prepare for hygienic freelists", with e0932b6c1f94
 * "mm: page_alloc: consolidate free page accounting", v6.10), written from the v6.9 sources as the
 * `isolate-v6.9` variant:
 * - set_migratetype_isolate() sets MIGRATE_ISOLATE, moves the free blocks headed inside the
 *   pageblock with move_freepages_block() and accounts them in the caller
 *   (__mod_zone_freepage_state(-nr_pages, mt));
 * - isolate_single_pageblock() then scans for a free buddy straddling the range's edge and splits
 *   it with split_free_page(), in a zone->lock hold of its own: between the two, the straddling
 *   buddy is on its old type's list while part of it is isolated, and an allocation may take it;
 * - unset_migratetype_isolate(page, migratetype) moves the pageblock's free blocks back with
 *   move_freepages_block() and sets the caller's migratetype (MIGRATE_MOVABLE, or MIGRATE_CMA for
 *   a CMA allocation), splitting nothing.
 * The rest of the model is mainline's. The rework meant no change of outcome (a call run alone
 * ends the same) and one zone->lock hold less per straddling buddy; it fixed the window.
 */
import type { Mm } from '../mm/kernel.ts';
import { R } from '../mm/layout.ts';
import { setup, xActions, xGuards, type KernelContext, type StepEvent } from '../../src/machine/xstate.ts';
import { CR } from '../contig/impl.ts';
import { FPI_TO_TAIL, IR, MODE, actions, guards, moveFreepagesBlock } from './impl.ts';
import { fromInput } from './setup.ts';
import { blockOf, toggleIsolate } from './state.ts';
import { freeOnePage } from './paths/__free_one_page.ts';
import { undoIsolatePageRange } from './paths/undo_isolate_page_range.ts';
import { inline } from '../../src/machine/compile.ts';

/** The migratetype undo_isolate_page_range() is given in v6.9: the caller's, MIGRATE_CMA for a CMA allocation, else MIGRATE_MOVABLE. */
function callerType(k: Mm): number {
  return k.r(IR.mode) === MODE.CMA_ALLOC ? k.g.mt.CMA : k.g.mt.MOVABLE;
}

/**
 * isolate_single_pageblock()'s v6.9 scan for a free buddy straddling IR.bound: from the
 * MAX_PAGE_ORDER-aligned start of the pageblock next to the boundary (`before`: the one below
 * it), the first PageBuddy block that ends past the boundary; -1 when none.
 */
function straddler(k: Mm): number {
  const bound = k.r(IR.bound);
  if (bound === 0 || bound >= k.g.nPfn) return -1;
  const from = k.r(IR.splitPfn) & ~((1 << k.g.maxOrder) - 1);
  for (let p = from; p < bound; ) {
    if (!k.isBuddy(p)) {
      p++;
      continue;
    }
    const end = p + (1 << k.priv(p));
    if (end > bound) return p;
    p = end;
  }
  return -1;
}

/** The guards of the v6.9 isolation path. */
export const v69Guards = {
  /** isolate_single_pageblock(): no free buddy straddles the boundary, nothing to split. */
  sfp_none: (k: Mm) => straddler(k) < 0,
  /** split_free_page(): pieces left to free. */
  sfp_pieces_left: (k: Mm) => k.r(IR.splitPfn) < k.r(IR.splitEnd),
};

/** The actions of the v6.9 isolation path. */
export const v69Actions = {
  /**
   * set_migratetype_isolate() of v6.9, under zone->lock: set_pageblock_migratetype(ISOLATE), then
   * move_freepages_block(): every free block headed in the pageblock (a larger one whole) to
   * free_list[ISOLATE], and NR_FREE_PAGES less the pages moved.
   */
  smi_v69_isolate: (k: Mm) => {
    const cur = k.r(IR.cur);
    const mt = k.blockMt(cur);
    toggleIsolate(k, blockOf(k.L, cur), true, 'set_migratetype_isolate');
    moveFreepagesBlock(k, cur, mt, k.g.mt.ISOLATE, 'move_freepages_block');
  },
  /** The first pageblock's scan: the boundary is the range's start, from the pageblock at it. */
  sfp_first: (k: Mm) => {
    k.set(IR.bound, k.r(IR.isoStart));
    k.set(IR.splitPfn, k.r(IR.isoStart));
  },
  /** The last pageblock's scan: the boundary is the range's end, from the pageblock below it. */
  sfp_last: (k: Mm) => {
    k.set(IR.bound, k.r(IR.isoEnd));
    k.set(IR.splitPfn, k.r(IR.isoEnd) - k.g.pageblockPages);
  },
  /**
   * split_free_page(free_page, order, boundary - pfn), under zone->lock: the buddy leaves its list
   * (accounted under its head's pageblock type), to be freed again in pieces that end at the
   * boundary.
   */
  sfp_take: (k: Mm) => {
    const pfn = straddler(k);
    const order = k.priv(pfn);
    const mt = k.blockMt(pfn);
    k.delFromFreeList(pfn, order, mt, 'split_free_page');
    k.accountFreepages(-(1 << order), mt);
    k.set(IR.splitPfn, pfn);
    k.set(IR.splitEnd, pfn + (1 << order));
    k.set(IR.splitOffset, k.r(IR.bound) - pfn);
  },
  /**
   * The next piece: `free_page_order = min(pfn ? __ffs(pfn) : order, __fls(split_pfn_offset))`,
   * freed with its pageblock's type by __free_one_page(); past the boundary the offset restarts.
   */
  sfp_next_piece: (k: Mm) => {
    const pfn = k.r(IR.splitPfn);
    const end = k.r(IR.splitEnd);
    const offset = k.r(IR.splitOffset);
    // pfn 0 is the start of the buddy, whose end is then 1 << order.
    const ffs = pfn === 0 ? 31 - Math.clz32(end) : 31 - Math.clz32(pfn & -pfn);
    const pieceOrder = Math.min(ffs, 31 - Math.clz32(offset));
    k.set(R.pfn, pfn);
    k.set(R.order, pieceOrder);
    k.set(R.mt, k.blockMt(pfn));
    const next = pfn + (1 << pieceOrder);
    k.set(IR.splitPfn, next);
    const left = offset - (1 << pieceOrder);
    k.set(IR.splitOffset, left === 0 ? end - next : left);
  },
  /**
   * unset_migratetype_isolate() of v6.9, when the buddy is not put back: move_freepages_block()
   * of the pageblock's free blocks to the caller's migratetype, accounted in the caller, and
   * set_pageblock_migratetype(migratetype).
   */
  unset_v69_move: (k: Mm) => {
    const cur = k.r(IR.cur);
    const to = callerType(k);
    moveFreepagesBlock(k, cur, k.g.mt.ISOLATE, to, 'move_freepages_block');
    toggleIsolate(k, blockOf(k.L, cur), false, 'unset_migratetype_isolate');
    k.setBlockMt(cur, to);
  },
  /** set_pageblock_migratetype(migratetype), then __putback_isolated_page() with it. */
  unset_v69_putback: (k: Mm) => {
    const cur = k.r(IR.cur);
    const to = callerType(k);
    toggleIsolate(k, blockOf(k.L, cur), false, 'unset_migratetype_isolate');
    k.setBlockMt(cur, to);
    k.set(R.pfn, cur);
    k.set(R.mt, to);
    k.set(CR.fpi, k.r(CR.fpi) | FPI_TO_TAIL);
  },
};

/** The isolation paths' setup, with the v6.9 guards and actions. */
const v69 = setup({
  types: { context: {} as KernelContext<Mm>, events: {} as StepEvent, input: {} as KernelContext<Mm> },
  guards: xGuards<Mm, typeof guards & typeof v69Guards>({ ...guards, ...v69Guards }),
  actions: xActions<Mm, typeof actions & typeof v69Actions>({ ...actions, ...v69Actions }),
});

/** set_migratetype_isolate() of v6.9 (one zone->lock hold). */
export const setMigratetypeIsolateV69 = v69.createMachine({
  id: 'set_migratetype_isolate',
  context: fromInput,
  initial: 'spin_lock',
  states: {
    spin_lock: { on: { STEP: { guard: 'zone_lock_free', actions: ['zone_lock', 'smi_check'], target: 'decide' } } },
    decide: { always: [{ guard: 'iso_busy', target: 'spin_unlock' }, { actions: 'smi_v69_isolate', target: 'spin_unlock' }] },
    spin_unlock: { always: { actions: 'zone_unlock', target: 'done' } },
    done: { type: 'final' },
  },
});

/** split_free_page() of a buddy straddling IR.bound, in its own zone->lock hold (nothing when none straddles). */
export const splitFreePage = v69.createMachine({
  id: 'split_free_page',
  context: fromInput,
  initial: 'spin_lock',
  states: {
    spin_lock: { on: { STEP: [{ guard: 'sfp_none', target: 'done' }, { guard: 'zone_lock_free', actions: ['zone_lock', 'sfp_take'], target: 'pieces' }] } },
    pieces: { always: [{ guard: 'sfp_pieces_left', actions: 'sfp_next_piece', target: '__free_one_page' }, { actions: 'zone_unlock', target: 'done' }] },
    __free_one_page: { ...inline(freeOnePage), onDone: 'pieces' },
    done: { type: 'final' },
  },
});

/** unset_migratetype_isolate() of v6.9 (one zone->lock hold). */
export const unsetMigratetypeIsolateV69 = v69.createMachine({
  id: 'unset_migratetype_isolate',
  context: fromInput,
  initial: 'spin_lock',
  states: {
    spin_lock: { on: { STEP: { guard: 'zone_lock_free', actions: 'zone_lock', target: 'check' } } },
    check: {
      always: [
        { guard: 'cur_not_isolated', target: 'spin_unlock' },
        { guard: 'unset_buddy_free', actions: 'unset_isolate_free_page', target: 'putback' },
        { actions: 'unset_v69_move', target: 'spin_unlock' },
      ],
    },
    putback: { always: [{ guard: 'isolated_page', actions: 'unset_v69_putback', target: '__putback_isolated_page' }, { actions: 'unset_v69_move', target: 'spin_unlock' }] },
    __putback_isolated_page: { ...inline(freeOnePage), onDone: { actions: 'unset_putback_done', target: 'spin_unlock' } },
    spin_unlock: { always: { actions: 'zone_unlock', target: 'done' } },
    done: { type: 'final' },
  },
});

/**
 * start_isolate_page_range() of v6.9: as mainline's, with split_free_page() after the first and
 * the last pageblock's isolation (isolate_single_pageblock()'s scan), each its own zone->lock hold.
 */
export const startIsolatePageRangeV69 = v69.createMachine({
  id: 'start_isolate_page_range',
  context: fromInput,
  initial: 'first',
  states: {
    first: { ...inline(setMigratetypeIsolateV69), onDone: [{ guard: 'iso_busy', target: 'done' }, { actions: ['sipr_scan_first', 'sfp_first'], target: 'first_split' }] },
    first_split: { ...inline(splitFreePage), onDone: 'first_scanned' },
    first_scanned: {
      always: [
        { guard: 'iso_busy', target: 'unset_first' },
        { guard: 'sipr_single_block', actions: ['sipr_scan_last', 'sfp_last'], target: 'single_split' },
        { actions: 'sipr_last', target: 'last' },
      ],
    },
    single_split: { ...inline(splitFreePage), onDone: 'single_scanned' },
    single_scanned: { always: [{ guard: 'iso_busy', target: 'unset_first' }, { target: 'done' }] },
    last: { ...inline(setMigratetypeIsolateV69), onDone: [{ guard: 'iso_busy', actions: 'sipr_first', target: 'unset_first' }, { actions: ['sipr_scan_last', 'sfp_last'], target: 'last_split' }] },
    last_split: { ...inline(splitFreePage), onDone: 'last_scanned' },
    last_scanned: { always: [{ guard: 'iso_busy', target: 'unset_last' }, { actions: 'sipr_middle_init', target: 'middle' }] },
    unset_last: { ...inline(unsetMigratetypeIsolateV69), onDone: { actions: 'sipr_first', target: 'unset_first' } },
    unset_first: { ...inline(unsetMigratetypeIsolateV69), onDone: { actions: 'sipr_busy', target: 'done' } },
    middle: { always: [{ guard: 'sipr_middle_left', target: 'isolate_middle' }, { target: 'done' }] },
    isolate_middle: {
      ...inline(setMigratetypeIsolateV69),
      onDone: [{ guard: 'iso_busy', actions: 'sipr_undo_middle', target: 'undo_middle' }, { actions: 'sipr_middle_next', target: 'middle' }],
    },
    undo_middle: { ...inline(undoIsolatePageRange), onDone: { actions: 'sipr_last', target: 'unset_last_middle' } },
    unset_last_middle: { ...inline(unsetMigratetypeIsolateV69), onDone: { actions: 'sipr_busy', target: 'done' } },
    done: { type: 'final' },
  },
});
