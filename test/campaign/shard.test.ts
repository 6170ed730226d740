import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { campaignId, parseShard, shardItems, shardRuns, type WorkItem } from '../../src/campaign/shard.ts';
import { UsageError } from '../../src/util/unreachable.ts';

describe('parseShard', () => {
  it('reads K/N, 1-based', () => {
    expect(parseShard('2/4', {})).toEqual({ index: 2, count: 4, source: '--shard 2/4' });
  });
  it('reads a Slurm job array, whatever its first task id', () => {
    expect(parseShard('auto', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '4' })).toMatchObject({ index: 1, count: 4 });
    expect(parseShard('auto', { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' })).toMatchObject({ index: 4, count: 4 });
  });
  it("reads a Kubernetes Indexed Job's 0-based index, with N given", () => {
    expect(parseShard('auto/3', { JOB_COMPLETION_INDEX: '2' })).toMatchObject({ index: 3, count: 3, source: 'JOB_COMPLETION_INDEX=2' });
    expect(() => parseShard('auto', { JOB_COMPLETION_INDEX: '2' })).toThrow(/auto\/N/);
  });
  it('reads a variable named by the user (a CI matrix)', () => {
    expect(parseShard('env:SHARD/4', { SHARD: '3' })).toMatchObject({ index: 3, count: 4, source: 'SHARD=3' });
    expect(() => parseShard('env:SHARD/4', {})).toThrow(/not set/);
  });
  it('refuses what is not a shard, naming the rule', () => {
    for (const bad of ['0/4', '5/4', '1/0', '1/10001', '1', 'x/y', '-1/2', 'env:1X/2']) expect(() => parseShard(bad, {}), bad).toThrow(UsageError);
    expect(() => parseShard('auto', {})).toThrow(/neither SLURM_ARRAY_TASK_ID/);
    expect(() => parseShard('auto/3', { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '4' })).toThrow(/has 4 tasks/);
  });
});

describe('shardItems', () => {
  const itemsArb = fc.array(fc.nat(1000), { maxLength: 60 }).map((costs) => costs.map((cost, i): WorkItem => ({ id: `item${i}`, cost })));
  it('deals every item to exactly one shard, in campaign order', () => {
    fc.assert(
      fc.property(itemsArb, fc.integer({ min: 1, max: 9 }), (items, n) => {
        const parts = Array.from({ length: n }, (_, k) => shardItems(items, { index: k + 1, count: n, source: 'test' }));
        const all = parts.flat().map((x) => x.id).sort();
        expect(all).toEqual(items.map((x) => x.id).sort());
        for (const p of parts) expect(p.map((x) => items.indexOf(x))).toEqual([...p.map((x) => items.indexOf(x))].sort((a, b) => a - b));
      }),
      { seed: 21, numRuns: 200 },
    );
  });
  it('balances the load: no shard exceeds the mean by more than the largest item', () => {
    fc.assert(
      fc.property(itemsArb, fc.integer({ min: 1, max: 9 }), (items, n) => {
        const total = items.reduce((a, x) => a + x.cost, 0);
        const largest = Math.max(0, ...items.map((x) => x.cost));
        for (let k = 1; k <= n; k++) {
          const load = shardItems(items, { index: k, count: n, source: 'test' }).reduce((a, x) => a + x.cost, 0);
          expect(load).toBeLessThanOrEqual(total / n + largest);
        }
      }),
      { seed: 22, numRuns: 200 },
    );
  });
});

describe('shardRuns', () => {
  it('splits runs into contiguous ranges that cover them once', () => {
    fc.assert(
      fc.property(fc.nat(5000), fc.integer({ min: 1, max: 50 }), (runs, n) => {
        let next = 0;
        for (let k = 1; k <= n; k++) {
          const r = shardRuns(runs, { index: k, count: n, source: 'test' });
          expect(r.start).toBe(next);
          expect(r.count === Math.floor(runs / n) || r.count === Math.ceil(runs / n)).toBe(true);
          next = r.start + r.count;
        }
        expect(next).toBe(runs);
      }),
      { seed: 23, numRuns: 200 },
    );
  });
});

describe('campaignId', () => {
  it('depends on the command and on every item, in order', () => {
    const a = [{ id: 'x', cost: 1 }, { id: 'y', cost: 2 }];
    expect(campaignId(['suite'], a)).toBe(campaignId(['suite'], [...a]));
    expect(campaignId(['suite'], a)).not.toBe(campaignId(['suite'], [a[1], a[0]]));
    expect(campaignId(['suite'], a)).not.toBe(campaignId(['mutants'], a));
    expect(campaignId(['a', 'b'], a)).not.toBe(campaignId(['ab'], a));
  });
});
