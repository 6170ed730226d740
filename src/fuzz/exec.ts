/**
 * Executing a sequence of transitions and saying what it leads to: the shared ground of a random
 * run, of every shrinking candidate and of a replay. Every step is checked exactly as exhaustive
 * search checks it: a finding raised by the step, then the state properties of the state reached;
 * a state with no successors is a deadlock unless every thread is idle, and then the quiescent
 * properties are checked.
 */
import type { Finding, StepInfo, TraceStep, TransitionId } from '../engine/types.ts';
import { enabledIn, type Schedulable } from './types.ts';
import { uncounted } from '../engine/explore.ts';

/** What a failing sequence ends in. Two failures are "the same" when their {@link failureKind} is. */
export type Failure =
  | { readonly kind: 'violation'; readonly finding: Finding; readonly atQuiescence: boolean }
  | { readonly kind: 'deadlock'; readonly message: string };

/** The identity a shrinker preserves: the property code, or `deadlock`. */
export function failureKind(f: Failure): string {
  return f.kind === 'violation' ? f.finding.code : 'deadlock';
}

/** The result of executing a sequence. */
export interface Execution {
  /** The transitions actually executed, up to and including the failing one. */
  readonly trs: readonly TransitionId[];
  /** Step information of each executed transition. */
  readonly infos: readonly StepInfo[];
  /** The state before each executed transition, then the last state (length trs.length + 1). */
  readonly states: readonly Uint16Array[];
  /** The failure the sequence ends in, or null. */
  readonly failure: Failure | null;
}

type Args = Readonly<Record<string, number | string>>;

/**
 * Redirects calls whose numeric arguments named something that no longer exists once earlier
 * calls were removed or changed (typically the pfn of a block that is now allocated elsewhere):
 * such a call becomes the same operation on the same thread with the arguments that do exist, and
 * the renaming (`pfn=16` to `pfn=0`) then applies to every later call, so that a free still frees
 * what its allocation returned. One per execution; argument tuples are cached per transition.
 */
export class ArgRenaming {
  private readonly map = new Map<string, number>();

  constructor(
    private readonly sys: Schedulable,
    private readonly argsCache: Map<TransitionId, Args>,
  ) {}

  private argsOf(s: Uint16Array, tr: TransitionId): Args | undefined {
    let a = this.argsCache.get(tr);
    if (!a) {
      // Looking a call's arguments up takes no step of the run: not counted as coverage.
      a = uncounted(this.sys, () => this.sys.apply(s, tr))?.info.args;
      if (a) this.argsCache.set(tr, a);
    }
    return a;
  }

  private renamed(a: Args): Args {
    const out: Record<string, number | string> = {};
    for (const [k, v] of Object.entries(a)) out[k] = typeof v === 'number' ? (this.map.get(`${k}=${v}`) ?? v) : v;
    return out;
  }

  /** The transition to execute in place of the call `tr` in state `s` (tr itself when nothing applies). */
  redirect(s: Uint16Array, tr: TransitionId): TransitionId {
    const orig = this.argsCache.get(tr);
    if (!orig) return tr;
    const want = this.renamed(orig);
    const renamed = Object.entries(orig).some(([k, v]) => want[k] !== v);
    if (!renamed && uncounted(this.sys, () => this.sys.apply(s, tr))) return tr;
    const t = this.sys.threadOf(tr);
    const op = this.sys.operationOf(tr);
    let best: { tr: TransitionId; differ: string[]; sum: number } | null = null;
    const alts = enabledIn(this.sys, s).filter((alt) => this.sys.threadOf(alt) === t && this.sys.operationOf(alt) === op);
    for (const alt of alts) {
      const a = this.argsOf(s, alt);
      if (!a) continue;
      const differ: string[] = [];
      let ok = true;
      let sum = 0;
      for (const [k, v] of Object.entries(want)) {
        if (typeof a[k] === 'number') sum += a[k] as number;
        if (a[k] === v) continue;
        // Only numeric arguments not renamed yet may change; strings (migratetypes, flags) never.
        if (typeof v !== 'number' || typeof a[k] !== 'number' || this.map.has(`${k}=${orig[k]}`)) ok = false;
        else differ.push(k);
      }
      if (!ok) continue;
      if (differ.length === 0) return alt;
      if (!best || differ.length < best.differ.length || (differ.length === best.differ.length && sum < best.sum)) best = { tr: alt, differ, sum };
    }
    if (!best) return tr;
    const a = this.argsCache.get(best.tr)!;
    for (const k of best.differ) this.map.set(`${k}=${orig[k]}`, a[k] as number);
    return best.tr;
  }
}

/**
 * Executes `trs` from the initial state and stops at the first failure. A transition that is not
 * enabled where it comes is skipped when `lenient` (shrinking drops calls whose effects later steps
 * relied on), otherwise the execution is invalid and null is returned; with a `renaming`, a call
 * is first redirected (see {@link ArgRenaming}). The terminal checks (deadlock, quiescence) apply
 * only when every transition was executed and none is left enabled.
 */
export function execute(sys: Schedulable, trs: readonly TransitionId[], lenient: boolean, renaming?: ArgRenaming): Execution | null {
  let s = sys.initial();
  const states: Uint16Array[] = [s];
  const done: TransitionId[] = [];
  const infos: StepInfo[] = [];
  const f0 = sys.checkState(s);
  if (f0) return { trs: done, infos, states, failure: { kind: 'violation', finding: f0, atQuiescence: false } };
  for (const given of trs) {
    const tr = renaming && sys.operationOf(given) >= 0 ? renaming.redirect(s, given) : given;
    const r = sys.apply(s, tr);
    if (!r) {
      if (lenient) continue;
      return null;
    }
    done.push(tr);
    infos.push(r.info);
    s = r.next;
    states.push(s);
    const f = r.finding ?? sys.checkState(s);
    if (f) return { trs: done, infos, states, failure: { kind: 'violation', finding: f, atQuiescence: false } };
  }
  return { trs: done, infos, states, failure: terminalFailure(sys, s) };
}

/** The failure of a state with no successors (deadlock, or a quiescent property), else null. */
export function terminalFailure(sys: Schedulable, s: Uint16Array): Failure | null {
  // Asking whether the state has a successor takes none: not counted as coverage.
  if (uncounted(sys, () => sys.successors(s, () => false)) !== 0) return null;
  if (!sys.isIdle(s)) return { kind: 'deadlock', message: sys.describeDeadlock(s) };
  const f = sys.checkQuiescent(s);
  return f ? { kind: 'violation', finding: f, atQuiescence: true } : null;
}

/** Context switches of a sequence: steps whose thread differs from the previous step's. */
export function contextSwitches(sys: Schedulable, trs: readonly TransitionId[]): number {
  let n = 0;
  for (let i = 1; i < trs.length; i++) if (sys.threadOf(trs[i]) !== sys.threadOf(trs[i - 1])) n++;
  return n;
}

/** Operation calls of a sequence (transitions that start an operation). */
export function callCount(sys: Schedulable, trs: readonly TransitionId[]): number {
  let n = 0;
  for (const tr of trs) if (sys.operationOf(tr) >= 0) n++;
  return n;
}

/** The steps of an execution in the form reports and trace files use. */
export function traceOf(sys: Schedulable, ex: Execution): TraceStep[] {
  return ex.trs.map((tr, i) => ({ index: i + 1, key: sys.transitionKey(tr), info: ex.infos[i], state: ex.states[i + 1] }));
}
