/**
 * test_pages_isolated(start_pfn, end_pfn, mode) on [IR.outerStart, IR.end): a lockless check that
 * every pageblock is isolated (a step), then under zone->lock (a step) the walk over the pages:
 * each must be a free buddy (or, offlining, hwpoisoned). IR.ret is 0 or -EBUSY. P14 checks a
 * success against where the pages really are.
 */
import { fromInput, isolation } from '../setup.ts';

export const testPagesIsolated = isolation.createMachine({
  id: 'test_pages_isolated',
  context: fromInput,
  initial: 'pageblocks',
  states: {
    pageblocks: { on: { STEP: { actions: 'tpi_blocks', target: 'decide' } } },
    decide: { always: [{ guard: 'iso_busy', target: 'done' }, { target: 'spin_lock' }] },
    spin_lock: {
      on: { STEP: { guard: 'zone_lock_free', actions: ['zone_lock', 'tpi_walk', 'ghost_test_pages_isolated', 'zone_unlock'], target: 'done' } },
    },
    done: { type: 'final' },
  },
});
