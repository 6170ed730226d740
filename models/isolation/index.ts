/**
 * Pageblock isolation, alloc_contig_range(), memory offline and HIGHATOMIC reserves, on the PCP
 * and contig models (reference §1.3-§1.5, §4.5, §5.1, §8 items 4, 8-14), the paths where most of
 * the catalogued real bugs live.
 *
 * Follows mainline as of v6.17 (mm/page_isolation.c with PB_migrate_isolate as a standalone
 * pageblock bit and enum pb_isolate_mode; mm/page_alloc.c's __move_freepages_block_isolate(),
 * __isolate_free_page(), __putback_isolated_page(), reserve_highatomic_pageblock() and
 * unreserve_highatomic_pageblock(), alloc_contig_range_noprof(), zone_pcp_disable()/enable(),
 * __offline_isolated_pages(); mm/memory_hotplug.c's offline_pages()), read from a public mirror.
 *
 * Kernel paths (one machine each, paths/<kernel name>.ts), beyond the PCP and contig models':
 * - start_isolate_page_range() → set_migratetype_isolate() → move_freepages_block_isolate()
 *   (a free buddy straddling the pageblock split by split_large_buddy()); isolate_single_pageblock's
 *   scan for straddling compound pages; undo_isolate_page_range() → unset_migratetype_isolate()
 *   (__isolate_free_page() and __putback_isolated_page() for a buddy that can merge out);
 *   test_pages_isolated();
 * - alloc_contig_range(): isolate, drain_all_pages(), the migration stand-in (migrate_pages.ts),
 *   find_large_buddy(), test_pages_isolated(), isolate_freepages_range(), split_free_pages(),
 *   free_contig_range() of the head and tail (the contig model's path), undo; a caller then frees
 *   the range with free_contig_range();
 * - offline_pages(): zone_pcp_disable() (high 0, batch 1, __drain_all_pages(zone, true)),
 *   isolation, the migration stand-in and test_pages_isolated() until the range is free (a
 *   pending signal gives up), __offline_isolated_pages(), zone_pcp_enable(); a failed offline
 *   undoes the isolation;
 * - HIGHATOMIC: allocations with ALLOC_HIGHATOMIC (atomic, above order 0) try the reserve first in
 *   rmqueue_buddy() and reserve_highatomic_pageblock() after; ALLOC_NON_BLOCK ones fall back to it;
 *   unreserve_highatomic_pageblock() (a failing allocation's slow path); nr_reserved_highatomic;
 * - __free_one_page() with the buddy's pageblock type read as a statement of its own;
 * - CMA pageblocks: never merged with another type, used by movable allocations (ALLOC_CMA) and
 *   by alloc_contig_range(ACR_FLAGS_CMA), which alone may isolate them;
 * - compaction's free scanner on one pageblock (isolate_freepages_block.ts): the other caller of
 *   __isolate_free_page() on pageblocks that are not isolated, so the one whose retype of a
 *   pageblock matters (b54ccd3c6bac).
 *
 * Kernel followed (ModelDef.kernel, printed by `pagecheck list` and in report headers): mainline
 * v6.17 (isolation, offline, HIGHATOMIC and compaction paths); the rest as the contig model; read
 * from mm/page_isolation.c, mm/page_alloc.c and mm/memory_hotplug.c of v6.17 read from a public
 * mirror; the shared paths as the pcp model (mm/page_alloc.c of gregkh/linux at commit
 * 0425e849c744 (early 2026, about v6.19/v7.0-rc), include/linux/mmzone.h at 5f856da6fadac; read
 * through a code index (reference section 0, [PA] and [MMZ])).
 *
 * Abstractions (what the model leaves out, on purpose):
 * - everything the PCP and contig models leave out; no interrupt contexts; tasks only;
 * - MIGRATE_ISOLATE is a pageblock state: the layout's type word holds what
 *   get_pfnblock_migratetype() returns (ISOLATE while isolated) and the type the pageblock keeps
 *   sits beside it (state.ts), as PB_migrate_isolate sits beside the migratetype bits;
 * - watermarks are not modelled: __isolate_free_page() never refuses (the kernel checks them only
 *   outside isolated pageblocks, so every isolation path here is the kernel's; compaction's free
 *   scanner would stop at a refusal), and the reserve's 1% of the zone is a configured number of
 *   pageblocks;
 * - compaction: one pageblock per run, cc->nr_migratepages 1 and cc->order taken as
 *   pageblock_order; no fast_isolate_freepages(), skip hints, migration scanner or migration (the
 *   isolated block goes to a caller, as a migration target would); a held compound page is
 *   scanned page by page rather than skipped;
 * - migration is a stand-in: a block a caller holds in the range, movable (PG_lru) and referenced
 *   by it alone, is freed as migrate_pages() frees the source, its copy outside the model; blocks
 *   that cannot move stay, and the caller's -EBUSY follows from test_pages_isolated() (the kernel's
 *   retries, putback and -ENOMEM are not modelled);
 * - isolate_freepages_range() takes the whole range in one zone->lock hold (the kernel takes one
 *   per pageblock, and gives back what it took when a later one fails); split_free_pages() runs in
 *   the same step;
 * - the compound-page scan of isolate_single_pageblock() runs in the step that releases
 *   zone->lock after set_migratetype_isolate(); compound pages are never migrated out of the way;
 * - zone->nr_isolate_pageblock, has_isolate_pageblock(), the memory notifiers, lru_cache_disable(),
 *   hugetlb, page reporting, unaccepted memory, zone boundaries (every pageblock lies in the zone)
 *   and memory onlining are not modelled; offlined pages leave the model (held by nobody, their
 *   sections offline) and their pageblocks stay isolated, as the kernel leaves their flags stale;
 * - memory_failure() is not modelled: a poisoned page (isolation.hwpoison) is an order-0 block
 *   held at boot and off the LRU, as memory_failure() leaves an in-use page it could not unmap;
 *   offline_pages() may remove its section while references to it remain, and the last put leaks
 *   it (free_pages_prepare() refuses it);
 * - Q1 (full merge at quiescence) is not checked where unreserve_highatomic_pageblock() runs: it
 *   gives free blocks back to another type without merging them, and the kernel merges them only
 *   when a neighbour is freed later.
 */
