/**
 * The explorer's side of the partial-order reduction: it takes the one successor a system
 * offers as a persistent set, and expands fully where that successor was numbered no later than
 * the state itself (the cycle proviso), so that a cycle of persistent steps cannot postpone the
 * other threads forever.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import type { SuccessorVisitor, System } from '../../src/engine/types.ts';
import { toySystem } from '../helpers/toy.ts';

/**
 * Thread 0 toggles word 0 forever (a local step, offered alone everywhere); thread 1 sets word 1,
 * which the invariant forbids. Only the proviso lets the search reach thread 1's step.
 */
function toggler(): System {
  const sys = toySystem({
    words: 2,
    steps: [
      { thread: 0, name: 'toggle', guard: () => true, apply: (s) => void (s[0] ^= 1) },
      { thread: 1, name: 'set', guard: (s) => s[1] === 0, apply: (s) => void (s[1] = 1) },
    ],
    invariant: (s) => (s[1] === 1 ? { code: 'T1', message: 'word 1 set' } : null),
  });
  const out = new Uint16Array(2);
  return {
    ...sys,
    persistent(s: Uint16Array, visit: SuccessorVisitor): boolean {
      out.set(s);
      out[0] ^= 1;
      visit(0, out, null);
      return true;
    },
  };
}

describe('partial-order reduction in the explorer', () => {
  it('expands fully where the persistent successor closes a cycle, so the other thread still moves', () => {
    const r = explore(toggler());
    expect(r.status).toBe('violation');
    if (r.status !== 'violation') return;
    expect(r.finding.code).toBe('T1');
    // The first state's persistent toggle leads to a new state; that state's toggle leads back
    // to state 0 (numbered earlier), so it is expanded fully, and thread 1 moves there.
    expect(r.trace.map((t) => t.key)).toEqual(['toggle', 'set']);
  });

  it('takes only the persistent successor where the proviso allows it', () => {
    const sys = toggler();
    const ok = explore({ ...sys, checkState: () => null });
    const full = explore({ ...sys, persistent: undefined, checkState: () => null });
    // Full: 4 states, a toggle in each and a set in the two unset ones = 6 transitions.
    // Reduced: [0,0] takes its toggle alone (1); [1,0]'s toggle leads back to [0,0], so it is
    // expanded fully (2); [1,1] takes its toggle alone (1); [0,1]'s toggle leads back to [1,1],
    // so it is expanded fully, which is that toggle alone (1): 5.
    expect(full).toMatchObject({ status: 'ok', states: 4, transitions: 6 });
    expect(ok).toMatchObject({ status: 'ok', states: 4, transitions: 5 });
  });
});
