/**
 * The buddy allocator without per-CPU lists: alloc_pages and __free_pages on the buddy under
 * zone->lock, split_page, and speculative references racing with frees.
 *
 * Kernel followed (ModelDef.kernel, printed by `pagecheck list` and in report headers): mainline
 * v6.19/v7.0-rc (early 2026); read from mm/page_alloc.c of gregkh/linux at commit 0425e849c744
 * (early 2026, about v6.19/v7.0-rc), include/linux/mmzone.h at 5f856da6fadac; read through a code
 * index (reference section 0, [PA] and [MMZ]).
 *
 * Abstractions (what the model leaves out, on purpose):
 * - one node, one zone, no watermarks, no reclaim or compaction: an allocation that finds no
 *   block returns NULL at once;
 * - no page reporting, shuffling, debug guard pages or compaction capture;
 * - struct page holds only refcount, PageBuddy/PageHead/PageTail/hwpoison, private and a list
 *   link; mapcount, memcg and page_owner are not modelled;
 * - a lock acquisition is one step and the critical section the next, so other CPUs' lock-free
 *   steps (refcounts, speculative references) interleave with lock holds;
 * - prep_new_page runs in the same step as the unlock that precedes it (it only touches pages no
 *   one else can reach).
 */
import type { Config } from '../../src/config/schema.ts';
import type { CoverageEvent } from '../../src/coverage/events.ts';
import { geometryOf } from '../../src/config/geometry.ts';
import { UsageError } from '../../src/util/unreachable.ts';
import { P1, P2, P3, P4, P5, P17, Q1 } from '../../properties/index.ts';
import { compileAll } from '../mm/build.ts';
import { checkInitialTypes, initZone } from '../mm/init.ts';
import { MmLayout, R } from '../mm/layout.ts';
import { allocOp, freeOp, speculativeRefOp, splitPageOp, standardBudgets } from '../mm/ops.ts';
import { MmSystem } from '../mm/system.ts';
import { PREPARE_NEVER_FAILS } from '../mm/unreachable.ts';
import type { BuiltModel, ModelDef, Variant } from '../types.ts';
import { configs, fuzzConfigs } from './configs.ts';
import { family } from './family.ts';
import { actions, guards } from './impl.ts';
import { allocPages } from './paths/alloc_pages.ts';
import { freePages } from './paths/__free_pages.ts';
import { speculativeRef } from './paths/speculative_ref.ts';
import { splitPage } from './paths/split_page.ts';
import { baseline, mutants } from './variants.ts';

/** The allocator events the buddy paths report (every model with buddy merging reports them). */
export const BUDDY_COVERAGE: readonly CoverageEvent[] = ['split', 'merge', 'merge-same-type', 'merge-mixed-types', 'section-break'];

/** The entry machines (one per workload operation). */
export const entries = [allocPages, freePages, splitPage, speculativeRef];

/** The buddy model. */
export const buddyModel: ModelDef = {
  name: 'buddy',
  description: 'buddy allocator: __free_one_page merging, __rmqueue_smallest/expand, split_page, __free_pages with speculative references',
  kernel: {
    version: 'mainline v6.19/v7.0-rc (early 2026)',
    read: 'mm/page_alloc.c of gregkh/linux at commit 0425e849c744 (early 2026, about v6.19/v7.0-rc), include/linux/mmzone.h at 5f856da6fadac; read through a code index (reference section 0, [PA] and [MMZ])',
  },
  abstracts: [
    'one node, one zone, no watermarks, no reclaim or compaction: an allocation that finds no block returns NULL at once',
    'no page reporting, shuffling, debug guard pages or compaction capture',
    'struct page holds only refcount, PageBuddy/PageHead/PageTail/hwpoison, private and a list link; mapcount, memcg and page_owner are not modelled',
    "a lock acquisition is one step and the critical section the next, so other CPUs' lock-free steps (refcounts, speculative references) interleave with lock holds",
    'prep_new_page runs in the same step as the unlock that precedes it (it only touches pages no one else can reach)',
  ],
  configs,
  defaultConfig: 'default',
  family,
  fuzzConfigs,
  defaultFuzzConfig: 'large',
  variants: [baseline, ...mutants],
  properties: [P1, P2, P3, P4, P5, P17, Q1],
  impl: { guards, actions },
  entries,
  unreachable: [PREPARE_NEVER_FAILS('buddy', 'edge *.prepared → *.done [!prepared]')],
  build(config: Config, variant: Variant): BuiltModel {
    if (config.pcpBuddy) throw new UsageError('invalid configuration: pcpBuddy (pageblock ownership) is read only by the pcp-buddy model');
    const g = geometryOf(config);
    checkInitialTypes(g);
    // The buddy paths use registers R.pfn .. R.tailOrder only.
    const layout = new MmLayout(g, { irq: false, budgets: 2, pcpOrders: [], registers: R.tailOrder + 1 });
    const { compiled, xstate } = compileAll(entries, { guards, actions }, variant);
    const system = new MmSystem({
      layout,
      machines: compiled,
      ops: [
        allocOp(g, 'alloc_pages', 'alloc_pages', 'task'),
        freeOp(g, '__free_pages', '__free_pages', 'task'),
        splitPageOp(g, 'split_page'),
        speculativeRefOp(g, 'speculative_ref'),
      ],
      budgets: standardBudgets(),
      stateProperties: [P1, P3, P4, P5, ...(variant.properties ?? [])],
      quiescentProperties: [Q1],
      initKernel: (k) => initZone(k),
      coverage: BUDDY_COVERAGE,
      // A speculative reference takes and drops a reference on a page another thread holds.
      por: { remoteOps: ['speculative_ref'] },
    });
    return { system, compiled, xstate };
  },
};
