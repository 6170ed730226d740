/**
 * The isolation model's configuration rules and the shared zone model's MIGRATE_ISOLATE: every
 * rule is refused with the field named; account_freepages() leaves ISOLATE out;
 * set_pageblock_migratetype() refuses MIGRATE_ISOLATE.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { UsageError } from '../../../src/util/unreachable.ts';
import { Mm } from '../../../models/mm/kernel.ts';
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
