/**
 * __free_one_page(page, pfn, zone, order, migratetype, fpi) as mainline has it, with the
 * buddy's pageblock type read as a statement of its own, after page_is_buddy() validated the
 * buddy (787af64d05cd) and only below MAX_PAGE_ORDER (7ad69832f37e): account the pages, merge
 * while the buddy is free and, at pageblock_order and above, the pageblock rule allows it
 * (1dd214b8f21c: a non-mergeable type, ISOLATE, CMA or HIGHATOMIC, merges only with its own),
 * retyping a mergeable buddy's pageblocks (e6cf9e1c4cde), then list the result. Caller holds
 * zone->lock; runs inside the caller's step. Replaces the buddy model's machine of the same
 * name, whose outcome it keeps, so that mutants can move the type read.
 */
import { fromInput, isolation } from '../setup.ts';

export const freeOnePage = isolation.createMachine({
  id: '__free_one_page',
  context: fromInput,
  initial: 'account',
  states: {
    account: { always: { actions: 'account_freepages', target: 'find_buddy' } },
    find_buddy: {
      always: [{ guard: 'order_is_max', target: 'done_merging' }, { guard: 'buddy_is_free', target: 'check_type' }, { target: 'done_merging' }],
    },
    check_type: { always: [{ guard: 'below_pageblock_order', target: 'merge' }, { actions: 'read_buddy_migratetype', target: 'type_rule' }] },
    type_rule: { always: [{ guard: 'buddy_type_mergeable', target: 'merge' }, { target: 'done_merging' }] },
    merge: { always: { actions: 'merge_with_buddy', target: 'find_buddy' } },
    done_merging: { always: { actions: 'add_to_free_list', target: 'done' } },
    done: { type: 'final' },
  },
});
