/**
 * Reports of `pagecheck conform`: the summary a kernel developer reads first (events, time,
 * findings, inferred untraced steps), then the findings with the event line and the earlier
 * events behind each, then the tables (events by type and order, pages per place, PCP refills and
 * drains against zoneinfo's high and batch) and every skipped line. Text, Markdown and JSON carry
 * the same facts. Formatting only.
 */
import { printable } from '../util/printable.ts';
import { pc } from './colour.js';
import { EVENT_NAMES } from '../conform/events.ts';
import { STEP_DOC, STEP_KINDS } from '../conform/steps.ts';
import type { ConformFinding, ConformResult, Evidence, SizeStats } from '../conform/types.ts';
import { propertyByCode } from '../../properties/index.ts';
import { formatTable, num } from './text.ts';
import type { Status } from './vocabulary.ts';

const hexPfn = (pfn: number) => `0x${pfn.toString(16)}`;
const plural = (n: number, word: string) => `${num(n)} ${word}${n === 1 ? '' : 's'}`;
const secs = (s: number) => s.toFixed(6);

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** `ok`, `findings` or `truncated`: what the exit status says. */
export function conformStatus(r: ConformResult): 'ok' | 'findings' | 'truncated' | 'empty' {
  // A cut or damaged input is said whatever was found in what was read: its findings are
  // listed, but the verdict is about a file that is not whole.
  if (r.truncated) return 'truncated';
  // Nothing to check is not "no findings": an empty file, other events only, or every line malformed.
  if (r.events === 0) return 'empty';
  return r.findings.length + r.findingsDropped > 0 ? 'findings' : 'ok';
}

/** Why a conformance result is an input error (truncated or empty), or null. */
export function conformProblem(r: ConformResult): string | null {
  switch (conformStatus(r)) {
    case 'truncated': {
      const n = totalFindings(r);
      return `${printable(r.file)} is not whole (${r.truncated}); ${n ? `the ${num(n)} finding${n === 1 ? '' : 's'} listed are` : 'what is reported is'} of the part that was read`;
    }
    case 'empty':
      return (
        `${printable(r.file)} holds no kmem page event, so nothing was checked (${num(r.lines)} lines: ${num(Object.values(r.unknownEvents).reduce((a, b) => a + b, 0))} of other events, ${num(r.malformed)} malformed)` +
        '; capture the kmem events mm_page_alloc, mm_page_alloc_zone_locked, mm_page_free, mm_page_free_batched and mm_page_pcpu_drain (scripts/capture-ftrace.sh)'
      );
    default:
      return null;
  }
}

function totalFindings(r: ConformResult): number {
  return r.findings.length + r.findingsDropped;
}

function stepRows(r: ConformResult): string[][] {
  return STEP_KINDS.filter((k) => r.steps[k]).map((k) => {
    const s = r.steps[k] as { steps: number; pages: number };
    return [k, num(s.steps), num(s.pages)];
  });
}

function evidenceLine(e: Evidence): string {
  const at = e.line > 0 ? `line ${e.line}, cpu${e.cpu}, ${secs(e.ts)}: ${e.event} pfn=${hexPfn(e.pfn)} order=${e.order}` : 'no earlier event';
  return `${at}: ${e.note}`;
}

/** One finding as text. */
export function formatConformFinding(f: ConformFinding, color = true): string {
  const p = propertyByCode(f.code);
  const title = `${f.code} ${p ? p.title : ''} (${f.kind})`.replace('  ', ' ');
  const head = `line ${f.line}, cpu${f.cpu}, ${secs(f.ts)}: ${f.event} pfn=${hexPfn(f.pfn)} order=${f.order}`;
  const lines = [`${color ? pc.bold(pc.red(title)) : title} at ${head}`, `  ${f.message}`];
  for (const e of f.evidence) lines.push(`  because ${evidenceLine(e)}`);
  lines.push(`  hint: ${f.hint}`);
  lines.push(`  > ${f.text.trim()}`);
  return lines.join('\n');
}

function sizeText(s: SizeStats): string {
  if (s.runs === 0) return '-';
  return `${num(s.runs)} runs, ${s.min}/${s.median}/${s.max}`;
}

function pcpRows(r: ConformResult): string[][] {
  return r.pcp.map((p) => [
    p.zone,
    `cpu${p.cpu}`,
    p.high === null ? '?' : String(p.high),
    p.batch === null ? '?' : String(p.batch),
    sizeText(p.refill0),
    p.refill0.limit === null || p.refill0.runs === 0 ? '-' : `${num(p.refill0.atExpected)} = ${p.refill0.limit}, ${num(p.refill0.aboveLimit)} above`,
    sizeText(p.drain),
    p.drain.limit === null || p.drain.runs === 0 ? '-' : `${num(p.drain.aboveLimit)} above high`,
    sizeText(p.remoteDrain),
    num(p.maxKnown),
    `${num(p.before)}${p.zoneinfoCount === null ? '' : ` (zoneinfo ${p.zoneinfoCount})`}`,
  ]);
}

