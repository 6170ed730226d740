/**
 * __free_frozen_pages(page, order, fpi) with per-CPU lists (reference §4.3), continuing the
 * caller's step (the reference drop that made the page free): free_pages_prepare(), the lockless
 * read of the block's migratetype and pcp_spin_trylock. On success free_frozen_page_commit() puts
 * the block at the head of its list and, at or above `high`, frees nr_pcp_free() pages in
 * batches of `batch`, each under zone->lock (its own step, waiting for the lock with pcp->lock
 * held), with pcp->lock dropped and re-trylocked between batches (an interleaving point); on
 * failure free_one_page() to the buddy. A non-PCP order goes to free_one_page() at once
 * (__free_pages_ok), and so does a page whose block read MIGRATE_ISOLATE ("Place ISOLATE pages on
 * the isolated list because they are being offlined"). Replaces the buddy model's __free_frozen_pages everywhere it is inlined.
 *
 * free_pages_prepare() and the migratetype read are not steps of their own: they touch only the
 * freed block, which no other thread can reach, and a type read that goes stale before the
 * commit only picks the PCP list (the drain reads the type again).
 */
import { inline } from '../../../src/machine/compile.ts';
import { freeOnePage } from '../../buddy/paths/free_one_page.ts';
import { fromInput, pcp } from '../setup.ts';
import { freePcppagesBulk } from './free_pcppages_bulk.ts';

export const freeFrozenPages = pcp.createMachine({
  id: '__free_frozen_pages',
  context: fromInput,
  initial: 'free_pages_prepare',
  states: {
    free_pages_prepare: { always: { actions: ['free_pages_prepare', 'read_pcp_migratetype'], target: 'route' } },
    route: {
      always: [
        { guard: 'not_prepared', target: 'done' },
        { guard: 'pcp_mt_isolated', target: 'free_one_page' },
        { guard: 'pcp_order', target: 'pcp_spin_trylock' },
        { target: 'free_one_page' },
      ],
    },
    pcp_spin_trylock: {
      always: [
        { guard: 'pcp_trylock_ok', actions: ['pcp_trylock', 'ghost_hand_to_kernel', 'free_frozen_page_commit'], target: 'high' },
        { target: 'free_one_page' },
      ],
    },
    high: { always: [{ guard: 'pcp_below_high', actions: 'pcp_unlock', target: 'done' }, { actions: 'nr_pcp_free', target: 'batch' }] },
    batch: { on: { STEP: { guard: 'zone_lock_free', actions: 'commit_batch', target: 'free_pcppages_bulk' } } },
    free_pcppages_bulk: { ...inline(freePcppagesBulk), onDone: 'next_batch' },
    next_batch: { always: [{ guard: 'commit_done', actions: 'pcp_unlock', target: 'done' }, { actions: 'pcp_unlock', target: 'pcp_spin_trylock_again' }] },
    pcp_spin_trylock_again: {
      on: {
        STEP: [
          // Re-trylock failed: "pcp returned unlocked", the rest of the batch stays on the list.
          { guard: 'pcp_trylock_ok', actions: 'pcp_trylock', target: 'loop' },
          { target: 'done' },
        ],
      },
    },
    loop: { always: [{ guard: 'commit_done', actions: 'pcp_unlock', target: 'done' }, { target: 'batch' }] },
    free_one_page: { ...inline(freeOnePage), onDone: 'done' },
    done: { type: 'final' },
  },
});
