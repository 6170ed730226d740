/**
 * The isolation model's paths, one operation at a time from known states: a pageblock isolation
 * that cuts a free max-order buddy, alloc_contig_range() of an aligned and an unaligned range,
 * memory offline, the HIGHATOMIC reserve of a multi-pageblock buddy, the undo of another call's
 * isolation, and compaction's free scanner (alone, and racing memory offline).
 */
import { describe, expect, it } from 'vitest';
import { COST } from '../../../models/mm/kernel.ts';
import { HOLD } from '../../../models/mm/layout.ts';
import { ISO, baseType, isolatedBlock, reservedHighatomic, sectionOnline } from '../../../models/isolation/state.ts';
import { freeList, isolationSystem, listAt, reach, runAlone } from './fixture.ts';
import { coverageConfigs } from '../../../models/isolation/coverage-configs.ts';
import { check } from '../../../src/check.ts';

describe('alloc_contig_range', () => {
  it('of pageblock 1, alone: splits the free max-order buddy pfn 0..3, hands pfn 2-3 to the caller as order-0 pages, and gives the pageblock back', () => {
    // Arrange (replay: npx pagecheck check --model isolation --config contig)
    const sys = isolationSystem('baseline', 'contig');
    const L = sys.L;
    const mt = L.geo.mt;
    // Act: the first step isolates pageblock 1
    const run = runAlone(sys, sys.initial(), 'cpu0 alloc_contig_range(start=2, end=4, flags=ACR_FLAGS_NONE)');
    const isolated = run.steps[0].state;
    // Assert: pfn 0-1 stayed MOVABLE, pfn 2-3 went to MIGRATE_ISOLATE, NR_FREE_PAGES lost 2
    expect(isolatedBlock(L, isolated, 1)).toBe(true);
    expect(listAt(sys, isolated, freeList(sys, 1, mt.MOVABLE))).toEqual([0]);
    expect(listAt(sys, isolated, freeList(sys, 1, mt.ISOLATE))).toEqual([2]);
    expect(isolated[L.nrFreePages]).toBe(6);
    expect(run.outcome.kind).toBe('returned');
    const s = run.final;
    for (const p of [2, 3]) {
      expect(s[L.gHold + p]).toBe(HOLD.pool);
      expect(s[L.gUnit + p]).toBe(1);
      expect(s[L.ref + p]).toBe(1);
    }
    expect(isolatedBlock(L, s, 1)).toBe(false);
    expect(baseType(L, s, 1)).toBe(mt.MOVABLE);
    expect(s[L.nrFreePages]).toBe(6);
    expect(s[L.extra[ISO.isolatedBy] + 1]).toBe(0);
  });

  it('of pfn 3 alone (an unaligned range): takes the free order-1 buddy from pfn 2 and frees pfn 2 again, onto the ISOLATE list until the undo', () => {
    const sys = isolationSystem('baseline', 'contig-edge');
    const L = sys.L;
    // pfn 3 is held at boot; cpu1 frees it first, onto its pageset: the call's drain_all_pages() frees it
    const s0 = reach(sys, ['cpu1 __free_pages(pfn=3)']);
    expect(listAt(sys, s0, L.pcpListHead(1, 0, L.geo.mt.MOVABLE))).toEqual([3]);
    const run = runAlone(sys, s0, 'cpu0 alloc_contig_range(start=3, end=4, flags=ACR_FLAGS_NONE)');
    expect(run.outcome.kind).toBe('returned');
    const s = run.final;
    expect(s[L.gHold + 3]).toBe(HOLD.pool);
    expect(s[L.gHold + 2]).toBe(HOLD.none);
    // pfn 2 was freed by free_contig_range() of the head [outer_start, start)
    expect(run.steps.some((st) => st.info.from.startsWith('free_contig_range_head'))).toBe(true);
    expect(isolatedBlock(L, s, 1)).toBe(false);
  });

  it('fails with -EBUSY and gives the range back when an unmovable page sits in it', () => {
    const sys = isolationSystem('baseline', {
      pages: 8, pagesPerSection: 4, maxOrder: 2, pageblockOrder: 1, cpus: 2, vmemmap: false,
      preallocated: [{ pfn: 3, order: 0, movable: false }],
      pcp: { batch: 2, high: 4, orders: [0] },
      workload: { allocOrders: [0], allocsPerCpu: 0 },
      isolation: { roles: [['contig'], []], contigRanges: [{ pfn: 2, nr: 2 }], contigPerCpu: 1 },
    });
    const run = runAlone(sys, sys.initial(), 'cpu0 alloc_contig_range(start=2, end=4, flags=ACR_FLAGS_NONE)');
    expect(run.outcome.kind).toBe('returned');
    expect(isolatedBlock(sys.L, run.final, 1)).toBe(false);
    expect(run.final[sys.L.gHold + 3]).toBe(HOLD.pool);
    // has_unmovable_pages() refused the first pageblock: one zone->lock hold, nothing moved
    expect(run.cost[COST.zoneLock]).toBe(1);
  });

  it('hands out a page that a speculative reference took after split_free_pages(): refcount 2, not a finding', () => {
    // Arrange (replay: npx pagecheck check --model isolation --config contig-spec-any)
    const sys = isolationSystem('baseline', 'contig-spec-any');
    const L = sys.L;
    // Act: the call migrates pfn 2-3 and takes the range off the free lists; cpu1's lookup and get of pfn 2 land before the undo and the return
    const upToSplit = ['cpu0 alloc_contig_range(start=2, end=4, flags=ACR_FLAGS_NONE)', ...Array<string>(8).fill('cpu0 step')];
    let s = reach(sys, upToSplit);
    expect(s[L.ref + 2]).toBe(1);
    s = reach(sys, [...upToSplit, 'cpu1 speculative_ref(pfn=2)', 'cpu1 step']);
    expect(s[L.ref + 2]).toBe(2);
    const r = sys.apply(s, sys.transitionFromKey('cpu0 step')!)!;
    // Assert: the call returned 0 with the range the caller's, pfn 2 shared with the reference
    expect(r.finding).toBeNull();
    expect(r.next[L.threadBase(0)]).toBe(0);
    expect(r.next[L.gHold + 2]).toBe(HOLD.pool);
    expect(r.next[L.ref + 2]).toBe(2);
    expect(r.next[L.ref + 3]).toBe(1);
  });

  it('undoes the isolation of another call on an overlapping range (P14)', () => {
    // Arrange (replay: npx pagecheck check --model isolation --config examples/isolation-overlapping-ranges.json)
    const { result } = check({ model: 'isolation', config: 'examples/isolation-overlapping-ranges.json' });
    expect(result.status).toBe('violation');
    if (result.status !== 'violation') return;
    expect(result.finding.code).toBe('P14');
    expect(result.finding.message).toBe('cpu1 in unset_migratetype_isolate gives back pageblock 1 (pfn 2..3), which cpu0 isolated and still works on');
    expect(result.trace).toHaveLength(3);
  });

  it('lets a call on an adjacent range test a pageblock the other call gives back, when a freed buddy merged across their boundary (P14)', () => {
    // Arrange (replay: npx pagecheck check --model isolation --config examples/isolation-adjacent-ranges.json)
    const { result } = check({ model: 'isolation', config: 'examples/isolation-adjacent-ranges.json' });
    expect(result.status).toBe('violation');
    if (result.status !== 'violation') return;
    expect(result.finding.code).toBe('P14');
    expect(result.finding.message).toBe("cpu1's test_pages_isolated(pfn 4..7, PB_ISOLATE_MODE_OTHER) succeeds, but pfn 4 is not free and isolated: its pageblock 2 (pfn 4..5) is not isolated");
    expect(result.trace).toHaveLength(12);
  });
});

