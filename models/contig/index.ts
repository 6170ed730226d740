/**
 * Contiguous and bulk paths (reference §6): free_contig_range, vfree through free_pages_bulk, and
 * alloc_pages_bulk, on top of the PCP model, each before and after the change that reworked it
 * (seeds 000, 001 and 004).
 *
 * The zone, the PCP lists and every PCP-model path are the PCP model's (alloc_pages, __free_pages,
 * split_page, speculative references, drains); the pages a range or an array frees are order-0
 * pages a caller holds (split_page'd, or preallocated so). Operations beyond the PCP model's:
 * - `free_contig_range(pfn, nr)` of a configured range. Baseline and `before`: __free_page() per
 *   page (paths/free_contig_range.ts). `after`: seed 000's __free_contig_range()
 *   (paths/__free_contig_range.ts), whose machines a variant author reuses by name:
 *   `free_contig_range` inlines `__free_contig_range`, which inlines
 *   `free_prepared_contig_range` at each run end, which inlines the PCP model's
 *   `__free_frozen_pages` once per chunk. Per page, the label `put_page_testzero` runs the
 *   actions `contig_page` (the page: CR.base + CR.i), `contig_put_page` (R.zero = last
 *   reference) and `contig_prepare` (R.ret = free_pages_prepare succeeded); then the guards
 *   `contig_cannot_free`, `contig_no_run` and `contig_section_changed` decide, and the actions
 *   `contig_run_open` / `contig_run_close` (CR.start, CR.sec), `run_flush_upto_page` and
 *   `run_flush_to_end` (the run to free: CR.cur, CR.left) and `contig_next` act. Per chunk, the
 *   label `free_chunk` runs `chunk_order` (R.order) and `chunk_page` (R.pfn, CR.fpi =
 *   FPI_PREPARED); `chunk_freed` clears CR.fpi. `free_pages_prepare` honours FPI_PREPARED.
 *   `ghost_range_freed` is P9's check at the return.
 * - `vfree(pages)` of a configured page array (vm->pages, in array order). Baseline and
 *   `vfree-before`: __free_page() per entry (paths/vfree.ts). `vfree-after`: seed 001's
 *   free_pages_bulk() (runs of consecutive pfns, v4) into seed 000's __free_contig_range()
 *   (paths/free_pages_bulk.ts); `vfree-after-npc`: its runs found with num_pages_contiguous().
 * - `alloc_pages_bulk(nr)`: a caller filling an array of nr order-0 pages, calling
 *   alloc_pages_bulk() again while a call makes progress (paths/alloc_pages_bulk.ts). Baseline and
 *   `bulk-after`: the PCP bulk allocator; `bulk-before`: one single-page allocation per entry.
 *
 * Kernel followed (ModelDef.kernel, printed by `pagecheck list` and in report headers): mainline
 * v6.19/v7.0-rc (early 2026) with the patches of seeds 000 and 001; read from mm/page_alloc.c of
 * gregkh/linux at commit 0425e849c744 (early 2026, about v6.19/v7.0-rc), include/linux/mmzone.h at
 * 5f856da6fadac; read through a code index (reference section 0, [PA] and [MMZ]); seed 000 v3 and
 * seed 001 v4 as posted (Mar 2026); the bulk allocator of seed 004 as mainline has it.
 *
 * Abstractions (what the model leaves out, on purpose):
 * - everything the PCP model leaves out; interrupt contexts are off in every configuration here;
 * - the WARNs of free_contig_range (pages still in use, a compound head) and the NR_VMALLOC
 *   statistics of vfree; vfree's stats loop is a step and nothing more;
 * - free_pages_prepare() fails only for PG_hwpoison pages (configured), which stand for every bad
 *   page: the page is leaked on purpose and held by nobody (P1 counts it as leaked, not lost);
 * - the memmap: pfns are contiguous; with VMEMMAP struct pages are too, and memdesc_section() is
 *   0; with a per-section memmap `page + i` is valid only inside one section (k.pageWalk) and
 *   memdesc_section() is the section number. __free_contig_range looks every page up by pfn
 *   (seed 000 v3 walks page++, the same on a memmap-contiguous range);
 * - with workload.specLookup 'held', speculative references are taken on held pages before the
 *   range or array free starts (a reference taken between two pages' drops gives the same
 *   outcome as one taken before); `spec-any` takes them at any time, a step after their lookup;
 * - the single-page allocator's slow path is modelled only as far as it matters here: reclaim
 *   frees nothing, then drain_all_pages() and one retry; watermarks, memcg accounting,
 *   PAGE_OWNER and remote zones (the other reasons alloc_pages_bulk uses it) are not modelled;
 * - the bulk allocator's caller gives up when a call makes no progress (XFS would wait and retry).
 *
 * What a caller can compare is the zone after a full drain (observe.ts): `pagecheck validate`
 * compares the two variants of a pair on that, and counts zone->lock and pcp->lock
 * acquisitions, blocks put on PCP lists and buddy merges.
 */
