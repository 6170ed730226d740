/**
 * __rmqueue_claim(zone, order, start_mt, alloc_flags): from MAX_PAGE_ORDER down to `order`, the
 * first order with a suitable fallback list gives a candidate block, and try_to_claim_block()
 * either converts its pageblock(s) to the requested type or refuses (reference §5.3). Runs
 * inside the caller's zone->lock step; ALLOC_NOFRAGMENT is not modelled (min_order = order).
 */
import { inline } from '../../../src/machine/compile.ts';
import { rmqueueSmallest } from '../../buddy/paths/__rmqueue_smallest.ts';
import { fromInput, pcp } from '../setup.ts';

/**
 * try_to_claim_block(): a block of pageblock_order or more is taken whole (every covered
 * pageblock retyped); a smaller one claims its pageblock when free + alike pages are at least
 * half of it, moving the block's free pages, then allocates from the requested type.
 */
export const tryToClaimBlock = pcp.createMachine({
  id: 'try_to_claim_block',
  context: fromInput,
  initial: 'decide',
  states: {
    decide: {
      always: [
        { guard: 'order_covers_pageblock', actions: 'claim_whole_block', target: 'done' },
        { guard: 'claim_half_block', actions: 'move_freepages_block', target: '__rmqueue_smallest' },
        { actions: 'no_page', target: 'done' },
      ],
    },
    __rmqueue_smallest: { ...inline(rmqueueSmallest), onDone: 'done' },
    done: { type: 'final' },
  },
});

export const rmqueueClaim = pcp.createMachine({
  id: '__rmqueue_claim',
  context: fromInput,
  initial: 'init',
  states: {
    init: { always: { actions: 'claim_init', target: 'search' } },
    search: {
      always: [
        { guard: 'claim_below_min', actions: 'no_page', target: 'done' },
        { guard: 'claim_refused', actions: 'claim_stop', target: 'done' },
        { guard: 'claim_no_fallback', actions: 'claim_skip_order', target: 'search' },
        { actions: 'claim_pick', target: 'try_to_claim_block' },
      ],
    },
    try_to_claim_block: {
      ...inline(tryToClaimBlock),
      onDone: [{ guard: 'got_page', target: 'done' }, { actions: 'claim_next_order', target: 'search' }],
    },
    done: { type: 'final' },
  },
});
