/**
 * decay_pcp_high(zone, pcp), the vmstat worker on the pageset's own CPU: `to_drain =
 * pcp->count - pcp->high` read without the lock (a step; with high_min == high_max, high itself
 * never decays), then batches of min(to_drain, batch), each under pcp->lock (a step) and
 * zone->lock (a step).
 */
import { inline } from '../../../src/machine/compile.ts';
import { fromInput, pcp } from '../setup.ts';
import { freePcppagesBulk } from './free_pcppages_bulk.ts';

export const decayPcpHigh = pcp.createMachine({
  id: 'decay_pcp_high',
  context: fromInput,
  initial: 'read',
  states: {
    read: { on: { STEP: { actions: 'decay_read', target: 'loop' } } },
    loop: { always: [{ guard: 'drain_count_zero', target: 'done' }, { actions: 'decay_batch', target: 'spin_lock' }] },
    spin_lock: { on: { STEP: { guard: 'target_pcp_lock_free', actions: 'pcp_lock_target', target: 'zone_lock' } } },
    zone_lock: { on: { STEP: { guard: 'zone_lock_free', target: 'free_pcppages_bulk' } } },
    free_pcppages_bulk: { ...inline(freePcppagesBulk), onDone: { actions: 'pcp_unlock_target', target: 'loop' } },
    done: { type: 'final' },
  },
});
