/**
 * Guards and actions of the per-CPU pageset paths and of the migratetype fallback, named after
 * what they do in mm/page_alloc.c (reference §4, §5). The buddy model's guards and actions are
 * part of this implementation too (its machines are inlined: __rmqueue_smallest, expand,
 * __free_one_page, free_one_page, __free_pages); entries here with a buddy name replace it.
 *
 * Registers (R in ../mm/layout.ts): order/mt/gfp are the request; pfn the block at hand; i the
 * current order of a search; mode the rmqueue_mode of one zone->lock hold; n the blocks still to
 * fetch (rmqueue_bulk), the pages still to free (free_frozen_page_commit, decay_pcp_high) or the
 * count a drain read; end the blocks a refill obtained; cnt the `count` of free_pcppages_bulk;
 * cpu the pageset being worked on; tmp the pindex cursor of free_pcppages_bulk; pindex the list
 * a free went to; fb a fallback migratetype (and the requested one during a CMA search); mask
 * drain_all_pages' cpus_with_pcps.
 */
import { InternalError } from '../../src/util/unreachable.ts';
import { NIL, PG, R } from '../mm/layout.ts';
import { COST, type Mm } from '../mm/kernel.ts';
import { actions as buddyActions, guards as buddyGuards } from '../buddy/impl.ts';

/** rmqueue_mode values. */
export const MODE = { NORMAL: 0, CMA: 1, CLAIM: 2, STEAL: 3 } as const;

/** A register holding a kernel int that may go negative (count -= nr_pages overshoots). */
export const sgn = (v: number): number => (v > 0x7fff ? v - 0x10000 : v);

/** Extra word arrays of the PCP model's layout. */
export const EXTRA = {
  /** pcp->free_count per CPU (kept only when nr_pcp_free depends on it, see {@link tracksFreeCount}). */
  freeCount: 'pcp.free_count',
  /** pcpu_drain_mutex: holder thread + 1. */
  drainMutex: 'pcpu_drain_mutex',
  /**
   * A per-zone rmqueue_mode memo that no kernel path keeps: only a mutant writes it (the memo
   * surviving a zone->lock release). Callers cannot observe it.
   */
  modeMemo: 'rmqueue_mode memo',
} as const;

/** PCP parameters of the configuration (the model refuses configurations without a pcp section). */
function pcpConfig(k: Mm) {
  const p = k.g.config.pcp;
  if (!p) throw new InternalError('the pcp model was built without a pcp section');
  return p;
}

/**
 * nr_pcp_free() is clamp(free_count, batch, high - batch): free_count only matters when
 * high - batch > batch, so it is kept (as state) only then.
 */
export function tracksFreeCount(batch: number, high: number): boolean {
  return high >= batch && high - batch > batch;
}

function freeCountAt(k: Mm, cpu: number): number {
  return k.L.extra[EXTRA.freeCount] + cpu;
}

/** The PCP list a request of (order, mt) uses on cpu (order_to_pindex). */
function listMtOf(k: Mm, order: number, mt: number): number {
  return k.L.pcpListMt(order, mt);
}

/** pindex of the list (order, list migratetype). */
function pindexOf(k: Mm, order: number, lmt: number): number {
  return k.L.pcpPindex.findIndex((l) => l.order === order && l.mt === lmt);
}

/** True when every list of cpu's pageset is empty. */
function pcpListsEmpty(k: Mm, cpu: number): boolean {
  for (let i = 0; i < k.L.pcpPindex.length; i++) if (k.s[k.pcpHeadOfPindex(cpu, i)] !== NIL) return false;
  return true;
}

