/**
 * rmqueue_bulk(zone, order, count, list, migratetype, alloc_flags): one zone->lock hold for the
 * whole batch, one rmqueue_mode carried across it (seed 003), each block added to the tail of
 * the PCP list so the list is in physical order; stops at the first NULL. Runs inside the
 * caller's step (the caller's label waited for zone->lock).
 */
import { inline } from '../../../src/machine/compile.ts';
import { fromInput, pcp } from '../setup.ts';
import { rmqueue } from './__rmqueue.ts';

export const rmqueueBulk = pcp.createMachine({
  id: 'rmqueue_bulk',
  context: fromInput,
  initial: 'lock',
  states: {
    lock: { always: { actions: ['zone_lock', 'rmqueue_bulk_init'], target: 'loop' } },
    loop: { always: [{ guard: 'bulk_more', target: '__rmqueue' }, { target: 'unlock' }] },
    __rmqueue: { ...inline(rmqueue), onDone: [{ guard: 'got_page', actions: 'rmqueue_bulk_add_tail', target: 'loop' }, { target: 'unlock' }] },
    unlock: { always: { actions: 'zone_unlock', target: 'done' } },
    done: { type: 'final' },
  },
});
