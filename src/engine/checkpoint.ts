/**
 * Checkpoint files of a long exhaustive search: what was checked (model, variant, configuration,
 * strategy), the fingerprint store with its parent links, and the frontier. A resumed search
 * continues exactly where the checkpoint was taken and can still print counterexamples.
 *
 * Format: the line `pagecheck-checkpoint 1`, a 4-byte little-endian header length, a JSON
 * header, then the arrays (fpHi, fpLo, parents, trans as uint32; frontier states as uint16,
 * frontier ids and depths as uint32), each preceded by its byte length.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { UsageError } from '../util/unreachable.ts';
import type { SearchSnapshot } from './explore.ts';

const MAGIC = 'pagecheck-checkpoint 1\n';

/** What a checkpoint was taken of; a resume must match it. */
export interface CheckpointIdentity {
  readonly model: string;
  readonly variant: string;
  readonly config: unknown;
  readonly strategy: string;
  readonly words: number;
  /** The reductions the search runs with, comma-separated ('' for none): a reduced search's store holds only what it reached. */
  readonly reductions: string;
}

/** Writes a checkpoint atomically (to a temporary file, then renamed). */
export function writeCheckpoint(path: string, id: CheckpointIdentity, snap: SearchSnapshot): void {
  const header = Buffer.from(
    JSON.stringify({ ...id, transitions: snap.transitions, maxDepth: snap.maxDepth, truncated: snap.truncated, seconds: snap.seconds, states: snap.store.fpHi.length, frontier: snap.frontier.ids.length }),
  );
  const arrays = [snap.store.fpHi, snap.store.fpLo, snap.store.parents, snap.store.trans, snap.frontier.states, snap.frontier.ids, snap.frontier.depths];
  const parts: Buffer[] = [Buffer.from(MAGIC), u32(header.length), header];
  for (const a of arrays) {
    parts.push(u32(a.byteLength));
    parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  }
  const tmp = `${path}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat(parts));
    renameSync(tmp, path);
  } catch (e) {
    throw new UsageError(`cannot write checkpoint ${path}: ${(e as Error).message}`);
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

/** Reads a checkpoint; a UsageError when the file is not one, is truncated, or does not match `expect`. */
export function readCheckpoint(path: string, expect: CheckpointIdentity): SearchSnapshot {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read checkpoint ${path}: ${(e as Error).message}`);
  }
  if (buf.subarray(0, MAGIC.length).toString() !== MAGIC) throw new UsageError(`${path} is not a pagecheck checkpoint`);
  let at = MAGIC.length;
  const need = (n: number) => {
    if (at + n > buf.length) throw new UsageError(`checkpoint ${path} is truncated`);
  };
  need(4);
  const hlen = buf.readUInt32LE(at);
  at += 4;
  need(hlen);
  const h = JSON.parse(buf.subarray(at, at + hlen).toString()) as CheckpointIdentity & {
    transitions: number;
    maxDepth: number;
    truncated: boolean;
    seconds: number;
  };
  at += hlen;
  for (const k of ['model', 'variant', 'strategy', 'words', 'reductions'] as const)
    if ((h[k] ?? '') !== expect[k]) throw new UsageError(`checkpoint ${path} was taken of ${k} ${String(h[k])}, not ${String(expect[k])}`);
  if (JSON.stringify(h.config) !== JSON.stringify(expect.config)) throw new UsageError(`checkpoint ${path} was taken of another configuration`);
  const next = <T>(make: (b: ArrayBuffer) => T): T => {
    need(4);
    const len = buf.readUInt32LE(at);
    at += 4;
    need(len);
    const copy = new ArrayBuffer(len);
    new Uint8Array(copy).set(buf.subarray(at, at + len));
    at += len;
    return make(copy);
  };
  const u32a = (b: ArrayBuffer) => new Uint32Array(b);
  const store = { fpHi: next(u32a), fpLo: next(u32a), parents: next(u32a), trans: next(u32a) };
  const frontier = { states: next((b) => new Uint16Array(b)), ids: next(u32a), depths: next(u32a) };
  return { strategy: h.strategy as SearchSnapshot['strategy'], words: h.words, transitions: h.transitions, maxDepth: h.maxDepth, truncated: h.truncated, seconds: h.seconds, store, frontier };
}
