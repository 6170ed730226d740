/**
 * Guards and actions of pageblock isolation, alloc_contig_range(), memory offline and the
 * HIGHATOMIC reserves (mm/page_isolation.c, mm/page_alloc.c, mm/memory_hotplug.c,
 * mm/compaction.c's isolate_freepages_range), on top of the contig model's (and so the PCP and
 * buddy models'): entries here with one of their names replace them.
 *
 * Registers beyond the contig model's (CR), each the model's own ({@link IR}), so that no inlined
 * path (a free, a drain, free_contig_range) clobbers them:
 * - `start`, `end`: the range a call works on, [start, end); `mode` its pb_isolate_mode;
 * - `isoStart`, `isoEnd`: the range rounded out to pageblocks (start_isolate_page_range);
 * - `cur`: the pageblock set_migratetype_isolate(), unset_migratetype_isolate() or
 *   move_freepages_block_isolate() works on (its first pfn); `iso` whether the last isolates (1)
 *   or unisolates (0) it; `undoEnd` the end of an undo_isolate_page_range() loop over `cur`;
 * - `ret`: 0, or 1 for -EBUSY (2 for -EINTR); `isoPage`: unset_migratetype_isolate()'s
 *   isolated_page;
 * - `outerStart`, `outerEnd`: alloc_contig_range()'s outer range;
 * - `scan`: the migration stand-in's cursor;
 * - `alloc`: an allocation's ALLOC_NON_BLOCK / ALLOC_HIGHATOMIC flags; `signal`: offline_pages()
 *   called with a signal pending; `force`: unreserve_highatomic_pageblock()'s force;
 * - `bound`, `splitPfn`, `splitEnd`, `splitOffset`: split_free_page() of the isolation path
 *   before fd919a85cd55 (the `isolate-v6.9` variant): the boundary, the next piece, the buddy's
 *   end and split_pfn_offset;
 * - `prio`: a compaction run's priority (1 for MIN_COMPACT_PRIORITY, which sets
 *   ignore_block_suitable); its free scanner's cursor is `scan`, the pageblock's end `end`.
 */
import { HOLD, NIL, NREG, PG, R } from '../mm/layout.ts';
import type { Mm } from '../mm/kernel.ts';
import { InternalError } from '../../src/util/unreachable.ts';
import { CR, N_CONTIG_REGS, actions as contigActions, guards as contigGuards } from '../contig/impl.ts';
import { actions as buddyActions } from '../buddy/impl.ts';
import {
  ISO,
  addReserved,
  baseType,
  blockName,
  blockOf,
  isoAt,
  isolatedBlock,
  isolatorOf,
  offlinedPage,
  rangeName,
  reservedHighatomic,
  setSectionsOffline,
  toggleIsolate,
} from './state.ts';

/** The isolation paths' own registers, after the contig model's (see the module comment). */
export const IR = {
  start: NREG + N_CONTIG_REGS,
  end: NREG + N_CONTIG_REGS + 1,
  mode: NREG + N_CONTIG_REGS + 2,
  isoStart: NREG + N_CONTIG_REGS + 3,
  isoEnd: NREG + N_CONTIG_REGS + 4,
  cur: NREG + N_CONTIG_REGS + 5,
  iso: NREG + N_CONTIG_REGS + 6,
  undoEnd: NREG + N_CONTIG_REGS + 7,
  ret: NREG + N_CONTIG_REGS + 8,
  isoPage: NREG + N_CONTIG_REGS + 9,
  outerStart: NREG + N_CONTIG_REGS + 10,
  outerEnd: NREG + N_CONTIG_REGS + 11,
  scan: NREG + N_CONTIG_REGS + 12,
  alloc: NREG + N_CONTIG_REGS + 13,
  signal: NREG + N_CONTIG_REGS + 14,
  force: NREG + N_CONTIG_REGS + 15,
  bound: NREG + N_CONTIG_REGS + 16,
  splitPfn: NREG + N_CONTIG_REGS + 17,
  splitEnd: NREG + N_CONTIG_REGS + 18,
  splitOffset: NREG + N_CONTIG_REGS + 19,
  prio: NREG + N_CONTIG_REGS + 20,
} as const;
/** Registers per thread of the isolation model. */
export const NREG_ISOLATION = NREG + N_CONTIG_REGS + Object.keys(IR).length;

/** enum pb_isolate_mode. */
export const MODE = { OTHER: 0, CMA_ALLOC: 1, MEM_OFFLINE: 2 } as const;
/** Return codes kept in IR.ret. */
export const RET = { OK: 0, EBUSY: 1, EINTR: 2 } as const;
/** alloc_flags an allocation carries (IR.alloc). */
export const ALLOC = { NON_BLOCK: 1, HIGHATOMIC: 2 } as const;
/** A compaction run's priority (IR.prio): COMPACT_PRIO_SYNC_LIGHT, or MIN_COMPACT_PRIORITY (ignore_block_suitable). */
export const PRIO = { SYNC_LIGHT: 0, MIN: 1 } as const;
/** fpi_t bits beyond the contig model's FPI_PREPARED (8), kept in CR.fpi. */
export const FPI_TO_TAIL = 2;

const pbPages = (k: Mm) => k.g.pageblockPages;
const pbStart = (k: Mm, pfn: number) => pfn & ~(k.g.pageblockPages - 1);
const pbAlign = (k: Mm, pfn: number) => (pfn + k.g.pageblockPages - 1) & ~(k.g.pageblockPages - 1);

function modeName(mode: number): string {
  return mode === MODE.CMA_ALLOC ? 'PB_ISOLATE_MODE_CMA_ALLOC' : mode === MODE.MEM_OFFLINE ? 'PB_ISOLATE_MODE_MEM_OFFLINE' : 'PB_ISOLATE_MODE_OTHER';
}

