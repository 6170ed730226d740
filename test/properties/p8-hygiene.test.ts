import { describe, expect, it } from 'vitest';
import { MmView } from '../../models/mm/view.ts';
import { checkHygiene } from '../../properties/p8-hygiene.ts';
import { pcpSystem } from './pcp-fixture.ts';

describe('P8 freelist hygiene', () => {
  const sys = pcpSystem();
  const view = new MmView(sys.L);
  const L = sys.L;

  it('holds at boot', () => {
    expect(checkHygiene(view.bind(sys.initial()))).toBeNull();
  });

  it('finds a free block whose pageblock changed type without moving it, outside zone->lock', () => {
    // Arrange: pageblock 1 (pfn 4..7) lies inside the free order-3 MOVABLE block at pfn 0
    const s = sys.initial();
    s[L.pbType + 1] = L.geo.mt.UNMOVABLE;
    // Act / Assert
    expect(checkHygiene(view.bind(s))?.message).toBe(
      'free block pfn 0..7 (order 3) is on free_area[3].free_list[MOVABLE] but pageblock 1 (pfn 4..7) is UNMOVABLE',
    );
    s[L.zoneLock] = 1; // inside a critical section the kernel may be mid-way through a claim
    expect(checkHygiene(view.bind(s))).toBeNull();
  });
});
