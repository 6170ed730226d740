import { describe, expect, it } from 'vitest';
import { resolve } from '../../src/check.ts';
import { MODELS, namedConfigs } from '../../models/registry.ts';

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
