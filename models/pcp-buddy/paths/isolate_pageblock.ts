/**
 * Isolation of one pageblock, as alloc_contig_range() does it (start_isolate_page_range(), the
 * pageset drains, then undo_isolate_page_range()), with what the RFC needs and does not say: what
 * becomes of a block another CPU owns. The baseline takes the owner's pcp->lock, then zone->lock,
 * re-reads the owner under them, marks the block isolated, frees the owner's pieces of it to the
 * buddy and releases the block (owner and owned_blocks). Before the block is made usable again,
 * the ghost check of Q2 asserts that no owned state survived.
 *
 * Abstractions: only the owner's pageset is drained of the block (the other pagesets hold no
 * owned piece of it); the free pages of an isolated block stay on their lists, but no allocation
 * takes them (in the kernel they are on the ISOLATE list); alloc_contig_range's migration and
 * page taking are not modelled.
 */
import { inline } from '../../../src/machine/compile.ts';
import { freeOnePageCore } from '../../buddy/paths/__free_one_page.ts';
import { fromInput, pcpBuddy } from '../setup.ts';

export const isolatePageblock = pcpBuddy.createMachine({
  id: 'isolate_pageblock',
  context: fromInput,
  initial: 'read_owner',
  states: {
    read_owner: { on: { STEP: { target: 'route' } } },
    route: { always: [{ guard: 'target_owned', actions: 'read_target_owner', target: 'spin_lock' }, { target: 'zone_lock_unowned' }] },
    spin_lock: { on: { STEP: { guard: 'target_pcp_lock_free', actions: 'pcp_lock_target', target: 'recheck' } } },
    // Ownership changes only under the owner's pcp->lock: re-read it now that it is held.
    recheck: { always: [{ guard: 'target_still_owned_by_locked', target: 'zone_lock' }, { actions: 'pcp_unlock_target', target: 'route' }] },
    zone_lock: { on: { STEP: { guard: 'zone_lock_free', actions: ['zone_lock', 'isolate_target', 'take_target_pieces'], target: 'pieces' } } },
    pieces: {
      always: [
        { guard: 'block_pieces_left', actions: 'next_block_piece', target: '__free_one_page' },
        { actions: ['release_target', 'zone_unlock', 'pcp_unlock_target'], target: 'undo' },
      ],
    },
    __free_one_page: { ...inline(freeOnePageCore), onDone: 'pieces' },
    zone_lock_unowned: {
      on: {
        STEP: [
          { guard: 'target_owned', target: 'route' },
          { guard: 'zone_lock_free', actions: ['zone_lock', 'isolate_target', 'zone_unlock'], target: 'undo' },
        ],
      },
    },
    undo: { on: { STEP: { guard: 'zone_lock_free', actions: ['ghost_isolation_postcondition', 'unisolate_target'], target: 'done' } } },
    done: { type: 'final' },
  },
});
