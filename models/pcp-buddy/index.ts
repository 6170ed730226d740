/**
 * The pcp buddy allocator RFC (seed 002: "mm: page_alloc: pcp buddy allocator", Johannes Weiner,
 * 3 Apr 2026; reference §7) as a model on top of the PCP model (§4, §5): a CPU's pageset claims
 * whole pageblocks, splits them outside zone->lock and owns them; every free of an owned page
 * goes to the owner's pageset whichever CPU frees it; the owner's drain merges the pieces under
 * its pcp->lock, returns whole blocks to the buddy (releasing them) and remembers partial ones,
 * whose pieces go to the tail of the zone's free lists until phase 0 of the owner's next refill
 * of that migratetype takes them back.
 *
 * What the RFC's visible text does not say is modelled as named choices; the baseline takes the
 * answer that keeps every property, and each other candidate is a variant (kind `candidate`)
 * whose verdict `pagecheck report --model pcp-buddy` prints:
 * - how a free takes the owner's pcp->lock (baseline: spin_lock, the owner re-read under it);
 * - what CPU offline does with the dead CPU's blocks (baseline: page_alloc_cpu_dead releases them
 *   under its pcp->lock and zone->lock, then drains);
 * - what isolating an owned block does (baseline: release it and free the owner's pieces, under
 *   the owner's pcp->lock and zone->lock);
 * - whether other CPUs' allocations may take remembered fragments off the zone's lists
 *   (baseline: no, they are left for their owner).
 *
 * Kernel followed (ModelDef.kernel, printed by `pagecheck list` and in report headers): mainline
 * v6.19/v7.0-rc (early 2026) with the RFC of seed 002; read from mm/page_alloc.c of gregkh/linux
 * at commit 0425e849c744 (early 2026, about v6.19/v7.0-rc), include/linux/mmzone.h at
 * 5f856da6fadac; read through a code index (reference section 0, [PA] and [MMZ]); the RFC's cover
 * letter and quoted fragments (seed 002, 3 Apr 2026); the patch bodies were not available.
 *
 * Abstractions (what the model leaves out, on purpose), beyond the PCP model's:
 * - the patch bodies were not available: phase boundaries, list order and sizes follow the cover
 *   letter and the quoted fragments; pcp->owned_blocks is a set walked in pfn order, not a list
 *   in insertion order;
 * - phase 0 recovers every remembered block of the requested migratetype, then the refill stops
 *   if it has the pages it wanted; phase 1 claims one pageblock when it fits under pcp->high;
 *   phase 2 takes chunks below pageblock_order; the splits of phases 1 and 2 and the merge pass
 *   are in the same atomic step as their zone->lock hold (they touch only pages nobody else can
 *   reach); an owned piece larger than a request is split on the pageset when the request's list
 *   is empty;
 * - the drain's merge pass handles one owned block at a time as the round-robin meets its first
 *   piece, taking all of that block's pieces off the pageset;
 * - CPU offline is page_alloc_cpu_dead() only (the CPU's tasks are idle and never run again; no
 *   CPU comes back online); isolation is one pageblock, drained only from its owner's pageset,
 *   undone at once, with no migration and no free-page accounting of isolated pages;
 * - a free's owner read and its first lock attempt are one step; a free that has to wait for the
 *   owner's lock rests at `owner_spin`.
 */
