/**
 * Checkpoint files of a long exhaustive search: what was checked (model, variant, configuration,
 * strategy), the fingerprint store with its parent links, and the frontier. A resumed search
 * continues exactly where the checkpoint was taken and can still print counterexamples.
 *
 * Format 3 (format 2 with the fingerprint of src/engine/store.ts as it is now: a store of another
 * fingerprint function cannot be resumed): the line `pagecheck-checkpoint 3`, a 4-byte
 * little-endian header length, the JSON header, the SHA-256 of those three, then the sections
 * (fpHi, fpLo, parents, trans as uint32; frontier states as uint16, frontier ids and depths as
 * uint32) back to back. The header lists each section's length and SHA-256. Nothing is resumed
 * unless every checksum matches and every figure is consistent with the others: a damaged
 * checkpoint is refused ("corrupt checkpoint", naming the file and the section), never resumed into
 * another answer.
 *
 * Writing goes through {@link writeAtomic} (a temporary file, synced, renamed), so that a reader
 * never sees half a checkpoint and a failed write keeps the previous one.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { readInput, writeAtomic } from '../util/files.ts';
import { UsageError } from '../util/unreachable.ts';
import type { SearchSnapshot } from './explore.ts';
import { NO_PARENT, fingerprint } from './store.ts';

const MAGIC = 'pagecheck-checkpoint 3\n';
const MAGIC_RE = /^pagecheck-checkpoint (\d+)\n/;
const DIGEST = 32;
/** A header is the identity (with the whole configuration) and a few figures: far below this. */
const MAX_HEADER = 1 << 24;
/** Checkpoints are bounded by memory anyway; this bounds what is read before anything is checked. */
const MAX_FILE = 2 ** 34;

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

/** What a resume checks a checkpoint's contents against, beyond its identity. */
export interface CheckpointSystem {
  /** Every transition id is below it (absent: not checked). */
  readonly transitionCount?: number;
  /** The state the store keeps the fingerprint of (the symmetry representative, or the state). */
  canonical?(s: Uint16Array): Uint16Array;
}

const SECTIONS = [
  ['fpHi', 4],
  ['fpLo', 4],
  ['parents', 4],
  ['trans', 4],
  ['frontierStates', 2],
  ['frontierIds', 4],
  ['frontierDepths', 4],
] as const;
type SectionName = (typeof SECTIONS)[number][0];

