/**
 * Tiny systems whose state counts are known by hand, for engine tests. A toy is a vector of
 * small integers with a list of guarded steps per thread.
 */
import type { Finding, StepInfo, System, SuccessorVisitor, TransitionId } from '../../src/engine/types.ts';

/** One thread's step: enabled when `guard` holds, writes `next` in place. */
export interface ToyStep {
  readonly thread: number;
  readonly name: string;
  guard(s: Uint16Array): boolean;
  apply(s: Uint16Array): void;
  /** A finding raised by this step, if any. */
  finding?(s: Uint16Array): Finding | null;
}

/** A toy system. */
export function toySystem(opts: {
  words: number;
  init?: number[];
  steps: ToyStep[];
  invariant?: (s: Uint16Array) => Finding | null;
  idle?: (s: Uint16Array) => boolean;
  quiescent?: (s: Uint16Array) => Finding | null;
}): System {
  const out = new Uint16Array(opts.words);
  const info = (st: ToyStep): StepInfo => ({ thread: `t${st.thread}`, cpu: st.thread, op: st.name, args: {}, from: st.name, fn: st.name, to: st.name, actions: [st.name], starts: false });
  return {
    words: opts.words,
    initial: () => Uint16Array.from(opts.init ?? new Array(opts.words).fill(0)),
    successors(s: Uint16Array, visit: SuccessorVisitor): number {
      let n = 0;
      for (let i = 0; i < opts.steps.length; i++) {
        const st = opts.steps[i];
        if (!st.guard(s)) continue;
        out.set(s);
        const f = st.finding?.(out) ?? null;
        st.apply(out);
        n++;
        if (!visit(i, out, f)) return n;
      }
      return n;
    },
    apply(s: Uint16Array, tr: TransitionId) {
      const st = opts.steps[tr];
      if (!st || !st.guard(s)) return null;
      const next = s.slice();
      const finding = st.finding?.(next) ?? null;
      st.apply(next);
      return { next, finding, info: info(st) };
    },
    checkState: (s) => opts.invariant?.(s) ?? null,
    isIdle: (s) => opts.idle?.(s) ?? true,
    checkQuiescent: (s) => opts.quiescent?.(s) ?? null,
    describeDeadlock: (s) => `stuck at [${Array.from(s).join(', ')}]`,
    render: (s) => `[${Array.from(s).join(' ')}]`,
    transitionKey: (tr) => opts.steps[tr]?.name ?? `?${tr}`,
    transitionFromKey: (key) => {
      const i = opts.steps.findIndex((s) => s.name === key);
      return i < 0 ? undefined : i;
    },
  };
}

/** K independent counters, each incremented by its own thread up to N: (N+1)^K states. */
export function counters(k: number, n: number): System {
  return toySystem({
    words: k,
    steps: Array.from({ length: k }, (_, t) => ({
      thread: t,
      name: `inc${t}`,
      guard: (s: Uint16Array) => s[t] < n,
      apply: (s: Uint16Array) => {
        s[t]++;
      },
    })),
  });
}

/**
 * Two threads taking locks A and B in opposite orders (word 0,1: pcs; word 2,3: holders of A, B,
 * 0 free else thread + 1). Each thread: pc 0 take first lock, 1 take second, 2 release both, 3 done.
 */
export function lockOrder(opposite: boolean): System {
  const first = (t: number) => (opposite && t === 1 ? 3 : 2);
  const second = (t: number) => (opposite && t === 1 ? 2 : 3);
  const steps: ToyStep[] = [];
  for (const t of [0, 1]) {
    steps.push({ thread: t, name: `t${t}.lock1`, guard: (s) => s[t] === 0 && s[first(t)] === 0, apply: (s) => { s[first(t)] = t + 1; s[t] = 1; } });
    steps.push({ thread: t, name: `t${t}.lock2`, guard: (s) => s[t] === 1 && s[second(t)] === 0, apply: (s) => { s[second(t)] = t + 1; s[t] = 2; } });
    steps.push({ thread: t, name: `t${t}.unlock`, guard: (s) => s[t] === 2, apply: (s) => { s[2] = 0; s[3] = 0; s[t] = 3; } });
  }
  return toySystem({ words: 4, steps, idle: (s) => (s[0] === 0 || s[0] === 3) && (s[1] === 0 || s[1] === 3) });
}