/** The isolation section of the configuration (the model fills it in when a configuration has none). */
export function isolationConfig(k: Mm) {
  const c = k.g.config.isolation;
  if (!c) throw new InternalError('the isolation model was built without an isolation section');
  return c;
}

// ------------------------------------------------------------------ helpers (mm/page_alloc.c)

/**
 * has_unmovable_pages(start, end, mode): a CMA pageblock is unmovable unless the mode is CMA
 * allocation; otherwise a page in use (refcount > 0) that is not on the LRU (PG_lru stands for
 * every movable page) is; free pages (refcount 0: buddy, PCP, in flight) are skipped, and so are
 * hwpoisoned pages when offlining. Returns the first unmovable pfn, -1 when there is none.
 */
export function hasUnmovablePages(k: Mm, start: number, end: number, mode: number): number {
  if (baseType(k.L, k.s, blockOf(k.L, start)) === k.g.mt.CMA) return mode === MODE.CMA_ALLOC ? -1 : start;
  for (let p = start; p < end; p++) {
    if (k.ref(p) === 0) continue;
    if (mode === MODE.MEM_OFFLINE && k.flags(p) & PG.hwpoison) continue;
    if (k.flags(p) & PG.lru) continue;
    return p;
  }
  return -1;
}

/** find_large_buddy(start_pfn): the free buddy that straddles start_pfn from below, else start_pfn. */
export function findLargeBuddy(k: Mm, start: number): number {
  let order = 0;
  let pfn = start;
  while (!k.isBuddy(pfn)) {
    if (++order > k.g.maxOrder) return start;
    pfn &= ~((1 << order) - 1);
  }
  return pfn + (1 << k.priv(pfn)) > start ? pfn : start;
}

/** __move_freepages_block(start_pfn, old_mt, new_mt): every free block of the pageblock to the new type's list. */
export function moveFreepagesBlock(k: Mm, start: number, from: number, to: number, fn: string): number {
  let moved = 0;
  for (let p = start; p < start + pbPages(k); ) {
    if (!k.isBuddy(p)) {
      p++;
      continue;
    }
    const order = k.priv(p);
    k.moveToFreeList(p, order, from, to, fn);
    p += 1 << order;
    moved += 1 << order;
  }
  return moved;
}

/**
 * __isolate_free_page(page, order): takes a free block off its list (del_page_from_free_list,
 * accounted under its pageblock's type). Watermarks are not modelled, so it never refuses (the
 * kernel checks them only outside isolated pageblocks). A block of at least half a pageblock
 * turns each mergeable pageblock it covers MOVABLE, moving that pageblock's other free pages
 * (b54ccd3c6bac; before it, `moveFree` false, set_pageblock_migratetype() alone). Returns the
 * pages taken.
 */
export function isolateFreePage(k: Mm, pfn: number, order: number, fn: string, moveFree = true): number {
  const mt = k.blockMt(pfn);
  k.delFromFreeList(pfn, order, mt, fn);
  k.accountFreepages(-(1 << order), mt);
  if (order >= k.g.pageblockOrder - 1) {
    // `for (endpage = page + (1 << order) - 1; page < endpage; page += pageblock_nr_pages)`
    for (let p = pfn, last = pfn + (1 << order) - 1; p < last; p += pbPages(k)) {
      const bmt = k.blockMt(p);
      if (!k.mergeable(bmt)) continue;
      if (moveFree) moveFreepagesBlock(k, pbStart(k, p), bmt, k.g.mt.MOVABLE, fn);
      k.setBlockMt(p, k.g.mt.MOVABLE);
    }
  }
  return 1 << order;
}

/**
 * isolate_freepages_block()'s isolation of the free block at IR.scan, held by the thread until
 * it hands the block on (see {@link isolateFreePage} for `moveFree`).
 */
export function ifbIsolate(k: Mm, moveFree: boolean): void {
  const pfn = k.r(IR.scan);
  const order = k.priv(pfn);
  isolateFreePage(k, pfn, order, 'isolate_freepages_block', moveFree);
  k.setHold(pfn, order, k.mine);
  k.set(R.pfn, pfn);
  k.set(R.order, order);
  k.set(IR.ret, RET.OK);
}

/** Pages of [start, end) that are not in a free block on free_list[ISOLATE] of an isolated pageblock, for P14. */
function notFreeAndIsolated(k: Mm, start: number, end: number, mode: number): { pfn: number; why: string } | null {
  const iso = k.g.mt.ISOLATE;
  const onIsolateList = new Uint8Array(k.g.nPfn);
  for (let o = 0; o < k.g.nOrders; o++)
    for (let p = k.freeListFirst(o, iso), n = 0; p !== NIL && n <= k.g.nPfn; p = k.s[k.L.next + p], n++)
      for (let q = p; q < Math.min(k.g.nPfn, p + (1 << o)); q++) onIsolateList[q] = 1;
  for (let p = start; p < end; p++) {
    if (!isolatedBlock(k.L, k.s, blockOf(k.L, p))) return { pfn: p, why: `its ${blockName(k.L, blockOf(k.L, p))} is not isolated` };
    // __test_page_isolated_in_pageblock() accepts a poisoned page when offlining, whatever its refcount.
    if (mode === MODE.MEM_OFFLINE && k.flags(p) & PG.hwpoison) continue;
    if (!onIsolateList[p]) return { pfn: p, why: k.hold(p) === HOLD.none ? 'it is free but not on free_list[ISOLATE] (a PCP list, or another type\'s free list)' : `it is held by ${k.holderName(k.hold(p))}` };
  }
  return null;
}

// ------------------------------------------------------------------ guards