import type { AnyStateMachine } from 'xstate';
import { ContigSchema, IsolationSchema, PcpSchema, type Config } from '../../src/config/schema.ts';
import { geometryOf } from '../../src/config/geometry.ts';
import { InternalError, UsageError } from '../../src/util/unreachable.ts';
import { P1, P2, P3, P4, P5, P6, P7, P8, P9, P12, P13, P14, P15, P16, P17, Q1 } from '../../properties/index.ts';
import { PREPARED_MARKS } from '../../properties/p9-ranges.ts';
import { freePages } from '../buddy/paths/__free_pages.ts';
import { speculativeRef } from '../buddy/paths/speculative_ref.ts';
import { splitPage } from '../buddy/paths/split_page.ts';
import { compileAll } from '../mm/build.ts';
import { checkInitialTypes, checkPoisonedHeld, initZone } from '../mm/init.ts';
import type { Mm } from '../mm/kernel.ts';
import { HOLD, MmLayout, PG } from '../mm/layout.ts';
import { MEMORY_LEGEND } from '../mm/render.ts';
import { splitPageOp, speculativeRefOp } from '../mm/ops.ts';
import { MmSystem } from '../mm/system.ts';
import type { UnreachableDeclaration } from '../../src/coverage/model.ts';
import { BULK_NEVER_SPINS, CLAIMED_BLOCK_FOUND, NO_CLAIM_MODE, ORDER0_HAS_NO_TAILS, RMQUEUE_BUDDY_FRESH_MODE } from '../mm/unreachable.ts';
import { OPEN_GAPS } from './gaps.ts';
import { drainEverything, pcpOrdersOf } from '../pcp/index.ts';
import { EXTRA } from '../pcp/impl.ts';
import { drainAllPagesOp, drainPagesZoneOp } from '../pcp/ops.ts';
import { drainAllPages } from '../pcp/paths/drain_all_pages.ts';
import { drainPagesZone } from '../pcp/paths/drain_pages_zone.ts';
import { freeFrozenPages } from '../pcp/paths/__free_frozen_pages.ts';
import { freeContigRangeOp } from '../contig/ops.ts';
import { freeContigRange } from '../contig/paths/free_contig_range.ts';
import type { BuiltModel, ModelDef, Variant } from '../types.ts';
import { configs, fuzzConfigs } from './configs.ts';
import { family } from './family.ts';
import { IR, NREG_ISOLATION, actions, guards } from './impl.ts';
import { allocContigRangeOp, checkRoles, isolateFreepagesBlockOp, isolationAllocOp, isolationBudgets, isolationFreeOp, offlinePagesOp, unreserveOp } from './ops.ts';
import { allocContigRange } from './paths/alloc_contig_range.ts';
import { allocPages } from './paths/alloc_pages.ts';
import { freeOnePage } from './paths/__free_one_page.ts';
import { isolateFreepagesBlock } from './paths/isolate_freepages_block.ts';
import { offlinePages } from './paths/offline_pages.ts';
import { rmqueueBuddy } from './paths/rmqueue_buddy.ts';
import { unreserveHighatomicPageblock } from './paths/unreserve_highatomic_pageblock.ts';
import { ISO, baseType, isolatedBlock, reservedHighatomic, sectionOnline } from './state.ts';
import { baseline, mutants, patches } from './variants.ts';

