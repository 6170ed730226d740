import { describe, expect, it } from 'vitest';
import { PctPriorities, pctGuarantee } from '../../src/fuzz/pct.ts';

describe('pctGuarantee', () => {
  it('is 1/(n·k^(d-1)) per run', () => {
    const g = pctGuarantee(4, 100, 3, 1);
    expect(g.perRun).toBeCloseTo(1 / (4 * 100 * 100), 15);
    expect(g.campaign).toBeCloseTo(g.perRun, 15);
  });

  it('is 1/n for depth 1, whatever k', () => {
    expect(pctGuarantee(2, 1000, 1, 1).perRun).toBe(0.5);
  });

  it('compounds over independent runs as 1-(1-p)^runs', () => {
    const g = pctGuarantee(2, 10, 2, 50);
    expect(g.campaign).toBeCloseTo(1 - Math.pow(1 - 1 / 20, 50), 12);
  });
});

describe('PctPriorities', () => {
  it('always picks the highest-priority movable thread', () => {
    const p = new PctPriorities([2, 0, 1], [], 3);
    expect(p.pick([0, 1, 2], 1)).toBe(2);
    expect(p.pick([0, 1], 2)).toBe(0);
    expect(p.pick([1], 3)).toBe(1);
  });

  it('drops the moving thread below every initial priority at a change point', () => {
    const p = new PctPriorities([0, 1], [2], 2);
    expect(p.pick([0, 1], 1)).toBe(0);
    // At step 2 thread 0 still moves, then falls below thread 1.
    expect(p.pick([0, 1], 2)).toBe(0);
    expect(p.pick([0, 1], 3)).toBe(1);
  });

  it('gives later change points lower priorities', () => {
    const p = new PctPriorities([0, 1, 2], [1, 2], 3);
    expect(p.pick([0, 1, 2], 1)).toBe(0); // 0 drops to 2
    expect(p.pick([0, 1, 2], 2)).toBe(1); // 1 drops to 1
    expect(p.pick([0, 1, 2], 3)).toBe(2);
    expect(p.pick([0, 1], 4)).toBe(0);
  });
});