/** The kernel's fallbacks[][] over the zone's migratetypes (HIGHATOMIC, CMA never fall back). */
function fallbacksOf(k: Mm, mt: number): number[] {
  const m = k.g.mt;
  const table: Record<number, number[]> = {
    [m.UNMOVABLE]: [m.RECLAIMABLE, m.MOVABLE],
    [m.MOVABLE]: [m.RECLAIMABLE, m.UNMOVABLE],
    [m.RECLAIMABLE]: [m.UNMOVABLE, m.MOVABLE],
  };
  return (table[mt] ?? []).filter((x) => x >= 0);
}

/** should_try_claim_block(order, start_mt) (mobility grouping is never disabled here). */
function shouldTryClaimBlock(k: Mm, order: number, startMt: number): boolean {
  const pb = k.g.pageblockOrder;
  if (order >= pb) return true;
  if (order >= pb >> 1) return true;
  return startMt === k.g.mt.RECLAIMABLE || startMt === k.g.mt.UNMOVABLE;
}

/**
 * The block an allocation takes from free_list[order][mt], NIL when there is none: the list head
 * here; a model that keeps some free blocks from other allocators (the pcp-buddy model's owned
 * fragments) passes its own.
 */
export type FirstFree = (k: Mm, order: number, mt: number) => number;

/** get_page_from_free_area(): the head of the list. */
const listHead: FirstFree = (k, order, mt) => k.freeListFirst(order, mt);

/** find_suitable_fallback(area, order, mt, claimable): a fallback type, -1 (none) or -2 (do not claim). */
function findSuitableFallback(k: Mm, order: number, mt: number, claimable: boolean, first: FirstFree): number {
  if (claimable && !shouldTryClaimBlock(k, order, mt)) return -2;
  if (k.s[k.L.nrFree + order] === 0) return -1;
  for (const fb of fallbacksOf(k, mt)) if (first(k, order, fb) !== NIL) return fb;
  return -1;
}

/**
 * The guards and actions of __rmqueue_claim and __rmqueue_steal that pick a block from a
 * fallback list, with `first` deciding which block of a list an allocation takes.
 */
export function fallbackSearch(first: FirstFree) {
  return {
    guards: {
      /** find_suitable_fallback() == -1 at the current order. */
      claim_no_fallback: (k: Mm) => findSuitableFallback(k, k.r(R.i), k.r(R.mt), true, first) === -1,
      /** find_suitable_fallback() == -2: orders too low to claim. */
      claim_refused: (k: Mm) => findSuitableFallback(k, k.r(R.i), k.r(R.mt), true, first) === -2,
      /** __rmqueue_steal: no fallback list is non-empty at the current order. */
      steal_no_fallback: (k: Mm) => findSuitableFallback(k, k.r(R.i), k.r(R.mt), false, first) === -1,
    },
    actions: {
      /** A fallback list is non-empty: its head is the candidate block. */
      claim_pick: (k: Mm) => {
        k.meter[COST.fallbackOrders]++;
        const fb = findSuitableFallback(k, k.r(R.i), k.r(R.mt), true, first);
        k.set(R.fb, fb);
        k.set(R.pfn, first(k, k.r(R.i), fb));
      },
      /**
       * A fallback list is non-empty: page_del_and_expand() of its head under the fallback type, so
       * the remainder stays on the fallback type's lists and the block keeps its type.
       */
      steal_block: (k: Mm) => {
        k.meter[COST.fallbackOrders]++;
        const cur = k.r(R.i);
        const fb = findSuitableFallback(k, cur, k.r(R.mt), false, first);
        const pfn = first(k, cur, fb);
        k.covered('steal', cur);
        k.set(R.pfn, pfn);
        k.delFromFreeList(pfn, cur, fb, '__rmqueue_steal');
        const added = k.expand(pfn, k.r(R.order), cur, fb, '__rmqueue_steal');
        k.accountFreepages(-((1 << cur) - added), fb);
      },
    },
  };
}

const fallback = fallbackSearch(listHead);

