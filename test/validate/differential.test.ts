import { describe, expect, it } from 'vitest';
import { compareOutcomes, runIsolated } from '../../src/validate/differential.ts';
import { validate } from '../../src/validate/validate.ts';
import { COST } from '../../models/mm/kernel.ts';
import { pcpSystem, reach } from '../properties/pcp-fixture.ts';
import { contigSystem } from '../models/contig/fixture.ts';

describe('differential check', () => {
  it('finds seed 003 equivalent on a fragmented zone, scanning fewer orders after the patch', () => {
    // Act (replay: npx pagecheck validate --model pcp --before before --after after)
    const { result } = validate({ model: 'pcp', before: 'before', after: 'after' });
    // Assert
    expect(result.equivalent).toBe(true);
    expect(result.divergence).toBeNull();
    expect(result.exploration.states).toBe(6_666);
    expect(result.comparisons).toBe(9_140);
    const alloc = result.cost.find((c) => c.operation === 'alloc_pages')!;
    expect(alloc.after[COST.fallbackOrders]).toBeLessThan(alloc.before[COST.fallbackOrders]);
    expect(alloc.after[COST.normalOrders]).toBeLessThan(alloc.before[COST.normalOrders]);
    // The memo never costs more locks or list operations.
    expect(alloc.after[COST.zoneLock]).toBe(alloc.before[COST.zoneLock]);
    expect(alloc.after[COST.zoneListOps]).toBe(alloc.before[COST.zoneListOps]);
    expect(alloc.differing.runs).toBe(124);
    const free = result.cost.find((c) => c.operation === '__free_pages')!;
    expect(free.after).toEqual(free.before);
  });

  it('reports a claim that keeps the mode as a divergence, with both runs and the path', () => {
    // Act (replay: npx pagecheck validate --model pcp --before after --after claim-keeps-mode)
    const { result } = validate({ model: 'pcp', before: 'after', after: 'claim-keeps-mode' });
    // Assert
    expect(result.equivalent).toBe(false);
    const d = result.divergence!;
    expect(d.start).toBe('cpu0 alloc_pages(order=0, mt=UNMOVABLE, comp=0)');
    expect(d.differences.map((x) => x.field)).toContain('cpu0 PCP list (order 0, UNMOVABLE)');
    expect(d.differences.find((x) => x.field === 'cpu0 PCP list (order 0, UNMOVABLE)')).toEqual({
      field: 'cpu0 PCP list (order 0, UNMOVABLE)',
      before: '[3]',
      after: '[7]',
    });
    expect(d.before.outcome.kind).toBe('returned');
    expect(d.after.steps.length).toBe(2);
    expect(result.exploration.status).toBe('violation');
    if (result.exploration.status === 'violation') expect(result.exploration.finding.code).toBe('divergence');
  });

  it('runs one operation alone to its return, counting its cost outside the state', () => {
    // Arrange
    const sys = pcpSystem('fragmented');
    const s = sys.initial();
    const tr = sys.transitionFromKey('cpu0 alloc_pages(order=0, mt=UNMOVABLE, comp=0)')!;
    // Act
    const run = runIsolated(sys, s, tr, 100, true);
    // Assert: a refill (claim of pfn 2-3's pageblock) then the count update and the hand-out
    expect(run.outcome.kind).toBe('returned');
    expect(run.steps.map((x) => x.info.to)).toEqual(['rmqueue_pcplist.count', 'return']);
    expect(run.cost[COST.zoneLock]).toBe(1);
    expect(run.cost[COST.pcpListAdds]).toBe(2);
    expect(s).toEqual(sys.initial());
  });

  it('reports a run that blocks on a lock a frozen thread holds', () => {
    const sys = pcpSystem('fragmented');
    const s = reach(sys, []);
    s[sys.L.zoneLock] = 2; // cpu1 holds zone->lock and never moves
    const run = runIsolated(sys, s, sys.transitionFromKey('cpu0 alloc_pages(order=0, mt=UNMOVABLE, comp=0)')!, 100, false);
    expect(run.outcome.kind).toBe('blocked');
  });

  it('compares outcomes by kind first', () => {
    const sys = pcpSystem('fragmented');
    const diff = compareOutcomes(sys, { kind: 'blocked', at: 'x' }, { kind: 'finding', finding: { code: 'P1', message: 'm' } });
    expect(diff).toEqual([{ field: 'how the operation ended', before: 'blocked at x', after: 'P1 finding: m' }]);
    expect(compareOutcomes(sys, { kind: 'not-enabled' }, { kind: 'not-enabled' })).toEqual([]);
  });
});

describe('isolated runs across variants whose machines differ', () => {
  it('names only the running thread\'s label when it is blocked by a thread frozen in the other variant\'s machine', () => {
    // Arrange: cpu0 runs vfree-after's free_pages_bulk until it holds zone->lock for a chunk
    const after = contigSystem('vfree-after', 'vfree');
    const before = contigSystem('vfree-before', 'vfree');
    let s = after.apply(after.initial(), after.transitionFromKey('cpu0 vfree(pages=[12 13 4 5 6 7 8 9 10 11])')!)!.next;
    while (s[after.L.zoneLock] === 0) s = after.apply(s, after.transitionFromKey('cpu0 step')!)!.next;
    // Act: cpu1's allocation, alone, on the before variant (cpu0's label is one before's vfree does not have)
    const run = runIsolated(before, s, before.transitionFromKey('cpu1 alloc_pages(order=0, mt=MOVABLE, comp=0)')!, 100, false);
    // Assert
    expect(run.outcome).toEqual({ kind: 'blocked', at: 'cpu1 waits in alloc_pages at rmqueue_pcplist.spin_lock (zone->lock held by cpu0; cpu1\'s pcp->lock held by cpu1)' });
  });
});
