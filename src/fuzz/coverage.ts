/**
 * Counting what randomized runs exercised, in allocator terms: the events the model reports
 * (see ../engine/coverage.ts) per order where that applies, and the operations started. The
 * summary lists every event the model can report with its count, calls out the ones never hit,
 * and names the events this model does not report at all, so that a zero is never mistaken for
 * an event that was simply not modelled.
 */
import { COVERAGE_EVENT_NAMES, COVERAGE_EVENTS, type CoverageEvent, type CoverageSink } from '../engine/coverage.ts';
import type { TransitionId } from '../engine/types.ts';
import type { Schedulable } from './types.ts';

/** One counted event in a summary. */
export interface CoverageLine {
  readonly event: CoverageEvent;
  readonly title: string;
  readonly meaning: string;
  readonly total: number;
  /** Per-order counts, from the event's lowest order to MAX_PAGE_ORDER; absent for single counters. */
  readonly perOrder?: readonly { readonly order: number; readonly count: number }[];
}

/** The coverage of a campaign. */
export interface CoverageSummary {
  /** The events the model reports, with their counts. */
  readonly events: readonly CoverageLine[];
  /** Events (or event at an order) the model reports but no run hit, e.g. `merges order 6`. */
  readonly neverHit: readonly string[];
  /** Events of the shared vocabulary this model does not report. */
  readonly notModelled: readonly CoverageEvent[];
  /** Operations started, by name, in the system's order. */
  readonly calls: readonly { readonly op: string; readonly count: number }[];
}

/** Counters for one campaign; install as the system's coverage sink while runs execute. */
export class CoverageCounters implements CoverageSink {
  private readonly counts = new Map<CoverageEvent, number[]>();
  private readonly calls = new Map<string, number>();

  /**
   * @param operations the operations of the model's systems, by name
   * @param events the events the model reports
   * @param maxOrder MAX_PAGE_ORDER of the configuration (the range of per-order counters)
   */
  constructor(
    private readonly operations: readonly string[],
    events: readonly CoverageEvent[],
    private readonly maxOrder: number,
  ) {
    for (const op of operations) this.calls.set(op, 0);
    for (const e of events) this.counts.set(e, new Array<number>(maxOrder + 2).fill(0));
  }

  hit(event: CoverageEvent, order = 0): void {
    let c = this.counts.get(event);
    if (!c) {
      // An event the model did not declare is still counted, so that the summary shows it.
      c = new Array<number>(this.maxOrder + 2).fill(0);
      this.counts.set(event, c);
    }
    c[Math.min(order, c.length - 1)]++;
  }

  /** Counts the operation `tr` starts, if any (a run's observer). */
  observe(sys: Schedulable, tr: TransitionId): void {
    const op = sys.operationOf(tr);
    if (op >= 0) this.calls.set(sys.operations[op], (this.calls.get(sys.operations[op]) ?? 0) + 1);
  }

  /** The summary of everything counted so far. */
  summary(): CoverageSummary {
    const events: CoverageLine[] = [];
    const neverHit: string[] = [];
    for (const e of COVERAGE_EVENT_NAMES) {
      const c = this.counts.get(e);
      if (!c) continue;
      const info = COVERAGE_EVENTS[e];
      const total = c.reduce((a, b) => a + b, 0);
      if (info.fromOrder === undefined) {
        events.push({ event: e, title: info.title, meaning: info.meaning, total });
        if (total === 0) neverHit.push(info.title);
        continue;
      }
      // Counts above MAX_PAGE_ORDER (a mutant merging too far) are shown at their own order.
      const top = c[this.maxOrder + 1] > 0 ? this.maxOrder + 1 : this.maxOrder;
      const perOrder: { order: number; count: number }[] = [];
      for (let o = info.fromOrder; o <= top; o++) {
        perOrder.push({ order: o, count: c[o] });
        if (c[o] === 0) neverHit.push(`${info.title} order ${o}`);
      }
      events.push({ event: e, title: info.title, meaning: info.meaning, total, perOrder });
    }
    return {
      events,
      neverHit,
      notModelled: COVERAGE_EVENT_NAMES.filter((e) => !this.counts.has(e)),
      calls: [...this.calls].map(([op, count]) => ({ op, count })),
    };
  }
}
