/**
 * __free_frozen_pages(page, order, fpi) of the RFC: "pages are tagged with their owning CPU, so
 * frees route back to the owner's PCP regardless of which CPU frees". Continues the caller's step
 * (the reference drop that made the page free): free_pages_prepare(), the lockless reads of the
 * block's migratetype and owner; an isolated block or a non-PCP order goes to free_one_page();
 * a page of no owned block takes the PCP model's local path (pcp_spin_trylock, else
 * free_one_page()).
 *
 * A page of an owned block goes to the owner's pageset, whose pcp->lock the RFC does not say how
 * it takes. The baseline takes it with spin_lock (a free that finds it held waits at
 * `owner_spin`) and re-reads the owner under it: ownership only changes under the owner's
 * pcp->lock, so an owner that changed meanwhile (CPU offline, isolation) sends the free round
 * again. Candidates replace `owner_lock_spins` and `owner_fallback_local` (a trylock falling back
 * to the local pageset or to the buddy) and `still_owner` (no re-check). The commit, the high
 * check and the drain batches are the PCP model's, on the target pageset (R.cpu).
 */
import { inline } from '../../../src/machine/compile.ts';
import { freeOnePage } from '../../buddy/paths/free_one_page.ts';
import { fromInput, pcpBuddy } from '../setup.ts';
import { freePcppagesBulk } from './free_pcppages_bulk.ts';

export const freeFrozenPages = pcpBuddy.createMachine({
  id: '__free_frozen_pages',
  context: fromInput,
  initial: 'free_pages_prepare',
  states: {
    free_pages_prepare: { always: { actions: ['free_pages_prepare', 'read_pcp_migratetype', 'read_owner'], target: 'route' } },
    route: {
      always: [
        { guard: 'not_prepared', target: 'done' },
        { guard: 'block_isolated', target: 'free_one_page' },
        { guard: 'pcp_order', target: 'owner' },
        { target: 'free_one_page' },
      ],
    },
    owner: { always: [{ guard: 'owned_page', target: 'owner_lock' }, { target: 'pcp_spin_trylock' }] },
    owner_lock: {
      always: [
        { guard: 'owner_lock_free', actions: 'pcp_lock_owner', target: 'owner_recheck' },
        { guard: 'owner_lock_spins', target: 'owner_spin' },
        { guard: 'owner_fallback_local', actions: 'route_local', target: 'pcp_spin_trylock' },
        { target: 'free_one_page' },
      ],
    },
    owner_spin: { on: { STEP: { guard: 'owner_lock_free', actions: 'pcp_lock_owner', target: 'owner_recheck' } } },
    owner_recheck: {
      always: [
        { guard: 'still_owner', actions: ['ghost_hand_to_kernel', 'rfc_commit'], target: 'high' },
        { actions: ['pcp_unlock_target', 'read_owner'], target: 'route' },
      ],
    },
    pcp_spin_trylock: {
      always: [{ guard: 'pcp_trylock_ok', actions: ['pcp_trylock', 'ghost_hand_to_kernel', 'rfc_commit'], target: 'high' }, { target: 'free_one_page' }],
    },
    high: { always: [{ guard: 'target_below_high', actions: 'pcp_unlock_target', target: 'done' }, { actions: 'target_nr_pcp_free', target: 'batch' }] },
    batch: { on: { STEP: { guard: 'zone_lock_free', actions: 'target_commit_batch', target: 'free_pcppages_bulk' } } },
    free_pcppages_bulk: { ...inline(freePcppagesBulk), onDone: 'next_batch' },
    next_batch: {
      always: [{ guard: 'target_commit_done', actions: 'pcp_unlock_target', target: 'done' }, { actions: 'pcp_unlock_target', target: 'relock' }],
    },
    relock: {
      on: {
        STEP: [
          { guard: 'relock_ok', actions: 'relock_target', target: 'loop' },
          { guard: 'relock_gives_up', target: 'done' },
        ],
      },
    },
    loop: { always: [{ guard: 'target_commit_done', actions: 'pcp_unlock_target', target: 'done' }, { target: 'batch' }] },
    free_one_page: { ...inline(freeOnePage), onDone: 'done' },
    done: { type: 'final' },
  },
});
