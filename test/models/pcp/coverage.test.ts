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