// Each machine is checked against AnyStateMachine on its own: a literal array of them is too deep a union for tsc.
const machines = (...m: AnyStateMachine[]): readonly AnyStateMachine[] => m;

/** The entry machines (one per workload operation). */
export const entries = machines(allocPages, freePages, splitPage, speculativeRef, drainPagesZone, drainAllPages, allocContigRange, freeContigRange, offlinePages, unreserveHighatomicPageblock, isolateFreepagesBlock);

/** Model-level replacements of the PCP and buddy models' machines, wherever they are inlined. */
const modelMachines = { __free_frozen_pages: freeFrozenPages, __free_one_page: freeOnePage, rmqueue_buddy: rmqueueBuddy };

/** One letter per migratetype in the pageblock line of a memory map. */
const TYPE_LETTER: Record<string, string> = { UNMOVABLE: 'U', MOVABLE: 'M', RECLAIMABLE: 'R', HIGHATOMIC: 'H', CMA: 'C' };

/** What the pageblock line of a memory map shows, after the shared picture. */
const ISOLATION_LEGEND =
  "; 'o' a page of an offline section; blocks: one letter per pageblock (U M R H C its migratetype, lower case while isolated); 'reserved N' nr_reserved_highatomic";

/** The zone's system, with the pageblock types and the reserve in every memory map. */
class IsolationSystem extends MmSystem {
  override render(s: Uint16Array): string {
    const L = this.L;
    const g = L.geo;
    let mem = super.render(s);
    // Offline pages are held by nobody: show them apart from pages leaked on purpose.
    let i = 0;
    mem = mem.replace(/[^|]/g, (c) => {
      const p = i++;
      return c === 'x' && s[L.gHold + p] === HOLD.leaked && !sectionOnline(L, s, p) ? 'o' : c;
    });
    let blocks = '';
    for (let b = 0; b < g.nPageblocks; b++) {
      const t = TYPE_LETTER[g.mts[baseType(L, s, b)]] ?? '?';
      blocks += isolatedBlock(L, s, b) ? t.toLowerCase() : t;
    }
    const reserved = g.mt.HIGHATOMIC >= 0 ? ` reserved ${reservedHighatomic(L, s)}` : '';
    return `${mem} blocks ${blocks}${reserved}`;
  }
  override get legend(): string {
    return MEMORY_LEGEND + ISOLATION_LEGEND;
  }
}

