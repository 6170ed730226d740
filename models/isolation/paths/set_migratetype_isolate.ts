/**
 * set_migratetype_isolate(page, mode, start_pfn, end_pfn), one zone->lock hold (a step): -EBUSY
 * when the pageblock (IR.cur) is isolated already or has_unmovable_pages() finds an unmovable
 * page in its part of the range; otherwise pageblock_isolate_and_move_free_pages() isolates it
 * and moves its free pages to MIGRATE_ISOLATE, splitting a free buddy that straddles it.
 * (PageUnaccepted memory and zone->nr_isolate_pageblock are not modelled.)
 */
import { inline } from '../../../src/machine/compile.ts';
import { fromInput, isolation } from '../setup.ts';
import { moveFreepagesBlockIsolate } from './move_freepages_block_isolate.ts';

export const setMigratetypeIsolate = isolation.createMachine({
  id: 'set_migratetype_isolate',
  context: fromInput,
  initial: 'spin_lock',
  states: {
    spin_lock: { on: { STEP: { guard: 'zone_lock_free', actions: ['zone_lock', 'smi_check'], target: 'decide' } } },
    decide: { always: [{ guard: 'iso_busy', target: 'spin_unlock' }, { actions: 'mfbi_isolate', target: 'move_freepages_block_isolate' }] },
    move_freepages_block_isolate: { ...inline(moveFreepagesBlockIsolate), onDone: 'spin_unlock' },
    spin_unlock: { always: { actions: 'zone_unlock', target: 'done' } },
    done: { type: 'final' },
  },
});
