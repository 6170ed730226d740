/**
 * The configuration of one modelled zone: its geometry (pfns, sections, orders, pageblocks), its
 * CPUs and the workload each CPU runs. Validated with zod so that every error names the field and
 * the rule it breaks; unknown fields are rejected rather than ignored.
 */
import { z } from 'zod';
import { isPow2 } from '../util/bits.ts';

/**
 * Migratetypes the model knows, in the kernel's enum order. ISOLATE (CONFIG_MEMORY_ISOLATION) gives
 * the zone MIGRATE_ISOLATE free lists; a pageblock is isolated by a path (set_migratetype_isolate),
 * never at boot, and nothing allocates from it.
 */
export const MIGRATETYPES = ['UNMOVABLE', 'MOVABLE', 'RECLAIMABLE', 'HIGHATOMIC', 'CMA', 'ISOLATE'] as const;
/** One of {@link MIGRATETYPES}. */
export type MigratetypeName = (typeof MIGRATETYPES)[number];

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** Problems the cross-field checks report before they only count (a long list repeats one). */
const MAX_REFINE_ISSUES = 20;

/** What each CPU's thread may do: the bound of the explored behaviour. */
export const WorkloadSchema = z
  .object({
    /** Orders that `alloc_pages` may be called with. */
    allocOrders: z.array(int(0, 10)).min(1).default([0, 1]),
    /** Allocation calls per CPU (frees of held blocks are not counted: every held block may be freed). */
    allocsPerCpu: int(0, 16).default(2),
    /** `__GFP_COMP`: never, always, or explored both ways. */
    compound: z.enum(['never', 'always', 'both']).default('never'),
    /** Migratetypes that allocations ask for. */
    allocMigratetypes: z.array(z.enum(MIGRATETYPES)).min(1).default(['MOVABLE']),
    /** Whether a held non-compound block of order > 0 may be split with `split_page`. */
    splitPage: z.boolean().default(false),
    /** Speculative references (`get_page_unless_zero` ... `put_page`) per CPU on held pages. */
    specRefsPerCpu: int(0, 4).default(0),
    /**
     * What a speculative reference finds: `held`, the head of a block a caller holds, the get in
     * the call's first step; `any`, any pfn in use when it is looked up, the get a later step (so
     * that it can land between any two steps of a free).
     */
    specLookup: z.enum(['held', 'any']).default('held'),
  })
  .strict();

/** Per-CPU pageset parameters (used by models with PCP lists). */
export const PcpSchema = z
  .object({
    batch: int(1, 64).default(2),
    high: int(0, 256).default(4),
    /** One interrupt context per CPU that may run between any two steps of that CPU's thread. */
    irq: z.boolean().default(false),
    /** Allocations and frees an interrupt context may run, per CPU. */
    irqOpsPerCpu: int(0, 4).default(1),
    /**
     * The model's PAGE_ALLOC_COSTLY_ORDER: orders 0..costlyOrder have one PCP list per PCP
     * migratetype. An order above it with a PCP list is the THP order (pageblock_order), with one
     * MOVABLE list and one shared by UNMOVABLE and RECLAIMABLE.
     */
    costlyOrder: int(0, 10).default(1),
    /** Orders with PCP lists ("PCP-eligible"). Default: 0..costlyOrder plus pageblock_order (the THP list). */
    orders: z.array(int(0, 10)).min(1).optional(),
    /** Drain operations (`drain_pages_zone` of any CPU, `drain_all_pages`) per CPU. */
    drainsPerCpu: int(0, 4).default(0),
    /** Whether `drain_all_pages` is offered (it takes pcpu_drain_mutex and drains every CPU that has pages). */
    drainAll: z.boolean().default(false),
    /** `decay_pcp_high` calls (the vmstat worker freeing count - high in batches) per CPU. */
    decaysPerCpu: int(0, 4).default(0),
    /** CONFIG_PCP_BATCH_SCALE_MAX: a drain frees at most batch << scaleMax pages per pcp->lock hold. */
    scaleMax: int(0, 5).default(1),
  })
  .strict();

/**
 * The contiguous and bulk paths (used by the contig model): the ranges `free_contig_range` may be
 * called on, the page arrays `vfree` may free, the pages `free_pages_prepare` refuses, and the
 * arrays `alloc_pages_bulk` fills.
 */