/** The free pages (in buddy blocks) and movable (PG_lru) pages of pfn's pageblock (prep_move_freepages_block). */
function pageblockCensus(k: Mm, pfn: number): { free: number; movable: number } {
  const start = pfn & ~(k.g.pageblockPages - 1);
  const end = start + k.g.pageblockPages;
  let free = 0;
  let movable = 0;
  for (let p = start; p < end; ) {
    if (k.isBuddy(p)) {
      const nr = 1 << k.priv(p);
      free += nr;
      p += nr;
      continue;
    }
    if (k.flags(p) & PG.lru) movable++;
    p++;
  }
  return { free, movable };
}

/** NR_FREE_CMA_PAGES, counted from the CMA lists (the model keeps no separate counter). */
function freeCmaPages(k: Mm): number {
  const cma = k.g.mt.CMA;
  if (cma < 0) return 0;
  let n = 0;
  for (let o = 0; o < k.g.nOrders; o++) for (let p = k.freeListFirst(o, cma); p !== NIL; p = k.s[k.L.next + p]) n += 1 << o;
  return n;
}

/** nr_pcp_alloc(): blocks one refill asks rmqueue_bulk for (alloc_factor fixed at 0). */
function nrPcpAlloc(k: Mm, order: number): number {
  const batch = k.pcpBatch(k.cpu);
  if (k.pcpHigh(k.cpu) < batch) return 1;
  return batch > 1 ? Math.max(batch >> order, 2) : batch;
}

/** Guards: read-only decisions. */
export const guards = {
  ...buddyGuards,
  /** The requested order has PCP lists (pcp_allowed_order). */
  pcp_order: (k: Mm) => k.L.pcpIndexOfOrder[k.r(R.order)] >= 0,
  /** pcp_spin_trylock() on this CPU's pageset would succeed. */
  pcp_trylock_ok: (k: Mm) => k.pcpTrylockFree(k.cpu),
  /** A PCP order, and the trylock succeeds. */
  pcp_order_trylock_ok: (k: Mm) => k.L.pcpIndexOfOrder[k.r(R.order)] >= 0 && k.pcpTrylockFree(k.cpu),
  /** The PCP list for the request is not empty. */
  pcp_list_nonempty: (k: Mm) => k.pcpFirst(k.cpu, k.r(R.order), listMtOf(k, k.r(R.order), k.r(R.mt))) !== NIL,
  /** __free_frozen_pages: the block's type read was MIGRATE_ISOLATE: free_one_page() straight to the buddy, never the PCP. */
  pcp_mt_isolated: (k: Mm) => k.r(R.mt) === k.g.mt.ISOLATE,
  /** free_pages_prepare() refused the block (or leaked it): nothing more to do. */
  not_prepared: (k: Mm) => k.r(R.ret) !== 1,
  /** free_frozen_page_commit: pcp->count < high, nothing to free. */
  pcp_below_high: (k: Mm) => k.pcpCount(k.cpu) < k.pcpHigh(k.cpu),
  /** The commit's loop is over: `to_free == 0 || pcp->count == 0`. */
  commit_done: (k: Mm) => sgn(k.r(R.n)) <= 0 || k.pcpCount(k.cpu) === 0,

  // ------------------------------------------------------------ free_pcppages_bulk
  /** `while (count > 0)` is over. */
  bulk_count_done: (k: Mm) => sgn(k.r(R.cnt)) <= 0,
  /** Every list of the pageset is empty while count > 0: the round-robin search never ends. */
  bulk_lists_empty: (k: Mm) => pcpListsEmpty(k, k.cpuReg()),
  /** `while (count > 0 && !list_empty(list))`: keep taking from the same list. */
  bulk_same_list: (k: Mm) => sgn(k.r(R.cnt)) > 0 && k.s[k.pcpHeadOfPindex(k.cpuReg(), k.r(R.tmp))] !== NIL,
  /** The thread spins forever (a loop whose exit condition can no longer become true). */
  never: (_k: Mm) => false,

  // ------------------------------------------------------------ drains
  /** spin_lock(&pcp->lock) of the drained CPU can proceed. */
  target_pcp_lock_free: (k: Mm) => k.pcpLockFree(k.cpuReg()),
  /** The drain read a zero count: nothing (more) to drain. */
  drain_count_zero: (k: Mm) => sgn(k.r(R.n)) <= 0,
  /** drain_all_pages: pcpu_drain_mutex is free. */
  drain_mutex_free: (k: Mm) => k.s[k.L.extra[EXTRA.drainMutex]] === 0,
  /** drain_all_pages: another CPU in cpus_with_pcps. */
  drain_cpus_left: (k: Mm) => k.r(R.mask) !== 0,

  // ------------------------------------------------------------ __rmqueue and rmqueue_bulk
  /** rmqueue_bulk: blocks still to fetch. */
  bulk_more: (k: Mm) => k.r(R.n) > 0,
  /** __rmqueue with ALLOC_CMA and more than half of the free pages in CMA blocks: CMA first. */
  cma_balance: (k: Mm) => k.g.mt.CMA >= 0 && k.r(R.mt) === k.g.mt.MOVABLE && freeCmaPages(k) > k.s[k.L.nrFreePages] >> 1,
  /** The allocation may use CMA blocks (ALLOC_CMA: movable allocations when the zone has CMA). */
  alloc_cma: (k: Mm) => k.g.mt.CMA >= 0 && k.r(R.mt) === k.g.mt.MOVABLE,
  mode_normal: (k: Mm) => k.r(R.mode) === MODE.NORMAL,
  mode_cma: (k: Mm) => k.r(R.mode) === MODE.CMA,
  mode_claim: (k: Mm) => k.r(R.mode) === MODE.CLAIM,
  /** __rmqueue_claim: `current_order >= min_order` is over. */
  claim_below_min: (k: Mm) => sgn(k.r(R.i)) < k.r(R.order),
  ...fallback.guards,
  /** try_to_claim_block: current_order >= pageblock_order, take the whole block. */
  order_covers_pageblock: (k: Mm) => k.r(R.i) >= k.g.pageblockOrder,
  /** try_to_claim_block: free + alike pages are at least half the pageblock. */
  claim_half_block: (k: Mm) => {
    const { free, movable } = pageblockCensus(k, k.r(R.pfn));
    const start = k.r(R.mt);
    const alike = start === k.g.mt.MOVABLE ? movable : k.r(R.fb) === k.g.mt.MOVABLE ? k.g.pageblockPages - (free + movable) : 0;
    return free + alike >= k.g.pageblockPages >> 1;
  },
};