import type { AnyStateMachine } from 'xstate';
import { ContigSchema, PcpSchema, type Config } from '../../src/config/schema.ts';
import { geometryOf } from '../../src/config/geometry.ts';
import { InternalError, UsageError } from '../../src/util/unreachable.ts';
import type { UnreachableDeclaration } from '../../src/coverage/model.ts';
import { P1, P2, P3, P4, P5, P6, P7, P8, P9, P17, Q1 } from '../../properties/index.ts';
import { PREPARED_MARKS } from '../../properties/p9-ranges.ts';
import { freePages } from '../buddy/paths/__free_pages.ts';
import { speculativeRef } from '../buddy/paths/speculative_ref.ts';
import { splitPage } from '../buddy/paths/split_page.ts';
import { compileAll } from '../mm/build.ts';
import { checkInitialTypes, checkPoisonedHeld, initZone } from '../mm/init.ts';
import { MmLayout, NREG, PG } from '../mm/layout.ts';
import { allocOp, freeOp, splitPageOp } from '../mm/ops.ts';
import { MmSystem } from '../mm/system.ts';
import { BULK_NEVER_SPINS, CLAIMED_BLOCK_FOUND, NO_CLAIM_MODE, NO_ISOLATED_PAGEBLOCK, ORDER0_HAS_NO_TAILS, RMQUEUE_BUDDY_FRESH_MODE } from '../mm/unreachable.ts';
import { OPEN_GAPS } from './gaps.ts';
import { PCP_COVERAGE, drainEverything, pcpOrdersOf } from '../pcp/index.ts';
import { EXTRA } from '../pcp/impl.ts';
import { decayPcpHighOp, drainAllPagesOp, drainPagesZoneOp } from '../pcp/ops.ts';
import { allocPages } from '../pcp/paths/alloc_pages.ts';
import { decayPcpHigh } from '../pcp/paths/decay_pcp_high.ts';
import { drainAllPages } from '../pcp/paths/drain_all_pages.ts';
import { drainPagesZone } from '../pcp/paths/drain_pages_zone.ts';
import { freeFrozenPages } from '../pcp/paths/__free_frozen_pages.ts';
import type { BuiltModel, ModelDef, Variant } from '../types.ts';
import { configs, fuzzConfigs } from './configs.ts';
import { family } from './family.ts';
import { CONTIG_EXTRA, CR, N_CONTIG_REGS, actions, bulkSlotsOf, contigConfig, guards } from './impl.ts';
import { drainedObservation } from './observe.ts';
import { allocPagesBulkOp, contigBudgets, contigSpeculativeRefOp, freeContigRangeOp, vfreeOp } from './ops.ts';
import { allocPagesBulk } from './paths/alloc_pages_bulk.ts';
import { freeContigRange } from './paths/free_contig_range.ts';
import { vfree } from './paths/vfree.ts';
import { baseline, mutants, patches } from './variants.ts';

// Each machine is checked against AnyStateMachine on its own: a literal array of them is too deep a union for tsc.
const machines = (...m: AnyStateMachine[]): readonly AnyStateMachine[] => m;

/** The entry machines (one per workload operation). */
export const entries = machines(allocPages, freePages, splitPage, speculativeRef, drainPagesZone, drainAllPages, decayPcpHigh, freeContigRange, vfree, allocPagesBulk);

/** Rejects configurations whose contig section the model cannot run as written. */
function checkContig(config: Config): void {
  const c = config.contig;
  if (!c) return;
  checkPoisonedHeld(config, c.hwpoison, 'contig.hwpoison');
  if (config.pcp?.irq) throw new UsageError('invalid configuration: pcp.irq is not supported by the contig model (its paths run from tasks)');
  // The bulk allocator takes every page from the order-0 list of the pageset (pcp_allocate_list).
  if (c.bulkSizes.length > 0 && c.bulkCallsPerCpu > 0 && !pcpOrdersOf(config).includes(0))
    throw new UsageError(
      `invalid configuration: contig.bulkSizes asks for alloc_pages_bulk() calls, which take order-0 pages from the pageset's order-0 list, but pcp.orders (${pcpOrdersOf(config).join(', ')}) has no order-0 list; add 0 to pcp.orders`,
    );
}

