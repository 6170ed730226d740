/**
 * The parallel level-synchronous BFS visits exactly the states of the sequential BFS, orders its
 * levels as the sequential BFS does, and so returns the same (shortest) counterexample.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../models/registry.ts';
import { factoryOf, resolve } from '../../src/check.ts';
import { explore } from '../../src/engine/explore.ts';
import { WorkerPool, exploreParallel } from '../../src/engine/parallel.ts';
import { assertReplayReproduces } from '../helpers/laws.ts';

describe('exploreParallel', () => {
  const pool = new WorkerPool(2);
  afterAll(() => pool.close());

  it('finds the same states, transitions and depth as the sequential search on each model\'s default configuration', async () => {
    for (const m of MODELS)
      for (const config of [m.defaultConfig]) {
        const r = resolve({ model: m.name, config });
        const seq = explore(r.built.system);
        const par = await exploreParallel(r.built.system, factoryOf(r), pool);
        expect([par.status, par.states, par.transitions, par.depth], `${m.name}@${config}`).toEqual([seq.status, seq.states, seq.transitions, seq.depth]);
      }
  });

  it('returns the same counterexample as the sequential BFS, that replays (a mutant per outcome kind)', async () => {
    for (const m of MODELS)
      for (const v of m.variants.filter((x) => x.kind === 'mutant' && ['P2', 'Q1', 'deadlock'].includes(x.expect ?? ''))) {
        const r = resolve({ model: m.name, variant: v.name });
        const seq = explore(r.built.system);
        const par = await exploreParallel(r.built.system, factoryOf(r), pool);
        expect(par.status).toBe(seq.status);
        if ((par.status === 'violation' || par.status === 'deadlock') && (seq.status === 'violation' || seq.status === 'deadlock')) {
          expect(par.trace.map((t) => t.key), `${m.name}/${v.name}`).toEqual(seq.trace.map((t) => t.key));
          if (par.status === 'violation' && seq.status === 'violation') expect(par.finding.code).toBe(seq.finding.code);
          assertReplayReproduces(r.built.system, par);
        }
      }
  });

  it('finds the same first violation as the sequential BFS for every mutant, with chunks small enough that workers race on every level', async () => {
    for (const m of MODELS)
      for (const v of m.variants.filter((x) => x.kind === 'mutant')) {
      const r = resolve({ model: m.name, variant: v.name });
      const seq = explore(r.built.system);
      const par = await exploreParallel(r.built.system, factoryOf(r), pool, { chunkStates: 3, segmentShift: 2 });
      expect(par.status, v.name).toBe(seq.status);
      if ((par.status === 'violation' || par.status === 'deadlock') && (seq.status === 'violation' || seq.status === 'deadlock'))
        expect(par.trace.map((t) => t.key), `${m.name}/${v.name}`).toEqual(seq.trace.map((t) => t.key));
    }
  });

  it('orders every level as the sequential BFS does when workers race (small chunks, store and level arenas growing mid-level)', async () => {
    for (const [model, config] of [['buddy', 'default'], ['pcp', 'drain'], ['pcp-buddy', 'tight']] as const) {
      const r = resolve({ model, config });
      const seq = explore(r.built.system);
      const par = await exploreParallel(r.built.system, factoryOf(r), pool, { chunkStates: 5, segmentShift: 3 });
      expect([par.status, par.states, par.transitions, par.depth], `${model}@${config}`).toEqual([seq.status, seq.states, seq.transitions, seq.depth]);
      // A depth bound cuts both searches at the same level; the deepest states reached agree.
      const seqCut = explore(r.built.system, { maxDepth: 6 });
      const parCut = await exploreParallel(r.built.system, factoryOf(r), pool, { maxDepth: 6, chunkStates: 5 });
      expect([parCut.status, parCut.states, parCut.transitions], `${model}@${config} to depth 6`).toEqual([seqCut.status, seqCut.states, seqCut.transitions]);
    }
  });

  it('stops at a bound with status bound', async () => {
    const r = resolve({ model: 'buddy' });
    const par = await exploreParallel(r.built.system, factoryOf(r), pool, { maxStates: 500 });
    expect(par.status).toBe('bound');
    const d = await exploreParallel(r.built.system, factoryOf(r), pool, { maxDepth: 4 });
    expect(d.status).toBe('bound');
    expect(d.depth).toBe(4);
  });
});
