/**
 * What the trace viewer shows, as one JSON document embedded in its page: a counterexample
 * (from a trace file) or a validation's divergence (the path to the state both variants start
 * from, then each variant's run side by side, with the first step where they differ).
 */
import type { FieldDifference, Divergence } from '../validate/types.ts';
import type { TraceStep } from '../engine/types.ts';
import { stepJson, type TraceDecoder, type TraceFile, type TraceLayout } from '../report/trace-file.ts';

/** One step as the viewer shows it. */
export interface ViewStep {
  readonly step: number;
  readonly thread: string;
  readonly op: string;
  readonly args: Readonly<Record<string, string | number>>;
  readonly from: string;
  readonly to: string;
  readonly actions: readonly string[];
  /** True when the step starts the operation (its first step, shown with the call). */
  readonly starts: boolean;
  readonly memory: string;
  /** The decoded state after the step (models/mm/snapshot.ts), when known. */
  readonly state?: object;
}

/** One variant's isolated run in a divergence. */
export interface ViewRun {
  readonly variant: string;
  /** How it ended: returned, a finding, blocked, ... */
  readonly outcome: string;
  readonly steps: readonly ViewStep[];
}

/** The viewer's document. */
export interface ViewDocument {
  readonly kind: 'trace' | 'validate';
  /** `buddy/pagehead-after-put @ default` */
  readonly title: string;
  /** `P2 violation at step 8`, `deadlock at step 9`, `DIVERGENCE in alloc_pages` */
  readonly verdict: string;
  readonly message: string;
  readonly hint?: string;
  /** The pfns and CPUs the finding names (marked in the memory map and the lanes). */
  readonly pfns: readonly number[];
  readonly cpus: readonly number[];
  readonly layout: TraceLayout | null;
  readonly initial?: object;
  /** The steps of the counterexample; for a divergence, the path to the state both runs start from. */
  readonly steps: readonly ViewStep[];
  readonly runs?: {
    readonly operation: string;
    readonly start: string;
    readonly before: ViewRun;
    readonly after: ViewRun;
    /** Index (0-based) of the first step whose resulting states differ between the two runs; null when every common step agrees. */
    readonly firstDifference: number | null;
    readonly differences: readonly FieldDifference[];
  };
  /** The command that reproduces it. */
  readonly rerun?: string;
}

function viewStep(s: ReturnType<typeof stepJson>): ViewStep {
  const starts = !s.transition.endsWith(' step');
  return { step: s.step, thread: s.thread, op: s.op, args: s.args, from: s.from, to: s.to, actions: s.actions, starts, memory: s.memory, ...(s.state ? { state: s.state } : {}) };
}

/**
 * The document of a trace file. A trace of format 1 has no states: `states` gives them (the
 * trace re-executed), with the layout.
 */
export function traceDocument(t: TraceFile, rerun: string, reexecuted?: { decoder: TraceDecoder; initial: Uint16Array; steps: readonly TraceStep[]; render: (s: Uint16Array) => string }): ViewDocument {
  const steps = reexecuted ? reexecuted.steps.map((st) => viewStep(stepJson(st, reexecuted.render, reexecuted.decoder))) : t.steps.map(viewStep);
  const verdict = t.status === 'violation' ? `${t.property} violation at step ${t.steps.length}${t.atQuiescence ? ' (at quiescence)' : ''}` : `deadlock at step ${t.steps.length}`;
  return {
    kind: 'trace',
    title: `${t.model}/${t.variant} @ ${t.config}`,
    verdict,
    message: t.message,
    ...(t.finding?.hint ? { hint: t.finding.hint } : {}),
    pfns: t.finding?.pfns ?? [],
    cpus: t.finding?.cpus ?? [],
    layout: reexecuted?.decoder.layout ?? t.layout ?? null,
    ...(reexecuted ? { initial: reexecuted.decoder.snapshot(reexecuted.initial) } : t.initial ? { initial: t.initial } : {}),
    steps,
    rerun,
  };
}

function outcomeOf(r: Divergence['before']): string {
  const o = r.outcome;
  switch (o.kind) {
    case 'returned':
      return 'returned';
    case 'finding':
      return `${o.finding.code} finding: ${o.finding.message}`;
    case 'blocked':
      return `blocked at ${o.at}`;
    case 'no-return':
      return `did not return within ${o.steps} steps`;
    case 'not-enabled':
      return 'not enabled here';
  }
}

/** The document of a validation that found a divergence. */
export function divergenceDocument(
  d: Divergence,
  path: readonly TraceStep[],
  meta: { model: string; before: string; after: string; config: string; render: (s: Uint16Array) => string; decoder?: TraceDecoder; rerun: string; initial: Uint16Array },
): ViewDocument {
  const dec = meta.decoder;
  const conv = (steps: readonly { key: string; info: TraceStep['info']; state: Uint16Array }[]) =>
    steps.map((st, i) => viewStep(stepJson({ index: i + 1, key: st.key, info: st.info, state: st.state }, meta.render, dec)));
  const before = conv(d.before.steps);
  const after = conv(d.after.steps);
  let firstDifference: number | null = null;
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    const a = before[i];
    const b = after[i];
    if (!a || !b || a.memory !== b.memory || JSON.stringify(a.state ?? null) !== JSON.stringify(b.state ?? null)) {
      firstDifference = i;
      break;
    }
  }
  const fields = d.differences.map((x) => x.field).join(', ');
  return {
    kind: 'validate',
    title: `${meta.model}: ${meta.before} → ${meta.after} @ ${meta.config}`,
    verdict: `DIVERGENCE in ${d.operation}`,
    message: `${d.start}, run alone from the same state, ends differently for its caller in ${meta.before} and ${meta.after}${fields ? `: ${fields}` : ''}`,
    pfns: [],
    cpus: [],
    layout: dec?.layout ?? null,
    ...(dec ? { initial: dec.snapshot(meta.initial) } : {}),
    steps: path.map((st) => viewStep(stepJson(st, meta.render, dec))),
    runs: {
      operation: d.operation,
      start: d.start,
      before: { variant: meta.before, outcome: outcomeOf(d.before), steps: before },
      after: { variant: meta.after, outcome: outcomeOf(d.after), steps: after },
      firstDifference,
      differences: d.differences,
    },
    rerun: meta.rerun,
  };
}
