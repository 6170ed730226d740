/**
 * Cost over complete runs: on toys whose runs are counted by hand, on the pcp-buddy scenarios
 * against an enumeration of every run one by one, and the two ways there is no total per run
 * (runs of unbounded length, a run that deadlocks).
 */
import { describe, expect, it } from 'vitest';
import { completeRunCosts, type RunTotals } from '../../src/validate/runs.ts';
import type { IsolatableSystem } from '../../src/validate/types.ts';
import type { System, TransitionId } from '../../src/engine/types.ts';
import { resolve } from '../../src/check.ts';
import { counters, lockOrder, toySystem } from '../helpers/toy.ts';

/** A toy with one cost counter, "steps", counting every applied step. */
function costed(sys: System, operations: string[]): IsolatableSystem {
  let steps = 0;
  const unused = (): never => {
    throw new Error('not used by complete-run costing');
  };
  return {
    ...sys,
    apply(s: Uint16Array, tr: TransitionId) {
      const r = sys.apply(s, tr);
      if (r) steps++;
      return r;
    },
    costCounters: [{ key: 'steps', label: 'steps' }],
    operations,
    resetCost: () => {
      steps = 0;
    },
    readCost: () => [steps],
    startTransitions: unused,
    threadOf: unused,
    stepTransition: unused,
    threadIdle: unused,
    operationName: unused,
    isolationKey: unused,
    observe: unused,
    describeDifference: unused,
    describeWait: unused,
  };
}

/** Every complete run enumerated one by one: per operation, the counters' totals of each run. */
function enumerate(sys: IsolatableSystem): Map<string, number[][]> {
  const runs = new Map<string, number[][]>(sys.operations.map((o) => [o, []]));
  const walk = (s: Uint16Array, acc: Map<string, number[]>) => {
    const trs: TransitionId[] = [];
    sys.successors(s, (tr) => {
      trs.push(tr);
      return true;
    });
    if (!trs.length) {
      for (const o of sys.operations) runs.get(o)!.push(acc.get(o) ?? new Array(sys.costCounters.length + 1).fill(0));
      return;
    }
    for (const tr of trs) {
      sys.resetCost();
      const r = sys.apply(s, tr)!;
      const cost = sys.readCost();
      const next = new Map([...acc].map(([k, v]) => [k, [...v]]));
      const v = next.get(r.info.op) ?? new Array(sys.costCounters.length + 1).fill(0);
      v[0] += r.info.starts ? 1 : 0;
      cost.forEach((c, i) => (v[i + 1] += c));
      next.set(r.info.op, v);
      walk(r.next, next);
    }
  };
  walk(sys.initial(), new Map());
  return runs;
}

describe('completeRunCosts', () => {
  it('counts the interleavings of two counters and the steps of each run', () => {
    // Arrange: two threads each increment their counter twice: C(4,2) = 6 interleavings.
    const sys = costed(counters(2, 2), ['inc0', 'inc1']);
    // Act
    const r = completeRunCosts(sys, sys.operations);
    // Assert
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.runs).toBe(6);
    for (const o of r.operations) expect({ mean: o.mean, min: o.min, max: o.max }).toEqual({ mean: [2], min: [2], max: [2] });
  });

  it('says there is no total per run when a state is reachable from itself', () => {
    const toggle = costed(toySystem({ words: 1, steps: [{ thread: 0, name: 'flip', guard: () => true, apply: (s) => void (s[0] ^= 1) }] }), ['flip']);
    expect(completeRunCosts(toggle, toggle.operations).status).toBe('cyclic');
  });

  it('says so when a run deadlocks before it completes', () => {
    const sys = costed(lockOrder(true), ['t0.lock1', 't0.lock2', 't0.unlock', 't1.lock1', 't1.lock2', 't1.unlock']);
    const r = completeRunCosts(sys, sys.operations);
    expect(r.status).toBe('stuck');
  });

  for (const [variant, config] of [['baseline', 'exit'], ['ownership-off', 'exit'], ['baseline', 'types'], ['trylock-then-buddy', 'exit']] as const)
    it(`agrees with an enumeration of every run: pcp-buddy/${variant} @ ${config}`, () => {
      // Arrange
      const sys = resolve({ model: 'pcp-buddy', variant, config }).built.system;
      // Act
      const r = completeRunCosts(sys, sys.operations);
      const runs = enumerate(sys);
      // Assert (on failure: npx pagecheck validate --model pcp-buddy --before <variant> --after <variant> --separately --config <config>)
      expect(r.status).toBe('ok');
      if (r.status !== 'ok') return;
      const n = runs.get(sys.operations[0])!.length;
      expect(r.runs).toBe(n);
      for (const o of r.operations as RunTotals[]) {
        const per = runs.get(o.operation)!;
        const col = (i: number) => per.map((v) => v[i]);
        const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
        expect(o.calls).toEqual({ mean: mean(col(0)), min: Math.min(...col(0)), max: Math.max(...col(0)) });
        sys.costCounters.forEach((_, c) => {
          expect(o.mean[c]).toBeCloseTo(mean(col(c + 1)), 9);
          expect(o.min[c]).toBe(Math.min(...col(c + 1)));
          expect(o.max[c]).toBe(Math.max(...col(c + 1)));
        });
      }
    });
});
