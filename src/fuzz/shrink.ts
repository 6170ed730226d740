/**
 * Shrinking a failing run to a minimal interleaving, in three phases, each run to a fixed point,
 * and the three repeated while any of them still makes progress:
 *
 * 1. **operations**: remove calls (a call is the step that starts an operation and every later
 *    step of that thread until its next call), delta-debugging style: halves, then quarters, ...,
 *    then single calls. Steps that no longer apply once a call is gone (a free of a block that was
 *    never allocated) are dropped.
 * 2. **schedule**: at the same length, fewer context switches: move a block of consecutive steps
 *    of one thread next to that thread's previous or next block (or one step of it).
 * 3. **arguments**: replace a call by the same operation on the same thread with smaller
 *    arguments (orders, pfns; the numeric arguments' sum, then the system's own argument order).
 *
 * A candidate is kept only when it ends in the same failure (the same property code, or a
 * deadlock) and is smaller in the order (length, context switches, argument size): the result is
 * never longer than the original and shrinking always ends. A time limit bounds the whole; when it
 * is reached the result is the smallest found so far and is reported as not minimal.
 */
import type { TransitionId } from '../engine/types.ts';
import { ArgRenaming, contextSwitches, execute, failureKind, type Execution } from './exec.ts';
import type { Schedulable } from './types.ts';

/** Options of a shrink. */
export interface ShrinkOptions {
  /** Wall-clock limit in seconds (default 30). */
  readonly timeLimitSeconds?: number;
}

/** What shrinking did. */
export interface ShrinkStats {
  readonly seconds: number;
  /** Candidates executed. */
  readonly attempts: number;
  /** Candidates kept, per phase. */
  readonly kept: { readonly operations: number; readonly schedule: number; readonly arguments: number };
  /** Rounds of the three phases. */
  readonly rounds: number;
  /** True when every phase reached its fixed point; false when the time limit stopped shrinking. */
  readonly complete: boolean;
  readonly timeLimitSeconds: number;
}

/** The smallest failing execution found, and how it was found. */
export interface ShrinkResult {
  readonly execution: Execution;
  readonly stats: ShrinkStats;
}

/** Default shrink time limit, in seconds. */
export const DEFAULT_SHRINK_SECONDS = 30;

type Measure = readonly [length: number, switches: number, argSum: number, argIds: number];

/** Lexicographic order of measures (and of argument keys). */
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

class Shrinker {
  best: Execution;
  private bestMeasure: Measure;
  attempts = 0;
  timedOut = false;
  readonly kept = { operations: 0, schedule: 0, arguments: 0 };
  private readonly kind: string;
  /** Argument tuples by transition, as seen in executions (for {@link ArgRenaming}). */
  private readonly args = new Map<TransitionId, Readonly<Record<string, number | string>>>();

  constructor(
    private readonly sys: Schedulable,
    start: Execution,
    private readonly deadline: number,
  ) {
    start.trs.forEach((tr, i) => this.args.set(tr, start.infos[i].args));
    this.best = start;
    this.bestMeasure = this.measure(start);
    // The caller passes a failing execution.
    this.kind = failureKind(start.failure!);
  }

  private measure(ex: Execution): Measure {
    let sum = 0;
    let ids = 0;
    ex.trs.forEach((tr, i) => {
      if (this.sys.operationOf(tr) < 0) return;
      sum += argSum(ex.infos[i].args);
      ids += tr;
    });
    return [ex.trs.length, contextSwitches(this.sys, ex.trs), sum, ids];
  }

  /** Executes a candidate; keeps it when it fails the same way and is smaller. */
  private attempt(trs: readonly TransitionId[], phase: keyof Shrinker['kept']): boolean {
    if (this.timedOut || performance.now() > this.deadline) {
      this.timedOut = true;
      return false;
    }
    this.attempts++;
    const ex = execute(this.sys, trs, true, new ArgRenaming(this.sys, this.args));
    if (!ex || !ex.failure || failureKind(ex.failure) !== this.kind) return false;
    const m = this.measure(ex);
    if (!less(m, this.bestMeasure)) return false;
    ex.trs.forEach((tr, i) => this.args.set(tr, ex.infos[i].args));
    this.best = ex;
    this.bestMeasure = m;
    this.kept[phase]++;
    return true;
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

  /** Phase 1: remove calls, larger chunks first. */
  operations(): boolean {
    let changed = false;
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
      const move = (from: number, to: number, at: number): TransitionId[] => {
        // Moves trs[from, to) so that it starts at index `at` of the sequence without it.
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
          const end = trs.length - (A.end - A.start);
          candidates = [move(A.start, A.end, end), move(A.end - 1, A.end, trs.length - 1)];
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

  /** Phase 3: the same call on the same thread with smaller arguments. */
  arguments(): boolean {
    let changed = false;
    for (let progress = true; progress && !this.timedOut; ) {
      progress = false;
      const { trs, states, infos } = this.best;
      outer: for (let i = 0; i < trs.length; i++) {
        const cur = trs[i];
        const op = this.sys.operationOf(cur);
        if (op < 0) continue;
        const t = this.sys.threadOf(cur);
        const curKey = [argSum(infos[i].args), cur];
        const alts: { tr: TransitionId; key: readonly number[] }[] = [];
        this.sys.successors(states[i], (tr) => {
          if (tr !== cur && this.sys.threadOf(tr) === t && this.sys.operationOf(tr) === op) alts.push({ tr, key: [] });
          return true;
        });
        for (const alt of alts) {
          const r = this.sys.apply(states[i], alt.tr);
          alt.key = r ? [argSum(r.info.args), alt.tr] : [Infinity, alt.tr];
        }
        const smaller = alts.filter((x) => less(x.key, curKey)).sort((x, y) => (less(x.key, y.key) ? -1 : 1));
        for (const alt of smaller) {
          const c = trs.slice();
          c[i] = alt.tr;
          if (this.attempt(c, 'arguments')) {
            progress = changed = true;
            break outer;
          }
        }
      }
    }
    return changed;
  }
}

/**
 * Shrinks a failing execution. `start` must end in a failure; the result ends in the same kind
 * of failure and is never larger.
 */
export function shrink(sys: Schedulable, start: Execution, opts: ShrinkOptions = {}): ShrinkResult {
  const limit = opts.timeLimitSeconds ?? DEFAULT_SHRINK_SECONDS;
  const t0 = performance.now();
  const s = new Shrinker(sys, start, t0 + limit * 1000);
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
    stats: {
      seconds: (performance.now() - t0) / 1000,
      attempts: s.attempts,
      kept: { ...s.kept },
      rounds,
      complete: !s.timedOut,
      timeLimitSeconds: limit,
    },
  };
}
