/**
 * What a search exercised, as a plain value: for every kernel-path machine each compiled edge
 * (the state it leaves, the guard outcomes that chose it, the state it enters) with the number
 * of transitions that took it; the allocator events in kernel terms; the calls started; the cost
 * counters. Summaries of several searches (the configurations of a family, the runs of a fuzz
 * campaign, a model's configurations in the suite) merge by name.
 *
 * Every edge, every event at every order or PCP list that exists in the configuration, and every
 * operation a workload may call is an *item*; an item with count 0 was never reached, and
 * reports list those first.
 */
import { COVERAGE_EVENTS, COVERAGE_EVENT_NAMES, type CoverageEvent } from './events.ts';
import { mergeOverrideCounts, type OverrideCount } from '../variant/vacuity.ts';

/** One compiled edge and how many explored transitions took it. */
export interface EdgeCount {
  /** Dotted path of the state the edge leaves. */
  readonly from: string;
  /** Dotted path of the state it enters, or `return`. */
  readonly to: string;
  /** Guard outcomes that choose it (`!g` failed, `g` held). */
  readonly guards: readonly string[];
  readonly count: number;
}

/** The edges of one kernel-path machine (an operation's top-level machine, callees inlined). */
export interface MachineCoverage {
  readonly machine: string;
  readonly edges: readonly EdgeCount[];
}

/** One counted item of an event: an order (`order 2`), a PCP list (`order 1 MOVABLE`) or a page count (`8 pages`). */
export interface EventItem {
  readonly key: string;
  readonly count: number;
}

/** An allocator event and its counts. */
export interface EventCount {
  readonly event: CoverageEvent;
  readonly total: number;
  /**
   * Per order or PCP list: every one that exists in the configuration, each of which must be
   * reached. Per page count (a histogram): the counts seen, for information only.
   */
  readonly items?: readonly EventItem[];
}

/** What a search exercised. */
export interface CoverageSummary {
  /** Transitions counted (every transition the search explored or the runs took). */
  readonly transitions: number;
  readonly machines: readonly MachineCoverage[];
  /** The events the model reports (and any other it raised), in reporting order. */
  readonly events: readonly EventCount[];
  /** Operations started, by name; only those the workload may call. */
  readonly calls: readonly { readonly op: string; readonly count: number }[];
  /** Each cost counter's total over the counted transitions (for information: not items). */
  readonly cost: readonly { readonly key: string; readonly label: string; readonly total: number }[];
  /** Events of the vocabulary this model does not report: a zero there is not a gap. */
  readonly notModelled: readonly CoverageEvent[];
  /**
   * The variant's overrides against the code they replace (src/variant/vacuity.ts): how often each
   * ran and made a difference. Absent when the search counted none (the baseline, or no override).
   */
  readonly overrides?: readonly OverrideCount[];
}

/** One item of a summary, by the name reports, declarations of unreachable items and the manifest use. */
export interface CoverageItem {
  readonly kind: 'edge' | 'event' | 'call';
  readonly name: string;
  readonly count: number;
}

/** The name of an edge item: `alloc_pages: spin_lock → zone_locked [zone_lock_free]`. */
export function edgeName(machine: string, e: Pick<EdgeCount, 'from' | 'to' | 'guards'>): string {
  return `${machine}: ${e.from} → ${e.to}${e.guards.length ? ` [${e.guards.join(', ')}]` : ''}`;
}

/** Whether an event's items are a histogram (information) rather than items that must be reached. */
function histogram(e: CoverageEvent): boolean {
  return COVERAGE_EVENTS[e].per === 'pages';
}

/** Every item of a summary, in report order: edges by machine, then events, then calls. */
export function coverageItems(c: CoverageSummary): CoverageItem[] {
  const out: CoverageItem[] = [];
  for (const m of c.machines) for (const e of m.edges) out.push({ kind: 'edge', name: edgeName(m.machine, e), count: e.count });
  for (const e of c.events) {
    const title = COVERAGE_EVENTS[e.event].title;
    if (e.items && !histogram(e.event)) for (const it of e.items) out.push({ kind: 'event', name: `${title} ${it.key}`, count: it.count });
    else out.push({ kind: 'event', name: title, count: e.total });
  }
  for (const x of c.calls) out.push({ kind: 'call', name: `${x.op} calls`, count: x.count });
  return out;
}

