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
 *
 * The search runs in slices ({@link Explorer.run}), so that a caller can yield to the event loop
 * (progress, Ctrl-C) and take checkpoints between slices.
 */
import { makeFrontier, type Frontier, type Strategy } from '../strategy/frontier.ts';
import { NO_PARENT, StateStore } from './store.ts';
import { UserCodeError, locateUserCodeError } from '../variant/overrides.ts';
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
  /** bfs (default) or dfs. */
  readonly strategy?: Strategy;
  /** Called about once a second. */
  readonly onProgress?: (p: Progress) => void;
  /** Polled about once a second; returning true stops the search with status `bound` (interrupted). */
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

/** Everything needed to continue a search later (see checkpoint.ts for the file format). */
export interface SearchSnapshot {
  readonly strategy: Strategy;
  readonly words: number;
  readonly transitions: number;
  readonly maxDepth: number;
  readonly truncated: boolean;
  readonly seconds: number;
  readonly store: { fpHi: Uint32Array; fpLo: Uint32Array; parents: Uint32Array; trans: Uint32Array };
  readonly frontier: { states: Uint16Array; ids: Uint32Array; depths: Uint32Array };
}

/** Re-executes transitions from the initial state, for counterexamples. */
export function replayPath(sys: System, transitions: readonly TransitionId[]): { initial: Uint16Array; steps: TraceStep[]; finding: Finding | null } {
  return uncounted(sys, () => replayUncounted(sys, transitions));
}

/** Runs `fn`, which calls the system, without counting coverage (see {@link System.withoutCoverage}). */
export function uncounted<T>(sys: System, fn: () => T): T {
  return sys.withoutCoverage ? sys.withoutCoverage(fn) : fn();
}

