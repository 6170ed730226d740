/**
 * The contract between the explorer and a model: a {@link System} enumerates transitions over
 * packed states, and the explorer returns a typed {@link CheckResult}. Nothing here knows about
 * pages or CPUs; the model's findings travel as {@link Finding} values.
 */

/** A property violation found in the model: what a kernel developer would call a bug. */
export interface Finding {
  /** Stable property code, e.g. `P1`. */
  readonly code: string;
  /** One line naming the pfns, orders, CPUs and kernel path involved. */
  readonly message: string;
  /** What usually causes it and where to look. */
  readonly hint?: string;
  readonly pfns?: readonly number[];
  readonly orders?: readonly number[];
  readonly cpus?: readonly number[];
}

/** Transition identifiers are small integers chosen by the system; the explorer stores them in parent links. */
export type TransitionId = number;

/**
 * Callback receiving each successor of a state. `next` is a scratch buffer owned by the system:
 * it is only valid during the call. Return `false` to stop the enumeration early.
 */
export type SuccessorVisitor = (tr: TransitionId, next: Uint16Array, finding: Finding | null) => boolean;

/** What a single transition did, as needed by counterexample reports and replays. */
export interface StepInfo {
  /** The thread that moved, e.g. `cpu0` or `cpu1/irq`. */
  readonly thread: string;
  readonly cpu: number;
  /** The operation (top-level kernel path) the thread is running, e.g. `__free_pages`. */
  readonly op: string;
  /** Arguments of the operation, by name. */
  readonly args: Readonly<Record<string, number | string>>;
  /** Label (dotted machine path) the step started from, and the kernel function it belongs to. */
  readonly from: string;
  readonly fn: string;
  /** Label the thread rests at after the step, or `return` when the operation finished. */
  readonly to: string;
  /** Names of the actions executed, in order. */
  readonly actions: readonly string[];
  /** True when this step started the operation. */
  readonly starts: boolean;
}

/** A model reduced to what an explicit-state explorer needs. All methods are pure in their inputs. */
export interface System {
  /** Length of every state vector, in 16-bit words. */
  readonly words: number;
  /** The initial state (a fresh array). */
  initial(): Uint16Array;
  /**
   * An upper bound of the transition ids (every id is below it), which also bounds the
   * successors of one state. Absent when unknown.
   */
  readonly transitionCount?: number;
  /**
   * Enumerates the enabled transitions of `s`, writing each successor into a scratch buffer, in
   * increasing transition id (the parallel search orders its levels as the sequential one by it).
   * A transition whose step raised a finding (for example a double free caught at the free) is
   * still reported, with the finding.
   * @returns the number of transitions visited
   */
  successors(s: Uint16Array, visit: SuccessorVisitor): number;
  /** Applies one transition; `null` when it is not enabled in `s`. */
  apply(s: Uint16Array, tr: TransitionId): { next: Uint16Array; finding: Finding | null; info: StepInfo } | null;
  /** Checks every state invariant; the first violated one, or null. */
  checkState(s: Uint16Array): Finding | null;
  /** True when no thread is inside an operation (a state with no successors is then terminal, not a deadlock). */
  isIdle(s: Uint16Array): boolean;
  /** Checks the properties that must hold when everything is done (for example full merging). */
  checkQuiescent(s: Uint16Array): Finding | null;
  /** Describes why a non-idle state with no successors is stuck (who waits on what). */
  describeDeadlock(s: Uint16Array): string;
  /** One line picturing the state (the memory map of a counterexample). */
  render(s: Uint16Array): string;
  /** A stable, human-readable key of a transition for trace files: `cpu0 start alloc_pages order=1` or `cpu0 step`. */
  transitionKey(tr: TransitionId): string;
  /** Inverse of {@link transitionKey}; undefined for a key this system does not know. */
  transitionFromKey(key: string): TransitionId | undefined;
  /**
   * The representative of the state's symmetry class (for example the smallest encoding over
   * permutations of identical CPUs), used only to decide whether a state was seen: the explorer
   * stores and expands the states themselves. Returns `s` itself or a scratch buffer valid until
   * the next call; the caller must not write to it. Absent when the system has no symmetry
   * reduction enabled.
   */
  canonical?(s: Uint16Array): Uint16Array;
  /**
   * Partial-order reduction: when one enabled transition of `s` forms a persistent set on its
   * own (nothing any other thread can do before it depends on it), visits that transition's
   * successor, as {@link successors} would, and returns true; returns false without visiting
   * when `s` must be expanded fully. The explorer still expands fully when the visitor refuses
   * the successor (returns false): that is its cycle proviso. Absent when the system has no
   * partial-order reduction enabled.
   */
  persistent?(s: Uint16Array, visit: SuccessorVisitor): boolean;
  /**
   * Runs `fn` without counting coverage (src/coverage): the explorer re-executes a
   * counterexample's transitions through it, so that a replay is not counted as exploration.
   * Absent when the system counts no coverage.
   */
  withoutCoverage?<T>(fn: () => T): T;
}

/** Bounds of a search. Each one, when reached, ends the search with status `bound`. */
export interface Bounds {
  /** Stop after this many distinct states (default: unbounded). */
  readonly maxStates?: number;
  /** Do not expand states deeper than this (default: unbounded). */
  readonly maxDepth?: number;
  /** Stop after this many seconds (default: unbounded). */
  readonly timeoutSeconds?: number;
}

/** Figures of a search, reported whatever its outcome. */
export interface SearchStats {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  /** Bytes per stored state, counted over the visited-state store. */
  readonly bytesPerState: number;
  /** Upper estimate of the probability that two distinct states shared a 64-bit fingerprint. */
  readonly collisionProbability: number;
}

/** One step of a counterexample: what moved, and the state after it. */
export interface TraceStep {
  readonly index: number;
  readonly key: string;
  readonly info: StepInfo;
  readonly state: Uint16Array;
}

/** The outcome of a search: exactly one of ok, violation, deadlock, bound or error. */
export type CheckResult =
  | ({ readonly status: 'ok' } & SearchStats)
  | ({ readonly status: 'violation'; readonly finding: Finding; readonly trace: readonly TraceStep[]; readonly initial: Uint16Array; readonly atQuiescence: boolean } & SearchStats)
  | ({ readonly status: 'deadlock'; readonly message: string; readonly trace: readonly TraceStep[]; readonly initial: Uint16Array } & SearchStats)
  | ({ readonly status: 'bound'; readonly bound: 'maxStates' | 'maxDepth' | 'timeout' | 'interrupted'; readonly limit: number } & SearchStats)
  | ({ readonly status: 'error'; readonly message: string } & SearchStats);
