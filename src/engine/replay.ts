/**
 * Replays a recorded counterexample (a list of transition keys) on a system and says what it
 * leads to, so that a report can be checked to reproduce: the same finding at the same step, the
 * same deadlock, or the same violation at quiescence.
 */
import type { Finding, System, TraceStep } from './types.ts';

/** What a replay led to. */
export type ReplayOutcome =
  | { readonly kind: 'violation'; readonly finding: Finding; readonly step: number; readonly atQuiescence: boolean }
  | { readonly kind: 'deadlock'; readonly message: string; readonly step: number }
  | { readonly kind: 'none'; readonly step: number };

/** A replay that could not be carried out: the trace does not fit this system. */
export class ReplayMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayMismatch';
  }
}

/**
 * Re-executes the keys in order. A key the system does not know, or a transition that is not
 * enabled where the trace says it ran, is a {@link ReplayMismatch} naming the step.
 */
export function replayKeys(sys: System, keys: readonly string[]): { initial: Uint16Array; steps: TraceStep[]; outcome: ReplayOutcome } {
  const initial = sys.initial();
  const steps: TraceStep[] = [];
  let s = initial;
  const f0 = sys.checkState(s);
  if (f0) return { initial, steps, outcome: { kind: 'violation', finding: f0, step: 0, atQuiescence: false } };
  for (let i = 0; i < keys.length; i++) {
    const tr = sys.transitionFromKey(keys[i]);
    if (tr === undefined) throw new ReplayMismatch(`step ${i + 1}: '${keys[i]}' is not a transition of this model and configuration`);
    const r = sys.apply(s, tr);
    if (!r) throw new ReplayMismatch(`step ${i + 1}: '${keys[i]}' is not enabled at this point of the trace`);
    steps.push({ index: i + 1, key: keys[i], info: r.info, state: r.next });
    s = r.next;
    if (r.finding) return { initial, steps, outcome: { kind: 'violation', finding: r.finding, step: i + 1, atQuiescence: false } };
    const f = sys.checkState(s);
    if (f) return { initial, steps, outcome: { kind: 'violation', finding: f, step: i + 1, atQuiescence: false } };
  }
  const stuck = sys.successors(s, () => false) === 0;
  if (stuck && !sys.isIdle(s)) return { initial, steps, outcome: { kind: 'deadlock', message: sys.describeDeadlock(s), step: keys.length } };
  if (stuck) {
    const f = sys.checkQuiescent(s);
    if (f) return { initial, steps, outcome: { kind: 'violation', finding: f, step: keys.length, atQuiescence: true } };
  }
  return { initial, steps, outcome: { kind: 'none', step: keys.length } };
}
