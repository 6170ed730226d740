import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Chooser, planArbitrary, type FuzzStrategy } from '../../src/fuzz/strategy.ts';
import { runOnce } from '../../src/fuzz/run.ts';
import { Toy } from './toy.ts';

const shapeOf = (sys: Toy, strategy: FuzzStrategy) => ({ strategy, threads: sys.threads.length, operations: sys.operations.length, pctDepth: 2, pctSteps: 10 });

describe('planArbitrary and Chooser', () => {
  it('make a run a function of its plan: the same seed gives the same run', () => {
    const sys = new Toy(3, 3, { inc: true, add: true });
    for (const strategy of ['random', 'pct', 'swarm'] as const) {
      const [a] = fc.sample(planArbitrary(shapeOf(sys, strategy)), { seed: 42, numRuns: 1 });
      const [b] = fc.sample(planArbitrary(shapeOf(sys, strategy)), { seed: 42, numRuns: 1 });
      const ra = runOnce(sys, new Chooser(sys, a, 2), 100);
      const rb = runOnce(sys, new Chooser(sys, b, 2), 100);
      expect(ra.trs).toEqual(rb.trs);
      expect(ra.trs.length).toBeGreaterThan(0);
    }
  });

  it('draw PCT change points among the first k steps, d-1 of them', () => {
    const sys = new Toy(2, 1, { inc: true, add: false });
    for (const plan of fc.sample(planArbitrary({ ...shapeOf(sys, 'pct'), pctDepth: 4, pctSteps: 7 }), { seed: 1, numRuns: 50 })) {
      expect(plan.pct!.changePoints).toHaveLength(3);
      expect(new Set(plan.pct!.changePoints).size).toBe(3);
      for (const c of plan.pct!.changePoints) expect(c >= 1 && c <= 7).toBe(true);
      expect([...plan.pct!.order].sort()).toEqual([0, 1]);
    }
  });

  it('under PCT with no change point, run one thread to the end before the next', () => {
    const sys = new Toy(2, 2, { inc: true, add: false });
    const [plan] = fc.sample(planArbitrary({ ...shapeOf(sys, 'pct'), pctDepth: 1 }), { seed: 3, numRuns: 1 });
    const threads = runOnce(sys, new Chooser(sys, plan, 1), 100).trs.map((tr) => sys.threadOf(tr));
    const first = plan.pct!.order[0];
    expect(threads).toEqual([first, first, first, first, 1 - first, 1 - first, 1 - first, 1 - first]);
  });

  it('in swarm runs, start only enabled operations while they can move, at a density drawn per run', () => {
    const sys = new Toy(3, 2, { inc: true, add: true }, Infinity, false);
    let checked = 0;
    const densities = new Set<number>();
    for (const plan of fc.sample(planArbitrary(shapeOf(sys, 'swarm')), { seed: 9, numRuns: 40 })) {
      const sw = plan.swarm!;
      expect(sw.operations.some(Boolean)).toBe(true);
      expect(sw.density >= 50 && sw.density <= 99).toBe(true);
      densities.add(sw.density);
      const trs = runOnce(sys, new Chooser(sys, plan, 2), 100).trs;
      const starts = trs.filter((tr) => sys.operationOf(tr) >= 0);
      // With every operation enabled nothing is left out; otherwise, while an enabled operation
      // can still start (the toy's budget is per thread, any operation), only enabled ones start.
      for (const tr of starts.slice(0, 6)) {
        expect(sw.operations[sys.operationOf(tr)]).toBe(true);
        checked++;
      }
      // ...and the run still drains every budget (the toy ends only when all are spent).
      expect(starts).toHaveLength(6);
    }
    expect(checked).toBeGreaterThan(0);
    expect(densities.size).toBeGreaterThan(10);
  });
});
