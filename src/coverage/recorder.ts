/**
 * Counting coverage while a search runs: the edges each step takes, the allocator events its
 * actions report, the operation it starts and the cost counters it bumps. Nothing is stored in
 * the explored states.
 *
 * A step may be computed and then thrown away (a blocked start, the partial-order reduction
 * running a step twice, a validation's isolated runs): the system calls {@link
 * CoverageRecorder.begin} before each step and {@link CoverageRecorder.commit} only for the
 * transition the search explores or the run takes, so that what is counted is exactly the
 * transitions a search reports. An edge counts once per transition however often a loop takes
 * it in that step; events count every occurrence.
 */
import type { CEdge } from '../machine/compile.ts';
import type { EdgeLog } from '../machine/runtime.ts';
import { COVERAGE_EVENTS, COVERAGE_EVENT_NAMES, type CoverageEvent, type CoverageSink } from './events.ts';
import type { CoverageSummary, EventCount, EventItem, MachineCoverage } from './summary.ts';
import { overrideKey, type OverrideCount, type OverrideRef } from '../variant/vacuity.ts';

/** What a recorder counts: the system's machines, operations, events and geometry. */
export interface CoverageLayout {
  /** The kernel-path machines, each with its compiled edges. */
  readonly machines: readonly { readonly id: string; readonly edges: readonly CEdge[] }[];
  /** The operations a workload may call, in index order. */
  readonly operations: readonly string[];
  /** The events the model reports. */
  readonly events: readonly CoverageEvent[];
  readonly maxOrder: number;
  readonly pageblockOrder: number;
  /** Migratetype names by index. */
  readonly migratetypes: readonly string[];
  /** The configuration's PCP lists, in pindex order (empty without PCPs). */
  readonly pcpLists: readonly { readonly order: number; readonly mt: number }[];
  /** The largest page count a histogram keeps apart (larger counts are counted at it). */
  readonly maxPages: number;
  /** The variant's overrides whose runs are counted (src/variant/vacuity.ts); none when absent. */
  readonly overrides?: readonly OverrideRef[];
  /** The cost counters and the array the step context bumps them in. */
  readonly cost: { readonly counters: readonly { readonly key: string; readonly label: string }[]; readonly meter: Float64Array };
}

const PER = { none: 0, order: 1, 'pcp-list': 2, pages: 3 } as const;

/** Counts one search's coverage (see the module comment). */
export class CoverageRecorder implements CoverageSink, EdgeLog {
  /** First edge index of each machine of the layout, in layout order. */
  readonly machineBase: Int32Array;
  private readonly edgeCounts: Float64Array;
  private readonly stamp: Uint32Array;
  private epoch = 1;
  private pendingEdges = new Int32Array(64);
  private nEdges = 0;
  private readonly eventCounts: Float64Array;
  private readonly eventBase = {} as Record<CoverageEvent, number>;
  private readonly eventPer = {} as Record<CoverageEvent, number>;
  private pendingEvents = new Int32Array(64);
  private nEvents = 0;
  private readonly orders: number;
  private readonly nMt: number;
  private readonly calls: Float64Array;
  private readonly costTotals: Float64Array;
  private readonly meter0: Float64Array;
  private transitions = 0;
  /** The last edge the last committed step took (-1: none), for steering (src/fuzz/steer.ts). */
  private last = -1;
  private readonly overrideIndex = new Map<string, number>();
  private readonly overrideRan: Float64Array;
  private readonly overrideDiffered: Float64Array;
  /** Per override: 1 once a run reported no comparison (a name the reference does not have). */
  private readonly overrideNew: Uint8Array;
  /** Pending override runs: index * 4 + 1 when it differed, + 2 when it was not compared. */
  private pendingOverrides = new Int32Array(16);
  private nOverrides = 0;

