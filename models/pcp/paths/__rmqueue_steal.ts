/**
 * __rmqueue_steal(zone, order, start_mt): from `order` up, the first fallback list with a block
 * gives it up through page_del_and_expand() under the fallback type, so the remainder stays on
 * that type's lists and the pageblock keeps its type (reference §5.3). Runs inside the caller's
 * zone->lock step.
 */
import { fromInput, pcp } from '../setup.ts';

export const rmqueueSteal = pcp.createMachine({
  id: '__rmqueue_steal',
  context: fromInput,
  initial: 'init',
  states: {
    init: { always: { actions: 'steal_init', target: 'search' } },
    search: {
      always: [
        { guard: 'current_order_above_max', actions: 'no_page', target: 'done' },
        { guard: 'steal_no_fallback', actions: 'steal_skip_order', target: 'search' },
        { actions: 'steal_block', target: 'done' },
      ],
    },
    done: { type: 'final' },
  },
});
