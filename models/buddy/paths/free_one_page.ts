/**
 * free_one_page(zone, page, pfn, order, fpi): take zone->lock (one step), then under it
 * split_large_buddy() frees pageblock-sized pieces, each with its own block's migratetype,
 * through __free_one_page(), and the lock is released (the next step).
 */
import { inline } from '../../../src/machine/compile.ts';
import { buddy, fromInput } from '../setup.ts';
import { freeOnePageCore } from './__free_one_page.ts';

export const splitLargeBuddy = buddy.createMachine({
  id: 'split_large_buddy',
  context: fromInput,
  initial: 'init',
  states: {
    init: { always: { actions: 'split_large_buddy_init', target: 'piece' } },
    piece: { always: [{ guard: 'pieces_left', actions: 'next_piece', target: '__free_one_page' }, { target: 'done' }] },
    __free_one_page: { ...inline(freeOnePageCore), onDone: 'piece' },
    done: { type: 'final' },
  },
});

export const freeOnePage = buddy.createMachine({
  id: 'free_one_page',
  context: fromInput,
  initial: 'spin_lock',
  states: {
    spin_lock: { on: { STEP: { guard: 'zone_lock_free', actions: 'zone_lock', target: 'zone_locked' } } },
    zone_locked: { on: { STEP: { actions: 'ghost_hand_to_kernel', target: 'split_large_buddy' } } },
    split_large_buddy: { ...inline(splitLargeBuddy), onDone: 'spin_unlock' },
    spin_unlock: { always: { actions: 'zone_unlock', target: 'done' } },
    done: { type: 'final' },
  },
});
