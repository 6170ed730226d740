/**
 * Text reports: a check's summary line, a counterexample as a numbered step list with a memory
 * map per step, and tables. Formatting only; nothing here decides anything.
 */
import type { TraceDecoder } from './trace-file.ts';
import { pc } from './colour.js';
import type { CheckResult, Finding, TraceStep } from '../engine/types.ts';
import { propertyByCode } from '../../properties/index.ts';
import { unreachable } from '../util/unreachable.ts';
import type { CoverageSummary } from '../coverage/summary.ts';
import { coverageVerdictLine } from './coverage.ts';
import { formatOverrides, isVacuousCoverage, vacuousReason } from './vacuity.ts';
import type { WitnessReport } from '../variant/witness.ts';

/** What a report says about where a result comes from. */
export interface ReportMeta {
  readonly model: string;
  readonly variant: string;
  readonly config: string;
  /** Renders a state's memory map. */
  readonly render: (s: Uint16Array) => string;
  /** The legend of the memory map. */
  readonly legend: string;
  /** The command line that reproduces this result. */
  readonly rerun: string;
  /** State-space reductions the search used (empty: the full search). */
  readonly reductions?: readonly string[];
  /** A line that replaces the search figures (for a replay, which searches nothing). */
  readonly figures?: string;
  /** What the search exercised (src/coverage), when it was counted. */
  readonly coverage?: CoverageSummary;
  /** Why coverage was not counted, or what it covers when not the whole search. */
  readonly coverageNote?: string;
  /** The never-reached items of {@link coverage} the model declares unreachable, by name, with the reason (src/coverage/model.ts). */
  readonly declaredUnreachable?: Readonly<Record<string, string>>;
  /** For a vacuous verdict: where its vacuous overrides do run and differ (src/variant/witness.ts). */
  readonly witness?: WitnessReport;
  /** Decodes the states of a system of this model for trace files and the viewer (absent: traces without states). */
  readonly decoderFor?: (system: unknown) => TraceDecoder | undefined;
}

/** `12,345` */
export function num(n: number): string {
  return n.toLocaleString('en-US');
}

function shortLabel(path: string): string {
  const parts = path.split('.');
  return parts.slice(-2).join('.');
}

/** Formats `op(args)` for a step that starts an operation, or `op` for a continuing one. */
function callOf(step: TraceStep): string {
  const a = Object.entries(step.info.args);
  return step.info.starts ? `${step.info.op}(${a.map(([k, v]) => `${k}=${v}`).join(', ')})` : step.info.op;
}

/**
 * Replaces, in every memory map, the sections (between `|`) that are the same in all of them by
 * `…`, so that a trace over hundreds of pfns shows only the sections it touches.
 */
function elideUnchangedSections(maps: readonly string[]): string[] {
  const parts = maps.map((m) => m.split('|'));
  const n = parts[0].length;
  if (parts.some((p) => p.length !== n)) return [...maps];
  const same = parts[0].map((seg, i) => seg !== '' && parts.every((p) => p[i] === seg));
  if (!same.some(Boolean)) return [...maps];
  return parts.map((p) => p.map((seg, i) => (same[i] ? '…' : seg)).join('|'));
}

/**
 * The counterexample as text: one line per step, memory map first. With `elide`, sections of the
 * memory map that no step changes are shown as `…`; with `legend: false`, no legend line follows
 * (for a report that explains the map once).
 */
export function formatTrace(initial: Uint16Array, trace: readonly TraceStep[], meta: ReportMeta, opts: { elide?: boolean; legend?: boolean } = {}): string {
  const lines: string[] = [];
  let maps = [meta.render(initial), ...trace.map((st) => meta.render(st.state))];
  const elided = opts.elide ? elideUnchangedSections(maps) : maps;
  const didElide = elided.some((m, i) => m !== maps[i]);
  maps = elided;
  const w = maps[0].length;
  lines.push(`  ${'step'.padStart(4)}  ${'memory'.padEnd(w)}  thread    call: label → next label   [actions]`);
  lines.push(`  ${'0'.padStart(4)}  ${maps[0]}  ${pc.dim('initial state')}`);
  trace.forEach((st, i) => {
    const to = st.info.to === 'return' ? 'return' : shortLabel(st.info.to);
    const acts = st.info.actions.length ? pc.dim(`  [${st.info.actions.join(', ')}]`) : '';
    lines.push(`  ${String(st.index).padStart(4)}  ${maps[i + 1]}  ${st.info.thread.padEnd(8)}  ${callOf(st)}: ${shortLabel(st.info.from)} → ${to}${acts}`);
  });
  if (opts.legend !== false) lines.push(pc.dim(`  ${meta.legend}${didElide ? "; '…' a section no step changes" : ''}`));
  return lines.join('\n');
}

/** The violated property, its message, the objects involved and the hint. */
export function formatFinding(f: Finding): string {
  const p = propertyByCode(f.code);
  const lines = [`${pc.bold(pc.red(`${f.code}${p ? ` ${p.title}` : ''}`))}: ${f.message}`];
  const objs: string[] = [];
  if (f.pfns?.length) objs.push(`pfn ${f.pfns.join(', ')}`);
  if (f.orders?.length) objs.push(`order ${f.orders.join(', ')}`);
  if (f.cpus?.length) objs.push(`cpu ${f.cpus.join(', ')}`);
  if (objs.length) lines.push(`  involved: ${objs.join('; ')}`);
  if (p) lines.push(`  property: ${p.meaning}`);
  if (f.hint) lines.push(`  hint: ${f.hint}`);
  return lines.join('\n');
}

