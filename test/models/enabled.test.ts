/**
 * MmSystem.enabled(), which randomized runs use instead of successors(): on states reached by
 * random walks of every model, at its default and its fuzz configurations, it lists exactly the
 * transitions successors() visits, in the same order (so every seed's run is unchanged).
 */
import { describe, expect, it } from 'vitest';
import { resolve } from '../../src/check.ts';
import type { MmSystem } from '../../models/mm/system.ts';
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
