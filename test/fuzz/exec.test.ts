import { describe, expect, it } from 'vitest';
import { check, resolve } from '../../src/check.ts';
import { ArgRenaming, callCount, contextSwitches, execute, failureKind, traceOf } from '../../src/fuzz/exec.ts';
import type { Schedulable } from '../../src/fuzz/types.ts';
import { Toy, toyTr } from './toy.ts';

const keys = (sys: Schedulable, ...ks: string[]) =>
  ks.map((k) => {
    const tr = sys.transitionFromKey(k);
    if (tr === undefined) throw new Error(`no transition ${k}`);
    return tr;
  });

describe('execute', () => {
  it('stops at the first failure and records the states', () => {
    const sys = new Toy(2, 1, { inc: true, add: false });
    const ex = execute(sys, [toyTr.inc(0), toyTr.inc(1), toyTr.step(1), toyTr.step(0), toyTr.step(0)], false)!;
    expect(ex.trs).toHaveLength(4);
    expect(ex.states).toHaveLength(5);
    expect(failureKind(ex.failure!)).toBe('LOST');
    expect(traceOf(sys, ex).map((s) => s.key)).toEqual(['t0 inc()', 't1 inc()', 't1 step', 't0 step']);
  });

  it('refuses a transition that is not enabled unless lenient, and then skips it', () => {
    const sys = new Toy(1, 1, { inc: true, add: false });
    const trs = [toyTr.step(0), toyTr.inc(0), toyTr.step(0)];
    expect(execute(sys, trs, false)).toBeNull();
    const ex = execute(sys, trs, true)!;
    expect(ex.trs).toEqual([toyTr.inc(0), toyTr.step(0)]);
    expect(ex.failure).toBeNull();
  });

  it('counts context switches and calls', () => {
    const sys = new Toy(2, 2, { inc: true, add: true });
    const trs = [toyTr.inc(0), toyTr.step(0), toyTr.add(1, 1), toyTr.add(0, 2)];
    expect(contextSwitches(sys, trs)).toBe(2);
    expect(callCount(sys, trs)).toBe(3);
  });

  it('checks a terminal state for deadlock and quiescence, like exhaustive search', () => {
    for (const [model, variant] of [['pcp-buddy', 'spin-lock-in-irq'], ['buddy', 'merge-stops-early'], ['buddy', 'free-one-page-no-unlock']]) {
      const c = check({ model, variant });
      if (c.result.status !== 'violation' && c.result.status !== 'deadlock') throw new Error('expected a counterexample');
      const sys = c.built.system;
      const ex = execute(sys, keys(sys, ...c.result.trace.map((s) => s.key)), false)!;
      expect(ex.trs).toHaveLength(c.result.trace.length);
      if (c.result.status === 'deadlock') expect(ex.failure).toEqual({ kind: 'deadlock', message: c.result.message });
      else expect(ex.failure).toEqual({ kind: 'violation', finding: c.result.finding, atQuiescence: c.result.atQuiescence });
    }
  });
});

describe('ArgRenaming', () => {
  it('redirects a free to the block its allocation now returns, and keeps the renaming for later calls', () => {
    const r = resolve({ model: 'buddy', config: 'default' });
    const sys = r.built.system;
    // Originally: two allocations, then a speculative reference and a free of the second block (pfn 2).
    const original = keys(sys, 'cpu0 alloc_pages(order=1, mt=MOVABLE, comp=0)', 'cpu0 step', 'cpu1 alloc_pages(order=1, mt=MOVABLE, comp=0)', 'cpu1 step', 'cpu0 speculative_ref(pfn=2)', 'cpu1 __free_pages(pfn=2)');
    const cache = new Map<number, Readonly<Record<string, number | string>>>();
    const ex0 = execute(sys, original, false)!;
    expect(ex0.trs).toHaveLength(6);
    ex0.trs.forEach((tr, i) => cache.set(tr, ex0.infos[i].args));
    // Without the first allocation the second block is at pfn 0: both later calls follow it.
    const without = original.slice(2);
    expect(execute(sys, without, true)!.trs).toHaveLength(2);
    const ex = execute(sys, without, true, new ArgRenaming(sys, cache))!;
    expect(traceOf(sys, ex).map((s) => s.key)).toEqual([
      'cpu1 alloc_pages(order=1, mt=MOVABLE, comp=0)',
      'cpu1 step',
      'cpu0 speculative_ref(pfn=0)',
      'cpu1 __free_pages(pfn=0)',
    ]);
  });
});