  constructor(readonly layout: CoverageLayout) {
    (layout.overrides ?? []).forEach((o, i) => this.overrideIndex.set(overrideKey(o.kind, o.name), i));
    this.overrideRan = new Float64Array(this.overrideIndex.size);
    this.overrideDiffered = new Float64Array(this.overrideIndex.size);
    this.overrideNew = new Uint8Array(this.overrideIndex.size);
    this.machineBase = new Int32Array(layout.machines.length);
    let n = 0;
    layout.machines.forEach((m, i) => {
      this.machineBase[i] = n;
      n += m.edges.length;
    });
    this.edgeCounts = new Float64Array(n);
    this.stamp = new Uint32Array(n);
    // Orders up to MAX_PAGE_ORDER + 1: a mutant merging too far is counted at its own order.
    this.orders = layout.maxOrder + 2;
    this.nMt = Math.max(1, layout.migratetypes.length);
    let e = 0;
    for (const name of COVERAGE_EVENT_NAMES) {
      const per = PER[COVERAGE_EVENTS[name].per];
      this.eventBase[name] = e;
      this.eventPer[name] = per;
      e += per === PER.none ? 1 : per === PER.order ? this.orders : per === PER['pcp-list'] ? this.orders * this.nMt : layout.maxPages + 1;
    }
    this.eventCounts = new Float64Array(e);
    this.calls = new Float64Array(layout.operations.length);
    this.costTotals = new Float64Array(layout.cost.counters.length);
    this.meter0 = new Float64Array(layout.cost.meter.length);
  }

  /** A step starts: what it takes is pending until {@link commit}. */
  begin(): void {
    this.nEdges = 0;
    this.nEvents = 0;
    this.nOverrides = 0;
    if (++this.epoch === 0xffffffff) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    this.meter0.set(this.layout.cost.meter);
  }

  edge(index: number): void {
    if (this.stamp[index] === this.epoch) return;
    this.stamp[index] = this.epoch;
    if (this.nEdges === this.pendingEdges.length) this.pendingEdges = grow(this.pendingEdges);
    this.pendingEdges[this.nEdges++] = index;
  }

  hit(event: CoverageEvent, a = 0, b = 0): void {
    let i = this.eventBase[event];
    switch (this.eventPer[event]) {
      case PER.order:
        i += Math.min(a, this.orders - 1);
        break;
      case PER['pcp-list']:
        i += Math.min(a, this.orders - 1) * this.nMt + Math.min(b, this.nMt - 1);
        break;
      case PER.pages:
        i += Math.max(0, Math.min(a, this.layout.maxPages));
        break;
    }
    if (this.nEvents === this.pendingEvents.length) this.pendingEvents = grow(this.pendingEvents);
    this.pendingEvents[this.nEvents++] = i;
  }

  override(key: string, differed: boolean | null): void {
    const i = this.overrideIndex.get(key);
    if (i === undefined) return;
    if (this.nOverrides === this.pendingOverrides.length) this.pendingOverrides = grow(this.pendingOverrides);
    this.pendingOverrides[this.nOverrides++] = i * 4 + (differed === null ? 2 : differed ? 1 : 0);
  }

  /** The pending step is a transition the search counts; `op` is the operation it starts, or -1. */
  commit(op: number): void {
    this.transitions++;
    this.last = this.nEdges ? this.pendingEdges[this.nEdges - 1] : -1;
    for (let i = 0; i < this.nEdges; i++) this.edgeCounts[this.pendingEdges[i]]++;
    for (let i = 0; i < this.nEvents; i++) this.eventCounts[this.pendingEvents[i]]++;
    for (let i = 0; i < this.nOverrides; i++) {
      const x = this.pendingOverrides[i];
      this.overrideRan[x >> 2]++;
      if (x & 1) this.overrideDiffered[x >> 2]++;
      if (x & 2) this.overrideNew[x >> 2] = 1;
    }
    this.nOverrides = 0;
    if (op >= 0) this.calls[op]++;
    const meter = this.layout.cost.meter;
    for (let i = 0; i < this.costTotals.length; i++) this.costTotals[i] += meter[i] - this.meter0[i];
    this.nEdges = 0;
    this.nEvents = 0;
  }

  /**
   * The index of the last new edge the last committed step took (the place its thread rests at,
   * with the guard outcomes that led there), or -1 when it took none. Indices are this
   * recorder's: equal for every recorder of one system.
   */
  lastEdge(): number {
    return this.last;
  }

