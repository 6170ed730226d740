/**
 * The contract of the differential check (`pagecheck validate`): what a {@link System} must offer
 * so that one operation can be run to completion in isolation on two variants of a model, from
 * the same state, and the results compared; and the typed result of the check.
 *
 * Nothing here knows about pages: a model says which words a caller can observe, how two
 * observations differ in its own terms, and which cost counters it keeps.
 */
import type { CheckResult, Finding, StepInfo, System, TransitionId } from '../engine/types.ts';
import type { RunCosts } from './runs.ts';
import type { CoverageRecorder } from '../coverage/recorder.ts';
import type { CoverageSummary } from '../coverage/summary.ts';

/** A cost counter a model keeps outside its states: a stable key and what it counts. */
export interface CostCounter {
  readonly key: string;
  readonly label: string;
}

/**
 * A system whose operations can be run one at a time. Two variants of one model built at one
 * configuration must share their state layout, transition ids and operations, so that a state of
 * one is a state of the other (every thread but the one running is left where it is).
 */
export interface IsolatableSystem extends System {
  /** The transitions enabled in `s` that start an operation. */
  startTransitions(s: Uint16Array): TransitionId[];
  /** The thread a transition moves. */
  threadOf(tr: TransitionId): number;
  /** The transition "thread t takes its next step inside its operation". */
  stepTransition(t: number): TransitionId;
  /** True when thread t is not inside an operation in `s`. */
  threadIdle(s: Uint16Array, t: number): boolean;
  /** The operation a start transition starts, by name (the cost table's row), e.g. `alloc_pages`. */
  operationName(tr: TransitionId): string;
  /**
   * The part of `s` an isolated run of any thread depends on (the shared kernel state, not the
   * other threads' private registers): runs from states with equal keys are the same run.
   */
  isolationKey(s: Uint16Array): Uint16Array;
  /**
   * Where thread t waits in `s` (it cannot move) and who holds the locks. Only t's own label is
   * named: in a differential check the other threads may stand in the other variant's machines.
   */
  describeWait(s: Uint16Array, t: number): string;
  /** The words of `s` a caller can observe after an operation returns. */
  observe(s: Uint16Array): Uint16Array;
  /** How two observations differ, one entry per differing field, in the model's terms. */
  describeDifference(before: Uint16Array, after: Uint16Array): FieldDifference[];
  /** The cost counters, in report order. */
  readonly costCounters: readonly CostCounter[];
  /** The operations' names, as steps report them (StepInfo.op). */
  readonly operations: readonly string[];
  /** Zeroes every cost counter. */
  resetCost(): void;
  /** Optional: starts (true) or stops counting coverage (src/coverage); see {@link System.withoutCoverage}. */
  collectCoverage?(on: boolean): CoverageRecorder | null;
  /** The counters' values since the last reset, in {@link costCounters} order. */
  readCost(): readonly number[];
}

/** One observable field that differs between two runs. */
export interface FieldDifference {
  /** The field, in the model's terms (e.g. `free_area[0].free_list[MOVABLE]`). */
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

/** One step of an isolated run, with the state after it. */
export interface RunStep {
  readonly key: string;
  readonly info: StepInfo;
  readonly state: Uint16Array;
}

/** How an operation run in isolation ended. */
export type RunOutcome =
  /** The operation returned; `observation` is what a caller can see. */
  | { readonly kind: 'returned'; readonly observation: Uint16Array }
  /** A step raised a property finding. */
  | { readonly kind: 'finding'; readonly finding: Finding }
  /** The thread cannot move (it waits on a lock another, frozen, thread holds). */
  | { readonly kind: 'blocked'; readonly at: string }
  /** The operation did not return within the step bound. */
  | { readonly kind: 'no-return'; readonly steps: number }
  /** The variant does not offer this operation here. */
  | { readonly kind: 'not-enabled' };

/** One variant's isolated run, with its steps (kept only for a divergence report). */
export interface IsolatedRun {
  readonly outcome: RunOutcome;
  readonly steps: readonly RunStep[];
  readonly final: Uint16Array;
  /** Cost counters of the run, in {@link IsolatableSystem.costCounters} order. */
  readonly cost: readonly number[];
}

/** The first operation whose isolated runs differ. */
export interface Divergence {
  /** Key of the transition that starts the operation, e.g. `cpu0 alloc_pages(order=0, mt=UNMOVABLE, comp=0)`. */
  readonly start: string;
  readonly operation: string;
  /** The state both runs start from, and the path to it (a trace of the after variant). */
  readonly from: Uint16Array;
  readonly before: IsolatedRun;
  readonly after: IsolatedRun;
  /** What differs for the caller. */
  readonly differences: readonly FieldDifference[];
}

/** Totals of the counters over some runs. */
export interface CostTotals {
  readonly runs: number;
  /** Before and after, in counter order. */
  readonly before: readonly number[];
  readonly after: readonly number[];
}

/** Cost of one operation on both variants, summed over its distinct isolated runs. */
export interface OperationCost extends CostTotals {
  readonly operation: string;
  /** The same totals over only the runs where some counter differs between the variants. */
  readonly differing: CostTotals;
}

/** The result of a differential check. */
export interface DifferentialResult {
  /**
   * The exploration of the after variant under every property. A divergence ends it as a
   * `violation` whose finding has code `divergence` and whose trace is the path to the diverging
   * state followed by the after variant's isolated run.
   */
  readonly exploration: CheckResult;
  readonly divergence: Divergence | null;
  /** True when the exploration was complete, every property held and no operation diverged. */
  readonly equivalent: boolean;
  /** Distinct isolated comparisons made. */
  readonly comparisons: number;
  readonly counters: readonly CostCounter[];
  /** Per operation, in the order first met. */
  readonly cost: readonly OperationCost[];
  /**
   * What the exploration of the after variant exercised (its transitions only: the isolated
   * runs compared in each state are not counted); absent when the system counts no coverage.
   */
  readonly coverage?: CoverageSummary;
}

/** The finding code of a divergence (not a property: the two variants disagree). */
export const DIVERGENCE = 'divergence';

/** One operation's cost in each variant, over that variant's own runs (`validate --separately`). */
export interface SeparateCost {
  readonly operation: string;
  /** Isolated runs of the operation in each variant (one per distinct state it may start in). */
  readonly beforeRuns: number;
  readonly afterRuns: number;
  /** Totals, in counter order. */
  readonly before: readonly number[];
  readonly after: readonly number[];
}

/**
 * Two variants costed each over its own reachable states, without comparing them: for an after
 * variant that changes on purpose what callers observe (a new placement policy), where running
 * both from the same state would only report that they differ. Each variant is explored under
 * every property.
 */
export interface SeparateResult {
  readonly before: CheckResult;
  readonly after: CheckResult;
  readonly counters: readonly CostCounter[];
  /** Per operation, in the order first met (the after variant's, then any only the before variant runs). */
  readonly cost: readonly SeparateCost[];
  /** Each variant's cost per complete run of the scenario, pagesets drained at the end (see ./runs.ts). */
  readonly runs: { readonly before: RunCosts; readonly after: RunCosts };
}

/** The pseudo-operation that costs a complete run's end: bringing its final state to quiescence. */
export const AT_END = 'drain at the end';
