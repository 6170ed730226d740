/**
 * Parsing of ftrace text lines (the `trace` file, `trace_pipe`, or `trace-cmd report` output):
 *
 *     <comm>-<pid> [(<tgid>)] [<cpu>] [<flags>] <timestamp>: <event>: key=value ...
 *
 * The flags column is optional (`options/irq-info`); its third character says hardirq (`h`, `H`),
 * softirq (`s`) or NMI (`z`, `Z`). Header comments are read for the buffer's entry counts, and the
 * ring buffer's own annotations (a CPU buffer that started late, lost events) are reported as gaps.
 * Nothing is dropped silently: a line is a page event, another event, a gap, a comment, or
 * malformed (with the reason).
 */
import { unreachable } from '../util/unreachable.ts';
import { CTX, REQUIRED_FIELDS, type Ctx, type EventName, type PageEvent } from './events.ts';

/** What one line is. */
export type ParsedLine =
  | { readonly kind: 'event'; readonly event: PageEvent }
  /** An event the checker does not read (another tracepoint). */
  | { readonly kind: 'other'; readonly name: string }
  /** The ring buffer lost events here (`LOST n EVENTS`) or a CPU's buffer starts here. */
  | { readonly kind: 'gap'; readonly cpu: number | null; readonly lost: number | null; readonly text: string }
  | { readonly kind: 'header'; readonly entriesInBuffer?: number; readonly entriesWritten?: number; readonly cpus?: number }
  | { readonly kind: 'blank' }
  | { readonly kind: 'malformed'; readonly reason: string };

// comm (greedy, may hold spaces and dashes), pid, optional "(tgid)", [cpu], optional flags, ts, event, rest.
const LINE = /^\s*(.*)-(\d+)\s+(?:\(\s*(?:\d+|-+)\)\s+)?\[(\d+)\]\s+(?:(\S{4,5})\s+)?(\d+\.\d+):\s+(\w+):\s?(.*)$/;
const ENTRIES = /entries-in-buffer\/entries-written:\s*(\d+)\/(\d+)\s+#P:(\d+)/;
const LOST = /CPU:?\s*(\d+)\s*\[LOST (\d+) EVENTS\]/;
const STARTED = /#+\s*CPU\s+(\d+)\s+buffer started/;

const KNOWN: ReadonlySet<string> = new Set(Object.keys(REQUIRED_FIELDS));

function ctxOf(flags: string | undefined): Ctx {
  switch (flags?.[2]) {
    case 'h':
    case 'H':
      return CTX.hardirq;
    case 's':
      return CTX.softirq;
    case 'z':
    case 'Z':
      return CTX.nmi;
    default:
      return CTX.task;
  }
}

/** `key=value key=value`; values hold no spaces in these events. */
function fieldsOf(rest: string): Map<string, string> {
  const m = new Map<string, string>();
  let i = 0;
  const n = rest.length;
  while (i < n) {
    while (i < n && rest.charCodeAt(i) === 32) i++;
    let j = i;
    while (j < n && rest.charCodeAt(j) !== 32) j++;
    const eq = rest.indexOf('=', i);
    if (eq > i && eq < j) m.set(rest.slice(i, eq), rest.slice(eq + 1, j));
    i = j;
  }
  return m;
}

const INT = /^-?\d+$/;
const HEX = /^0x[0-9a-fA-F]+$/;

function int(s: string | undefined): number {
  return s !== undefined && INT.test(s) ? Number(s) : Number.NaN;
}

function hex(s: string | undefined): number {
  return s !== undefined && HEX.test(s) ? parseInt(s.slice(2), 16) : Number.NaN;
}

/** A NULL `struct page *` as `%p` prints it (`0000000000000000`, or `(null)` on old kernels). */
function isNullPage(s: string): boolean {
  return s === '(null)' || /^0+$/.test(s);
}

function num(f: Map<string, string>, k: string): number {
  return int(f.get(k));
}