import { PcpSchema, type Config } from '../../src/config/schema.ts';
import { geometryOf } from '../../src/config/geometry.ts';
import { UsageError } from '../../src/util/unreachable.ts';
import { P1, P2, P3, P4, P5, P6, P7, P8, P10, P11, P17, Q1, Q2 } from '../../properties/index.ts';
import { freePages } from '../buddy/paths/__free_pages.ts';
import { speculativeRef } from '../buddy/paths/speculative_ref.ts';
import { splitPage } from '../buddy/paths/split_page.ts';
import { compileAll, implFor } from '../mm/build.ts';
import { checkInitialTypes, initZone } from '../mm/init.ts';
import type { Mm } from '../mm/kernel.ts';
import { MmLayout, R } from '../mm/layout.ts';
import { BUDGET, allocOp, freeOp, speculativeRefOp, splitPageOp } from '../mm/ops.ts';
import { MmSystem, type MmSystemSpec } from '../mm/system.ts';
import { PCP_COVERAGE, drainEverything, pcpOrdersOf } from '../pcp/index.ts';
import { EXTRA } from '../pcp/impl.ts';
import { decayPcpHighOp, drainAllPagesOp, drainPagesZoneOp } from '../pcp/ops.ts';
import { allocPages } from '../pcp/paths/alloc_pages.ts';
import { decayPcpHigh } from '../pcp/paths/decay_pcp_high.ts';
import { drainAllPages } from '../pcp/paths/drain_all_pages.ts';
import { drainPagesZone } from '../pcp/paths/drain_pages_zone.ts';
import { MEMORY_LEGEND } from '../mm/render.ts';
import { BULK_NEVER_SPINS, CLAIMED_BLOCK_FOUND, NO_CLAIM_MODE, PREPARE_NEVER_FAILS, RMQUEUE_BUDDY_FRESH_MODE } from '../mm/unreachable.ts';
import { OPEN_GAPS } from './gaps.ts';
import type { BuiltModel, ModelDef, Variant } from '../types.ts';
import { configs, fuzzConfigs } from './configs.ts';
import { family } from './family.ts';
import { findings } from './findings.ts';
import { NREG_PCP_BUDDY, RB, actions, guards } from './impl.ts';
import { BUDGETS, budgets, checkRoles, cpuDeadOp, freeBudget, isolateOp, onlineOnly } from './ops.ts';
import { freeFrozenPages } from './paths/__free_frozen_pages.ts';
import { freePcppagesBulk } from './paths/free_pcppages_bulk.ts';
import { isolatePageblock } from './paths/isolate_pageblock.ts';
import { pageAllocCpuDead } from './paths/page_alloc_cpu_dead.ts';
import { rmqueueBulk } from './paths/rmqueue_bulk.ts';
import { CPU_STATE, MAX_PAGEBLOCKS, OWN, cpuState, isolatedBlock, listedMask, ownerOf, setOwner } from './state.ts';
import { baseline, candidates, coreMutants, mutants, patches } from './variants.ts';

/** The entry machines (one per workload operation). */
export const entries = [allocPages, freePages, splitPage, speculativeRef, drainPagesZone, drainAllPages, decayPcpHigh, pageAllocCpuDead, isolatePageblock];

/** Model-level replacements of the PCP model's machines, wherever they are inlined. */
const modelMachines = { __free_frozen_pages: freeFrozenPages, rmqueue_bulk: rmqueueBulk, free_pcppages_bulk: freePcppagesBulk };

/** What the ownership column of a memory map shows, after the PCP model's picture. */
const OWNERSHIP_LEGEND =
  "; own: one glyph per pageblock: '.' no owner, 0-7 owned by that CPU, a-h owned by cpu0-7 and on its owned_blocks (fragments queued), 'i' isolated; 'off cpuN' CPUs offline";

/** The PCP model's system, with pageblock ownership in every memory map. */
class PcpBuddySystem extends MmSystem {
  override render(s: Uint16Array): string {
    const L = this.L;
    let own = '';
    for (let b = 0; b < L.geo.nPageblocks; b++) {
      const o = ownerOf(L, s, b);
      own += isolatedBlock(L, s, b) ? 'i' : o < 0 ? '.' : listedMask(L, s, o) & (1 << b) ? String.fromCharCode(97 + o) : String(o);
    }
    const off = Array.from({ length: L.geo.cpus }, (_, c) => c).filter((c) => cpuState(L, s, c) !== CPU_STATE.online);
    return `${super.render(s)} own ${own}${off.length ? ` off ${off.map((c) => `cpu${c}`).join(',')}` : ''}`;
  }
  override get legend(): string {
    return MEMORY_LEGEND + OWNERSHIP_LEGEND;
  }
}

