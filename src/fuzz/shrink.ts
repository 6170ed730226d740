/**
 * Shrinking a failing run to a minimal interleaving, in three phases, each run to a fixed point,
 * and the three repeated while any of them still makes progress:
 *
 * 1. **operations**: fewer calls. First smaller workloads (fewer CPUs, fewer calls per CPU,
 *    fewer kinds of calls), when a {@link ConfigSpace} is given; then remove calls (a call is the
 *    step that starts an operation and every later step of that thread until its next call),
 *    delta-debugging style: halves, then quarters, ..., then single calls.
 * 2. **schedule**: at the same length, fewer context switches: move a block of consecutive steps
 *    of one thread next to that thread's previous or next block (or one step of it), or after the
 *    failing step.
 * 3. **arguments**: the same call on the same thread with smaller arguments (orders, pfns: the
 *    numeric arguments' sum, then the system's own argument order); a thread's calls moved to a
 *    lower-numbered idle thread; then configurations with fewer argument values and sections.
 *
 * Candidates are executed leniently, twice: once dropping the steps that no longer apply, once
 * first redirecting a call whose arguments named a block that now lies elsewhere (see
 * {@link ArgRenaming}); the smaller of the two is the candidate.
 * A candidate is kept only when it ends in the same failure (the same property code, or a
 * deadlock) and is smaller in the order (length, context switches, configuration size, argument
 * size, thread numbers): the result is never longer than the original and shrinking always ends.
 * A time limit bounds the whole; when it is reached the result is the smallest found so far and is
 * reported as not minimal.
 */
import type { TransitionId } from '../engine/types.ts';
import { ArgRenaming, contextSwitches, execute, failureKind, type Execution } from './exec.ts';
import { enabledIn, type Schedulable } from './types.ts';

/** The three phases. */
export type ShrinkPhase = 'operations' | 'schedule' | 'arguments';

/**
 * Smaller configurations the shrinker may move the failure to. The trace moves with it by
 * transition key; keys the smaller system does not have are dropped.
 */
export interface ConfigSpace<C> {
  readonly initial: C;
  /** Candidates one step smaller than `c`, each tagged with the phase it belongs to. */
  smaller(c: C): readonly { readonly config: C; readonly phase: ShrinkPhase }[];
  /** The size minimised; strictly lower for every candidate of {@link smaller}. */
  weight(c: C): number;
  /** The system of a configuration, or null when the model refuses it. */
  build(c: C): Schedulable | null;
}

/** Options of a shrink. */
export interface ShrinkOptions<C> {
  /** Wall-clock limit in seconds (default {@link DEFAULT_SHRINK_SECONDS}). */
  readonly timeLimitSeconds?: number;
  /**
   * A bound on the steps executed by candidates (default: none). Unlike the time limit it stops
   * at the same candidate on every machine and under any load, so a campaign that must print
   * the same result everywhere (the suite's) bounds shrinking by it.
   */
  readonly maxSteps?: number;
  /** Smaller configurations to try (absent: the configuration stays). */
  readonly configs?: ConfigSpace<C>;
}

/** What shrinking did. */
export interface ShrinkStats {
  readonly seconds: number;
  /** Candidates executed. */
  readonly attempts: number;
  /** Candidates kept, per phase. */
  readonly kept: Readonly<Record<ShrinkPhase, number>>;
  /** Rounds of the three phases. */
  readonly rounds: number;
  /** True when every phase reached its fixed point; false when a limit stopped shrinking. */
  readonly complete: boolean;
  readonly timeLimitSeconds: number;
  /** Steps executed by candidates. */
  readonly steps: number;
  /** The bound on steps executed, if one was given. */
  readonly maxSteps?: number;
  /** Which limit stopped shrinking, when one did. */
  readonly stoppedBy?: 'time' | 'steps';
}