const PCP_HEADER = ['zone', 'cpu', 'high', 'batch', 'order-0 refills (blocks min/median/max)', 'refills vs batch', 'local drains (pages)', 'drains vs high', 'remote drains (pages)', 'peak on list (certain)', 'before tracing'];

function eventRows(r: ConformResult): { header: string[]; rows: string[][] } {
  const orders = r.byType.mm_page_alloc.length;
  const used = Array.from({ length: orders }, (_, o) => EVENT_NAMES.some((n) => r.byType[n][o] > 0));
  const header = ['event', 'total', ...used.flatMap((u, o) => (u ? [o === orders - 1 ? `>${o - 1}` : `o${o}`] : []))];
  const rows = EVENT_NAMES.map((n) => [n, num(r.byType[n].reduce((a, b) => a + b, 0)), ...r.byType[n].flatMap((c, o) => (used[o] ? [c ? num(c) : '.'] : []))]);
  if (r.failedAllocs) rows.push(['mm_page_alloc (failed)', num(r.failedAllocs)]);
  return { header, rows };
}

function placesText(r: ConformResult): string {
  const f = r.final;
  const pcps = f.pcp.map((n, cpu) => `cpu${cpu} PCP ${num(n - (f.pcpFreed[cpu] ?? 0))}${f.pcpFreed[cpu] ? ` (and ${num(f.pcpFreed[cpu])} freed there or to the buddy: the trace does not say)` : ''}`);
  return [`buddy ${num(f.buddy)}`, ...pcps, `taken ${num(f.taken)}`, `allocated ${num(f.alloc)}`, f.unknown === null ? 'never named: unknown without --zoneinfo' : `never named ${num(f.unknown)}`].join('; ');
}

function skippedText(r: ConformResult): string[] {
  const out: string[] = [];
  const unknown = Object.entries(r.unknownEvents);
  const nUnknown = unknown.reduce((a, [, n]) => a + n, 0);
  out.push(`Skipped lines: ${num(nUnknown)} of other events${unknown.length ? ` (${unknown.map(([e, n]) => `${e} ${num(n)}`).join(', ')})` : ''}, ${num(r.malformed)} malformed, ${num(r.gaps.length)} ring-buffer gaps`);
  for (const l of r.unknownLines) out.push(`  line ${l.line}: skipped, ${l.reason}: ${l.text.trim()}`);
  if (nUnknown > r.unknownLines.length) out.push(`  ... ${num(nUnknown - r.unknownLines.length)} more (bound --max-listed ${r.bounds.maxListed})`);
  for (const l of r.malformedLines) out.push(`  line ${l.line}: malformed, ${l.reason}: ${l.text.trim()}`);
  if (r.malformed > r.malformedLines.length) out.push(`  ... ${num(r.malformed - r.malformedLines.length)} more malformed (bound --max-listed ${r.bounds.maxListed})`);
  for (const g of r.gaps) out.push(`  line ${g.line}: ${g.reason}; every page's place was forgotten here: ${g.text}`);
  return out;
}

/** The summary lines (also the head of the full report). */
export function formatConformSummary(r: ConformResult, color = true): string {
  const c = (f: (s: string) => string, s: string) => (color ? f(s) : s);
  const out: string[] = [];
  const n = totalFindings(r);
  const span = r.firstTs !== null && r.lastTs !== null ? `${(r.lastTs - r.firstTs).toFixed(3)} s of trace (${secs(r.firstTs)} .. ${secs(r.lastTs)})` : 'no events';
  const verdict = n ? c(pc.red, `${num(n)} FINDING${n === 1 ? '' : 'S'}`) : r.events === 0 ? c(pc.yellow, 'NOTHING CHECKED') : c(pc.green, 'NO FINDINGS');
  out.push(`${verdict}  ${printable(r.file)} against Linux ${r.kernel}: ${num(r.events)} events, ${span}, ${r.cpus} CPUs`);
  out.push(`  read ${num(r.lines)} lines (${mb(r.bytes)}${r.compression === 'none' ? '' : `, ${r.compression}`}) and checked them in ${r.seconds.toFixed(2)} s (${num(Math.round(r.events / Math.max(r.seconds, 1e-9)))} events/s, ${mb(r.tableBytes)} of page places)`);
  if (r.truncated) out.push(c(pc.yellow, `  ${r.truncated.toUpperCase().startsWith('TRUNCATED') ? 'TRUNCATED' : 'CORRUPT'}: ${r.truncated}`));
  if (n) {
    const kinds = Object.entries(r.findingsByKind).map(([k, m]) => `${k} ${num(m as number)}`);
    out.push(`  findings: ${kinds.join(', ')}${r.findingsDropped ? ` (${num(r.findingsDropped)} beyond --max-findings ${r.bounds.maxFindings} counted, not listed)` : ''}`);
  }
  const steps = stepRows(r);
  const nSteps = steps.reduce((a, s) => a + Number(s[1].replace(/,/g, '')), 0);
  out.push(`  untraced steps inferred (the fewest that explain the history): ${steps.length ? steps.map((s) => `${s[0]} ${s[1]}`).join(', ') : 'none'}${steps.length ? ` (${num(nSteps)} in all)` : ''}`);
  out.push(`  places inferred at first sight (before tracing began): allocated ${num(r.initial.alloc)}, buddy ${num(r.initial.buddy)}, PCP ${num(r.initial.pcp)} pages`);
  out.push(`  remote drains (drain_all_pages): ${plural(r.remoteDrains.runs, 'run')}, ${plural(r.remoteDrains.pages, 'page')}`);
  return out.join('\n');
}

