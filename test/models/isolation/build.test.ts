/**
 * The isolation model's configuration rules and the shared zone model's MIGRATE_ISOLATE: every
 * rule is refused with the field named; account_freepages() leaves ISOLATE out;
 * set_pageblock_migratetype() refuses MIGRATE_ISOLATE.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { UsageError } from '../../../src/util/unreachable.ts';
import { Mm } from '../../../models/mm/kernel.ts';
import { PG } from '../../../models/mm/layout.ts';
import { configs } from '../../../models/isolation/configs.ts';
import { isolationSystem } from './fixture.ts';

const base = configs.contig;

describe('isolation model configurations', () => {
  it('adds MIGRATE_ISOLATE to the zone', () => {
    expect(isolationSystem().L.geo.mts).toContain('ISOLATE');
  });
  it('refuses offline ranges that are not whole sections', () => {
    expect(() => parseConfig({ ...base, isolation: { offlineRanges: [{ pfn: 2, nr: 2 }], offlinesPerCpu: 1 } }, 't')).toThrow(/isolation\.offlineRanges\[0\].*whole sections/);
  });
  it('refuses a CMA range in a zone without CMA, and atomic allocations without HIGHATOMIC', () => {
    expect(() => parseConfig({ ...base, isolation: { contigRanges: [{ pfn: 2, nr: 2, cma: true }], contigPerCpu: 1 } }, 't')).toThrow(/contigRanges\[0\]\.cma/);
    expect(() => parseConfig({ ...base, isolation: { atomicAllocs: true } }, 't')).toThrow(/isolation\.atomicAllocs/);
  });
  it('refuses roles for the wrong number of CPUs, and a role without calls', () => {
    expect(() => parseConfig({ ...base, isolation: { ...base.isolation, roles: [['contig']] } }, 't')).toThrow(/isolation\.roles.*one entry per CPU/);
    expect(() => isolationSystem('baseline', { ...base, isolation: { ...base.isolation, contigPerCpu: 0 } })).toThrow(UsageError);
    expect(() => isolationSystem('baseline', { ...base, isolation: { ...base.isolation, roles: [['contig'], ['compact']] } })).toThrow(/compact role, but isolation\.compactionsPerCpu is 0/);
  });
  it('refuses a range for a CPU without the contig role, and a contig CPU left without a range', () => {
    const ranges = (cpu0: number, cpu1: number) => ({ ...base, isolation: { ...base.isolation, contigRanges: [{ pfn: 2, nr: 2, cpu: cpu0 }, { pfn: 4, nr: 2, cpu: cpu1 }] } });
    expect(() => isolationSystem('baseline', ranges(0, 1))).toThrow(/contigRanges\[1\]\.cpu is 1, which is not a CPU with the contig role/);
    expect(() => isolationSystem('baseline', ranges(0, 5))).toThrow(/contigRanges\[1\]\.cpu is 5/);
    const two = { ...base, isolation: { ...base.isolation, roles: [['contig' as const], ['contig' as const]], contigRanges: [{ pfn: 2, nr: 2, cpu: 0 }] } };
    expect(() => isolationSystem('baseline', two)).toThrow(/cpu1 has the contig role, but every range of isolation\.contigRanges names another cpu/);
  });
  it('lets only the CPU a range names call alloc_contig_range() on it', () => {
    const sys = isolationSystem('baseline', { ...base, isolation: { ...base.isolation, roles: [['contig' as const], ['contig' as const]], contigRanges: [{ pfn: 2, nr: 2, cpu: 1 }, { pfn: 4, nr: 2, cpu: 0 }] } });
    const starts: string[] = [];
    sys.successors(sys.initial(), (tr) => {
      const key = sys.transitionKey(tr);
      if (key.includes('alloc_contig_range(')) starts.push(key.replace(/, flags=.*$/, ''));
      return true;
    });
    expect(starts.sort()).toEqual(['cpu0 alloc_contig_range(start=4, end=6', 'cpu1 alloc_contig_range(start=2, end=4']);
  });
  it('refuses a hwpoisoned pfn outside the zone, given twice, not preallocated, or inside a block of order > 0', () => {
    const poisoned = (hwpoison: number[], preallocated = [{ pfn: 5, order: 0 }]) => ({ ...base, preallocated, isolation: { ...base.isolation, hwpoison } });
    expect(() => parseConfig(poisoned([8]), 't')).toThrow(/isolation\.hwpoison\[0\].*outside the zone/);
    expect(() => parseConfig(poisoned([5, 5]), 't')).toThrow(/isolation\.hwpoison\[1\].*given twice/);
    expect(() => isolationSystem('baseline', poisoned([4]))).toThrow(/isolation\.hwpoison\[0\] \(pfn 4\) is not preallocated/);
    expect(() => isolationSystem('baseline', poisoned([5], [{ pfn: 4, order: 1 }]))).toThrow(/isolation\.hwpoison\[0\] \(pfn 5\) lies in a preallocated block of order > 0/);
    const sys = isolationSystem('baseline', poisoned([5]));
    expect(sys.initial()[sys.L.flags + 5] & (PG.hwpoison | PG.lru)).toBe(PG.hwpoison);
  });
  it('refuses a pageblock that boots isolated, and allocations of MIGRATE_ISOLATE', () => {
    expect(() => parseConfig({ ...base, migratetypes: ['UNMOVABLE', 'MOVABLE', 'ISOLATE'], pageblockTypes: ['MOVABLE', 'ISOLATE', 'MOVABLE', 'MOVABLE'] }, 't')).toThrow(/pageblockTypes\[1\].*does not boot isolated/);
    expect(() => parseConfig({ ...base, migratetypes: ['UNMOVABLE', 'MOVABLE', 'ISOLATE'], workload: { allocMigratetypes: ['ISOLATE'] } }, 't')).toThrow(/nothing allocates MIGRATE_ISOLATE/);
  });
  it('refuses sections of the other models and interrupt contexts', () => {
    expect(() => isolationSystem('baseline', { ...base, pcp: { irq: true } })).toThrow(/pcp\.irq/);
    expect(() => isolationSystem('baseline', { ...base, contig: { ranges: [] } })).toThrow(/contig/);
  });
});

describe("the shared zone model's MIGRATE_ISOLATE", () => {
  const sys = isolationSystem();
  const k = new Mm(sys.L).bind(sys.initial(), 0);
  const iso = sys.L.geo.mt.ISOLATE;
  it('account_freepages() leaves MIGRATE_ISOLATE out of NR_FREE_PAGES', () => {
    const before = k.s[sys.L.nrFreePages];
    k.accountFreepages(4, iso);
    expect(k.s[sys.L.nrFreePages]).toBe(before);
    k.accountFreepages(4, sys.L.geo.mt.MOVABLE);
    expect(k.s[sys.L.nrFreePages]).toBe(before + 4);
  });
  it('set_pageblock_migratetype() and change_pageblock_range() refuse MIGRATE_ISOLATE', () => {
    k.setBlockMt(0, iso);
    k.changePageblockRange(0, 2, iso);
    expect([k.blockMt(0), k.blockMt(2)]).toEqual([sys.L.geo.mt.MOVABLE, sys.L.geo.mt.MOVABLE]);
  });
});
