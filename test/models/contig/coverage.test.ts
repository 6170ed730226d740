import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { explore } from '../../../src/engine/explore.ts';
import type { CheckResult } from '../../../src/engine/types.ts';
import type { Mm } from '../../../models/mm/kernel.ts';
import { configs } from '../../../models/contig/configs.ts';
import { contigModel } from '../../../models/contig/index.ts';
import { actions, guards } from '../../../models/contig/impl.ts';
import { findVariant } from '../../../models/registry.ts';
import type { Variant } from '../../../models/types.ts';

/**
 * Explores a variant with every guard and action counted, so that "every property holds" is known
 * to cover the paths each configuration exists for: a guard outcome is `name=true` or
 * `name=false`, an action is its name. The variant's own overrides are counted too.
 */
function coverage(variant: string, config: string): { seen: Set<string>; result: CheckResult } {
  const seen = new Set<string>();
  const v = findVariant(contigModel, variant);
  const g = Object.fromEntries(
    Object.entries({ ...guards, ...(v.guards ?? {}) }).map(([n, f]) => [
      n,
      (k: Mm) => {
        const r = (f as (k: Mm) => boolean)(k);
        seen.add(`${n}=${r}`);
        return r;
      },
    ]),
  );
  const a = Object.fromEntries(
    Object.entries({ ...actions, ...(v.actions ?? {}) }).map(([n, f]) => [
      n,
      (k: Mm) => {
        seen.add(n);
        (f as (k: Mm) => void)(k);
      },
    ]),
  );
  const counted: Variant = { ...v, name: `${v.name}-counted`, guards: g, actions: a };
  return { seen, result: explore(contigModel.build(parseConfig(configs[config], config), counted).system) };
}

/** Per variant and configuration: what must be reached, and what must not. */
const CASES: { variant: string; config: string; reach: string[]; never?: string[] }[] = [
  // Runs broken at the section boundary, by a page still referenced and by the hwpoisoned page (which
  // ends every run: the flush after the loop is the vfree configurations'); a chunk
  // whose trylock meets a remote drain goes to the buddy.
  {
    variant: 'after',
    config: 'default',
    reach: ['contig_section_changed=true', 'contig_cannot_free=true', 'pcp_trylock_ok=false', 'split_large_buddy_init', 'merge_with_buddy', 'last_put_frees_page'],
  },
  // memdesc_section() is constant with VMEMMAP.
  { variant: 'after', config: 'vmemmap', reach: ['contig_section_changed=false', 'contig_cannot_free=true'], never: ['contig_section_changed=true'] },
  // An unsorted array: runs end at a pfn that does not follow; the second run crosses the section boundary.
  { variant: 'vfree-after', config: 'vfree', reach: ['pfn_extends_run=true', 'pfn_extends_run=false', 'contig_section_changed=true', 'contig_cannot_free=true', 'run_flush_to_end'] },
  // A sorted array is one run.
  { variant: 'vfree-after', config: 'vfree-vmemmap', reach: ['pfn_extends_run=true'], never: ['pfn_extends_run=false', 'contig_section_changed=true'] },
  // The PCP runs dry with pages and without; one entry left; a trylock that fails (another CPU's drain holds the lock).
  {
    variant: 'bulk-after',
    config: 'bulk',
    reach: ['bulk_none_allocated=true', 'bulk_none_allocated=false', 'bulk_one_left=true', 'bulk_caller_retry=true', 'may_reclaim=true', 'drain_mutex_lock', 'pcp_trylock_ok=false', 'ghost_take_single'],
  },
];

describe('contig configurations reach the paths they exist for', () => {
  for (const c of CASES)
    it(`${c.variant} @ ${c.config}`, () => {
      // On failure: npx pagecheck check --model contig --variant <variant> --config <config>
      const { seen, result } = coverage(c.variant, c.config);
      expect(result.status).toBe('ok');
      for (const x of c.reach) expect(seen.has(x), `${c.variant} @ ${c.config} never reaches ${x}`).toBe(true);
      for (const x of c.never ?? []) expect(seen.has(x), `${c.variant} @ ${c.config} reaches ${x}`).toBe(false);
    });
});
