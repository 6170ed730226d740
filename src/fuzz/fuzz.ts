/**
 * A randomized campaign: fast-check draws one plan per run (see strategy.ts) from a seed, each
 * run executes at most `steps` steps with every step checked, the first failing run stops the
 * campaign (fast-check's own shrinking is off: it cannot shrink schedules) and is shrunk by the
 * three-phase shrinker. Every failure carries the `{seed, path}` that regenerates its run alone.
 *
 * Returns a typed {@link FuzzResult}; a model defect raised while running (a machine that loops
 * in one step) is an `error` result, never a finding.
 */
import fc from 'fast-check';
import type { Config } from '../config/schema.ts';
import { InternalError, UsageError } from '../util/unreachable.ts';
import { UserCodeError } from '../variant/overrides.ts';
import { NO_COVERAGE, mergeCoverage, type CoverageSummary } from '../coverage/summary.ts';
import { callCount, contextSwitches, execute, type Execution, type Failure } from './exec.ts';
import { PCT_STATED_DEPTH, pctDefaultDepth, pctGuarantee, type PctGuarantee } from './pct.ts';
import { runOnce } from './run.ts';
import { describeResize, type ConfigSystems } from './resize.ts';
import { shrink, DEFAULT_SHRINK_SECONDS, type ShrinkStats } from './shrink.ts';
import { Chooser, planArbitrary, type FuzzStrategy, type PlanShape } from './strategy.ts';
import { Steering } from './steer.ts';
import type { Schedulable } from './types.ts';

/** Defaults of every campaign setting. */
export const FUZZ_DEFAULTS = {
  strategy: 'random' as FuzzStrategy,
  runs: 100,
  steps: 1000,
  /** PCT depth when one is given for every run; without one, runs sweep 1..pctDefaultDepth(threads). */
  pctDepth: 3,
  shrinkTimeSeconds: DEFAULT_SHRINK_SECONDS,
  /** Uniform runs (from a fixed seed) that estimate PCT's k when it is not given. */
  calibrationRuns: 5,
} as const;

/** Settings of a campaign. Every bound has a default (see {@link FUZZ_DEFAULTS}). */
export interface FuzzOptions {
  readonly strategy?: FuzzStrategy;
  /** Runs to execute (fast-check's numRuns). */
  readonly runs?: number;
  /** fast-check seed (32-bit integer); default: drawn at random and reported. */
  readonly seed?: number;
  /** The run length bound: a run stops after this many steps even if it is not finished. */
  readonly steps?: number;
  /** PCT depth d: d-1 priority-change points per run (default: each run draws d in 1..{@link pctDefaultDepth}). */
  readonly pctDepth?: number;
  /**
   * Coverage-guided steering (steer.ts): later runs biased toward the preemption sites and calls
   * earlier runs of the campaign exercised least. Default: on for pct and swarm, off for random
   * (uniform by definition).
   */
  readonly steer?: boolean;
  /** PCT's k, the steps the change points are drawn from (default: the longest of a few uniform runs, at most `steps`). */
  readonly pctSteps?: number;
  /** fast-check path of one run to replay alone (with the same seed and settings). */
  readonly replayPath?: string;
  /** Stop the campaign after this many seconds (default: none); reported as a bound. */
  readonly timeLimitSeconds?: number;
  /** Shrink the first failure (default true). */
  readonly shrink?: boolean;
  readonly shrinkTimeSeconds?: number;
  /** Bound: steps shrinking's candidates may execute (default none; see ShrinkOptions.maxSteps). */
  readonly shrinkSteps?: number;
  /** Called after every run. */
  readonly onRun?: (done: number, steps: number) => void;
}

/** The campaign settings as resolved (defaults applied), echoed in reports. */
export interface FuzzSettings {
  readonly strategy: FuzzStrategy;
  readonly runs: number;
  readonly seed: number;
  readonly steps: number;
  readonly replayPath?: string;
  readonly timeLimitSeconds?: number;
  /** Each run draws its configuration within the limits of the campaign's. */
  readonly varyConfig: boolean;
  /** Coverage-guided steering was on (a replay needs the same). */
  readonly steer: boolean;
  /** PCT only: depth, k and the guarantee. */
  readonly pct?: PctGuarantee & { readonly kSource: 'given' | 'calibrated'; readonly depthSource: 'given' | 'swept' };
}

