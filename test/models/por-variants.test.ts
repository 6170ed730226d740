/**
 * The partial-order reduction gives every variant (baselines, patches, mutants) the verdict of
 * the full search, by the same property, with a counterexample that replays and is never
 * shorter than the full search's shortest one (the reduced search's BFS is shortest among the
 * interleavings it keeps).
 */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../models/registry.ts';
import { resolve } from '../../src/check.ts';
import { explore } from '../../src/engine/explore.ts';
import type { CheckResult } from '../../src/engine/types.ts';
import { assertReplayReproduces } from '../helpers/laws.ts';

const code = (r: CheckResult) => (r.status === 'violation' ? r.finding.code : r.status);

describe('partial-order reduction on every variant', () => {
  for (const m of MODELS)
    it(`keeps the full search verdict of every ${m.name} variant, by the same property, with a counterexample that replays`, () => {
      for (const v of m.variants) {
        const full = explore(resolve({ model: m.name, variant: v.name }).built.system);
        const sys = resolve({ model: m.name, variant: v.name, reductions: { por: true } }).built.system;
        const reduced = explore(sys);
        // On failure: npx pagecheck check --model <model> --variant <variant> [--por]
        expect(code(reduced), `${m.name}/${v.name}`).toBe(code(full));
        expect(reduced.states, `${m.name}/${v.name}`).toBeLessThanOrEqual(full.states);
        if ((reduced.status === 'violation' || reduced.status === 'deadlock') && (full.status === 'violation' || full.status === 'deadlock')) {
          expect(reduced.trace.length).toBeGreaterThanOrEqual(full.trace.length);
          assertReplayReproduces(sys, reduced);
        }
      }
    });
});