/** The smallest failing execution found, on the system (and configuration) it runs on. */
export interface ShrinkResult<C> {
  readonly execution: Execution;
  readonly system: Schedulable;
  /** The configuration of `system` (the initial one of the space, or a smaller one); undefined without a space. */
  readonly config: C | undefined;
  readonly stats: ShrinkStats;
}

/** Default shrink time limit, in seconds. */
export const DEFAULT_SHRINK_SECONDS = 30;

/** Lexicographic order of measures and argument keys. */
function less(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** Sum of the numeric arguments of a call. */
function argSum(args: Readonly<Record<string, number | string>>): number {
  let n = 0;
  for (const v of Object.values(args)) if (typeof v === 'number') n += v;
  return n;
}

class Shrinker<C> {
  sys: Schedulable;
  config: C | undefined;
  best: Execution;
  private bestMeasure: readonly number[];
  attempts = 0;
  timedOut = false;
  steps = 0;
  stoppedBy: 'time' | 'steps' | undefined;
  readonly kept: Record<ShrinkPhase, number> = { operations: 0, schedule: 0, arguments: 0 };
  private readonly kind: string;
  /** Argument tuples by transition of the current system, as seen in executions (for {@link ArgRenaming}). */
  private args = new Map<TransitionId, Readonly<Record<string, number | string>>>();

  constructor(
    sys: Schedulable,
    start: Execution,
    private readonly deadline: number,
    private readonly space: ConfigSpace<C> | undefined,
    private readonly maxSteps = Infinity,
  ) {
    this.sys = sys;
    this.config = space?.initial;
    this.best = start;
    this.remember(start);
    this.bestMeasure = this.measure(sys, start, this.config);
    // The caller passes a failing execution.
    this.kind = failureKind(start.failure!);
  }

  private remember(ex: Execution): void {
    ex.trs.forEach((tr, i) => this.args.set(tr, ex.infos[i].args));
  }

  private measure(sys: Schedulable, ex: Execution, config: C | undefined): number[] {
    let sum = 0;
    let ids = 0;
    let threads = 0;
    ex.trs.forEach((tr, i) => {
      threads += sys.threadOf(tr);
      if (sys.operationOf(tr) < 0) return;
      sum += argSum(ex.infos[i].args);
      ids += tr;
    });
    const weight = this.space && config !== undefined ? this.space.weight(config) : 0;
    return [ex.trs.length, contextSwitches(sys, ex.trs), weight, sum, threads, ids];
  }

  /**
   * Executes a candidate (on another configuration's system when `to` is given, the trace moved
   * by transition key: the steps of a thread the smaller system lacks are dropped, or with `fold`
   * given to thread `t mod n`); keeps it when it fails the same way and is smaller.
   */
  private attempt(trs: readonly TransitionId[], phase: ShrinkPhase, to?: { sys: Schedulable; config: C; fold: boolean }): boolean {
    if (this.timedOut) return false;
    if (this.steps + trs.length > this.maxSteps || performance.now() > this.deadline) {
      this.timedOut = true;
      this.stoppedBy = this.steps + trs.length > this.maxSteps ? 'steps' : 'time';
      return false;
    }
    this.steps += trs.length;
    this.attempts++;
    const sys = to?.sys ?? this.sys;
    let cand = trs;
    let args = this.args;
    if (to) {
      const moved: TransitionId[] = [];
      args = new Map();
      trs.forEach((tr) => {
        const key = this.sys.transitionKey(tr);
        let id = sys.transitionFromKey(key);
        if (id === undefined && to.fold) {
          const t = this.sys.threadOf(tr);
          id = sys.transitionFromKey(sys.threads[t % sys.threads.length] + key.slice(this.sys.threads[t].length));
        }
        if (id === undefined) return;
        moved.push(id);
        const a = this.args.get(tr);
        if (a) args.set(id, a);
      });
      cand = moved;
    }
    // Dropping the steps that no longer apply, or redirecting them first: whichever is smaller.
    const config = to ? to.config : this.config;
    let ex: Execution | null = null;
    let m: number[] | null = null;
    for (const renaming of [new ArgRenaming(sys, args), undefined]) {
      const e = execute(sys, cand, true, renaming);
      if (!e || !e.failure || failureKind(e.failure) !== this.kind) continue;
      const em = this.measure(sys, e, config);
      if (!m || less(em, m)) [ex, m] = [e, em];
    }
    if (!ex || !m || !less(m, this.bestMeasure)) return false;
    if (to) {
      this.sys = to.sys;
      this.config = to.config;
      this.args = args;
    }
    this.remember(ex);
    this.best = ex;
    this.bestMeasure = m;
    this.kept[phase]++;
    return true;
  }

  /** Moves the failure to a smaller configuration of this phase; true when one was kept. */
  private resize(phase: ShrinkPhase): boolean {
    if (!this.space || this.config === undefined) return false;
    let changed = false;
    for (let progress = true; progress && !this.timedOut; ) {
      progress = false;
      for (const c of this.space.smaller(this.config)) {
        if (c.phase !== phase) continue;
        const sys = this.space.build(c.config);
        if (sys && (this.attempt(this.best.trs, phase, { sys, config: c.config, fold: false }) || this.attempt(this.best.trs, phase, { sys, config: c.config, fold: true }))) {
          progress = changed = true;
          break;
        }
      }
    }
    return changed;
  }

  /** The calls of the best execution: for each, the indices of its steps. */
  private calls(): number[][] {
    const groups: number[][] = [];
    const open = new Map<number, number[]>();
    this.best.trs.forEach((tr, i) => {
      const t = this.sys.threadOf(tr);
      let g = open.get(t);
      if (this.sys.operationOf(tr) >= 0 || !g) {
        g = [];
        groups.push(g);
        open.set(t, g);
      }
      g.push(i);
    });
    return groups;
  }

  /** Phase 1: smaller workloads, then remove calls, larger chunks first. */
  operations(): boolean {
    let changed = this.resize('operations');
    let n = 2;
    while (!this.timedOut) {
      const calls = this.calls();
      if (calls.length === 0) break;
      n = Math.min(n, calls.length);
      const chunk = Math.ceil(calls.length / n);
      let progress = false;
      for (let from = 0; from < calls.length && !progress; from += chunk) {
        const drop = new Set(calls.slice(from, from + chunk).flat());
        progress = this.attempt(
          this.best.trs.filter((_, i) => !drop.has(i)),
          'operations',
        );
      }
      if (progress) {
        changed = true;
        n = Math.max(n - 1, 2);
      } else if (chunk === 1) break;
      else n = Math.min(n * 2, calls.length);
    }
    return changed;
  }

  /** Phase 2: fewer context switches, by moving blocks of one thread next to each other. */
  schedule(): boolean {
    let changed = false;
    for (let progress = true; progress && !this.timedOut; ) {
      progress = false;
      const trs = this.best.trs;
      const blocks: { t: number; start: number; end: number }[] = [];
      trs.forEach((tr, i) => {
        const t = this.sys.threadOf(tr);
        const last = blocks[blocks.length - 1];
        if (last && last.t === t) last.end = i + 1;
        else blocks.push({ t, start: i, end: i + 1 });
      });
      // Moves trs[from, to) so that it starts at index `at` of the sequence without it.
      const move = (from: number, to: number, at: number): TransitionId[] => {
        const piece = trs.slice(from, to);
        const rest = [...trs.slice(0, from), ...trs.slice(to)];
        return [...rest.slice(0, at), ...piece, ...rest.slice(at)];
      };
      outer: for (let a = 0; a < blocks.length; a++) {
        const A = blocks[a];
        const b = blocks.findIndex((x, j) => j > a && x.t === A.t);
        let candidates: TransitionId[][];
        if (b >= 0) {
          const B = blocks[b];
          const gap = B.start - A.end;
          candidates = [
            move(B.start, B.end, A.end), // B right after A
            move(A.start, A.end, B.start - (A.end - A.start)), // A right before B
            move(B.start, B.start + 1, A.end), // B's first step right after A
            move(A.end - 1, A.end, A.end - 1 + gap), // A's last step right before B
          ];
        } else if (a < blocks.length - 1) {
          // The thread's last block: after the failing step it no longer runs at all.
          candidates = [move(A.start, A.end, trs.length - (A.end - A.start)), move(A.end - 1, A.end, trs.length - 1)];
        } else continue;
        for (const c of candidates)
          if (this.attempt(c, 'schedule')) {
            progress = changed = true;
            break outer;
          }
      }
    }
    return changed;
  }

  /** Phase 3: smaller arguments, lower-numbered threads, fewer sections. */
  arguments(): boolean {
    let changed = false;
    for (let progress = true; progress && !this.timedOut; ) {
      progress = this.smallerArguments() || this.lowerThreads() || this.resize('arguments');
      changed ||= progress;
    }
    return changed;
  }

  /** The first call that takes smaller arguments (same operation, same thread). */
  private smallerArguments(): boolean {
    const { trs, states, infos } = this.best;
    for (let i = 0; i < trs.length; i++) {
      const cur = trs[i];
      const op = this.sys.operationOf(cur);
      if (op < 0) continue;
      const t = this.sys.threadOf(cur);
      const curKey = [argSum(infos[i].args), cur];
      const alts = enabledIn(this.sys, states[i]).filter((tr) => tr !== cur && this.sys.threadOf(tr) === t && this.sys.operationOf(tr) === op);
      const smaller = alts
        .map((tr) => {
          const r = this.sys.apply(states[i], tr);
          return { tr, key: [r ? argSum(r.info.args) : Infinity, tr] };
        })
        .filter((x) => less(x.key, curKey))
        .sort((x, y) => (less(x.key, y.key) ? -1 : 1));
      for (const alt of smaller) {
        const c = trs.slice();
        c[i] = alt.tr;
        if (this.attempt(c, 'arguments')) return true;
      }
    }
    return false;
  }

  /** Every step of one thread moved to a lower-numbered thread the trace does not use. */
  private lowerThreads(): boolean {
    const names = this.sys.threads;
    const used = new Set(this.best.trs.map((tr) => this.sys.threadOf(tr)));
    for (const t of [...used].sort((a, b) => b - a))
      for (let u = 0; u < t; u++) {
        if (used.has(u)) continue;
        const c: TransitionId[] = [];
        for (const tr of this.best.trs) {
          const key = this.sys.transitionKey(tr);
          const id = this.sys.threadOf(tr) === t ? this.sys.transitionFromKey(names[u] + key.slice(names[t].length)) : tr;
          if (id !== undefined) c.push(id);
        }
        if (this.attempt(c, 'arguments')) return true;
      }
    return false;
  }
}

/**
 * Shrinks a failing execution of `sys`. `start` must end in a failure; the result ends in the
 * same kind of failure and is never larger.
 */
export function shrink<C>(sys: Schedulable, start: Execution, opts: ShrinkOptions<C> = {}): ShrinkResult<C> {
  const limit = opts.timeLimitSeconds ?? DEFAULT_SHRINK_SECONDS;
  const t0 = performance.now();
  const s = new Shrinker(sys, start, t0 + limit * 1000, opts.configs, opts.maxSteps);
  let rounds = 0;
  for (let again = true; again && !s.timedOut; ) {
    rounds++;
    const a = s.operations();
    const b = s.schedule();
    const c = s.arguments();
    again = a || b || c;
  }
  return {
    execution: s.best,
    system: s.sys,
    config: s.config,
    stats: {
      seconds: (performance.now() - t0) / 1000,
      attempts: s.attempts,
      kept: { ...s.kept },
      rounds,
      complete: !s.timedOut,
      timeLimitSeconds: limit,
      steps: s.steps,
      ...(opts.maxSteps !== undefined ? { maxSteps: opts.maxSteps } : {}),
      ...(s.stoppedBy ? { stoppedBy: s.stoppedBy } : {}),
    },
  };
}
