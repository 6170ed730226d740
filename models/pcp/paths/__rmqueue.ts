/**
 * __rmqueue(zone, order, migratetype, alloc_flags, &mode): the CMA balance check on every call,
 * then the search from the remembered rmqueue_mode: NORMAL (__rmqueue_smallest), CMA, CLAIM,
 * STEAL, falling through each stage. A CMA or steal success is remembered; a claim success
 * replenished the preferred lists, so the mode goes back to NORMAL (reference §5.4, seed 003).
 * Runs inside the caller's zone->lock step.
 */
import { inline } from '../../../src/machine/compile.ts';
import { rmqueueSmallest } from '../../buddy/paths/__rmqueue_smallest.ts';
import { fromInput, pcp } from '../setup.ts';
import { rmqueueClaim } from './__rmqueue_claim.ts';
import { rmqueueSteal } from './__rmqueue_steal.ts';

/** __rmqueue_cma_fallback() = __rmqueue_smallest(zone, order, MIGRATE_CMA). */
export const rmqueueCmaFallback = pcp.createMachine({
  id: '__rmqueue_cma_fallback',
  context: fromInput,
  initial: 'cma_lists',
  states: {
    cma_lists: { always: { actions: 'search_cma_lists', target: '__rmqueue_smallest' } },
    __rmqueue_smallest: { ...inline(rmqueueSmallest), onDone: { actions: 'search_own_lists', target: 'done' } },
    done: { type: 'final' },
  },
});

export const rmqueue = pcp.createMachine({
  id: '__rmqueue',
  context: fromInput,
  initial: 'cma_balance',
  states: {
    cma_balance: { always: [{ guard: 'cma_balance', target: 'balance_cma' }, { target: 'dispatch' }] },
    balance_cma: { ...inline(rmqueueCmaFallback), onDone: [{ guard: 'got_page', target: 'done' }, { target: 'dispatch' }] },
    dispatch: {
      always: [{ guard: 'mode_normal', target: 'normal' }, { guard: 'mode_cma', target: 'cma' }, { guard: 'mode_claim', target: 'claim' }, { target: 'steal' }],
    },
    normal: { ...inline(rmqueueSmallest), onDone: [{ guard: 'got_page', target: 'done' }, { target: 'cma' }] },
    cma: { always: [{ guard: 'alloc_cma', target: 'cma_fallback' }, { target: 'claim' }] },
    cma_fallback: {
      ...inline(rmqueueCmaFallback),
      onDone: [{ guard: 'got_page', actions: 'remember_mode_cma', target: 'done' }, { target: 'claim' }],
    },
    claim: { ...inline(rmqueueClaim), onDone: [{ guard: 'got_page', actions: 'claim_resets_mode', target: 'done' }, { target: 'steal' }] },
    steal: { ...inline(rmqueueSteal), onDone: [{ guard: 'got_page', actions: 'remember_mode_steal', target: 'done' }, { target: 'done' }] },
    done: { type: 'final' },
  },
});