/** Guards: read-only decisions. */
export const guards = {
  ...contigGuards,

  /** The call so far failed (-EBUSY or -EINTR). */
  iso_busy: (k: Mm) => k.r(IR.ret) !== RET.OK,
  /** pageblock_order == MAX_PAGE_ORDER: no buddy spans pageblocks, no split needed. */
  pageblock_is_max_order: (k: Mm) => k.g.pageblockOrder === k.g.maxOrder,

  // ------------------------------------------------------------ move_freepages_block_isolate
  /** `isolate == get_pageblock_isolate(page)`: the pageblock is already in that state (VM_WARN, false). */
  mfbi_same_state: (k: Mm) => isolatedBlock(k.L, k.s, blockOf(k.L, k.r(IR.cur))) === (k.r(IR.iso) === 1),
  /** find_large_buddy() found a free buddy straddling the pageblock's start: "We're a tail block in a larger buddy". */
  mfbi_straddler: (k: Mm) => findLargeBuddy(k, k.r(IR.cur)) !== k.r(IR.cur),
  /** "We're the starting block of a larger buddy": PageBuddy with an order above pageblock_order. */
  mfbi_larger_head: (k: Mm) => k.isBuddy(k.r(IR.cur)) && k.priv(k.r(IR.cur)) > k.g.pageblockOrder,

  // ------------------------------------------------------------ start_isolate_page_range, undo_isolate_page_range
  /** `isolate_start == isolate_end - pageblock_nr_pages`: one pageblock, the second isolation is skipped. */
  sipr_single_block: (k: Mm) => k.r(IR.isoStart) === k.r(IR.isoEnd) - pbPages(k),
  /** Middle pageblocks left to isolate: `pfn < isolate_end - pageblock_nr_pages`. */
  sipr_middle_left: (k: Mm) => k.r(IR.cur) < k.r(IR.isoEnd) - pbPages(k),
  /** undo_isolate_page_range(): pageblocks left. */
  undo_more: (k: Mm) => k.r(IR.cur) < k.r(IR.undoEnd),
  /** The pageblock at IR.cur is isolated (is_migrate_isolate_page). */
  cur_isolated: (k: Mm) => isolatedBlock(k.L, k.s, blockOf(k.L, k.r(IR.cur))),
  /** The pageblock at IR.cur is not isolated: unset_migratetype_isolate() has nothing to do. */
  cur_not_isolated: (k: Mm) => !isolatedBlock(k.L, k.s, blockOf(k.L, k.r(IR.cur))),
  /**
   * unset_migratetype_isolate(): PageBuddy(page) with pageblock_order <= order < MAX_PAGE_ORDER,
   * and find_buddy_page_pfn() finds its buddy free and not isolated: isolate it and put it back,
   * so that it merges.
   */
  unset_buddy_free: (k: Mm) => {
    const pfn = k.r(IR.cur);
    if (!k.isBuddy(pfn)) return false;
    const order = k.priv(pfn);
    if (order < k.g.pageblockOrder || order >= k.g.maxOrder) return false;
    const buddy = pfn ^ (1 << order);
    return k.pageIsBuddy(buddy, order) && !isolatedBlock(k.L, k.s, blockOf(k.L, buddy));
  },
  /** unset_migratetype_isolate(): __isolate_free_page() took the page (isolated_page). */
  isolated_page: (k: Mm) => k.r(IR.isoPage) === 1,

  // ------------------------------------------------------------ alloc_contig_range
  /** `start != outer_start`: a head before the request to free. */
  acr_head_to_free: (k: Mm) => k.r(IR.outerStart) < k.r(IR.start),
  /** `end != outer_end`: a tail after the request to free. */
  acr_tail_to_free: (k: Mm) => k.r(IR.outerEnd) > k.r(IR.end),
  /** The migration stand-in has a page to migrate in [scan, end). */
  migrate_candidate: (k: Mm) => migrateCandidate(k) !== NIL,
  /** offline_pages(): a signal is pending when the range must be scanned again. */
  signal_pending: (k: Mm) => k.r(IR.signal) === 1,

  // ------------------------------------------------------------ compaction's free scanner
  /**
   * isolate_freepages()'s suitable_migration_target(cc, page) on the pageblock's first page, read
   * without zone->lock, fails: a free buddy of pageblock_order or more there ("a large free page,
   * then disallow migration"; cc->order is taken as pageblock_order), or, unless the run is at
   * MIN_COMPACT_PRIORITY (ignore_block_suitable), a pageblock that is not MOVABLE or CMA.
   */
  ifb_unsuitable_target: (k: Mm) => {
    const pfn = k.r(IR.scan);
    if (k.isBuddy(pfn) && k.priv(pfn) >= k.g.pageblockOrder) return true;
    if (k.r(IR.prio) === PRIO.MIN) return false;
    const mt = k.blockMt(pfn);
    return mt !== k.g.mt.MOVABLE && mt !== k.g.mt.CMA;
  },
  /** isolate_freepages_block(): the cursor has reached the pageblock's end. */
  ifb_at_end: (k: Mm) => k.r(IR.scan) >= k.r(IR.end),
  /** isolate_freepages_block(): PageBuddy(page) at the cursor (read without zone->lock the first time, rechecked under it). */
  ifb_page_buddy: (k: Mm) => k.isBuddy(k.r(IR.scan)),
  /** isolate_freepages_block() took a free block (IR.ret is 0). */
  ifb_isolated: (k: Mm) => k.r(IR.ret) === RET.OK,

  // ------------------------------------------------------------ zone_pcp_disable / enable
  /** mutex_lock(&pcp_batch_high_lock) can proceed. */
  batch_lock_free: (k: Mm) => k.s[isoAt(k.L, ISO.batchLock)] === 0,

  // ------------------------------------------------------------ HIGHATOMIC
  /** The allocation carries ALLOC_HIGHATOMIC. */
  alloc_highatomic: (k: Mm) => (k.r(IR.alloc) & ALLOC.HIGHATOMIC) !== 0,
  /** The allocation carries ALLOC_OOM or ALLOC_NON_BLOCK: it may fall back to the HIGHATOMIC reserve. */
  alloc_non_block: (k: Mm) => (k.r(IR.alloc) & ALLOC.NON_BLOCK) !== 0,
  /** The allocation got a page and carries ALLOC_HIGHATOMIC: reserve_highatomic_pageblock() follows. */
  reserve_wanted: (k: Mm) => k.r(R.pfn) !== NIL && (k.r(IR.alloc) & ALLOC.HIGHATOMIC) !== 0,
  /** reserve_highatomic_pageblock(): nr_reserved_highatomic is at its limit (read without the lock). */
  reserve_full: (k: Mm) => reservedHighatomic(k.L, k.s) >= reserveLimit(k),
  /** unreserve_highatomic_pageblock(): `!force && nr_reserved_highatomic <= pageblock_nr_pages`, keep the last one. */
  unreserve_keeps_last: (k: Mm) => k.r(IR.force) === 0 && reservedHighatomic(k.L, k.s) <= pbPages(k),

  // ------------------------------------------------------------ __free_one_page (the buddy's migratetype read as its own action)
  /** page_is_buddy(): the buddy at `pfn ^ (1 << order)` is free with the same order. */
  buddy_is_free: (k: Mm) => k.pageIsBuddy(k.r(R.pfn) ^ (1 << k.r(R.order)), k.r(R.order)),
  /** `order < pageblock_order`: the buddy lies in the same pageblock, no type rule. */
  below_pageblock_order: (k: Mm) => k.r(R.order) < k.g.pageblockOrder,
  /** The pageblock rule: the same type, or both mergeable (R.buddy holds the buddy's type, read by read_buddy_migratetype). */
  buddy_type_mergeable: (k: Mm) => {
    const mt = k.r(R.mt);
    const bmt = k.r(R.buddy);
    return mt === bmt || (k.mergeable(mt) && k.mergeable(bmt));
  },
};

