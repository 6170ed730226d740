/**
 * __move_freepages_block_isolate(zone, page, isolate) (pageblock_isolate_and_move_free_pages,
 * pageblock_unisolate_and_move_free_pages): a pageblock already in the state asked for is
 * refused; when pageblock_order < MAX_PAGE_ORDER, a free buddy larger than the pageblock that
 * covers it (straddling its start, or starting at it) is taken off its list, the pageblock's
 * isolation toggled, and the buddy freed again by split_large_buddy() in pageblock pieces, each
 * with its own pageblock's type; otherwise the pageblock's free pages move between its
 * migratetype's lists and MIGRATE_ISOLATE's and the isolation is toggled. Runs inside its
 * caller's zone->lock step (IR.cur the pageblock, IR.iso the direction).
 */
import { inline } from '../../../src/machine/compile.ts';
import { splitLargeBuddy } from '../../buddy/paths/free_one_page.ts';
import { fromInput, isolation } from '../setup.ts';

export const moveFreepagesBlockIsolate = isolation.createMachine({
  id: 'move_freepages_block_isolate',
  context: fromInput,
  initial: 'check',
  states: {
    check: {
      always: [
        { guard: 'mfbi_same_state', actions: 'mfbi_refuse', target: 'done' },
        { guard: 'pageblock_is_max_order', target: 'move' },
        { guard: 'mfbi_straddler', actions: 'mfbi_take_buddy', target: 'split_large_buddy' },
        { guard: 'mfbi_larger_head', actions: 'mfbi_take_buddy', target: 'split_large_buddy' },
        { target: 'move' },
      ],
    },
    split_large_buddy: { ...inline(splitLargeBuddy), onDone: 'done' },
    move: { always: { actions: 'mfbi_move', target: 'done' } },
    done: { type: 'final' },
  },
});