export const ContigSchema = z
  .object({
    /** Ranges `free_contig_range(pfn, nr)` may be called on, once every page of one is held as an order-0 page. */
    ranges: z.array(z.object({ pfn: int(0, 65_535), nr: int(1, 1024) }).strict()).default([]),
    /** Page arrays (`vm->pages`, in array order) `vfree` may free, once every page of one is held as an order-0 page. */
    areas: z.array(z.array(int(0, 65_535)).min(1).max(64)).default([]),
    /** Pages whose free_pages_prepare() fails (PG_hwpoison, standing for any bad page): leaked on purpose when freed. Must be preallocated. */
    hwpoison: z.array(int(0, 65_535)).default([]),
    /** Pages speculative references may be taken on (default: every pfn). */
    specRefPfns: z.array(int(0, 65_535)).optional(),
    /** Whether `__free_pages` of any held block is offered (off for a scenario that only frees ranges). */
    freePages: z.boolean().default(true),
    /** Array sizes `alloc_pages_bulk` may be called with. */
    bulkSizes: z.array(int(1, 8)).default([]),
    /** `alloc_pages_bulk` calls per CPU (each fills one array, calling again while a call makes progress). */
    bulkCallsPerCpu: int(0, 4).default(0),
    /** The migratetype bulk allocations ask for. */
    bulkMigratetype: z.enum(MIGRATETYPES).default('MOVABLE'),
  })
  .strict();

/** What a CPU's task may do in the pcp-buddy model (see {@link PcpBuddySchema}). */
export const PCP_BUDDY_ROLES = ['alloc', 'free', 'drain', 'offline', 'isolate'] as const;

/**
 * Per-CPU roles and events of the pcp-buddy model (pageblock ownership, seed 002): which CPU's
 * task allocates, frees, drains, takes another CPU offline or isolates a pageblock, and blocks
 * owned at boot. Only the pcp-buddy model reads it.
 */
export const PcpBuddySchema = z
  .object({
    /**
     * One entry per CPU: the calls its task may make (allocsPerCpu allocations, freesPerCpu frees,
     * pcp.drainsPerCpu drains, offlinesPerCpu offlines, isolationsPerCpu isolations). Default:
     * every CPU allocates, frees and drains.
     */
    roles: z.array(z.array(z.enum(PCP_BUDDY_ROLES))).optional(),
    /** Frees a freeing CPU may make. Default: unlimited (any held block may be freed at any time). */
    freesPerCpu: int(0, 16).optional(),
    /** `page_alloc_cpu_dead()` calls (another CPU taken offline) per CPU with the `offline` role. */
    offlinesPerCpu: int(0, 2).default(0),
    /** Pageblock isolations (start_isolate_page_range, as alloc_contig_range does) per CPU with the `isolate` role. */
    isolationsPerCpu: int(0, 2).default(0),
    /** Pageblocks an isolation may target. Default: every pageblock. */
    isolateBlocks: z.array(int(0, 65_535)).min(1).optional(),
    /** Pageblocks owned at boot, each by one CPU; every page of an owned block must be preallocated (held by a caller). */
    owners: z.array(z.object({ pageblock: int(0, 65_535), cpu: int(0, 7) }).strict()).optional(),
  })
  .strict();

/** What a CPU's task may do in the isolation model (see {@link IsolationSchema}). */
export const ISOLATION_ROLES = ['alloc', 'free', 'drain', 'contig', 'offline', 'unreserve', 'compact'] as const;

/** A pfn range [pfn, pfn + nr). */
const RangeSchema = z.object({ pfn: int(0, 65_535), nr: int(1, 4096) }).strict();

/**
 * Pageblock isolation, alloc_contig_range(), memory offline and HIGHATOMIC reserves (the
 * isolation model): per-CPU roles, the ranges each call may be made on, and the reserve's limit.
 * Only the isolation model reads it.
 */