/** The reserve's limit in pages: the configured pageblocks (the kernel's 1% of the zone, pageblock aligned). */
function reserveLimit(k: Mm): number {
  return isolationConfig(k).highatomicPageblocks * pbPages(k);
}

/**
 * The next block the migration stand-in moves, at or after IR.scan and before IR.end: a block a
 * caller holds (in the pool, so not pinned for good), movable (PG_lru), whose refcount is the
 * caller's alone (a speculative reference makes folio_ref_freeze() fail). NIL when none.
 */
function migrateCandidate(k: Mm): number {
  const end = k.r(IR.end);
  for (let p = k.r(IR.scan); p < end; p++) {
    if (k.s[k.L.gUnit + p] === 0 || k.hold(p) !== HOLD.pool) continue;
    if (k.flags(p) & PG.lru && k.ref(p) === 1) return p;
  }
  return NIL;
}

// ------------------------------------------------------------------ actions

/** Actions: the atomic pieces of each step. */
export const actions = {
  ...contigActions,

  /**
   * __free_one_page() done_merging: set_buddy_order() and __add_to_free_list(), at the tail with
   * FPI_TO_TAIL (__putback_isolated_page) or when buddy_merge_likely().
   */
  add_to_free_list: (k: Mm) => {
    if (!(k.r(CR.fpi) & FPI_TO_TAIL)) return buddyActions.add_to_free_list(k);
    k.addToFreeList(k.r(R.pfn), k.r(R.order), k.r(R.mt), true, '__free_one_page');
  },
  /**
   * __free_one_page()'s merge (the buddy model's), with P16's step half: at pageblock_order and
   * above the two halves are different pageblocks, and their types (read now, not as the guard
   * decided) must be the same, or both mergeable.
   */
  merge_with_buddy: (k: Mm) => {
    const order = k.r(R.order);
    if (order >= k.g.pageblockOrder) {
      const pfn = k.r(R.pfn);
      const buddy = pfn ^ (1 << order);
      const a = k.blockMt(pfn);
      const b = k.blockMt(buddy);
      if (a !== b && !(k.mergeable(a) && k.mergeable(b)))
        k.fail('P16', `${k.who} in __free_one_page merges ${k.block(pfn, order)} (${k.mtName(a)}) with its buddy ${k.block(buddy, order)} (${k.mtName(b)}) across a pageblock boundary`, {
          pfns: [pfn, buddy],
          orders: [order],
          hint: 'A pageblock of a non-mergeable type (ISOLATE, CMA, HIGHATOMIC) merges only with its own type: otherwise its free pages are counted and handed out as the other\'s (3c605096d315, d9dddbf55667, 1dd214b8f21c).',
        });
    }
    buddyActions.merge_with_buddy(k);
  },
  /**
   * __free_one_page(): `buddy_mt = get_pfnblock_migratetype(buddy, buddy_pfn)`, through `page +
   * (buddy_pfn - pfn)` as the kernel finds the buddy's struct page (a walk out of the zone, or
   * across a section with a per-section memmap, is a P3 finding); kept in R.buddy.
   */
  read_buddy_migratetype: (k: Mm) => {
    const pfn = k.r(R.pfn);
    const buddy = k.pageWalk(pfn, (pfn ^ (1 << k.r(R.order))) - pfn, '__free_one_page');
    k.set(R.buddy, buddy === NIL ? NIL : k.blockMt(buddy));
  },

  // ------------------------------------------------------------ set_migratetype_isolate
  /**
   * set_migratetype_isolate(), under zone->lock: -EBUSY when the pageblock is isolated already
   * ("someone else must have raced") or has_unmovable_pages() finds an unmovable page in the
   * pageblock's part of [start, end).
   */
  smi_check: (k: Mm) => {
    const cur = k.r(IR.cur);
    if (isolatedBlock(k.L, k.s, blockOf(k.L, cur))) return k.set(IR.ret, RET.EBUSY);
    const from = Math.max(cur, k.r(IR.start));
    const to = Math.min(cur + pbPages(k), k.r(IR.end));
    k.set(IR.ret, hasUnmovablePages(k, from, to, k.r(IR.mode)) >= 0 ? RET.EBUSY : RET.OK);
  },
  /** pageblock_isolate_and_move_free_pages(): move_freepages_block_isolate(isolate = true). */
  mfbi_isolate: (k: Mm) => k.set(IR.iso, 1),
  /** pageblock_unisolate_and_move_free_pages(): move_freepages_block_isolate(isolate = false). */
  mfbi_unisolate: (k: Mm) => k.set(IR.iso, 0),
  /** The pageblock is already in the state asked for: VM_WARN_ONCE, return false (-EBUSY to set_migratetype_isolate). */
  mfbi_refuse: (k: Mm) => k.set(IR.ret, RET.EBUSY),
  /**
   * A free buddy larger than a pageblock covers this one (from below, or from its start):
   * del_page_from_free_list() under its own type, toggle the pageblock's isolation, and
   * split_large_buddy() frees it again in pageblock pieces, each with its pageblock's type.
   */
  mfbi_take_buddy: (k: Mm) => {
    const cur = k.r(IR.cur);
    const pfn = findLargeBuddy(k, cur);
    const order = k.priv(pfn);
    const mt = k.blockMt(pfn);
    k.delFromFreeList(pfn, order, mt, 'move_freepages_block_isolate');
    k.accountFreepages(-(1 << order), mt);
    toggleIsolate(k, blockOf(k.L, cur), k.r(IR.iso) === 1, 'move_freepages_block_isolate');
    k.set(R.pfn, pfn);
    k.set(R.order, order);
  },
  /**
   * move: __move_freepages_block() of the pageblock's free pages between its migratetype (the
   * bits beside PB_migrate_isolate) and MIGRATE_ISOLATE, then toggle_pageblock_isolate().
   */
  mfbi_move: (k: Mm) => {
    const cur = k.r(IR.cur);
    const b = blockOf(k.L, cur);
    const base = baseType(k.L, k.s, b);
    const iso = k.g.mt.ISOLATE;
    const on = k.r(IR.iso) === 1;
    moveFreepagesBlock(k, cur, on ? base : iso, on ? iso : base, 'move_freepages_block_isolate');
    toggleIsolate(k, b, on, 'move_freepages_block_isolate');
  },

  // ------------------------------------------------------------ start_isolate_page_range
  /** `isolate_start = pageblock_start_pfn(start_pfn)`, `isolate_end = pageblock_align(end_pfn)`; the first pageblock. */
  sipr_init: (k: Mm) => startIsolateInit(k),
  /** The last pageblock, `isolate_end - pageblock_nr_pages`. */
  sipr_last: (k: Mm) => k.set(IR.cur, k.r(IR.isoEnd) - pbPages(k)),
  /** The first pageblock again (to unset it on failure). */
  sipr_first: (k: Mm) => k.set(IR.cur, k.r(IR.isoStart)),
  /** The first middle pageblock. */
  sipr_middle_init: (k: Mm) => k.set(IR.cur, k.r(IR.isoStart) + pbPages(k)),
  /** The next middle pageblock. */
  sipr_middle_next: (k: Mm) => k.set(IR.cur, k.r(IR.cur) + pbPages(k)),
  /**
   * isolate_single_pageblock()'s scan, lockless: from the MAX_PAGE_ORDER-aligned start to the
   * boundary, a compound page (held, PageHead) that straddles the boundary cannot be split and
   * fails the isolation (-EBUSY); free buddies were split by move_freepages_block_isolate().
   * `before` scans for the last pageblock (boundary = its end).
   */
  sipr_scan_first: (k: Mm) => scanStraddlers(k, k.r(IR.isoStart), false),
  sipr_scan_last: (k: Mm) => scanStraddlers(k, k.r(IR.isoEnd), true),
  /** Middle failure: undo_isolate_page_range(isolate_start, pfn), then the last pageblock. */
  sipr_undo_middle: (k: Mm) => {
    k.set(IR.undoEnd, k.r(IR.cur));
    k.set(IR.cur, k.r(IR.isoStart));
  },
  /** start_isolate_page_range() returns -EBUSY (unset_migratetype_isolate() may have cleared ret). */
  sipr_busy: (k: Mm) => k.set(IR.ret, RET.EBUSY),

  // ------------------------------------------------------------ unset_migratetype_isolate, undo_isolate_page_range
  /** unset_migratetype_isolate(): `isolated_page = !!__isolate_free_page(page, order)`. */
  unset_isolate_free_page: (k: Mm) => {
    const pfn = k.r(IR.cur);
    const order = k.priv(pfn);
    k.set(R.order, order);
    k.set(IR.isoPage, isolateFreePage(k, pfn, order, 'unset_migratetype_isolate') ? 1 : 0);
  },
  /**
   * clear_pageblock_isolate() and __putback_isolated_page(page, order, migratetype):
   * __free_one_page() of the block with its pageblock's type, at the list tail.
   */
  unset_putback: (k: Mm) => {
    const pfn = k.r(IR.cur);
    toggleIsolate(k, blockOf(k.L, pfn), false, 'unset_migratetype_isolate');
    k.set(R.pfn, pfn);
    k.set(R.mt, k.blockMt(pfn));
    k.set(CR.fpi, k.r(CR.fpi) | FPI_TO_TAIL);
  },
  /** The putback is done: FPI_TO_TAIL off, isolated_page cleared. */
  unset_putback_done: (k: Mm) => {
    k.set(CR.fpi, k.r(CR.fpi) & ~FPI_TO_TAIL);
    k.set(IR.isoPage, 0);
  },
  /** undo_isolate_page_range(): `for (pfn = isolate_start; pfn < isolate_end; ...)`. */
  undo_init: (k: Mm) => {
    k.set(IR.cur, pbStart(k, k.r(IR.start)));
    k.set(IR.undoEnd, pbAlign(k, k.r(IR.end)));
  },
  /** undo_isolate_page_range(): the next pageblock. */
  undo_next: (k: Mm) => k.set(IR.cur, k.r(IR.cur) + pbPages(k)),
  /**
   * Ghost (P14): when an undo_isolate_page_range() of the call's range returns, no pageblock of
   * it that this call isolated is still isolated.
   */
  ghost_undo_postcondition: (k: Mm) => {
    const L = k.L;
    for (let b = blockOf(L, pbStart(k, k.r(IR.start))); b < blockOf(L, pbAlign(k, k.r(IR.end))); b++)
      if (isolatedBlock(L, k.s, b) && isolatorOf(L, k.s, b) === k.t)
        return k.fail('P14', `${k.who}'s undo_isolate_page_range(${rangeName(k.r(IR.start), k.r(IR.end))}) returns, but ${blockName(L, b)}, which it isolated, is still isolated`, {
          hint: 'Every pageblock start_isolate_page_range() isolated must be given back: the undo loop must cover the whole range, pageblock-aligned.',
        });
  },

  // ------------------------------------------------------------ test_pages_isolated
  /** test_pages_isolated(): every pageblock of the range is isolated (lockless), else -EBUSY. */
  tpi_blocks: (k: Mm) => {
    for (let p = pbStart(k, k.r(IR.outerStart)); p < k.r(IR.end); p += pbPages(k))
      if (!isolatedBlock(k.L, k.s, blockOf(k.L, p))) return k.set(IR.ret, RET.EBUSY);
    k.set(IR.ret, RET.OK);
  },
  /**
   * __test_page_isolated_in_pageblock() under zone->lock: every page of the range is PageBuddy
   * (skipping 1 << order), or a hwpoisoned page when offlining; else -EBUSY.
   */
  tpi_walk: (k: Mm) => {
    const end = k.r(IR.end);
    let p = k.r(IR.outerStart);
    while (p < end) {
      if (k.isBuddy(p)) p += 1 << k.priv(p);
      else if (k.r(IR.mode) === MODE.MEM_OFFLINE && k.flags(p) & PG.hwpoison) p++;
      else break;
    }
    k.set(IR.ret, p < end ? RET.EBUSY : RET.OK);
  },
  /** Ghost (P14): test_pages_isolated() succeeded only if every page of the range is free on free_list[ISOLATE] of an isolated pageblock. */
  ghost_test_pages_isolated: (k: Mm) => {
    if (k.r(IR.ret) !== RET.OK) return;
    const bad = notFreeAndIsolated(k, k.r(IR.outerStart), k.r(IR.end), k.r(IR.mode));
    if (bad)
      k.fail('P14', `${k.who}'s test_pages_isolated(${rangeName(k.r(IR.outerStart), k.r(IR.end))}, ${modeName(k.r(IR.mode))}) succeeds, but pfn ${bad.pfn} is not free and isolated: ${bad.why}`, {
        pfns: [bad.pfn],
        hint: 'Its caller now takes every page of the range off the free lists (alloc_contig_range) or removes the memory (offline_pages): a page in use or on a pageset would be lost or corrupted.',
      });
  },

  // ------------------------------------------------------------ alloc_contig_range
  /** The allocated block is the allocating thread's until the allocation returns (the reservation runs in between). */
  ghost_hold_in_flight: (k: Mm) => k.setHold(k.r(R.pfn), k.r(R.order), k.mine),
  /** The migration stand-in starts at the range's first pfn. */
  migrate_init: (k: Mm) => k.set(IR.scan, k.r(IR.start)),
  /**
   * The stand-in migrates the next movable block (see migrateCandidate): its source page is
   * freed as migration's last put frees it; the copy lives outside the model. The block leaves
   * the caller and is freed through __free_pages().
   */
  migrate_take: (k: Mm) => {
    const pfn = migrateCandidate(k);
    const order = k.s[k.L.gUnit + pfn] - 1;
    k.takeFromPool(pfn, order);
    k.set(R.pfn, pfn);
    k.set(R.order, order);
    k.set(IR.scan, pfn + (1 << order));
  },
  /** `outer_start = find_large_buddy(start)`, read without zone->lock ("the pages are isolated"). */
  acr_outer_start: (k: Mm) => k.set(IR.outerStart, findLargeBuddy(k, k.r(IR.start))),
  /**
   * isolate_freepages_range(outer_start, end), strict, under zone->lock: every page from
   * outer_start to end must be in a free block, each taken with __isolate_free_page(); the call
   * then holds them (outer_end: the end of the last block). Any page not free: -EBUSY, nothing
   * taken.
   */
  acr_isolate_freepages_range: (k: Mm) => {
    const end = k.r(IR.end);
    let p = k.r(IR.outerStart);
    while (p < end && k.isBuddy(p)) p += 1 << k.priv(p);
    if (p < end) return k.set(IR.ret, RET.EBUSY);
    for (p = k.r(IR.outerStart); p < end; ) {
      const order = k.priv(p);
      isolateFreePage(k, p, order, 'isolate_freepages_range');
      k.setHold(p, order, k.mine);
      p += 1 << order;
    }
    k.set(IR.outerEnd, p);
  },
  /** split_free_pages(): post_alloc_hook, set_page_refcounted and split_page: every page an order-0 page with refcount 1. */
  acr_split_free_pages: (k: Mm) => {
    for (let p = k.r(IR.outerStart); p < k.r(IR.outerEnd); p++) k.setPageRefcounted(p, 'split_free_pages');
  },
  /** free_contig_range(outer_start, start - outer_start): the head outside the request. */
  acr_head_init: (k: Mm) => startFreeContig(k, k.r(IR.outerStart), k.r(IR.start) - k.r(IR.outerStart)),
  /** free_contig_range(end, outer_end - end): the tail outside the request. */
  acr_tail_init: (k: Mm) => startFreeContig(k, k.r(IR.end), k.r(IR.outerEnd) - k.r(IR.end)),
  /**
   * alloc_contig_range() returns: on success the caller holds [start, end) as order-0 pages with
   * refcount 1, plus any speculative reference another thread took on one since split_free_pages()
   * (P14 checks that the call holds exactly those).
   */
  acr_return: (k: Mm) => {
    if (k.r(IR.ret) !== RET.OK) return;
    const start = k.r(IR.start);
    const end = k.r(IR.end);
    for (let p = 0; p < k.g.nPfn; p++) {
      const inside = p >= start && p < end;
      if (inside && k.hold(p) === k.mine && k.ref(p) >= 1 && k.ref(p) <= 1 + k.speculativeHolders(p)) continue;
      if (!inside && k.hold(p) !== k.mine) continue;
      return k.fail('P14', `${k.who}'s alloc_contig_range(${rangeName(start, end)}) returns 0, but pfn ${p} is ${inside ? `not the caller's order-0 page (held by ${k.holderName(k.hold(p))}, refcount ${k.ref(p)})` : 'still held by the call, outside the range it was asked for'}`, {
        pfns: [p],
        hint: 'On success every page of [start, end) is allocated for the caller, and the parts of the outer range outside it are freed.',
      });
    }
    for (let p = start; p < end; p++) k.giveToPool(p, 0);
  },

  // ------------------------------------------------------------ offline_pages
  /** offline_pages() after a failed test_pages_isolated() with a signal pending: -EINTR ("signal backoff"). */
  offline_eintr: (k: Mm) => k.set(IR.ret, RET.EINTR),
  /** offline_pages() scans again (`do { ... } while (ret)`): the call is not failed yet. */
  offline_retry: (k: Mm) => k.set(IR.ret, RET.OK),
  /**
   * __offline_isolated_pages() under zone->lock: offline_mem_sections(), then every page must be
   * a free buddy (BUG_ON otherwise; P14) or hwpoisoned: del_page_from_free_list(MIGRATE_ISOLATE).
   * The pages leave the zone (held by nobody: leaked, their sections offline).
   */
  offline_isolated_pages: (k: Mm) => {
    const start = k.r(IR.start);
    const end = k.r(IR.end);
    setSectionsOffline(k, start, end);
    for (let p = start; p < end; ) {
      if (!k.isBuddy(p) && k.flags(p) & PG.hwpoison) {
        // Skipped; one still referenced stays with its holders, whose last put leaks it.
        if (k.ref(p) === 0) k.setHold(p, 0, HOLD.leaked);
        p++;
        continue;
      }
      if (!k.isBuddy(p))
        return k.fail('P14', `${k.who} in __offline_isolated_pages(${rangeName(start, end)}): pfn ${p} is not a free buddy page (BUG_ON(!PageBuddy(page))): it is held by ${k.holderName(k.hold(p))}`, {
          pfns: [p],
          hint: 'test_pages_isolated() must have seen every page free and isolated, and nothing may allocate from an isolated range since.',
        });
      const order = k.priv(p);
      k.delFromFreeList(p, order, k.g.mt.ISOLATE, '__offline_isolated_pages');
      k.accountFreepages(-(1 << order), k.g.mt.ISOLATE);
      k.setHold(p, order, HOLD.leaked);
      p += 1 << order;
    }
  },
  /**
   * Ghost (P14): when offline_pages() returns 0, no page of the range is on a free list or a
   * pageset, and no caller or thread holds one.
   */
  ghost_offline_postcondition: (k: Mm) => {
    if (k.r(IR.ret) !== RET.OK) return;
    for (let p = k.r(IR.start); p < k.r(IR.end); p++)
      if (!offlinedPage(k.L, k.s, p))
        return k.fail('P14', `${k.who}'s offline_pages(${rangeName(k.r(IR.start), k.r(IR.end))}) returns 0, but pfn ${p} is still held by ${k.holderName(k.hold(p))}`, { pfns: [p] });
  },

  // ------------------------------------------------------------ zone_pcp_disable / zone_pcp_enable
  /** mutex_lock(&pcp_batch_high_lock). */
  batch_lock: (k: Mm) => {
    k.s[isoAt(k.L, ISO.batchLock)] = k.t + 1;
  },
  /** __zone_set_pageset_high_and_batch(zone, 0, 0, 1): every pageset's high 0 and batch 1 (WRITE_ONCE, no lock). */
  pcp_high_zero: (k: Mm) => {
    for (let cpu = 0; cpu < k.g.cpus; cpu++) {
      k.s[k.L.pcpHigh + cpu] = 0;
      k.s[k.L.pcpBatch + cpu] = 1;
    }
  },
  /** __drain_all_pages(zone, true): every online CPU is drained, whatever its pcp->count reads. */
  drain_all_cpus: (k: Mm) => k.set(R.mask, (1 << k.g.cpus) - 1),
  /** Ghost (P13): zone_pcp_disable() has returned: the pcplists are disabled until zone_pcp_enable(). */
  ghost_pcp_disabled: (k: Mm) => {
    k.s[isoAt(k.L, ISO.pcpDisabled)] = 1;
  },
  /** zone_pcp_enable(): the configured high and batch back, mutex_unlock(&pcp_batch_high_lock). */
  zone_pcp_enable: (k: Mm) => {
    const p = k.g.config.pcp;
    if (!p) throw new InternalError('the isolation model was built without a pcp section');
    for (let cpu = 0; cpu < k.g.cpus; cpu++) {
      k.s[k.L.pcpHigh + cpu] = p.high;
      k.s[k.L.pcpBatch + cpu] = p.batch;
    }
    k.s[isoAt(k.L, ISO.pcpDisabled)] = 0;
    k.s[isoAt(k.L, ISO.batchLock)] = 0;
  },

  // ------------------------------------------------------------ compaction's free scanner
  /** isolate_freepages_block(): the next pfn (stride 1; a held compound page is not skipped at once). */
  ifb_next: (k: Mm) => k.set(IR.scan, k.r(IR.scan) + 1),
  /**
   * isolate_freepages_block(), under zone->lock: `order = buddy_order(page); isolated =
   * __isolate_free_page(page, order)`; the block joins cc->freepages, and with
   * cc->nr_migratepages 1 the scan stops (`cc->nr_migratepages <= cc->nr_freepages`).
   */
  ifb_isolate: (k: Mm) => ifbIsolate(k, true),
  /**
   * After zone->lock: the isolated block is the migration target (compaction_alloc():
   * post_alloc_hook(), set_page_refcounted()) or is given back by release_free_list()
   * (mark_allocated(), __free_pages()); either way its user frees it later, as a caller does.
   */
  ifb_hand_to_caller: (k: Mm) => {
    k.setPageRefcounted(k.r(R.pfn), 'compaction_alloc');
    k.giveToPool(k.r(R.pfn), k.r(R.order));
  },

  // ------------------------------------------------------------ HIGHATOMIC
  /** __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC): search the reserve's lists. */
  search_highatomic_lists: (k: Mm) => {
    k.set(R.fb, k.r(R.mt));
    k.set(R.mt, k.g.mt.HIGHATOMIC);
  },
  /**
   * reserve_highatomic_pageblock(page, order), under zone->lock: recheck the limit; only a
   * mergeable pageblock is reserved; below pageblock_order move_freepages_block() of the
   * page's pageblock and count a pageblock, else change_pageblock_range() over the whole buddy
   * and count 1 << order.
   */
  reserve_highatomic_pageblock: (k: Mm) => {
    if (reservedHighatomic(k.L, k.s) >= reserveLimit(k)) return;
    const pfn = k.r(R.pfn);
    const order = k.r(R.order);
    const mt = k.blockMt(pfn);
    if (!k.mergeable(mt)) return;
    const ha = k.g.mt.HIGHATOMIC;
    if (order < k.g.pageblockOrder) {
      moveFreepagesBlock(k, pbStart(k, pfn), mt, ha, 'reserve_highatomic_pageblock');
      k.setBlockMt(pfn, ha);
      addReserved(k, pbPages(k), 'reserve_highatomic_pageblock');
    } else {
      k.changePageblockRange(pfn, order, ha);
      addReserved(k, 1 << order, 'reserve_highatomic_pageblock');
    }
  },
  /**
   * unreserve_highatomic_pageblock(ac, force), under zone->lock: the first HIGHATOMIC block of
   * the lowest order goes back to the caller's migratetype: `size = max(pageblock_nr_pages, 1 <<
   * order)` leaves the count (WARN_ON_ONCE on underflow: P15), then move_freepages_block() of
   * its pageblock below pageblock_order, else move_to_free_list() and change_pageblock_range().
   */
  unreserve_highatomic_pageblock: (k: Mm) => {
    const ha = k.g.mt.HIGHATOMIC;
    const to = k.r(R.mt);
    for (let order = 0; order < k.g.nOrders; order++) {
      const pfn = k.freeListFirst(order, ha);
      if (pfn === NIL) continue;
      let size = Math.max(pbPages(k), 1 << order);
      const reserved = reservedHighatomic(k.L, k.s);
      if (size > reserved) {
        k.fail('P15', `${k.who} in unreserve_highatomic_pageblock() unreserves ${size} pages from ${k.block(pfn, order)}, but nr_reserved_highatomic is ${reserved} (WARN_ON_ONCE: underflow)`, {
          pfns: [pfn],
          hint: 'A HIGHATOMIC pageblock was not counted when it was reserved, or was counted away twice.',
        });
        size = reserved;
      }
      addReserved(k, -size, 'unreserve_highatomic_pageblock');
      if (order < k.g.pageblockOrder) {
        moveFreepagesBlock(k, pbStart(k, pfn), ha, to, 'unreserve_highatomic_pageblock');
        k.setBlockMt(pfn, to);
      } else {
        k.moveToFreeList(pfn, order, ha, to, 'unreserve_highatomic_pageblock');
        k.changePageblockRange(pfn, order, to);
      }
      return;
    }
  },
};

