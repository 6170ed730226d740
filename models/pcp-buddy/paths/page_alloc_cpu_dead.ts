/**
 * page_alloc_cpu_dead(cpu), run by a surviving CPU once `cpu` is down (reference §4.5), with what
 * the RFC needs and does not say: what becomes of the dead CPU's owned blocks. The baseline
 * releases them first, under the dead CPU's pcp->lock and zone->lock (every block it owns loses
 * its owner, its owned_blocks list is emptied, its pieces lose PagePCPBuddy), then drains its
 * pageset as today (drain_pages). A free that read the dead CPU as owner and waits for its
 * pcp->lock re-reads the owner under it and goes elsewhere. At the end the CPU is offline, and
 * Q2 holds from then on: it owns nothing and its pageset stays empty.
 */
import { inline } from '../../../src/machine/compile.ts';
import { drainPagesZone } from '../../pcp/paths/drain_pages_zone.ts';
import { fromInput, pcpBuddy } from '../setup.ts';

export const pageAllocCpuDead = pcpBuddy.createMachine({
  id: 'page_alloc_cpu_dead',
  context: fromInput,
  initial: 'cpu_down',
  states: {
    cpu_down: { on: { STEP: { actions: 'cpu_going_down', target: 'spin_lock' } } },
    spin_lock: { on: { STEP: { guard: 'target_pcp_lock_free', actions: 'pcp_lock_target', target: 'zone_lock' } } },
    zone_lock: { on: { STEP: { guard: 'zone_lock_free', actions: ['release_dead_cpu', 'pcp_unlock_target'], target: 'drain_pages' } } },
    drain_pages: { ...inline(drainPagesZone), onDone: { actions: 'cpu_offline', target: 'done' } },
    done: { type: 'final' },
  },
});