/** Figures of a campaign, whatever its outcome. */
export interface FuzzStats {
  /** Runs executed. */
  readonly runs: number;
  /** Steps executed over all runs. */
  readonly steps: number;
  /** Seconds of the runs (with PCT's calibration), not counting shrinking. */
  readonly seconds: number;
  /** Runs that reached a terminal state and passed its checks. */
  readonly quiescent: number;
  /** Runs stopped by the step bound before finishing (their last state is not checked for quiescence). */
  readonly stepBound: number;
  /** The longest run, in steps. */
  readonly longest: number;
}

/** A failing sequence in summary: its transitions, length, context switches and calls. */
export interface TraceShape {
  /** The system the execution runs on. */
  readonly system: Schedulable;
  readonly execution: Execution;
  readonly length: number;
  readonly contextSwitches: number;
  readonly calls: number;
}

/** The first failure of a campaign, before and after shrinking. */
export interface FuzzFailure {
  readonly failure: Failure;
  /** 1-based index of the failing run. */
  readonly run: number;
  /** fast-check path that regenerates the run (with the same seed). */
  readonly path: string;
  readonly seed: number;
  readonly original: TraceShape;
  /** The shrunk trace; equal to the original when shrinking is off. */
  readonly shrunk: TraceShape;
  /** Absent when shrinking is off. */
  readonly shrink?: ShrinkStats;
  /** With drawn configurations: the one the failing run drew, when it differs from the campaign's. */
  readonly drawn?: { readonly config: Config; readonly change: string };
  /** The configuration of the shrunk trace, when it differs from the campaign's (drawn, then shrunk). */
  readonly resized?: { readonly config: Config; readonly change: string };
}

/** The outcome of a campaign. */
export type FuzzResult = { readonly settings: FuzzSettings; readonly stats: FuzzStats; readonly coverage: CoverageSummary } & (
  | { readonly status: 'ok' }
  | { readonly status: 'failure'; readonly failure: FuzzFailure }
  | { readonly status: 'bound'; readonly bound: 'timeout'; readonly limit: number }
  | { readonly status: 'error'; readonly message: string }
);

/**
 * What a campaign explores: a schedulable system and MAX_PAGE_ORDER (the range of per-order
 * coverage). With `config` and `systems`, the shrinker may move a failure to a smaller
 * configuration; with `vary` too, each run draws its own configuration.
 */
export interface FuzzTarget {
  readonly system: Schedulable;
  readonly maxOrder: number;
  /** The configuration of `system`. */
  readonly config?: Config;
  /** Systems at other configurations (absent: the configuration never changes). */
  readonly systems?: ConfigSystems;
  /** Draw a configuration per run (built by `systems`; its MAX_PAGE_ORDER must stay `maxOrder`). */
  readonly vary?: fc.Arbitrary<Config>;
}

/** Whether a campaign of `strategy` is steered when not told (see {@link FuzzOptions.steer}). */
export function defaultSteer(strategy: FuzzStrategy): boolean {
  return strategy !== 'random';
}

/** Draws a steered replay may skip on its way to the replayed run (refused drawn configurations). */
const REPLAY_SKIP_MARGIN = 100_000;

/** The run index of a replay path of a steered campaign: one number (its runs are never shrunk by fast-check). */
function steeredReplayIndex(path: string): number {
  if (!/^\d+$/.test(path)) throw new UsageError(`--replay of a steered campaign takes the run number its failure printed (e.g. 17), got '${path}'`);
  return Number(path);
}

/** A fresh random seed for a campaign that was given none. */
export function randomSeed(): number {
  return (Math.random() * 0x80000000) | 0;
}

/**
 * PCT's k when not given: the longest of a few uniform random runs drawn from a fixed seed, so
 * that it depends only on the system and the step bound (a replay computes the same k).
 */