/** The names of the items never reached, edges first. */
export function neverReached(c: CoverageSummary): string[] {
  return coverageItems(c)
    .filter((i) => i.count === 0)
    .map((i) => i.name);
}

/** Reached and existing items, by kind. */
export function coverageTotals(c: CoverageSummary): Record<CoverageItem['kind'], { reached: number; total: number }> {
  const t = { edge: { reached: 0, total: 0 }, event: { reached: 0, total: 0 }, call: { reached: 0, total: 0 } };
  for (const i of coverageItems(c)) {
    t[i.kind].total++;
    if (i.count > 0) t[i.kind].reached++;
  }
  return t;
}

/** One line: `edges 87/92, events 14/20, calls 4/4 reached`. */
export function coverageLine(c: CoverageSummary): string {
  const t = coverageTotals(c);
  return `edges ${t.edge.reached}/${t.edge.total}, events ${t.event.reached}/${t.event.total}, calls ${t.call.reached}/${t.call.total} reached`;
}

function mergeBy<T>(a: readonly T[], b: readonly T[], key: (x: T) => string, add: (x: T, y: T) => T): T[] {
  const out = new Map<string, T>();
  for (const x of a) out.set(key(x), x);
  for (const y of b) {
    const k = key(y);
    const x = out.get(k);
    out.set(k, x === undefined ? y : add(x, y));
  }
  return [...out.values()];
}

function mergeItems(a: readonly EventItem[] | undefined, b: readonly EventItem[] | undefined): EventItem[] | undefined {
  if (!a) return b ? [...b] : undefined;
  if (!b) return [...a];
  return mergeBy(a, b, (x) => x.key, (x, y) => ({ key: x.key, count: x.count + y.count }));
}

/**
 * The summary of two searches together: counts added by name, items that exist in either kept
 * (an order that exists in one configuration only is an item of the union). Events are listed
 * in vocabulary order, per-order items by order.
 */
export function mergeCoverage(a: CoverageSummary, b: CoverageSummary): CoverageSummary {
  const machines = mergeBy(a.machines, b.machines, (m) => m.machine, (x, y) => ({
    machine: x.machine,
    edges: mergeBy(x.edges, y.edges, (e) => edgeName('', e), (e, f) => ({ ...e, count: e.count + f.count })),
  }));
  const events = mergeBy(a.events, b.events, (e) => e.event, (x, y) => ({ event: x.event, total: x.total + y.total, items: mergeItems(x.items, y.items) }))
    .map((e) => (e.items ? { ...e, items: [...e.items].sort(compareItems) } : e))
    .sort((x, y) => COVERAGE_EVENT_NAMES.indexOf(x.event) - COVERAGE_EVENT_NAMES.indexOf(y.event));
  const overrides = a.overrides || b.overrides ? mergeOverrideCounts(a.overrides ?? [], b.overrides ?? []) : undefined;
  return {
    ...(overrides ? { overrides } : {}),
    transitions: a.transitions + b.transitions,
    machines,
    events,
    calls: mergeBy(a.calls, b.calls, (x) => x.op, (x, y) => ({ op: x.op, count: x.count + y.count })),
    cost: mergeBy(a.cost, b.cost, (x) => x.key, (x, y) => ({ ...x, total: x.total + y.total })),
    notModelled: a.notModelled.filter((e) => b.notModelled.includes(e)),
  };
}

/** Item keys in numeric order: `order 2` before `order 10`, then by list migratetype. */
function compareItems(x: EventItem, y: EventItem): number {
  const n = (k: string) => Number(/\d+/.exec(k)?.[0] ?? 0);
  return n(x.key) - n(y.key) || x.key.localeCompare(y.key);
}

/** The summary of no search at all (the identity of {@link mergeCoverage}). */
export const NO_COVERAGE: CoverageSummary = { transitions: 0, machines: [], events: [], calls: [], cost: [], notModelled: [...COVERAGE_EVENT_NAMES] };
