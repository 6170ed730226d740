/**
 * The fused core pass agrees with the individual P1, P3, P4 and P5 checks (its oracle): on the
 * states of random walks of every variant, and on those states with random words corrupted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../models/registry.ts';
import { MmView } from '../../models/mm/view.ts';
import { CoreCheck, CORE_PROPERTIES } from '../../properties/core.ts';
import { resolve } from '../../src/check.ts';

describe('fused core check', () => {
  for (const m of MODELS)
    for (const variant of m.variants) {
      it(`agrees with P1, P3, P4 and P5 on ${m.name}/${variant.name} states and corruptions of them`, () => {
        const { built } = resolve({ model: m.name, variant: variant.name });
        const sys = built.system;
        const L = sys.L;
        const v = new MmView(L);
        const core = new CoreCheck(L);
        const slow = (s: Uint16Array) => CORE_PROPERTIES.every((p) => p.check!(v.bind(s)) === null);
        let sawFalse = 0;
        fc.assert(
          fc.property(fc.array(fc.nat(), { maxLength: 40 }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 0xffff })), { maxLength: 3 }), (choices, corruptions) => {
            let s = sys.initial();
            for (const c of choices) {
              const trs: number[] = [];
              sys.successors(s, (tr) => {
                trs.push(tr);
                return true;
              });
              if (!trs.length) break;
              const r = sys.apply(s, trs[c % trs.length])!;
              if (r.finding) break;
              s = r.next;
              const fast = core.holds(s);
              expect(fast).toBe(slow(s));
              if (!fast) sawFalse++;
            }
            const bad = s.slice();
            for (const [at, val] of corruptions) bad[at % L.kernelWords] = val;
            const fast = core.holds(bad);
            expect(fast).toBe(slow(bad));
            if (!fast) sawFalse++;
          }),
          { seed: 99, numRuns: 60 },
        );
        // The comparison must have seen both verdicts, or it proves nothing.
        expect(sawFalse).toBeGreaterThan(0);
      });
    }
});
