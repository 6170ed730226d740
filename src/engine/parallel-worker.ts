/**
 * A worker of the parallel search: builds the same system as the main thread from a factory,
 * then expands the states it is sent, level by level, and returns their successors with their
 * fingerprints, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { NO_PARENT, StateStore, fingerprint } from './store.ts';
import type { Finding, System } from './types.ts';
import type { ExpandReply, ExpandRequest, SystemFactory } from './parallel.ts';

/** Builds the system a factory describes. */
async function build(factory: SystemFactory): Promise<System> {
  const mod = (await import(factory.module)) as Record<string, (args: unknown) => System>;
  return mod[factory.exportName](factory.args);
}

let sys: System = await build((workerData as { factory: SystemFactory }).factory);
const port = parentPort!;
/** Marks a successor this worker sent before (its state is not sent again). */
const KNOWN = 0xffffffff;
const fp = new Uint32Array(2);
// Fingerprints this worker has already sent: a successor seen before by this worker is known to
// the main thread's store, so only the transition is counted, not the state sent again.
let sent = new StateStore();

port.on('message', (req: ExpandRequest | { factory: SystemFactory }) => {
  if ('factory' in req) {
    // A new search (possibly of another system): rebuild and forget what was sent.
    void build(req.factory).then((s) => {
      sys = s;
      sent = new StateStore();
      port.postMessage({ ready: true, words: sys.words });
    });
    return;
  }
  const w = sys.words;
  const states = new Uint16Array(req.states);
  const succCount = new Uint32Array(req.count);
  let cap = Math.max(16, req.count * 4);
  let succStates = new Uint16Array(cap * w);
  let succTr = new Uint32Array(cap);
  let succFp = new Uint32Array(cap * 2);
  let n = 0;
  const notes: ExpandReply['notes'] = [];
  const stepFindings: { succ: number; finding: Finding }[] = [];
  for (let i = 0; i < req.count; i++) {
    const s = states.subarray(i * w, i * w + w);
    const f = sys.checkState(s);
    if (f) {
      notes.push({ state: i, kind: 'violation', finding: f });
      continue;
    }
    const before = n;
    sys.successors(s, (tr, next, finding) => {
      if (n === cap) {
        cap *= 2;
        const grow16 = new Uint16Array(cap * w);
        grow16.set(succStates);
        succStates = grow16;
        const growTr = new Uint32Array(cap);
        growTr.set(succTr);
        succTr = growTr;
        const growFp = new Uint32Array(cap * 2);
        growFp.set(succFp);
        succFp = growFp;
      }
      fingerprint(sys.canonical ? sys.canonical(next) : next, fp);
      const fresh = finding !== null || sent.insertFingerprint(fp[0], fp[1], NO_PARENT, 0) >= 0;
      if (fresh) succStates.set(next, n * w);
      succTr[n] = fresh ? tr : KNOWN;
      succFp[2 * n] = fp[0];
      succFp[2 * n + 1] = fp[1];
      if (finding) stepFindings.push({ succ: n, finding });
      n++;
      return true;
    });
    succCount[i] = n - before;
    if (n === before) {
      if (!sys.isIdle(s)) notes.push({ state: i, kind: 'deadlock', message: sys.describeDeadlock(s) });
      else {
        const q = sys.checkQuiescent(s);
        if (q) notes.push({ state: i, kind: 'quiescent', finding: q });
      }
    }
  }
  const reply: ExpandReply = {
    succCount: succCount.buffer,
    succStates: succStates.buffer.slice(0, n * w * 2),
    succTr: succTr.buffer.slice(0, n * 4),
    succFp: succFp.buffer.slice(0, n * 8),
    notes,
    stepFindings,
  };
  port.postMessage(reply, [reply.succCount, reply.succStates, reply.succTr, reply.succFp]);
});
port.postMessage({ ready: true, words: sys.words });
