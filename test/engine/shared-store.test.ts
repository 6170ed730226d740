/**
 * The shared fingerprint store of the parallel search, on one thread: inserts, the
 * first-discoverer rule, growth of the per-id arrays in place and of the table.
 */
import { describe, expect, it } from 'vitest';
import { SharedStore } from '../../src/engine/shared-store.ts';
import { NO_PARENT } from '../../src/engine/store.ts';

describe('SharedStore', () => {
  it('keeps, for a state new in the current level, the smallest (parent level index, transition) of its discoverers', () => {
    const st = SharedStore.create(16, true);
    expect(st.insert(1, 1, NO_PARENT, 0, 1)).toBe(0);
    const levelStart = st.size;
    expect(st.insert(2, 2, 5, 30, levelStart)).toBe(1);
    expect(st.insert(2, 2, 7, 1, levelStart)).toBe(-1); // a later parent does not win
    expect([st.parent(1), st.transition(1)]).toEqual([5, 30]);
    expect(st.insert(2, 2, 5, 12, levelStart)).toBe(-1); // same parent, smaller transition wins
    expect([st.parent(1), st.transition(1)]).toEqual([5, 12]);
    expect(st.insert(2, 2, 3, 40, levelStart)).toBe(-1); // an earlier parent wins
    expect([st.parent(1), st.transition(1)]).toEqual([3, 40]);
    // A state of an earlier level keeps its parent.
    expect(st.insert(1, 1, 0, 9, levelStart)).toBe(-1);
    expect(st.parent(0)).toBe(NO_PARENT);
    st.resolveParents(levelStart, Uint32Array.from([10, 11, 12, 13]));
    expect(st.parent(1)).toBe(13);
  });

  it('grows its per-id arrays in place and its table by rehashing, and still finds every state', () => {
    let st = SharedStore.create(16, false);
    const n = 5000;
    for (let i = 0; i < n; i++) {
      if (st.size + 1 > st.idCapacity) st.growIds(Math.ceil(st.idCapacity * 1.25) + 1);
      if (st.tableFull(1)) st = st.withTable(st.size + 1);
      expect(st.insert(Math.imul(i, 0x9e3779b1) >>> 0, i, i, 70_000 + i, 0)).toBe(i);
    }
    expect(st.size).toBe(n);
    for (let i = 0; i < n; i++) expect(st.insert(Math.imul(i, 0x9e3779b1) >>> 0, i, 0, 0, n)).toBe(-1);
    expect(st.transition(n - 1)).toBe(70_000 + n - 1);
    expect(st.bytes / st.size).toBeLessThan(40);
  });

  it('refuses an insertion beyond its capacity as a harness bug, not silently', () => {
    const st = SharedStore.create(2, true);
    st.insert(1, 1, 0, 0, 0);
    st.insert(2, 2, 0, 0, 0);
    expect(() => st.insert(3, 3, 0, 0, 0)).toThrow(/overflow/);
  });
});
