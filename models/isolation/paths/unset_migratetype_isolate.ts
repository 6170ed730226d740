/**
 * unset_migratetype_isolate(page), one zone->lock hold (a step) on the pageblock IR.cur: nothing
 * when it is not isolated; when it starts with a free buddy of pageblock_order or more (below
 * MAX_PAGE_ORDER) whose buddy is free and not isolated, __isolate_free_page() takes it, the
 * isolation is cleared and __putback_isolated_page() frees it again with the pageblock's type, so
 * that it merges ("Isolation and free will make these pages to be merged"); otherwise
 * pageblock_unisolate_and_move_free_pages() moves the free pages back and clears the isolation.
 */
import { inline } from '../../../src/machine/compile.ts';
import { fromInput, isolation } from '../setup.ts';
import { freeOnePage } from './__free_one_page.ts';
import { moveFreepagesBlockIsolate } from './move_freepages_block_isolate.ts';

export const unsetMigratetypeIsolate = isolation.createMachine({
  id: 'unset_migratetype_isolate',
  context: fromInput,
  initial: 'spin_lock',
  states: {
    spin_lock: { on: { STEP: { guard: 'zone_lock_free', actions: 'zone_lock', target: 'check' } } },
    check: {
      always: [
        { guard: 'cur_not_isolated', target: 'spin_unlock' },
        { guard: 'unset_buddy_free', actions: 'unset_isolate_free_page', target: 'putback' },
        { actions: 'mfbi_unisolate', target: 'move_freepages_block_isolate' },
      ],
    },
    putback: {
      always: [{ guard: 'isolated_page', actions: 'unset_putback', target: '__putback_isolated_page' }, { actions: 'mfbi_unisolate', target: 'move_freepages_block_isolate' }],
    },
    __putback_isolated_page: { ...inline(freeOnePage), onDone: { actions: 'unset_putback_done', target: 'spin_unlock' } },
    move_freepages_block_isolate: { ...inline(moveFreepagesBlockIsolate), onDone: 'spin_unlock' },
    spin_unlock: { always: { actions: 'zone_unlock', target: 'done' } },
    done: { type: 'final' },
  },
});
