/**
 * Level-synchronous parallel breadth-first search over worker threads. Each level of the
 * frontier is cut into chunks that idle workers take in order; a worker expands its states,
 * inserts their successors into the one fingerprint store in shared memory (shared-store.ts),
 * checks the states it was first to insert, and writes them into the next level's arena, also
 * shared (level-arena.ts): no state passes through the main thread. When a level is done, the
 * main thread orders the next level's ids as the sequential BFS would (by first discoverer:
 * parent's place in the level, then transition) and hands them out again.
 *
 * The result is the sequential BFS's: the same states, transitions and depth on a complete
 * search, and on a violation the same first violation in BFS order with the same shortest
 * counterexample (unlike TLC's multi-worker mode). Events are resolved in that order: a chunk
 * that raises one stops; chunks before it finish, later ones are not started, and the earliest
 * event of the level wins. On a stop (violation, bound) the figures count what the workers had
 * done by then, which may be more than the sequential search did. `--max-states` is checked
 * before each state a worker expands, so a search it stops may hold a few states more than the
 * bound.
 *
 * The store grows between chunks, with every worker idle: a worker stops its chunk before a
 * state whose successors might not fit, and the rest of the chunk is handed out again.
 */
import { Worker } from 'node:worker_threads';
import { replayPath, type ExploreOptions } from './explore.ts';
import { NO_PARENT, fingerprint } from './store.ts';
import { SharedStore, type SharedStoreBuffers } from './shared-store.ts';
import { LevelArenas, type SegmentGrant } from './level-arena.ts';
import type { CheckResult, Finding, SearchStats, System, TransitionId } from './types.ts';
import { unreachable } from '../util/unreachable.ts';
import { COMPILED, entryUrl } from '../util/modules.ts';
import { UserCodeError, locateUserCodeError } from '../variant/overrides.ts';

/** How a worker builds the same system: a module, the name of its export, and its argument. */
export interface SystemFactory {
  /** URL (file:) of a module exporting `exportName(args): System`. */
  readonly module: string;
  readonly exportName: string;
  readonly args: unknown;
}

/** A chunk of a level sent to a worker. @internal */
export interface ChunkRequest {
  readonly kind: 'chunk';
  readonly count: number;
  /** Level index of the chunk's first state. */
  readonly from: number;
  /** The level's state ids in order (Uint32): its states are read at id - readStart of arena `read`. */
  readonly order: SharedArrayBuffer;
  readonly read: number;
  readonly readStart: number;
  /** Segments of the arenas the worker has not had yet. */
  readonly segments: readonly SegmentGrant[];
  /** Store size when the level began: states at or above it are new in this level (and written to the other arena). */
  readonly levelStart: number;
  /** The level is at the depth bound: count transitions, store nothing. */
  readonly atDepthBound: boolean;
  readonly maxStates?: number;
  /** Insertions that must still fit before a state is expanded (its successors, on every worker at once). */
  readonly reserve: number;
}

/** Messages to a worker. @internal */
export type WorkerMessage =
  | { readonly kind: 'factory'; readonly factory: SystemFactory }
  /** `fresh`: the store of a new search, whose arenas have segments of 2^shift states (the worker forgets the last one's). */
  | { readonly kind: 'store'; readonly buffers: SharedStoreBuffers; readonly fresh: { readonly shift: number } | null }
  | ChunkRequest;

/** What stopped a chunk; `index` is the chunk's state that raised it. @internal */
export type ChunkEvent =
  | { readonly kind: 'step'; readonly index: number; readonly tr: number; readonly finding: Finding }
  | { readonly kind: 'state'; readonly index: number; readonly id: number; readonly finding: Finding }
  | { readonly kind: 'deadlock'; readonly index: number; readonly message: string }
  | { readonly kind: 'quiescent'; readonly index: number; readonly finding: Finding }
  /** The store, or the next level's arena, must grow before state `index`, which was not expanded. */
  | { readonly kind: 'grow'; readonly index: number }
  /** The store reached --max-states before state `index`. */
  | { readonly kind: 'full'; readonly index: number }
  /** `user`: the error was a variant's own code's (src/variant/overrides.ts). */
  | { readonly kind: 'error'; readonly index: number; readonly message: string; readonly user?: boolean };