export const IsolationSchema = z
  .object({
    /**
     * One entry per CPU: the calls its task may make (allocsPerCpu allocations, any number of
     * frees of held blocks, pcp.drainsPerCpu drains, contigPerCpu alloc_contig_range() calls,
     * offlinesPerCpu offline_pages() calls, unreservesPerCpu unreserve_highatomic_pageblock()
     * calls, compactionsPerCpu runs of compaction's free scanner). Default: every CPU allocates,
     * frees and drains.
     */
    roles: z.array(z.array(z.enum(ISOLATION_ROLES))).optional(),
    /** Ranges alloc_contig_range(pfn, pfn + nr) may be called on; `cma` marks a CMA allocation (ACR_FLAGS_CMA). */
    contigRanges: z
      .array(
        RangeSchema.extend({
          cma: z.boolean().default(false),
          /** The one CPU that may call it (default: every CPU with the contig role), so that two CPUs can isolate adjacent ranges without also trying each other's. */
          cpu: int(0, 7).optional(),
        }).strict(),
      )
      .default([]),
    /** alloc_contig_range() calls per CPU with the contig role. */
    contigPerCpu: int(0, 2).default(0),
    /** Whether a caller may free an allocated range with free_contig_range() once it holds it. */
    freeContig: z.boolean().default(true),
    /** Ranges offline_pages(pfn, nr) may be called on: whole sections (memory blocks). */
    offlineRanges: z.array(RangeSchema).default([]),
    /** offline_pages() calls per CPU with the offline role. */
    offlinesPerCpu: int(0, 1).default(0),
    /** Whether offline_pages() is also called with a signal pending, so that it gives up when it has to retry ("signal backoff"). */
    offlineSignal: z.boolean().default(false),
    /**
     * Pages memory_failure() poisoned while their caller held them (PG_hwpoison, off the LRU):
     * free_pages_prepare() refuses them (leaked on purpose), alloc_contig_range() cannot take
     * them, offline_pages() skips them. Must be preallocated.
     */
    hwpoison: z.array(int(0, 65_535)).default([]),
    /** Whether allocations may be atomic (GFP_ATOMIC: ALLOC_NON_BLOCK, and ALLOC_HIGHATOMIC above order 0). */
    atomicAllocs: z.boolean().default(false),
    /** The reserve's limit, in pageblocks (the kernel's 1% of the zone rounded up to a pageblock, at least one). */
    highatomicPageblocks: int(0, 64).default(1),
    /** unreserve_highatomic_pageblock() calls per CPU with the unreserve role (a failing allocation's slow path). */
    unreservesPerCpu: int(0, 2).default(0),
    /**
     * Runs per CPU with the compact role of compaction's free scanner, isolate_freepages_block()
     * on one pageblock until it isolates one free block (the migration target of one page).
     */
    compactionsPerCpu: int(0, 2).default(0),
    /**
     * Whether compaction also runs at MIN_COMPACT_PRIORITY, where ignore_block_suitable lets the
     * free scanner take pages from pageblocks of any type (otherwise only MOVABLE and CMA ones).
     */
    compactMinPriority: z.boolean().default(false),
  })
  .strict();

/** A block allocated before the workload starts (a fragmented zone), held by callers. */
export const PreallocatedSchema = z
  .object({
    pfn: int(0, 65_535),
    order: int(0, 10),
    /** On an LRU list (counts as movable for block claiming). Default: when its pageblock is MOVABLE. */
    movable: z.boolean().optional(),
    /** Held for the whole run (a long-lived user): never freed by the workload. Default: false, any CPU may free it. */
    pinned: z.boolean().default(false),
  })
  .strict();

