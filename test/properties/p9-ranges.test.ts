import { describe, expect, it } from 'vitest';
import { Mm } from '../../models/mm/kernel.ts';
import { HOLD } from '../../models/mm/layout.ts';
import { PREPARED_MARKS, checkBulkReturn, checkNotPrepared, checkPrepared, checkRangeFreed, markPrepared } from '../../properties/p9-ranges.ts';
import { contigSystem } from '../models/contig/fixture.ts';

/** A step context on the boot state of the contig default configuration (pfn 1-10 held as order-0 pages), bound to cpu0. */
function context(): Mm {
  const sys = contigSystem('after', 'default');
  const k = new Mm(sys.L).bind(sys.initial(), 0);
  // cpu0 has taken pfn 1-4 for a range free, as free_contig_range's start does.
  for (let p = 1; p <= 4; p++) k.takeFromPool(p, 0);
  return k;
}

describe('P9 range and array semantics', () => {
  it('lets a chunk of pages this free prepared be freed as prepared, once', () => {
    // Arrange: pfn 2 and 3 dropped their last reference and were prepared
    const k = context();
    for (const p of [2, 3]) {
      k.setRef(p, 0);
      markPrepared(k, p);
    }
    // Act / Assert
    expect(checkPrepared(k, 2, 1, 'test')).toBe(true);
    expect(k.finding).toBeNull();
    expect(k.s[k.L.extra[PREPARED_MARKS] + 2]).toBe(0);
    // A second free of the same chunk finds its marks consumed.
    expect(checkPrepared(k, 2, 1, 'test')).toBe(false);
    expect(k.finding?.code).toBe('P9');
  });

  it('names why a page of a prepared chunk is not a prepared page: its last reference has not gone', () => {
    const k = context();
    k.setRef(2, 0);
    markPrepared(k, 2);
    expect(checkPrepared(k, 2, 1, 'free_prepared_contig_range')).toBe(false);
    expect(k.finding?.message).toBe(
      'cpu0 in free_prepared_contig_range frees pfn 2..3 (order 1) as prepared (FPI_PREPARED), but pfn 3 is not a prepared page of this free: its refcount is 1: its last reference has not gone, so another holder will free it',
    );
  });

  it('finds a page prepared a second time', () => {
    const k = context();
    k.setRef(4, 0);
    markPrepared(k, 4);
    expect(checkNotPrepared(k, 4, 0, 'free_pages_prepare')).toBe(false);
    expect(k.finding?.message).toMatch(/^cpu0 in free_pages_prepare runs free_pages_prepare\(\) on pfn 4 \(order 0\), but pfn 4 was already prepared by cpu0 for this free: it is prepared twice$/);
    expect(checkNotPrepared(context(), 4, 0, 'free_pages_prepare')).toBe(true);
  });

  it('finds a page of the range left in flight when the free returns, and says why', () => {
    const k = context();
    // pfn 1 freed, pfn 2 left to a speculative holder, pfn 3 leaked; pfn 4 untouched
    k.setHold(1, 0, HOLD.none);
    k.setHold(2, 0, HOLD.ref);
    k.setHold(3, 0, HOLD.leaked);
    checkRangeFreed(k, [1, 2, 3], 'free_contig_range');
    expect(k.finding).toBeNull();
    checkRangeFreed(k, [1, 2, 3, 4], 'free_contig_range');
    expect(k.finding?.message).toBe("cpu0's free_contig_range returns, but pfn 4 of its pages is still in flight: its reference was never dropped (refcount 1)");
  });

  it('holds alloc_pages_bulk to the number of populated entries', () => {
    const ok = context();
    checkBulkReturn(ok, [4, 7, 0, 0], 2, 'alloc_pages_bulk');
    expect(ok.finding).toBeNull();
    const more = context();
    checkBulkReturn(more, [4, 7, 0, 0], 3, 'alloc_pages_bulk');
    expect(more.finding?.message).toBe("cpu0's alloc_pages_bulk returns 3, but entry 2 of the page array is NULL: [pfn 3, pfn 6, NULL, NULL]");
    const fewer = context();
    checkBulkReturn(fewer, [4, 7, 0, 0], 1, 'alloc_pages_bulk');
    expect(fewer.finding?.message).toBe("cpu0's alloc_pages_bulk returns 1, but 2 entries of the page array are populated: [pfn 3, pfn 6, NULL, NULL]");
    const hole = context();
    checkBulkReturn(hole, [4, 0, 7, 0], 1, 'alloc_pages_bulk');
    expect(hole.finding?.message).toBe("cpu0's alloc_pages_bulk returns 1 with a populated entry 2 after a NULL one: [pfn 3, NULL, pfn 6, NULL]");
  });
});