/** The pcp-buddy model. */
export const pcpBuddyModel: ModelDef = {
  name: 'pcp-buddy',
  description: 'the pcp buddy allocator RFC (seed 002): pageblock ownership, free routing to the owner, PCP-level merging, fragment recovery, with its open questions as candidates',
  kernel: {
    version: 'mainline v6.19/v7.0-rc (early 2026) with the RFC of seed 002',
    read: 'mm/page_alloc.c of gregkh/linux at commit 0425e849c744 (early 2026, about v6.19/v7.0-rc), include/linux/mmzone.h at 5f856da6fadac; read through a code index (reference section 0, [PA] and [MMZ])',
    notes: "the RFC's cover letter and quoted fragments (seed 002, 3 Apr 2026); the patch bodies were not available",
  },
  abstracts: [
    'everything the PCP model leaves out (one zone, no watermarks, reclaim or compaction, ...)',
    'the patch bodies were not available: phase boundaries, list order and sizes follow the cover letter and the quoted fragments; pcp->owned_blocks is a set walked in pfn order, not a list in insertion order',
    "phase 0 recovers every remembered block of the requested migratetype, then the refill stops if it has the pages it wanted; phase 1 claims one pageblock when it fits under pcp->high; phase 2 takes chunks below pageblock_order; the splits of phases 1 and 2 and the merge pass are in the same atomic step as their zone->lock hold (they touch only pages nobody else can reach); an owned piece larger than a request is split on the pageset when the request's list is empty",
    "the drain's merge pass handles one owned block at a time as the round-robin meets its first piece, taking all of that block's pieces off the pageset",
    "CPU offline is page_alloc_cpu_dead() only (the CPU's tasks are idle and never run again; no CPU comes back online); isolation is one pageblock, drained only from its owner's pageset, undone at once, with no migration and no free-page accounting of isolated pages",
    "a free's owner read and its first lock attempt are one step; a free that has to wait for the owner's lock rests at `owner_spin`",
  ],
  configs,
  defaultConfig: 'default',
  family,
  fuzzConfigs,
  defaultFuzzConfig: 'large',
  variants: [baseline, ...patches, ...candidates, ...mutants, ...coreMutants],
  properties: [P1, P2, P3, P4, P5, P6, P7, P8, P10, P11, P17, Q1, Q2],
  impl: { guards, actions },
  openGaps: OPEN_GAPS,
  unreachable: [
    PREPARE_NEVER_FAILS('pcp-buddy', 'edge *.route → *.done [not_prepared]'),
    ...BULK_NEVER_SPINS,
    NO_CLAIM_MODE,
    RMQUEUE_BUDDY_FRESH_MODE,
    CLAIMED_BLOCK_FOUND,
    {
      item: 'edge alloc_pages: rmqueue_pcplist.rmqueue_bulk.lock → rmqueue_pcplist.rmqueue_bulk.phase3 [!ownership_enabled]',
      reason: "the model's own reading of the RFC has ownership on (ownership_enabled is constant); the reading without it is the variant ownership-off",
    },
    // page_alloc_cpu_dead() releases the dead CPU's blocks (release_dead_cpu) before it drains.
    ...[
      'edge page_alloc_cpu_dead: drain_pages.free_pcppages_bulk.owned → drain_pages.free_pcppages_bulk.block [taken_pcp_buddy]',
      'edge page_alloc_cpu_dead: drain_pages.free_pcppages_bulk.block → *',
      'edge page_alloc_cpu_dead: drain_pages.free_pcppages_bulk.free_whole.* → *',
      'edge page_alloc_cpu_dead: drain_pages.free_pcppages_bulk.free_fragment.* → *',
      'edge page_alloc_cpu_dead: drain_pages.free_pcppages_bulk.block_done → *',
    ].map((item) => ({
      item,
      reason:
        "the model's own reading of CPU offline releases every block the dead CPU owns and clears PagePCPBuddy on its pieces under its pcp->lock and zone->lock before the drain (release_dead_cpu), and no free can make a piece owned by the dead CPU again, so the drain never meets an owned piece; the readings that keep them until after the drain are the candidates offline-keeps-ownership and offline-drain-then-release",
    })),
    ...['event fallback steals order 3', 'event fallback steals order 4'].map((item) => ({
      item,
      reason:
        'pageblocks hold at most 16 pages here, so a free fallback block of order 3 or 4 is at least half a pageblock: __rmqueue_claim() tries it (its order is at least pageblock_order / 2) and try_to_claim_block() always claims it (its free pages alone are half the block, or it is the whole block), before any steal; and rmqueue_bulk() goes on stealing without claiming only after a steal, which found no such block, under the same zone->lock',
    })),
    {
      item: 'edge *.owner_lock → * [!owner_lock_free, !owner_lock_spins, *',
      reason:
        "the model's own reading takes the owner's pcp->lock with spin_lock (owner_lock_spins is constant); the readings with a trylock that falls back to the local pageset or to the buddy are the variants trylock-then-local and trylock-then-buddy",
    },
  ],
  registers: { name: 'RB', values: RB },
  entries,
  findings,
  build(input: Config, variant: Variant): BuiltModel {
    const config: Config = input.pcp ? input : { ...input, pcp: PcpSchema.parse({}) };
    const pcp = config.pcp!;
    config.workload.allocMigratetypes.forEach((t, i) => {
      if (t !== 'UNMOVABLE' && t !== 'MOVABLE' && t !== 'RECLAIMABLE')
        throw new UsageError(`invalid configuration: workload.allocMigratetypes[${i}] is ${t}; the pcp-buddy model allocates UNMOVABLE, MOVABLE or RECLAIMABLE`);
    });
    checkRoles(config);
    const g = geometryOf(config);
    checkInitialTypes(g);
    if (g.nPageblocks > MAX_PAGEBLOCKS) throw new UsageError(`invalid configuration: the pcp-buddy model keeps pcp->owned_blocks as a bitmask of at most ${MAX_PAGEBLOCKS} pageblocks; this zone has ${g.nPageblocks}`);
    // The merge pass keeps a block's pages as a bitmask in one 16-bit register.
    if (g.pageblockPages > 16) throw new UsageError(`invalid configuration: pageblockOrder is ${g.pageblockOrder}; the pcp-buddy model handles pageblocks of at most 16 pages (pageblockOrder <= 4)`);
    const pcpOrders = pcpOrdersOf(config);
    if (!pcpOrders.includes(0)) throw new UsageError('invalid configuration: pcp.orders must include order 0 (owned pieces are split down to PCP orders)');
    const layout = new MmLayout(g, {
      irq: pcp.irq,
      budgets: BUDGETS,
      registers: NREG_PCP_BUDDY,
      pcpOrders,
      pcpCostlyOrder: pcp.costlyOrder,
      extra: {
        [EXTRA.freeCount]: g.cpus,
        [EXTRA.drainMutex]: 1,
        [EXTRA.modeMemo]: 1,
        [OWN.owner]: g.nPageblocks,
        [OWN.isolated]: g.nPageblocks,
        [OWN.listed]: g.cpus,
        [OWN.dead]: g.cpus,
      },
    });
    const { compiled, xstate } = compileAll(entries, { guards, actions }, { ...variant, machines: { ...modelMachines, ...(variant.machines ?? {}) } });
    const drain = compiled.get('drain_pages_zone')!;
    const ownership = implFor({ guards, actions }, variant).guards.ownership_enabled;
    const owners = config.pcpBuddy?.owners ?? [];
    const spec: MmSystemSpec = {
      layout,
      machines: compiled,
      ops: [
        allocOp(g, 'alloc_pages', 'alloc_pages', 'any'),
        { ...freeOp(g, '__free_pages', '__free_pages', 'any'), budget: freeBudget(g), irqBudget: BUDGET.alloc },
        splitPageOp(g, 'split_page'),
        speculativeRefOp(g, 'speculative_ref'),
        drainPagesZoneOp(g),
        drainAllPagesOp(g),
        decayPcpHighOp(g),
        cpuDeadOp(g),
        isolateOp(g),
      ].map(onlineOnly),
      budgets: budgets(),
      stateProperties: [P1, P3, P4, P6, P5, P8, P10, Q2, ...(variant.properties ?? [])],
      quiescentProperties: [Q1],
      initKernel: (k: Mm) => {
        initZone(k);
        for (let cpu = 0; cpu < g.cpus; cpu++) {
          k.s[layout.pcpHigh + cpu] = pcp.high;
          k.s[layout.pcpBatch + cpu] = pcp.batch;
        }
        // Blocks owned at boot (their pages are all held by callers); none with ownership off.
        if (ownership(k)) for (const o of owners) setOwner(k, o.pageblock, o.cpu, 'boot');
      },
      quiesce: drainEverything(drain),
      unobservable: [EXTRA.modeMemo],
      // CPUs are interchangeable unless drain_all_pages runs (it walks CPUs in order, as in the
      // PCP model): owners are CPU numbers + 1, owned_blocks and the offline state are per-CPU
      // arrays, and the CPU register (the pageset a free, drain, offline or isolation works on)
      // is renamed with the CPUs.
      symmetry: pcp.drainAll
        ? false
        : {
            cpuRegisters: [R.cpu],
            perCpuArrays: [EXTRA.freeCount, OWN.listed, OWN.dead].map((name) => ({ offset: layout.extra[name], stride: 1 })),
            threadPlusOneWords: [layout.extra[EXTRA.drainMutex]],
            cpuPlusOneWords: [{ offset: layout.extra[OWN.owner], count: g.nPageblocks }],
          },
      coverage: [...PCP_COVERAGE, 'owner-change'],
      locks: [{ name: 'pcpu_drain_mutex', word: layout.extra[EXTRA.drainMutex] }],
      // A free goes to the pageset of the CPU that owns the block's pageblock, which may be
      // another CPU's; the hot-unplug drain and isolation move other CPUs' pages.
      por: {
        remoteOps: ['__free_pages', 'speculative_ref', 'drain_pages_zone', 'drain_all_pages', 'page_alloc_cpu_dead', 'isolate_pageblock'],
        perCpuArrays: [EXTRA.freeCount, OWN.listed, OWN.dead].map((name) => ({ offset: layout.extra[name], stride: 1 })),
      },
    };
    const system = new PcpBuddySystem(spec);
    return { system, compiled, xstate };
  },
};
