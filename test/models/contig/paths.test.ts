/**
 * The contig model's paths, one operation at a time from known states: seed 000's chunking and
 * its section breaks, a page still referenced and a page refused by free_pages_prepare, seed 001's
 * runs over an unsorted array, and the bulk allocator's PCP path and single-page fallback.
 */
import { describe, expect, it } from 'vitest';
import { COST, Mm } from '../../../models/mm/kernel.ts';
import { CR, actions } from '../../../models/contig/impl.ts';
import { HOLD, R } from '../../../models/mm/layout.ts';
import { FREE_RANGE, contigSystem, listAt, reach, runAlone } from './fixture.ts';

describe('free_contig_range', () => {
  it('after seed 000, frees pfn 1-9 as [1] [2-3] [4-7] | [8-9], breaking at the section boundary, and leaks the hwpoisoned pfn 10', () => {
    // Arrange (replay: npx pagecheck validate --model contig --before before --after after)
    const sys = contigSystem('after', 'default');
    const L = sys.L;
    const mt = L.geo.mt;
    // Act
    const run = runAlone(sys, sys.initial(), FREE_RANGE);
    // Assert: one step per page, one per chunk; the run breaks at pfn 8 and ends before pfn 10
    expect(run.outcome.kind).toBe('returned');
    const chunkSteps = run.steps.filter((st) => st.info.from.endsWith('free_chunk')).map((st) => st.info.from);
    expect(chunkSteps).toEqual(['section_break.free_chunk', 'section_break.free_chunk', 'section_break.free_chunk', 'run_end.free_chunk'].map((p) => `__free_contig_range.${p}`));
    const s = run.final;
    expect(listAt(sys, s, L.pcpListHead(0, 0, mt.MOVABLE))).toEqual([1]);
    expect(listAt(sys, s, L.pcpListHead(0, 1, mt.MOVABLE))).toEqual([8]);
    // [2-3] went to the buddy when [8-9] pushed pcp->count to high; [4-7] (order 2, no PCP list) went there at once.
    expect(listAt(sys, s, L.freeHead + 1 * L.geo.nMt + mt.MOVABLE)).toContain(2);
    expect(listAt(sys, s, L.freeHead + 2 * L.geo.nMt + mt.UNMOVABLE)).toEqual([4]);
    expect(s[L.gHold + 10]).toBe(HOLD.leaked);
    expect(run.cost[COST.pcpListAdds]).toBe(3);
    expect(run.cost[COST.zoneLock]).toBe(2);
  });

  it('with VMEMMAP, breaks no run at the section boundary: memdesc_section() is constant, the chunks are the same', () => {
    const sys = contigSystem('after', 'vmemmap');
    const run = runAlone(sys, sys.initial(), FREE_RANGE);
    expect(run.outcome.kind).toBe('returned');
    expect(run.steps.filter((st) => st.info.from.endsWith('free_chunk')).map((st) => st.info.from)).toEqual(Array(4).fill('__free_contig_range.run_end.free_chunk'));
    expect(sys.observe(run.final)).toEqual(contigSystem('after', 'default').observe(runAlone(contigSystem('after', 'default'), contigSystem('after', 'default').initial(), FREE_RANGE).final));
  });

  it('ends the run before a page another CPU still references, and leaves that page to its last holder', () => {
    // Arrange: cpu1 holds a speculative reference on pfn 2
    const sys = contigSystem('after', 'default');
    const L = sys.L;
    const s0 = reach(sys, ['cpu1 speculative_ref(pfn=2)']);
    // Act
    const run = runAlone(sys, s0, FREE_RANGE);
    // Assert: [1] | [3] [4-7] | [8-9]; pfn 2 keeps the speculative reference only
    expect(run.outcome.kind).toBe('returned');
    expect(run.steps.filter((st) => st.info.from.endsWith('free_chunk'))).toHaveLength(4);
    expect(run.final[L.gHold + 2]).toBe(HOLD.ref);
    expect(run.final[L.ref + 2]).toBe(1);
    // The holder's put frees pfn 2 alone, to its own CPU's order-0 list.
    const put = sys.apply(run.final, sys.transitionFromKey('cpu1 step')!)!;
    expect(put.finding).toBeNull();
    expect(listAt(sys, put.next, L.pcpListHead(1, 0, L.geo.mt.MOVABLE))).toEqual([2]);
  });

  it('before and after seed 000 leave the same zone after a full drain, at a third of the PCP list insertions', () => {
    const before = contigSystem('before', 'default');
    const after = contigSystem('after', 'default');
    const b = runAlone(before, before.initial(), FREE_RANGE);
    const a = runAlone(after, after.initial(), FREE_RANGE);
    expect(after.observe(a.final)).toEqual(before.observe(b.final));
    expect(b.cost[COST.pcpListAdds]).toBe(9);
    expect(a.cost[COST.pcpListAdds]).toBe(3);
    expect(a.cost[COST.pcpLock]).toBeLessThan(b.cost[COST.pcpLock]);
  });
});

