import { describe, expect, it } from 'vitest';
import { resolve } from '../../src/check.ts';
import { explore } from '../../src/engine/explore.ts';
import { CoverageCounters } from '../../src/fuzz/coverage.ts';
import { execute } from '../../src/fuzz/exec.ts';
import type { Schedulable } from '../../src/fuzz/types.ts';

const keys = (sys: Schedulable, ...ks: string[]) => ks.map((k) => sys.transitionFromKey(k)!);
const ALLOC0 = 'cpu0 alloc_pages(order=0, mt=MOVABLE, comp=0)';

/** Allocates an order-0 page and frees it again, counting with the sink set. */
function allocFree(config: string) {
  const r = resolve({ model: 'buddy', config });
  const sys = r.built.system;
  const counters = new CoverageCounters(sys.operations, sys.coverageEvents, r.config.maxOrder);
  sys.coverage = counters;
  try {
    const ex = execute(sys, keys(sys, ALLOC0, 'cpu0 step', 'cpu0 __free_pages(pfn=0)', 'cpu0 step', 'cpu0 step', 'cpu0 step'), false)!;
    expect(ex.trs).toHaveLength(6);
    expect(ex.failure).toBeNull();
  } finally {
    sys.coverage = null;
  }
  return { sys, summary: counters.summary(), counters, maxOrder: r.config.maxOrder };
}

describe('coverage of the buddy model', () => {
  it('counts the splits and merges of an allocation and its free, per order', () => {
    // default: MAX_PAGE_ORDER 2, every block free at order 2: one split of each order down to 0, then the merges back.
    const { summary } = allocFree('default');
    const split = summary.events.find((e) => e.event === 'split')!;
    const merge = summary.events.find((e) => e.event === 'merge')!;
    expect(split.perOrder).toEqual([
      { order: 1, count: 1 },
      { order: 2, count: 1 },
    ]);
    expect(merge.perOrder).toEqual([
      { order: 1, count: 1 },
      { order: 2, count: 1 },
    ]);
    // The buddy of a max-order block lies in the same section here (two per section): no break.
    expect(summary.events.find((e) => e.event === 'section-break')!.total).toBe(0);
    expect(summary.neverHit).toEqual(['section-boundary breaks']);
    expect(summary.calls).toEqual([
      { op: 'alloc_pages', count: 0 },
      { op: '__free_pages', count: 0 },
      { op: 'split_page', count: 0 },
      { op: 'speculative_ref', count: 0 },
    ]);
  });

  it('counts a merge stopped at MAX_PAGE_ORDER by a free buddy in the next section as a section-boundary break', () => {
    const { summary } = allocFree('section-edge');
    expect(summary.events.find((e) => e.event === 'section-break')!.total).toBe(1);
    expect(summary.events.find((e) => e.event === 'merge')!.total).toBe(3);
  });

  it('names the allocator events the model does not report as not modelled, not as never hit', () => {
    const { summary } = allocFree('default');
    expect(summary.notModelled).toEqual(['claim', 'steal', 'trylock-fail', 'high-crossing', 'owner-change']);
    expect(summary.neverHit.some((n) => /claim|steal|trylock|high|owner/.test(n))).toBe(false);
  });

  it('never counts the candidates successors() enumerates, only the transitions applied', () => {
    const r = resolve({ model: 'buddy', config: 'default' });
    const sys = r.built.system;
    const counters = new CoverageCounters(sys.operations, sys.coverageEvents, r.config.maxOrder);
    sys.coverage = counters;
    try {
      // Exhaustive search only enumerates successors: thousands of splits and merges, none counted.
      expect(explore(sys).status).toBe('ok');
    } finally {
      sys.coverage = null;
    }
    expect(counters.summary().events.every((e) => e.total === 0)).toBe(true);
  });

  it('counts calls through the run observer', () => {
    const r = resolve({ model: 'buddy', config: 'default' });
    const counters = new CoverageCounters(r.built.system.operations, r.built.system.coverageEvents, r.config.maxOrder);
    for (const tr of keys(r.built.system, ALLOC0, 'cpu0 step', 'cpu1 __free_pages(pfn=0)')) counters.observe(r.built.system, tr);
    expect(counters.summary().calls.filter((c) => c.count > 0)).toEqual([
      { op: 'alloc_pages', count: 1 },
      { op: '__free_pages', count: 1 },
    ]);
  });
});