function notInt(ev: EventName, f: Map<string, string>, k: string): ParsedLine {
  return { kind: 'malformed', reason: `${ev}: ${k} '${f.get(k)}' is not an integer` };
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * A copy of a line that does not keep the chunk it was read from alive: V8 slices substrings
 * out of their parent string, so keeping one 100-byte line would keep the whole megabyte read
 * with it. Call it on every line that outlives the reading of its chunk (findings, skipped lines).
 */
export function ownString(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/** The largest CPU number a kernel can have (CONFIG_NR_CPUS at most 8192; the per-page CPU field is 16 bits). */
export const MAX_CPU = 8191;
/** The largest pfn of a 52-bit physical address space with 4 KiB pages. */
export const MAX_PFN = 2 ** 40 - 1;

/** Parses one line (without its newline); `line` is its 1-based number. */
export function parseLine(text: string, line: number): ParsedLine {
  if (isBlank(text)) return { kind: 'blank' };
  if (text.charCodeAt(0) === 35 /* # */) {
    const st = STARTED.exec(text);
    if (st) return Number(st[1]) <= MAX_CPU ? { kind: 'gap', cpu: Number(st[1]), lost: null, text: text.trim() } : { kind: 'malformed', reason: `cpu ${st[1]} is beyond any kernel's CPU numbers` };
    const e = ENTRIES.exec(text);
    if (e) {
      const cpus = Number(e[3]);
      if (!(cpus <= MAX_CPU + 1)) return { kind: 'malformed', reason: `the header counts ${e[3]} CPUs, beyond any kernel's (CONFIG_NR_CPUS is at most ${MAX_CPU + 1})` };
      return { kind: 'header', entriesInBuffer: Number(e[1]), entriesWritten: Number(e[2]), cpus };
    }
    return { kind: 'header' };
  }
  const m = LINE.exec(text);
  if (!m) {
    const lost = text.includes('LOST') ? LOST.exec(text) : null;
    if (lost) return Number(lost[1]) <= MAX_CPU ? { kind: 'gap', cpu: Number(lost[1]), lost: Number(lost[2]), text: text.trim() } : { kind: 'malformed', reason: `cpu ${lost[1]} is beyond any kernel's CPU numbers` };
    return { kind: 'malformed', reason: 'not an ftrace event line (<comm>-<pid> [<cpu>] <flags> <timestamp>: <event>: ...)' };
  }
  const name = m[6];
  if (!KNOWN.has(name)) return { kind: 'other', name };
  const ev = name as EventName;
  const f = fieldsOf(m[7]);
  const required = REQUIRED_FIELDS[ev];
  for (let i = 0; i < required.length; i++) {
    if (!f.has(required[i])) return { kind: 'malformed', reason: `${ev} without ${required.filter((k) => !f.has(k)).join(', ')}` };
  }
  const comm = m[1].trim();
  const pid = Number(m[2]);
  const cpu = Number(m[3]);
  const ctx = ctxOf(m[4]);
  const ts = Number(m[5]);
  // The per-page CPU field is 16 bits wide, and no kernel numbers a CPU beyond CONFIG_NR_CPUS
  // (at most 8192): a larger number is a damaged line, not a CPU (it would wrap into another).
  if (!(cpu <= MAX_CPU)) return { kind: 'malformed', reason: `cpu ${m[3]} is beyond any kernel's CPU numbers (CONFIG_NR_CPUS is at most ${MAX_CPU + 1})` };
  const pfn = hex(f.get('pfn'));
  if (Number.isNaN(pfn)) return { kind: 'malformed', reason: `${ev}: pfn '${f.get('pfn')}' is not a hexadecimal number` };
  if (pfn > MAX_PFN) return { kind: 'malformed', reason: `${ev}: pfn ${f.get('pfn')} is beyond a 52-bit physical address space` };
  switch (ev) {
    case 'mm_page_alloc': {
      const order = num(f, 'order');
      const mt = num(f, 'migratetype');
      if (Number.isNaN(order)) return notInt(ev, f, 'order');
      if (Number.isNaN(mt)) return notInt(ev, f, 'migratetype');
      const ok = !isNullPage(f.get('page') as string);
      return { kind: 'event', event: { name: ev, line, comm, pid, cpu, ctx, ts, pfn, order, mt, gfp: f.get('gfp_flags') as string, ok } };
    }
    case 'mm_page_alloc_zone_locked': {
      const order = num(f, 'order');
      const mt = num(f, 'migratetype');
      const refill = num(f, 'percpu_refill');
      if (Number.isNaN(order)) return notInt(ev, f, 'order');
      if (Number.isNaN(mt)) return notInt(ev, f, 'migratetype');
      if (refill !== 0 && refill !== 1) return { kind: 'malformed', reason: `${ev}: percpu_refill '${f.get('percpu_refill')}' is not 0 or 1` };
      return { kind: 'event', event: { name: ev, line, comm, pid, cpu, ctx, ts, pfn, order, mt, refill: refill === 1 } };
    }
    case 'mm_page_free': {
      const order = num(f, 'order');
      if (Number.isNaN(order)) return notInt(ev, f, 'order');
      return { kind: 'event', event: { name: ev, line, comm, pid, cpu, ctx, ts, pfn, order } };
    }
    case 'mm_page_free_batched':
      return { kind: 'event', event: { name: ev, line, comm, pid, cpu, ctx, ts, pfn, order: 0 } };
    case 'mm_page_pcpu_drain': {
      const order = num(f, 'order');
      const mt = num(f, 'migratetype');
      if (Number.isNaN(order)) return notInt(ev, f, 'order');
      if (Number.isNaN(mt)) return notInt(ev, f, 'migratetype');
      return { kind: 'event', event: { name: ev, line, comm, pid, cpu, ctx, ts, pfn, order, mt } };
    }
    case 'mm_page_alloc_extfrag': {
      const order = num(f, 'fallback_order');
      const allocOrder = num(f, 'alloc_order');
      const allocMt = num(f, 'alloc_migratetype');
      const fallbackMt = num(f, 'fallback_migratetype');
      if (Number.isNaN(order)) return notInt(ev, f, 'fallback_order');
      if (Number.isNaN(allocOrder)) return notInt(ev, f, 'alloc_order');
      if (Number.isNaN(allocMt)) return notInt(ev, f, 'alloc_migratetype');
      if (Number.isNaN(fallbackMt)) return notInt(ev, f, 'fallback_migratetype');
      const changeOwnership = f.get('change_ownership') === '1';
      return { kind: 'event', event: { name: ev, line, comm, pid, cpu, ctx, ts, pfn, order, allocOrder, allocMt, fallbackMt, changeOwnership } };
    }
    default:
      return unreachable(ev);
  }
}
