import { describe, expect, it } from 'vitest';
import { resolve } from '../../src/check.ts';
import { configArbitrary, configSystems, configWeight, describeResize, smallerConfigs } from '../../src/fuzz/resize.ts';
import fc from 'fast-check';
import { ConfigSchema } from '../../src/config/schema.ts';

describe('smallerConfigs', () => {
  it('offers fewer CPUs, calls and kinds of calls (phase 1) and fewer argument values and sections (phase 3), each lighter', () => {
    const { config } = resolve({ model: 'buddy', config: 'large' });
    const smaller = smallerConfigs(config);
    expect(smaller.length).toBeGreaterThan(5);
    for (const s of smaller) expect(configWeight(s.config)).toBeLessThan(configWeight(config));
    expect(smaller.filter((s) => s.phase === 'arguments' && s.config.pages !== config.pages).map((s) => s.config.pages)).toEqual([64, 128, 192]);
    expect(smaller.some((s) => s.phase === 'arguments' && s.config.workload.allocOrders.join() === '0,1,2')).toBe(true);
    expect(smaller.some((s) => s.phase === 'operations' && s.config.cpus === 1)).toBe(true);
    expect(smaller.some((s) => s.phase === 'operations' && s.config.workload.allocsPerCpu === 0)).toBe(true);
  });

  it('describes a resize field by field', () => {
    const { config } = resolve({ model: 'buddy', config: 'large' });
    const c = { ...config, cpus: 1, workload: { ...config.workload, allocsPerCpu: 2 } };
    expect(describeResize(config, c)).toBe('cpus 4→1, allocsPerCpu 16→2');
  });
});

describe('configSystems', () => {
  it('builds systems for the configurations the model accepts, once each, and refuses the others', () => {
    const r = resolve({ model: 'buddy', config: 'large' });
    const systems = configSystems(r.model, r.variant);
    const one = systems.build({ ...r.config, cpus: 1 });
    expect(one?.threads).toEqual(['cpu0']);
    expect(systems.build({ ...r.config, cpus: 1 })).toBe(one);
    // A max-order block larger than the zone: the schema refuses it, so it is no candidate.
    expect(systems.build({ ...r.config, pages: 16, pagesPerSection: 16 })).toBeNull();
    expect(systems.space(r.config).initial).toBe(r.config);
  });
});

describe('configArbitrary', () => {
  it('draws valid configurations within the limits of the base, keeping MAX_PAGE_ORDER', () => {
    const { config } = resolve({ model: 'buddy', config: 'large' });
    const drawn = fc.sample(configArbitrary(config), { seed: 4, numRuns: 200 });
    for (const c of drawn) {
      expect(ConfigSchema.safeParse(c).success).toBe(true);
      expect(c.cpus).toBeLessThanOrEqual(config.cpus);
      expect(c.pages).toBeLessThanOrEqual(config.pages);
      expect(c.maxOrder).toBe(config.maxOrder);
      expect(c.workload.allocsPerCpu).toBeLessThanOrEqual(config.workload.allocsPerCpu);
      for (const o of c.workload.allocOrders) expect(config.workload.allocOrders).toContain(o);
    }
    expect(new Set(drawn.map((c) => `${c.cpus}/${c.pages}`)).size).toBeGreaterThan(8);
  });
});