describe('offline_pages', () => {
  it('of section 1, alone: migrates the held pfn 5, takes every page off the ISOLATE lists, marks the section offline and enables the pcplists again', () => {
    const sys = isolationSystem('baseline', 'offline');
    const L = sys.L;
    const run = runAlone(sys, sys.initial(), 'cpu0 offline_pages(start_pfn=4, nr_pages=4, signal=none)');
    expect(run.outcome.kind).toBe('returned');
    const s = run.final;
    expect(sectionOnline(L, s, 4)).toBe(false);
    expect(sectionOnline(L, s, 0)).toBe(true);
    for (let p = 4; p < 8; p++) expect(s[L.gHold + p]).toBe(HOLD.leaked);
    expect(s[L.nrFreePages]).toBe(4);
    expect(s[L.pcpHigh + 1]).toBe(4);
    expect(s[L.extra[ISO.batchLock]]).toBe(0);
    expect(s[L.extra[ISO.pcpDisabled]]).toBe(0);
  });

  it('offlines a section whose hwpoisoned page a speculative reference still holds; the last put leaks it, as free_pages_prepare() refuses it', () => {
    // Arrange (replay: npx pagecheck check --model isolation --config offline-hwpoison): cpu0 and
    // cpu1 take references on the poisoned pfn 5, cpu1 drops its caller's one, cpu0 its own.
    const sys = isolationSystem('baseline', coverageConfigs['offline-hwpoison']);
    const L = sys.L;
    const s0 = reach(sys, ['cpu0 speculative_ref(pfn=5)', 'cpu0 step', 'cpu1 __free_pages(pfn=5)', 'cpu1 speculative_ref(pfn=5)', 'cpu1 step', 'cpu0 step']);
    expect(s0[L.gHold + 5]).toBe(HOLD.ref);
    // Act: the offline, alone
    const run = runAlone(sys, s0, 'cpu0 offline_pages(start_pfn=4, nr_pages=4, signal=none)');
    // Assert: test_pages_isolated() accepted pfn 5; it stays with cpu1's reference
    expect(run.outcome.kind).toBe('returned');
    expect(sectionOnline(L, run.final, 4)).toBe(false);
    expect(run.final[L.gHold + 5]).toBe(HOLD.ref);
    for (const p of [4, 6, 7]) expect(run.final[L.gHold + p]).toBe(HOLD.leaked);
    const put = sys.apply(run.final, sys.transitionFromKey('cpu1 step')!)!;
    expect(put.finding).toBeNull();
    expect(put.next[L.gHold + 5]).toBe(HOLD.leaked);
    expect(put.next[L.nrFreePages]).toBe(4);
  });

  it('sets every pageset to high 0 and batch 1 before its drain', () => {
    const sys = isolationSystem('baseline', 'offline');
    const L = sys.L;
    const r = sys.apply(sys.initial(), sys.transitionFromKey('cpu0 offline_pages(start_pfn=4, nr_pages=4, signal=none)')!)!;
    expect([r.next[L.pcpHigh], r.next[L.pcpHigh + 1], r.next[L.pcpBatch], r.next[L.pcpBatch + 1]]).toEqual([0, 0, 1, 1]);
    expect(r.next[L.extra[ISO.batchLock]]).toBe(1);
  });
});

