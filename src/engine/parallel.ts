/**
 * Level-synchronous parallel breadth-first search over worker threads. Each level of the
 * frontier is cut into contiguous chunks, one per worker; workers check and expand their states
 * and return the successors with fingerprints; the main thread merges the chunks in order,
 * deduplicates against the one fingerprint store, and forms the next level. Because chunks are
 * merged in frontier order, the search visits states level by level exactly as the sequential
 * BFS does, and the first violation found is at the smallest depth: counterexamples stay
 * shortest (unlike TLC's multi-worker mode).
 *
 * States are checked against the state properties when their level is expanded (in the
 * workers), not when they are first generated; the final figures of a complete search are the
 * same as the sequential search's.
 */
import { Worker } from 'node:worker_threads';
import { replayPath, type ExploreOptions } from './explore.ts';
import { NO_PARENT, StateStore } from './store.ts';
import type { CheckResult, Finding, SearchStats, System, TransitionId } from './types.ts';

/** Transition value of a successor the worker had already sent (its state is not sent again). */
const KNOWN = 0xffffffff;

/** How a worker builds the same system: a module, the name of its export, and its argument. */
export interface SystemFactory {
  /** URL (file:) of a module exporting `exportName(args): System`. */
  readonly module: string;
  readonly exportName: string;
  readonly args: unknown;
}

/** A level chunk sent to a worker. @internal */
export interface ExpandRequest {
  readonly states: ArrayBuffer;
  readonly count: number;
}

/** A worker's answer for one chunk. @internal */
export interface ExpandReply {
  succCount: ArrayBuffer;
  succStates: ArrayBuffer;
  succTr: ArrayBuffer;
  succFp: ArrayBuffer;
  notes: { state: number; kind: 'violation' | 'quiescent' | 'deadlock'; finding?: Finding; message?: string }[];
  stepFindings: { succ: number; finding: Finding }[];
}

class WorkerHandle {
  readonly worker: Worker;
  private pending: ((r: ExpandReply) => void) | null = null;
  private readyWaiter: (() => void) | null = null;
  private failed: ((e: Error) => void) | null = null;
  private ready: Promise<void>;
  constructor(factory: SystemFactory) {
    this.worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { entry: new URL('./parallel-worker.ts', import.meta.url).href, factory },
    });
    this.ready = this.waitReady();
    this.worker.on('message', (m: ExpandReply | { ready: true }) => {
      if ('ready' in m) {
        const r = this.readyWaiter;
        this.readyWaiter = null;
        r?.();
        return;
      }
      const p = this.pending;
      this.pending = null;
      p?.(m);
    });
    this.worker.on('error', (e) => this.failed?.(e));
  }
  private waitReady(): Promise<void> {
    return new Promise((res, rej) => {
      this.readyWaiter = res;
      this.failed = rej;
    });
  }
  /** Resolves when the worker has built its system. */
  whenReady(): Promise<void> {
    return this.ready;
  }
  /** Asks the worker to build another system (for the next search). */
  rebuild(factory: SystemFactory): Promise<void> {
    this.ready = this.waitReady();
    this.worker.postMessage({ factory });
    return this.ready;
  }
  expand(states: Uint16Array, count: number): Promise<ExpandReply> {
    return new Promise((res, rej) => {
      this.pending = res;
      this.failed = rej;
      const buf = states.buffer.slice(states.byteOffset, states.byteOffset + states.byteLength) as ArrayBuffer;
      this.worker.postMessage({ states: buf, count } satisfies ExpandRequest, [buf]);
    });
  }
}

/**
 * Worker threads kept across searches (starting a worker costs a second or more); each search
 * tells them which system to build. Close it when done.
 */
export class WorkerPool {
  private handles: WorkerHandle[] | null = null;
  constructor(readonly size: number) {}
  /** Workers ready to expand states of the factory's system. */
  async forFactory(factory: SystemFactory): Promise<WorkerHandle[]> {
    // Every search starts from a fresh build: a worker's record of what it sent belongs to one search.
    if (!this.handles) this.handles = Array.from({ length: this.size }, () => new WorkerHandle(factory));
    else await Promise.all(this.handles.map((h) => h.rebuild(factory)));
    await Promise.all(this.handles.map((h) => h.whenReady()));
    return this.handles;
  }
  /** Stops the workers. */
  async close(): Promise<void> {
    if (this.handles) await Promise.all(this.handles.map((h) => h.worker.terminate()));
    this.handles = null;
  }
}

/**
 * Runs a parallel BFS with `workers` threads. `sys` is the main thread's copy of the system,
 * used for the initial state and to replay counterexamples; `factory` builds the same system in
 * each worker.
 */
