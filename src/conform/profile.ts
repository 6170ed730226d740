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
  /**
   * The PCP lock is taken with interrupts left enabled, so that an interrupt (or a softirq run on
   * its exit) freeing a page on the same CPU can find the lock held by the code it interrupted;
   * its trylock fails and the page goes to the buddy (`free-to-buddy:interrupt`). 6.1.0 to 6.1.56
   * took it with pcp_spin_trylock_irqsave() in free_unref_page(), free_unref_page_list() and
   * rmqueue_pcplist() (mm/page_alloc.c), so no interrupt could run inside; 6.1.57 took the stable
   * backport of "mm/page_alloc: leave IRQs enabled for per-cpu page allocations" (upstream in
   * 6.2), after which those functions use pcp_spin_trylock() with IRQs on.
   */
  readonly irqsOnUnderPcpLock: boolean;
  /** The stable releases it stands for, for reports (`6.1.57 and later`). */
  readonly releases: string;
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
  irqsOnUnderPcpLock: true,
  releases: '6.1.57 and later',
};

/** The first 6.1 stable release that leaves IRQs enabled under the PCP lock. */
const IRQS_ON_FROM = 57;

/** Linux 6.1.0 to 6.1.56: the PCP lock is taken with IRQs disabled. */
export const LINUX_6_1_EARLY: KernelProfile = { ...LINUX_6_1, irqsOnUnderPcpLock: false, releases: `6.1.0 to 6.1.${IRQS_ON_FROM - 1}` };

/** Known kernel versions by name; `6.1.N` names a stable release of 6.1. */
export const PROFILES: Readonly<Record<string, KernelProfile>> = { '6.1': LINUX_6_1 };

/**
 * The profile of `version`: `6.1` (the current 6.1 stable releases, 6.1.57 on) or a stable
 * release `6.1.N`; a UsageError listing the known ones otherwise.
 */
export function profileOf(version: string): KernelProfile {
  const p = PROFILES[version];
  if (p) return p;
  const m = /^6\.1\.(\d{1,3})$/.exec(version);
  if (m) return { ...(Number(m[1]) >= IRQS_ON_FROM ? LINUX_6_1 : LINUX_6_1_EARLY), version: `6.1.${Number(m[1])}`, releases: `6.1.${Number(m[1])}` };
  throw new UsageError(`--kernel must be one of ${Object.keys(PROFILES).join(', ')} or a 6.1 stable release (6.1.N), got '${version}'`);
}

/**
 * The kernel release a capture directory's info.txt records (scripts/capture-ftrace.sh writes
 * `package=... version=6.1.192-2 kernel=...`), as a `--kernel` value, or null.
 */
export function releaseOfCapture(info: string): string | null {
  const m = /\bversion=(6\.1\.\d{1,3})\b/.exec(info);
  return m ? m[1] : null;
}

/** `pcp_allowed_order()`: whether blocks of this order are freed to and allocated from PCP lists. */
export function pcpAllowedOrder(k: KernelProfile, order: number): boolean {
  return order <= k.costlyOrder || (k.thpPcp && order === k.pageblockOrder);
}

/** Blocks `rmqueue_bulk` asks for when a list of this order is empty (`__rmqueue_pcplist` in 6.1). */
export function refillBlocks(batch: number, order: number): number {
  return batch > 1 ? Math.max(batch >> order, 2) : batch;
}