const count = z.number().int().min(0).max(2 ** 32);
const HeaderSchema = z
  .object({
    model: z.string(),
    variant: z.string(),
    config: z.unknown(),
    strategy: z.enum(['bfs', 'dfs']),
    words: z.number().int().min(1).max(2 ** 20),
    reductions: z.string(),
    transitions: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    maxDepth: count,
    truncated: z.boolean(),
    seconds: z.number().finite().min(0),
    states: count,
    frontier: count,
    sections: z.array(z.object({ name: z.string(), bytes: z.number().int().min(0).max(MAX_FILE), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict()).length(SECTIONS.length),
  })
  .strict();

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

/** The bytes of a typed array, without copying. */
const bytesOf = (a: Uint16Array | Uint32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * Writes a checkpoint atomically. A {@link import('../util/files.ts').WriteError} when it cannot
 * be written (the previous checkpoint, if any, is then unchanged).
 */
export function writeCheckpoint(path: string, id: CheckpointIdentity, snap: SearchSnapshot): void {
  const arrays: Record<SectionName, Uint16Array | Uint32Array> = {
    fpHi: snap.store.fpHi,
    fpLo: snap.store.fpLo,
    parents: snap.store.parents,
    trans: snap.store.trans,
    frontierStates: snap.frontier.states,
    frontierIds: snap.frontier.ids,
    frontierDepths: snap.frontier.depths,
  };
  const sections = SECTIONS.map(([name]) => ({ name, bytes: arrays[name].byteLength, sha256: sha256(bytesOf(arrays[name])).toString('hex') }));
  const header = Buffer.from(
    JSON.stringify({
      ...id,
      transitions: snap.transitions,
      maxDepth: snap.maxDepth,
      truncated: snap.truncated,
      seconds: snap.seconds,
      states: snap.store.fpHi.length,
      frontier: snap.frontier.ids.length,
      sections,
    }),
  );
  const magic = Buffer.from(MAGIC);
  const len = u32(header.length);
  writeAtomic(path, 'checkpoint', [magic, len, header, sha256(magic, len, header), ...SECTIONS.map(([name]) => bytesOf(arrays[name]))]);
}

/**
 * Reads a checkpoint and checks it before anything is resumed: its checksums, its identity
 * against `expect`, and the consistency of its figures and arrays (with `sys`, every transition
 * id and every frontier state's fingerprint too). Every problem is a UsageError naming the file:
 * "corrupt checkpoint" with the section for damage, what differs for another search.
 */
export function readCheckpoint(path: string, expect: CheckpointIdentity, sys: CheckpointSystem = {}): SearchSnapshot {
  const buf = readInput(path, 'checkpoint', MAX_FILE);
  const corrupt = (section: string, why: string) => new UsageError(`corrupt checkpoint ${path}: ${section}: ${why}; it cannot be resumed (resume from an older copy, or start the search again)`);
  const head = buf.subarray(0, 64).toString('latin1');
  const m = MAGIC_RE.exec(head);
  if (!m) throw new UsageError(`${path} is not a pagecheck checkpoint`);
  if (m[0] !== MAGIC)
    throw new UsageError(`checkpoint ${path} is in format ${m[1]}, which this pagecheck does not read (it reads format 3, with checksums and the current fingerprint); start the search again`);
  let at = MAGIC.length;
  if (buf.length < at + 4) throw corrupt('header', 'the file is truncated before the header');
  const hlen = buf.readUInt32LE(at);
  at += 4;
  if (hlen > MAX_HEADER || buf.length < at + hlen + DIGEST) throw corrupt('header', `the header length (${hlen} bytes) runs past the end of the file, or the file is truncated`);
  const header = buf.subarray(at, at + hlen);
  at += hlen;
  if (!sha256(buf.subarray(0, at)).equals(buf.subarray(at, at + DIGEST))) throw corrupt('header', 'its checksum does not match (the header or its length was changed)');
  at += DIGEST;
  let raw: unknown;
  try {
    raw = JSON.parse(header.toString('utf8'));
  } catch {
    throw corrupt('header', 'it is not JSON');
  }
  const parsed = HeaderSchema.safeParse(raw);
  if (!parsed.success) throw corrupt('header', parsed.error.issues.map((i) => `${i.path.join('.') || 'header'}: ${i.message}`).join('; '));
  const h = parsed.data;

  for (const k of ['model', 'variant', 'strategy', 'words', 'reductions'] as const)
    if (h[k] !== expect[k]) throw new UsageError(`checkpoint ${path} was taken of ${k} ${String(h[k]) || '(none)'}, not ${String(expect[k]) || '(none)'}`);
  if (JSON.stringify(h.config) !== JSON.stringify(expect.config)) throw new UsageError(`checkpoint ${path} was taken of another configuration`);

  const arrays = {} as Record<SectionName, Uint8Array>;
  for (let i = 0; i < SECTIONS.length; i++) {
    const [name, size] = SECTIONS[i];
    const s = h.sections[i];
    if (s.name !== name) throw corrupt('header', `section ${i + 1} is named ${s.name}, not ${name}`);
    if (s.bytes % size !== 0) throw corrupt(`section ${name}`, `its length (${s.bytes} bytes) is not a multiple of ${size}`);
    if (at + s.bytes > buf.length) throw corrupt(`section ${name}`, 'the file is truncated');
    const bytes = buf.subarray(at, at + s.bytes);
    if (sha256(bytes).toString('hex') !== s.sha256) throw corrupt(`section ${name}`, `bytes ${at}..${at + s.bytes - 1} do not match its checksum`);
    // A copy, aligned for the typed array that reads it.
    arrays[name] = new Uint8Array(bytes);
    at += s.bytes;
  }
  if (at !== buf.length) throw corrupt('end', buf.length - at === 1 ? '1 byte follows the last section' : `${buf.length - at} bytes follow the last section`);

  const u32a = (b: Uint8Array) => new Uint32Array(b.buffer, b.byteOffset, b.byteLength / 4);
  const store = { fpHi: u32a(arrays.fpHi), fpLo: u32a(arrays.fpLo), parents: u32a(arrays.parents), trans: u32a(arrays.trans) };
  const frontier = { states: new Uint16Array(arrays.frontierStates.buffer, 0, arrays.frontierStates.byteLength / 2), ids: u32a(arrays.frontierIds), depths: u32a(arrays.frontierDepths) };
  checkContents(h, store, frontier, sys, corrupt);
  return { strategy: h.strategy, words: h.words, transitions: h.transitions, maxDepth: h.maxDepth, truncated: h.truncated, seconds: h.seconds, store, frontier };
}

/** The figures and arrays agree with each other (and with the system): checked even when every checksum matches. */
function checkContents(
  h: z.infer<typeof HeaderSchema>,
  store: SearchSnapshot['store'],
  frontier: SearchSnapshot['frontier'],
  sys: CheckpointSystem,
  corrupt: (section: string, why: string) => UsageError,
): void {
  const n = h.states;
  for (const [name, a] of Object.entries(store)) if (a.length !== n) throw corrupt(`section ${name}`, `it holds ${a.length} entries for ${n} states`);
  if (frontier.ids.length !== h.frontier || frontier.depths.length !== h.frontier) throw corrupt('section frontierIds', `the frontier holds ${frontier.ids.length} ids and ${frontier.depths.length} depths for ${h.frontier} states`);
  if (frontier.states.length !== h.frontier * h.words) throw corrupt('section frontierStates', `it holds ${frontier.states.length} words for ${h.frontier} states of ${h.words} words`);
  if (n === 0 || store.parents[0] !== NO_PARENT) throw corrupt('section parents', 'the first state is not the initial one');
  // States are numbered as they are found, so a parent always precedes its child.
  for (let i = 1; i < n; i++) if (store.parents[i] >= i) throw corrupt('section parents', `state ${i} has parent ${store.parents[i]}, not an earlier state`);
  if (sys.transitionCount !== undefined)
    for (let i = 1; i < n; i++) if (store.trans[i] >= sys.transitionCount) throw corrupt('section trans', `state ${i} was reached by transition ${store.trans[i]}, which this system does not have`);
  if (h.transitions < n - 1) throw corrupt('header', `${h.transitions} transitions cannot have reached ${n} states`);
  const fp = new Uint32Array(2);
  for (let i = 0; i < h.frontier; i++) {
    const id = frontier.ids[i];
    if (id >= n) throw corrupt('section frontierIds', `frontier entry ${i} names state ${id} of ${n}`);
    if (frontier.depths[i] > h.maxDepth) throw corrupt('section frontierDepths', `frontier entry ${i} has depth ${frontier.depths[i]}, beyond the recorded depth ${h.maxDepth}`);
    const s = frontier.states.subarray(i * h.words, (i + 1) * h.words);
    fingerprint(sys.canonical ? sys.canonical(s) : s, fp);
    if (fp[0] !== store.fpHi[id] || fp[1] !== store.fpLo[id]) throw corrupt('section frontierStates', `frontier entry ${i} is not the state its id ${id} names`);
  }
}