/** alloc_pages_bulk() takes order-0 pages only, and a CMA balance at order 0 always finds one. */
const BULK_CMA_BALANCE_FINDS: readonly UnreachableDeclaration[] = [
  'edge alloc_pages_bulk: *balance_cma.__rmqueue_smallest.search → *balance_cma.__rmqueue_smallest.done [current_order_above_max]',
  'edge alloc_pages_bulk: *balance_cma.done → *.dispatch [!got_page]',
].map((item) => ({
  item,
  reason:
    "alloc_pages_bulk() and its single-page fallback allocate order-0 pages only, and __rmqueue() takes the CMA balance (__rmqueue_cma_fallback()) only when free_list[CMA] holds more than half of the zone's free pages, read in the same zone->lock hold: at order 0, __rmqueue_smallest(MIGRATE_CMA) then always finds a page (a CMA search that fails needs an order above every free CMA block, which only alloc_pages() asks for)",
}));

/** What the bulk allocator's caller and the model's task-only contexts rule out. */
const BULK_CALLER_AND_TASKS: readonly UnreachableDeclaration[] = [
  {
    item: 'edge alloc_pages_bulk: alloc_pages_bulk_noprof.pcp_spin_trylock → alloc_pages_bulk_noprof.done [bulk_full]',
    reason:
      "the caller's first call starts with an empty array of at least one entry (contig.bulkSizes are 1..8), and it calls again only while the array is not full (bulk_caller_retry), so alloc_pages_bulk_noprof() never starts with every entry populated; the kernel's `if (nr_populated == nr_pages) goto out` is for callers that pass a full array",
  },
  {
    item: 'edge *: *get_page_from_freelist.done → * [!got_page, !may_reclaim]',
    reason:
      'the single-page allocator may enter direct reclaim (here: drain_all_pages() and one retry) unless it runs in an interrupt, and the contig model runs tasks only (pcp.irq is refused)',
  },
];

