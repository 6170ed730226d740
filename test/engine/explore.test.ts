import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { counters, lockOrder, toySystem } from '../helpers/toy.ts';

describe('explore', () => {
  it('counts (N+1)^K states, K*N*(N+1)^(K-1) transitions and depth K*N for K independent counters', () => {
    for (const [k, n] of [[1, 5], [2, 3], [3, 2], [4, 3]] as const) {
      for (const strategy of ['bfs', 'dfs'] as const) {
        const r = explore(counters(k, n), { strategy });
        expect(r.status).toBe('ok');
        expect(r.states).toBe((n + 1) ** k);
        expect(r.transitions).toBe(k * n * (n + 1) ** (k - 1));
        if (strategy === 'bfs') expect(r.depth).toBe(k * n);
      }
    }
  });

  it('explores the 2-thread, same-order locking protocol without deadlock: 12 states', () => {
    // Both threads take A then B. A thread inside (pc 1 or 2) holds A, so at most one is inside:
    // pcs in {0,3}x{0,3} (4), plus {1,2}x{0,3} (4), plus {0,3}x{1,2} (4) = 12.
    const r = explore(lockOrder(false));
    expect(r.status).toBe('ok');
    expect(r.states).toBe(12);
  });

  it('reports the opposite-order locking protocol as a deadlock with a shortest 2-step trace', () => {
    const r = explore(lockOrder(true));
    expect(r.status).toBe('deadlock');
    if (r.status !== 'deadlock') return;
    expect(r.trace.map((s) => s.key).sort()).toEqual(['t0.lock1', 't1.lock1']);
  });

  it('finds an invariant violation at the shortest depth with BFS, and replays the trace to it', () => {
    const sys = toySystem({
      words: 2,
      steps: [
        { thread: 0, name: 'a', guard: (s) => s[0] < 5, apply: (s) => { s[0]++; } },
        { thread: 1, name: 'b', guard: (s) => s[1] < 5, apply: (s) => { s[1]++; } },
      ],
      invariant: (s) => (s[0] + s[1] === 3 && s[0] === 2 ? { code: 'T1', message: `bad at ${s[0]},${s[1]}` } : null),
    });
    const r = explore(sys, { strategy: 'bfs' });
    expect(r.status).toBe('violation');
    if (r.status !== 'violation') return;
    expect(r.trace).toHaveLength(3);
    expect(Array.from(r.trace[2].state)).toEqual([2, 1]);
    expect(r.finding.code).toBe('T1');
  });

  it('reports a finding raised by a step at that step', () => {
    const sys = toySystem({
      words: 1,
      steps: [{ thread: 0, name: 'inc', guard: (s) => s[0] < 4, apply: (s) => { s[0]++; }, finding: (s) => (s[0] === 2 ? { code: 'T2', message: 'step finding' } : null) }],
    });
    const r = explore(sys);
    expect(r.status).toBe('violation');
    if (r.status === 'violation') expect(r.trace).toHaveLength(3);
  });

  it('checks quiescent properties only in terminal idle states', () => {
    const sys = toySystem({
      words: 1,
      steps: [{ thread: 0, name: 'inc', guard: (s) => s[0] < 3, apply: (s) => { s[0]++; } }],
      quiescent: (s) => (s[0] === 3 ? { code: 'Q', message: 'not merged' } : null),
    });
    const r = explore(sys);
    expect(r.status).toBe('violation');
    if (r.status === 'violation') {
      expect(r.atQuiescence).toBe(true);
      expect(r.trace).toHaveLength(3);
    }
  });

  it('ends with status bound (never ok) when a bound is reached', () => {
    const byStates = explore(counters(3, 5), { maxStates: 20 });
    expect(byStates.status).toBe('bound');
    if (byStates.status === 'bound') expect(byStates.bound).toBe('maxStates');
    expect(byStates.states).toBe(20);
    const byDepth = explore(counters(2, 5), { maxDepth: 3 });
    expect(byDepth.status).toBe('bound');
    if (byDepth.status === 'bound') expect(byDepth.bound).toBe('maxDepth');
    // States within depth 3 of (0,0) with each counter <= 5: 1 + 2 + 3 + 4 = 10.
    expect(byDepth.states).toBe(10);
    const deepEnough = explore(counters(2, 2), { maxDepth: 4 });
    expect(deepEnough.status).toBe('ok');
  });

  it('turns an exception inside the model into an error result, not a throw', () => {
    const sys = toySystem({ words: 1, steps: [{ thread: 0, name: 'boom', guard: () => true, apply: () => { throw new Error('model defect'); } }] });
    const r = explore(sys);
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.message).toContain('model defect');
  });
});

describe('Explorer slices, snapshots and resume', () => {
  it('gives the same figures when run in slices, and when resumed from a snapshot taken between slices', async () => {
    const { Explorer } = await import('../../src/engine/explore.ts');
    const { resolve } = await import('../../src/check.ts');
    const sys = resolve({ model: 'buddy', config: 'churn' }).built.system;
    const whole = explore(sys);
    expect(whole.status).toBe('ok');
    // Run a little, snapshot, and continue in a fresh explorer.
    const first = new Explorer(sys);
    expect(first.run(0)).toBeNull();
    for (let i = 0; i < 3 && first.run(1) === null; i++);
    const snap = first.snapshot();
    expect(snap.store.fpHi.length).toBeLessThan(whole.states);
    const resumed = new Explorer(sys, {}, snap);
    let r = resumed.run(5);
    while (!r) r = resumed.run(5);
    expect(r.status).toBe('ok');
    expect(r.states).toBe(whole.states);
    expect(r.transitions).toBe(whole.transitions);
    expect(r.depth).toBe(whole.depth);
  });

  it('finds the same shortest counterexample after a resume', async () => {
    const { Explorer } = await import('../../src/engine/explore.ts');
    const { resolve } = await import('../../src/check.ts');
    const sys = resolve({ model: 'buddy', variant: 'merge-ignores-buddy-order' }).built.system;
    const whole = explore(sys);
    const ex = new Explorer(sys);
    ex.run(0);
    const r = new Explorer(sys, {}, ex.snapshot()).run()!;
    expect(r.status).toBe('violation');
    if (r.status === 'violation' && whole.status === 'violation') expect(r.trace.map((s) => s.key)).toEqual(whole.trace.map((s) => s.key));
  });

  it('stops with status bound (interrupted) and the partial figures when interrupted', async () => {
    const { Explorer } = await import('../../src/engine/explore.ts');
    const ex = new Explorer(counters(3, 30));
    ex.run(0);
    const r = ex.interrupt();
    expect(r.status).toBe('bound');
    if (r.status === 'bound') expect(r.bound).toBe('interrupted');
  });
});
