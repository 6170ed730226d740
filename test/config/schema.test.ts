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