describe('HIGHATOMIC reserves', () => {
  it('an atomic order-3 allocation reserves both pageblocks of its buddy and counts 8 pages; a forced unreserve gives both back', () => {
    const sys = isolationSystem('baseline', 'highatomic');
    const L = sys.L;
    const ha = L.geo.mt.HIGHATOMIC;
    const run = runAlone(sys, sys.initial(), 'cpu0 alloc_pages(order=3, mt=MOVABLE, comp=0, atomic=GFP_ATOMIC)');
    expect(run.outcome.kind).toBe('returned');
    expect([baseType(L, run.final, 0), baseType(L, run.final, 1)]).toEqual([ha, ha]);
    expect(reservedHighatomic(L, run.final)).toBe(8);
    const freed = runAlone(sys, run.final, 'cpu1 __free_pages(pfn=0)');
    expect(listAt(sys, freed.final, freeList(sys, 3, ha))).toEqual([0]);
    const back = runAlone(sys, freed.final, 'cpu1 unreserve_highatomic_pageblock(mt=UNMOVABLE, force=true)');
    expect([baseType(L, back.final, 0), baseType(L, back.final, 1)]).toEqual([L.geo.mt.UNMOVABLE, L.geo.mt.UNMOVABLE]);
    expect(reservedHighatomic(L, back.final)).toBe(0);
  });

  it('an unforced unreserve keeps the last reserved pageblock', () => {
    const sys = isolationSystem('baseline', 'highatomic');
    const s = runAlone(sys, sys.initial(), 'cpu0 alloc_pages(order=1, mt=MOVABLE, comp=0, atomic=GFP_ATOMIC)').final;
    expect(reservedHighatomic(sys.L, s)).toBe(4);
    const kept = runAlone(sys, s, 'cpu1 unreserve_highatomic_pageblock(mt=MOVABLE, force=false)');
    expect(reservedHighatomic(sys.L, kept.final)).toBe(4);
    expect(kept.cost[COST.zoneLock]).toBe(0);
  });
});

