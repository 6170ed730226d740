/**
 * What each pcp-buddy configuration is for: explored with every guard and action counted, the
 * baseline holds every property and reaches the paths the configuration exists to exercise (a
 * guard outcome is `name=true` or `name=false`, an action is its name), so that "every property
 * holds" is known to cover them.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { explore } from '../../../src/engine/explore.ts';
import type { CheckResult } from '../../../src/engine/types.ts';
import type { Mm } from '../../../models/mm/kernel.ts';
import { configs } from '../../../models/pcp-buddy/configs.ts';
import { pcpBuddyModel } from '../../../models/pcp-buddy/index.ts';
import { actions, guards } from '../../../models/pcp-buddy/impl.ts';
import { guards as pcpGuards } from '../../../models/pcp/impl.ts';
import type { Variant } from '../../../models/types.ts';

/** Explores the baseline at a configuration with every guard and action counted. */
function coverage(config: string): { seen: Set<string>; result: CheckResult } {
  const seen = new Set<string>();
  const g = Object.fromEntries(
    Object.entries(guards).map(([n, f]) => [
      n,
      (k: Mm) => {
        const r = (f as (k: Mm) => boolean)(k);
        seen.add(`${n}=${r}`);
        return r;
      },
    ]),
  );
  const a = Object.fromEntries(
    Object.entries(actions).map(([n, f]) => [
      n,
      (k: Mm) => {
        // A head taken from an empty list of the request's order is split from a larger owned piece.
        if (n === 'pcp_take_head' && !pcpGuards.pcp_list_nonempty(k)) seen.add('pcp-level split');
        seen.add(n);
        (f as (k: Mm) => void)(k);
      },
    ]),
  );
  const counted: Variant = { name: 'counted', kind: 'patch', description: 'the baseline with counting guards and actions', guards: g, actions: a };
  return { seen, result: explore(pcpBuddyModel.build(parseConfig(configs[config], config), counted).system) };
}

