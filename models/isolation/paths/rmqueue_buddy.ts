/**
 * rmqueue_buddy() with the HIGHATOMIC reserve: under zone->lock (taken in the caller's step), an
 * ALLOC_HIGHATOMIC allocation tries __rmqueue_smallest(MIGRATE_HIGHATOMIC) first; then __rmqueue()
 * with a fresh RMQUEUE_NORMAL mode; when that fails, an ALLOC_NON_BLOCK (or ALLOC_OOM) allocation
 * falls back to the reserve ("failing now is worse than failing a high-order atomic allocation
 * in the future"). Replaces the PCP model's rmqueue_buddy everywhere it is inlined.
 */
import { inline } from '../../../src/machine/compile.ts';
import { rmqueueSmallest } from '../../buddy/paths/__rmqueue_smallest.ts';
import { rmqueue } from '../../pcp/paths/__rmqueue.ts';
import { fromInput, isolation } from '../setup.ts';

export const rmqueueBuddy = isolation.createMachine({
  id: 'rmqueue_buddy',
  context: fromInput,
  initial: 'lock',
  states: {
    lock: { always: { actions: ['zone_lock', 'rmqueue_mode_fresh'], target: 'highatomic' } },
    highatomic: { always: [{ guard: 'alloc_highatomic', actions: 'search_highatomic_lists', target: 'reserve_first' }, { target: '__rmqueue' }] },
    reserve_first: { ...inline(rmqueueSmallest), onDone: [{ guard: 'got_page', actions: 'search_own_lists', target: 'unlock' }, { actions: 'search_own_lists', target: '__rmqueue' }] },
    __rmqueue: { ...inline(rmqueue), onDone: [{ guard: 'got_page', target: 'unlock' }, { guard: 'alloc_non_block', actions: 'search_highatomic_lists', target: 'reserve_last' }, { target: 'unlock' }] },
    reserve_last: { ...inline(rmqueueSmallest), onDone: { actions: 'search_own_lists', target: 'unlock' } },
    unlock: { always: { actions: 'zone_unlock', target: 'done' } },
    done: { type: 'final' },
  },
});
