/**
 * The JSON trace file written by `--trace-out` and read by `pagecheck replay`: the model, the
 * variant, the full configuration, the outcome and every step (by transition key, with the
 * readable step and memory map beside it). A replay needs nothing but this file, and the variant
 * file when it was recorded with one.
 *
 * Format version 2 (`version`, the one format field: bump it once per change of the format, and
 * keep reading the previous version or refuse it with a message):
 * - `digest`, the last field: the SHA-256 of the file's JSON without it (as `JSON.stringify`
 *   writes it), so that a damaged or edited trace is refused rather than replayed into another
 *   answer;
 * - `variantSha256`: the SHA-256 of the variant file's sources when recorded with one. A trace
 *   is made to be shared, so `replay` never loads code because the trace names it: the user
 *   passes `--variant FILE`, and its sources must hash to this.
 * Format version 3 adds what the trace viewer (`pagecheck view`) and tools of one's own read
 * without pagecheck: `layout` (the geometry), `initial` and each step's `state` (the state decoded
 * in allocator terms, see models/mm/snapshot.ts), and `finding` (its pfns, orders, CPUs, hint).
 * Version 2 (no states) is read as before; the viewer re-executes it to decode them.
 * Version 1 (no digest, no hash) is still read, except when it names a variant file.
 *
 * Reading checks the digest first (damage is reported as damage, whatever field it hit), then the
 * schema, whose names and lines (model, variant, configuration, steps, memory maps) must hold no
 * control character: a digest proves nothing against a trace made on purpose.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CheckResult, TraceStep } from '../engine/types.ts';
import { formatIssues } from '../config/load.ts';
import { printable } from '../util/printable.ts';
import { UsageError } from '../util/unreachable.ts';
import { readTextInput, writeAtomic } from '../util/files.ts';

/** The trace format this pagecheck writes (see the module comment). */
export const TRACE_VERSION = 3;

/** A control character, a line or paragraph separator: what could forge or hide a line of output. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A name or a line of a trace (model, variant, configuration, step, memory map): printed as it is,
 * so it must hold no control character. A trace is made to be shared, and what pagecheck writes
 * never has one, so a trace that does was made elsewhere and is refused (its digest is no
 * protection: anyone can compute it). Free text (a finding's message, its hint) is printed escaped.
 */
const text = z.string().refine((s) => !CONTROL.test(s), 'holds a control character (a newline or a terminal escape); pagecheck never writes one there');

const StepSchema = z.object({
  step: z.number().int().min(1),
  transition: text.min(1),
  thread: text,
  op: text,
  args: z.record(text, z.union([text, z.number()])),
  from: text,
  to: text,
  actions: z.array(text),
  memory: text,
  /** The state after the step, decoded (format 3; see models/mm/snapshot.ts for its fields). */
  state: z.record(z.string(), z.unknown()).optional(),
});

/** The geometry the viewer draws (format 3). */
const LayoutSchema = z.object({
  pfns: z.number().int().min(1),
  pagesPerSection: z.number().int().min(1),
  pageblockPages: z.number().int().min(1),
  orders: z.number().int().min(1),
  migratetypes: z.array(text),
  /** Thread names in lane order: the CPUs' tasks, then their interrupt contexts. */
  threads: z.array(text),
  /** The legend of the memory map. */
  legend: text,
});

/** Where a trace written by `pagecheck fuzz` comes from: the run that found it and what shrinking did. */
export const FuzzOriginSchema = z.object({
  kind: z.literal('fuzz'),
  strategy: text,
  seed: z.number().int(),
  /** fast-check path of the failing run. */
  path: text,
  run: z.number().int().min(1),
  steps: z.number().int().min(1),
  pctDepth: z.number().int().optional(),
  pctSteps: z.number().int().optional(),
  original: z.object({ steps: z.number().int(), contextSwitches: z.number().int() }),
  shrunk: z.object({ steps: z.number().int(), contextSwitches: z.number().int() }),
  /** The command line that regenerates the run from its seed and path. */
  rerun: text,
});

