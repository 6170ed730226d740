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
import { commandStart, layout, widthOf, wrap } from './layout.ts';

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

// One formatter for every number a report prints: toLocaleString() builds one per call, ten times the cost.
const EN_US = new Intl.NumberFormat('en-US');

/** `12,345` */
export function num(n: number): string {
  return EN_US.format(n);
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
 * `…` (`~` in ASCII), so that a trace over hundreds of pfns shows only the sections it touches.
 */
function elideUnchangedSections(maps: readonly string[], mark: string): string[] {
  const parts = maps.map((m) => m.split('|'));
  const n = parts[0].length;
  if (parts.some((p) => p.length !== n)) return [...maps];
  const same = parts[0].map((seg, i) => seg !== '' && parts.every((p) => p[i] === seg));
  if (!same.some(Boolean)) return [...maps];
  return parts.map((p) => p.map((seg, i) => (same[i] ? mark : seg)).join('|'));
}

/**
 * A memory map cut into pieces of at most `width` columns at section boundaries: each piece is
 * whole sections between `|`, and a section wider than `width` is cut where it must be.
 */
export function splitMap(map: string, width: number): string[] {
  if (map.length <= width) return [map];
  const parts = map.split('|');
  // parts[0] is what precedes the first '|', the last part what follows the last one.
  const head = parts[0];
  const tail = parts.length > 1 ? parts[parts.length - 1] : '';
  const sections = parts.slice(1, -1);
  const pieces: string[] = [];
  if (head) pieces.push(head);
  let cur: string[] = [];
  const flush = () => {
    if (cur.length) pieces.push(`|${cur.join('|')}|`);
    cur = [];
  };
  for (const sec of sections) {
    if (`|${[...cur, sec].join('|')}|`.length > width) flush();
    if (sec.length + 2 > width) {
      for (let i = 0; i < sec.length; i += width - 2) pieces.push(`|${sec.slice(i, i + width - 2)}|`);
      continue;
    }
    cur.push(sec);
  }
  flush();
  if (tail.trim()) pieces.push(tail.trim());
  return pieces;
}

/**
 * The counterexample as text: one row per step, memory map first. A row wider than the layout
 * folds: the call's labels, then its actions, on continuation lines, and a memory map too wide
 * for its column on lines of its own, cut at section boundaries. With `elide`, sections of the
 * memory map that no step changes are shown as `…`; with `legend: false`, no legend line follows
 * (for a report that explains the map once).
 */
export function formatTrace(initial: Uint16Array, trace: readonly TraceStep[], meta: ReportMeta, opts: { elide?: boolean; legend?: boolean } = {}): string {
  const { width, ascii } = layout();
  const arrow = ascii ? '->' : '→';
  const mark = ascii ? '~' : '…';
  let maps = [meta.render(initial), ...trace.map((st) => meta.render(st.state))];
  const elided = opts.elide ? elideUnchangedSections(maps, mark) : maps;
  const didElide = elided.some((m, i) => m !== maps[i]);
  maps = elided;
  const w = Math.max(...maps.map((m) => m.length));
  // Columns: 2 + step (4) + 2, then the map, then 2 + thread (8) + 2 + the call.
  const mapCol = 8;
  const mapFits = mapCol + w + 2 + 8 + 2 + 36 <= width;
  const cont = ' '.repeat(mapFits ? mapCol + w + 2 : mapCol + 2);
  const lines: string[] = [];
  if (mapFits) {
    const head = `  ${'step'.padStart(4)}  ${'memory'.padEnd(w)}  thread    call: label ${arrow} next label   [actions]`;
    const short = `  ${'step'.padStart(4)}  ${'memory'.padEnd(w)}  thread    call: label ${arrow} next label`;
    lines.push(widthOf(head) <= width ? head : widthOf(short) <= width ? short : `  ${'step'.padStart(4)}  ${'memory'.padEnd(w)}  thread    call`);
  } else lines.push(...wrap(`step, memory (cut at section boundaries), thread, call: label ${arrow} next label, [actions]`, width, '  ', '  ').split('\n'));
  const row = (index: string, map: string, thread: string, call: string, acts: string) => {
    const prefix = `  ${index.padStart(4)}  `;
    const who = thread ? `${thread.padEnd(8)}  ` : '';
    if (mapFits) {
      const one = `${prefix}${map.padEnd(w)}  ${who}${call}${acts ? `  ${acts}` : ''}`;
      if (widthOf(one) <= width) return void lines.push(one);
      lines.push(...wrap(call, width, cont + '    ', `${prefix}${map.padEnd(w)}  ${who}`).split('\n'));
    } else {
      const pieces = splitMap(map, width - mapCol);
      lines.push(`${prefix}${pieces[0]}`, ...pieces.slice(1).map((p) => ' '.repeat(mapCol) + p));
      lines.push(...wrap(call, width, cont + '    ', cont + who).split('\n'));
    }
    if (acts) lines.push(...wrap(acts, width, cont + ' ', cont).split('\n'));
  };
  row('0', maps[0], '', pc.dim('initial state'), '');
  trace.forEach((st, i) => {
    const to = st.info.to === 'return' ? 'return' : shortLabel(st.info.to);
    const acts = st.info.actions.length ? pc.dim(`[${st.info.actions.join(', ')}]`) : '';
    row(String(st.index), maps[i + 1], st.info.thread, `${callOf(st)}: ${shortLabel(st.info.from)} ${arrow} ${to}`, acts);
  });
  if (opts.legend !== false) lines.push(pc.dim(wrap(`${meta.legend}${didElide ? `; '${mark}' a section no step changes` : ''}`, width, '  ', '  ')));
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

/** How {@link formatTable} fits a table to a width. */
export interface TableFit {
  /** Columns repeated in every part when the table is printed in parts (default 1). */
  readonly keys?: number;
  /** The width to fit (default: the layout's). */
  readonly width?: number;
  /** Never print the last column under its row (set when the other columns are laid out alone). */
  readonly inline?: boolean;
  /** Lines printed under each row (the last column, laid out under its row). */
  readonly under?: (row: number) => readonly string[];
}

/**
 * A plain table with a header row, columns padded; right-aligns numeric columns. A table wider
 * than the layout first wraps its widest text columns inside their cells; if that is not enough
 * it is printed in parts, one under the other, each repeating the first `keys` columns. Nothing
 * is cut.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = [], fit: TableFit = {}): string {
  const width = fit.width ?? layout().width;
  const natural = header.map((h, i) => Math.max(widthOf(h), ...rows.map((r) => widthOf(r[i] ?? ''))));
  const total = (ws: readonly number[]) => ws.reduce((a, b) => a + b, 0) + 2 * (ws.length - 1);
  // A column is never narrower than its name, nor than a word of it that a wrap cannot cut (one
  // with no dot, comma or slash, a command excepted) on a continuation line: after the cell's
  // indent and one column more (see cellLines).
  const uncutIn = (c: string): number => {
    const lead = widthOf(/^\s*/.exec(c)![0]);
    const words = c.trim().split(/\s+/).filter((w) => w && !/[.,/]/.test(w) && commandStart(w) !== 0);
    return Math.max(0, ...words.map((w) => lead + 1 + widthOf(w)));
  };
  const uncut = header.map((_, i) => Math.max(0, ...rows.map((r) => uncutIn(r[i] ?? ''))));
  const floor = (i: number) => Math.max(MIN, widthOf(header[i]), uncut[i]);
  const widths = [...natural];
  const keys = Math.min(fit.keys ?? 1, header.length);
  const MIN = 16;
  for (;;) {
    const over = total(widths) - width;
    if (over <= 0) break;
    let best = -1;
    for (let i = 0; i < widths.length; i++) if (!numeric.includes(i) && widths[i] > floor(i) && (best < 0 || widths[i] > widths[best])) best = i;
    if (best < 0) break;
    widths[best] = Math.max(floor(best), widths[best] - over);
  }
  const cellLines = (c: string, i: number): string[] => {
    if (widthOf(c) <= widths[i]) return [c];
    const lead = /^\s*/.exec(c)![0];
    return wrap(c.slice(lead.length), widths[i], lead + ' ', lead).split('\n');
  };
  const render = (cols: readonly number[]): string => {
    const ws = cols.map((i) => Math.max(widthOf(header[i]), ...rows.flatMap((r) => cellLines(r[i] ?? '', i).map(widthOf))));
    const fmt = (cells: readonly string[]): string[] => {
      const split = cols.map((i, j) => cellLines(cells[j] ?? '', i));
      const height = Math.max(...split.map((x) => x.length));
      const out: string[] = [];
      for (let k = 0; k < height; k++)
        out.push(
          split
            .map((x, j) => {
              const c = x[k] ?? '';
              const pad = ws[j] - widthOf(c);
              return numeric.includes(cols[j]) ? ' '.repeat(Math.max(pad, 0)) + c : c + ' '.repeat(Math.max(pad, 0));
            })
            .join('  ')
            .trimEnd(),
        );
      return out;
    };
    // Headers are never wrapped: a column is at least as wide as its name.
    const head = cols.map((i, j) => (numeric.includes(i) ? header[i].padStart(ws[j]) : header[i].padEnd(ws[j]))).join('  ').trimEnd();
    return [head, ws.map((w) => '-'.repeat(w)).join('  '), ...rows.flatMap((r, k) => [...fmt(cols.map((i) => r[i] ?? '')), ...(fit.under?.(k) ?? [])])].join('\n');
  };
  const all = header.map((_, i) => i);
  const fitted = widths.map((w, i) => Math.max(w, widthOf(header[i])));
  const last = header.length - 1;
  if (!fit.inline && last > 0 && !numeric.includes(last) && (total(fitted) > width || (fitted[last] < natural[last] && fitted[last] < 30))) {
    // A free-text last column too narrow to read: printed under its row, across the page.
    const under = (r: number): string[] => {
      const cell = rows[r]?.[last] ?? '';
      const lead = /^\s*/.exec(rows[r]?.[0] ?? '')![0];
      return cell ? wrap(cell, width, `${lead}    `, `${lead}    `).split('\n') : [];
    };
    const others = formatTable(header.slice(0, last), rows.map((r) => r.slice(0, last)), numeric, { ...fit, inline: true, width, under });
    const lines = others.split('\n');
    // Only when the other columns make one table that fits (not one printed in parts).
    if (!others.includes('\n\n') && lines.every((l) => widthOf(l) <= width)) {
      const pad = Math.max(...lines.slice(0, 2).map(widthOf));
      // The last column's name stays on the header line when it fits there.
      if (pad + 2 + widthOf(header[last]) <= width) {
        lines[0] = `${lines[0].padEnd(pad)}  ${header[last]}`;
        lines[1] = `${lines[1]}  ${'-'.repeat(widthOf(header[last]))}`;
      }
      return lines.join('\n');
    }
  }
  // In parts: the key columns, then as many others as fit.
  const keyCols = all.slice(0, keys);
  const keyWidth = total(keyCols.map((i) => fitted[i]));
  const parts: number[][] = [];
  let cur: number[] = [];
  for (const i of all.slice(keys)) {
    if (cur.length && keyWidth + 2 + total([...cur, i].map((j) => fitted[j])) > width) {
      parts.push(cur);
      cur = [];
    }
    cur.push(i);
  }
  if (cur.length) parts.push(cur);
  return parts.map((p) => render([...keyCols, ...p])).join('\n\n');
}

/** The text without terminal colour codes. */
export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '');
}
