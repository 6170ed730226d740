/**
 * MmSystem.enabled(), which randomized runs use instead of successors(): on states reached by
 * random walks of every model, at its default and its fuzz configurations, it lists exactly the
 * transitions successors() visits, in the same order (so every seed's run is unchanged).
 */
import { describe, expect, it } from 'vitest';
import { resolve } from '../../src/check.ts';
import { Mm } from '../../models/mm/kernel.ts';
import { MmSystem } from '../../models/mm/system.ts';
import { MODELS } from '../../models/registry.ts';
import { randomWalk } from '../helpers/laws.ts';

/** A fixed pseudo-random sequence (a linear congruential generator), so that the walks are fixed. */
function choices(seed: number, n: number): number[] {
  const out: number[] = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(x >>> 8);
  }
  return out;
}

describe('enabled() lists what successors() visits', () => {
  for (const m of MODELS)
    for (const config of [m.defaultConfig, ...Object.keys(m.fuzzConfigs ?? {})])
      it(`${m.name} @ ${config}`, () => {
        const sys = resolve({ model: m.name, config }).built.system as MmSystem;
        let states = 0;
        for (let walk = 0; walk < 5; walk++)
          randomWalk(sys, choices(walk + 1, 150), (s) => {
            const visited: number[] = [];
            sys.successors(s, (tr) => {
              visited.push(tr);
              return true;
            });
            const listed: number[] = [];
            sys.enabled(s, listed);
            expect(listed).toEqual(visited);
            states++;
          });
        expect(states).toBeGreaterThan(50);
      });
});

describe('operations that take a held block try only the pfns heading one (poolHeadArg)', () => {
  for (const m of MODELS)
    it(`${m.name}: enabled() is false on every other pfn, in states of random walks`, () => {
      const sys = resolve({ model: m.name, config: m.defaultConfig }).built.system as MmSystem;
      const ops = sys.spec.ops.filter((op) => op.poolHeadArg && op.argSets.length);
      expect(ops.length).toBeGreaterThan(0);
      const k = new Mm(sys.L);
      let skipped = 0;
      let tried = 0;
      for (let walk = 0; walk < 5; walk++)
        randomWalk(sys, choices(walk + 11, 150), (s) => {
          for (const op of ops)
            for (const args of op.argSets)
              for (let t = 0; t < sys.L.nThreads; t++) {
                if (s[sys.L.gUnit + args[0]] !== 0) {
                  tried++;
                  continue;
                }
                skipped++;
                expect(op.enabled(k.bind(s, t), args), `${op.name}(pfn ${args[0]}) on ${sys.L.threadName(t)}`).toBe(false);
              }
        });
      expect(skipped).toBeGreaterThan(0);
      expect(tried).toBeGreaterThan(0);
    });

  it('refuses argument sets whose pfns are not in increasing order', () => {
    const sys = resolve({ model: 'buddy' }).built.system as MmSystem;
    const ops = sys.spec.ops.map((op) => (op.poolHeadArg ? { ...op, argSets: [...op.argSets].reverse() } : op));
    expect(() => new MmSystem({ ...sys.spec, ops })).toThrow(/do not list pfns of the zone in increasing order/);
  });
});
