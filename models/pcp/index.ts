/**
 * The page allocator with per-CPU pagesets and migratetype fallback (reference §4, §5).
 *
 * Per CPU: PCP lists per order and migratetype for the PCP orders (the low orders plus the THP
 * order, whose UNMOVABLE and RECLAIMABLE pages share a list), `count` in base pages, `high`,
 * `batch` and the pcp->lock; one task and, optionally, one interrupt context per CPU. The task's
 * frees and allocations go through the PCP under pcp_spin_trylock; a failed trylock falls back to
 * free_one_page() or rmqueue_buddy(). Refills (rmqueue_bulk) and drains (free_pcppages_bulk) take
 * zone->lock inside pcp->lock. Remote drains take another CPU's pcp->lock with a plain lock. The
 * buddy side is the buddy model's (its machines are inlined), with __rmqueue's fallback:
 * UNMOVABLE, MOVABLE, RECLAIMABLE with the kernel's fallback table, __rmqueue_claim (largest order
 * first, try_to_claim_block's half-the-pageblock rule, retyping and moving free pages),
 * __rmqueue_steal, and the rmqueue_mode memo of one zone->lock hold (seed 003). CMA, when the
 * zone has CMA pageblocks, is used by movable allocations (ALLOC_CMA).
 *
 * Kernel followed (ModelDef.kernel, printed by `pagecheck list` and in report headers): mainline
 * v6.19/v7.0-rc (early 2026); read from mm/page_alloc.c of gregkh/linux at commit 0425e849c744
 * (early 2026, about v6.19/v7.0-rc), include/linux/mmzone.h at 5f856da6fadac; read through a code
 * index (reference section 0, [PA] and [MMZ]); rmqueue_mode of seed 003 (Apr 2025) is in it.
 *
 * Abstractions (what the model leaves out, on purpose):
 * - everything the buddy model leaves out (one zone, no watermarks, reclaim or compaction, ...);
 * - high_min == high_max (no auto-tuning): nr_pcp_high() is `high`; no ZONE_RECLAIM_ACTIVE or
 *   ZONE_BELOW_HIGH; high and batch never change (no pageset_update, zone_pcp_disable or CPU
 *   hotplug); decay_pcp_high therefore frees `count - high` and never lowers high;
 * - the free_high heuristics (PCPF_* flags) are off; alloc_factor is fixed at 0, so a refill asks
 *   for `batch` order-0 blocks or max(batch >> order, 2) blocks of a higher order;
 * - pcp->free_count is kept only when nr_pcp_free() depends on it (high - batch > batch);
 * - no FPI_TRYLOCK/ALLOC_TRYLOCK paths (no zone->trylock_free_pages llist), no alloc_pages_bulk,
 *   no HIGHATOMIC reserves or ALLOC_NOFRAGMENT, no page isolation (ISOLATE);
 * - a zone->lock critical section with no interleaving point inside (a refill, one
 *   free_pcppages_bulk call, rmqueue_buddy) is one step together with its acquisition; the thread
 *   waits at the label before it, holding whatever it held;
 * - a PCP hit (trylock, take the head, unlock) is one step, and so is a free from its last
 *   reference drop through free_pages_prepare, the migratetype read, the trylock and the commit
 *   when the count stays below high. The interrupt context meets a held pcp->lock where its task
 *   holds it across steps: between a refill and its count update, while a commit or a drain
 *   waits for zone->lock, and between the batches of a drain;
 * - PG_lru stands for "movable" in try_to_claim_block: every page of a MOVABLE allocation is
 *   marked, a free clears it; page_has_movable_ops pages do not exist;
 * - tasks never migrate between CPUs (the commit's "CPU changed" exit is not modelled).
 */