/** The figures line of a result. */
export function formatStats(r: CheckResult): string {
  const coll = r.collisionProbability > 0 ? `, fingerprint collision probability ≤ ${r.collisionProbability.toExponential(1)}` : '';
  return `${num(r.states)} distinct state${r.states === 1 ? '' : 's'}, ${num(r.transitions)} transition${r.transitions === 1 ? '' : 's'}, depth ${r.depth}, ${r.seconds.toFixed(2)} s (${num(r.statesPerSecond)} states/s, ${r.bytesPerState.toFixed(1)} bytes/state${coll})`;
}

/** What a breadth-first counterexample is shortest among. */
function shortestNote(meta: ReportMeta): string {
  return meta.reductions?.includes('por')
    ? 'shortest among the interleavings the partial-order reduction keeps; the full search may find a shorter one'
    : 'shortest for breadth-first search';
}

/**
 * The full text report of one check. `opts.traceNote` replaces the note that a breadth-first
 * counterexample is a shortest one (for traces from elsewhere); `opts.elide` as in {@link formatTrace}.
 */
export function formatCheck(r: CheckResult, meta: ReportMeta, opts: { traceNote?: string; elide?: boolean } = {}): string {
  const head = `${meta.model}/${meta.variant} @ ${meta.config}${meta.reductions?.length ? ` [reduced: ${meta.reductions.join(', ')}]` : ''}`;
  const out: string[] = [];
  switch (r.status) {
    case 'ok':
      if (isVacuousCoverage(meta.coverage))
        out.push(
          `${pc.yellow('VACUOUS')}  ${head}: every property holds and the search was complete, but the variant's change was not exercised: ${vacuousReason(meta.coverage!.overrides!)}. This is not a pass.`,
        );
      else out.push(`${pc.green('OK')}  ${head}: every property holds; the search was complete.`);
      out.push(`  ${meta.figures ?? formatStats(r)}`);
      out.push(coverageNoteLine(meta));
      if (meta.coverage?.overrides?.length) out.push(formatOverrides(meta.coverage.overrides, meta.witness));
      break;
    case 'violation':
      out.push(`${pc.red('VIOLATION')}  ${head}: ${r.finding.code} ${r.atQuiescence ? 'at quiescence after' : 'at'} step ${r.trace.length}${r.trace.length ? '' : ' (the initial state)'}`);
      out.push(`  ${meta.figures ?? formatStats(r)}`);
      out.push('');
      out.push(`Counterexample (${r.trace.length} steps, ${r.trace.length ? (opts.traceNote ?? shortestNote(meta)) : 'initial state'}):`);
      out.push(formatTrace(r.initial, r.trace, meta, opts));
      out.push('');
      out.push(formatFinding(r.finding));
      out.push('');
      out.push(`Reproduce: ${meta.rerun}`);
      break;
    case 'deadlock':
      out.push(`${pc.red('DEADLOCK')}  ${head}: no thread can move after step ${r.trace.length}`);
      out.push(`  ${meta.figures ?? formatStats(r)}`);
      out.push('');
      out.push(`Counterexample (${r.trace.length} steps${opts.traceNote ? `, ${opts.traceNote}` : ''}):`);
      out.push(formatTrace(r.initial, r.trace, meta, opts));
      out.push('');
      out.push(`${pc.bold(pc.red('deadlock'))}: ${r.message}`);
      out.push(`  hint: a lock is held by a thread that will never release it, or two threads wait on each other.`);
      out.push('');
      out.push(`Reproduce: ${meta.rerun}`);
      break;
    case 'bound':
      out.push(
        `${pc.yellow('BOUND')}  ${head}: ${
          r.bound === 'interrupted'
            ? 'interrupted'
            : `the ${r.bound === 'maxStates' ? '--max-states' : r.bound === 'maxDepth' ? '--max-depth' : '--timeout'} bound (${r.bound === 'timeout' ? `${r.limit} s` : num(r.limit)}) was reached`
        }; no violation in what was explored, but the search is NOT complete.`,
      );
      out.push(`  ${meta.figures ?? formatStats(r)}`);
      out.push(coverageNoteLine(meta));
      break;
    case 'error':
      out.push(`${pc.magenta('ERROR')}  ${head}: ${r.message}`);
      break;
    default:
      unreachable(r);
  }
  return out.join('\n');
}

/** The line saying what a search exercised, or why that was not counted. */
function coverageNoteLine(meta: ReportMeta): string {
  if (!meta.coverage) return `  exercised: ${meta.coverageNote ?? 'not counted'}`;
  return `  ${coverageVerdictLine(meta.coverage, meta.declaredUnreachable)}${meta.coverageNote ? ` (${meta.coverageNote})` : ''}`;
}

/** A plain table with a header row, columns padded; right-aligns numeric columns. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => stripAnsi(r[i] ?? '').length)));
  const fmt = (cells: readonly string[]) =>
    cells
      .map((c, i) => {
        const pad = widths[i] - stripAnsi(c).length;
        return numeric.includes(i) ? ' '.repeat(pad) + c : c + ' '.repeat(pad);
      })
      .join('  ')
      .trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

/** The text without terminal colour codes. */
export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '');
}
