import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { UsageError } from '../../src/util/unreachable.ts';

const base = { pages: 16, pagesPerSection: 16, maxOrder: 3, pageblockOrder: 2, cpus: 1 };

function error(raw: unknown): string {
  try {
    parseConfig(raw, 'test');
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  return '';
}

describe('configuration schema: pcp and preallocated', () => {
  it('fills the pcp defaults', () => {
    expect(parseConfig({ ...base, pcp: {} }, 'test').pcp).toEqual({
      batch: 2,
      high: 4,
      irq: false,
      irqOpsPerCpu: 1,
      costlyOrder: 1,
      drainsPerCpu: 0,
      drainAll: false,
      decaysPerCpu: 0,
      scaleMax: 1,
    });
  });

  it('names the field of a PCP order above costlyOrder that is not the THP order', () => {
    expect(error({ ...base, pcp: { orders: [0, 3] } })).toMatch(/config\.pcp\.orders\[1\]: order 3 is above costlyOrder \(1\), so it must be the THP order, pageblockOrder \(2\)/);
  });

  it('names the field of a misaligned, overlapping or oversized preallocated block', () => {
    expect(error({ ...base, preallocated: [{ pfn: 1, order: 1 }] })).toMatch(/config\.preallocated\[0\]\.pfn: pfn 1 is not aligned to its order-1 block/);
    expect(error({ ...base, preallocated: [{ pfn: 0, order: 1 }, { pfn: 1, order: 0 }] })).toMatch(/config\.preallocated\[1\]: block at pfn 1 overlaps preallocated\[0\]/);
    expect(error({ ...base, preallocated: [{ pfn: 16, order: 0 }] })).toMatch(/config\.preallocated\[0\]\.pfn: block pfn 16\.\.16 runs past the zone/);
    expect(error({ ...base, preallocated: [{ pfn: 0, order: 0, held: true }] })).toMatch(/config\.preallocated\[0\]: Unrecognized key/);
  });
});

describe('configuration schema: contig', () => {
  it('fills the contig defaults', () => {
    expect(parseConfig({ ...base, contig: {} }, 'test').contig).toEqual({
      ranges: [],
      areas: [],
      hwpoison: [],
      freePages: true,
      bulkSizes: [],
      bulkCallsPerCpu: 0,
      bulkMigratetype: 'MOVABLE',
    });
  });

  it('rejects a page array with a page twice as the caller\'s bug, naming the entry', () => {
    expect(error({ ...base, contig: { areas: [[4, 5, 6, 5]] } })).toMatch(
      /config\.contig\.areas\[0\]\[3\]: pfn 5 is also entry 1 of this array: an array with a page twice is the caller's bug/,
    );
  });

  it('names the field of a range, an array entry or a hwpoisoned page outside the zone', () => {
    expect(error({ ...base, contig: { ranges: [{ pfn: 12, nr: 8 }] } })).toMatch(/config\.contig\.ranges\[0\]: range pfn 12\.\.19 runs past the zone \(pfn 0\.\.15\)/);
    expect(error({ ...base, contig: { areas: [[3, 16]] } })).toMatch(/config\.contig\.areas\[0\]\[1\]: pfn 16 is outside the zone/);
    expect(error({ ...base, contig: { hwpoison: [20] } })).toMatch(/config\.contig\.hwpoison\[0\]: pfn 20 is outside the zone/);
    expect(error({ ...base, contig: { bulkMigratetype: 'CMA' } })).toMatch(/config\.contig\.bulkMigratetype: CMA is not one of the zone's migratetypes/);
  });
});

describe('configuration schema: pcpBuddy', () => {
  it('names the field of roles that do not give one entry per CPU, and of an unknown role', () => {
    expect(error({ ...base, cpus: 2, pcpBuddy: { roles: [['alloc']] } })).toMatch(/config\.pcpBuddy\.roles: must give one entry per CPU \(2\); got 1/);
    expect(error({ ...base, pcpBuddy: { roles: [['purge']] } })).toMatch(/config\.pcpBuddy\.roles\[0\]\[0\]/);
  });

  it('names the field of an owner outside the zone or the CPUs, twice given, or of pages not preallocated', () => {
    const pre = { preallocated: [{ pfn: 0, order: 2 }] };
    expect(error({ ...base, ...pre, pcpBuddy: { owners: [{ pageblock: 4, cpu: 0 }] } })).toMatch(/config\.pcpBuddy\.owners\[0\]\.pageblock: pageblock 4 is outside the zone \(pageblocks 0\.\.3\)/);
    expect(error({ ...base, ...pre, pcpBuddy: { owners: [{ pageblock: 0, cpu: 1 }] } })).toMatch(/config\.pcpBuddy\.owners\[0\]\.cpu: cpu 1 does not exist/);
    expect(error({ ...base, ...pre, pcpBuddy: { owners: [{ pageblock: 0, cpu: 0 }, { pageblock: 0, cpu: 0 }] } })).toMatch(/config\.pcpBuddy\.owners\[1\]\.pageblock: pageblock 0 is given two owners/);
    expect(error({ ...base, pcpBuddy: { owners: [{ pageblock: 1, cpu: 0 }] } })).toMatch(/config\.pcpBuddy\.owners\[0\]: pfn 4 of owned pageblock 1 is not preallocated/);
    expect(parseConfig({ ...base, ...pre, pcpBuddy: { owners: [{ pageblock: 0, cpu: 0 }] } }, 'test').pcpBuddy?.owners).toEqual([{ pageblock: 0, cpu: 0 }]);
  });

  it('names the field of an isolation target outside the zone', () => {
    expect(error({ ...base, pcpBuddy: { isolateBlocks: [9] } })).toMatch(/config\.pcpBuddy\.isolateBlocks\[0\]: pageblock 9 is outside the zone/);
  });
});
