/**
 * alloc_pages(gfp, order) as the PCP model has it (rmqueue_pcplist(), or rmqueue_buddy(), here
 * with the HIGHATOMIC reserve), then for a high-order atomic allocation (ALLOC_HIGHATOMIC)
 * reserve_highatomic_pageblock() before get_page_from_freelist() returns the page: the caller
 * gets it after the reservation.
 */
import { inline } from '../../../src/machine/compile.ts';
import { rmqueuePcplist } from '../../pcp/paths/rmqueue_pcplist.ts';
import { fromInput, isolation } from '../setup.ts';
import { reserveHighatomicPageblock } from './reserve_highatomic_pageblock.ts';
import { rmqueueBuddy } from './rmqueue_buddy.ts';

export const allocPages = isolation.createMachine({
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
      always: [
        { guard: 'reserve_wanted', actions: ['prep_new_page', 'ghost_hold_in_flight'], target: 'reserve_highatomic_pageblock' },
        { guard: 'got_page', actions: ['prep_new_page', 'ghost_hand_to_caller'], target: 'done' },
        { target: 'done' },
      ],
    },
    reserve_highatomic_pageblock: { ...inline(reserveHighatomicPageblock), onDone: { actions: 'ghost_hand_to_caller', target: 'done' } },
    done: { type: 'final' },
  },
});
