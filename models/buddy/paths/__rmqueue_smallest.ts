/**
 * __rmqueue_smallest(zone, order, migratetype): the first block of order >= `order` on the
 * migratetype's lists, taken off (page_del_and_expand) and split down by expand().
 * Runs inside the caller's zone->lock step.
 */
import { inline } from '../../../src/machine/compile.ts';
import { buddy, fromInput } from '../setup.ts';
import { expand } from './expand.ts';

export const rmqueueSmallest = buddy.createMachine({
  id: '__rmqueue_smallest',
  context: fromInput,
  initial: 'first_order',
  states: {
    first_order: { always: { actions: 'current_order_is_order', target: 'search' } },
    search: {
      always: [
        { guard: 'current_order_above_max', actions: 'no_page', target: 'done' },
        { guard: 'free_list_empty', actions: 'next_order', target: 'search' },
        { actions: ['get_page_from_free_area', 'del_page_from_free_list'], target: 'expand' },
      ],
    },
    expand: { ...inline(expand), onDone: 'account' },
    account: { always: { actions: 'account_allocated', target: 'done' } },
    done: { type: 'final' },
  },
});