describe('vfree', () => {
  const VFREE = 'cpu0 vfree(pages=[12 13 4 5 6 7 8 9 10 11])';

  it('after seed 001, hands the runs [12-13] and [4-11] of an unsorted array to __free_contig_range, which breaks the second at pfn 8', () => {
    const sys = contigSystem('vfree-after', 'vfree');
    const run = runAlone(sys, sys.initial(), VFREE);
    expect(run.outcome.kind).toBe('returned');
    const chunks = run.steps.filter((st) => st.info.from.endsWith('free_chunk')).map((st) => st.info.from);
    expect(chunks).toEqual([
      'free_pages_bulk.run.last_run.free_chunk',
      'free_pages_bulk.last_run.section_break.free_chunk',
      'free_pages_bulk.last_run.last_run.free_chunk',
    ]);
    const before = contigSystem('vfree-before', 'vfree');
    expect(sys.observe(run.final)).toEqual(before.observe(runAlone(before, before.initial(), VFREE).final));
  });
});

describe('alloc_pages_bulk', () => {
  const BULK = 'cpu0 alloc_pages_bulk(nr=4)';

  it('fills four entries under one pcp->lock hold, where a loop of single allocations takes the lock four times', () => {
    const after = contigSystem('bulk-after', 'bulk');
    const before = contigSystem('bulk-before', 'bulk');
    const a = runAlone(after, after.initial(), BULK);
    const b = runAlone(before, before.initial(), BULK);
    expect(a.outcome.kind).toBe('returned');
    expect(after.observe(a.final)).toEqual(before.observe(b.final));
    for (const p of [3, 6, 9, 12]) expect(a.final[after.L.gHold + p]).toBe(HOLD.pool);
    expect(a.cost[COST.pcpLock]).toBe(1);
    expect(b.cost[COST.pcpLock]).toBe(4);
  });

  it('when the PCP runs dry, returns what it has; called again with nothing allocated, the single-page allocator drains the other CPU and finds a page', () => {
    // Arrange: cpu1's allocation leaves pfn 6 on cpu1's PCP list
    const sys = contigSystem('bulk-after', 'bulk');
    const s0 = reach(sys, ['cpu1 alloc_pages(order=0, mt=MOVABLE, comp=0)', 'cpu1 step']);
    // Act
    const run = runAlone(sys, s0, BULK);
    // Assert: three calls (2 pages, then 1 through drain_all_pages, then none), three pages
    expect(run.outcome.kind).toBe('returned');
    expect(run.steps.filter((st) => st.info.actions.includes('ghost_bulk_returned'))).toHaveLength(3);
    expect(run.steps.some((st) => st.info.actions.includes('drain_mutex_lock'))).toBe(true);
    for (const p of [6, 9, 12]) expect(run.final[sys.L.gHold + p]).toBe(HOLD.pool);
    const before = contigSystem('bulk-before', 'bulk');
    expect(sys.observe(run.final)).toEqual(before.observe(runAlone(before, s0, BULK).final));
  });

  it('refuses to store a page its array already holds (P1), naming both entries', () => {
    // Arrange: cpu0 is filling an array of four, and has pfn 3 in hand
    const sys = contigSystem('bulk-after', 'bulk');
    const k = new Mm(sys.L).bind(sys.initial(), 0);
    k.set(CR.nrPages, 4);
    k.set(R.pfn, 3);
    // Act
    actions.bulk_store(k);
    expect(k.finding).toBeNull();
    actions.bulk_store(k);
    // Assert
    expect(k.finding?.code).toBe('P1');
    expect(k.finding?.message).toBe('cpu0 stores pfn 3 in entry 1 of its page array, which already holds it in entry 0: the same page is handed out twice');
  });

  it('uses the single-page allocator at once for an array of one', () => {
    const sys = contigSystem('bulk-after', 'bulk');
    const run = runAlone(sys, sys.initial(), 'cpu0 alloc_pages_bulk(nr=1)');
    expect(run.outcome.kind).toBe('returned');
    expect(run.steps[0].info.to).toBe('alloc_pages_bulk_noprof.failed.get_page_from_freelist.rmqueue');
  });
});
