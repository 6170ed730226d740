/**
 * Every known-bad variant is caught by exhaustive search at its default configuration, by the
 * property it was written against, and its counterexample replays from the trace alone.
 */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../models/registry.ts';
import { check } from '../../src/check.ts';
import { assertReplayReproduces } from '../helpers/laws.ts';

describe('mutants', () => {
  for (const m of MODELS)
    for (const v of m.variants.filter((x) => x.kind === 'mutant')) {
      it(`${m.name}/${v.name} is caught by ${v.expect}`, () => {
        const { result, built } = check({ model: m.name, variant: v.name });
        const caughtBy = result.status === 'violation' ? result.finding.code : result.status;
        // On failure: npx pagecheck check --model <model> --variant <variant>
        expect(caughtBy).toBe(v.expect);
        assertReplayReproduces(built.system, result);
      });
    }

  it('every property of every model is the target of at least one mutant', () => {
    for (const m of MODELS) {
      const targets = new Set(m.variants.map((v) => v.expect));
      for (const p of m.properties) expect(targets.has(p.code), `${m.name}: no mutant targets ${p.code}`).toBe(true);
    }
  });
});
