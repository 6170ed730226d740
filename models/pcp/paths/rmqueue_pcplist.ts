/**
 * rmqueue_pcplist() after a successful pcp_spin_trylock, in the same step: take the head of the
 * list, or refill it with rmqueue_bulk() when zone->lock is free (otherwise wait for it at
 * `spin_lock`, holding pcp->lock); then `pcp->count += alloced << order` and take the head (the
 * next step: the count is updated after zone->lock is dropped, still under pcp->lock). A list
 * still empty returns NULL.
 */
import { inline } from '../../../src/machine/compile.ts';
import { fromInput, pcp } from '../setup.ts';
import { rmqueueBulk } from './rmqueue_bulk.ts';

export const rmqueuePcplist = pcp.createMachine({
  id: 'rmqueue_pcplist',
  context: fromInput,
  initial: 'list',
  states: {
    list: {
      always: [
        { guard: 'pcp_list_nonempty', actions: ['pcp_take_head', 'pcp_unlock'], target: 'done' },
        { guard: 'zone_lock_free', target: 'rmqueue_bulk' },
        { target: 'spin_lock' },
      ],
    },
    spin_lock: { on: { STEP: { guard: 'zone_lock_free', target: 'rmqueue_bulk' } } },
    rmqueue_bulk: { ...inline(rmqueueBulk), onDone: 'count' },
    count: {
      on: {
        STEP: [
          { guard: 'pcp_list_nonempty', actions: ['pcp_count_add_alloced', 'pcp_take_head', 'pcp_unlock'], target: 'done' },
          { actions: ['pcp_count_add_alloced', 'pcp_no_page', 'pcp_unlock'], target: 'done' },
        ],
      },
    },
    done: { type: 'final' },
  },
});
