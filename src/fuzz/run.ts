/**
 * One randomized run: from the initial state, take one enabled transition per step as the
 * strategy chooses, checking every step as exhaustive search does, until a failure, a terminal
 * state (checked for deadlock and quiescence), or the step bound.
 */
import type { TransitionId } from '../engine/types.ts';
import { InternalError } from '../util/unreachable.ts';
import { UserCodeError, locateUserCodeError } from '../variant/overrides.ts';
import { uncounted } from '../engine/explore.ts';
import { terminalFailure, type Failure } from './exec.ts';
import type { Chooser } from './strategy.ts';
import { enabledIn, type Schedulable } from './types.ts';

/** How a run ended. */
export type RunEnd = 'failure' | 'quiescent' | 'steps';

/** The outcome of one run. */
export interface RunOutcome {
  /** The transitions taken, up to and including the failing one. */
  readonly trs: TransitionId[];
  readonly failure: Failure | null;
  /** `quiescent`: every operation finished and the terminal checks passed; `steps`: the step bound was reached first. */
  readonly end: RunEnd;
}

/** Runs at most `steps` steps. An error in a variant's code leaves located on the run's path. */
export function runOnce(sys: Schedulable, chooser: Chooser, steps: number): RunOutcome {
  const trs: TransitionId[] = [];
  try {
    return run(sys, chooser, steps, trs);
  } catch (e) {
    if (e instanceof UserCodeError) locateUserCodeError(e, sys, trs);
    throw e;
  }
}

function run(sys: Schedulable, chooser: Chooser, steps: number, trs: TransitionId[]): RunOutcome {
  let s = sys.initial();
  const f0 = sys.checkState(s);
  if (f0) return { trs, failure: { kind: 'violation', finding: f0, atQuiescence: false }, end: 'failure' };
  for (let step = 1; step <= steps; step++) {
    const enabled = enabledIn(sys, s);
    if (enabled.length === 0) {
      const failure = terminalFailure(sys, s);
      return { trs, failure, end: failure ? 'failure' : 'quiescent' };
    }
    const tr = chooser.choose(enabled, step);
    const r = sys.apply(s, tr);
    // successors() said tr is enabled in s, and apply() is pure in its inputs.
    if (!r) throw new InternalError(`${sys.transitionKey(tr)} enumerated as enabled but not applicable`);
    trs.push(tr);
    s = r.next;
    const f = r.finding ?? sys.checkState(s);
    if (f) return { trs, failure: { kind: 'violation', finding: f, atQuiescence: false }, end: 'failure' };
  }
  // The step bound: the state may not be terminal, so the quiescent properties are not checked.
  // Asking whether the last state has a successor takes none: it is not counted as coverage.
  if (uncounted(sys, () => sys.successors(s, () => false)) === 0) {
    const failure = terminalFailure(sys, s);
    return { trs, failure, end: failure ? 'failure' : 'quiescent' };
  }
  return { trs, failure: null, end: 'steps' };
}
