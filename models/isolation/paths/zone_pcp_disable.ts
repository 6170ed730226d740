/**
 * zone_pcp_disable(zone): mutex_lock(&pcp_batch_high_lock) and every pageset's high 0, batch 1
 * (one step), then __drain_all_pages(zone, true), which drains every CPU's pageset whatever its
 * pcp->count reads. "A concurrent page freeing on another CPU that's about to put the page on
 * pcplist will either finish before the drain and the page will be drained, or observe the new
 * high limit and skip the pcplist": from its return (P13) until zone_pcp_enable() no page stays
 * on a pageset. zone_pcp_enable(zone): high and batch back, the mutex released (one step).
 */
import { inline } from '../../../src/machine/compile.ts';
import { drainPagesZone } from '../../pcp/paths/drain_pages_zone.ts';
import { fromInput, isolation } from '../setup.ts';

/** __drain_all_pages(zone, force_all_cpus = true). */
export const drainAllPagesForce = isolation.createMachine({
  id: '__drain_all_pages',
  context: fromInput,
  initial: 'mutex_lock',
  states: {
    mutex_lock: { on: { STEP: { guard: 'drain_mutex_free', actions: ['drain_mutex_lock', 'drain_all_cpus'], target: 'next_cpu' } } },
    next_cpu: {
      always: [{ guard: 'drain_cpus_left', actions: 'drain_next_cpu', target: 'drain_pages_zone' }, { actions: 'drain_mutex_unlock', target: 'done' }],
    },
    drain_pages_zone: { ...inline(drainPagesZone), onDone: 'next_cpu' },
    done: { type: 'final' },
  },
});

export const zonePcpDisable = isolation.createMachine({
  id: 'zone_pcp_disable',
  context: fromInput,
  initial: 'mutex_lock',
  states: {
    mutex_lock: { on: { STEP: { guard: 'batch_lock_free', actions: ['batch_lock', 'pcp_high_zero'], target: '__drain_all_pages' } } },
    __drain_all_pages: { ...inline(drainAllPagesForce), onDone: { actions: 'ghost_pcp_disabled', target: 'done' } },
    done: { type: 'final' },
  },
});

export const zonePcpEnable = isolation.createMachine({
  id: 'zone_pcp_enable',
  context: fromInput,
  initial: 'enable',
  states: {
    enable: { on: { STEP: { actions: 'zone_pcp_enable', target: 'done' } } },
    done: { type: 'final' },
  },
});
