/**
 * The level arenas of the parallel search: a state written at a position is read back there,
 * from any thread's views, and a worker is granted each segment once.
 */
import { describe, expect, it } from 'vitest';
import { ArenaViews, LevelArenas } from '../../src/engine/level-arena.ts';

describe('LevelArenas', () => {
  it('holds states across segments, where another thread\'s views read them', () => {
    const words = 5;
    const arenas = new LevelArenas(words, 2);
    arenas.ensure(1, 9);
    // Whole segments of 4 states: 9 states need 3.
    expect(arenas.views.capacity(1)).toBe(12);
    expect(arenas.views.capacity(0)).toBe(0);
    const other = new ArenaViews(words, 2);
    other.adopt(arenas.grantsFor('w'));
    for (let pos = 0; pos < 12; pos++) other.write(1, pos, Uint16Array.from({ length: words }, (_, i) => pos * 10 + i));
    for (let pos = 0; pos < 12; pos++) expect(Array.from(arenas.views.state(1, pos))).toEqual(Array.from({ length: words }, (_, i) => pos * 10 + i));
    expect(arenas.bytes).toBe(3 * 4 * words * 2);
  });

  it('grants a worker only the segments it has not had, per arena', () => {
    const arenas = new LevelArenas(3, 1);
    arenas.ensure(0, 3);
    const first = arenas.grantsFor('a');
    expect(first.map((g) => [g.arena, g.index])).toEqual([
      [0, 0],
      [0, 1],
    ]);
    expect(arenas.grantsFor('a')).toEqual([]);
    arenas.ensure(1, 1);
    arenas.ensure(0, 5);
    expect(arenas.grantsFor('a').map((g) => [g.arena, g.index])).toEqual([
      [0, 2],
      [1, 0],
    ]);
    // Another worker gets every segment.
    expect(arenas.grantsFor('b')).toHaveLength(4);
  });
});
