import { describe, expect, it } from 'vitest';
import { resolve } from '../../src/check.ts';
import { MODELS, namedConfigs } from '../../models/registry.ts';
import { fuzzModel } from '../../src/fuzz/model.ts';

describe('fuzz configurations of every model', () => {
  for (const m of MODELS)
    it(`${m.name}: named apart from the exhaustive ones, valid, and the default one exists`, () => {
      const fuzz = Object.keys(m.fuzzConfigs ?? {});
      for (const name of fuzz) {
        expect(Object.hasOwn(m.configs, name), `${name} is also an exhaustive configuration`).toBe(false);
        expect(resolve({ model: m.name, config: name }).built.system.words).toBeGreaterThan(0);
      }
      if (m.defaultFuzzConfig) expect(Object.keys(namedConfigs(m))).toContain(m.defaultFuzzConfig);
    });
});

describe('the baseline at every fuzz configuration', () => {
  for (const m of MODELS)
    for (const config of Object.keys(m.fuzzConfigs ?? {}))
      it(`${m.name} @ ${config}: a short campaign finds nothing and reaches quiescence`, () => {
        const { result } = fuzzModel({ model: m.name, config }, { seed: 5, runs: 3 });
        expect(result.status, result.status === 'failure' ? `replay: npx pagecheck fuzz --model ${m.name} --config ${config} --seed 5 --runs 3` : '').toBe('ok');
        if (result.status !== 'ok') return;
        expect(result.stats.runs).toBe(3);
        expect(result.stats.quiescent).toBeGreaterThan(0);
      });
});
