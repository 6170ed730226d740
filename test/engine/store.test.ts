import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_PARENT, StateStore, fingerprint } from '../../src/engine/store.ts';
import { makeFrontier } from '../../src/strategy/frontier.ts';

describe('StateStore', () => {
  it('stores each distinct state once and remembers its parent and transition, across rehashes', () => {
    const store = new StateStore(4);
    const seen = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const s = Uint16Array.from([i % 1000, (i * 7) % 13, 3]);
      const id = store.insert(s, i === 0 ? NO_PARENT : 0, i);
      const key = s.join(',');
      if (seen.has(key)) expect(id).toBe(-1);
      else {
        expect(id).toBe(seen.size);
        seen.set(key, id);
        expect(store.transition(id)).toBe(i);
      }
    }
    expect(store.size).toBe(seen.size);
  });

  it('finds the id of every inserted state, and -1 for one never inserted, without inserting it', () => {
    const store = new StateStore(4);
    for (let i = 0; i < 3000; i++) expect(store.insert(Uint16Array.from([i, i >> 3]), NO_PARENT, 0)).toBe(i);
    for (let i = 0; i < 3000; i++) expect(store.find(Uint16Array.from([i, i >> 3]))).toBe(i);
    expect(store.find(Uint16Array.from([3000, 0]))).toBe(-1);
    expect(store.size).toBe(3000);
  });

  it('holds at most 31 bytes per stored state at every size from 256 states, table and slack included', () => {
    const store = new StateStore();
    const fp = new Uint32Array(2);
    let worst = 0;
    for (let i = 0; i < 300_000; i++) {
      fingerprint(Uint16Array.of(i & 0xffff, i >>> 16), fp);
      expect(store.insertFingerprint(fp[0], fp[1], i, i & 0xffff)).toBe(i);
      if (store.size >= 256) worst = Math.max(worst, store.bytes / store.size);
    }
    expect(worst).toBeLessThanOrEqual(31);
    expect(worst).toBeGreaterThan(20);
  });

  it('keeps transition ids above 65,535 (the transition array widens)', () => {
    const store = new StateStore();
    for (let i = 0; i < 100; i++) store.insertFingerprint(i, 7, NO_PARENT, i);
    const id = store.insertFingerprint(1000, 7, 3, 70_000);
    expect(store.transition(id)).toBe(70_000);
    expect(store.transition(5)).toBe(5);
    const back = StateStore.import(store.export());
    expect(back.transition(id)).toBe(70_000);
    expect(back.insertFingerprint(1000, 7, 0, 0)).toBe(-1);
  });

  it('gives different fingerprints to states that differ in one word (fixed seed)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 64 }), fc.nat(), fc.integer({ min: 1, max: 0xffff }), (words, at, delta) => {
        const a = Uint16Array.from(words);
        const b = a.slice();
        b[at % b.length] ^= delta;
        const fa = new Uint32Array(2);
        const fb = new Uint32Array(2);
        fingerprint(a, fa);
        fingerprint(b, fb);
        return fa[0] !== fb[0] || fa[1] !== fb[1];
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});

describe('frontiers', () => {
  it('pops in FIFO order for bfs and LIFO order for dfs, across chunk boundaries', () => {
    for (const strategy of ['bfs', 'dfs'] as const) {
      const f = makeFrontier(strategy, 2);
      const n = 10_000;
      for (let i = 0; i < n; i++) f.push(Uint16Array.from([i & 0xffff, 7]), i, i % 5);
      const out = new Uint16Array(2);
      const order: number[] = [];
      while (f.pop(out)) {
        expect(out[1]).toBe(7);
        expect(f.depth).toBe(f.id % 5);
        order.push(f.id);
      }
      expect(order).toHaveLength(n);
      const expected = Array.from({ length: n }, (_, i) => (strategy === 'bfs' ? i : n - 1 - i));
      expect(order).toEqual(expected);
    }
  });

  it('interleaves pushes and pops correctly in FIFO order', () => {
    const f = makeFrontier('bfs', 1);
    const out = new Uint16Array(1);
    let next = 0;
    let expectNext = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 300; i++) f.push(Uint16Array.from([0]), next++, 0);
      for (let i = 0; i < 200; i++) {
        expect(f.pop(out)).toBe(true);
        expect(f.id).toBe(expectNext++);
      }
    }
    while (f.pop(out)) expect(f.id).toBe(expectNext++);
    expect(expectNext).toBe(next);
  });
});

describe('fingerprint store against an exact store', () => {
  it('finds exactly as many distinct states as a search keyed by the full state', async () => {
    const { resolve } = await import('../../src/check.ts');
    const { explore } = await import('../../src/engine/explore.ts');
    for (const config of ['default', 'spec-tails', 'section-edge']) {
      const sys = resolve({ model: 'buddy', config }).built.system;
      const seen = new Set<string>();
      const queue: Uint16Array[] = [sys.initial()];
      seen.add(queue[0].join(','));
      while (queue.length) {
        const s = queue.pop()!;
        sys.successors(s, (_tr, next) => {
          const key = next.join(',');
          if (!seen.has(key)) {
            seen.add(key);
            queue.push(next.slice());
          }
          return true;
        });
      }
      expect(explore(sys).states).toBe(seen.size);
    }
  });
});

describe('frontier views', () => {
  it('keeps a popped view intact while states are pushed, until the next pop (bfs and dfs)', () => {
    for (const strategy of ['bfs', 'dfs'] as const) {
      const f = makeFrontier(strategy, 3);
      let next = 0;
      for (let i = 0; i < 5000; i++) f.push(Uint16Array.from([i & 0xffff, 1, 2]), next++, 0);
      let popped = 0;
      for (let v = f.popView(); v; v = f.popView()) {
        const copy = Array.from(v);
        const id = f.id;
        expect(copy[0]).toBe(id & 0xffff);
        // Pushes during the expansion of the popped state must not overwrite it.
        if (next < 20_000) for (let j = 0; j < 3; j++) f.push(Uint16Array.from([next & 0xffff, 9, 9]), next++, 1);
        expect(Array.from(v)).toEqual(copy);
        popped++;
      }
      expect(popped).toBe(next);
    }
  });
});
