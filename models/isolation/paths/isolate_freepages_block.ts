/**
 * Compaction's free scanner on one pageblock (mm/compaction.c): isolate_freepages()'s
 * suitable_migration_target() of the pageblock (a step, read without zone->lock), then
 * isolate_freepages_block(cc, &start_pfn, end_pfn, freelist, 1, false) with cc->nr_migratepages
 * 1: a lockless PageBuddy() test per pfn (a step each); at the first free page zone->lock (a
 * step) and the recheck, then, with the lock kept, __isolate_free_page() of the first free block
 * found, which turns a block of at least half a pageblock's pageblocks MOVABLE and moves their
 * other free pages (b54ccd3c6bac). The block becomes a migration target, or release_free_list()
 * gives it back; either way a caller holds it (ifb_hand_to_caller). The migration scanner and
 * the migration itself are not modelled (alloc_contig_range() and offline_pages() have their
 * stand-in). IR.scan is the cursor, IR.end the pageblock's end, IR.prio the run's priority.
 */
import { fromInput, isolation } from '../setup.ts';

export const isolateFreepagesBlock = isolation.createMachine({
  id: 'isolate_freepages_block',
  context: fromInput,
  initial: 'suitable_migration_target',
  states: {
    suitable_migration_target: { on: { STEP: [{ guard: 'ifb_unsuitable_target', target: 'done' }, { target: 'scan' }] } },
    scan: { always: [{ guard: 'ifb_at_end', target: 'done' }, { target: 'page_buddy' }] },
    page_buddy: { on: { STEP: [{ guard: 'ifb_page_buddy', target: 'spin_lock' }, { actions: 'ifb_next', target: 'scan' }] } },
    spin_lock: { on: { STEP: { guard: 'zone_lock_free', actions: 'zone_lock', target: 'locked' } } },
    // "If we already hold the lock, we can skip some rechecking": the scan goes on under it.
    locked: {
      always: [
        { guard: 'ifb_at_end', target: 'spin_unlock' },
        { guard: 'ifb_page_buddy', actions: 'ifb_isolate', target: 'spin_unlock' },
        { actions: 'ifb_next', target: 'locked' },
      ],
    },
    spin_unlock: {
      always: [
        { guard: 'ifb_isolated', actions: ['zone_unlock', 'ifb_hand_to_caller'], target: 'done' },
        { actions: 'zone_unlock', target: 'done' },
      ],
    },
    done: { type: 'final' },
  },
});
