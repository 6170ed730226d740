import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { UsageError } from '../../../src/util/unreachable.ts';
import { contigModel } from '../../../models/contig/index.ts';

const base = { pages: 16, pagesPerSection: 8, maxOrder: 2, pageblockOrder: 1, cpus: 1 };

function buildError(raw: unknown): string {
  try {
    contigModel.build(parseConfig(raw, 'test'), contigModel.variants[0]);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  return '';
}

describe('contig model build', () => {
  it('refuses a hwpoisoned page that is not held at boot', () => {
    expect(buildError({ ...base, contig: { hwpoison: [3] } })).toMatch(/contig\.hwpoison\[0\] \(pfn 3\) is not preallocated; a hwpoisoned page must be held at boot/);
    expect(buildError({ ...base, preallocated: [{ pfn: 3, order: 0 }], contig: { hwpoison: [3] } })).toBe('');
  });

  it('refuses interrupt contexts, which its paths do not run from', () => {
    expect(buildError({ ...base, pcp: { irq: true } })).toMatch(/pcp\.irq is not supported by the contig model/);
  });

  it('refuses bulk calls when the pageset has no order-0 list, which alloc_pages_bulk() takes its pages from', () => {
    const bulk = { bulkSizes: [2], bulkCallsPerCpu: 1 };
    expect(buildError({ ...base, pcp: { orders: [1] }, contig: bulk })).toMatch(/contig\.bulkSizes asks for alloc_pages_bulk\(\) calls, .* but pcp\.orders \(1\) has no order-0 list; add 0 to pcp\.orders/);
    expect(buildError({ ...base, pcp: { orders: [0, 1] }, contig: bulk })).toBe('');
    expect(buildError({ ...base, pcp: { orders: [1] }, contig: { bulkSizes: [2], bulkCallsPerCpu: 0 } })).toBe('');
  });

  it('builds a configuration without a contig section, offering no contiguous or bulk operation', () => {
    const sys = contigModel.build(parseConfig(base, 'test'), contigModel.variants[0]).system;
    const starts = sys.startTransitions(sys.initial()).map((tr) => sys.operationName(tr));
    expect(new Set(starts)).toEqual(new Set(['alloc_pages']));
  });
});
