/**
 * Cost over complete runs: for a scenario that always ends (every operation returns, every
 * budget runs out), the cost counters summed along each complete run from the initial state to
 * a state where nothing more can happen, attributed to the operation whose thread took each
 * step. Every interleaving is one run; the result gives, per operation and counter, the mean
 * over all runs (each interleaving counted once) and the smallest and largest total of any run,
 * with the number of calls of the operation per run. What a run leaves behind can be costed too:
 * with `atEnd`, the work of bringing each final state to quiescence (the PCP models drain every
 * pageset before their quiescent checks) is counted as one more operation of that name.
 *
 * It is computed on the state graph, not by enumerating runs: for every reachable state, the
 * number of complete runs from it and the sum, minimum and maximum of each total over them
 * (a state reached twice is computed once). A state graph with a cycle has runs of unbounded
 * length: the result then says so instead of giving figures.
 */
import { InternalError } from '../util/unreachable.ts';
import type { TransitionId } from '../engine/types.ts';
import type { CostCounter, IsolatableSystem } from './types.ts';

/** One operation's totals per complete run. */
export interface RunTotals {
  readonly operation: string;
  /** Calls of the operation per run: mean, smallest, largest. */
  readonly calls: { readonly mean: number; readonly min: number; readonly max: number };
  /** Per counter (in counter order): mean, smallest and largest total per run. */
  readonly mean: readonly number[];
  readonly min: readonly number[];
  readonly max: readonly number[];
}

/** The cost of a system's complete runs, or why there is none. */
export type RunCosts =
  | { readonly status: 'ok'; readonly runs: number; readonly counters: readonly CostCounter[]; readonly operations: readonly RunTotals[]; readonly states: number }
  /** cyclic: runs of unbounded length; stuck: a run deadlocks; not-run: the exploration found a violation or was cut short. */
  | { readonly status: 'cyclic' | 'stuck' | 'not-run'; readonly message: string };

interface Node {
  /** Complete runs from this state. */
  paths: number;
  /** Per (operation, column) where column 0 counts calls and 1.. the counters: sum over runs, min, max. */
  sum: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

/**
 * Sums the cost counters along every complete run of `sys` (see the module comment), per
 * operation of `operations` (the names steps report as their operation). A state in which some
 * thread is stuck (a deadlock) ends no complete run and makes the result `stuck`.
 */
export function completeRunCosts(sys: IsolatableSystem, operations: readonly string[], atEnd?: string): RunCosts {
  const counters = sys.costCounters;
  const ops = atEnd === undefined ? operations : [...operations, atEnd];
  const width = counters.length + 1;
  const n = ops.length * width;
  const memo = new Map<string, Node>();
  const onPath = new Set<string>();
  const keyOf = (s: Uint16Array) => Buffer.from(s.buffer, s.byteOffset, s.byteLength).toString('latin1');
  let problem: { status: 'cyclic' | 'stuck'; message: string } | null = null;

  const visit = (s: Uint16Array): Node | null => {
    const key = keyOf(s);
    const known = memo.get(key);
    if (known) return known;
    if (onPath.has(key)) {
      problem = { status: 'cyclic', message: 'a state is reachable from itself: runs of every length exist, so there is no total per run' };
      return null;
    }
    const trs: TransitionId[] = [];
    sys.successors(s, (tr) => {
      trs.push(tr);
      return true;
    });
    const node: Node = { paths: 0, sum: new Float64Array(n), min: new Float64Array(n).fill(Infinity), max: new Float64Array(n).fill(-Infinity) };
    if (!trs.length) {
      if (!sys.isIdle(s)) {
        problem = { status: 'stuck', message: `a run gets stuck before it completes: ${sys.describeDeadlock(s)}` };
        return null;
      }
      node.paths = 1;
      node.min.fill(0);
      node.max.fill(0);
      if (atEnd !== undefined) {
        // The quiescent check brings a copy of the state to quiescence first: meter that work.
        sys.resetCost();
        sys.checkQuiescent(s);
        const cost = sys.readCost();
        const base = (ops.length - 1) * width;
        node.sum[base] = node.min[base] = node.max[base] = 1;
        for (let c = 0; c < counters.length; c++) node.sum[base + 1 + c] = node.min[base + 1 + c] = node.max[base + 1 + c] = cost[c];
      }
      memo.set(key, node);
      return node;
    }
    onPath.add(key);
    const edge = new Float64Array(n);
    for (const tr of trs) {
      sys.resetCost();
      const r = sys.apply(s, tr);
      if (!r) throw new InternalError(`transition ${sys.transitionKey(tr)} was enumerated but does not apply`);
      const cost = sys.readCost();
      const op = ops.indexOf(r.info.op);
      if (op < 0) throw new InternalError(`step of unknown operation ${r.info.op}`);
      const next = visit(r.next);
      if (!next) return null;
      // This step's own cost, per (operation, column): column 0 counts calls, then the counters.
      edge.fill(0);
      edge[op * width] = r.info.starts ? 1 : 0;
      for (let c = 0; c < counters.length; c++) edge[op * width + 1 + c] = cost[c];
      for (let i = 0; i < n; i++) {
        node.sum[i] += edge[i] * next.paths + next.sum[i];
        node.min[i] = Math.min(node.min[i], edge[i] + next.min[i]);
        node.max[i] = Math.max(node.max[i], edge[i] + next.max[i]);
      }
      node.paths += next.paths;
    }
    onPath.delete(key);
    memo.set(key, node);
    return node;
  };

  const root = visit(sys.initial());
  if (problem) return problem;
  if (!root) throw new InternalError('complete-run costing ended without a result');
  return {
    status: 'ok',
    runs: root.paths,
    states: memo.size,
    counters,
    operations: ops.map((operation, o) => {
      const col = (c: number) => o * width + c;
      return {
        operation,
        calls: { mean: root.sum[col(0)] / root.paths, min: root.min[col(0)], max: root.max[col(0)] },
        mean: counters.map((_, c) => root.sum[col(c + 1)] / root.paths),
        min: counters.map((_, c) => root.min[col(c + 1)]),
        max: counters.map((_, c) => root.max[col(c + 1)]),
      };
    }),
  };
}
