/**
 * A worker of the parallel search: builds the same system as the main thread from a factory,
 * then expands the chunks of a level it is sent. It inserts every successor into the shared
 * store itself, checks the states it was first to insert, writes those into the next level's
 * shared arena, and answers with the first event that stopped the chunk, if any.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fingerprint } from './store.ts';
import { UserCodeError } from '../variant/overrides.ts';
import { SharedStore } from './shared-store.ts';
import { ArenaViews, SEGMENT_SHIFT } from './level-arena.ts';
import type { Finding, System } from './types.ts';
import type { ChunkEvent, ChunkReply, ChunkRequest, SystemFactory, WorkerMessage } from './parallel.ts';

/** Builds the system a factory describes. */
async function build(factory: SystemFactory): Promise<System> {
  const mod = (await import(factory.module)) as Record<string, (args: unknown) => System>;
  return mod[factory.exportName](factory.args);
}

let sys: System = await build((workerData as { factory: SystemFactory }).factory);
let store: SharedStore | null = null;
// Made anew with each search's fresh store.
let arenas = new ArenaViews(sys.words, SEGMENT_SHIFT);
const port = parentPort!;
const fp = new Uint32Array(2);

port.on('message', (m: WorkerMessage) => {
  switch (m.kind) {
    case 'factory':
      void build(m.factory).then((s) => {
        sys = s;
        store = null;
        port.postMessage({ ready: true });
      });
      return;
    case 'store':
      store = new SharedStore(m.buffers);
      if (m.fresh) arenas = new ArenaViews(sys.words, m.fresh.shift);
      port.postMessage({ ready: true });
      return;
    case 'chunk': {
      let reply: ChunkReply;
      try {
        reply = expand(m);
      } catch (e) {
        reply = { done: 0, transitions: 0, truncated: false, event: { kind: 'error', index: 0, message: e instanceof Error ? e.message : String(e) } };
      }
      port.postMessage(reply, reply.overflow ? [reply.overflow.ids, reply.overflow.states] : []);
      return;
    }
  }
});

/** The expansion of one chunk: the successor visitor is a method, created once per chunk. */
class Expansion {
  transitions = 0;
  truncated = false;
  event: ChunkEvent | undefined = undefined;
  /** The state being expanded: its chunk index and level index, and the last transition met. */
  private index = 0;
  private parent = 0;
  private lastTr = -1;
  private readonly levelStart: number;
  private readonly atDepthBound: boolean;
  /** The arena the new states go to. */
  private readonly write: number;
  private readonly overflowIds: number[] = [];
  private readonly overflowStates: Uint16Array[] = [];
  readonly visit: (tr: number, next: Uint16Array, finding: Finding | null) => boolean;

  constructor(
    private readonly sys: System,
    private readonly st: SharedStore,
    private readonly arenas: ArenaViews,
    req: ChunkRequest,
  ) {
    this.levelStart = req.levelStart;
    this.atDepthBound = req.atDepthBound;
    this.write = 1 - req.read;
    this.visit = (tr, next, finding) => this.successor(tr, next, finding);
  }

  /** Starts the state at chunk index `i`, level index `parent`. */
  begin(i: number, parent: number): void {
    this.index = i;
    this.parent = parent;
    this.lastTr = -1;
  }

  private successor(tr: number, next: Uint16Array, finding: Finding | null): boolean {
    this.transitions++;
    if (tr <= this.lastTr) {
      this.event = { kind: 'error', index: this.index, message: `[pagecheck internal bug] successors of a state are not enumerated in increasing transition order (${tr} after ${this.lastTr}); the parallel search relies on it` };
      return false;
    }
    this.lastTr = tr;
    if (finding) {
      this.event = { kind: 'step', index: this.index, tr, finding };
      return false;
    }
    if (this.atDepthBound) {
      this.truncated = true;
      return true;
    }
    const sys = this.sys;
    fingerprint(sys.canonical ? sys.canonical(next) : next, fp);
    const id = this.st.insert(fp[0], fp[1], this.parent, tr, this.levelStart);
    if (id < 0) return true;
    const f = sys.checkState(next);
    if (f) {
      this.event = { kind: 'state', index: this.index, id, finding: f };
      return false;
    }
    const pos = id - this.levelStart;
    if (this.arenas.has(this.write, pos)) this.arenas.write(this.write, pos, next);
    else {
      this.overflowIds.push(id);
      this.overflowStates.push(next.slice());
    }
    return true;
  }

  /** The states that did not fit the segments this worker has, for the main thread to write. */
  overflow(): { ids: ArrayBuffer; states: ArrayBuffer } | undefined {
    const n = this.overflowIds.length;
    if (n === 0) return undefined;
    const w = this.sys.words;
    const states = new Uint16Array(n * w);
    this.overflowStates.forEach((s, j) => states.set(s, j * w));
    return { ids: Uint32Array.from(this.overflowIds).buffer, states: states.buffer };
  }
}

function expand(req: ChunkRequest): ChunkReply {
  if (!store) throw new Error('[pagecheck internal bug] a chunk reached a worker before its store');
  const st = store;
  arenas.adopt(req.segments);
  const x = new Expansion(sys, st, arenas, req);
  const { count, from, reserve, maxStates, read, readStart, levelStart } = req;
  const order = new Uint32Array(req.order);
  const room = arenas.capacity(1 - read) + levelStart;
  let i = 0;
  for (; i < count; i++) {
    // Every successor of a state may be new, on every worker: stop before a state whose successors
    // might not fit in the store or in the segments of the next level's arena this worker has (the
    // other worker may still take ids past them meanwhile: those states go back as overflow).
    if (!st.room(reserve) || st.size + reserve > room) {
      x.event = { kind: 'grow', index: i };
      break;
    }
    if (maxStates !== undefined && st.size >= maxStates) {
      x.event = { kind: 'full', index: i };
      break;
    }
    const s = arenas.state(read, order[from + i] - readStart);
    x.begin(i, from + i);
    let n: number;
    try {
      n = sys.successors(s, x.visit);
    } catch (e) {
      // The main thread expands the state again itself to report the error (a variant's own
      // code's, with its stack and place, or pagecheck's).
      x.event = { kind: 'error', index: i, message: e instanceof Error ? e.message : String(e), ...(e instanceof UserCodeError ? { user: true } : {}) };
      break;
    }
    if (x.event) break;
    if (n === 0) {
      if (!sys.isIdle(s)) x.event = { kind: 'deadlock', index: i, message: sys.describeDeadlock(s) };
      else {
        const q = sys.checkQuiescent(s);
        if (q) x.event = { kind: 'quiescent', index: i, finding: q };
      }
      if (x.event) break;
    }
  }
  // `done`: states expanded; a chunk stopped by an event stops at the state that raised it.
  const overflow = x.overflow();
  return { done: i, transitions: x.transitions, truncated: x.truncated, event: x.event, ...(overflow ? { overflow } : {}) };
}

port.postMessage({ ready: true });
