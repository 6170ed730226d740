import { describe, expect, it } from 'vitest';
import { checkModel, type Invariant } from '../../src/testing/index.ts';
import '../../src/testing/vitest.ts';
import { HOLD } from '../../models/mm/layout.ts';

/** zone->lock is only ever held by a thread that is inside an operation. */
const lockHeldInsideCalls: Invariant = {
  code: 'U1',
  meaning: 'zone->lock is held only by a thread inside an operation',
  check(v) {
    const holder = v.s[v.L.zoneLock];
    return holder !== 0 && v.threadIdle(holder - 1) ? `zone->lock is held by ${v.L.threadName(holder - 1)}, whose operation has returned` : null;
  },
};

/** A test's own claim about the workload, false at the buddy model's default configuration. */
const neverHandsOutPfn0: Invariant = {
  code: 'U2',
  meaning: 'pfn 0 is never handed to a caller',
  check(v) {
    return v.s[v.L.gHold] === HOLD.pool ? 'pfn 0 is held by a caller' : null;
  },
};

describe('checkModel', () => {
  it('checks exhaustively by default: the baseline holds, a mutant is caught by its property', () => {
    expect(checkModel({ model: 'buddy' })).toHold();
    const c = checkModel({ model: 'buddy', variant: 'pagehead-after-put' });
    expect(c).toBeCaughtBy('P2');
    expect(c.mode).toBe('exhaustive');
    expect(c.reproduce).toBe('npx pagecheck check --model buddy --variant pagehead-after-put --config default');
  });

  it('fuzzes the model at its large configuration with seed 1 unless told otherwise', () => {
    const ok = checkModel({ model: 'buddy', mode: 'fuzz', fuzz: { runs: 3 } });
    expect(ok).toHold();
    expect(ok.config).toBe('large');
    const bad = checkModel({ model: 'buddy', variant: 'merge-stops-early', mode: 'fuzz', fuzz: { runs: 20 } });
    expect(bad).toBeCaughtBy('Q1');
    expect(bad.reproduce).toMatch(/^npx pagecheck fuzz --model buddy --variant merge-stops-early --config large --strategy random --steps 1000 --seed 1 --replay \d+$/);
  });

  it('fails an expectation with the counterexample and how to reproduce it', () => {
    const c = checkModel({ model: 'buddy', variant: 'split-page-no-tail-refcount' });
    expect(() => expect(c).toHold()).toThrow(/Counterexample \(3 steps[\s\S]*P4 refcounts[\s\S]*Reproduce: npx pagecheck check/);
    expect(() => expect(c).toBeCaughtBy('P1')).toThrow(/to be caught by P1, but it was caught by P4/);
  });

  it("checks a test's own invariants after every step, in both modes", () => {
    expect(checkModel({ model: 'buddy', invariants: [lockHeldInsideCalls] })).toHold();
    // A built-in property (P17) sees a leaked zone->lock at the return itself, before U1 can.
    expect(checkModel({ model: 'buddy', variant: 'free-one-page-no-unlock', invariants: [lockHeldInsideCalls] })).toBeCaughtBy('P17');
    const ex = checkModel({ model: 'buddy', invariants: [lockHeldInsideCalls, neverHandsOutPfn0] });
    expect(ex).toBeCaughtBy('U2');
    expect(ex.reproduce).toContain("(without the test's invariants U1, U2)");
    const fz = checkModel({ model: 'buddy', mode: 'fuzz', fuzz: { runs: 20 }, invariants: [neverHandsOutPfn0] });
    expect(fz).toBeCaughtBy('U2');
    expect(fz.report).toContain('U2: pfn 0 is held by a caller');
  });

  it('refuses an invariant code that a built-in property uses', () => {
    expect(() => checkModel({ model: 'buddy', invariants: [{ ...lockHeldInsideCalls, code: 'P1' }] })).toThrow(/code of a built-in property/);
  });
});
