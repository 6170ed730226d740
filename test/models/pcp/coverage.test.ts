import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { explore } from '../../../src/engine/explore.ts';
import type { CheckResult } from '../../../src/engine/types.ts';
import type { Mm } from '../../../models/mm/kernel.ts';
import { configs } from '../../../models/pcp/configs.ts';
import { pcpModel } from '../../../models/pcp/index.ts';
import { actions, guards } from '../../../models/pcp/impl.ts';
import type { Variant } from '../../../models/types.ts';

/**
 * Explores the baseline with every guard and action counted, so that "every property holds" is
 * known to cover the paths each configuration exists for: a guard outcome is `name=true` or
 * `name=false`, an action is its name.
 */
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
        seen.add(n);
        (f as (k: Mm) => void)(k);
      },
    ]),
  );
  const counted: Variant = { name: 'counted', kind: 'patch', description: 'the baseline with counting guards and actions', guards: g, actions: a };
  return { seen, result: explore(pcpModel.build(parseConfig(configs[config], config), counted).system) };
}

const MUST_REACH: Record<string, string[]> = {
  // Interrupts find their CPU's pcp->lock held (refill, commit waiting for zone->lock) and fall back; UNMOVABLE refills claim whole blocks.
  default: ['pcp_trylock_ok=false', 'pcp_order_trylock_ok=false', 'split_large_buddy_init', 'order_covers_pageblock=true', 'claim_whole_block', 'nr_pcp_free', 'commit_batch', 'bulk_take_tail'],
  // Order-1 and THP refills, RECLAIMABLE requests.
  orders: ['rmqueue_bulk_add_tail', 'pcp_count_add_alloced', 'claim_whole_block', 'merge_with_buddy'],
  // batch 1, high 4: the commit frees in several batches, dropping and re-trylocking pcp->lock in between.
  small: ['commit_done=false', 'pcp_trylock_ok=true', 'nr_pcp_free'],
  // Remote drains wait for the owner's lock; drain_all_pages serialises on its mutex.
  drain: ['target_pcp_lock_free=false', 'drain_mutex_free=false', 'drain_cpus_with_pcps', 'drain_next_cpu', 'drain_batch', 'ghost_drain_postcondition'],
  // The interrupt context finds its CPU's pcp->lock held by the task's drain.
  'local-drain': ['pcp_trylock_ok=false', 'pcp_order_trylock_ok=false', 'drain_batch', 'drain_next_cpu'],
  // decay_pcp_high frees the excess above high.
  decay: ['decay_read', 'decay_batch', 'drain_batch', 'target_pcp_lock_free=false'],
  // CMA first when CMA holds most free pages; RMQUEUE_CMA remembered; merges stop at a CMA pageblock.
  cma: ['cma_balance=true', 'remember_mode_cma', 'mode_cma=true', 'search_cma_lists'],
  // __free_pages of a non-compound block whose head a speculative reference holds: its tails go to the PCP.
  'spec-refs': ['free_tails_init', 'next_tail', 'page_ref_inc', 'last_put_frees_page', 'last_reference=false'],
  // Speculative references at any time: the lookup a step before the get, which can find the page freed (a zero count).
  'spec-any': ['lookup_page', 'lookup_pending=true', 'refcount_nonzero=false', 'page_ref_inc', 'last_put_frees_page'],
  // Claims of half-free pageblocks, steals, the memo skipping to STEAL, -2 from find_suitable_fallback.
  fragmented: ['claim_half_block=true', 'claim_half_block=false', 'move_freepages_block', 'steal_block', 'remember_mode_steal', 'mode_normal=false', 'claim_refused=true'],
  // The scenarios below are there for model coverage (test/models/manifest-coverage.test.ts): the edges and events no other configuration reaches.
  // Merges across a MOVABLE and an UNMOVABLE pageblock; UNMOVABLE claims; high 0 sends every PCP free on to the buddy.
  'mixed-types': ['merge_with_buddy', 'claim_whole_block', 'claim_resets_mode', 'order_is_max=true', 'got_page=false'],
  // CMA takes most free pages as single pages: balance first, no CMA block of order 1, then steal finds nothing.
  'cma-fragmented': ['cma_balance=true', 'search_cma_lists', 'current_order_above_max=true', 'steal_no_fallback=true', 'bulk_same_list=true'],
  // An exhausted zone: non-PCP orders and failed refills wait for zone->lock, CMA balance and fallback in rmqueue_buddy.
  exhausted: ['pcp_order=false', 'pcp_order_trylock_ok=false', 'got_page=false', 'cma_balance=true', 'mode_cma=true', 'claim_half_block=true'],
  // A pageblock of 8 with too few free pages: the claim fails and the fallback steals.
  steal: ['claim_half_block=false', 'claim_next_order', 'steal_block', 'remember_mode_steal', 'pcp_order=false'],
  // An order-3 block freed by its last speculative reference goes to the buddy and merges to MAX_PAGE_ORDER.
  'spec-buddy': ['pcp_order=false', 'last_put_frees_page', 'free_tails_init', 'order_is_max=true', 'zone_lock_free=false'],
  // Tails of an order-2 block to the buddy one by one, merging once the reference frees the head.
  'tails-to-buddy': ['pcp_order=false', 'free_tails_init', 'next_tail', 'last_put_frees_page', 'order_is_max=true'],
  // Tails freed in batches of 1 while the other CPU drains: failed trylocks and re-trylocks.
  'tail-drain': ['free_tails_init', 'pcp_trylock_ok=false', 'commit_done=false', 'drain_batch'],
  // split_page, then frees in batches; the re-trylock between batches fails against a drain.
  retry: ['split_page', 'ghost_hand_split_to_caller', 'commit_done=false', 'pcp_trylock_ok=false'],
  // The last reference's own free trims in batches, against a drain.
  'spec-batches': ['last_put_frees_page', 'commit_done=false', 'pcp_trylock_ok=false', 'commit_batch'],
  // decay_pcp_high frees two pages of one list in one free_pcppages_bulk().
  'decay-batches': ['decay_read', 'decay_batch', 'bulk_same_list=true', 'split_page'],
  // drain_all_pages in rounds of one batch (scale 0).
  'drain-rounds': ['drain_mutex_lock', 'drain_next_cpu', 'drain_count_zero=false', 'drain_cpus_left=true'],
  // Order 0 without a PCP list: CMA first from rmqueue_buddy.
  'cma-split': ['pcp_order=false', 'cma_balance=true', 'search_cma_lists'],
  // CMA less than half: rmqueue_buddy falls back to CMA, and the mode is remembered.
  'cma-fallback-split': ['pcp_order=false', 'alloc_cma=true', 'remember_mode_cma', 'search_cma_lists'],
};

describe('pcp model coverage (state counts are pinned in models/manifest.json)', () => {
  it('says what every built-in configuration is for', () => {
    expect(Object.keys(MUST_REACH).sort()).toEqual(Object.keys(configs).sort());
  });

  for (const config of Object.keys(MUST_REACH))
    it(`holds every property at ${config} and reaches the paths it is for`, () => {
      // Act
      const { seen, result } = coverage(config);
      // Assert (replay: npx pagecheck check --model pcp --config <config>)
      const replay = `npx pagecheck check --model pcp --config ${config}`;
      expect(result.status, replay).toBe('ok');
      expect(MUST_REACH[config].filter((n) => !seen.has(n)), `not reached: ${replay}`).toEqual([]);
      // The clamp of free_pcppages_bulk is never needed to stop a spin in the baseline.
      expect(seen.has('bulk_lists_empty=true')).toBe(false);
    });
});