/** Actions: the atomic pieces of each step. */
export const actions = {
  ...buddyActions,
  /** free_pages_prepare(), and the page leaves the LRU (PG_lru must be clear at free). */
  free_pages_prepare: (k: Mm) => {
    buddyActions.free_pages_prepare(k);
    if (k.r(R.ret) !== 1) return;
    const pfn = k.r(R.pfn);
    for (let i = 0; i < 1 << k.r(R.order); i++) k.clearFlag(pfn + i, PG.lru);
  },
  /** prep_new_page(); a movable allocation's pages go on the LRU (they count as movable when a block is claimed). */
  prep_new_page: (k: Mm) => {
    buddyActions.prep_new_page(k);
    if (k.r(R.mt) !== k.g.mt.MOVABLE) return;
    const pfn = k.r(R.pfn);
    for (let i = 0; i < 1 << k.r(R.order); i++) k.setFlag(pfn + i, PG.lru);
  },

  // ------------------------------------------------------------ pcp->lock
  /** pcp_spin_trylock() on this CPU's pageset (succeeded). */
  pcp_trylock: (k: Mm) => k.pcpLock(k.cpu, false, 'pcp_spin_trylock'),
  /** pcp_spin_unlock() of this CPU's pageset. */
  pcp_unlock: (k: Mm) => k.pcpUnlock(k.cpu, 'pcp_spin_unlock'),
  /** spin_lock(&pcp->lock) of the drained CPU (pcp_spin_lock_maybe_irqsave on SMP). */
  pcp_lock_target: (k: Mm) => k.pcpLock(k.cpuReg(), true, 'spin_lock(&pcp->lock)'),
  /** spin_unlock(&pcp->lock) of the drained CPU. */
  pcp_unlock_target: (k: Mm) => k.pcpUnlock(k.cpuReg(), 'spin_unlock(&pcp->lock)'),

  // ------------------------------------------------------------ rmqueue_pcplist
  /** __rmqueue_pcplist: take the head of the list, `pcp->count -= 1 << order` (and free_count >>= 1). */
  pcp_take_head: (k: Mm) => {
    const order = k.r(R.order);
    const lmt = listMtOf(k, order, k.r(R.mt));
    const pfn = k.pcpFirst(k.cpu, order, lmt);
    k.set(R.pfn, pfn);
    k.pcpListDel(k.cpu, pfn, order, lmt, '__rmqueue_pcplist');
    k.addPcpCount(k.cpu, -(1 << order), '__rmqueue_pcplist');
    const p = pcpConfig(k);
    if (tracksFreeCount(p.batch, p.high)) k.s[freeCountAt(k, k.cpu)] >>= 1;
  },
  /** __rmqueue_pcplist after the refill: `pcp->count += alloced << order`. */
  pcp_count_add_alloced: (k: Mm) => k.addPcpCount(k.cpu, k.r(R.end) << k.r(R.order), '__rmqueue_pcplist'),
  /** No page: the allocation continues with rmqueue_buddy(). */
  pcp_no_page: (k: Mm) => k.set(R.pfn, NIL),

  // ------------------------------------------------------------ rmqueue_bulk and __rmqueue
  /** rmqueue_bulk: `count = nr_pcp_alloc()`, nothing obtained yet, `rmqm = RMQUEUE_NORMAL`. */
  rmqueue_bulk_init: (k: Mm) => {
    k.set(R.n, nrPcpAlloc(k, k.r(R.order)));
    k.set(R.end, 0);
    k.set(R.mode, MODE.NORMAL);
  },
  /** rmqueue_bulk: list_add_tail() of the block on the PCP list (physical order), one more obtained. */
  rmqueue_bulk_add_tail: (k: Mm) => {
    const order = k.r(R.order);
    k.pcpListAdd(k.cpu, k.r(R.pfn), order, listMtOf(k, order, k.r(R.mt)), true, 'rmqueue_bulk');
    k.set(R.end, k.r(R.end) + 1);
    k.set(R.n, k.r(R.n) - 1);
  },
  /** rmqueue_buddy: a fresh `rmqm = RMQUEUE_NORMAL` for its single __rmqueue. */
  rmqueue_mode_fresh: (k: Mm) => k.set(R.mode, MODE.NORMAL),
  /** __rmqueue: a CMA fallback succeeded, `*mode = RMQUEUE_CMA`. */
  remember_mode_cma: (k: Mm) => k.set(R.mode, MODE.CMA),
  /** __rmqueue: a claim succeeded and replenished the preferred lists, `*mode = RMQUEUE_NORMAL`. */
  claim_resets_mode: (k: Mm) => k.set(R.mode, MODE.NORMAL),
  /** __rmqueue: a steal succeeded, `*mode = RMQUEUE_STEAL`. */
  remember_mode_steal: (k: Mm) => k.set(R.mode, MODE.STEAL),
  /** __rmqueue_cma_fallback = __rmqueue_smallest(zone, order, MIGRATE_CMA): search the CMA lists. */
  search_cma_lists: (k: Mm) => {
    k.set(R.fb, k.r(R.mt));
    k.set(R.mt, k.g.mt.CMA);
  },
  /** Back to the requested migratetype after the CMA search. */
  search_own_lists: (k: Mm) => k.set(R.mt, k.r(R.fb)),

  // ------------------------------------------------------------ __rmqueue_claim / try_to_claim_block
  /** `for (current_order = MAX_PAGE_ORDER; ...` */
  claim_init: (k: Mm) => k.set(R.i, k.g.maxOrder),
  /** find_suitable_fallback() found nothing at this order: `--current_order`. */
  claim_skip_order: (k: Mm) => {
    k.meter[COST.fallbackOrders]++;
    k.set(R.i, (k.r(R.i) - 1) & 0xffff);
  },
  /** find_suitable_fallback() returned -2: stop claiming, no page. */
  claim_stop: (k: Mm) => {
    k.meter[COST.fallbackOrders]++;
    k.set(R.pfn, NIL);
  },
  ...fallback.actions,
  /** try_to_claim_block() failed: `--current_order`. */
  claim_next_order: (k: Mm) => k.set(R.i, (k.r(R.i) - 1) & 0xffff),
  /**
   * try_to_claim_block() at current_order >= pageblock_order: take the block off its list
   * (accounted under its type), retype every covered pageblock, expand() under the new type.
   */
  claim_whole_block: (k: Mm) => {
    const pfn = k.r(R.pfn);
    const cur = k.r(R.i);
    k.covered('claim', cur);
    const fb = k.r(R.fb);
    const start = k.r(R.mt);
    k.delFromFreeList(pfn, cur, fb, 'try_to_claim_block');
    k.accountFreepages(-(1 << cur), fb);
    k.changePageblockRange(pfn, cur, start);
    const added = k.expand(pfn, k.r(R.order), cur, start, 'try_to_claim_block');
    k.accountFreepages(added, start);
  },
  /** __move_freepages_block(block_type → start_type) and set_pageblock_migratetype(start_type). */
  move_freepages_block: (k: Mm) => {
    const start = k.r(R.pfn) & ~(k.g.pageblockPages - 1);
    const from = k.r(R.fb);
    const to = k.r(R.mt);
    k.covered('claim', k.r(R.i));
    for (let p = start; p < start + k.g.pageblockPages; ) {
      if (!k.isBuddy(p)) {
        p++;
        continue;
      }
      const order = k.priv(p);
      k.moveToFreeList(p, order, from, to, '__move_freepages_block');
      p += 1 << order;
    }
    k.setBlockMt(start, to);
  },

  // ------------------------------------------------------------ __rmqueue_steal
  /** `for (current_order = order; ...` */
  steal_init: (k: Mm) => k.set(R.i, k.r(R.order)),
  /** find_suitable_fallback() found nothing at this order: `current_order++`. */
  steal_skip_order: (k: Mm) => {
    k.meter[COST.fallbackOrders]++;
    k.set(R.i, k.r(R.i) + 1);
  },

  // ------------------------------------------------------------ __free_frozen_pages / free_frozen_page_commit
  /**
   * get_pfnblock_migratetype() before the trylock (lockless, may be stale by the commit):
   * HIGHATOMIC and CMA pages go on the MOVABLE list; an ISOLATE page is kept apart (it goes to
   * free_one_page(), see `pcp_mt_isolated`).
   */
  read_pcp_migratetype: (k: Mm) => {
    const mt = k.blockMt(k.r(R.pfn));
    k.set(R.mt, k.mergeable(mt) || mt === k.g.mt.ISOLATE ? mt : k.g.mt.MOVABLE);
  },
  /** free_frozen_page_commit: list_add() at the head of lists[pindex], `pcp->count += 1 << order`, free_count. */
  free_frozen_page_commit: (k: Mm) => {
    const order = k.r(R.order);
    const lmt = listMtOf(k, order, k.r(R.mt));
    k.set(R.pindex, pindexOf(k, order, lmt));
    k.pcpListAdd(k.cpu, k.r(R.pfn), order, lmt, false, 'free_frozen_page_commit');
    k.addPcpCount(k.cpu, 1 << order, 'free_frozen_page_commit');
    const p = pcpConfig(k);
    if (tracksFreeCount(p.batch, p.high)) {
      const at = freeCountAt(k, k.cpu);
      if (k.s[at] < p.batch << p.scaleMax) k.s[at] += 1 << order;
    }
  },
  /** nr_pcp_free(): `to_free`, 1 when high < batch, else clamp(free_count, batch, high - batch). */
  nr_pcp_free: (k: Mm) => {
    k.covered('high-crossing');
    const batch = k.pcpBatch(k.cpu);
    const high = k.pcpHigh(k.cpu);
    if (high < batch) return k.set(R.n, 1);
    const fc = tracksFreeCount(batch, high) ? k.s[freeCountAt(k, k.cpu)] : 0;
    k.set(R.n, Math.min(Math.max(fc, batch), high - batch));
  },
  /** `to_free_batched = min(to_free, batch)`: free_pcppages_bulk of this CPU, starting at the freed list. */
  commit_batch: (k: Mm) => {
    const n = k.r(R.n);
    const batched = Math.min(n, k.pcpBatch(k.cpu));
    if (n > batched) k.covered('batch-crossing');
    k.set(R.cnt, batched);
    k.set(R.n, n - batched);
    k.setCpuReg(k.cpu);
    k.set(R.tmp, k.r(R.pindex));
  },

  // ------------------------------------------------------------ free_pcppages_bulk
  /** `count = min(pcp->count, count)`: never ask for more than the lists hold. */
  bulk_clamp: (k: Mm) => k.set(R.cnt, Math.min(k.pcpCount(k.cpuReg()), k.r(R.cnt))),
  /** `pindex = pindex - 1`, so that the round robin starts at the requested list. */
  bulk_start: (k: Mm) => k.set(R.tmp, (k.r(R.tmp) + k.L.pcpPindex.length - 1) % k.L.pcpPindex.length),
  /** `do { if (++pindex > NR_PCP_LISTS - 1) pindex = 0; } while (list_empty(list))`. */
  bulk_next_list: (k: Mm) => {
    const n = k.L.pcpPindex.length;
    const cpu = k.cpuReg();
    let p = k.r(R.tmp);
    do p = (p + 1) % n;
    while (k.s[k.pcpHeadOfPindex(cpu, p)] === NIL);
    k.set(R.tmp, p);
  },
  /**
   * The coldest page (list tail), its block's migratetype read now, under zone->lock;
   * list_del, `count -= nr_pages`, `pcp->count -= nr_pages`.
   */
  bulk_take_tail: (k: Mm) => {
    const cpu = k.cpuReg();
    const id = k.L.pcpPindex[k.r(R.tmp)];
    const pfn = k.listLast(k.pcpHeadOfPindex(cpu, k.r(R.tmp)));
    const nr = 1 << id.order;
    k.set(R.pfn, pfn);
    k.set(R.order, id.order);
    k.set(R.mt, k.blockMt(pfn));
    k.pcpListDel(cpu, pfn, id.order, id.mt, 'free_pcppages_bulk');
    k.set(R.cnt, (k.r(R.cnt) - nr) & 0xffff);
    k.addPcpCount(cpu, -nr, 'free_pcppages_bulk');
  },

  // ------------------------------------------------------------ drains
  /** drain_pages_zone: `count = pcp->count`, read under pcp->lock. */
  drain_read_count: (k: Mm) => {
    k.set(R.n, k.pcpCount(k.cpuReg()));
    k.covered('drain', sgn(k.pcpCount(k.cpuReg())));
  },
  /** `to_drain = min(count, pcp->batch << CONFIG_PCP_BATCH_SCALE_MAX)`, `count -= to_drain`; the bulk starts at pindex 0. */
  drain_batch: (k: Mm) => {
    const n = sgn(k.r(R.n));
    const toDrain = Math.min(n, k.pcpBatch(k.cpuReg()) << pcpConfig(k).scaleMax);
    if (n > toDrain) k.covered('batch-crossing');
    k.set(R.cnt, toDrain);
    k.set(R.n, (n - toDrain) & 0xffff);
    k.set(R.tmp, 0);
  },
  /**
   * Ghost: what drain_pages_zone() promises its callers (zone_pcp_disable, memory offline): when it
   * returns, the drained pageset was seen empty under its lock. Pages still listed mean a count
   * that did not match the lists (P6).
   */
  ghost_drain_postcondition: (k: Mm) => {
    const cpu = k.cpuReg();
    const left: number[] = [];
    // A corrupted list may loop: each of its pfns is named once, and the loop is said.
    let loop = '';
    for (let i = 0; i < k.L.pcpPindex.length; i++) {
      const seen = new Set<number>();
      for (let p = k.s[k.pcpHeadOfPindex(cpu, i)]; p !== NIL; p = k.s[k.L.next + p]) {
        if (seen.has(p)) {
          loop = `; a list loops back to pfn ${p}`;
          break;
        }
        seen.add(p);
        left.push(p);
      }
    }
    if (left.length)
      k.fail('P6', `${k.who}'s drain_pages_zone(cpu${cpu}) returns, but cpu${cpu}'s PCP lists still hold pfn ${left.join(', ')} (pcp->count is ${sgn(k.pcpCount(cpu))}${loop})`, {
        pfns: left,
        cpus: [cpu],
        hint: 'The drain trusted a pcp->count that did not describe the lists: read it under pcp->lock (66eca1021a42), or zone_pcp_disable() leaves pages behind.',
      });
  },
  /** drain_all_pages: mutex_lock(&pcpu_drain_mutex). */
  drain_mutex_lock: (k: Mm) => {
    k.s[k.L.extra[EXTRA.drainMutex]] = k.t + 1;
  },
  /** drain_all_pages: mutex_unlock(&pcpu_drain_mutex). */
  drain_mutex_unlock: (k: Mm) => {
    k.s[k.L.extra[EXTRA.drainMutex]] = 0;
  },
  /** __drain_all_pages(zone, false): cpus_with_pcps from a racy read of each pcp->count. */
  drain_cpus_with_pcps: (k: Mm) => {
    let mask = 0;
    for (let c = 0; c < k.g.cpus; c++) if (k.pcpCount(c) !== 0) mask |= 1 << c;
    k.set(R.mask, mask);
  },
  /** for_each_cpu(cpu, &cpus_with_pcps): the next one. */
  drain_next_cpu: (k: Mm) => {
    const mask = k.r(R.mask);
    const cpu = 31 - Math.clz32(mask & -mask);
    k.setCpuReg(cpu);
    k.set(R.mask, mask & (mask - 1));
  },
  /** decay_pcp_high: `to_drain = pcp->count - pcp->high`, read without pcp->lock (high_min == high_max: high does not decay). */
  decay_read: (k: Mm) => {
    k.setCpuReg(k.cpu);
    k.set(R.n, (k.pcpCount(k.cpu) - k.pcpHigh(k.cpu)) & 0xffff);
  },
  /** decay_pcp_high: `to_drain_batched = min(to_drain, batch)`, `to_drain -= to_drain_batched`. */
  decay_batch: (k: Mm) => {
    const n = sgn(k.r(R.n));
    const batched = Math.min(n, k.pcpBatch(k.cpu));
    if (n > batched) k.covered('batch-crossing');
    k.set(R.cnt, batched);
    k.set(R.n, (n - batched) & 0xffff);
    k.set(R.tmp, 0);
  },
};

/** Names of the PCP model's guards. */
export type PcpGuard = keyof typeof guards;
/** Names of the PCP model's actions. */
export type PcpAction = keyof typeof actions;
