/**
 * What randomized exploration needs from a model beyond the explorer's {@link System}: who moves
 * and what a transition starts, so that schedulers can prioritise threads (PCT), enable subsets of
 * threads and operations (swarm) and shrinkers can reason about context switches and calls; and
 * where the allocator events of the steps a run takes are counted.
 */
import type { CoverageRecorder } from '../coverage/recorder.ts';
import type { System, TransitionId } from '../engine/types.ts';

/**
 * A {@link System} that randomized exploration can schedule. Every allocator model's system is one.
 * Its transition keys begin with the moving thread's name and a space (`cpu1 step`), so that a
 * shrinker can move a thread's steps to another thread by key.
 */
export interface Schedulable extends System {
  /** Thread names in index order (`cpu0`, `cpu1`, ..., then `cpu0/irq`, ...). */
  readonly threads: readonly string[];
  /** Operations a workload may start, by name, in index order (`alloc_pages`, `__free_pages`, ...). */
  readonly operations: readonly string[];
  /** Index in {@link threads} of the thread that transition `tr` moves. */
  threadOf(tr: TransitionId): number;
  /**
   * Index in {@link operations} of the operation `tr` starts, or -1 when `tr` continues an
   * operation the thread is already running.
   */
  operationOf(tr: TransitionId): number;
  /**
   * Optional: the transitions {@link System.successors} would visit in `s`, in the same order,
   * appended to `out` without computing their successors. A randomized run takes one of them, so
   * it uses this when the system has it (the choice, and so every seed's run, is the same).
   */
  enabled?(s: Uint16Array, out: TransitionId[]): void;
  /**
   * Optional: starts counting coverage (src/coverage) with a fresh recorder, or stops; while on,
   * every transition {@link System.apply} takes (and every one {@link System.successors} visits)
   * is counted. A system without it reports no coverage.
   */
  collectCoverage?(on: boolean): CoverageRecorder | null;
}

/** The transitions enabled in `s`, in successors() order: {@link Schedulable.enabled} when the system has it. */
export function enabledIn(sys: Schedulable, s: Uint16Array): TransitionId[] {
  const out: TransitionId[] = [];
  if (sys.enabled) sys.enabled(s, out);
  else
    sys.successors(s, (tr) => {
      out.push(tr);
      return true;
    });
  return out;
}
