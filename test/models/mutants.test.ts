/**
 * Every known-bad variant is caught by exhaustive search at its default configuration, by the
 * property it was written against, and its counterexample replays from the trace alone.
 */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../models/registry.ts';
import { check } from '../../src/check.ts';
import { replayKeys } from '../../src/engine/replay.ts';
import { DIVERGENCE } from '../../src/validate/types.ts';
import { validate } from '../../src/validate/validate.ts';
import type { Variant } from '../../models/types.ts';
import { assertReplayReproduces } from '../helpers/laws.ts';

/**
 * A mutant caught by the differential check: the path to the diverging state replays from its
 * keys alone, and the operation run from there still ends differently in the two variants.
 */
function assertDivergenceReproduces(model: string, v: Variant): void {
  // On failure: npx pagecheck validate --model <model> --before <baseline> --after <variant>
  const { result, after } = validate({ model, before: v.baseline ?? 'baseline', after: v.name });
  const d = result.divergence;
  expect(d, `${model}/${v.name}: no divergence`).not.toBeNull();
  if (!d || result.exploration.status !== 'violation') return;
  const path = result.exploration.trace.slice(0, result.exploration.trace.length - d.after.steps.length);
  const rep = replayKeys(after.built.system, path.map((s) => s.key));
  expect(Array.from(rep.steps.at(-1)?.state ?? rep.initial)).toEqual(Array.from(d.from));
  expect(d.differences.length).toBeGreaterThan(0);
}

describe('mutants', () => {
  for (const m of MODELS)
    for (const v of m.variants.filter((x) => x.kind === 'mutant')) {
      it(`${m.name}/${v.name} is caught by ${v.expect}`, () => {
        if (v.expect === DIVERGENCE) return assertDivergenceReproduces(m.name, v);
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
