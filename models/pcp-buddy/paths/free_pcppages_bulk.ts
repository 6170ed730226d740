/**
 * free_pcppages_bulk(zone, count, pcp, pindex) of the RFC, on the pageset R.cpu, in one
 * zone->lock hold (the caller's label waited for the lock, holding pcp->lock): the PCP model's
 * round-robin over the lists, coldest block first, with one addition. A block marked
 * PagePCPBuddy is an owned piece: the merge pass takes every piece of its pageblock off this
 * pageset ("a bottom-up merge pass runs under pcp->lock on drain, freeing larger chunks under
 * zone->lock"). A whole pageblock goes to the buddy as one block and its ownership is released;
 * the pieces of a partial one are freed to the tail of the zone's free lists ("queued last")
 * and the block is remembered on pcp->owned_blocks, still owned, for phase 0 to recover.
 */
import { inline } from '../../../src/machine/compile.ts';
import { freeOnePageCore } from '../../buddy/paths/__free_one_page.ts';
import { fromInput, pcpBuddy } from '../setup.ts';

/**
 * __free_one_page() of a fragment: account, merge with free buddies as far as the pageblock
 * rule allows, then queue the result at the tail of its list and remember the block.
 */
export const freeFragment = pcpBuddy.createMachine({
  id: 'free_fragment',
  context: fromInput,
  initial: 'account',
  states: {
    account: { always: { actions: 'account_freepages', target: 'find_buddy' } },
    find_buddy: {
      always: [
        { guard: 'order_is_max', target: 'done_merging' },
        { guard: 'buddy_can_merge', actions: 'merge_with_buddy', target: 'find_buddy' },
        { target: 'done_merging' },
      ],
    },
    done_merging: { always: { actions: ['queue_fragment_tail', 'remember_block'], target: 'done' } },
    done: { type: 'final' },
  },
});

export const freePcppagesBulk = pcpBuddy.createMachine({
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
    take: { always: { actions: 'bulk_take_tail', target: 'owned' } },
    owned: { always: [{ guard: 'taken_pcp_buddy', actions: 'take_owned_block', target: 'block' }, { target: '__free_one_page' }] },
    __free_one_page: { ...inline(freeOnePageCore), onDone: [{ guard: 'bulk_same_list', target: 'take' }, { target: 'pick' }] },
    block: {
      always: [
        { guard: 'block_whole', actions: 'whole_block_piece', target: 'free_whole' },
        { guard: 'block_pieces_left', actions: 'next_block_piece', target: 'free_fragment' },
        { target: 'block_done' },
      ],
    },
    free_whole: { ...inline(freeOnePageCore), onDone: { actions: 'release_block', target: 'block_done' } },
    free_fragment: { ...inline(freeFragment), onDone: 'block' },
    block_done: { always: [{ guard: 'bulk_same_list', target: 'take' }, { target: 'pick' }] },
    spin_forever: { on: { STEP: { guard: 'never', target: 'done' } } },
    done: { type: 'final' },
  },
});