/** A worker's answer for one chunk. @internal */
export interface ChunkReply {
  /** States of the chunk expanded. */
  readonly done: number;
  readonly transitions: number;
  readonly truncated: boolean;
  readonly event?: ChunkEvent;
  /**
   * New states whose place in the next level's arena lies in a segment the worker was not sent
   * yet (the other worker's insertions took ids past it): their ids and words, for the main
   * thread to write.
   */
  readonly overflow?: { readonly ids: ArrayBuffer; readonly states: ArrayBuffer };
}

class WorkerHandle {
  readonly worker: Worker;
  private pending: ((r: ChunkReply) => void) | null = null;
  private readyWaiter: (() => void) | null = null;
  private failed: ((e: Error) => void) | null = null;
  private ready: Promise<void>;
  constructor(factory: SystemFactory) {
    // Compiled, the worker runs its bundled entry; from the sources, a boot script registers the TypeScript loader first.
    this.worker = COMPILED
      ? new Worker(entryUrl('src/engine/parallel-worker.ts'), { workerData: { factory } })
      : new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { entry: entryUrl('src/engine/parallel-worker.ts').href, factory } });
    this.ready = this.waitReady();
    this.worker.on('message', (m: ChunkReply | { ready: true }) => {
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
    this.worker.postMessage({ kind: 'factory', factory } satisfies WorkerMessage);
    return this.ready;
  }
  /** Gives the worker the (new) shared store. */
  adopt(buffers: SharedStoreBuffers, fresh: { readonly shift: number } | null): Promise<void> {
    this.ready = this.waitReady();
    this.worker.postMessage({ kind: 'store', buffers, fresh } satisfies WorkerMessage);
    return this.ready;
  }
  expand(req: Omit<ChunkRequest, 'kind'>): Promise<ChunkReply> {
    return new Promise((res, rej) => {
      this.pending = res;
      this.failed = rej;
      this.worker.postMessage({ kind: 'chunk', ...req } satisfies WorkerMessage);
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

/** States per chunk by default: small enough to balance the workers and to stop soon after an event. */
const CHUNK = 1024;

/** Options of the parallel search. */
export interface ParallelOptions extends ExploreOptions {
  /** States per chunk handed to a worker (default 1024; tests use small chunks to make workers race). */
  readonly chunkStates?: number;
  /** log2 of the states a segment of a level's arena holds (default 14; tests use small ones to make the arenas grow mid-level). */
  readonly segmentShift?: number;
}

/** A stretch of the current level, by level index. */
interface Chunk {
  readonly from: number;
  readonly to: number;
}

/** Where the sequential BFS would meet an event: its parent's level index, then the transition. */
function eventRank(e: ChunkEvent, from: number, store: SharedStore): [number, number] {
  switch (e.kind) {
    case 'step':
      return [from + e.index, e.tr];
    case 'state':
      // The sequential search checks a state when its first discoverer inserts it.
      return [store.parent(e.id), store.transition(e.id)];
    case 'deadlock':
    case 'quiescent':
    case 'full':
    case 'error':
      return [from + e.index, -1];
    case 'grow':
      return [Infinity, 0];
    default:
      return unreachable(e);
  }
}

/**
 * Expands the state reached by `path` on this thread, as a worker did when a variant's code
 * threw there: the same error, thrown here, leaves with its place and the user's stack.
 */
function reexpand(sys: System, path: readonly TransitionId[]): void {
  try {
    const s = replayPath(sys, path).steps.at(-1)?.state ?? sys.initial();
    if (sys.successors(s, (_tr, next) => (sys.checkState(next), true)) === 0 && sys.isIdle(s)) sys.checkQuiescent(s);
  } catch (e) {
    if (e instanceof UserCodeError) {
      locateUserCodeError(e, sys, path);
      throw e;
    }
  }
}

/**
 * Runs a parallel BFS with `workers` threads. `sys` is the main thread's copy of the system,
 * used for the initial state and to replay counterexamples; `factory` builds the same system in
 * each worker. A system with the partial-order reduction on is refused (status `error`): its
 * cycle proviso compares the numbers of states, which only the sequential search gives in order.
 */
export async function exploreParallel(sys: System, factory: SystemFactory, workers: number | WorkerPool, opts: ParallelOptions = {}): Promise<CheckResult> {
  if (sys.persistent)
    return { status: 'error', message: 'the parallel search does not take the partial-order reduction: run it with one worker', states: 0, transitions: 0, depth: 0, seconds: 0, statesPerSecond: 0, bytesPerState: 0, collisionProbability: 0 };
  const chunkStates = Math.max(1, opts.chunkStates ?? CHUNK);
  const t0 = performance.now();
  const narrow = (sys.transitionCount ?? Infinity) <= 0x10000;
  let store = SharedStore.create(1024, narrow);
  const arenas = new LevelArenas(sys.words, opts.segmentShift);
  let transitions = 0;
  let maxDepth = 0;
  let truncated = false;
  const stats = (): SearchStats => {
    const seconds = (performance.now() - t0) / 1000;
    const n = store.size;
    return {
      states: n,
      transitions,
      depth: maxDepth,
      seconds,
      statesPerSecond: seconds > 0 ? Math.round(n / seconds) : 0,
      bytesPerState: n ? store.bytes / n : 0,
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
  const reserve = (sys.transitionCount ?? 4096) * workerPool.size;
  // Room kept ahead of the store's size: the successors of a chunk's states, at most.
  const headroom = reserve + chunkStates * 2;
  try {
    const pool = await workerPool.forFactory(factory);
    await Promise.all(pool.map((h) => h.adopt(store.buffers, { shift: arenas.shift })));
    const init = sys.initial();
    const fp = new Uint32Array(2);
    fingerprint(sys.canonical ? sys.canonical(init) : init, fp);
    const id0 = store.insert(fp[0], fp[1], NO_PARENT, 0, 1);
    const f0 = sys.checkState(init);
    if (f0) return { status: 'violation', finding: f0, trace: [], initial: init, atQuiescence: false, ...stats() };
    arenas.ensure(0, 1);
    arenas.views.write(0, 0, init);
    let levelIds = new Uint32Array(new SharedArrayBuffer(4));
    levelIds[0] = id0;
    // The level being expanded began at this store size: its states are at id - readStart.
    let readStart = id0;
    let depth = 0;
    let lastTick = t0;
    const depthBound = opts.maxDepth ?? Infinity;

    while (levelIds.length > 0) {
      const count = levelIds.length;
      const levelStart = store.size;
      const read = depth & 1;
      const write = 1 - read;
      arenas.ensure(write, 2 * headroom);
      const queue: Chunk[] = [];
      for (let from = 0; from < count; from += chunkStates) queue.push({ from, to: Math.min(count, from + chunkStates) });
      const events: { event: ChunkEvent; from: number }[] = [];
      // No chunk at or beyond this level index is started once an event was raised before it.
      let stopAt = Infinity;
      let mustGrow = false;
      let stopped: CheckResult | null = null;
      const idle = [...pool];
      const running = new Map<WorkerHandle, Promise<{ h: WorkerHandle; chunk: Chunk; reply: ChunkReply }>>();
      for (;;) {
        while (!mustGrow && !stopped && idle.length && queue.length && queue[0].from < stopAt) {
          const chunk = queue.shift()!;
          const h = idle.shift()!;
          const req = {
            count: chunk.to - chunk.from,
            from: chunk.from,
            order: levelIds.buffer as SharedArrayBuffer,
            read,
            readStart,
            segments: arenas.grantsFor(h),
            levelStart,
            atDepthBound: depth >= depthBound,
            maxStates: opts.maxStates,
            reserve,
          };
          running.set(
            h,
            h.expand(req).then((reply) => ({ h, chunk, reply })),
          );
        }
        if (running.size === 0) {
          if (mustGrow) {
            // Every worker is idle: double the table (at least), and let them adopt it.
            store = store.withTable(store.size + 2 * headroom);
            await Promise.all(pool.map((h) => h.adopt(store.buffers, null)));
            mustGrow = false;
            continue;
          }
          break;
        }
        const { h, chunk, reply } = await Promise.race(running.values());
        running.delete(h);
        idle.push(h);
        transitions += reply.transitions;
        if (reply.truncated) truncated = true;
        // The per-id arrays grow in place, and the next level's arena by segments, ahead of need, while the workers run.
        if (store.size + 2 * headroom > store.idCapacity) store.growIds(Math.max(Math.ceil(store.idCapacity * 1.25), store.size + 3 * headroom));
        arenas.ensure(write, store.size - levelStart + 2 * headroom);
        if (reply.overflow) {
          const ids = new Uint32Array(reply.overflow.ids);
          const states = new Uint16Array(reply.overflow.states);
          for (let j = 0; j < ids.length; j++) arenas.views.write(write, ids[j] - levelStart, states.subarray(j * sys.words, (j + 1) * sys.words));
        }
        const e = reply.event;
        if (e?.kind === 'grow') {
          if (store.tableFull(headroom)) mustGrow = true;
          queue.unshift({ from: chunk.from + reply.done, to: chunk.to });
        } else if (e) {
          events.push({ event: e, from: chunk.from });
          stopAt = Math.min(stopAt, chunk.from + e.index + 1);
        }
        const now = performance.now();
        if (!stopped && opts.timeoutSeconds !== undefined && (now - t0) / 1000 >= opts.timeoutSeconds)
          stopped = { status: 'bound', bound: 'timeout', limit: opts.timeoutSeconds, ...stats() };
        if (!stopped && now - lastTick >= 1000) {
          lastTick = now;
          opts.onProgress?.({ states: store.size, transitions, frontier: count, depth: maxDepth, seconds: (now - t0) / 1000 });
          if (opts.shouldStop?.()) stopped = { status: 'bound', bound: 'interrupted', limit: 0, ...stats() };
        }
      }
      if (stopped) return stopped;
      if (store.size > levelStart) maxDepth = depth + 1;
      if (events.length) {
        // The earliest event in the sequential order wins; ranks read level indices, so before they are resolved.
        const ranked = events.map((x) => ({ ...x, rank: eventRank(x.event, x.from, store) }));
        ranked.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1]);
        store.resolveParents(levelStart, levelIds);
        const { event: e, from } = ranked[0];
        const parent = levelIds[from + e.index];
        switch (e.kind) {
          case 'step':
            return violation(parent, [e.tr], e.finding, false);
          case 'state':
            return violation(e.id, [], e.finding, false);
          case 'deadlock': {
            const r = replayPath(sys, pathTo(parent));
            return { status: 'deadlock', message: e.message, trace: r.steps, initial: r.initial, ...stats() };
          }
          case 'quiescent':
            return violation(parent, [], e.finding, true);
          case 'full':
            return { status: 'bound', bound: 'maxStates', limit: opts.maxStates!, ...stats() };
          case 'error':
            if (e.user) reexpand(sys, pathTo(parent));
            return { status: 'error', message: e.message, ...stats() };
          case 'grow':
            throw new Error('[pagecheck internal bug] a grow request ranked as an event');
          default:
            return unreachable(e);
        }
      }
      const next = orderLevel(store, levelStart);
      store.resolveParents(levelStart, levelIds);
      levelIds = next;
      readStart = levelStart;
      depth++;
      if (opts.maxStates !== undefined && store.size >= opts.maxStates) return { status: 'bound', bound: 'maxStates', limit: opts.maxStates, ...stats() };
    }
    if (truncated) return { status: 'bound', bound: 'maxDepth', limit: depthBound, ...stats() };
    return { status: 'ok', ...stats() };
  } catch (e) {
    if (e instanceof UserCodeError) {
      locateUserCodeError(e, sys, []);
      throw e;
    }
    return { status: 'error', message: e instanceof Error ? e.message : String(e), ...stats() };
  } finally {
    await owned?.close();
  }
}

/**
 * The next level's state ids in the sequential BFS's order: by the first discoverer's level
 * index (a counting sort), then by transition, in shared memory for the workers. Reads level
 * indices from the parent words, so it runs before {@link SharedStore.resolveParents}.
 */
function orderLevel(store: SharedStore, levelStart: number): Uint32Array<SharedArrayBuffer> {
  const n = store.size - levelStart;
  let maxParent = 0;
  for (let i = 0; i < n; i++) maxParent = Math.max(maxParent, store.parent(levelStart + i));
  const starts = new Uint32Array(maxParent + 2);
  for (let i = 0; i < n; i++) starts[store.parent(levelStart + i) + 1]++;
  for (let p = 0; p <= maxParent; p++) starts[p + 1] += starts[p];
  const ids = new Uint32Array(new SharedArrayBuffer(4 * n));
  for (let i = 0; i < n; i++) ids[starts[store.parent(levelStart + i)]++] = levelStart + i;
  // Within one parent, by transition (a parent has few new children: insertion sort).
  for (let i = 1; i < n; i++) {
    const id = ids[i];
    const p = store.parent(id);
    const tr = store.transition(id);
    let j = i - 1;
    while (j >= 0 && store.parent(ids[j]) === p && store.transition(ids[j]) > tr) {
      ids[j + 1] = ids[j];
      j--;
    }
    ids[j + 1] = id;
  }
  return ids;
}