import { PcpSchema, type Config } from '../../src/config/schema.ts';
import type { CoverageEvent } from '../../src/coverage/events.ts';
import { BUDDY_COVERAGE } from '../buddy/index.ts';
import { geometryOf } from '../../src/config/geometry.ts';
import type { CompiledMachine } from '../../src/machine/compile.ts';
import { BLOCKED, FINISHED, STOPPED, runStep } from '../../src/machine/runtime.ts';
import { InternalError, UsageError } from '../../src/util/unreachable.ts';
import { BULK_NEVER_SPINS, CLAIMED_BLOCK_FOUND, NO_CLAIM_MODE, NO_ISOLATED_PAGEBLOCK, PREPARE_NEVER_FAILS, RMQUEUE_BUDDY_FRESH_MODE } from '../mm/unreachable.ts';
import { P1, P2, P3, P4, P5, P6, P7, P8, P17, Q1 } from '../../properties/index.ts';
import { freePages } from '../buddy/paths/__free_pages.ts';
import { speculativeRef } from '../buddy/paths/speculative_ref.ts';
import { splitPage } from '../buddy/paths/split_page.ts';
import { compileAll } from '../mm/build.ts';
import { checkInitialTypes, initZone } from '../mm/init.ts';
import type { Mm } from '../mm/kernel.ts';
import { MmLayout, R, TW } from '../mm/layout.ts';
import { BUDGET, allocOp, freeOp, speculativeRefOp, splitPageOp } from '../mm/ops.ts';
import { MmSystem } from '../mm/system.ts';
import type { BuiltModel, ModelDef, Variant } from '../types.ts';
import { configs, fuzzConfigs } from './configs.ts';
import { family } from './family.ts';
import { EXTRA, actions, guards } from './impl.ts';
import { decayPcpHighOp, drainAllPagesOp, drainPagesZoneOp, pcpBudgets } from './ops.ts';
import { allocPages } from './paths/alloc_pages.ts';
import { decayPcpHigh } from './paths/decay_pcp_high.ts';
import { drainAllPages } from './paths/drain_all_pages.ts';
import { drainPagesZone } from './paths/drain_pages_zone.ts';
import { freeFrozenPages } from './paths/__free_frozen_pages.ts';
import { baseline, mutants, patches } from './variants.ts';

/** The allocator events the PCP paths report, with the buddy's (every model with pagesets reports them). */
export const PCP_COVERAGE: readonly CoverageEvent[] = [...BUDDY_COVERAGE, 'claim', 'steal', 'pcp-add', 'pcp-del', 'trylock-fail', 'high-crossing', 'batch-crossing', 'drain'];

/** The entry machines (one per workload operation). */
export const entries = [allocPages, freePages, splitPage, speculativeRef, drainPagesZone, drainAllPages, decayPcpHigh];

/** Model-level replacements of inlined buddy machines: the buddy's frees go through the PCP. */
const modelMachines = { __free_frozen_pages: freeFrozenPages };

/** PCP orders: the configured ones, or 0..costlyOrder plus pageblock_order (the THP list). */
export function pcpOrdersOf(config: Config): number[] {
  const p = config.pcp ?? PcpSchema.parse({});
  if (p.orders) return [...p.orders].sort((a, b) => a - b);
  const low = Array.from({ length: Math.min(p.costlyOrder, config.maxOrder) + 1 }, (_, o) => o);
  return low.includes(config.pageblockOrder) ? low : [...low, config.pageblockOrder];
}

/**
 * Q1's quiesce hook: drains every CPU's pageset with the variant's own drain_pages_zone, run to
 * completion on thread 0 (every thread is idle at quiescence), so that only merging is judged.
 */
export function drainEverything(drain: CompiledMachine<Mm>) {
  return (k: Mm): void => {
    const L = k.L;
    for (let cpu = 0; cpu < L.geo.cpus; cpu++) {
      k.setCpuReg(cpu);
      for (let pc = drain.initial, n = 0; ; n++) {
        const r = runStep(k, drain, pc);
        if (r === STOPPED) return;
        if (r === FINISHED) break;
        if (r === BLOCKED || n > 10_000) throw new InternalError(`the quiescence drain of cpu${cpu} ${r === BLOCKED ? 'blocked' : 'did not return'}`);
        pc = r;
      }
      k.s.fill(0, L.threadBase(0) + TW.regs, L.threadBase(0) + TW.regs + L.nreg);
    }
  };
}