/** Rejects configurations the model cannot run as written. */
function checkConfig(config: Config): void {
  if (config.pcpBuddy) throw new UsageError('invalid configuration: pcpBuddy (pageblock ownership) is read only by the pcp-buddy model');
  if (config.pcp?.irq) throw new UsageError('invalid configuration: pcp.irq is not supported by the isolation model (its paths run from tasks)');
  config.workload.allocMigratetypes.forEach((t, i) => {
    if (t !== 'UNMOVABLE' && t !== 'MOVABLE' && t !== 'RECLAIMABLE')
      throw new UsageError(`invalid configuration: workload.allocMigratetypes[${i}] is ${t}; the isolation model allocates UNMOVABLE, MOVABLE or RECLAIMABLE (movable allocations use CMA blocks, atomic ones the HIGHATOMIC reserve)`);
  });
  if (config.contig) throw new UsageError('invalid configuration: the isolation model derives its contig section from isolation.contigRanges; remove contig');
  const poisoned = config.isolation?.hwpoison ?? [];
  checkPoisonedHeld(config, poisoned, 'isolation.hwpoison');
  // free_pages_prepare() checks PG_hwpoison at order 0 only: a poisoned page inside a larger block
  // would reach the buddy, where only check_new_pages() (not modelled) would stop it.
  poisoned.forEach((p, i) => {
    if (!config.preallocated?.some((b) => b.pfn === p && b.order === 0))
      throw new UsageError(`invalid configuration: isolation.hwpoison[${i}] (pfn ${p}) lies in a preallocated block of order > 0; a poisoned page must be an order-0 block of its own (memory_failure() splits a larger one first)`);
  });
  checkRoles(config);
}

/** The migration stand-in frees blocks whose head lies in the call's own isolated pageblocks. */
const MIGRATED_FROM_ISOLATED: readonly UnreachableDeclaration[] = [
  'edge *: migrate_pages.__free_pages.__free_frozen_pages.route → * [!not_prepared, !pcp_mt_isolated, *',
  ...['pcp_spin_trylock', 'high', 'batch', 'free_pcppages_bulk.*', 'next_batch', 'pcp_spin_trylock_again', 'loop'].map((from) => `edge *: migrate_pages.__free_pages.__free_frozen_pages.${from} → *`),
].map((item) => ({
  item,
  reason:
    "alloc_contig_range() and offline_pages() migrate only blocks whose head lies in [start, end), in a pageblock the call isolated itself and keeps isolated until test_pages_isolated() has run: __free_frozen_pages() reads MIGRATE_ISOLATE for the head and sends the block to free_one_page(), never to a pageset; only another call's undo_isolate_page_range() over an overlapping range could give the pageblock back meanwhile (examples/isolation-overlapping-ranges.json), and no built-in configuration has two. (A tail freed alone, free_tail, may lie past the range's last pageblock and is not covered by this)",
}));

/** offline_pages() takes whole sections, and no block straddles a section boundary. */
const OFFLINE_EDGES_UNCUT: readonly UnreachableDeclaration[] = [
  'edge offline_pages: start_isolate_page_range.first_scanned → start_isolate_page_range.unset_first.spin_lock [iso_busy]',
  'edge offline_pages: start_isolate_page_range.single_scanned → start_isolate_page_range.unset_first.spin_lock [iso_busy]',
  'edge offline_pages: start_isolate_page_range.last_scanned → start_isolate_page_range.unset_last.spin_lock [iso_busy]',
  'edge offline_pages: start_isolate_page_range.unset_last.* → *',
].map((item) => ({
  item,
  reason:
    "offline_pages() isolates whole sections (memory blocks; the configuration reader refuses any other range), and a max-order block fits in a section (the kernel's \"Allocator MAX_PAGE_ORDER exceeds SECTION_SIZE\" #error): no compound page straddles the range's first or last edge, so isolate_single_pageblock()'s scan never fails there, and start_isolate_page_range() never takes the `failed:` label that restores the last pageblock (unset_last)",
}));

