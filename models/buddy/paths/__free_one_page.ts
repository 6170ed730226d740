/**
 * __free_one_page(page, pfn, zone, order, migratetype, fpi): account the pages, merge with free
 * buddies of the same order while the pageblock rule allows, put the result on its list.
 * Caller holds zone->lock; runs inside the caller's step.
 */
import { buddy, fromInput } from '../setup.ts';

export const freeOnePageCore = buddy.createMachine({
  id: '__free_one_page',
  context: fromInput,
  initial: 'account',
  states: {
    account: { always: { actions: 'account_freepages', target: 'find_buddy' } },
    find_buddy: {
      always: [
        { guard: 'order_is_max', target: 'done_merging' },
        { guard: 'buddy_can_merge', actions: 'merge_with_buddy', target: 'find_buddy' },
        { target: 'done_merging' },
      ],
    },
    done_merging: { always: { actions: 'add_to_free_list', target: 'done' } },
    done: { type: 'final' },
  },
});
