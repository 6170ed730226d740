/**
 * alloc_pages(gfp, order) on the buddy: take zone->lock (one step), __rmqueue_smallest() of the
 * requested migratetype under it, release the lock and prep_new_page() (the next step; prep is
 * done in the same step as the unlock because it only touches pages nobody else can reach).
 */
import { inline } from '../../../src/machine/compile.ts';
import { buddy, fromInput } from '../setup.ts';
import { rmqueueSmallest } from './__rmqueue_smallest.ts';

export const allocPages = buddy.createMachine({
  id: 'alloc_pages',
  context: fromInput,
  initial: 'spin_lock',
  states: {
    spin_lock: { on: { STEP: { guard: 'zone_lock_free', actions: 'zone_lock', target: 'zone_locked' } } },
    zone_locked: { on: { STEP: { target: '__rmqueue_smallest' } } },
    __rmqueue_smallest: { ...inline(rmqueueSmallest), onDone: 'spin_unlock' },
    spin_unlock: { always: { actions: 'zone_unlock', target: 'prep_new_page' } },
    prep_new_page: {
      always: [{ guard: 'got_page', actions: ['prep_new_page', 'ghost_hand_to_caller'], target: 'done' }, { target: 'done' }],
    },
    done: { type: 'final' },
  },
});