/** The PCP model. */
export const pcpModel: ModelDef = {
  name: 'pcp',
  description: 'per-CPU pagesets with interrupt contexts, drains, migratetype fallback (claim, steal) and the rmqueue_mode memo of seed 003',
  kernel: {
    version: 'mainline v6.19/v7.0-rc (early 2026)',
    read: 'mm/page_alloc.c of gregkh/linux at commit 0425e849c744 (early 2026, about v6.19/v7.0-rc), include/linux/mmzone.h at 5f856da6fadac; read through a code index (reference section 0, [PA] and [MMZ])',
    notes: 'rmqueue_mode of seed 003 (Apr 2025) is in it',
  },
  abstracts: [
    'everything the buddy model leaves out (one zone, no watermarks, reclaim or compaction, ...)',
    'high_min == high_max (no auto-tuning): nr_pcp_high() is `high`; no ZONE_RECLAIM_ACTIVE or ZONE_BELOW_HIGH; high and batch never change (no pageset_update, zone_pcp_disable or CPU hotplug); decay_pcp_high therefore frees `count - high` and never lowers high',
    'the free_high heuristics (PCPF_* flags) are off; alloc_factor is fixed at 0, so a refill asks for `batch` order-0 blocks or max(batch >> order, 2) blocks of a higher order',
    'pcp->free_count is kept only when nr_pcp_free() depends on it (high - batch > batch)',
    'no FPI_TRYLOCK/ALLOC_TRYLOCK paths (no zone->trylock_free_pages llist), no alloc_pages_bulk, no HIGHATOMIC reserves or ALLOC_NOFRAGMENT, no page isolation (ISOLATE)',
    'a zone->lock critical section with no interleaving point inside (a refill, one free_pcppages_bulk call, rmqueue_buddy) is one step together with its acquisition; the thread waits at the label before it, holding whatever it held',
    'a PCP hit (trylock, take the head, unlock) is one step, and so is a free from its last reference drop through free_pages_prepare, the migratetype read, the trylock and the commit when the count stays below high. The interrupt context meets a held pcp->lock where its task holds it across steps: between a refill and its count update, while a commit or a drain waits for zone->lock, and between the batches of a drain',
    'PG_lru stands for "movable" in try_to_claim_block: every page of a MOVABLE allocation is marked, a free clears it; page_has_movable_ops pages do not exist',
    "tasks never migrate between CPUs (the commit's \"CPU changed\" exit is not modelled)",
  ],
  configs,
  defaultConfig: 'default',
  family,
  fuzzConfigs,
  defaultFuzzConfig: 'large',
  variants: [baseline, ...patches, ...mutants],
  properties: [P1, P2, P3, P4, P5, P6, P7, P8, P17, Q1],
  impl: { guards, actions },
  entries,
  unreachable: [
    PREPARE_NEVER_FAILS('pcp', 'edge *.route → *.done [not_prepared]'),
    NO_ISOLATED_PAGEBLOCK('pcp', 'edge *.route → *.free_one_page.spin_lock [!not_prepared, pcp_mt_isolated]'),
    ...BULK_NEVER_SPINS,
    NO_CLAIM_MODE,
    RMQUEUE_BUDDY_FRESH_MODE,
    CLAIMED_BLOCK_FOUND,
    {
      item: 'event fallback steals order 2',
      reason:
        'a steal takes a fallback block that try_to_claim_block() refused, one with less than half of its pageblock free or alike; a free block of order 2 is at least half of a pageblock of order 3 or less, and every configuration of this model has pageblock_order <= 3 (MAX_PAGE_ORDER <= 3): it needs pageblock_order >= 4',
    },
    {
      item: 'event fallback steals order 3',
      reason:
        'a block of MAX_PAGE_ORDER 3 is at least half of any pageblock (pageblock_order <= MAX_PAGE_ORDER), and one of pageblock order or above is claimed whole: __rmqueue_claim() takes it before __rmqueue_steal() runs',
    },
  ],
  build(input: Config, variant: Variant): BuiltModel {
    if (input.pcpBuddy) throw new UsageError('invalid configuration: pcpBuddy (pageblock ownership) is read only by the pcp-buddy model');
    const config: Config = input.pcp ? input : { ...input, pcp: PcpSchema.parse({}) };
    const pcp = config.pcp!;
    config.workload.allocMigratetypes.forEach((t, i) => {
      if (t !== 'UNMOVABLE' && t !== 'MOVABLE' && t !== 'RECLAIMABLE')
        throw new UsageError(`invalid configuration: workload.allocMigratetypes[${i}] is ${t}; the pcp model allocates UNMOVABLE, MOVABLE or RECLAIMABLE (movable allocations use CMA blocks through ALLOC_CMA)`);
    });
    const g = geometryOf(config);
    checkInitialTypes(g);
    const layout = new MmLayout(g, {
      irq: pcp.irq,
      budgets: 4,
      pcpOrders: pcpOrdersOf(config),
      pcpCostlyOrder: pcp.costlyOrder,
      extra: { [EXTRA.freeCount]: g.cpus, [EXTRA.drainMutex]: 1, [EXTRA.modeMemo]: 1 },
    });
    const { compiled, xstate } = compileAll(entries, { guards, actions }, { ...variant, machines: { ...modelMachines, ...(variant.machines ?? {}) } });
    const drain = compiled.get('drain_pages_zone');
    if (!drain) throw new InternalError('drain_pages_zone was not compiled');
    const system = new MmSystem({
      layout,
      machines: compiled,
      ops: [
        allocOp(g, 'alloc_pages', 'alloc_pages', 'any'),
        { ...freeOp(g, '__free_pages', '__free_pages', 'any'), irqBudget: BUDGET.alloc },
        splitPageOp(g, 'split_page'),
        speculativeRefOp(g, 'speculative_ref'),
        drainPagesZoneOp(g),
        drainAllPagesOp(g),
        decayPcpHighOp(g),
      ],
      budgets: pcpBudgets(),
      stateProperties: [P1, P3, P4, P6, P5, P8, ...(variant.properties ?? [])],
      quiescentProperties: [Q1],
      initKernel: (k) => {
        initZone(k);
        for (let cpu = 0; cpu < g.cpus; cpu++) {
          k.s[layout.pcpHigh + cpu] = pcp.high;
          k.s[layout.pcpBatch + cpu] = pcp.batch;
        }
      },
      quiesce: drainEverything(drain),
      unobservable: [EXTRA.modeMemo],
      coverage: PCP_COVERAGE,
      locks: [{ name: 'pcpu_drain_mutex', word: layout.extra[EXTRA.drainMutex] }],
      // CPUs are interchangeable unless drain_all_pages runs: it walks cpus_with_pcps in CPU
      // order, so renaming CPUs changes which pageset it drains first. drain_pages_zone's CPU
      // argument (a register, and the argument of its transition) is renamed with the CPUs.
      // Drains reach other CPUs' pagesets (drain_all_pages reads every pcp->count first); a
      // speculative reference touches a page another thread holds.
      por: {
        remoteOps: ['speculative_ref', 'drain_pages_zone', 'drain_all_pages'],
        perCpuArrays: [{ offset: layout.extra[EXTRA.freeCount], stride: 1 }],
      },
      symmetry: pcp.drainAll
        ? false
        : {
            cpuRegisters: [R.cpu],
            perCpuArrays: [{ offset: layout.extra[EXTRA.freeCount], stride: 1 }],
            threadPlusOneWords: [layout.extra[EXTRA.drainMutex]],
          },
    });
    return { system, compiled, xstate };
  },
};
