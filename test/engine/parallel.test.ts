/**
 * The parallel level-synchronous BFS visits exactly the states of the sequential BFS and still
 * returns shortest counterexamples.
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

  it('returns a counterexample as short as the sequential BFS, that replays (a mutant per outcome kind)', async () => {
    for (const m of MODELS)
      for (const v of m.variants.filter((x) => x.kind === 'mutant' && ['P2', 'Q1', 'deadlock'].includes(x.expect ?? ''))) {
        const r = resolve({ model: m.name, variant: v.name });
        const seq = explore(r.built.system);
        const par = await exploreParallel(r.built.system, factoryOf(r), pool);
        expect(par.status).toBe(seq.status);
        if ((par.status === 'violation' || par.status === 'deadlock') && (seq.status === 'violation' || seq.status === 'deadlock')) {
          expect(par.trace.length, `${m.name}/${v.name}`).toBe(seq.trace.length);
          assertReplayReproduces(r.built.system, par);
        }
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
