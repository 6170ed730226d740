/**
 * Exhaustive explicit-state search. The engine is the loop; the strategy is the frontier it is
 * given; reporting is elsewhere. It returns a typed {@link CheckResult} and never throws for a
 * model violation: a violation, a deadlock or a bound are results. Only defects of the model's
 * definition or of the harness become `error` results.
 *
 * Every new state is checked against the state properties; a step that raises a finding is a
 * violation at that step; a state with no successors is a deadlock unless every thread is idle,
 * and then the quiescent properties are checked. With BFS the first violation found is at the
 * smallest depth, so its counterexample is a shortest one.
 */
import { makeFrontier, type Strategy } from '../strategy/frontier.ts';
import { NO_PARENT, StateStore } from './store.ts';
import type { Bounds, CheckResult, Finding, SearchStats, System, TraceStep, TransitionId } from './types.ts';

/** Progress figures, reported about once a second during long searches. */
export interface Progress {
  readonly states: number;
  readonly transitions: number;
  readonly frontier: number;
  readonly depth: number;
  readonly seconds: number;
}

/** Options of a search. */
export interface ExploreOptions extends Bounds {
  readonly strategy?: Strategy;
  /** Called about once a second. */
  readonly onProgress?: (p: Progress) => void;
  /** Polled with the progress; returning true stops the search with status `bound` (interrupted). */
  readonly shouldStop?: () => boolean;
  /**
   * Called once for every distinct state reached (the initial one included) after the state
   * properties hold there. A finding it returns ends the search as a violation at that state,
   * with the path to it as the counterexample (the differential check of `validate` uses this).
   * `s` may be the system's successor scratch buffer, which the explorer no longer needs; the
   * visitor may call the system, but must copy `s` first if it still needs it afterwards.
   */
  readonly visit?: (s: Uint16Array) => Finding | null;
}

/** Re-executes transitions from the initial state, for counterexamples. */
export function replayPath(sys: System, transitions: readonly TransitionId[]): { initial: Uint16Array; steps: TraceStep[]; finding: Finding | null } {
  const initial = sys.initial();
  let s = initial;
  const steps: TraceStep[] = [];
  let finding: Finding | null = null;
  for (let i = 0; i < transitions.length; i++) {
    const r = sys.apply(s, transitions[i]);
    if (!r) throw new Error(`[pagecheck internal bug] transition ${sys.transitionKey(transitions[i])} not enabled on replay at step ${i + 1}`);
    steps.push({ index: i + 1, key: sys.transitionKey(transitions[i]), info: r.info, state: r.next });
    s = r.next;
    finding = r.finding;
    if (finding) break;
  }
  return { initial, steps, finding };
}

/** Runs an exhaustive search. */
export function explore(sys: System, opts: ExploreOptions = {}): CheckResult {
  const t0 = performance.now();
  const store = new StateStore();
  const frontier = makeFrontier(opts.strategy ?? 'bfs', sys.words);
  const cur = new Uint16Array(sys.words);
  let transitions = 0;
  let maxDepth = 0;
  let truncated = false;

  const stats = (): SearchStats => {
    const seconds = (performance.now() - t0) / 1000;
    return {
      states: store.size,
      transitions,
      depth: maxDepth,
      seconds,
      statesPerSecond: seconds > 0 ? Math.round(store.size / seconds) : 0,
      bytesPerState: store.size ? store.bytes / store.size : 0,
      collisionProbability: store.collisionProbability(),
    };
  };
  const pathTo = (id: number, last: TransitionId[] = []): TransitionId[] => {
    const trs: TransitionId[] = [];
    for (let i = id; store.parent(i) !== NO_PARENT; i = store.parent(i)) trs.push(store.transition(i));
    trs.reverse();
    return trs.concat(last);
  };
  const violation = (id: number, last: TransitionId[], finding: Finding, atQuiescence: boolean): CheckResult => {
    const r = replayPath(sys, pathTo(id, last));
    return { status: 'violation', finding, trace: r.steps, initial: r.initial, atQuiescence, ...stats() };
  };

  try {
    const init = sys.initial();
    const id0 = store.insert(init, NO_PARENT, 0);
    const f0 = sys.checkState(init) ?? opts.visit?.(init) ?? null;
    if (f0) return { status: 'violation', finding: f0, trace: [], initial: init, atQuiescence: false, ...stats() };
    frontier.push(init, id0, 0);
    let lastTick = t0;
    let expanded = 0;
    const maxStates = opts.maxStates ?? Infinity;
    const depthBound = opts.maxDepth ?? Infinity;

    while (frontier.pop(cur)) {
      const curId = frontier.id;
      const d = frontier.depth;
      if ((++expanded & 1023) === 0) {
        const now = performance.now();
        if (opts.timeoutSeconds !== undefined && (now - t0) / 1000 >= opts.timeoutSeconds)
          return { status: 'bound', bound: 'timeout', limit: opts.timeoutSeconds, ...stats() };
        if (now - lastTick >= 1000) {
          lastTick = now;
          opts.onProgress?.({ states: store.size, transitions, frontier: frontier.size, depth: maxDepth, seconds: (now - t0) / 1000 });
          if (opts.shouldStop?.()) return { status: 'bound', bound: 'interrupted', limit: 0, ...stats() };
        }
      }
      let result: CheckResult | null = null;
      let full = false;
      const n = sys.successors(cur, (tr, next, finding) => {
        transitions++;
        if (finding) {
          result = violation(curId, [tr], finding, false);
          return false;
        }
        if (d >= depthBound) {
          // The successor lies beyond the depth bound: the search is not complete.
          truncated = true;
          return true;
        }
        const id = store.insert(next, curId, tr);
        if (id < 0) return true;
        const f = sys.checkState(next);
        if (f) {
          result = violation(curId, [tr], f, false);
          return false;
        }
        if (d + 1 > maxDepth) maxDepth = d + 1;
        frontier.push(next, id, d + 1);
        // After the push: the visitor may call the system, which may reuse `next`.
        const v = opts.visit?.(next);
        if (v) {
          result = violation(curId, [tr], v, false);
          return false;
        }
        if (store.size >= maxStates) {
          full = true;
          return false;
        }
        return true;
      });
      if (result) return result;
      if (full) return { status: 'bound', bound: 'maxStates', limit: maxStates, ...stats() };
      if (n === 0) {
        if (!sys.isIdle(cur)) {
          const r = replayPath(sys, pathTo(curId));
          return { status: 'deadlock', message: sys.describeDeadlock(cur), trace: r.steps, initial: r.initial, ...stats() };
        }
        const f = sys.checkQuiescent(cur);
        if (f) return violation(curId, [], f, true);
      }
    }
    if (truncated) return { status: 'bound', bound: 'maxDepth', limit: depthBound, ...stats() };
    return { status: 'ok', ...stats() };
  } catch (e) {
    return { status: 'error', message: e instanceof Error ? e.message : String(e), ...stats() };
  }
}
