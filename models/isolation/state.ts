/**
 * The state the isolation model adds to a zone, in `extra` word arrays of the layout, and the
 * helpers that read and change it:
 * - per pageblock, the migratetype an isolated block keeps beside MIGRATE_ISOLATE (the kernel's
 *   migratetype bits beside PB_migrate_isolate; the layout's type word holds what
 *   get_pfnblock_migratetype() returns, MIGRATE_ISOLATE while isolated);
 * - per section, whether it is online (SECTION_IS_ONLINE; offline_mem_sections() clears it);
 * - zone->nr_reserved_highatomic;
 * - pcp_batch_high_lock (the mutex zone_pcp_disable() holds until zone_pcp_enable()), as the
 *   holder thread + 1;
 * - ghost, the checker's only: which thread isolated each pageblock (P14), and whether the
 *   zone's pcplists are disabled, i.e. zone_pcp_disable() has returned and zone_pcp_enable() has
 *   not yet run (P13).
 *
 * Readers take `(L, s)` so that properties (through a view) and kernel steps share them.
 */
import type { Mm } from '../mm/kernel.ts';
import { HOLD, PG, type MmLayout } from '../mm/layout.ts';
import { InternalError } from '../../src/util/unreachable.ts';

/** Names of the extra word arrays (also what `pagecheck validate` calls them in a difference). */
export const ISO = {
  /** Per pageblock: the migratetype it keeps while isolated (PB_migrate_isolate's companion bits). */
  saved: 'pageblock migratetype under isolation',
  /** Per section: 1 online, 0 offline. */
  online: 'mem_section online',
  /** zone->nr_reserved_highatomic, in pages. */
  reserved: 'zone->nr_reserved_highatomic',
  /** pcp_batch_high_lock: holder thread + 1. */
  batchLock: 'pcp_batch_high_lock',
  /** Ghost: per pageblock, the thread that isolated it + 1 (0 when not isolated). */
  isolatedBy: 'ghost: pageblock isolated by',
  /** Ghost: 1 while the zone's pcplists are disabled (zone_pcp_disable() returned, zone_pcp_enable() not yet). */
  pcpDisabled: 'ghost: pcplists disabled',
} as const;

/** Word offset of an extra array (the layout must have it). */
export function isoAt(L: MmLayout, name: string): number {
  const at = L.extra[name];
  if (at === undefined) throw new InternalError(`the layout has no extra array '${name}'`);
  return at;
}

/** True when the layout carries the isolation model's state. */
export function hasIsolation(L: MmLayout): boolean {
  return L.extra[ISO.saved] !== undefined;
}

/** The pageblock of a pfn. */
export const blockOf = (L: MmLayout, pfn: number): number => pfn >> L.geo.pageblockOrder;

/** `pageblock 1 (pfn 2..3)`, for messages. */
export function blockName(L: MmLayout, b: number): string {
  const o = L.geo.pageblockOrder;
  return o === 0 ? `pageblock ${b} (pfn ${b})` : `pageblock ${b} (pfn ${b << o}..${((b + 1) << o) - 1})`;
}

/** `pfn 4..7` or `pfn 4`, for messages. */
export function rangeName(start: number, end: number): string {
  return end - start === 1 ? `pfn ${start}` : `pfn ${start}..${end - 1}`;
}

/** get_pageblock_isolate(): pageblock b is isolated. */
export function isolatedBlock(L: MmLayout, s: Uint16Array, b: number): boolean {
  return s[L.pbType + b] === L.geo.mt.ISOLATE;
}

/** The migratetype bits of pageblock b (MIGRATETYPE_MASK): the type it keeps under isolation. */
export function baseType(L: MmLayout, s: Uint16Array, b: number): number {
  return isolatedBlock(L, s, b) ? s[isoAt(L, ISO.saved) + b] : s[L.pbType + b];
}

/** Whether the section holding pfn is online. */
export function sectionOnline(L: MmLayout, s: Uint16Array, pfn: number): boolean {
  return s[isoAt(L, ISO.online) + (pfn >> L.geo.sectionShift)] !== 0;
}

/**
 * Whether pfn is as offline_pages() leaves a page of its range: held by nobody (leaked), or
 * poisoned, which test_pages_isolated() accepts whatever its refcount, so that it may still be
 * referenced (its last put leaks it, as free_pages_prepare() refuses it).
 */
export function offlinedPage(L: MmLayout, s: Uint16Array, pfn: number): boolean {
  return s[L.gHold + pfn] === HOLD.leaked || (s[L.flags + pfn] & PG.hwpoison) !== 0;
}

/** zone->nr_reserved_highatomic. */
export function reservedHighatomic(L: MmLayout, s: Uint16Array): number {
  return s[isoAt(L, ISO.reserved)];
}

/** The thread that isolated pageblock b, -1 when none (ghost). */
export function isolatorOf(L: MmLayout, s: Uint16Array, b: number): number {
  return s[isoAt(L, ISO.isolatedBy) + b] - 1;
}

/** Whether the zone's pcplists are disabled (ghost). */
export function pcpDisabled(L: MmLayout, s: Uint16Array): boolean {
  return s[isoAt(L, ISO.pcpDisabled)] !== 0;
}

// ------------------------------------------------------------------ writers (kernel steps)

/**
 * toggle_pageblock_isolate(): sets or clears PB_migrate_isolate of pageblock b, keeping its
 * migratetype beside it. P7 unless the bound thread holds zone->lock (the kernel's callers all
 * do). The ghost isolator is recorded here too.
 */
export function toggleIsolate(k: Mm, b: number, on: boolean, fn: string): void {
  const L = k.L;
  if (k.checked && !k.holdsZoneLock()) k.fail('P7', `${k.who} in ${fn} changes the isolation of ${blockName(L, b)} without holding zone->lock`);
  const at = L.pbType + b;
  if (on === isolatedBlock(L, k.s, b)) return;
  const by = isolatorOf(L, k.s, b);
  if (!on && by >= 0 && by !== k.t && k.checked)
    k.fail('P14', `${k.who} in ${fn} gives back ${blockName(L, b)}, which ${L.threadName(by)} isolated and still works on`, {
      hint: 'An isolating call must undo only the pageblocks it isolated: "Once the pageblocks are marked as MIGRATE_ISOLATE ... they should not be modified by others" (alloc_contig_range()).',
    });
  if (on) {
    k.s[isoAt(L, ISO.saved) + b] = k.s[at];
    k.s[at] = L.geo.mt.ISOLATE;
    k.s[isoAt(L, ISO.isolatedBy) + b] = k.t + 1;
  } else {
    k.s[at] = k.s[isoAt(L, ISO.saved) + b];
    k.s[isoAt(L, ISO.saved) + b] = 0;
    k.s[isoAt(L, ISO.isolatedBy) + b] = 0;
  }
}

/** `zone->nr_reserved_highatomic += delta` (under zone->lock; P7 otherwise). */
export function addReserved(k: Mm, delta: number, fn: string): void {
  if (k.checked && !k.holdsZoneLock()) k.fail('P7', `${k.who} in ${fn} changes zone->nr_reserved_highatomic without holding zone->lock`);
  const at = isoAt(k.L, ISO.reserved);
  k.s[at] = (k.s[at] + delta) & 0xffff;
}

/** Marks the sections of [start, end) offline (offline_mem_sections). */
export function setSectionsOffline(k: Mm, start: number, end: number): void {
  const at = isoAt(k.L, ISO.online);
  for (let p = start; p < end; p += k.g.pagesPerSection) k.s[at + (p >> k.g.sectionShift)] = 0;
}
