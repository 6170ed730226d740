import { describe, expect, it } from 'vitest';
import { resolve } from '../../src/check.ts';
import { configSpace, configWeight, describeResize, smallerConfigs } from '../../src/fuzz/resize.ts';

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

describe('configSpace', () => {
  it('builds systems for the configurations the model accepts and refuses the others', () => {
    const r = resolve({ model: 'buddy', config: 'large' });
    const space = configSpace(r.model, r.variant, r.config);
    expect(space.build({ ...r.config, cpus: 1 })?.threads).toEqual(['cpu0']);
    // A max-order block larger than the zone: the schema refuses it, so it is no candidate.
    expect(space.build({ ...r.config, pages: 16, pagesPerSection: 16 })).toBeNull();
  });
});
