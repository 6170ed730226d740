/**
 * drain_pages_zone(cpu, zone), from any CPU: each iteration takes the pageset's lock with a
 * plain spin_lock and reads pcp->count under it (a step), frees min(count, batch << SCALE_MAX)
 * pages with free_pcppages_bulk() once zone->lock is free (a step), and unlocks; it loops while
 * the count it read was larger (reference §4.5, the 66eca1021a42 form). At its return the ghost
 * check asserts the pageset was seen empty.
 */
import { inline } from '../../../src/machine/compile.ts';
import { fromInput, pcp } from '../setup.ts';
import { freePcppagesBulk } from './free_pcppages_bulk.ts';

export const drainPagesZone = pcp.createMachine({
  id: 'drain_pages_zone',
  context: fromInput,
  initial: 'spin_lock',
  states: {
    spin_lock: { on: { STEP: { guard: 'target_pcp_lock_free', actions: ['pcp_lock_target', 'drain_read_count'], target: 'count' } } },
    count: {
      always: [{ guard: 'drain_count_zero', actions: ['pcp_unlock_target', 'ghost_drain_postcondition'], target: 'done' }, { actions: 'drain_batch', target: 'zone_lock' }],
    },
    zone_lock: { on: { STEP: { guard: 'zone_lock_free', target: 'free_pcppages_bulk' } } },
    free_pcppages_bulk: { ...inline(freePcppagesBulk), onDone: 'unlock' },
    unlock: {
      always: [
        { guard: 'drain_count_zero', actions: ['pcp_unlock_target', 'ghost_drain_postcondition'], target: 'done' },
        { actions: 'pcp_unlock_target', target: 'spin_lock' },
      ],
    },
    done: { type: 'final' },
  },
});
