/**
 * Speculative references that arrive at any time (workload.specLookup 'any'): every model with
 * speculative references has a `spec-any` configuration where the reference is a lookup of any
 * pfn in use and a later get_page_unless_zero(); and a mutant that only such a late reference
 * catches is missed at every configuration whose references land on held blocks only.
 */
import { describe, expect, it } from 'vitest';
import { MODELS, namedConfigs } from '../../models/registry.ts';
import { check, resolve } from '../../src/check.ts';
import { parseConfig } from '../../src/config/load.ts';
import { assertReplayReproduces } from '../helpers/laws.ts';

const MUTANT = 'free-nc-tails-refcount-read';

/** Models whose systems offer speculative references. */
const withSpecRefs = MODELS.filter((m) => resolve({ model: m.name }).built.system.operations.includes('speculative_ref'));

describe('speculative references at any time', () => {
  it('every model with speculative references has them', () => {
    expect(withSpecRefs.map((m) => m.name).sort()).toEqual(['buddy', 'contig', 'isolation', 'pcp', 'pcp-buddy']);
  });

  it('the default lookup is the held block (the counts of every other configuration stay)', () => {
    expect(parseConfig({ pages: 16, pagesPerSection: 8, maxOrder: 2, pageblockOrder: 1, cpus: 2 }, 't').workload.specLookup).toBe('held');
  });

  for (const m of withSpecRefs)
    it(`${m.name} @ spec-any: the lookup and the get are separate steps, and the baseline holds`, () => {
      const cfg = namedConfigs(m)['spec-any'];
      expect(cfg, `${m.name} has no spec-any configuration`).toBeDefined();
      expect(parseConfig(cfg, 'spec-any').workload.specLookup).toBe('any');
      // On failure: npx pagecheck check --model <model> --config spec-any
      const { result, built } = check({ model: m.name, config: 'spec-any' });
      expect(result.status).toBe('ok');
      // Any pfn in use may be looked up (not only the heads of held blocks), and the call's first
      // step is the lookup alone: the get is a later step at the same label.
      const op = built.system.spec.ops.find((o) => o.name === 'speculative_ref')!;
      expect(op.poolHeadArg).toBeUndefined();
      const machine = built.compiled.get(op.machine)!;
      expect(machine.states[0].path).toBe('get_page_unless_zero');
    });

  // The buddy model's mutant, and the pcp model's copy of it (its tails freed through the PCP).
  for (const model of ['buddy', 'pcp']) {
    it(`${model}/${MUTANT} is caught at spec-any by a reference taken after the free began`, () => {
      // npx pagecheck check --model <model> --variant free-nc-tails-refcount-read --config spec-any
      const { result, built } = check({ model, variant: MUTANT, config: 'spec-any' });
      expect(result.status).toBe('violation');
      if (result.status !== 'violation') return;
      expect(result.finding.code).toBe('P1');
      assertReplayReproduces(built.system, result);
      const steps = result.trace.map((s) => s.info);
      const freeStart = steps.findIndex((s) => s.op === '__free_pages' && s.starts);
      const lookup = steps.findIndex((s) => s.op === 'speculative_ref' && s.starts);
      const get = steps.findIndex((s) => s.op === 'speculative_ref' && s.actions.includes('page_ref_inc'));
      const put = steps.findIndex((s) => s.op === '__free_pages' && s.actions.includes('put_page_testzero'));
      // The lookup starts the call without taking the reference; the get lands inside the free,
      // between its refcount read and its put.
      expect(steps[lookup].actions).toEqual(['lookup_page']);
      expect(freeStart).toBeGreaterThanOrEqual(0);
      expect(get).toBeGreaterThan(Math.max(lookup, freeStart));
      expect(put).toBeGreaterThan(get);
    });

    it(`${model}/${MUTANT} is missed at every configuration whose references land on held blocks only`, () => {
      const m = MODELS.find((x) => x.name === model)!;
      const held = Object.entries(m.configs).filter(([, c]) => parseConfig(c, 'c').workload.specLookup === 'held');
      // Every other configuration, those with speculative references on held blocks among them.
      expect(held.length).toBe(Object.keys(m.configs).length - 1);
      expect(held.some(([, c]) => (c.workload?.specRefsPerCpu ?? 0) > 0)).toBe(true);
      for (const [name] of held) {
        // npx pagecheck check --model <model> --variant free-nc-tails-refcount-read --config <name>
        const { result } = check({ model, variant: MUTANT, config: name });
        expect(result.status, name).toBe('ok');
      }
    });
  }
});
