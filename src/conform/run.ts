/**
 * Checks one trace file end to end: reads it as a stream of lines, parses each, feeds the page
 * events to the {@link Checker}, and collects everything that was skipped (other events,
 * malformed lines, ring-buffer gaps) with its line number, so that nothing is dropped silently.
 */
import { Checker, DEFAULT_MAX_EPISODES, DEFAULT_MAX_FINDINGS } from './checker.ts';
import { traceLines, type InputEnd } from './input.ts';
import { ownString, parseLine } from './parse.ts';
import { printable } from '../util/printable.ts';
import { BYPASS, BYTES_PER_PAGE, PLACE, VIA } from './places.ts';
import type { KernelProfile } from './profile.ts';
import type { ConformResult, SkippedLine } from './types.ts';
import type { ZoneInfo } from './zoneinfo.ts';

/** Options of {@link conformFile}. */
export interface ConformOptions {
  readonly profile: KernelProfile;
  readonly zones?: readonly ZoneInfo[];
  /** Where the zones came from, for the report. */
  readonly zoneinfoPath?: string;
  readonly isolation?: boolean;
  readonly preempt?: boolean;
  /** Bound: findings kept in full. Default {@link DEFAULT_MAX_FINDINGS}. */
  readonly maxFindings?: number;
  /** Bound: skipped lines listed per kind (all are counted). Default {@link DEFAULT_MAX_LISTED}. */
  readonly maxListed?: number;
}

/** Default of {@link ConformOptions.maxListed}. */
export const DEFAULT_MAX_LISTED = 20;

const MAX_TEXT = 200;

function clip(text: string): string {
  // A line is printed in reports: its control characters (ANSI escapes) are escaped.
  return printable(ownString(text), MAX_TEXT);
}

/** Checks the trace at `path` against the allocator model. Throws UsageError for unreadable input. */
export async function conformFile(path: string, opts: ConformOptions): Promise<ConformResult> {
  const end: InputEnd = { compression: 'none', bytes: 0, problem: null };
  return conformLines(traceLines(path, end), path, end, opts);
}

/**
 * Checks a stream of trace lines (without newlines). `end` describes the input and is read once
 * the stream is exhausted (its problem marks a truncated or corrupt file).
 */
export async function conformLines(lines: AsyncIterable<string> | Iterable<string>, file: string, end: InputEnd, opts: ConformOptions): Promise<ConformResult> {
  const t0 = performance.now();
  const maxListed = opts.maxListed ?? DEFAULT_MAX_LISTED;
  const maxFindings = opts.maxFindings ?? DEFAULT_MAX_FINDINGS;
  const checker = new Checker({ profile: opts.profile, zones: opts.zones, isolation: opts.isolation, preempt: opts.preempt, maxFindings });
  const unknownEvents: Record<string, number> = {};
  const unknownLines: SkippedLine[] = [];
  const malformedLines: SkippedLine[] = [];
  const gaps: SkippedLine[] = [];
  let malformed = 0;
  let otherEvents = 0;
  let header: { entriesInBuffer: number; entriesWritten: number } | null = null;
  let headerCpus = 0;
  let line = 0;
  for await (const text of lines) {
    line++;
    const p = parseLine(text, line);
    switch (p.kind) {
      case 'event':
        checker.event(p.event, text);
        break;
      case 'other':
        otherEvents++;
        unknownEvents[p.name] = (unknownEvents[p.name] ?? 0) + 1;
        if (unknownLines.length < maxListed) unknownLines.push({ line, text: clip(text), reason: `event ${p.name} is not a kmem page-allocator event` });
        break;
      case 'malformed':
        malformed++;
        if (malformedLines.length < maxListed) malformedLines.push({ line, text: clip(text), reason: p.reason });
        break;
      case 'gap':
        gaps.push({ line, text: clip(text), reason: p.lost !== null ? `cpu${p.cpu} lost ${p.lost} events` : `cpu${p.cpu}'s buffer starts here: its earlier events were overwritten` });
        checker.gap();
        break;
      case 'header':
        if (p.entriesInBuffer !== undefined && p.entriesWritten !== undefined) {
          header = { entriesInBuffer: p.entriesInBuffer, entriesWritten: p.entriesWritten };
          headerCpus = p.cpus ?? 0;
        }
        break;
      case 'blank':
        break;
    }
  }
  checker.finish();
  let truncated = end.problem ? `${end.problem.kind === 'truncated' ? 'truncated' : 'corrupt'}: ${end.problem.message} (after line ${line})` : null;
  const entries = checker.events + otherEvents;
  if (!truncated && header && entries < header.entriesInBuffer)
    truncated = `truncated: the header says the buffer held ${header.entriesInBuffer} events, but the file has ${entries}`;
  const nCpus = Math.max(checker.cpus, headerCpus);
  const pcpPages: number[] = new Array<number>(nCpus).fill(0);
  const pcpFreed: number[] = new Array<number>(nCpus).fill(0);
  const counts = checker.table.counts((_pfn, place, cpu, via, bypass) => {
    if (place !== PLACE.pcp) return;
    pcpPages[cpu] = (pcpPages[cpu] ?? 0) + 1;
    // Recorded on the list by a free that may have gone to the buddy instead.
    if (via === VIA.free && bypass !== BYPASS.none) pcpFreed[cpu] = (pcpFreed[cpu] ?? 0) + 1;
  });
  const present = opts.zones ? opts.zones.reduce((s, z) => s + z.present, 0) : null;
  const known = counts[PLACE.buddy] + counts[PLACE.pcp] + counts[PLACE.taken] + counts[PLACE.alloc];
  return {
    file,
    kernel: opts.profile.version,
    compression: end.compression,
    bytes: end.bytes,
    lines: line,
    seconds: (performance.now() - t0) / 1000,
    events: checker.events,
    byType: checker.byType,
    failedAllocs: checker.failedAllocs,
    cpus: nCpus,
    firstTs: checker.firstTs,
    lastTs: checker.lastTs,
    findings: checker.findings,
    findingsDropped: checker.findingsDropped,
    findingsByKind: checker.findingsByKind,
    steps: checker.steps,
    initial: checker.initial,
    remoteDrains: checker.remoteDrains,
    final: {
      unknown: present === null ? null : Math.max(0, present - known),
      buddy: counts[PLACE.buddy],
      pcp: pcpPages,
      pcpFreed,
      taken: counts[PLACE.taken],
      alloc: counts[PLACE.alloc],
    },
    pcp: checker.pcpStats(),
    unknownEvents,
    unknownLines,
    malformed,
    malformedLines,
    gaps,
    truncated,
    header,
    tableBytes: checker.table.sectionCount * 2 ** opts.profile.sectionShift * BYTES_PER_PAGE,
    bounds: { maxFindings, maxListed, maxEpisodes: DEFAULT_MAX_EPISODES, episodesForgotten: checker.episodesForgotten },
    options: { isolation: opts.isolation ?? false, preempt: opts.preempt ?? false, zoneinfo: opts.zoneinfoPath ?? null },
  };
}
