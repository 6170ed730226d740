import { describe, expect, it } from 'vitest';
import { resolve } from '../../src/check.ts';
import { explore } from '../../src/engine/explore.ts';
import { execute } from '../../src/fuzz/exec.ts';
import type { Schedulable } from '../../src/fuzz/types.ts';
import { coverageItems, coverageTotals, edgeName, mergeCoverage, neverReached, NO_COVERAGE, type CoverageSummary } from '../../src/coverage/summary.ts';

const keys = (sys: Schedulable, ...ks: string[]) => ks.map((k) => sys.transitionFromKey(k)!);
const ALLOC0 = 'cpu0 alloc_pages(order=0, mt=MOVABLE, comp=0)';

/** Allocates an order-0 page and frees it again with coverage on. */
function allocFree(config: string): CoverageSummary {
  const r = resolve({ model: 'buddy', config });
  const sys = r.built.system;
  const rec = sys.collectCoverage(true)!;
  const ex = execute(sys, keys(sys, ALLOC0, 'cpu0 step', 'cpu0 __free_pages(pfn=0)', 'cpu0 step', 'cpu0 step', 'cpu0 step'), false)!;
  expect(ex.trs).toHaveLength(6);
  expect(ex.failure).toBeNull();
  sys.collectCoverage(false);
  return rec.summary();
}

const event = (c: CoverageSummary, e: string) => c.events.find((x) => x.event === e)!;
const edge = (c: CoverageSummary, machine: string, from: string, to: string, guards?: string[]) =>
  c.machines.find((m) => m.machine === machine)!.edges.find((e) => e.from === from && e.to === to && (!guards || e.guards.join() === guards.join()))!;

describe('coverage of one run (buddy model)', () => {
  it('counts the splits and merges of an allocation and its free, per order, and whether merges joined pageblocks', () => {
    // default: MAX_PAGE_ORDER 2, pageblock_order 1, every block free at order 2: one split of each order down to 0, then the merges back.
    const c = allocFree('default');
    expect(event(c, 'split').items).toEqual([
      { key: 'order 1', count: 1 },
      { key: 'order 2', count: 1 },
    ]);
    expect(event(c, 'merge').items).toEqual([
      { key: 'order 1', count: 1 },
      { key: 'order 2', count: 1 },
    ]);
    // The merge into order 2 joins pageblocks 0 and 1, both MOVABLE at boot.
    expect(event(c, 'merge-same-type').items).toEqual([{ key: 'order 2', count: 1 }]);
    expect(event(c, 'merge-mixed-types').items).toEqual([{ key: 'order 2', count: 0 }]);
    expect(event(c, 'section-break').total).toBe(0);
    expect(c.transitions).toBe(6);
    expect(c.calls).toEqual([
      { op: 'alloc_pages', count: 1 },
      { op: '__free_pages', count: 1 },
      { op: 'split_page', count: 0 },
      { op: 'speculative_ref', count: 0 },
    ]);
  });

  it('counts each edge once per transition, with the guard outcomes that chose it', () => {
    const c = allocFree('default');
    const lock = edge(c, 'alloc_pages', 'spin_lock', 'zone_locked');
    expect(lock).toEqual({ from: 'spin_lock', to: 'zone_locked', guards: ['zone_lock_free'], count: 1 });
    // expand() loops on its split edge twice in one step (order 2 to 0): one transition took it.
    expect(edge(c, 'alloc_pages', '__rmqueue_smallest.expand.split', '__rmqueue_smallest.expand.split').count).toBe(1);
    expect(edge(c, 'alloc_pages', '__rmqueue_smallest.expand.split', '__rmqueue_smallest.expand.done').guards).toEqual(['!high_above_low']);
    expect(edge(c, 'alloc_pages', 'prep_new_page', 'return', ['!got_page'])).toEqual({ from: 'prep_new_page', to: 'return', guards: ['!got_page'], count: 0 });
    expect(neverReached(c)).toContain(edgeName('alloc_pages', { from: 'prep_new_page', to: 'return', guards: ['!got_page'] }));
  });

  it('counts a merge stopped at MAX_PAGE_ORDER by a free buddy in the next section as a section-boundary break', () => {
    const c = allocFree('section-edge');
    expect(event(c, 'section-break').total).toBe(1);
    expect(event(c, 'merge').total).toBe(3);
  });

  it('names the events the model does not report as not modelled, not as never reached', () => {
    const c = allocFree('default');
    expect(c.notModelled).toContain('claim');
    expect(c.notModelled).toContain('pcp-add');
    expect(neverReached(c).some((n) => /claim|PCP|trylock/.test(n))).toBe(false);
  });
});

describe('coverage of an exhaustive search', () => {
  for (const [model, config, reductions] of [
    ['buddy', 'default', {}],
    ['pcp', 'drain', {}],
    ['pcp', 'drain', { por: true }],
  ] as const)
    it(`counts exactly the transitions the search reports (${model} @ ${config}${reductions.por ? ', --por' : ''}), and leaves the state counts alone`, () => {
      const r = resolve({ model, config, reductions });
      const sys = r.built.system;
      const plain = explore(sys);
      const rec = sys.collectCoverage(true)!;
      const counted = explore(sys);
      sys.collectCoverage(false);
      expect([counted.status, counted.states, counted.transitions]).toEqual([plain.status, plain.states, plain.transitions]);
      const c = rec.summary();
      expect(c.transitions).toBe(counted.transitions);
      // Every transition takes at least one edge, and each start is one call.
      const calls = c.calls.reduce((a, b) => a + b.count, 0);
      expect(calls).toBeGreaterThan(0);
      expect(calls).toBeLessThan(c.transitions);
      expect(coverageTotals(c).edge.reached).toBeGreaterThan(0);
    });

  it('does not count the replay of a counterexample', () => {
    const r = resolve({ model: 'buddy', variant: 'pagehead-after-put' });
    const sys = r.built.system;
    const rec = sys.collectCoverage(true)!;
    const res = explore(sys);
    sys.collectCoverage(false);
    expect(res.status).toBe('violation');
    expect(rec.summary().transitions).toBe(res.transitions);
  });

  it('reports every PCP list of the configuration and the events of the pagesets', () => {
    const r = resolve({ model: 'pcp', config: 'local-drain' });
    const rec = r.built.system.collectCoverage(true)!;
    explore(r.built.system);
    const c = rec.summary();
    const adds = event(c, 'pcp-add').items!.map((i) => i.key);
    expect(adds).toEqual(r.built.system.L.pcpPindex.map((l) => `order ${l.order} ${r.config.migratetypes[l.mt] ?? r.built.system.L.geo.mts[l.mt]}`));
    expect(event(c, 'trylock-fail').total).toBeGreaterThan(0);
    expect(event(c, 'pcp-del').total).toBeGreaterThan(0);
  });
});

describe('merging summaries', () => {
  it('adds counts by name and keeps every item either side has', () => {
    const a = allocFree('default');
    const b = allocFree('section-edge');
    const m = mergeCoverage(a, b);
    expect(m.transitions).toBe(a.transitions + b.transitions);
    expect(event(m, 'merge').total).toBe(event(a, 'merge').total + event(b, 'merge').total);
    // section-edge has MAX_PAGE_ORDER 3: its order-3 merge items join default's orders 1 and 2.
    expect(event(m, 'merge').items!.map((i) => i.key)).toEqual(['order 1', 'order 2', 'order 3']);
    expect(mergeCoverage(NO_COVERAGE, a)).toEqual({ ...a, notModelled: a.notModelled });
    expect(coverageItems(m).length).toBeGreaterThanOrEqual(coverageItems(a).length);
  });
});