/** move_freepages_block_isolate() splits only free buddies larger than a pageblock, into pageblock-sized pieces. */
const SPLIT_PIECES_PAGEBLOCK_SIZED: readonly UnreachableDeclaration[] = [
  {
    item: 'edge *: *move_freepages_block_isolate.split_large_buddy.__free_one_page.check_type → *.merge [below_pageblock_order]',
    reason:
      "move_freepages_block_isolate() calls split_large_buddy() only on a free buddy larger than a pageblock (one that straddles the pageblock, or starts it with an order above pageblock_order), and split_large_buddy() frees it in pieces of exactly pageblock_order; __free_one_page() starts each piece's merge at that order and only goes up, so the order is never below pageblock_order there",
  },
  {
    item: 'edge *: *move_freepages_block_isolate.split_large_buddy.__free_one_page.find_buddy → *.done_merging [order_is_max]',
    reason:
      "a free buddy larger than a pageblock is all MIGRATE_ISOLATE or all not (__free_one_page() merges ISOLATE only with ISOLATE above pageblock_order, and every type change of a pageblock inside such a buddy goes through this split), and move_freepages_block_isolate() flips exactly one of its pageblocks between the two: a piece can merge only with pieces on its own side, which never make up the whole buddy, so no piece's merge reaches the split buddy's order, let alone MAX_PAGE_ORDER (with pageblock_order = MAX_PAGE_ORDER nothing is split)",
  },
];

/** Where free_pages_prepare() can meet a poisoned page: only a caller's or a reference's put of the order-0 block itself. */
const POISON_ONLY_HELD_ORDER0: readonly UnreachableDeclaration[] = [
  {
    item: 'edge *: *free_tail.route → *free_tail.done [not_prepared]',
    reason:
      "__free_pages()'s tail loop frees the tails of a non-compound block of order > 0, and a poisoned page (isolation.hwpoison) is an order-0 block of its own, which is never part of a larger one: it is held until its free, which free_pages_prepare() refuses, so it never reaches the buddy to be merged or handed out again",
  },
  {
    item: 'edge *: migrate_pages.__free_pages.__free_frozen_pages.route → * [not_prepared]',
    reason:
      'the migration stand-in moves only blocks on the LRU, and memory_failure() took every poisoned page off it (isolation.hwpoison clears PG_lru); free_pages_prepare() fails only for an order-0 poisoned page or a bad page, which is a finding',
  },
  ...['edge alloc_contig_range: free_contig_range_*.__free_page.__free_frozen_pages.route → * [not_prepared]', 'edge free_contig_range: __free_page.__free_frozen_pages.route → * [not_prepared]'].map((item) => ({
    item,
    reason:
      'free_contig_range() frees pages that isolate_freepages_range() took off the free lists, and a poisoned page is never free: it is held until its free, which free_pages_prepare() refuses (leaked), so no free list ever holds it',
  })),
];

/** What the isolation paths test under zone->lock before they move a pageblock's free pages, and what watermarks would refuse. */
const ISOLATION_STATE_TESTED: readonly UnreachableDeclaration[] = [
  {
    item: 'edge *: *.move_freepages_block_isolate.check → *.move_freepages_block_isolate.done [mfbi_same_state]',
    reason:
      "set_migratetype_isolate() returns -EBUSY for a pageblock that is isolated already, and unset_migratetype_isolate() leaves one that is not, each tested in the same zone->lock hold just before it calls move_freepages_block_isolate(): that function's VM_WARN_ONCE (the pageblock already in the state asked for) guards a caller that skips the test, and no caller does",
  },
  {
    item: 'edge *: *.putback → *.move_freepages_block_isolate.check [!isolated_page]',
    reason:
      "__isolate_free_page() checks watermarks only outside isolated pageblocks (hence unset_migratetype_isolate()'s VM_WARN_ON(!isolated_page)), and watermarks are not modelled: it never refuses here",
  },
  {
    item: 'edge *: *.check → *.spin_unlock [cur_not_isolated]',
    reason:
      "unset_migratetype_isolate() is called on a pageblock this call isolated (start_isolate_page_range()'s failure paths) or found isolated just before (undo_isolate_page_range() skips the others): only another call's undo over an overlapping range could give it back in between (examples/isolation-overlapping-ranges.json), and no built-in configuration has two",
  },
];

