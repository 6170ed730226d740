/**
 * reserve_highatomic_pageblock(page, order, zone), after a high-order atomic allocation got
 * its page: when nr_reserved_highatomic (read without the lock) is below the limit, one
 * later zone->lock hold (a step) rechecks it and reserves the page's pageblock, or every pageblock of
 * a buddy of pageblock_order or more (see reserve_highatomic_pageblock in ../impl.ts).
 */
import { fromInput, isolation } from '../setup.ts';

export const reserveHighatomicPageblock = isolation.createMachine({
  id: 'reserve_highatomic_pageblock',
  context: fromInput,
  initial: 'check',
  states: {
    // The limit read without the lock ("Check is race-prone but harmless"), at the end of the
    // step that got the page: another CPU may reserve before this one takes zone->lock.
    check: { always: [{ guard: 'reserve_full', target: 'done' }, { target: 'spin_lock' }] },
    spin_lock: { on: { STEP: { guard: 'zone_lock_free', actions: ['zone_lock', 'reserve_highatomic_pageblock', 'zone_unlock'], target: 'done' } } },
    done: { type: 'final' },
  },
});
