/**
 * The JSON trace file written by `--trace-out` and read by `pagecheck replay`: the model, the
 * variant, the full configuration, the outcome and every step (by transition key, with the
 * readable step and memory map beside it). A replay needs nothing but this file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { CheckResult, TraceStep } from '../engine/types.ts';
import { formatIssues } from '../config/load.ts';
import { UsageError } from '../util/unreachable.ts';

const StepSchema = z.object({
  step: z.number().int().min(1),
  transition: z.string().min(1),
  thread: z.string(),
  op: z.string(),
  args: z.record(z.string(), z.union([z.string(), z.number()])),
  from: z.string(),
  to: z.string(),
  actions: z.array(z.string()),
  memory: z.string(),
});

/** Where a trace written by `pagecheck fuzz` comes from: the run that found it and what shrinking did. */
export const FuzzOriginSchema = z.object({
  kind: z.literal('fuzz'),
  strategy: z.string(),
  seed: z.number().int(),
  /** fast-check path of the failing run. */
  path: z.string(),
  run: z.number().int().min(1),
  steps: z.number().int().min(1),
  pctDepth: z.number().int().optional(),
  pctSteps: z.number().int().optional(),
  original: z.object({ steps: z.number().int(), contextSwitches: z.number().int() }),
  shrunk: z.object({ steps: z.number().int(), contextSwitches: z.number().int() }),
  /** The command line that regenerates the run from its seed and path. */
  rerun: z.string(),
});

/** Schema of a trace file. */
export const TraceFileSchema = z.object({
  format: z.literal('pagecheck-trace'),
  version: z.literal(1),
  model: z.string().min(1),
  variant: z.string().min(1),
  /** The file a user-written variant was loaded from. */
  variantFile: z.string().optional(),
  config: z.string().min(1),
  configObject: z.record(z.string(), z.unknown()),
  status: z.enum(['violation', 'deadlock']),
  property: z.string().optional(),
  message: z.string(),
  atQuiescence: z.boolean(),
  steps: z.array(StepSchema),
  /** Present in traces found by randomized exploration (absent: exhaustive search). */
  origin: FuzzOriginSchema.optional(),
});

/** A parsed trace file. */
export type TraceFile = z.infer<typeof TraceFileSchema>;

/** One step of a trace as JSON (also used by `--json`). */
export function stepJson(st: TraceStep, render: (s: Uint16Array) => string): z.infer<typeof StepSchema> {
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
  };
}

/** Builds the trace file of a violation or deadlock. */
export function traceFileOf(
  r: Extract<CheckResult, { status: 'violation' | 'deadlock' }>,
  meta: { model: string; variant: string; variantFile?: string; config: string; configObject: unknown; render: (s: Uint16Array) => string },
): TraceFile {
  return {
    format: 'pagecheck-trace',
    version: 1,
    model: meta.model,
    variant: meta.variant,
    variantFile: meta.variantFile,
    config: meta.config,
    configObject: meta.configObject as Record<string, unknown>,
    status: r.status,
    property: r.status === 'violation' ? r.finding.code : undefined,
    message: r.status === 'violation' ? r.finding.message : r.message,
    atQuiescence: r.status === 'violation' ? r.atQuiescence : false,
    steps: r.trace.map((st) => stepJson(st, meta.render)),
  };
}

/** Writes a trace file. */
export function writeTraceFile(path: string, t: TraceFile): void {
  try {
    writeFileSync(path, JSON.stringify(t, null, 2) + '\n');
  } catch (e) {
    throw new UsageError(`cannot write trace file ${path}: ${(e as Error).message}`);
  }
}

/** Reads and validates a trace file; every problem is a UsageError naming the file and the field. */
export function readTraceFile(path: string): TraceFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read trace file ${path}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const truncated = /end of (JSON )?input|Unterminated/i.test(msg);
    throw new UsageError(`trace file ${path} is ${truncated ? 'truncated' : 'not valid JSON'}: ${msg}`);
  }
  const r = TraceFileSchema.safeParse(raw);
  if (!r.success) throw new UsageError(`trace file ${path} is malformed:\n${formatIssues(r.error.issues, 'trace')}`);
  r.data.steps.forEach((s, i) => {
    if (s.step !== i + 1) throw new UsageError(`trace file ${path} is malformed: trace.steps[${i}].step is ${s.step}, expected ${i + 1} (steps missing or out of order)`);
  });
  return r.data;
}