/** The contig model. */
export const contigModel: ModelDef = {
  name: 'contig',
  description: 'contiguous and bulk paths on the PCP model: free_contig_range (seed 000), vfree through free_pages_bulk (seed 001), alloc_pages_bulk (seed 004), each before and after',
  kernel: {
    version: 'mainline v6.19/v7.0-rc (early 2026) with the patches of seeds 000 and 001',
    read: 'mm/page_alloc.c of gregkh/linux at commit 0425e849c744 (early 2026, about v6.19/v7.0-rc), include/linux/mmzone.h at 5f856da6fadac; read through a code index (reference section 0, [PA] and [MMZ])',
    notes: 'seed 000 v3 and seed 001 v4 as posted (Mar 2026); the bulk allocator of seed 004 as mainline has it',
  },
  abstracts: [
    'everything the PCP model leaves out; interrupt contexts are off in every configuration here',
    "the WARNs of free_contig_range (pages still in use, a compound head) and the NR_VMALLOC statistics of vfree; vfree's stats loop is a step and nothing more",
    'free_pages_prepare() fails only for PG_hwpoison pages (configured), which stand for every bad page: the page is leaked on purpose and held by nobody (P1 counts it as leaked, not lost)',
    'the memmap: pfns are contiguous; with VMEMMAP struct pages are too, and memdesc_section() is 0; with a per-section memmap `page + i` is valid only inside one section (k.pageWalk) and memdesc_section() is the section number. __free_contig_range looks every page up by pfn (seed 000 v3 walks page++, the same on a memmap-contiguous range)',
    "speculative references are taken on held pages before the range or array free starts (a reference taken between two pages' drops gives the same outcome as one taken before)",
    "the single-page allocator's slow path is modelled only as far as it matters here: reclaim frees nothing, then drain_all_pages() and one retry; watermarks, memcg accounting, PAGE_OWNER and remote zones (the other reasons alloc_pages_bulk uses it) are not modelled",
    "the bulk allocator's caller gives up when a call makes no progress (XFS would wait and retry)",
  ],
  configs,
  defaultConfig: 'default',
  family,
  fuzzConfigs,
  defaultFuzzConfig: 'large',
  variants: [baseline, ...patches, ...mutants],
  properties: [P1, P2, P3, P4, P5, P6, P7, P8, P9, P17, Q1],
  impl: { guards, actions },
  openGaps: OPEN_GAPS,
  unreachable: [
    ...BULK_NEVER_SPINS,
    NO_ISOLATED_PAGEBLOCK('contig', 'edge *.route → *.free_one_page.spin_lock [!not_prepared, pcp_mt_isolated]'),
    NO_CLAIM_MODE,
    RMQUEUE_BUDDY_FRESH_MODE,
    CLAIMED_BLOCK_FOUND,
    ...ORDER0_HAS_NO_TAILS,
    ...BULK_CMA_BALANCE_FINDS,
    ...BULK_CALLER_AND_TASKS,
  ],
  registers: { name: 'CR', values: CR },
  entries,
  build(input: Config, variant: Variant): BuiltModel {
    const config: Config = { ...input, pcp: input.pcp ?? PcpSchema.parse({}), contig: input.contig ?? ContigSchema.parse({}) };
    checkContig(config);
    const pcp = config.pcp!;
    const g = geometryOf(config);
    checkInitialTypes(g);
    const c = contigConfig(g);
    const budgets = contigBudgets();
    const layout = new MmLayout(g, {
      irq: false,
      budgets: budgets.length,
      registers: NREG + N_CONTIG_REGS,
      pcpOrders: pcpOrdersOf(config),
      pcpCostlyOrder: pcp.costlyOrder,
      extra: {
        [EXTRA.freeCount]: g.cpus,
        [EXTRA.drainMutex]: 1,
        [EXTRA.modeMemo]: 1,
        [PREPARED_MARKS]: g.nPfn,
        [CONTIG_EXTRA.bulkArray]: g.cpus * bulkSlotsOf(c.bulkSizes),
      },
    });
    const { compiled, xstate } = compileAll(entries, { guards, actions }, { ...variant, machines: { __free_frozen_pages: freeFrozenPages, ...(variant.machines ?? {}) } });
    const drain = compiled.get('drain_pages_zone');
    if (!drain) throw new InternalError('drain_pages_zone was not compiled');
    const system = new MmSystem({
      layout,
      machines: compiled,
      ops: [
        allocOp(g, 'alloc_pages', 'alloc_pages', 'task'),
        ...(c.freePages ? [freeOp(g, '__free_pages', '__free_pages', 'task')] : []),
        splitPageOp(g, 'split_page'),
        contigSpeculativeRefOp(g),
        drainPagesZoneOp(g),
        drainAllPagesOp(g),
        decayPcpHighOp(g),
        freeContigRangeOp(g),
        vfreeOp(g),
        allocPagesBulkOp(g),
      ],
      budgets,
      stateProperties: [P1, P3, P4, P6, P5, P8, ...(variant.properties ?? [])],
      quiescentProperties: [Q1],
      initKernel: (k) => {
        initZone(k);
        for (let cpu = 0; cpu < g.cpus; cpu++) {
          k.s[layout.pcpHigh + cpu] = pcp.high;
          k.s[layout.pcpBatch + cpu] = pcp.batch;
        }
        for (const p of c.hwpoison) k.setFlag(p, PG.hwpoison);
      },
      quiesce: drainEverything(drain),
      // pcp->free_count only tunes how much later drains free; the ghost marks are the checker's.
      unobservable: [EXTRA.modeMemo, EXTRA.freeCount, PREPARED_MARKS],
      normalizeObservation: drainedObservation(layout),
      coverage: PCP_COVERAGE,
      locks: [{ name: 'pcpu_drain_mutex', word: layout.extra[EXTRA.drainMutex] }],
      // Not declared: the single-page allocator's slow path runs drain_all_pages, which walks CPUs
      // in order (the PCP model gives up its symmetry for the same reason).
      symmetry: false,
      // The range and bulk paths walk pfns other threads may hold in flight (free_contig_range,
      // vfree) or drain every CPU's pageset (alloc_pages_bulk's fallback).
      por: {
        remoteOps: ['speculative_ref', 'drain_pages_zone', 'drain_all_pages', 'free_contig_range', 'vfree', 'alloc_pages_bulk'],
        perCpuArrays: [{ offset: layout.extra[EXTRA.freeCount], stride: 1 }],
      },
    });
    return { system, compiled, xstate };
  },
};

