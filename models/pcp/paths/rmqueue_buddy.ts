/**
 * rmqueue_buddy(): one block straight from the buddy under zone->lock, with a fresh
 * RMQUEUE_NORMAL mode for its single __rmqueue. Runs inside the caller's step (the caller's
 * label waited for zone->lock). ALLOC_HIGHATOMIC reserves are not modelled.
 */
import { inline } from '../../../src/machine/compile.ts';
import { fromInput, pcp } from '../setup.ts';
import { rmqueue } from './__rmqueue.ts';

export const rmqueueBuddy = pcp.createMachine({
  id: 'rmqueue_buddy',
  context: fromInput,
  initial: 'lock',
  states: {
    lock: { always: { actions: ['zone_lock', 'rmqueue_mode_fresh'], target: '__rmqueue' } },
    __rmqueue: { ...inline(rmqueue), onDone: 'unlock' },
    unlock: { always: { actions: 'zone_unlock', target: 'done' } },
    done: { type: 'final' },
  },
});
