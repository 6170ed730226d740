/**
 * drain_all_pages(zone) = __drain_all_pages(zone, false): take pcpu_drain_mutex (a zone caller
 * waits for it), pick the CPUs whose pcp->count reads nonzero (racy, in the same step), then
 * drain_pages_zone() each of them from this CPU, and release the mutex.
 */
import { inline } from '../../../src/machine/compile.ts';
import { fromInput, pcp } from '../setup.ts';
import { drainPagesZone } from './drain_pages_zone.ts';

export const drainAllPages = pcp.createMachine({
  id: 'drain_all_pages',
  context: fromInput,
  initial: 'mutex_lock',
  states: {
    mutex_lock: { on: { STEP: { guard: 'drain_mutex_free', actions: ['drain_mutex_lock', 'drain_cpus_with_pcps'], target: 'next_cpu' } } },
    next_cpu: {
      always: [{ guard: 'drain_cpus_left', actions: 'drain_next_cpu', target: 'drain_pages_zone' }, { actions: 'drain_mutex_unlock', target: 'done' }],
    },
    drain_pages_zone: { ...inline(drainPagesZone), onDone: 'next_cpu' },
    done: { type: 'final' },
  },
});
