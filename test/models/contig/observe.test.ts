/**
 * The observation `pagecheck validate` compares in the contig model: the zone after a full drain.
 * The normalization is the checker's own computation; it must agree with what the kernel's drain
 * (the model's drain_pages_zone of every CPU) really leaves.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Mm } from '../../../models/mm/kernel.ts';
import { MmView } from '../../../models/mm/view.ts';
import type { MmSystem } from '../../../models/mm/system.ts';
import { randomWalk } from '../../helpers/laws.ts';
import { contigSystem } from './fixture.ts';

/** The listed blocks of a state (or an observation), as `pfn/order/place/mt`, sorted. */
function blocks(sys: MmSystem, s: Uint16Array): string[] {
  const out: string[] = [];
  new MmView(sys.L).bind(s).forEachListed((pfn, order, place) => {
    out.push(`${pfn}/${order}/${place.kind}/${sys.L.geo.mts[place.mt]}`);
  });
  return out.sort();
}

function idleAndUnlocked(sys: MmSystem, s: Uint16Array): boolean {
  const L = sys.L;
  if (!sys.isIdle(s) || s[L.zoneLock] !== 0) return false;
  for (let cpu = 0; cpu < L.geo.cpus; cpu++) if (s[L.pcpLock + cpu] !== 0) return false;
  return true;
}

describe('contig observation (the zone after a full drain)', () => {
  for (const [variant, config] of [
    ['after', 'default'],
    ['before', 'vmemmap'],
    ['vfree-after', 'vfree'],
    ['bulk-after', 'bulk'],
  ] as const)
    it(`agrees with a real drain of every CPU on reachable states: ${variant} @ ${config}`, () => {
      const sys = contigSystem(variant, config);
      const k = new Mm(sys.L);
      let compared = 0;
      fc.assert(
        fc.property(fc.array(fc.nat(), { maxLength: 40 }), (choices) => {
          randomWalk(sys, choices, (s) => {
            if (!idleAndUnlocked(sys, s)) return;
            compared++;
            const drained = s.slice();
            sys.spec.quiesce!(k.bind(drained, 0), drained);
            expect(k.finding).toBeNull();
            const obs = sys.observe(s);
            // The same free blocks (all in the buddy), the same NR_FREE_PAGES, the same struct pages.
            expect(blocks(sys, obs)).toEqual(blocks(sys, drained));
            expect(obs[sys.L.nrFreePages]).toBe(drained[sys.L.nrFreePages]);
            expect(Array.from(obs.subarray(sys.L.flags, sys.L.flags + sys.L.geo.nPfn))).toEqual(Array.from(drained.subarray(sys.L.flags, sys.L.flags + sys.L.geo.nPfn)));
            expect(Array.from(obs.subarray(sys.L.priv, sys.L.priv + sys.L.geo.nPfn))).toEqual(Array.from(drained.subarray(sys.L.priv, sys.L.priv + sys.L.geo.nPfn)));
          });
        }),
        { seed: 20261201, numRuns: 30 },
      );
      expect(compared).toBeGreaterThan(30);
    });

  it('lists every free block in pfn order, whatever order the frees left it in', () => {
    // Arrange: pfn 0 and pfn 11 are the free order-0 MOVABLE blocks at boot (pfn 1-10 are held); relink them 11, 0
    const sys = contigSystem('after', 'default');
    const L = sys.L;
    const s = sys.initial();
    const head = L.freeHead + 0 * L.geo.nMt + L.geo.mt.MOVABLE;
    expect([s[head], s[L.next + s[head]]]).toEqual([0, 11]);
    s[head] = 11;
    s[L.next + 11] = 0;
    s[L.next + 0] = 0xffff;
    // Act
    const obs = sys.observe(s);
    // Assert
    expect([obs[head], obs[L.next + 0], obs[L.next + 11]]).toEqual([0, 11, 0xffff]);
    expect(obs).toEqual(sys.observe(sys.initial()));
  });
});
