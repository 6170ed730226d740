/**
 * CPU symmetry reduction: a state and its image under any permutation of the CPUs have the same
 * canonical form, the same enabled steps up to the renaming, successors that are the renamed
 * successors, and the same verdicts. And the reduced search still catches every mutant.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../models/registry.ts';
import { permutations } from '../../models/mm/symmetry.ts';
import { resolve } from '../../src/check.ts';
import { explore } from '../../src/engine/explore.ts';
import { randomWalk } from '../helpers/laws.ts';

function rename(key: string, perm: readonly number[]): string {
  // The thread, and CPU arguments (drain_pages_zone(cpu=cpu1)), are renamed.
  return key.replace(/\bcpu(\d+)/g, (_m, c) => `cpu${perm[Number(c)]}`);
}

describe('CPU symmetry', () => {
  for (const m of MODELS)
    for (const config of Object.keys(m.configs)) {
      it(`is an automorphism of ${m.name} @ ${config}`, () => {
        const { built } = resolve({ model: m.name, config, reductions: { symmetry: true } });
        const sys = built.system;
        if (!sys.canonical) return expect(sys.L.geo.cpus === 1 || sys.spec.symmetry === false).toBe(true);
        const perms = permutations(sys.L.geo.cpus);
        fc.assert(
          fc.property(fc.array(fc.nat(), { maxLength: 30 }), fc.nat(), (choices, pi) => {
            const perm = perms[pi % perms.length];
            const s = randomWalk(sys, choices, () => {});
            const ps = new Uint16Array(sys.words);
            sys.permute(s, Int32Array.from(perm), ps);
            const rep = Array.from(sys.canonical!(s.slice()));
            expect(Array.from(sys.canonical!(ps))).toEqual(rep);
            // The representative is a renaming of the state, whichever buffer holds the state.
            const renamings = perms.map((q) => {
              const out = new Uint16Array(sys.words);
              sys.permute(s, Int32Array.from(q), out);
              return Array.from(out);
            });
            expect(renamings.some((r) => r.join() === rep.join())).toBe(true);
            expect(Array.from(sys.canonical!(s))).toEqual(rep);
            expect(sys.checkState(ps)?.code ?? null).toBe(sys.checkState(s)?.code ?? null);
            expect(sys.isIdle(ps)).toBe(sys.isIdle(s));
            const keysOf = (st: Uint16Array) => {
              const ks: string[] = [];
              sys.successors(st, (tr) => {
                ks.push(sys.transitionKey(tr));
                return true;
              });
              return ks.sort();
            };
            expect(keysOf(ps)).toEqual(keysOf(s).map((k) => rename(k, perm)).sort());
            sys.successors(s, (tr) => {
              const a = sys.apply(s, tr)!;
              const b = sys.apply(ps, sys.transitionFromKey(rename(sys.transitionKey(tr), perm))!)!;
              const pa = new Uint16Array(sys.words);
              sys.permute(a.next, Int32Array.from(perm), pa);
              expect(Array.from(b.next)).toEqual(Array.from(pa));
              expect(b.finding?.code ?? null).toBe(a.finding?.code ?? null);
              return true;
            });
          }),
          { seed: 5, numRuns: 40 },
        );
      });
    }

  it('still catches every mutant, by the same property, with a counterexample as short', () => {
    for (const m of MODELS)
      for (const v of m.variants.filter((x) => x.kind === 'mutant')) {
        const full = explore(resolve({ model: m.name, variant: v.name }).built.system);
        const reduced = explore(resolve({ model: m.name, variant: v.name, reductions: { symmetry: true } }).built.system);
        const code = (r: typeof full) => (r.status === 'violation' ? r.finding.code : r.status);
        expect(code(reduced), `${m.name}/${v.name}`).toBe(code(full));
        if ((reduced.status === 'violation' || reduced.status === 'deadlock') && (full.status === 'violation' || full.status === 'deadlock'))
          expect(reduced.trace.length).toBe(full.trace.length);
      }
  });
});