/** The raw configuration as a user writes it (JSON file or built-in). */
export const ConfigSchema = z
  .object({
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    /** Number of pfns in the zone, starting at pfn 0. */
    pages: int(1, 65_000),
    /** Pages per memory section (`PAGES_PER_SECTION`). */
    pagesPerSection: int(1, 65_536),
    /** `MAX_PAGE_ORDER` (inclusive). */
    maxOrder: int(0, 10),
    /** `pageblock_order`. */
    pageblockOrder: int(0, 10),
    /** Migratetypes present in the zone; at least UNMOVABLE and MOVABLE. */
    migratetypes: z.array(z.enum(MIGRATETYPES)).min(2).default(['UNMOVABLE', 'MOVABLE']),
    /** Initial migratetype of each pageblock, in pfn order. Defaults to MOVABLE everywhere, as at boot. */
    pageblockTypes: z.array(z.enum(MIGRATETYPES)).optional(),
    /** Number of CPUs, each with one thread running the workload. */
    cpus: int(1, 8),
    /** `CONFIG_SPARSEMEM_VMEMMAP`: struct pages of adjacent sections are adjacent. */
    vmemmap: z.boolean().default(true),
    workload: WorkloadSchema.default(WorkloadSchema.parse({})),
    pcp: PcpSchema.optional(),
    /** Contiguous-range frees, page-array frees and bulk allocation (the contig model). */
    contig: ContigSchema.optional(),
    /** Pageblock ownership of the pcp-buddy model (seed 002): per-CPU roles, offline and isolation events, boot owners. */
    pcpBuddy: PcpBuddySchema.optional(),
    /** Isolation, alloc_contig_range, memory offline and HIGHATOMIC reserves (the isolation model). */
    isolation: IsolationSchema.optional(),
    /** Blocks already allocated and held by callers when the workload starts (any CPU may free them). */
    preallocated: z.array(PreallocatedSchema).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    // One problem repeated over a long list is reported a few times, not once per entry.
    let issues = 0;
    const bad = (path: (string | number)[], message: string) => {
      if (++issues <= MAX_REFINE_ISSUES) ctx.addIssue({ code: 'custom', path, message });
      else if (issues === MAX_REFINE_ISSUES + 1) ctx.addIssue({ code: 'custom', path: [], message: 'and more problems of the same kinds, not listed' });
    };
    /** A list that stands for a set (each entry a choice the workload offers) must not repeat one: it would only multiply the transitions. */
    const once = <T>(list: readonly T[] | undefined, path: (string | number)[], what: string, key: (v: T) => string = (v) => JSON.stringify(v)) => {
      const seen = new Map<string, number>();
      list?.forEach((v, i) => {
        const k = key(v);
        const first = seen.get(k);
        if (first !== undefined) bad([...path, i], `${what} ${k} is given twice (entries ${first} and ${i}); give each once`);
        else seen.set(k, i);
      });
    };
    once(c.workload.allocOrders, ['workload', 'allocOrders'], 'order');
    once(c.workload.allocMigratetypes, ['workload', 'allocMigratetypes'], 'migratetype');
    once(c.contig?.ranges, ['contig', 'ranges'], 'range');
    once(c.contig?.areas, ['contig', 'areas'], 'array');
    once(c.contig?.hwpoison, ['contig', 'hwpoison'], 'pfn');
    once(c.isolation?.hwpoison, ['isolation', 'hwpoison'], 'pfn');
    once(c.contig?.specRefPfns, ['contig', 'specRefPfns'], 'pfn');
    once(c.contig?.bulkSizes, ['contig', 'bulkSizes'], 'size');
    once(c.pcpBuddy?.isolateBlocks, ['pcpBuddy', 'isolateBlocks'], 'pageblock');
    c.pcpBuddy?.roles?.forEach((r, i) => once(r, ['pcpBuddy', 'roles', i], 'role'));
    // Lists bounded by the zone: no more entries than it has pfns (each names a different pfn or block).
    for (const [path, list] of [
      [['contig', 'ranges'], c.contig?.ranges],
      [['contig', 'areas'], c.contig?.areas],
      [['preallocated'], c.preallocated],
    ] as const)
      if (list && list.length > c.pages) bad([...path], `${list.length} entries for a zone of ${c.pages} pfns: each must name pages of its own`);
    if (!isPow2(c.pagesPerSection)) bad(['pagesPerSection'], `must be a power of two (got ${c.pagesPerSection})`);
    if (c.pages % c.pagesPerSection !== 0)
      bad(['pages'], `must be a multiple of pagesPerSection (${c.pagesPerSection}); got ${c.pages}`);
    if (c.pageblockOrder > c.maxOrder)
      bad(['pageblockOrder'], `must not exceed maxOrder (${c.maxOrder}); got ${c.pageblockOrder}`);
    if (isPow2(c.pagesPerSection) && 1 << c.maxOrder > c.pagesPerSection)
      bad(
        ['maxOrder'],
        `a max-order block (${1 << c.maxOrder} pages) must fit in one section (${c.pagesPerSection} pages), as the kernel's "Allocator MAX_PAGE_ORDER exceeds SECTION_SIZE" #error requires`,
      );
    if (!c.migratetypes.includes('UNMOVABLE') || !c.migratetypes.includes('MOVABLE'))
      bad(['migratetypes'], 'must include UNMOVABLE and MOVABLE');
    if (new Set(c.migratetypes).size !== c.migratetypes.length) bad(['migratetypes'], 'must not repeat a type');
    const nBlocks = Math.floor(c.pages / (1 << c.pageblockOrder));
    if (c.pageblockTypes) {
      if (c.pageblockTypes.length !== nBlocks)
        bad(['pageblockTypes'], `must give one type per pageblock (${nBlocks}); got ${c.pageblockTypes.length}`);
      c.pageblockTypes.forEach((t, i) => {
        if (!c.migratetypes.includes(t))
          bad(['pageblockTypes', i], `${t} is not one of the zone's migratetypes (${c.migratetypes.join(', ')})`);
        else if (t === 'ISOLATE')
          bad(['pageblockTypes', i], 'a pageblock does not boot isolated: give its type, and let a path (start_isolate_page_range) isolate it');
        else if (t === 'HIGHATOMIC')
          bad(['pageblockTypes', i], 'a pageblock does not boot HIGHATOMIC: the reserve is made by reserve_highatomic_pageblock() and counted in nr_reserved_highatomic (a boot HIGHATOMIC pageblock would be a reserve nothing counts); give its type, and let atomic allocations reserve it');
      });
    }
    c.workload.allocOrders.forEach((o, i) => {
      if (o > c.maxOrder) bad(['workload', 'allocOrders', i], `order ${o} exceeds maxOrder (${c.maxOrder})`);
    });
    c.workload.allocMigratetypes.forEach((t, i) => {
      if (!c.migratetypes.includes(t))
        bad(['workload', 'allocMigratetypes', i], `${t} is not one of the zone's migratetypes`);
      else if (t === 'ISOLATE') bad(['workload', 'allocMigratetypes', i], 'nothing allocates MIGRATE_ISOLATE memory');
    });
    if (c.pcp) {
      const pcp = c.pcp;
      pcp.orders?.forEach((o, i) => {
        if (o > c.maxOrder) bad(['pcp', 'orders', i], `order ${o} exceeds maxOrder (${c.maxOrder})`);
        else if (o > pcp.costlyOrder && o !== c.pageblockOrder)
          bad(['pcp', 'orders', i], `order ${o} is above costlyOrder (${pcp.costlyOrder}), so it must be the THP order, pageblockOrder (${c.pageblockOrder})`);
      });
      if (pcp.orders && new Set(pcp.orders).size !== pcp.orders.length) bad(['pcp', 'orders'], 'must not repeat an order');
    }
    const outside = (p: number) => `pfn ${p} is outside the zone (pfn 0..${c.pages - 1})`;
    if (c.contig) {
      c.contig.ranges.forEach((r, i) => {
        if (r.pfn + r.nr > c.pages) bad(['contig', 'ranges', i], `range pfn ${r.pfn}..${r.pfn + r.nr - 1} runs past the zone (pfn 0..${c.pages - 1})`);
      });
      c.contig.areas.forEach((a, i) => {
        const seen = new Map<number, number>();
        a.forEach((p, j) => {
          if (p >= c.pages) return bad(['contig', 'areas', i, j], outside(p));
          const first = seen.get(p);
          if (first !== undefined)
            bad(['contig', 'areas', i, j], `pfn ${p} is also entry ${first} of this array: an array with a page twice is the caller's bug (vfree would drop twice the one reference it holds); give each page once`);
          seen.set(p, j);
        });
      });
      c.contig.hwpoison.forEach((p, i) => p >= c.pages && bad(['contig', 'hwpoison', i], outside(p)));
      c.contig.specRefPfns?.forEach((p, i) => p >= c.pages && bad(['contig', 'specRefPfns', i], outside(p)));
      if (!c.migratetypes.includes(c.contig.bulkMigratetype)) bad(['contig', 'bulkMigratetype'], `${c.contig.bulkMigratetype} is not one of the zone's migratetypes`);
    }
    if (c.pcpBuddy) {
      const pb = c.pcpBuddy;
      if (pb.roles && pb.roles.length !== c.cpus) bad(['pcpBuddy', 'roles'], `must give one entry per CPU (${c.cpus}); got ${pb.roles.length}`);
      pb.isolateBlocks?.forEach((b, i) => {
        if (b >= nBlocks) bad(['pcpBuddy', 'isolateBlocks', i], `pageblock ${b} is outside the zone (pageblocks 0..${nBlocks - 1})`);
      });
      const owned = new Set<number>();
      pb.owners?.forEach((o, i) => {
        if (o.pageblock >= nBlocks) bad(['pcpBuddy', 'owners', i, 'pageblock'], `pageblock ${o.pageblock} is outside the zone (pageblocks 0..${nBlocks - 1})`);
        if (o.cpu >= c.cpus) bad(['pcpBuddy', 'owners', i, 'cpu'], `cpu ${o.cpu} does not exist (cpus 0..${c.cpus - 1})`);
        if (owned.has(o.pageblock)) bad(['pcpBuddy', 'owners', i, 'pageblock'], `pageblock ${o.pageblock} is given two owners`);
        owned.add(o.pageblock);
        const first = o.pageblock << c.pageblockOrder;
        for (let p = first; p < first + (1 << c.pageblockOrder); p++)
          if (!c.preallocated?.some((b) => !b.pinned && p >= b.pfn && p < b.pfn + (1 << b.order)))
            return bad(['pcpBuddy', 'owners', i], `pfn ${p} of owned pageblock ${o.pageblock} is not preallocated (unpinned): at boot an owned block's pages must all be held by callers`);
      });
    }
    if (c.isolation) {
      const iso = c.isolation;
      if (iso.roles && iso.roles.length !== c.cpus) bad(['isolation', 'roles'], `must give one entry per CPU (${c.cpus}); got ${iso.roles.length}`);
      iso.contigRanges.forEach((r, i) => {
        if (r.pfn + r.nr > c.pages) bad(['isolation', 'contigRanges', i], `range pfn ${r.pfn}..${r.pfn + r.nr - 1} runs past the zone (pfn 0..${c.pages - 1})`);
        if (r.cma && !c.migratetypes.includes('CMA')) bad(['isolation', 'contigRanges', i, 'cma'], 'a CMA allocation needs CMA among the zone\'s migratetypes');
      });
      iso.offlineRanges.forEach((r, i) => {
        if (r.pfn + r.nr > c.pages) bad(['isolation', 'offlineRanges', i], `range pfn ${r.pfn}..${r.pfn + r.nr - 1} runs past the zone (pfn 0..${c.pages - 1})`);
        else if (r.pfn % c.pagesPerSection !== 0 || r.nr % c.pagesPerSection !== 0)
          bad(['isolation', 'offlineRanges', i], `offline_pages() takes whole sections (memory blocks) of ${c.pagesPerSection} pages; pfn ${r.pfn}, nr ${r.nr} is not`);
      });
      iso.hwpoison.forEach((p, i) => p >= c.pages && bad(['isolation', 'hwpoison', i], outside(p)));
      if (iso.atomicAllocs && !c.migratetypes.includes('HIGHATOMIC')) bad(['isolation', 'atomicAllocs'], 'HIGHATOMIC reserves need HIGHATOMIC among the zone\'s migratetypes');
    }
    const taken = new Map<number, number>();
    if ((c.preallocated?.length ?? 0) <= c.pages) c.preallocated?.forEach((b, i) => {
      const size = 1 << b.order;
      if (b.order > c.maxOrder) return bad(['preallocated', i, 'order'], `order ${b.order} exceeds maxOrder (${c.maxOrder})`);
      if (b.pfn & (size - 1)) return bad(['preallocated', i, 'pfn'], `pfn ${b.pfn} is not aligned to its order-${b.order} block (${size} pages)`);
      if (b.pfn + size > c.pages) return bad(['preallocated', i, 'pfn'], `block pfn ${b.pfn}..${b.pfn + size - 1} runs past the zone (pfn 0..${c.pages - 1})`);
      for (let p = b.pfn; p < b.pfn + size; p++) {
        const other = taken.get(p);
        if (other !== undefined) return bad(['preallocated', i], `block at pfn ${b.pfn} overlaps preallocated[${other}] at pfn ${p}`);
        taken.set(p, i);
      }
    });
  });

/** A configuration as written by a user, before defaults are applied. */
export type ConfigInput = z.input<typeof ConfigSchema>;
/** A validated configuration with every default filled in. */
export type Config = z.output<typeof ConfigSchema>;
