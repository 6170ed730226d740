/**
 * A toy schedulable system for shrinker and scheduler tests: threads increment a shared counter,
 * either with `inc()` (read, then write: the classic lost update) or `add(n)` (one step).
 * State: [counter, completed incs, then per thread: pc, reg, budget].
 */
import type { Finding, StepInfo, SuccessorVisitor, TransitionId } from '../../src/engine/types.ts';
import type { Schedulable } from '../../src/fuzz/types.ts';

const K = 5; // transitions per thread: step, inc(), add(1), add(2), add(3)

export class Toy implements Schedulable {
  readonly words: number;
  readonly threads: readonly string[];
  readonly operations = ['inc', 'add'] as const;

  /**
   * @param budget calls per thread
   * @param addLimit the counter must stay below this (a state property), or Infinity
   * @param lostUpdate whether a lost increment is a violation (LOST)
   */
  constructor(
    readonly nThreads: number,
    readonly budget: number,
    readonly ops: { inc: boolean; add: boolean },
    readonly addLimit = Infinity,
    readonly lostUpdate = true,
  ) {
    this.words = 2 + 3 * nThreads;
    this.threads = Array.from({ length: nThreads }, (_, t) => `t${t}`);
  }

  initial(): Uint16Array {
    const s = new Uint16Array(this.words);
    for (let t = 0; t < this.nThreads; t++) s[2 + 3 * t + 2] = this.budget;
    return s;
  }

  private next(s: Uint16Array, tr: TransitionId): Uint16Array | null {
    const t = Math.floor(tr / K);
    const k = tr % K;
    if (t < 0 || t >= this.nThreads) return null;
    const b = 2 + 3 * t;
    const n = s.slice();
    if (k === 0) {
      if (s[b] !== 1) return null;
      n[0] = s[b + 1] + 1;
      n[1]++;
      n[b] = 0;
      return n;
    }
    if (s[b] !== 0 || s[b + 2] === 0) return null;
    if (k === 1) {
      if (!this.ops.inc) return null;
      n[b] = 1;
      n[b + 1] = s[0];
    } else {
      if (!this.ops.add) return null;
      n[0] += k - 1;
    }
    n[b + 2]--;
    return n;
  }

  successors(s: Uint16Array, visit: SuccessorVisitor): number {
    let c = 0;
    for (let tr = 0; tr < this.nThreads * K; tr++) {
      const n = this.next(s, tr);
      if (!n) continue;
      c++;
      if (!visit(tr, n, null)) return c;
    }
    return c;
  }

  apply(s: Uint16Array, tr: TransitionId): { next: Uint16Array; finding: Finding | null; info: StepInfo } | null {
    const n = this.next(s, tr);
    if (!n) return null;
    const k = tr % K;
    const info: StepInfo = {
      thread: this.threads[Math.floor(tr / K)],
      cpu: Math.floor(tr / K),
      op: k <= 1 ? 'inc' : 'add',
      args: k >= 2 ? { n: k - 1 } : {},
      from: k === 0 ? 'read' : 'start',
      fn: k <= 1 ? 'inc' : 'add',
      to: k === 1 ? 'read' : 'return',
      actions: [],
      starts: k !== 0,
    };
    return { next: n, finding: null, info };
  }

  checkState(s: Uint16Array): Finding | null {
    if (this.lostUpdate && s[0] < s[1]) return { code: 'LOST', message: `counter ${s[0]} after ${s[1]} increments` };
    if (s[0] >= this.addLimit) return { code: 'BIG', message: `counter ${s[0]} reached ${this.addLimit}` };
    return null;
  }
  isIdle(s: Uint16Array): boolean {
    for (let t = 0; t < this.nThreads; t++) if (s[2 + 3 * t] !== 0) return false;
    return true;
  }
  checkQuiescent(): Finding | null {
    return null;
  }
  describeDeadlock(): string {
    return 'none';
  }
  render(s: Uint16Array): string {
    return `counter=${s[0]}`;
  }
  transitionKey(tr: TransitionId): string {
    const t = Math.floor(tr / K);
    const k = tr % K;
    return `${this.threads[t]} ${k === 0 ? 'step' : k === 1 ? 'inc()' : `add(n=${k - 1})`}`;
  }
  transitionFromKey(key: string): TransitionId | undefined {
    for (let tr = 0; tr < this.nThreads * K; tr++) if (this.transitionKey(tr) === key) return tr;
    return undefined;
  }
  threadOf(tr: TransitionId): number {
    return Math.floor(tr / K);
  }
  operationOf(tr: TransitionId): number {
    const k = tr % K;
    return k === 0 ? -1 : k === 1 ? 0 : 1;
  }
}

/** Transition ids of the toy, for hand-written sequences. */
export const toyTr = {
  step: (t: number) => t * K,
  inc: (t: number) => t * K + 1,
  add: (t: number, n: 1 | 2 | 3) => t * K + 1 + n,
};