/** The isolation model. */
export const isolationModel: ModelDef = {
  name: 'isolation',
  description: 'pageblock isolation, alloc_contig_range (CMA), memory offline with zone_pcp_disable, HIGHATOMIC reserves, on the PCP and contig models',
  kernel: {
    version: 'mainline v6.17 (isolation, offline, HIGHATOMIC and compaction paths); the rest as the contig model',
    read: 'mm/page_isolation.c, mm/page_alloc.c and mm/memory_hotplug.c of v6.17 read from a public mirror; the shared paths as the pcp model (mm/page_alloc.c of gregkh/linux at commit 0425e849c744 (early 2026, about v6.19/v7.0-rc), include/linux/mmzone.h at 5f856da6fadac; read through a code index (reference section 0, [PA] and [MMZ]))',
  },
  abstracts: [
    'everything the PCP and contig models leave out; no interrupt contexts; tasks only',
    "MIGRATE_ISOLATE is a pageblock state: the layout's type word holds what get_pfnblock_migratetype() returns (ISOLATE while isolated) and the type the pageblock keeps sits beside it (state.ts), as PB_migrate_isolate sits beside the migratetype bits",
    "watermarks are not modelled: __isolate_free_page() never refuses (the kernel checks them only outside isolated pageblocks, so every isolation path here is the kernel's; compaction's free scanner would stop at a refusal), and the reserve's 1% of the zone is a configured number of pageblocks",
    'compaction: one pageblock per run, cc->nr_migratepages 1 and cc->order taken as pageblock_order; no fast_isolate_freepages(), skip hints, migration scanner or migration (the isolated block goes to a caller, as a migration target would); a held compound page is scanned page by page rather than skipped',
    "migration is a stand-in: a block a caller holds in the range, movable (PG_lru) and referenced by it alone, is freed as migrate_pages() frees the source, its copy outside the model; blocks that cannot move stay, and the caller's -EBUSY follows from test_pages_isolated() (the kernel's retries, putback and -ENOMEM are not modelled)",
    'isolate_freepages_range() takes the whole range in one zone->lock hold (the kernel takes one per pageblock, and gives back what it took when a later one fails); split_free_pages() runs in the same step',
    'the compound-page scan of isolate_single_pageblock() runs in the step that releases zone->lock after set_migratetype_isolate(); compound pages are never migrated out of the way',
    'zone->nr_isolate_pageblock, has_isolate_pageblock(), the memory notifiers, lru_cache_disable(), hugetlb, page reporting, unaccepted memory, zone boundaries (every pageblock lies in the zone) and memory onlining are not modelled; offlined pages leave the model (held by nobody, their sections offline) and their pageblocks stay isolated, as the kernel leaves their flags stale',
    'memory_failure() is not modelled: a poisoned page (isolation.hwpoison) is an order-0 block held at boot and off the LRU; offline_pages() may remove its section while references to it remain, and the last put leaks it (free_pages_prepare() refuses it)',
    'Q1 (full merge at quiescence) is not checked where unreserve_highatomic_pageblock() runs: it gives free blocks back to another type without merging them, and the kernel merges them only when a neighbour is freed later',
  ],
  configs,
  defaultConfig: 'contig',
  family,
  fuzzConfigs,
  defaultFuzzConfig: 'large',
  variants: [baseline, ...patches, ...mutants],
  properties: [P1, P2, P3, P4, P5, P6, P7, P8, P9, P12, P13, P14, P15, P16, P17, Q1],
  impl: { guards, actions },
  openGaps: OPEN_GAPS,
  unreachable: [...BULK_NEVER_SPINS, NO_CLAIM_MODE, RMQUEUE_BUDDY_FRESH_MODE, CLAIMED_BLOCK_FOUND, ...ORDER0_HAS_NO_TAILS, ...MIGRATED_FROM_ISOLATED, ...OFFLINE_EDGES_UNCUT, ...SPLIT_PIECES_PAGEBLOCK_SIZED, ...POISON_ONLY_HELD_ORDER0, ...ISOLATION_STATE_TESTED],
  registers: { name: 'IR', values: IR },
  entries,
  build(input: Config, variant: Variant): BuiltModel {
    checkConfig(input);
    const iso = input.isolation ?? IsolationSchema.parse({});
    const migratetypes = input.migratetypes.includes('ISOLATE') ? input.migratetypes : [...input.migratetypes, 'ISOLATE' as const];
    const config: Config = {
      ...input,
      migratetypes,
      isolation: iso,
      pcp: input.pcp ?? PcpSchema.parse({}),
      // free_contig_range() of an allocated range is the contig model's operation.
      contig: ContigSchema.parse({ ranges: iso.freeContig ? iso.contigRanges.map((r) => ({ pfn: r.pfn, nr: r.nr })) : [], freePages: false }),
    };
    const pcp = config.pcp!;
    const g = geometryOf(config);
    checkInitialTypes(g);
    const budgets = isolationBudgets();
    const layout = new MmLayout(g, {
      irq: false,
      budgets: budgets.length,
      registers: NREG_ISOLATION,
      pcpOrders: pcpOrdersOf(config),
      pcpCostlyOrder: pcp.costlyOrder,
      extra: {
        [EXTRA.freeCount]: g.cpus,
        [EXTRA.drainMutex]: 1,
        [EXTRA.modeMemo]: 1,
        [PREPARED_MARKS]: g.nPfn,
        [ISO.saved]: g.nPageblocks,
        [ISO.online]: g.nSections,
        [ISO.reserved]: 1,
        [ISO.batchLock]: 1,
        [ISO.isolatedBy]: g.nPageblocks,
        [ISO.pcpDisabled]: 1,
      },
    });
    const { compiled, xstate } = compileAll(entries, { guards, actions }, { ...variant, machines: { ...modelMachines, ...(variant.machines ?? {}) } });
    const drain = compiled.get('drain_pages_zone');
    if (!drain) throw new InternalError('drain_pages_zone was not compiled');
    const system = new IsolationSystem({
      layout,
      machines: compiled,
      ops: [
        isolationAllocOp(g),
        isolationFreeOp(g),
        splitPageOp(g, 'split_page'),
        speculativeRefOp(g, 'speculative_ref'),
        drainPagesZoneOp(g),
        drainAllPagesOp(g),
        allocContigRangeOp(g),
        freeContigRangeOp(g),
        offlinePagesOp(g),
        unreserveOp(g),
        isolateFreepagesBlockOp(g),
      ],
      budgets,
      // P14 (offline sections) and P12 (isolation accounting) first: they name what the general
      // checks after them would report as a lost page or a miscount.
      stateProperties: [P14, P1, P3, P4, P12, P6, P5, P16, P8, P15, P13, ...(variant.properties ?? [])],
      // unreserve_highatomic_pageblock() moves free blocks to another type's lists without merging
      // them (as move_freepages_block() does), so with it free memory need not end fully merged.
      quiescentProperties: iso.unreservesPerCpu > 0 ? [] : [Q1],
      initKernel: (k: Mm) => {
        initZone(k);
        for (let cpu = 0; cpu < g.cpus; cpu++) {
          k.s[layout.pcpHigh + cpu] = pcp.high;
          k.s[layout.pcpBatch + cpu] = pcp.batch;
        }
        k.s.fill(1, layout.extra[ISO.online], layout.extra[ISO.online] + g.nSections);
        // memory_failure() took the poisoned pages off the LRU: nothing migrates them.
        for (const p of iso.hwpoison) {
          k.setFlag(p, PG.hwpoison);
          k.clearFlag(p, PG.lru);
        }
      },
      quiesce: drainEverything(drain),
      locks: [
        { name: 'pcpu_drain_mutex', word: layout.extra[EXTRA.drainMutex] },
        { name: 'pcp_batch_high_lock', word: layout.extra[ISO.batchLock] },
      ],
      // pcp->free_count only tunes how much later drains free; the ghost words are the checker's.
      unobservable: [EXTRA.modeMemo, EXTRA.freeCount, PREPARED_MARKS, ISO.isolatedBy, ISO.pcpDisabled],
      // CPUs have roles, and drain_all_pages walks them in order.
      symmetry: false,
      // The isolation paths drain other CPUs' pagesets and write their high and batch; range
      // frees walk pfns other threads may hold in flight.
      por: {
        remoteOps: ['speculative_ref', 'drain_pages_zone', 'drain_all_pages', 'alloc_contig_range', 'free_contig_range', 'offline_pages', 'isolate_freepages_block'],
        perCpuArrays: [{ offset: layout.extra[EXTRA.freeCount], stride: 1 }],
      },
    });
    return { system, compiled, xstate };
  },
};