/** Schema of a trace file. */
export const TraceFileSchema = z.object({
  format: z.literal('pagecheck-trace'),
  version: z.union([z.literal(1), z.literal(2), z.literal(TRACE_VERSION)]),
  model: text.min(1),
  variant: text.min(1),
  /** The file a user-written variant was loaded from (where it was, for the reader: never loaded from here). */
  variantFile: text.optional(),
  /** The SHA-256 of that file's sources; `replay --variant FILE` must match it. */
  variantSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  config: text.min(1),
  configObject: z.record(z.string(), z.unknown()),
  status: z.enum(['violation', 'deadlock']),
  property: text.optional(),
  message: z.string(),
  atQuiescence: z.boolean(),
  /** What the finding names (format 3): the pfns, orders and CPUs involved, and the hint. */
  finding: z.object({ pfns: z.array(z.number().int()).optional(), orders: z.array(z.number().int()).optional(), cpus: z.array(z.number().int()).optional(), hint: z.string().optional() }).optional(),
  layout: LayoutSchema.optional(),
  /** The initial state, decoded (format 3). */
  initial: z.record(z.string(), z.unknown()).optional(),
  steps: z.array(StepSchema),
  /** Present in traces found by randomized exploration (absent: exhaustive search). */
  origin: FuzzOriginSchema.optional(),
  /** SHA-256 of the file's JSON without this field (versions 2 and later). */
  digest: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

/** A parsed trace file. */
export type TraceFile = z.infer<typeof TraceFileSchema>;

/** The geometry of a trace (format 3). */
export type TraceLayout = z.infer<typeof LayoutSchema>;

/** How a trace's states are decoded: the system's snapshot function and its layout. */
export interface TraceDecoder {
  readonly snapshot: (s: Uint16Array) => object;
  readonly layout: TraceLayout;
}

/** One step of a trace as JSON (also used by `--json`); with a decoder, the state after it too. */
export function stepJson(st: TraceStep, render: (s: Uint16Array) => string, decoder?: TraceDecoder): z.infer<typeof StepSchema> {
  return {
    step: st.index,
    transition: st.key,
    thread: st.info.thread,
    op: st.info.op,
    args: { ...st.info.args },
    from: st.info.from,
    to: st.info.to,
    actions: [...st.info.actions],
    memory: render(st.state),
    ...(decoder ? { state: decoder.snapshot(st.state) as Record<string, unknown> } : {}),
  };
}

/** Builds the trace file of a violation or deadlock. */
export function traceFileOf(
  r: Extract<CheckResult, { status: 'violation' | 'deadlock' }>,
  meta: { model: string; variant: string; variantFile?: string; variantSha256?: string; config: string; configObject: unknown; render: (s: Uint16Array) => string; decoder?: TraceDecoder },
): TraceFile {
  const f = r.status === 'violation' ? r.finding : null;
  const d = meta.decoder;
  return {
    format: 'pagecheck-trace',
    version: TRACE_VERSION,
    model: meta.model,
    variant: meta.variant,
    variantFile: meta.variantFile,
    variantSha256: meta.variantSha256,
    config: meta.config,
    configObject: meta.configObject as Record<string, unknown>,
    status: r.status,
    property: r.status === 'violation' ? r.finding.code : undefined,
    message: r.status === 'violation' ? r.finding.message : r.message,
    atQuiescence: r.status === 'violation' ? r.atQuiescence : false,
    ...(f ? { finding: { pfns: f.pfns ? [...f.pfns] : undefined, orders: f.orders ? [...f.orders] : undefined, cpus: f.cpus ? [...f.cpus] : undefined, hint: f.hint } } : {}),
    ...(d ? { layout: d.layout, initial: d.snapshot(r.initial) as Record<string, unknown> } : {}),
    steps: r.trace.map((st) => stepJson(st, meta.render, d)),
  };
}

/** The digest of a trace's JSON without its `digest` field. */
function digestOf(body: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/** A trace as it is stored, in a file or inside another result: this format version, its digest last. */
export function sealTraceFile(t: TraceFile): TraceFile {
  const { digest: _old, ...body } = t;
  return { ...body, version: TRACE_VERSION, digest: digestOf({ ...body, version: TRACE_VERSION }) };
}

/** Writes a trace file atomically, its digest last (a WriteError when it cannot be written). */
export function writeTraceFile(path: string, t: TraceFile): void {
  writeAtomic(path, 'trace file', [Buffer.from(JSON.stringify(sealTraceFile(t), null, 2) + '\n')]);
}

/** Trace files are small (the steps of one counterexample); this bounds what is read. */
const MAX_TRACE = 64 * 2 ** 20;

/**
 * Reads and validates a trace file: a regular file, valid JSON of the schema, its digest
 * matching (versions 2 and later), its steps numbered in order. Every problem is a UsageError naming the
 * file and the field. `warn` is told when a version-1 file cannot be checked for damage.
 */
export function readTraceFile(path: string, warn: (msg: string) => void = () => {}): TraceFile {
  const text = readTextInput(path, 'trace file', MAX_TRACE);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // V8's message quotes the text around the error: printed escaped, as the file may hold anything.
    const msg = printable((e as Error).message);
    const truncated = /end of (JSON )?input|Unterminated/i.test(msg);
    throw new UsageError(`trace file ${path} is ${truncated ? 'truncated' : 'not valid JSON'}: ${msg}`);
  }
  return parseTraceFile(raw, path, warn);
}

/**
 * Validates a trace already parsed from JSON (a trace file's, or one carried inside another
 * result such as a shard's); `path` names it in messages. The checks of {@link readTraceFile}.
 */
export function parseTraceFile(raw: unknown, path: string, warn: (msg: string) => void = () => {}): TraceFile {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`trace file ${path} is malformed: it is not a JSON object`);
  const version = (raw as { version?: unknown }).version;
  // The digest before the schema: damage is then reported as damage, in one line, whatever field
  // it hit. It is checked whatever the version says (a version-1 writer wrote none, so one bit
  // that turns a 3 into a 1 is damage too).
  const { digest, ...body } = raw as Record<string, unknown>;
  const damaged = typeof digest === 'string' && digestOf(body) !== digest;
  if (typeof version === 'number' && version > TRACE_VERSION)
    throw new UsageError(`trace file ${path} is format version ${version}, newer than this pagecheck reads (${TRACE_VERSION})${damaged ? ', or it was damaged (its digest does not match)' : ''}; replay it with a newer pagecheck`);
  if (damaged) throw new UsageError(`corrupt trace file ${path}: its content does not match its digest (the file was damaged or edited); record the trace again`);
  if (digest === undefined && (version === 2 || version === TRACE_VERSION)) throw new UsageError(`trace file ${path} is malformed: trace.digest is missing (every trace of format version 2 and later has one)`);
  const r = TraceFileSchema.safeParse(raw);
  if (!r.success) throw new UsageError(`trace file ${path} is malformed:\n${formatIssues(r.error.issues, 'trace')}`);
  const t = r.data;
  if (t.version === 1) {
    if (t.digest !== undefined) throw new UsageError(`trace file ${path} is malformed: it says format version 1, which has no digest, but carries one`);
    if (t.variantFile)
      throw new UsageError(`trace file ${path} is format version 1: it names the variant file ${t.variantFile} with no hash of its content, so it cannot be replayed safely; record it again with this pagecheck`);
    warn(`trace file ${path} is format version 1, without a digest: damage to it cannot be detected`);
  }
  t.steps.forEach((s, i) => {
    if (s.step !== i + 1) throw new UsageError(`trace file ${path} is malformed: trace.steps[${i}].step is ${s.step}, expected ${i + 1} (steps missing or out of order)`);
  });
  if (t.variantFile !== undefined && t.variantSha256 === undefined) throw new UsageError(`trace file ${path} is malformed: it names a variant file but not the hash of its content (trace.variantSha256)`);
  return t;
}

/** The command that replays a trace file (a variant file is given again: replay never loads code a trace names). */
export function replayCommand(path: string, t: Pick<TraceFile, 'variantFile'>): string {
  return `npx pagecheck replay ${path}${t.variantFile ? ` --variant ${t.variantFile}` : ''}`;
}
