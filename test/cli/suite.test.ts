import { describe, expect, it } from 'vitest';
import { MODELS } from '../../models/registry.ts';
import { fuzzRow, suiteFuzzChecks } from '../../src/cli/fuzz-runs.ts';
import { suiteChecks, suiteItems } from '../../src/cli/commands/suite.ts';

describe('the suite\'s work', () => {
  it('fuzzes a variant at its own fuzz configuration where it names one, and the row is as expected there', () => {
    const own = MODELS.flatMap((m) => m.variants.filter((v) => v.fuzzConfig !== undefined).map((v) => ({ m, v })));
    expect(own.length).toBeGreaterThan(0);
    const checks = suiteFuzzChecks(MODELS);
    for (const { m, v } of own) {
      const c = checks.filter((x) => x.model === m && x.variant === v);
      expect(c.map((x) => x.config), `${m.name}/${v.name}`).toEqual([v.fuzzConfig]);
      const row = fuzzRow(m, v, v.fuzzConfig!);
      expect(row.pass, `${m.name}/${v.name} @ ${v.fuzzConfig}: ${row.verdict}`).toBe(true);
    }
  });

  it('checks a variant at its own configuration and at each it names in alsoAt, every one a configuration of its model', () => {
    const also = MODELS.flatMap((m) => m.variants.filter((v) => v.alsoAt?.length).map((v) => ({ m, v })));
    expect(also.length).toBeGreaterThan(0);
    const checks = suiteChecks(MODELS);
    for (const { m, v } of also) {
      for (const c of v.alsoAt!) expect(Object.keys(m.configs), `${m.name}/${v.name} alsoAt ${c}`).toContain(c);
      const at = checks.filter((x) => x.model === m && x.variant === v).map((x) => x.config);
      expect(at, `${m.name}/${v.name}`).toEqual([v.config ?? m.defaultConfig, ...v.alsoAt!]);
    }
  });

  it('lists every exhaustive and fuzz check and every model family once, with distinct ids and positive costs, exhaustive rows first, families last', () => {
    const items = suiteItems(MODELS);
    const families = MODELS.filter((m) => m.family).length;
    expect(families).toBe(MODELS.length);
    expect(items.length).toBe(suiteChecks(MODELS).length + suiteFuzzChecks(MODELS).length + families);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items.every((i, k) => i.index === k && i.cost > 0)).toBe(true);
    const firstFuzz = items.findIndex((i) => i.search === 'fuzz');
    const firstFamily = items.findIndex((i) => i.search === 'family');
    expect(items.slice(firstFuzz, firstFamily).every((i) => i.search === 'fuzz')).toBe(true);
    expect(items.slice(firstFamily).map((i) => i.id)).toEqual(MODELS.map((m) => `family ${m.name}/baseline@small`));
  });
});
