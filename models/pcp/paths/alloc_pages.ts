/**
 * alloc_pages(gfp, order) through rmqueue(): a PCP order tries rmqueue_pcplist() (its trylock
 * in the first step); a failed trylock, an empty refill or a non-PCP order goes to
 * rmqueue_buddy(), in the same step when zone->lock is free. prep_new_page() runs in the step
 * that ends the allocation (it touches only the pages being handed out).
 */
import { inline } from '../../../src/machine/compile.ts';
import { fromInput, pcp } from '../setup.ts';
import { rmqueueBuddy } from './rmqueue_buddy.ts';
import { rmqueuePcplist } from './rmqueue_pcplist.ts';

export const allocPages = pcp.createMachine({
  id: 'alloc_pages',
  context: fromInput,
  initial: 'rmqueue',
  states: {
    rmqueue: {
      on: {
        STEP: [
          { guard: 'pcp_order_trylock_ok', actions: 'pcp_trylock', target: 'rmqueue_pcplist' },
          { guard: 'zone_lock_free', target: 'rmqueue_buddy' },
          { target: 'spin_lock' },
        ],
      },
    },
    rmqueue_pcplist: {
      ...inline(rmqueuePcplist),
      onDone: [{ guard: 'got_page', target: 'prep_new_page' }, { guard: 'zone_lock_free', target: 'rmqueue_buddy' }, { target: 'spin_lock' }],
    },
    spin_lock: { on: { STEP: { guard: 'zone_lock_free', target: 'rmqueue_buddy' } } },
    rmqueue_buddy: { ...inline(rmqueueBuddy), onDone: 'prep_new_page' },
    prep_new_page: {
      always: [{ guard: 'got_page', actions: ['prep_new_page', 'ghost_hand_to_caller'], target: 'done' }, { target: 'done' }],
    },
    done: { type: 'final' },
  },
});
