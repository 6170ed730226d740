/**
 * Properties of the buddy primitives, on configurations too large to explore exhaustively: any
 * interleaving of allocations, frees, splits and speculative references keeps P1-P5, and
 * freeing everything returns the zone to max-order blocks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buddyModel } from '../../models/buddy/index.ts';
import { baseline } from '../../models/buddy/variants.ts';
import { MmView } from '../../models/mm/view.ts';
import { parseConfig } from '../../src/config/load.ts';
import { randomWalk } from '../helpers/laws.ts';

const geometry = fc
  .record({
    sectionShift: fc.integer({ min: 2, max: 5 }),
    sections: fc.integer({ min: 1, max: 3 }),
    cpus: fc.integer({ min: 1, max: 3 }),
    vmemmap: fc.boolean(),
    allocs: fc.integer({ min: 1, max: 6 }),
  })
  .chain((g) =>
    fc.record({
      g: fc.constant(g),
      maxOrder: fc.integer({ min: 0, max: g.sectionShift }),
    }),
  )
  .chain(({ g, maxOrder }) =>
    fc.record({
      config: fc.integer({ min: 0, max: maxOrder }).map((pageblockOrder) =>
        parseConfig(
          {
            pages: g.sections << g.sectionShift,
            pagesPerSection: 1 << g.sectionShift,
            maxOrder,
            pageblockOrder,
            cpus: g.cpus,
            vmemmap: g.vmemmap,
            workload: {
              allocOrders: Array.from({ length: maxOrder + 1 }, (_, o) => o),
              allocsPerCpu: g.allocs,
              compound: 'both',
              splitPage: true,
              specRefsPerCpu: 1,
            },
          },
          'generated',
        ),
      ),
      choices: fc.array(fc.nat(), { minLength: 10, maxLength: 300 }),
    }),
  );

describe('buddy model (fast-check)', () => {
  it('keeps P1-P5 after every step of any interleaving, and merges everything back when all is freed', () => {
    fc.assert(
      fc.property(geometry, ({ config, choices }) => {
        const sys = buddyModel.build(config, baseline).system;
        let s = randomWalk(sys, choices, (st, step) => {
          const f = sys.checkState(st);
          if (f) throw new Error(`after step ${step}: ${f.code} ${f.message}`);
        });
        // Drain: keep taking the first enabled transition (steps of running calls come first,
        // then frees) until nothing is enabled; every held block is then freed.
        for (let guard = 0; guard < 100_000; guard++) {
          let first = -1;
          sys.successors(s, (tr) => {
            first = tr;
            return false;
          });
          if (first < 0) break;
          const r = sys.apply(s, first)!;
          expect(r.finding).toBeNull();
          s = r.next;
          expect(sys.checkState(s)).toBeNull();
        }
        expect(sys.isIdle(s)).toBe(true);
        expect(sys.checkQuiescent(s)).toBeNull();
        const v = new MmView(sys.L).bind(s);
        const orders: number[] = [];
        v.forEachListed((_pfn, order) => {
          orders.push(order);
        });
        expect(orders.every((o) => o === config.maxOrder)).toBe(true);
        expect(orders.length << config.maxOrder).toBe(config.pages);
      }),
      { seed: 7, numRuns: 150 },
    );
  });
});