const MUST_REACH: Record<string, string[]> = {
  // Phase 1 claims, drains that release whole blocks and remember partial ones, phase 0 recovering
  // them, frees that wait for the owner's lock, trylocks that fail because a remote free holds it.
  default: ['claim_pageblock', 'take_ownership', 'release_block', 'queue_fragment_tail', 'remember_block', 'recover_fragments', 'owner_lock_free=false', 'pcp_trylock_ok=false'],
  // Memory pressure: no whole block fits or is free, refills take the degrade path next to remembered fragments.
  tight: ['phase1_possible=false', 'bulk_more=true', 'rmqueue_bulk_add_tail', 'recover_fragments', 'remember_block'],
  // A remote free waiting for the owner's lock while cpu2 drains the owner's pageset.
  'drain-race': ['owner_lock_free=false', 'pcp_lock_owner', 'remember_block', 'recover_fragments', 'block_whole=true', 'block_whole=false'],
  // The dead CPU's blocks released before its last drain; a free that waited re-reads the owner.
  offline: ['cpu_going_down', 'release_dead_cpu', 'cpu_offline', 'still_owner=false', 'remember_block'],
  // An owned block isolated: the owner's pieces freed, the block released; frees of isolated pages bypass the pagesets.
  isolation: ['take_target_pieces', 'release_target', 'target_owned=false', 'block_isolated=true', 'still_owner=false', 'unisolate_target'],
  // Blocks of two migratetypes remembered; phase 0 skips the other type; UNMOVABLE falls back to claiming MOVABLE blocks.
  types: ['phase0_block_matches=false', 'phase0_block_matches=true', 'claim_whole_block', 'phase1_possible=false', 'rmqueue_bulk_add_tail'],
  // Pieces of two orders, phase 2 chunks, a PCP-level split, merges two levels deep.
  blocks4: ['take_chunk', 'pcp-level split', 'recover_fragments', 'merge_with_buddy', 'block_whole=true', 'block_whole=false'],
  // Remote frees to the owners, whole blocks claimed on two CPUs.
  jemalloc: ['claim_pageblock', 'pcp_lock_owner', 'rfc_commit'],
  // Frees of an owned block's pages from another CPU; the owner's pageset drained by the free that fills it, the block whole.
  exit: ['pcp_lock_owner', 'target_nr_pcp_free', 'take_owned_block', 'block_whole=true', 'release_block'],
  // The scenarios below are there for model coverage (test/models/manifest-coverage.test.ts): the edges and events no other configuration reaches.
  // Speculative references on blocks of order 1 and 2, compound or not: tails and last references.
  'spec-blocks4': ['page_ref_inc', 'free_tails_init', 'next_tail', 'last_put_frees_page', 'last_reference=false', 'pcp_order=false'],
  // CMA first (balance), split_page.
  'cma-buddy': ['cma_balance=true', 'search_cma_lists', 'remember_mode_cma', 'split_page', 'steal_no_fallback=true'],
  // A CMA fallback the refill remembers for its next block.
  'cma-refill': ['alloc_cma=true', 'remember_mode_cma', 'mode_cma=true', 'claim_whole_block'],
  // UNMOVABLE refills that claim half pageblocks or steal.
  'unmovable-refill': ['claim_half_block=true', 'claim_half_block=false', 'claim_next_order', 'steal_block', 'remember_mode_steal', 'phase2_chunk=true'],
  // Orders 1-2 through rmqueue_buddy: claims whole and half pageblocks.
  'unmovable-buddy': ['pcp_order=false', 'claim_whole_block', 'claim_half_block=true', 'order_covers_pageblock=false'],
  // UNMOVABLE refills falling back to half-free MOVABLE pageblocks.
  fallback: ['claim_half_block=true', 'claim_pick', 'phase2_chunk=true'],
  // MOVABLE requests may not claim at low orders: refused, then stolen.
  'movable-steal': ['claim_refused=true', 'claim_stop', 'steal_block', 'remember_mode_steal'],
  // MOVABLE requests stealing pieces of orders 1 and 2: too low to try, or too few free pages to claim their block.
  'steal-pieces': ['claim_refused=true', 'claim_half_block=false', 'steal_block'],
  // An UNMOVABLE request claiming a half-free MOVABLE pageblock from an order-0 page.
  'claim-order0': ['claim_pick', 'claim_half_block=true'],
  // A MOVABLE request claiming a pageblock from its free order-3 half.
  'claim-order3': ['claim_pick', 'claim_half_block=true', 'order_covers_pageblock=false'],
  // A free merging a pageblock of 16 pages to order 4, and a MOVABLE request claiming it.
  'claim-order4': ['merge_with_buddy', 'claim_pick', 'order_covers_pageblock=true'],
  // A refill splitting a free pageblock of 16 pages from order 4, too large for phase 1 under high.
  'split-order4': ['phase1_possible=false', 'split_off_upper_half', 'high_above_low=true'],
  // Frees merging across pageblocks of different types, to order 3.
  'merge-types': ['merge_with_buddy'],
  // drain_all_pages() serialised on its mutex, in rounds of one batch.
  'drain-all': ['drain_mutex_lock', 'drain_mutex_free=false', 'drain_next_cpu', 'drain_cpus_left=true', 'block_whole=true'],
  // decay_pcp_high() next to a drain.
  decay: ['decay_read', 'drain_batch', 'phase2_chunk=true'],
  // decay_pcp_high() draining a count left above high by order-1 frees, owned blocks whole and partial among what it frees.
  'decay-owned': ['decay_read', 'decay_batch', 'drain_count_zero=false', 'taken_pcp_buddy=true', 'block_whole=true', 'block_whole=false', 'block_pieces_left=true'],
  // page_alloc_cpu_dead() freeing two pages of one list in a batch.
  'offline-orders': ['release_dead_cpu', 'cpu_offline', 'bulk_same_list=true', 'taken_pcp_buddy=false'],
  // drain_all_pages() over a pageset of owned pieces and ordinary pages of orders 0 and 1.
  'drain-all-orders': ['drain_mutex_lock', 'drain_next_cpu', 'taken_pcp_buddy=true', 'taken_pcp_buddy=false', 'bulk_same_list=true'],
  // An order-3 block freed under a speculative reference: the order-2 tail to the buddy, the smaller ones to the pageset.
  'spec-order3': ['page_ref_inc', 'free_tails_init', 'next_tail', 'pcp_order=false', 'pcp_order=true', 'last_put_frees_page'],
  // page_alloc_cpu_dead() while the dead CPU's task allocates and frees.
  'offline-rounds': ['cpu_offline', 'release_dead_cpu', 'queue_fragment_tail', 'block_whole=true'],
  // Refills from CMA.
  cma: ['alloc_cma=true', 'search_cma_lists', 'remember_mode_cma'],
  // drain_all_pages(), remote drains and decay_pcp_high().
  'drain-all-decay': ['drain_mutex_lock', 'decay_read', 'drain_next_cpu', 'block_whole=true'],
  // A speculative lookup of any pfn, its get_page_unless_zero() a later step that may find the count zero.
  'spec-any': ['lookup_page', 'lookup_pending=true', 'refcount_nonzero=false', 'page_ref_inc'],
  // Frees above high committed in batches, the pageset's lock dropped and retaken between them; a whole block of tails freed in one piece.
  'offline-orders-batches': ['target_commit_done=false', 'relock_ok=true', 'block_whole=true', 'free_tails_init'],
  // The same from a remote freer next to an isolation.
  'isolation-batches': ['target_commit_done=false', 'target_commit_done=true', 'relock_ok=true'],
  // Claims try_to_claim_block() refuses, and a steal after them.
  'unmovable-refill-2cpus': ['claim_refused=true', 'claim_half_block=false', 'steal_no_fallback=false'],
  // The tails of a non-compound order-2 block freed under a speculative reference: a failed trylock, merges to MAX_PAGE_ORDER.
  'spec-held-order2': ['free_tails_init', 'pcp_trylock_ok=false', 'order_is_max=true'],
  // A speculative reference's last put into an isolated pageblock, or after its pageset's owner changed.
  'isolation-spec': ['page_ref_inc', 'block_isolated=true', 'still_owner=false'],
  // A batched commit whose relock gives up.
  'offline-orders-compound': ['relock_ok=false', 'relock_gives_up=true'],
  // Refills from the one CMA pageblock on two CPUs.
  'cma-2cpus': ['search_cma_lists', 'high_above_low=true'],
};

describe('pcp-buddy model coverage (state counts are pinned in models/manifest.json)', () => {
  it('says what every built-in configuration is for', () => {
    expect(Object.keys(MUST_REACH).sort()).toEqual(Object.keys(configs).sort());
  });

  for (const config of Object.keys(MUST_REACH))
    it(`holds every property at ${config} and reaches the paths it is for`, () => {
      // Act
      const { seen, result } = coverage(config);
      // Assert (replay: npx pagecheck check --model pcp-buddy --config <config>)
      const replay = `npx pagecheck check --model pcp-buddy --config ${config}`;
      expect(result.status, replay).toBe('ok');
      expect(MUST_REACH[config].filter((n) => !seen.has(n)), `not reached: ${replay}`).toEqual([]);
      expect(seen.has('bulk_lists_empty=true')).toBe(false);
    });
});
