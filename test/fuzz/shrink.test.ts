import { describe, expect, it } from 'vitest';
import { contextSwitches, execute, failureKind } from '../../src/fuzz/exec.ts';
import { fuzz } from '../../src/fuzz/fuzz.ts';
import { fuzzModel } from '../../src/fuzz/model.ts';
import { shrink } from '../../src/fuzz/shrink.ts';
import { MODELS } from '../../models/registry.ts';
import { DIVERGENCE } from '../../src/validate/types.ts';
import { Toy, toyTr } from './toy.ts';

describe('shrink (toy systems)', () => {
  it('reduces a lost update to its 4 steps with the fewest context switches (2)', () => {
    const sys = new Toy(3, 3, { inc: true, add: false });
    const r = fuzz({ system: sys, maxOrder: 0 }, { seed: 5, runs: 200, steps: 200, shrink: false });
    expect(r.status).toBe('failure');
    if (r.status !== 'failure') return;
    const original = r.failure.original.execution;
    expect(original.trs.length).toBeGreaterThan(4);
    const s = shrink(sys, original);
    expect(s.execution.trs).toHaveLength(4);
    expect(contextSwitches(sys, s.execution.trs)).toBe(2);
    expect(failureKind(s.execution.failure!)).toBe('LOST');
    expect(s.stats.complete).toBe(true);
  });

  it('removes the calls the failure does not need, in phase 1', () => {
    const sys = new Toy(2, 3, { inc: true, add: false });
    // t0 inc, t0 inc, then the race between t0 and t1.
    const trs = [toyTr.inc(0), toyTr.step(0), toyTr.inc(0), toyTr.step(0), toyTr.inc(0), toyTr.inc(1), toyTr.step(1), toyTr.step(0)];
    const ex = execute(sys, trs, false)!;
    expect(failureKind(ex.failure!)).toBe('LOST');
    const s = shrink(sys, ex);
    expect(s.execution.trs).toHaveLength(4);
    expect(s.stats.kept.operations).toBeGreaterThan(0);
  });

  it('moves blocks of one thread together at the same length, in phase 2', () => {
    const sys = new Toy(2, 1, { inc: true, add: false });
    // read0 read1 write0 write1: 3 context switches; read0 read1 write1 write0 has 2.
    const ex = execute(sys, [toyTr.inc(0), toyTr.inc(1), toyTr.step(0), toyTr.step(1)], false)!;
    expect(contextSwitches(sys, ex.trs)).toBe(3);
    const s = shrink(sys, ex);
    expect(s.execution.trs).toHaveLength(4);
    expect(contextSwitches(sys, s.execution.trs)).toBe(2);
    expect(s.stats.kept.schedule).toBeGreaterThan(0);
  });

  it('takes the smallest arguments that still fail, in phase 3', () => {
    const sys = new Toy(2, 2, { inc: false, add: true }, 2);
    const ex = execute(sys, [toyTr.add(1, 3)], false)!;
    expect(failureKind(ex.failure!)).toBe('BIG');
    const s = shrink(sys, ex);
    // add(2) is the smallest argument reaching the limit of 2, on the lowest thread.
    expect(s.execution.trs).toEqual([toyTr.add(0, 2)]);
    expect(s.stats.kept.arguments).toBe(2);
  });

  it('stops at the time limit and says the result may not be minimal', () => {
    const sys = new Toy(3, 3, { inc: true, add: false });
    const r = fuzz({ system: sys, maxOrder: 0 }, { seed: 5, runs: 200, steps: 200, shrink: false });
    if (r.status !== 'failure') throw new Error('expected a failure');
    const s = shrink(sys, r.failure.original.execution, { timeLimitSeconds: 1e-9 });
    expect(s.stats.complete).toBe(false);
    expect(s.execution).toBe(r.failure.original.execution);
  });
});

describe('shrink (every mutant of every model, at its own configuration)', () => {
  for (const model of MODELS)
    // A divergence is found by `validate`, not by a property: no fuzz campaign can catch one.
    for (const v of model.variants.filter((x) => x.kind === 'mutant' && x.expect !== DIVERGENCE))
      it(`${model.name}/${v.name}: never longer, same failure, and a fixed point`, () => {
        // Its own (exhaustive) configuration: there shrinking reaches its fixed point in well under
        // its time bound. The large fuzz configurations are the suite's fuzz budget.
        const config = v.config ?? model.defaultConfig;
        const { result } = fuzzModel({ model: model.name, variant: v.name, config }, { seed: 11, runs: 200 });
        expect(result.status).toBe('failure');
        if (result.status !== 'failure') return;
        const f = result.failure;
        expect(f.shrunk.length).toBeLessThanOrEqual(f.original.length);
        expect(f.shrunk.contextSwitches).toBeLessThanOrEqual(f.original.contextSwitches);
        expect(failureKind(f.shrunk.execution.failure!)).toBe(failureKind(f.original.execution.failure!));
        expect(failureKind(f.shrunk.execution.failure!)).toBe(v.expect);
        expect(f.shrink!.complete).toBe(true);
        // Shrinking the result again finds nothing smaller.
        const again = shrink(f.shrunk.system, f.shrunk.execution);
        expect(again.execution.trs).toEqual(f.shrunk.execution.trs);
      });
});