export function calibratePctSteps(sys: Schedulable, steps: number): number {
  const arb = planArbitrary({ strategy: 'random', threads: sys.threads.length, operations: sys.operations.length, pctDepth: 1, pctSteps: 1 });
  let longest = 1;
  for (const plan of fc.sample(arb, { seed: 0, numRuns: FUZZ_DEFAULTS.calibrationRuns })) {
    longest = Math.max(longest, runOnce(sys, new Chooser(sys, plan, 1), steps).trs.length);
  }
  return longest;
}

function shapeOf(sys: Schedulable, ex: Execution): TraceShape {
  return { system: sys, execution: ex, length: ex.trs.length, contextSwitches: contextSwitches(sys, ex.trs), calls: callCount(sys, ex.trs) };
}

/** Runs a campaign. */
export function fuzz(target: FuzzTarget, opts: FuzzOptions = {}): FuzzResult {
  const sys = target.system;
  const strategy = opts.strategy ?? FUZZ_DEFAULTS.strategy;
  const steps = opts.steps ?? FUZZ_DEFAULTS.steps;
  const seed = opts.seed ?? randomSeed();
  const runs = opts.runs ?? FUZZ_DEFAULTS.runs;
  // Without a depth, PCT sweeps depths 1..D per run, D from the system (pctDefaultDepth).
  const sweep = opts.pctDepth === undefined;
  const depth = opts.pctDepth ?? pctDefaultDepth(sys.threads.length);
  const steer = opts.steer ?? defaultSteer(strategy);
  const t0 = performance.now();
  let pct: FuzzSettings['pct'];
  if (strategy === 'pct') {
    const k = opts.pctSteps ?? calibratePctSteps(sys, steps);
    const g = sweep ? pctGuarantee(sys.threads.length, k, Math.min(PCT_STATED_DEPTH, depth), runs, depth) : pctGuarantee(sys.threads.length, k, depth, runs);
    pct = { ...g, kSource: opts.pctSteps === undefined ? 'calibrated' : 'given', depthSource: sweep ? 'swept' : 'given' };
  }
  const settings: FuzzSettings = {
    strategy,
    runs,
    seed,
    steps,
    varyConfig: target.vary !== undefined,
    steer,
    ...(opts.replayPath !== undefined ? { replayPath: opts.replayPath } : {}),
    ...(opts.timeLimitSeconds !== undefined ? { timeLimitSeconds: opts.timeLimitSeconds } : {}),
    ...(pct ? { pct } : {}),
  };
  const shape: PlanShape = { strategy, threads: sys.threads.length, operations: sys.operations.length, pctDepth: depth, pctSweep: sweep, pctSteps: pct?.k ?? steps };
  let coverage: CoverageSummary = NO_COVERAGE;
  let done = 0;
  let total = 0;
  let quiescent = 0;
  let stepBound = 0;
  let longest = 0;
  type Failing = { trs: readonly number[]; failure: Failure; sys: Schedulable; config: Config | null };
  let failing: Failing | null = null;
  let crash: unknown = null;

  const { vary, systems } = target;
  if (vary && !systems) throw new InternalError('a campaign that draws configurations needs their systems');
  const steering = steer ? new Steering(pct?.k ?? steps) : null;
  // A steered run depends on the runs before it: its replay executes them again, unreported.
  const replayIndex = steering && opts.replayPath !== undefined ? steeredReplayIndex(opts.replayPath) : -1;
  let index = -1;
  let prefixMs = 0;
  const arbitrary = fc.record({ config: vary ?? fc.constant(null), plan: planArbitrary(shape) });
  const property = fc.property(arbitrary, ({ config, plan }) => {
    // fast-check's path counts every value it draws, skipped ones included: so does this index.
    index++;
    const runSys = config ? systems!.build(config) : sys;
    // A drawn configuration the model refuses is skipped, not a failure.
    fc.pre(runSys !== null);
    const recorder = runSys.collectCoverage?.(true) ?? null;
    const chooser = new Chooser(runSys, plan, depth, steering ? steering.run(runSys, recorder) : null);
    if (index < replayIndex) {
      const p0 = performance.now();
      try {
        runOnce(runSys, chooser, steps);
      } finally {
        runSys.collectCoverage?.(false);
        // The replay's figures are the replayed run's: the runs before it are not timed.
        prefixMs += performance.now() - p0;
      }
      return true;
    }
    try {
      const out = runOnce(runSys, chooser, steps);
      done++;
      total += out.trs.length;
      longest = Math.max(longest, out.trs.length);
      if (out.end === 'quiescent') quiescent++;
      if (out.end === 'steps') stepBound++;
      opts.onRun?.(done, total);
      // The replayed run is the last one, whatever its outcome.
      if (!out.failure) return index !== replayIndex;
      failing = { trs: out.trs, failure: out.failure, sys: runSys, config };
      return false;
    } catch (e) {
      crash = e;
      return false;
    } finally {
      if (recorder) coverage = mergeCoverage(coverage, recorder.summary());
      runSys.collectCoverage?.(false);
    }
  });
  const details = fc.check(property, {
    seed,
    // A steered replay runs from the first run to the replayed one (skipped draws included).
    numRuns: replayIndex >= 0 ? replayIndex + 1 + REPLAY_SKIP_MARGIN : runs,
    endOnFailure: true,
    ...(opts.replayPath !== undefined && replayIndex < 0 ? { path: opts.replayPath } : {}),
    ...(opts.timeLimitSeconds !== undefined ? { plugins: [fc.interruptAfterTimeLimit(opts.timeLimitSeconds * 1000)] } : {}),
  });
  // Shrinking is timed on its own (ShrinkStats); the campaign's seconds end with the runs.
  const seconds = (performance.now() - t0 - prefixMs) / 1000;
  const stats = (): FuzzStats => ({ runs: done, steps: total, seconds, quiescent, stepBound, longest });
  const base = { settings, coverage };
  if (crash !== null) {
    if (crash instanceof UserCodeError && details.counterexamplePath !== null) crash.rerunOptions = { '--seed': String(seed), '--replay': details.counterexamplePath };
    if (crash instanceof InternalError || crash instanceof UserCodeError) throw crash;
    return { ...base, status: 'error', message: crash instanceof Error ? crash.message : String(crash), stats: stats() };
  }
  // Assigned inside the property: the compiler cannot see it.
  const found = failing as Failing | null;
  if (found && details.failed && details.counterexamplePath !== null) {
    const original = execute(found.sys, found.trs, false);
    // The run is deterministic: re-executing its own transitions must fail the same way.
    if (!original || !original.failure) throw new InternalError('a failing run did not fail when re-executed');
    const drawn = found.config ?? target.config;
    let shrunk = shapeOf(found.sys, original);
    let shrinkStats: ShrinkStats | undefined;
    let final = drawn;
    if (opts.shrink ?? true) {
      const space = drawn && target.systems ? target.systems.space(drawn) : undefined;
      const r = shrink(found.sys, original, { timeLimitSeconds: opts.shrinkTimeSeconds ?? FUZZ_DEFAULTS.shrinkTimeSeconds, maxSteps: opts.shrinkSteps, configs: space });
      shrunk = shapeOf(r.system, r.execution);
      shrinkStats = r.stats;
      final = r.config ?? drawn;
    }
    const path = details.counterexamplePath;
    const described = (c: Config | undefined) => (c && target.config && JSON.stringify(c) !== JSON.stringify(target.config) ? { config: c, change: describeResize(target.config, c) } : undefined);
    const drawnAt = found.config ? described(found.config) : undefined;
    const resized = described(final);
    const failure: FuzzFailure = {
      failure: shrunk.execution.failure!,
      run: Number(path.split(':')[0]) + 1,
      path,
      seed,
      original: shapeOf(found.sys, original),
      shrunk,
      ...(shrinkStats ? { shrink: shrinkStats } : {}),
      ...(drawnAt ? { drawn: drawnAt } : {}),
      ...(resized ? { resized } : {}),
    };
    return { ...base, status: 'failure', failure, stats: stats() };
  }
  if (details.interrupted && opts.timeLimitSeconds !== undefined) return { ...base, status: 'bound', bound: 'timeout', limit: opts.timeLimitSeconds, stats: stats() };
  return { ...base, status: 'ok', stats: stats() };
}