export async function exploreParallel(sys: System, factory: SystemFactory, workers: number | WorkerPool, opts: ExploreOptions = {}): Promise<CheckResult> {
  const t0 = performance.now();
  const store = new StateStore();
  const w = sys.words;
  let transitions = 0;
  let maxDepth = 0;
  let truncated = false;
  const stats = (): SearchStats => {
    const seconds = (performance.now() - t0) / 1000;
    return {
      states: store.size,
      transitions,
      depth: maxDepth,
      seconds,
      statesPerSecond: seconds > 0 ? Math.round(store.size / seconds) : 0,
      bytesPerState: store.size ? store.bytes / store.size : 0,
      collisionProbability: store.collisionProbability(),
    };
  };
  const pathTo = (id: number, last: TransitionId[] = []): TransitionId[] => {
    const trs: TransitionId[] = [];
    for (let i = id; store.parent(i) !== NO_PARENT; i = store.parent(i)) trs.push(store.transition(i));
    return trs.reverse().concat(last);
  };
  const violation = (id: number, last: TransitionId[], finding: Finding, atQuiescence: boolean): CheckResult => {
    const r = replayPath(sys, pathTo(id, last));
    return { status: 'violation', finding, trace: r.steps, initial: r.initial, atQuiescence, ...stats() };
  };

  const owned = typeof workers === 'number' ? new WorkerPool(workers) : null;
  const workerPool = owned ?? (workers as WorkerPool);
  const n = workerPool.size;
  try {
    const pool = await workerPool.forFactory(factory);
    const init = sys.initial();
    const id0 = store.insert(sys.canonical ? sys.canonical(init) : init, NO_PARENT, 0);
    let level = init.slice();
    let levelIds = Uint32Array.of(id0);
    let depth = 0;
    let lastTick = t0;
    const maxStates = opts.maxStates ?? Infinity;
    const depthBound = opts.maxDepth ?? Infinity;
    while (levelIds.length > 0) {
      const count = levelIds.length;
      const per = Math.ceil(count / n);
      const chunks: { from: number; to: number }[] = [];
      for (let c = 0; c < n && c * per < count; c++) chunks.push({ from: c * per, to: Math.min(count, (c + 1) * per) });
      const replies = await Promise.all(chunks.map((ch, c) => pool[c].expand(level.subarray(ch.from * w, ch.to * w), ch.to - ch.from)));
      const now = performance.now();
      if (opts.timeoutSeconds !== undefined && (now - t0) / 1000 >= opts.timeoutSeconds) return { status: 'bound', bound: 'timeout', limit: opts.timeoutSeconds, ...stats() };
      if (now - lastTick >= 1000) {
        lastTick = now;
        opts.onProgress?.({ states: store.size, transitions, frontier: count, depth: maxDepth, seconds: (now - t0) / 1000 });
        if (opts.shouldStop?.()) return { status: 'bound', bound: 'interrupted', limit: 0, ...stats() };
      }
      let next = new Uint16Array(Math.max(1, count * 2) * w);
      let nextIds = new Uint32Array(Math.max(1, count * 2));
      let nNext = 0;
      for (let c = 0; c < chunks.length; c++) {
        const rep = replies[c];
        const succCount = new Uint32Array(rep.succCount);
        const succStates = new Uint16Array(rep.succStates);
        const succTr = new Uint32Array(rep.succTr);
        const succFp = new Uint32Array(rep.succFp);
        const notes = new Map(rep.notes.map((n) => [n.state, n]));
        const stepFindings = new Map(rep.stepFindings.map((s) => [s.succ, s.finding]));
        let j = 0;
        for (let i = 0; i < succCount.length; i++) {
          const parent = levelIds[chunks[c].from + i];
          const note = notes.get(i);
          if (note?.kind === 'violation') return violation(parent, [], note.finding!, false);
          if (note?.kind === 'deadlock') {
            const r = replayPath(sys, pathTo(parent));
            return { status: 'deadlock', message: note.message!, trace: r.steps, initial: r.initial, ...stats() };
          }
          if (note?.kind === 'quiescent') return violation(parent, [], note.finding!, true);
          for (let e = j + succCount[i]; j < e; j++) {
            transitions++;
            const f = stepFindings.get(j);
            if (f) return violation(parent, [succTr[j]], f, false);
            if (depth >= depthBound) {
              truncated = true;
              continue;
            }
            // A worker sends a state only the first time it meets it; later meetings are
            // transitions to a state the store already has.
            if (succTr[j] === KNOWN) continue;
            const id = store.insertFingerprint(succFp[2 * j], succFp[2 * j + 1], parent, succTr[j]);
            if (id < 0) continue;
            if (nNext === nextIds.length) {
              const g = new Uint16Array(next.length * 2);
              g.set(next);
              next = g;
              const gi = new Uint32Array(nextIds.length * 2);
              gi.set(nextIds);
              nextIds = gi;
            }
            next.set(succStates.subarray(j * w, j * w + w), nNext * w);
            nextIds[nNext++] = id;
            maxDepth = depth + 1;
            if (store.size >= maxStates) {
              // The states counted must have been checked: check the new ones of this level here.
              for (let k = 0; k < nNext; k++) {
                const f2 = sys.checkState(next.subarray(k * w, k * w + w));
                if (f2) return violation(store.parent(nextIds[k]), [store.transition(nextIds[k])], f2, false);
              }
              return { status: 'bound', bound: 'maxStates', limit: maxStates, ...stats() };
            }
          }
        }
      }
      level = next.subarray(0, nNext * w);
      levelIds = nextIds.subarray(0, nNext);
      depth++;
    }
    if (truncated) return { status: 'bound', bound: 'maxDepth', limit: depthBound, ...stats() };
    return { status: 'ok', ...stats() };
  } catch (e) {
    return { status: 'error', message: e instanceof Error ? e.message : String(e), ...stats() };
  } finally {
    await owned?.close();
  }
}
