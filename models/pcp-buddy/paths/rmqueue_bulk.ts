/**
 * rmqueue_bulk() of the RFC (reference §7.3), one zone->lock hold inside the caller's step
 * (rmqueue_pcplist holds this CPU's pcp->lock):
 * - phase 0 walks pcp->owned_blocks and, for each block of the requested migratetype, takes its
 *   free fragments back from the zone's lists onto this pageset (PagePCPBuddy), dropping the block
 *   from the list; a ghost check (P11) follows;
 * - phase 1, when a whole pageblock fits under pcp->high and one is free: claims it, takes
 *   ownership under zone->lock, and after zone->lock is dropped splits it on the pageset;
 * - phase 2 takes chunks between the requested order and pageblock_order, of the requested
 *   migratetype only (no stealing), split on the pageset unowned;
 * - phase 3 is the ordinary __rmqueue() loop with fallback and the rmqueue_mode memo.
 * With ownership off (the ownership-off variant) only phase 3 runs: the PCP model's refill.
 * Pages are counted in base pages (R.n wanted, R.end obtained).
 */
import { inline } from '../../../src/machine/compile.ts';
import { rmqueue } from '../../pcp/paths/__rmqueue.ts';
import { fromInput, pcpBuddy } from '../setup.ts';

export const rmqueueBulk = pcpBuddy.createMachine({
  id: 'rmqueue_bulk',
  context: fromInput,
  initial: 'lock',
  states: {
    lock: { always: [{ guard: 'ownership_enabled', actions: ['zone_lock', 'rfc_bulk_init'], target: 'phase0' }, { actions: ['zone_lock', 'rfc_bulk_init'], target: 'phase3' }] },
    phase0: { always: [{ guard: 'phase0_block_left', actions: 'phase0_next_block', target: 'phase0_match' }, { actions: 'ghost_fragment_recovery', target: 'phase0_done' }] },
    phase0_match: { always: [{ guard: 'phase0_block_matches', actions: 'recover_fragments', target: 'phase0' }, { target: 'phase0' }] },
    phase0_done: { always: [{ guard: 'refill_satisfied', target: 'unlock' }, { target: 'phase1' }] },
    phase1: {
      always: [{ guard: 'phase1_possible', actions: ['claim_pageblock', 'take_ownership', 'zone_unlock', 'split_claimed_block'], target: 'done' }, { target: 'phase2' }],
    },
    phase2: { always: [{ guard: 'phase2_chunk', actions: 'take_chunk', target: 'phase2' }, { target: 'phase3' }] },
    phase3: { always: [{ guard: 'bulk_more', target: '__rmqueue' }, { target: 'unlock' }] },
    __rmqueue: { ...inline(rmqueue), onDone: [{ guard: 'got_page', actions: 'rmqueue_bulk_add_tail', target: 'phase3' }, { target: 'unlock' }] },
    unlock: { always: { actions: 'zone_unlock', target: 'done' } },
    done: { type: 'final' },
  },
});
