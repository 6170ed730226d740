/**
 * Guards and actions of the buddy allocator paths, named after what they do in
 * mm/page_alloc.c. Each is a function of the step context {@link Mm}; the machines in `paths/`
 * say in which order and at which labels they run. Variants override entries by name.
 *
 * Registers used (see R in ../mm/layout.ts): pfn/order/mt are the current block and its
 * migratetype; i is `current_order` in __rmqueue_smallest and `high` in expand; base/end/n
 * walk pieces in split_large_buddy; tailBase/tailOrder walk the tails in __free_pages; head and
 * zero hold what __free_pages read before and after dropping its reference; ret is a success flag.
 */
import { HOLD, NIL, PG, R } from '../mm/layout.ts';
import { COST, type Mm } from '../mm/kernel.ts';

const FN_FREE = '__free_one_page';

/** Guards: read-only decisions. */
export const guards = {
  /** spin_lock(&zone->lock) can proceed. */
  zone_lock_free: (k: Mm) => k.zoneLockFree(),
  /** __rmqueue_smallest: current_order > MAX_PAGE_ORDER, nothing left to search. */
  current_order_above_max: (k: Mm) => k.r(R.i) > k.g.maxOrder,
  /** get_page_from_free_area() would return NULL. */
  free_list_empty: (k: Mm) => k.freeListFirst(k.r(R.i), k.r(R.mt)) === NIL,
  /** expand(): high > low, another half to split off. */
  high_above_low: (k: Mm) => k.r(R.i) > k.r(R.order),
  /** The allocation found a page. */
  got_page: (k: Mm) => k.r(R.pfn) !== NIL,
  /** __free_one_page: the loop condition `order < MAX_PAGE_ORDER` fails. */
  order_is_max: (k: Mm) => k.r(R.order) >= k.g.maxOrder,
  /**
   * __free_one_page: find_buddy_page_pfn() finds a PageBuddy buddy of the same order, and the
   * pageblock rule (reference §1.5) allows the merge at order >= pageblock_order.
   */
  buddy_can_merge: (k: Mm) => {
    const pfn = k.r(R.pfn);
    const order = k.r(R.order);
    const buddy = pfn ^ (1 << order);
    if (!k.pageIsBuddy(buddy, order)) return false;
    if (order < k.g.pageblockOrder) return true;
    const mt = k.r(R.mt);
    const bmt = k.blockMt(buddy);
    return mt === bmt || (k.mergeable(mt) && k.mergeable(bmt));
  },
  /** split_large_buddy(): another pageblock-sized piece remains. */
  pieces_left: (k: Mm) => k.r(R.base) < k.r(R.end),
  /** free_pages_prepare() succeeded. */
  prepared: (k: Mm) => k.r(R.ret) === 1,
  /** put_page_testzero() returned true: this was the last reference. */
  last_reference: (k: Mm) => k.r(R.zero) === 1,
  /** PageHead(page), as read before the reference was dropped. */
  page_was_head: (k: Mm) => k.r(R.head) === 1,
  /** __free_pages' tail loop: `while (order-- > 0)`. */
  tails_left: (k: Mm) => k.r(R.tailOrder) > 0,
  /** page_ref_add_unless(page, 1, 0) would succeed. */
  refcount_nonzero: (k: Mm) => k.ref(k.r(R.pfn)) !== 0,
  /** A speculative reference of workload.specLookup 'any' that has not looked its page up yet. */
  lookup_pending: (k: Mm) => k.r(R.head) === 1,
};

