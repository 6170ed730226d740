import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzModel } from '../../src/fuzz/model.ts';
import { PctPriorities, pctDefaultDepth } from '../../src/fuzz/pct.ts';
import { planArbitrary } from '../../src/fuzz/strategy.ts';
import { fuzzRerunCommand } from '../../src/cli/report-meta.ts';

const keys = (f: { original: { system: { transitionKey(tr: number): string }; execution: { trs: readonly number[] } } }) =>
  f.original.execution.trs.map((tr) => f.original.system.transitionKey(tr));

describe('coverage-guided steering', () => {
  // Found after the first run under these seeds, so that the runs before it steer the failing one.
  const cases = [
    { model: 'pcp', variant: 'pagehead-after-put', strategy: 'pct' as const, seed: 1 },
    { model: 'pcp-buddy', variant: 'offline-releases-listed-only', strategy: 'swarm' as const, seed: 1 },
  ];
  for (const c of cases)
    it(`${c.model}/${c.variant} under ${c.strategy}: the same campaign from the same seed, and its failing run replays from its path`, () => {
      const req = { model: c.model, variant: c.variant };
      const opts = { strategy: c.strategy, seed: c.seed, shrink: false };
      const first = fuzzModel(req, opts).result;
      expect(first.settings.steer).toBe(true);
      expect(first.status).toBe('failure');
      if (first.status !== 'failure') return;
      expect(first.failure.run).toBeGreaterThan(1);
      const again = fuzzModel(req, opts).result;
      if (again.status !== 'failure') throw new Error('the second campaign did not fail');
      expect([again.failure.run, again.stats.steps]).toEqual([first.failure.run, first.stats.steps]);
      expect(keys(again.failure)).toEqual(keys(first.failure));

      // --replay PATH: the runs before it execute again, unreported; the replayed run is the same.
      const replay = fuzzModel(req, { ...opts, replayPath: first.failure.path }).result;
      if (replay.status !== 'failure') throw new Error('the replay did not fail');
      expect(replay.stats.runs).toBe(1);
      expect(replay.failure.run).toBe(first.failure.run);
      expect(keys(replay.failure)).toEqual(keys(first.failure));
      expect(replay.failure.failure).toEqual(first.failure.failure);

      // Without steering the same seed draws other runs: the replay line must say which it was.
      const off = fuzzModel(req, { ...opts, replayPath: first.failure.path, steer: false }).result;
      expect(off.status === 'failure' && keys(off.failure).join('\n') === keys(first.failure).join('\n')).toBe(false);
    });

  it('is off for random by default (the suite fuzzes with random): the same runs as --no-steer', () => {
    const req = { model: 'buddy', variant: 'pagehead-after-put' };
    const a = fuzzModel(req, { strategy: 'random', seed: 3, shrink: false }).result;
    const b = fuzzModel(req, { strategy: 'random', seed: 3, shrink: false, steer: false }).result;
    expect(a.settings.steer).toBe(false);
    expect([a.status, a.stats.runs, a.stats.steps]).toEqual([b.status, b.stats.runs, b.stats.steps]);
  });

  it('prints --steer or --no-steer in the replay line only when it differs from the strategy default', () => {
    const out = fuzzModel({ model: 'buddy', config: 'default' }, { strategy: 'random', seed: 1, runs: 1, steer: true });
    expect(fuzzRerunCommand(out, out.configSpec, {}, out.result.settings)).toContain('--steer');
    const pct = fuzzModel({ model: 'buddy', config: 'default' }, { strategy: 'pct', seed: 1, runs: 1, steer: false });
    expect(fuzzRerunCommand(pct, pct.configSpec, {}, pct.result.settings)).toContain('--no-steer');
    const dflt = fuzzModel({ model: 'buddy', config: 'default' }, { strategy: 'pct', seed: 1, runs: 1 });
    const line = fuzzRerunCommand(dflt, dflt.configSpec, {}, dflt.result.settings);
    expect(line).not.toMatch(/--(no-)?steer|--pct-depth/);
  });
});

describe('PCT depth swept per run', () => {
  it('is drawn in 1..D with d-1 change points, D twice the threads (at least 3, at most 20)', () => {
    expect([1, 2, 4, 8, 12].map(pctDefaultDepth)).toEqual([3, 4, 8, 16, 20]);
    const depths = new Set<number>();
    for (const plan of fc.sample(planArbitrary({ strategy: 'pct', threads: 4, operations: 2, pctDepth: 8, pctSweep: true, pctSteps: 50 }), { seed: 1, numRuns: 200 })) {
      const d = plan.pct!.depth!;
      expect(d >= 1 && d <= 8).toBe(true);
      expect(plan.pct!.changePoints).toHaveLength(d - 1);
      depths.add(d);
    }
    expect(depths.size).toBe(8);
  });

  it('reports the sweep and its bound, and keeps a given --pct-depth for every run', () => {
    const swept = fuzzModel({ model: 'buddy', config: 'default' }, { strategy: 'pct', seed: 1, runs: 1 }).result.settings.pct!;
    expect(swept.depthSource).toBe('swept');
    expect(swept.sweep).toEqual({ max: 4 });
    expect(swept.perRun).toBeCloseTo(1 / (4 * 2 * swept.k ** 2), 15);
    const given = fuzzModel({ model: 'buddy', config: 'default' }, { strategy: 'pct', seed: 1, runs: 1, pctDepth: 3 }).result.settings.pct!;
    expect([given.depthSource, given.depth, given.sweep]).toEqual(['given', 3, undefined]);
  });
});

describe('PctPriorities.demote', () => {
  it('drops a thread below every priority so far, later demotions lower still', () => {
    const p = new PctPriorities([0, 1, 2], [], 2);
    expect(p.peek([0, 1, 2])).toBe(0);
    p.demote(0);
    expect(p.peek([0, 1, 2])).toBe(1);
    p.demote(1);
    expect(p.peek([0, 1, 2])).toBe(2);
    p.demote(2);
    // 0 was demoted first: it now outranks the later ones.
    expect(p.peek([0, 1, 2])).toBe(0);
  });
});
