/**
 * free_pcppages_bulk(zone, count, pcp, pindex): clamp count to pcp->count, take zone->lock
 * (the caller's label waited for it, holding pcp->lock), walk the lists round-robin from
 * `pindex`, freeing the coldest block of each (its migratetype read now, under the lock) through
 * __free_one_page() until count is used up. With every list empty while count is still
 * positive, the kernel's `do { } while (list_empty(list))` spins for ever, holding zone->lock
 * (88e8ac11d2ea): the model parks the thread at `spin_forever`, which no step leaves.
 */
import { inline } from '../../../src/machine/compile.ts';
import { freeOnePageCore } from '../../buddy/paths/__free_one_page.ts';
import { fromInput, pcp } from '../setup.ts';

export const freePcppagesBulk = pcp.createMachine({
  id: 'free_pcppages_bulk',
  context: fromInput,
  initial: 'clamp',
  states: {
    clamp: { always: { actions: ['bulk_clamp', 'bulk_start', 'zone_lock'], target: 'pick' } },
    pick: {
      always: [
        { guard: 'bulk_count_done', actions: 'zone_unlock', target: 'done' },
        { guard: 'bulk_lists_empty', target: 'spin_forever' },
        { actions: 'bulk_next_list', target: 'take' },
      ],
    },
    take: { always: { actions: 'bulk_take_tail', target: '__free_one_page' } },
    __free_one_page: { ...inline(freeOnePageCore), onDone: [{ guard: 'bulk_same_list', target: 'take' }, { target: 'pick' }] },
    spin_forever: { on: { STEP: { guard: 'never', target: 'done' } } },
    done: { type: 'final' },
  },
});
