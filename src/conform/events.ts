/**
 * The kmem page-allocator events of an ftrace text trace, as the kernel prints them
 * (`include/trace/events/kmem.h`, 6.1; the `print fmt` of each `events/kmem/<event>/format`):
 *
 * - `mm_page_alloc`: `page=%p pfn=0x%lx order=%d migratetype=%d gfp_flags=%s`, at the end of
 *   `__alloc_pages()`; a failed allocation prints a NULL page and pfn 0.
 * - `mm_page_alloc_zone_locked`: `page=%p pfn=0x%lx order=%u migratetype=%d percpu_refill=%d`, in
 *   `__rmqueue_smallest()` under `zone->lock`, for every block taken off a buddy free list.
 * - `mm_page_free`: `page=%p pfn=0x%lx order=%d`, in `free_pages_prepare()`, before the block
 *   reaches a PCP list or the buddy.
 * - `mm_page_free_batched`: `page=%p pfn=0x%lx order=0`, in `free_unref_page_list()`, under the
 *   local PCP lock, right before the page is put on the list.
 * - `mm_page_pcpu_drain`: `page=%p pfn=0x%lx order=%d migratetype=%d`, in `free_pcppages_bulk()`
 *   under `zone->lock`, after the page went back to the buddy.
 * - `mm_page_alloc_extfrag`: `page=%p pfn=0x%lx alloc_order=%d fallback_order=%d pageblock_order=%d
 *   alloc_migratetype=%d fallback_migratetype=%d fragmenting=%d change_ownership=%d`, in
 *   `__rmqueue_fallback()`, when a block of another migratetype is stolen.
 */

/** The event names the checker understands, in report order. */
export const EVENT_NAMES = [
  'mm_page_alloc',
  'mm_page_alloc_zone_locked',
  'mm_page_free',
  'mm_page_free_batched',
  'mm_page_pcpu_drain',
  'mm_page_alloc_extfrag',
] as const;
/** One of {@link EVENT_NAMES}. */
export type EventName = (typeof EVENT_NAMES)[number];

/** Fields each event must print, from its `print fmt` (the checker reads no others). */
export const REQUIRED_FIELDS: Readonly<Record<EventName, readonly string[]>> = {
  mm_page_alloc: ['page', 'pfn', 'order', 'migratetype', 'gfp_flags'],
  mm_page_alloc_zone_locked: ['page', 'pfn', 'order', 'migratetype', 'percpu_refill'],
  mm_page_free: ['page', 'pfn', 'order'],
  mm_page_free_batched: ['page', 'pfn'],
  mm_page_pcpu_drain: ['page', 'pfn', 'order', 'migratetype'],
  mm_page_alloc_extfrag: ['page', 'pfn', 'alloc_order', 'fallback_order', 'alloc_migratetype', 'fallback_migratetype'],
};

/** Execution context of an event, from the hardirq/softirq column of the flags. */
export const CTX = { task: 0, softirq: 1, hardirq: 2, nmi: 3 } as const;
/** One of {@link CTX}. */
export type Ctx = (typeof CTX)[keyof typeof CTX];

/** What every event line carries. */
interface EventBase {
  /** 1-based line number in the trace file. */
  readonly line: number;
  readonly comm: string;
  readonly pid: number;
  readonly cpu: number;
  readonly ctx: Ctx;
  /** Seconds, as printed. */
  readonly ts: number;
  readonly pfn: number;
}

/** A successful `mm_page_alloc`. */
export interface AllocEvent extends EventBase {
  readonly name: 'mm_page_alloc';
  readonly order: number;
  readonly mt: number;
  readonly gfp: string;
  /** False for a failed allocation (NULL page). */
  readonly ok: boolean;
}
/** `mm_page_alloc_zone_locked`. */
export interface ZoneLockedEvent extends EventBase {
  readonly name: 'mm_page_alloc_zone_locked';
  readonly order: number;
  readonly mt: number;
  readonly refill: boolean;
}
/** `mm_page_free`. */
export interface FreeEvent extends EventBase {
  readonly name: 'mm_page_free';
  readonly order: number;
}
/** `mm_page_free_batched` (always order 0). */
export interface FreeBatchedEvent extends EventBase {
  readonly name: 'mm_page_free_batched';
  readonly order: 0;
}
/** `mm_page_pcpu_drain`. */
export interface DrainEvent extends EventBase {
  readonly name: 'mm_page_pcpu_drain';
  readonly order: number;
  readonly mt: number;
}
/** `mm_page_alloc_extfrag`; `order` is the fallback block's order. */
export interface ExtfragEvent extends EventBase {
  readonly name: 'mm_page_alloc_extfrag';
  readonly order: number;
  readonly allocOrder: number;
  readonly allocMt: number;
  readonly fallbackMt: number;
  readonly changeOwnership: boolean;
}

/** One parsed kmem page event. */
export type PageEvent = AllocEvent | ZoneLockedEvent | FreeEvent | FreeBatchedEvent | DrainEvent | ExtfragEvent;

/** Short index of an event name, stored per page as provenance. */
export const EVENT_CODE: Readonly<Record<EventName, number>> = {
  mm_page_alloc: 1,
  mm_page_alloc_zone_locked: 2,
  mm_page_free: 3,
  mm_page_free_batched: 4,
  mm_page_pcpu_drain: 5,
  mm_page_alloc_extfrag: 6,
};

/** The event name of a code from {@link EVENT_CODE}; undefined for 0 (no event). */
export function eventOfCode(code: number): EventName | undefined {
  return EVENT_NAMES[code - 1];
}
