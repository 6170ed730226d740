import { describe, expect, it } from 'vitest';
import { MmView } from '../../models/mm/view.ts';
import { checkAccounting } from '../../properties/p6-accounting.ts';
import { ONE_PAGE_ON_CPU0_PCP, pcpSystem, reach } from './pcp-fixture.ts';

describe('P6 accounting', () => {
  const sys = pcpSystem();
  const view = new MmView(sys.L);
  const L = sys.L;

  it('holds in a state with a page on a PCP list', () => {
    const s = reach(sys, ONE_PAGE_ON_CPU0_PCP);
    expect(s[L.pcpCount]).toBe(1);
    expect(checkAccounting(view.bind(s))).toBeNull();
  });

  it('finds a pcp->count that does not match the lists, but only while pcp->lock is free', () => {
    // Arrange
    const s = reach(sys, ONE_PAGE_ON_CPU0_PCP);
    s[L.pcpCount] = 2;
    // Act / Assert
    expect(checkAccounting(view.bind(s))?.message).toMatch(/cpu0's pcp->count is 2 but its PCP lists hold 1 pages/);
    s[L.pcpLock] = 1; // cpu0's task holds the lock: a refill updates the count after the list
    expect(checkAccounting(view.bind(s))).toBeNull();
  });

  it('says when NR_FREE_PAGES counts the pages on PCP lists', () => {
    const s = reach(sys, ONE_PAGE_ON_CPU0_PCP);
    s[L.nrFreePages] += 1;
    expect(checkAccounting(view.bind(s))?.message).toMatch(/also counts the 1 pages on PCP lists/);
  });

  it('finds nr_free that does not match the buddy lists', () => {
    const s = sys.initial();
    s[L.nrFree + 3] += 1;
    expect(checkAccounting(view.bind(s))?.message).toMatch(/free_area\[3\]\.nr_free is 5 but the order-3 buddy lists hold 4 blocks/);
  });

  it('finds a block on a PCP list order_to_pindex never uses (THP RECLAIMABLE)', () => {
    // Arrange: move cpu0's PCP page to the order-2 RECLAIMABLE head (THP pages share the UNMOVABLE list)
    const s = reach(sys, ONE_PAGE_ON_CPU0_PCP);
    const g = L.geo;
    const from = L.pcpListHead(0, 0, g.mt.MOVABLE);
    const pfn = s[from];
    s[from] = 0xffff;
    s[L.pcpListHead(0, 2, g.mt.RECLAIMABLE)] = pfn;
    // Act / Assert
    expect(checkAccounting(view.bind(s))?.message).toMatch(/PCP list for RECLAIMABLE, a list order_to_pindex\(\) never uses/);
  });
});