/**
 * isolate_single_pageblock()'s scan for compound pages straddling `boundary` (see
 * sipr_scan_first): -EBUSY in IR.ret when one does. Skipped when the pfn on the far side of the
 * boundary is outside the zone (pfn_to_online_page() fails).
 */
function scanStraddlers(k: Mm, boundary: number, before: boolean): void {
  if (before ? boundary >= k.g.nPfn : boundary === 0) return;
  const isolatePageblock = before ? boundary - pbPages(k) : boundary;
  const from = isolatePageblock & ~((1 << k.g.maxOrder) - 1);
  for (let p = from; p < boundary; p++) {
    if (!k.isHead(p)) continue;
    if (p + (1 << k.priv(p)) > boundary) return k.set(IR.ret, RET.EBUSY);
  }
}

/**
 * start_isolate_page_range()'s set-up: `isolate_start = pageblock_start_pfn(start_pfn)`,
 * `isolate_end = pageblock_align(end_pfn)`, the first pageblock to isolate.
 */
export function startIsolateInit(k: Mm): void {
  k.set(IR.isoStart, pbStart(k, k.r(IR.start)));
  k.set(IR.isoEnd, pbAlign(k, k.r(IR.end)));
  k.set(IR.cur, pbStart(k, k.r(IR.start)));
  k.set(IR.ret, RET.OK);
}

/** The registers of a free_contig_range(pfn, nr) run inline by alloc_contig_range(). */
function startFreeContig(k: Mm, pfn: number, nr: number): void {
  k.set(CR.base, pfn);
  k.set(CR.nr, nr);
  k.set(CR.i, 0);
  k.set(CR.start, NIL);
  k.set(R.pfn, pfn);
  k.set(R.order, 0);
}

/** Names of the isolation model's guards. */
export type IsolationGuard = keyof typeof guards;
/** Names of the isolation model's actions. */
export type IsolationAction = keyof typeof actions;
