/**
 * What the conformance checker knows about one kernel version: the geometry of the allocator
 * (orders, pageblocks, sections, zones), which orders have PCP lists, how much a drain takes, and
 * which untraced steps that kernel may take between two traced events.
 *
 * Only 6.1 is described so far (read from the Debian 6.1.192 sources, `mm/page_alloc.c` and
 * `include/trace/events/kmem.h`); the events and paths of other versions differ (for example 6.10
 * dropped the PCP migratetype cache and 6.15 reworked the free path), so another version is a new
 * profile rather than a flag.
 */
import { UsageError } from '../util/unreachable.ts';

/** One zone's pfn range; the PCP lists are per zone and per CPU. */
export interface ZoneRange {
  readonly name: string;
  readonly startPfn: number;
  /** First pfn after the zone. */
  readonly endPfn: number;
}

/** A kernel version as the conformance checker sees it. */
export interface KernelProfile {
  /** `6.1` */
  readonly version: string;
  /** `MAX_ORDER - 1` in 6.1 (orders 0..maxOrder). */
  readonly maxOrder: number;
  /** `pageblock_order` (x86_64 with THP: 9). */
  readonly pageblockOrder: number;
  /** `PAGE_ALLOC_COSTLY_ORDER`: orders up to this one have PCP lists. */
  readonly costlyOrder: number;
  /** THP enabled: `pageblock_order` has a PCP list too (`pcp_allowed_order`). */
  readonly thpPcp: boolean;
  /** `SECTION_SIZE_BITS - PAGE_SHIFT` (x86_64: 27 - 12 = 15, 32768 pages per section). */
  readonly sectionShift: number;
  /** `CONFIG_PCP_BATCH_SCALE_MAX`: `drain_pages_zone` frees at most `batch << this` per lock hold. */
  readonly batchScaleMax: number;
  /** Largest `pcp->batch` the kernel computes (`zone_batchsize`: 63), used when no zoneinfo is given. */
  readonly maxBatch: number;
  /** Zones when no `/proc/zoneinfo` is given (x86_64: DMA below 16 MiB, DMA32 below 4 GiB, Normal above). */
  readonly defaultZones: readonly ZoneRange[];
  /**
   * `drain_all_pages()` drains other CPUs' lists from the calling CPU (true since the PCP lists
   * got a spinlock; the workqueue-based drain before that drained each CPU on itself).
   */
  readonly remoteDrain: boolean;
}

/** Linux 6.1 on x86_64, as built by Debian (`linux-image-6.1.0-*-cloud-amd64`). */
export const LINUX_6_1: KernelProfile = {
  version: '6.1',
  maxOrder: 10,
  pageblockOrder: 9,
  costlyOrder: 3,
  thpPcp: true,
  sectionShift: 15,
  batchScaleMax: 5,
  maxBatch: 63,
  defaultZones: [
    { name: 'DMA', startPfn: 0, endPfn: 0x1000 },
    { name: 'DMA32', startPfn: 0x1000, endPfn: 0x100000 },
    { name: 'Normal', startPfn: 0x100000, endPfn: Number.MAX_SAFE_INTEGER },
  ],
  remoteDrain: true,
};

/** Known kernel versions by name. */
export const PROFILES: Readonly<Record<string, KernelProfile>> = { '6.1': LINUX_6_1 };

/** The profile named `version`; a UsageError listing the known ones otherwise. */
export function profileOf(version: string): KernelProfile {
  const p = PROFILES[version];
  if (!p) throw new UsageError(`--kernel must be one of ${Object.keys(PROFILES).join(', ')}, got '${version}'`);
  return p;
}

/** `pcp_allowed_order()`: whether blocks of this order are freed to and allocated from PCP lists. */
export function pcpAllowedOrder(k: KernelProfile, order: number): boolean {
  return order <= k.costlyOrder || (k.thpPcp && order === k.pageblockOrder);
}

/** Blocks `rmqueue_bulk` asks for when a list of this order is empty (`__rmqueue_pcplist` in 6.1). */
export function refillBlocks(batch: number, order: number): number {
  return batch > 1 ? Math.max(batch >> order, 2) : batch;
}
