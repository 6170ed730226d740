/**
 * The result of checking one trace: findings (each with the event's line and the earlier events
 * that make it impossible), the untraced steps inferred to explain the rest, and the summary a
 * kernel developer reads first. Plain data: the formatters in `src/report/` only print it.
 */
import type { EventName } from './events.ts';
import type { StepKind } from './steps.ts';

/** Kinds of findings, each under the allocator property it breaks (see `properties/`). */
export const FINDING_KINDS = {
  /** P5: a block whose pfn is not a multiple of its size. */
  misaligned: 'P5',
  /** P5: an order above MAX_ORDER - 1. */
  'order-too-large': 'P5',
  /** P5: a PCP event for an order that has no PCP list. */
  'not-pcp-order': 'P5',
  /** P3: a block that spans two memory sections. */
  'spans-section': 'P3',
  /** P1: an allocation of a page the model knows is allocated. */
  'double-alloc': 'P1',
  /** P1: an allocation of a page that is neither on the CPU's PCP list nor just taken off the buddy. */
  'alloc-not-free': 'P1',
  /** P1: a buddy removal of a page that is not in the buddy. */
  'buddy-not-free': 'P1',
  /** P1: a drain of a page that is not on that CPU's PCP list. */
  'drain-not-on-list': 'P1',
  /** P1: a drain from another CPU's list that drain_all_pages() cannot have done. */
  'remote-drain': 'P1',
  /** P2: a free of a page that is already free. */
  'double-free': 'P2',
  /** P2: a batched commit of a page that is not being freed. */
  'batched-without-free': 'P2',
  /** P4: a free whose block covers pages of separate allocations. */
  'free-spans-allocations': 'P4',
} as const;
/** A finding kind. */
export type FindingKind = keyof typeof FINDING_KINDS;

/** An earlier (or, for a refuted remote drain, later) event that the finding rests on. */
export interface Evidence {
  readonly line: number;
  readonly cpu: number;
  readonly ts: number;
  /** Event name, or a description when the place was inferred. */
  readonly event: string;
  readonly pfn: number;
  readonly order: number;
  /** What this event established. */
  readonly note: string;
}

/** What no explanation allowed by the kernel version can make consistent. */
export interface ConformFinding {
  readonly kind: FindingKind;
  /** The allocator property broken (P1..P5). */
  readonly code: string;
  readonly line: number;
  readonly cpu: number;
  readonly ts: number;
  readonly event: EventName;
  readonly pfn: number;
  readonly order: number;
  /** The event line as it is in the file. */
  readonly text: string;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  readonly hint: string;
}

/** A line that was reported and skipped. */
export interface SkippedLine {
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

/** Distribution of sizes (pages or blocks) of PCP refills or drains. */
export interface SizeStats {
  readonly runs: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
  /** Runs equal to the expected size (refills: `batch` blocks; drains: not used). */
  readonly atExpected: number;
  /** Runs above the kernel's limit for one lock hold. */
  readonly aboveLimit: number;
  /** The expected size or limit it was compared with, when known. */
  readonly limit: number | null;
}

/** PCP activity of one CPU in one zone. */
export interface PcpStats {
  readonly zone: string;
  readonly cpu: number;
  /** `high` and `batch` from zoneinfo, when given. */
  readonly high: number | null;
  readonly batch: number | null;
  /** Refills of order-0 lists (blocks per rmqueue_bulk). */
  readonly refill0: SizeStats;
  /** Local drains (pages per free_pcppages_bulk run on this CPU's own list). */
  readonly drain: SizeStats;
  /** Remote drains of this CPU's list by other CPUs (pages per run). */
  readonly remoteDrain: SizeStats;
  /** Most pages the model placed on this list at once: an upper bound, since an untraced bulk allocation is seen only at the page's next free. */
  readonly maxKnown: number;
  /** Pages inferred on this list before tracing began, and the zoneinfo count. */
  readonly before: number;
  readonly zoneinfoCount: number | null;
}

/** The whole result. */
export interface ConformResult {
  readonly file: string;
  readonly kernel: string;
  readonly compression: string;
  readonly bytes: number;
  readonly lines: number;
  readonly seconds: number;
  /** Events of the kmem page events, by name and order (index = order; failed allocations apart). */
  readonly events: number;
  readonly byType: Readonly<Record<EventName, readonly number[]>>;
  readonly failedAllocs: number;
  readonly cpus: number;
  readonly firstTs: number | null;
  readonly lastTs: number | null;
  readonly findings: readonly ConformFinding[];
  /** Findings beyond the --max-findings bound (counted, not kept). */
  readonly findingsDropped: number;
  readonly findingsByKind: Readonly<Partial<Record<FindingKind, number>>>;
  /** Untraced steps inferred, by kind: steps (one per event that needed it) and pages. */
  readonly steps: Readonly<Partial<Record<StepKind, { readonly steps: number; readonly pages: number }>>>;
  /** Places inferred for pages at their first event (before tracing began). */
  readonly initial: { readonly alloc: number; readonly buddy: number; readonly pcp: number };
  /** Drains by one CPU of another CPU's list (drain_all_pages). */
  readonly remoteDrains: { readonly runs: number; readonly pages: number };
  /** Pages per place at the end. */
  readonly final: {
    /** Pages of the zones (zoneinfo `present`) no event named; null without zoneinfo. */
    readonly unknown: number | null;
    readonly buddy: number;
    /**
     * Per CPU, pages on its PCP lists; `pcpFreed` of them are there only by a free that may have
     * gone to the buddy instead (an interrupt's free, a first free by __free_pages_core, an
     * exact-allocation tail): on the list or in the buddy, the trace does not say.
     */
    readonly pcp: readonly number[];
    readonly pcpFreed: readonly number[];
    readonly taken: number;
    readonly alloc: number;
  };
  readonly pcp: readonly PcpStats[];
  readonly unknownEvents: Readonly<Record<string, number>>;
  readonly unknownLines: readonly SkippedLine[];
  readonly malformed: number;
  readonly malformedLines: readonly SkippedLine[];
  /** Places where the ring buffer lost events; knowledge was reset there. */
  readonly gaps: readonly SkippedLine[];
  /** Non-null when the file is cut short or corrupt. */
  readonly truncated: string | null;
  /** Header counts, when the file has the ftrace header. */
  readonly header: { readonly entriesInBuffer: number; readonly entriesWritten: number } | null;
  /** Memory for page places (bytes) and sections touched. */
  readonly tableBytes: number;
  /** Bounds and whether they were reached. */
  readonly bounds: { readonly maxFindings: number; readonly maxListed: number; readonly maxEpisodes: number; readonly episodesForgotten: number };
  readonly options: { readonly isolation: boolean; readonly preempt: boolean; readonly zoneinfo: string | null };
}