  /** Edges of the layout (the range of {@link lastEdge}). */
  get edgeTotal(): number {
    return this.edgeCounts.length;
  }

  /**
   * Each override's runs; a machine's are the transitions through the edges of states inside it
   * (each edge counted once per transition that took it). Undefined when no override is counted.
   */
  private overrideCounts(): OverrideCount[] | undefined {
    const list = this.layout.overrides;
    if (!list?.length) return undefined;
    return list.map((o, i) => {
      // A name of the variant's own (nothing to compare it with) reports its runs only.
      if (o.kind !== 'machine') return { kind: o.kind, name: o.name, ran: this.overrideRan[i], differed: this.overrideNew[i] ? null : this.overrideDiffered[i] };
      let ran = 0;
      this.layout.machines.forEach((m, mi) => {
        for (const e of m.edges) if (e.within.includes(o.name)) ran += this.edgeCounts[this.machineBase[mi] + e.index];
      });
      return { kind: o.kind, name: o.name, ran, differed: null };
    });
  }

  /** Everything counted so far. */
  summary(): CoverageSummary {
    const L = this.layout;
    const machines: MachineCoverage[] = L.machines.map((m, i) => ({
      machine: m.id,
      edges: m.edges.map((e) => ({ from: e.from, to: e.to, guards: e.guards, count: this.edgeCounts[this.machineBase[i] + e.index] })),
    }));
    const events: EventCount[] = [];
    for (const name of COVERAGE_EVENT_NAMES) {
      const info = COVERAGE_EVENTS[name];
      const base = this.eventBase[name];
      const per = this.eventPer[name];
      const size = per === PER.none ? 1 : per === PER.order ? this.orders : per === PER['pcp-list'] ? this.orders * this.nMt : L.maxPages + 1;
      const slice = this.eventCounts.subarray(base, base + size);
      const total = slice.reduce((x, y) => x + y, 0);
      // An event the model does not declare is still shown when a step raised it.
      if (!L.events.includes(name) && total === 0) continue;
      let items: EventItem[] | undefined;
      if (per === PER.order) {
        const from = 'fromOrder' in info ? (info.fromOrder === 'pageblock+1' ? L.pageblockOrder + 1 : info.fromOrder) : 0;
        const top = slice[L.maxOrder + 1] > 0 ? L.maxOrder + 1 : L.maxOrder;
        items = [];
        for (let o = from; o <= top; o++) items.push({ key: `order ${o}`, count: slice[o] });
      } else if (per === PER['pcp-list']) {
        items = L.pcpLists.map((l) => ({ key: `order ${l.order} ${L.migratetypes[l.mt] ?? `mt${l.mt}`}`, count: slice[l.order * this.nMt + l.mt] }));
        // A block put on a list the configuration does not have is counted too (a mutant's).
        const listed = new Set(L.pcpLists.map((l) => l.order * this.nMt + l.mt));
        slice.forEach((c, j) => {
          if (c > 0 && !listed.has(j)) items!.push({ key: `order ${Math.floor(j / this.nMt)} ${L.migratetypes[j % this.nMt] ?? `mt${j % this.nMt}`}`, count: c });
        });
      } else if (per === PER.pages) {
        items = [];
        slice.forEach((c, j) => {
          if (c > 0) items!.push({ key: j === L.maxPages ? `${j}+ pages` : `${j} page${j === 1 ? '' : 's'}`, count: c });
        });
      }
      events.push(items ? { event: name, total, items } : { event: name, total });
    }
    const overrides = this.overrideCounts();
    return {
      ...(overrides ? { overrides } : {}),
      transitions: this.transitions,
      machines,
      events,
      calls: L.operations.map((op, i) => ({ op, count: this.calls[i] })),
      cost: L.cost.counters.map((c, i) => ({ key: c.key, label: c.label, total: this.costTotals[i] })),
      notModelled: COVERAGE_EVENT_NAMES.filter((e) => !L.events.includes(e) && !events.some((x) => x.event === e)),
    };
  }
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
