/**
 * P12-P16, the isolation model's properties, on states of its configurations with one field
 * corrupted by hand: each check finds the corruption and names it, and holds on the state as the
 * kernel leaves it.
 */
import { describe, expect, it } from 'vitest';
import { MmView } from '../../models/mm/view.ts';
import { HOLD } from '../../models/mm/layout.ts';
import { ISO } from '../../models/isolation/state.ts';
import { checkIsolationAccounting } from '../../properties/p12-isolation-accounting.ts';
import { checkPcpDisabled } from '../../properties/p13-pcp-disabled.ts';
import { checkOfflineSections } from '../../properties/p14-range-isolation.ts';
import { checkHighatomic } from '../../properties/p15-highatomic.ts';
import { checkMergeRule } from '../../properties/p16-merge-rule.ts';
import { isolationSystem, reach } from '../models/isolation/fixture.ts';

const contig = isolationSystem('baseline', 'contig');
/** cpu0's alloc_contig_range(2, 4) has isolated pageblock 1: pfn 2-3 on free_list[ISOLATE]. */
const ISOLATED = reach(contig, ['cpu0 alloc_contig_range(start=2, end=4, flags=ACR_FLAGS_NONE)']);

describe('P12 isolation accounting', () => {
  const view = new MmView(contig.L);
  it('holds at boot and with a pageblock isolated', () => {
    expect(checkIsolationAccounting(view.bind(contig.initial()))).toBeNull();
    expect(checkIsolationAccounting(view.bind(ISOLATED))).toBeNull();
  });
  it('finds the free pages of an isolated pageblock counted in NR_FREE_PAGES', () => {
    const s = ISOLATED.slice();
    s[contig.L.nrFreePages] += 2;
    expect(checkIsolationAccounting(view.bind(s))?.message).toBe(
      'NR_FREE_PAGES is 8, but the free lists outside MIGRATE_ISOLATE hold 6 pages: free pages of isolated pageblocks are counted (free_list[ISOLATE] holds pfn 2..3)',
    );
  });
  it('finds NR_FREE_PAGES above the managed pages once a section is offline', () => {
    const sys = isolationSystem('baseline', 'offline');
    const s = sys.initial();
    // Section 1 offline, its pages the allocator's no more, NR_FREE_PAGES (7) left as it was.
    s[sys.L.extra[ISO.online] + 1] = 0;
    for (let p = 4; p < 8; p++) s[sys.L.gHold + p] = HOLD.leaked;
    expect(checkIsolationAccounting(new MmView(sys.L).bind(s))?.message).toBe("NR_FREE_PAGES is 7, more than the zone's 4 managed pages (MemFree > MemTotal)");
  });
});

describe('P13 pcplists disabled', () => {
  const sys = isolationSystem('baseline', 'offline');
  const view = new MmView(sys.L);
  it('holds while cpu1 has a page on its pageset and the pcplists are enabled', () => {
    const s = reach(sys, ['cpu1 __free_pages(pfn=5)']);
    expect(checkPcpDisabled(view.bind(s))).toBeNull();
  });
  it('finds a page on a pageset whose lock is free while the pcplists are disabled', () => {
    const s = reach(sys, ['cpu1 __free_pages(pfn=5)']);
    s[sys.L.extra[ISO.pcpDisabled]] = 1;
    expect(checkPcpDisabled(view.bind(s))?.message).toBe("the pcplists are disabled (zone_pcp_disable() has returned), but cpu1's pageset holds pfn 5 with its pcp->lock free (pcp->count 1, high 4)");
  });
});

describe('P14 range isolation (offline sections)', () => {
  const sys = isolationSystem('baseline', 'offline');
  const view = new MmView(sys.L);
  it('finds a page of an offline section still on a free list', () => {
    const s = sys.initial();
    s[sys.L.extra[ISO.online] + 1] = 0;
    expect(checkOfflineSections(view.bind(s))?.message).toBe('pfn 4 of offline section 1 is on free_area[0].free_list[MOVABLE]');
  });
});

describe('P15 highatomic reserves', () => {
  const sys = isolationSystem('baseline', 'highatomic');
  const view = new MmView(sys.L);
  it('finds a reserve count that does not match the HIGHATOMIC pageblocks', () => {
    const s = sys.initial();
    s[sys.L.extra[ISO.reserved]] = 4;
    expect(checkHighatomic(view.bind(s))?.message).toBe('nr_reserved_highatomic is 4, but the HIGHATOMIC pageblocks hold 0 pages (none)');
    s[sys.L.pbType] = sys.L.geo.mt.HIGHATOMIC;
    expect(checkHighatomic(view.bind(s))).toBeNull();
  });
});

describe('P16 pageblock merge rule', () => {
  const sys = isolationSystem('baseline', 'cma');
  const view = new MmView(sys.L);
  it('holds at boot: MOVABLE and CMA pageblocks of one max-order block stay apart', () => {
    expect(checkMergeRule(view.bind(sys.initial()))).toBeNull();
  });
  it('finds a CMA pageblock retyped', () => {
    const s = sys.initial();
    s[sys.L.pbType + 1] = sys.L.geo.mt.MOVABLE;
    expect(checkMergeRule(view.bind(s))?.message).toBe('pageblock 1 (pfn 2..3) was CMA at boot and is now MOVABLE: a merge joined a CMA pageblock with another type and retyped one of them');
  });
});
