/**
 * Shared law-checkers: properties every model and every result must satisfy, applied by several
 * test files.
 */
import { expect } from 'vitest';
import { replayKeys } from '../../src/engine/replay.ts';
import type { CheckResult, System } from '../../src/engine/types.ts';

/** A violation or deadlock replays from its transition keys alone, to the same outcome at the same step. */
export function assertReplayReproduces(sys: System, r: CheckResult): void {
  if (r.status !== 'violation' && r.status !== 'deadlock') throw new Error(`expected a counterexample, got ${r.status}`);
  const rep = replayKeys(sys, r.trace.map((s) => s.key));
  if (r.status === 'violation') {
    expect(rep.outcome.kind).toBe('violation');
    if (rep.outcome.kind !== 'violation') return;
    expect(rep.outcome.finding.code).toBe(r.finding.code);
    expect(rep.outcome.finding.message).toBe(r.finding.message);
    expect(rep.outcome.step).toBe(r.trace.length);
    expect(rep.outcome.atQuiescence).toBe(r.atQuiescence);
  } else {
    expect(rep.outcome.kind).toBe('deadlock');
    expect(rep.outcome.step).toBe(r.trace.length);
  }
}

/** Random walk over a system: picks successors by the given choices; returns the states visited. */
export function randomWalk(sys: System, choices: readonly number[], onState: (s: Uint16Array, step: number) => void): Uint16Array {
  let s = sys.initial();
  onState(s, 0);
  for (let i = 0; i < choices.length; i++) {
    const trs: number[] = [];
    sys.successors(s, (tr) => {
      trs.push(tr);
      return true;
    });
    if (!trs.length) break;
    const r = sys.apply(s, trs[choices[i] % trs.length]);
    if (!r) throw new Error('successor not applicable');
    if (r.finding) throw new Error(`step ${i + 1} (${r.info.thread} ${r.info.op}) raised ${r.finding.code}: ${r.finding.message}`);
    s = r.next;
    onState(s, i + 1);
  }
  return s;
}