describe("compaction's free scanner", () => {
  it('at MIN_COMPACT_PRIORITY on UNMOVABLE pageblock 0: takes the free order-1 block pfn 0..1, turns the pageblock MOVABLE with pfn 3 moved to free_list[MOVABLE], and hands the block to a caller', () => {
    // Arrange (replay: npx pagecheck check --model isolation --config compaction)
    const sys = isolationSystem('baseline', 'compaction');
    const L = sys.L;
    const mt = L.geo.mt;
    expect(listAt(sys, sys.initial(), freeList(sys, 0, mt.UNMOVABLE))).toEqual([3]);
    // Act
    const run = runAlone(sys, sys.initial(), 'cpu0 isolate_freepages_block(start_pfn=0, prio=MIN_COMPACT_PRIORITY)');
    // Assert
    expect(run.outcome.kind).toBe('returned');
    const s = run.final;
    expect(baseType(L, s, 0)).toBe(mt.MOVABLE);
    expect(listAt(sys, s, freeList(sys, 0, mt.UNMOVABLE))).toEqual([]);
    expect(listAt(sys, s, freeList(sys, 0, mt.MOVABLE))).toEqual([3]);
    expect([s[L.gHold], s[L.gHold + 1], s[L.gUnit], s[L.ref]]).toEqual([HOLD.pool, HOLD.pool, 2, 1]);
    expect(s[L.nrFreePages]).toBe(5);
    expect(run.cost[COST.zoneLock]).toBe(1);
  });

  it('not at MIN_COMPACT_PRIORITY: finds UNMOVABLE pageblock 0 unsuitable and takes nothing', () => {
    const sys = isolationSystem('baseline', 'compaction');
    const run = runAlone(sys, sys.initial(), 'cpu0 isolate_freepages_block(start_pfn=0, prio=COMPACT_PRIO_SYNC_LIGHT)');
    expect(run.outcome.kind).toBe('returned');
    expect(run.final[sys.L.nrFreePages]).toBe(sys.initial()[sys.L.nrFreePages]);
    expect(run.cost[COST.zoneLock]).toBe(0);
  });

  it('takes a free page off free_list[ISOLATE] between test_pages_isolated() and __offline_isolated_pages() (P14, a finding)', () => {
    // Arrange (replay: npx pagecheck check --model isolation --config examples/isolation-compaction-offline.json)
    const { result } = check({ model: 'isolation', config: 'examples/isolation-compaction-offline.json' });
    expect(result.status).toBe('violation');
    if (result.status !== 'violation') return;
    expect(result.finding.code).toBe('P14');
    expect(result.finding.message).toBe('cpu0 in __offline_isolated_pages(pfn 4..7): pfn 6 is not a free buddy page (BUG_ON(!PageBuddy(page))): it is held by a caller (allocated)');
    expect(result.trace).toHaveLength(14);
  });
});
