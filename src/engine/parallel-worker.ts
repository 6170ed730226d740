/**
 * A worker of the parallel search: builds the same system as the main thread from a factory,
 * then expands the chunks of a level it is sent. It inserts every successor into the shared
 * store itself, checks the states it was first to insert, and returns those states (the next
 * level's share it found) with the first event that stopped the chunk, if any.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fingerprint } from './store.ts';
import { SharedStore } from './shared-store.ts';
import type { System } from './types.ts';
import type { ChunkEvent, ChunkReply, ChunkRequest, SystemFactory, WorkerMessage } from './parallel.ts';

/** Builds the system a factory describes. */
async function build(factory: SystemFactory): Promise<System> {
  const mod = (await import(factory.module)) as Record<string, (args: unknown) => System>;
  return mod[factory.exportName](factory.args);
}

let sys: System = await build((workerData as { factory: SystemFactory }).factory);
let store: SharedStore | null = null;
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
      port.postMessage({ ready: true });
      return;
    case 'chunk': {
      let reply: ChunkReply;
      try {
        reply = expand(m);
      } catch (e) {
        reply = { done: 0, transitions: 0, states: new ArrayBuffer(0), ids: new ArrayBuffer(0), truncated: false, event: { kind: 'error', index: 0, message: e instanceof Error ? e.message : String(e) } };
      }
      port.postMessage(reply, [reply.states, reply.ids]);
      return;
    }
  }
});

function expand(req: ChunkRequest): ChunkReply {
  if (!store) throw new Error('[pagecheck internal bug] a chunk reached a worker before its store');
  const st = store;
  const w = sys.words;
  const states = new Uint16Array(req.states);
  let cap = Math.max(16, req.count * 2);
  let out = new Uint16Array(cap * w);
  let ids = new Uint32Array(cap);
  let n = 0;
  let transitions = 0;
  let truncated = false;
  let event: ChunkEvent | undefined;
  let i = 0;
  for (; i < req.count; i++) {
    // Every successor of a state may be new, on every worker: stop before a state whose successors might not fit.
    if (!st.room(req.reserve)) {
      event = { kind: 'grow', index: i };
      break;
    }
    if (req.maxStates !== undefined && st.size >= req.maxStates) {
      event = { kind: 'full', index: i };
      break;
    }
    const s = states.subarray(i * w, i * w + w);
    const parent = req.from + i;
    let lastTr = -1;
    const count = sys.successors(s, (tr, next, finding) => {
      transitions++;
      if (tr <= lastTr) {
        event = { kind: 'error', index: i, message: `[pagecheck internal bug] successors of a state are not enumerated in increasing transition order (${tr} after ${lastTr}); the parallel search relies on it` };
        return false;
      }
      lastTr = tr;
      if (finding) {
        event = { kind: 'step', index: i, tr, finding };
        return false;
      }
      if (req.atDepthBound) {
        truncated = true;
        return true;
      }
      fingerprint(sys.canonical ? sys.canonical(next) : next, fp);
      const id = st.insert(fp[0], fp[1], parent, tr, req.levelStart);
      if (id < 0) return true;
      const f = sys.checkState(next);
      if (f) {
        event = { kind: 'state', index: i, id, finding: f };
        return false;
      }
      if (n === cap) {
        cap *= 2;
        const grown = new Uint16Array(cap * w);
        grown.set(out);
        out = grown;
        const grownIds = new Uint32Array(cap);
        grownIds.set(ids);
        ids = grownIds;
      }
      out.set(next, n * w);
      ids[n++] = id;
      return true;
    });
    if (event) break;
    if (count === 0) {
      if (!sys.isIdle(s)) event = { kind: 'deadlock', index: i, message: sys.describeDeadlock(s) };
      else {
        const q = sys.checkQuiescent(s);
        if (q) event = { kind: 'quiescent', index: i, finding: q };
      }
      if (event) break;
    }
  }
  // `done`: states expanded; a chunk stopped by an event stops at the state that raised it.
  return { done: i, transitions, truncated, states: out.buffer.slice(0, n * w * 2), ids: ids.buffer.slice(0, n * 4), event };
}
port.postMessage({ ready: true });