/** Actions: the atomic pieces of each step. */
export const actions = {
  /** spin_lock_irqsave(&zone->lock). */
  zone_lock: (k: Mm) => k.zoneLock(),
  /** spin_unlock_irqrestore(&zone->lock). */
  zone_unlock: (k: Mm) => k.zoneUnlock('zone->lock holder'),

  // ------------------------------------------------------------ __rmqueue_smallest / expand
  /** `for (current_order = order; ...)`: the first order scanned. */
  current_order_is_order: (k: Mm) => {
    k.meter[COST.normalOrders]++;
    k.set(R.i, k.r(R.order));
  },
  /** `current_order++`: one more order scanned, while within MAX_PAGE_ORDER. */
  next_order: (k: Mm) => {
    const i = k.r(R.i) + 1;
    if (i <= k.g.maxOrder) k.meter[COST.normalOrders]++;
    k.set(R.i, i);
  },
  /** No block found: return NULL. */
  no_page: (k: Mm) => k.set(R.pfn, NIL),
  /** get_page_from_free_area(): the head of free_list[current_order][mt]. */
  get_page_from_free_area: (k: Mm) => k.set(R.pfn, k.freeListFirst(k.r(R.i), k.r(R.mt))),
  /** page_del_and_expand(): __del_page_from_free_list of the order-`high` block. */
  del_page_from_free_list: (k: Mm) => k.delFromFreeList(k.r(R.pfn), k.r(R.i), k.r(R.mt), 'page_del_and_expand'),
  /** expand(): `high--; size >>= 1;` and the upper half `page[size]` goes to the head of its list. */
  split_off_upper_half: (k: Mm) => {
    k.covered('split', k.r(R.i));
    const high = k.r(R.i) - 1;
    k.set(R.i, high);
    const half = k.pageWalk(k.r(R.pfn), 1 << high, 'expand');
    if (half === NIL) return;
    k.addToFreeList(half, high, k.r(R.mt), false, 'expand');
  },
  /** page_del_and_expand(): `account_freepages(zone, -(nr_pages - nr_added), mt)`, i.e. -2^low. */
  account_allocated: (k: Mm) => k.accountFreepages(-(1 << k.r(R.order)), k.r(R.mt)),
  /**
   * prep_new_page(): set_page_refcounted() on the head; with __GFP_COMP, prep_compound_page()
   * marks the head and tails and records the compound order.
   */
  prep_new_page: (k: Mm) => {
    const pfn = k.r(R.pfn);
    const order = k.r(R.order);
    k.setPageRefcounted(pfn, 'prep_new_page');
    if (k.r(R.gfp) === 1 && order > 0) {
      k.setFlag(pfn, PG.head);
      k.setPriv(pfn, order);
      for (let i = 1; i < 1 << order; i++) {
        const p = k.pageWalk(pfn, i, 'prep_compound_page');
        if (p === NIL) return;
        k.setFlag(p, PG.tail);
      }
    }
  },
  /** Ghost: the caller receives the block (it joins the pool any CPU may free from). */
  ghost_hand_to_caller: (k: Mm) => k.giveToPool(k.r(R.pfn), k.r(R.order)),

  // ------------------------------------------------------------ free side
  /** __free_pages(): `head = PageHead(page)`, read before the reference is dropped. */
  read_page_head: (k: Mm) => k.set(R.head, k.isHead(k.r(R.pfn)) ? 1 : 0),
  /**
   * __free_pages(): put_page_testzero(page). When it is not the last reference, the caller gives
   * up its claim (ghost): the whole block if it is compound, else only the first page (the tails
   * are freed by this call).
   */
  put_page_testzero: (k: Mm) => {
    const pfn = k.r(R.pfn);
    const last = k.putPageTestzero(pfn, '__free_pages');
    k.set(R.zero, last ? 1 : 0);
    if (!last && !k.finding) {
      const kept = k.isHead(pfn) ? k.r(R.order) : 0;
      k.setHold(pfn, kept, HOLD.ref);
      k.s[k.L.gUnit + pfn] = kept + 1;
    }
  },
  /** __free_pages() tail loop set-up: remember the block start, `order` counts down. */
  free_tails_init: (k: Mm) => {
    k.set(R.tailBase, k.r(R.pfn));
    k.set(R.tailOrder, k.r(R.order));
  },
  /** `__free_frozen_pages(page + (1 << order), order, ...)` for the next tail half. */
  next_tail: (k: Mm) => {
    const o = k.r(R.tailOrder) - 1;
    k.set(R.tailOrder, o);
    const p = k.pageWalk(k.r(R.tailBase), 1 << o, '__free_pages');
    if (p === NIL) return;
    k.set(R.pfn, p);
    k.set(R.order, o);
  },
  /**
   * free_pages_prepare(page, order): the P2 check, hwpoison (order 0) leaks the page, a page
   * still referenced is refused as the kernel's bad-page check would, then compound state is
   * cleared. Sets ret = 1 when the block may be freed.
   */
  free_pages_prepare: (k: Mm) => {
    const pfn = k.r(R.pfn);
    const order = k.r(R.order);
    k.set(R.ret, 0);
    if (!k.checkFreeable(pfn, order, 'free_pages_prepare')) return;
    if (order === 0 && k.flags(pfn) & PG.hwpoison) {
      k.setHold(pfn, 0, HOLD.leaked);
      return;
    }
    for (let i = 0; i < 1 << order; i++)
      if (k.ref(pfn + i) !== 0) {
        k.fail('P4', `${k.who} frees ${k.block(pfn, order)}, but pfn ${pfn + i} still has refcount ${k.ref(pfn + i)} (bad_page: "nonzero _refcount")`, {
          pfns: [pfn + i],
        });
        return;
      }
    if (k.isHead(pfn)) {
      k.clearFlag(pfn, PG.head);
      k.setPriv(pfn, 0);
      for (let i = 1; i < 1 << order; i++) k.clearFlag(pfn + i, PG.tail);
    }
    k.set(R.ret, 1);
  },
  /** Ghost: the freed block's pages pass from the freeing thread to the kernel. */
  ghost_hand_to_kernel: (k: Mm) => {
    const pfn = k.r(R.pfn);
    for (let i = 0, n = 1 << k.r(R.order); i < n; i++) if (k.hold(pfn + i) === k.mine) k.setHold(pfn + i, 0, HOLD.none);
  },
  /** split_large_buddy(): pieces of min(order, pageblock_order) pages, from pfn to pfn + 2^order. */
  split_large_buddy_init: (k: Mm) => {
    const pfn = k.r(R.pfn);
    const order = k.r(R.order);
    k.set(R.base, pfn);
    k.set(R.end, pfn + (1 << order));
    k.set(R.n, Math.min(order, k.g.pageblockOrder));
  },
  /** split_large_buddy(): the next piece, with its own pageblock's migratetype. */
  next_piece: (k: Mm) => {
    const base = k.r(R.base);
    const n = k.r(R.n);
    k.set(R.pfn, base);
    k.set(R.order, n);
    k.set(R.mt, k.blockMt(base));
    k.set(R.base, base + (1 << n));
  },
  /** __free_one_page(): `account_freepages(zone, 1 << order, migratetype)`, once, up front. */
  account_freepages: (k: Mm) => k.accountFreepages(1 << k.r(R.order), k.r(R.mt)),
  /**
   * __free_one_page() merge: take the buddy off its list, retype its pageblock(s) if the types
   * differ (e6cf9e1c4cde), `pfn = buddy_pfn & pfn`, `order++`.
   */
  merge_with_buddy: (k: Mm) => {
    const pfn = k.r(R.pfn);
    const order = k.r(R.order);
    const mt = k.r(R.mt);
    const buddyPfn = pfn ^ (1 << order);
    if (k.pageWalk(pfn, buddyPfn - pfn, FN_FREE) === NIL) return;
    const bmt = order >= k.g.pageblockOrder ? k.blockMt(buddyPfn) : mt;
    k.delFromFreeList(buddyPfn, order, bmt, FN_FREE);
    if (bmt !== mt) k.changePageblockRange(buddyPfn, order, mt);
    k.covered('merge', order + 1);
    if (order >= k.g.pageblockOrder) k.covered(bmt === mt ? 'merge-same-type' : 'merge-mixed-types', order + 1);
    k.meter[COST.merges]++;
    k.set(R.pfn, buddyPfn & pfn);
    k.set(R.order, order + 1);
  },
  /**
   * __free_one_page() done_merging: set_buddy_order() and __add_to_free_list(), at the tail when
   * buddy_merge_likely() sees the next-higher buddy free (so the block lingers to be merged).
   * Coverage: a merge that stopped at MAX_PAGE_ORDER although the buddy is free, because it lies
   * in another section, is a section-boundary break.
   */
  add_to_free_list: (k: Mm) => {
    const pfn = k.r(R.pfn);
    const order = k.r(R.order);
    if (order >= k.g.maxOrder) {
      const buddyPfn = pfn ^ (1 << order);
      if (k.section(buddyPfn) !== k.section(pfn) && k.pageIsBuddy(buddyPfn, order)) k.covered('section-break');
    }
    let tail = false;
    if (order < k.g.maxOrder - 1) {
      const higher = pfn & ~(1 << order);
      tail = k.pageIsBuddy(higher ^ (1 << (order + 1)), order + 1);
    }
    k.addToFreeList(pfn, order, k.r(R.mt), tail, FN_FREE);
  },

  // ------------------------------------------------------------ split_page, speculative references
  /** split_page(): set_page_refcounted() on pages 1..2^order-1; each becomes an order-0 block. */
  split_page: (k: Mm) => {
    const pfn = k.r(R.pfn);
    const order = k.r(R.order);
    for (let i = 1; i < 1 << order; i++) {
      const p = k.pageWalk(pfn, i, 'split_page');
      if (p === NIL) return;
      k.setPageRefcounted(p, 'split_page');
    }
  },
  /** Ghost: after split_page the caller holds 2^order order-0 blocks. */
  ghost_hand_split_to_caller: (k: Mm) => {
    const pfn = k.r(R.pfn);
    for (let i = 0; i < 1 << k.r(R.order); i++) k.giveToPool(pfn + i, 0);
  },
  /**
   * The lookup of a speculative reference (workload.specLookup 'any'): the pointer to the page is
   * read (a page-cache slot, a PTE); the reference is taken by a later step.
   */
  lookup_page: (k: Mm) => k.set(R.head, 0),
  /** page_ref_add_unless(page, 1, 0): a speculative reference (page cache lookup, GUP-fast). */
  page_ref_inc: (k: Mm) => k.setRef(k.r(R.pfn), k.ref(k.r(R.pfn)) + 1),
  /** put_page() of the speculative reference. */
  put_page_testzero_spec: (k: Mm) => k.set(R.zero, k.putPageTestzero(k.r(R.pfn), 'put_page') ? 1 : 0),
  /**
   * The speculative holder dropped the last reference: it now frees the page with its compound
   * order (0 if not compound). Ghost: the page must have been given up by its caller; if a caller
   * still holds it, the count fell to 0 under a live user (P4).
   */
  last_put_frees_page: (k: Mm) => {
    const pfn = k.r(R.pfn);
    const order = k.isHead(pfn) ? k.priv(pfn) : 0;
    k.set(R.order, order);
    for (let i = 0; i < 1 << order; i++)
      if (k.hold(pfn + i) !== HOLD.ref) {
        k.fail('P4', `${k.who}'s put_page drops the refcount of pfn ${pfn} to 0 while pfn ${pfn + i} is still held by ${k.holderName(k.hold(pfn + i))}`, {
          pfns: [pfn],
          hint: 'The caller\'s reference was not counted: a page handed out with refcount 0, or a reference dropped twice.',
        });
        return;
      }
    k.setHold(pfn, order, k.mine);
    k.s[k.L.gUnit + pfn] = 0;
  },
};

/** Names of the buddy guards. */
export type BuddyGuard = keyof typeof guards;
/** Names of the buddy actions. */
export type BuddyAction = keyof typeof actions;