/** The full text report. */
export function formatConformText(r: ConformResult, color = true): string {
  const out: string[] = [formatConformSummary(r, color)];
  if (r.findings.length) out.push('', 'Findings:', r.findings.map((f) => formatConformFinding(f, color)).join('\n\n'));
  const steps = stepRows(r);
  if (steps.length) {
    out.push('', 'Untraced steps inferred:');
    out.push(formatTable(['step', 'events', 'pages', 'kernel path'], steps.map((s) => [...s, STEP_DOC[s[0] as keyof typeof STEP_DOC]]), [1, 2]));
  }
  const ev = eventRows(r);
  out.push('', 'Events by type and order:', formatTable(ev.header, ev.rows, ev.header.map((_, i) => i).slice(1)));
  out.push('', `Pages per place at the end: ${placesText(r)}`);
  if (r.pcp.length) {
    out.push('', `PCP lists${r.options.zoneinfo ? ` (high and batch from ${r.options.zoneinfo})` : ' (give --zoneinfo for high and batch)'}:`);
    out.push(formatTable(PCP_HEADER, pcpRows(r), [2, 3, 9]));
  }
  out.push('', ...skippedText(r));
  const opts = [r.options.isolation ? '--isolation' : '', r.options.preempt ? '--preempt' : ''].filter(Boolean);
  out.push(`Options: kernel ${r.kernel}${opts.length ? `, ${opts.join(' ')}` : ''}; bounds: --max-findings ${r.bounds.maxFindings}, --max-listed ${r.bounds.maxListed}, remote-drain episodes ${r.bounds.maxEpisodes}${r.bounds.episodesForgotten ? ` (${num(r.bounds.episodesForgotten)} forgotten)` : ''}`);
  return out.join('\n');
}

function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${header.map(esc).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/** The report as Markdown, for a mailing-list reply or an issue. */
export function formatConformMarkdown(r: ConformResult): string {
  const out: string[] = [`## pagecheck conform: \`${r.file}\` against Linux ${r.kernel}`, '', '```', formatConformSummary(r, false), '```'];
  if (r.findings.length) {
    out.push('', '### Findings', '');
    for (const f of r.findings) out.push('```', formatConformFinding(f, false), '```', '');
  }
  const steps = stepRows(r);
  if (steps.length) out.push('', '### Untraced steps inferred', '', mdTable(['step', 'events', 'pages', 'kernel path'], steps.map((s) => [...s, STEP_DOC[s[0] as keyof typeof STEP_DOC]])));
  const ev = eventRows(r);
  out.push('', '### Events by type and order', '', mdTable(ev.header, ev.rows));
  out.push('', '### Pages per place at the end', '', placesText(r));
  if (r.pcp.length) out.push('', '### PCP lists', '', mdTable(PCP_HEADER, pcpRows(r)));
  out.push('', '### Skipped lines', '', ...skippedText(r).map((l) => (l.startsWith('  ') ? `- ${l.trim()}` : l)));
  return out.join('\n');
}

/** The shared status (./vocabulary.ts): findings fail; a truncated or corrupt trace without findings is an input error. */
export function conformSharedStatus(r: ConformResult): Status {
  const s = conformStatus(r);
  return s === 'ok' ? 'ok' : s === 'findings' ? 'fail' : 'error';
}

/** The body of the `--json` object: the whole result, its `outcome` ({@link conformStatus}) and, when truncated, the error. */
export function conformJson(r: ConformResult): Record<string, unknown> {
  const outcome = conformStatus(r);
  const problem = conformProblem(r);
  return { outcome, ...r, seconds: Number(r.seconds.toFixed(3)), ...(problem ? { error: { kind: 'input', message: problem } } : {}) };
}