function replayUncounted(sys: System, transitions: readonly TransitionId[]): { initial: Uint16Array; steps: TraceStep[]; finding: Finding | null } {
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

/** Milliseconds between two readings of the clock during a search. */
const CHECK_MS = 20;
/** At most this many expansions between two readings (the cost of a reading is then negligible). */
const MAX_CHECK_EVERY = 1024;

/** A resumable exhaustive search. */
export class Explorer {
  private readonly store: StateStore;
  private readonly frontier: Frontier;
  private transitions = 0;
  private maxDepth = 0;
  private truncated = false;
  private readonly strategy: Strategy;
  private readonly t0 = performance.now();
  private readonly priorSeconds: number;
  private lastTick: number;
  /** Expansions left before the clock is read again (bounds, slices, progress, Ctrl-C). */
  private untilCheck = 1;
  private lastCheck = -1;
  private lastBudget = 1;
  private started = false;
  private done: CheckResult | null = null;

  constructor(
    private readonly sys: System,
    private readonly opts: ExploreOptions = {},
    resume?: SearchSnapshot,
  ) {
    this.strategy = resume?.strategy ?? opts.strategy ?? 'bfs';
    this.lastTick = this.t0;
    if (resume) {
      this.store = StateStore.import(resume.store);
      this.frontier = makeFrontier(this.strategy, sys.words);
      const w = sys.words;
      for (let i = 0; i < resume.frontier.ids.length; i++)
        this.frontier.push(resume.frontier.states.subarray(i * w, i * w + w), resume.frontier.ids[i], resume.frontier.depths[i]);
      this.transitions = resume.transitions;
      this.maxDepth = resume.maxDepth;
      this.truncated = resume.truncated;
      this.priorSeconds = resume.seconds;
      this.started = true;
    } else {
      this.store = new StateStore();
      this.frontier = makeFrontier(this.strategy, sys.words);
      this.priorSeconds = 0;
    }
  }

  /**
   * How many expansions to run before the clock is read again: about {@link CHECK_MS} worth at
   * the rate of the last ones, so that `--timeout` and Ctrl-C are seen within milliseconds
   * whether a state takes a microsecond to expand or a millisecond (a large zone).
   */
  private nextCheck(now: number): number {
    const spent = this.lastCheck < 0 ? 0 : now - this.lastCheck;
    this.lastCheck = now;
    const perExpansion = spent / this.lastBudget;
    this.lastBudget = perExpansion > 0 ? Math.max(1, Math.min(MAX_CHECK_EVERY, Math.floor(CHECK_MS / perExpansion))) : Math.min(MAX_CHECK_EVERY, this.lastBudget * 2);
    return this.lastBudget;
  }

  /** Figures so far. */
  stats(): SearchStats {
    const seconds = this.priorSeconds + (performance.now() - this.t0) / 1000;
    const n = this.store.size;
    return {
      states: n,
      transitions: this.transitions,
      depth: this.maxDepth,
      seconds,
      statesPerSecond: seconds > 0 ? Math.round(n / seconds) : 0,
      bytesPerState: n ? this.store.bytes / n : 0,
      collisionProbability: this.store.collisionProbability(),
    };
  }

  /** Progress figures now. */
  progress(): Progress {
    return { states: this.store.size, transitions: this.transitions, frontier: this.frontier.size, depth: this.maxDepth, seconds: this.stats().seconds };
  }

  /** A snapshot from which the search can continue (only between slices). */
  snapshot(): SearchSnapshot {
    return {
      strategy: this.strategy,
      words: this.sys.words,
      transitions: this.transitions,
      maxDepth: this.maxDepth,
      truncated: this.truncated,
      seconds: this.stats().seconds,
      store: this.store.export(),
      frontier: this.frontier.entries(),
    };
  }

  /** Stops the search now with status `bound` (interrupted), keeping the figures. */
  interrupt(): CheckResult {
    this.done = { status: 'bound', bound: 'interrupted', limit: 0, ...this.stats() };
    return this.done;
  }

  private pathTo(id: number, last: TransitionId[] = []): TransitionId[] {
    const trs: TransitionId[] = [];
    for (let i = id; this.store.parent(i) !== NO_PARENT; i = this.store.parent(i)) trs.push(this.store.transition(i));
    trs.reverse();
    return trs.concat(last);
  }

  private violation(id: number, last: TransitionId[], finding: Finding, atQuiescence: boolean): CheckResult {
    const r = replayPath(this.sys, this.pathTo(id, last));
    return { status: 'violation', finding, trace: r.steps, initial: r.initial, atQuiescence, ...this.stats() };
  }

  /**
   * Runs for at most `sliceMs` milliseconds. Returns the result when the search is over, or
   * null when there is more to do.
   */
  run(sliceMs = Infinity): CheckResult | null {
    if (this.done) return this.done;
    try {
      this.done = this.runSlice(sliceMs);
    } catch (e) {
      // An error in a variant's own code is the user's, not a result of the search: it leaves
      // with the place it happened (the state being expanded is the frontier's last popped).
      if (e instanceof UserCodeError) {
        locateUserCodeError(e, this.sys, this.store.size ? this.pathTo(this.frontier.id) : []);
        throw e;
      }
      this.done = { status: 'error', message: e instanceof Error ? e.message : String(e), ...this.stats() };
    }
    return this.done;
  }

  private runSlice(sliceMs: number): CheckResult | null {
    const { sys, store, frontier, opts } = this;
    const canon = sys.canonical?.bind(sys);
    const persistent = sys.persistent?.bind(sys);
    if (!this.started) {
      this.started = true;
      const init = sys.initial();
      const id0 = store.insert(sys.canonical ? sys.canonical(init) : init, NO_PARENT, 0);
      const f0 = sys.checkState(init) ?? opts.visit?.(init) ?? null;
      if (f0) return { status: 'violation', finding: f0, trace: [], initial: init, atQuiescence: false, ...this.stats() };
      frontier.push(init, id0, 0);
    }
    const sliceStart = performance.now();
    const maxStates = opts.maxStates ?? Infinity;
    const depthBound = opts.maxDepth ?? Infinity;

    // The state being expanded, and what its successors found: read by the visitors below,
    // which are made once (not per state: closures cost in the inner loop).
    let curId = 0;
    let d = 0;
    let result: CheckResult | null = null;
    let full = false;
    let accepted = false;
    const onSuccessor = (tr: TransitionId, next: Uint16Array, finding: Finding | null): boolean => {
      this.transitions++;
      if (finding) {
        result = this.violation(curId, [tr], finding, false);
        return false;
      }
      if (d >= depthBound) {
        // The successor lies beyond the depth bound: the search is not complete.
        this.truncated = true;
        return true;
      }
      // With a symmetry reduction the class representative decides "seen"; the state itself
      // is what the frontier keeps, so that recorded transitions replay from the initial state.
      const id = store.insert(canon ? canon(next) : next, curId, tr);
      if (id < 0) return true;
      const f = sys.checkState(next);
      if (f) {
        result = this.violation(curId, [tr], f, false);
        return false;
      }
      if (d + 1 > this.maxDepth) this.maxDepth = d + 1;
      frontier.push(next, id, d + 1);
      // After the push: the visitor may call the system, which may reuse `next`.
      const v = opts.visit?.(next);
      if (v) {
        result = this.violation(curId, [tr], v, false);
        return false;
      }
      // The state's expansion is finished past the bound: a checkpoint taken now must not hold a
      // half-expanded state (its other successors would be lost to a resumed search).
      if (store.size >= maxStates) full = true;
      return true;
    };
    // Cycle proviso of the partial-order reduction: a persistent successor already numbered no
    // later than the state itself could close a cycle of reduced steps that postpones the other
    // threads forever, so the state is expanded fully instead. On any cycle the state with the
    // largest id takes this branch (ids grow with discovery), so every cycle has a fully
    // expanded state.
    const onPersistent = (tr: TransitionId, next: Uint16Array, finding: Finding | null): boolean => {
      if (!finding && d < depthBound) {
        const seen = store.find(canon ? canon(next) : next);
        if (seen >= 0 && seen <= curId) return (accepted = false);
      }
      accepted = true;
      return onSuccessor(tr, next, finding);
    };

    while (frontier.size > 0) {
      // Bounds and slices are checked before popping, so that the frontier stays in order.
      if (--this.untilCheck === 0) {
        const now = performance.now();
        this.untilCheck = this.nextCheck(now);
        if (opts.timeoutSeconds !== undefined && this.stats().seconds >= opts.timeoutSeconds)
          return { status: 'bound', bound: 'timeout', limit: opts.timeoutSeconds, ...this.stats() };
        if (now - this.lastTick >= 1000) {
          this.lastTick = now;
          opts.onProgress?.(this.progress());
          if (opts.shouldStop?.()) return { status: 'bound', bound: 'interrupted', limit: 0, ...this.stats() };
        }
        if (now - sliceStart >= sliceMs) return null;
      }
      const cur = frontier.popView()!;
      curId = frontier.id;
      d = frontier.depth;
      const n = persistent !== undefined && persistent(cur, onPersistent) && accepted ? 1 : sys.successors(cur, onSuccessor);
      if (result) return result;
      if (full) return { status: 'bound', bound: 'maxStates', limit: maxStates, ...this.stats() };
      if (n === 0) {
        if (!sys.isIdle(cur)) {
          const r = replayPath(sys, this.pathTo(curId));
          return { status: 'deadlock', message: sys.describeDeadlock(cur), trace: r.steps, initial: r.initial, ...this.stats() };
        }
        const f = sys.checkQuiescent(cur);
        if (f) return this.violation(curId, [], f, true);
      }
    }
    if (this.truncated) return { status: 'bound', bound: 'maxDepth', limit: depthBound, ...this.stats() };
    return { status: 'ok', ...this.stats() };
  }
}

/** Runs an exhaustive search to its end (synchronously). */
export function explore(sys: System, opts: ExploreOptions = {}): CheckResult {
  return new Explorer(sys, opts).run()!;
}
