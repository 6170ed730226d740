/**
 * Variants of the isolation model: the baseline (mainline as of v6.17), the isolation path before
 * the 2024 freelist-hygiene rework, and known-bad mutants, each a real bug of the catalogue
 * (reference §8) named after the commit that fixed it, or a plausible mistake, with the property
 * that must catch it.
 */
import { inline } from '../../src/machine/compile.ts';
import { InternalError } from '../../src/util/unreachable.ts';
import type { Mm } from '../mm/kernel.ts';
import { NIL, R } from '../mm/layout.ts';
import type { Variant } from '../types.ts';
import { mutants as buddyMutants } from '../buddy/variants.ts';
import { mutants as pcpMutants } from '../pcp/variants.ts';
import { actions as buddyActions } from '../buddy/impl.ts';
import { drainAllPages } from '../pcp/paths/drain_all_pages.ts';
import { freeContigRange } from '../contig/paths/free_contig_range.ts';
import { CR } from '../contig/impl.ts';
import { actions, guards, IR, ifbIsolate, moveFreepagesBlock } from './impl.ts';
import { fromInput, isolation } from './setup.ts';
import { migratePages } from './paths/migrate_pages.ts';
import { startIsolatePageRange } from './paths/start_isolate_page_range.ts';
import { testPagesIsolated } from './paths/test_pages_isolated.ts';
import { undoIsolatePageRange } from './paths/undo_isolate_page_range.ts';
import { startIsolatePageRangeV69, unsetMigratetypeIsolateV69, v69Actions, v69Guards } from './before-rework.ts';
import { ISO, addReserved, baseType, blockOf } from './state.ts';

/** The kernel as it is. */
export const baseline: Variant = {
  name: 'baseline',
  kind: 'baseline',
  description: 'pageblock isolation, alloc_contig_range, memory offline and HIGHATOMIC reserves as mainline has them (v6.17)',
};

const MIAOHE = '"mm/page_isolation: don\'t putback unisolated page" (Miaohe Lin, Sep 2021, <20210913115021.27597-1-linmiaohe@huawei.com>; fixes 3c605096d315)';

/** Patches: readings of older code that must keep every property. */
export const patches: Variant[] = [
  {
    name: 'unset-ignores-isolate-result',
    kind: 'patch',
    baseline: 'baseline',
    description:
      'unset_migratetype_isolate() before the 2021 fix: it puts the buddy back whatever __isolate_free_page() returned. Equivalent here: the page lies in an isolated pageblock, where __isolate_free_page() checks no watermark and never refuses',
    source: MIAOHE,
    actions: {
      unset_isolate_free_page: (k: Mm) => {
        actions.unset_isolate_free_page(k);
        k.set(IR.isoPage, 1);
      },
    },
    config: 'undo',
  },
];

/** __free_one_page() that reads the buddy's pageblock type at every order from pageblock_order up, MAX_PAGE_ORDER included. */
const freeOnePageTypeAtMax = isolation.createMachine({
  id: '__free_one_page',
  context: fromInput,
  initial: 'account',
  states: {
    account: { always: { actions: 'account_freepages', target: 'find_buddy' } },
    find_buddy: { always: [{ guard: 'below_pageblock_order', target: 'validate' }, { actions: 'read_buddy_migratetype', target: 'max_order' }] },
    max_order: { always: [{ guard: 'order_is_max', target: 'done_merging' }, { guard: 'buddy_type_mergeable', target: 'validate' }, { target: 'done_merging' }] },
    validate: { always: [{ guard: 'order_is_max', target: 'done_merging' }, { guard: 'buddy_is_free', target: 'merge' }, { target: 'done_merging' }] },
    merge: { always: { actions: 'merge_with_buddy', target: 'find_buddy' } },
    done_merging: { always: { actions: 'add_to_free_list', target: 'done' } },
    done: { type: 'final' },
  },
});

/** alloc_contig_range() taking the range's free pages without zone->lock ("the pages are isolated"). */
const allocContigRangeUnlocked = isolation.createMachine({
  id: 'alloc_contig_range',
  context: fromInput,
  initial: 'start_isolate_page_range',
  states: {
    start_isolate_page_range: { ...inline(startIsolatePageRange), onDone: [{ guard: 'iso_busy', target: 'done_undo' }, { target: 'drain_all_pages' }] },
    drain_all_pages: { ...inline(drainAllPages), onDone: 'migrate_pages' },
    migrate_pages: { ...inline(migratePages), onDone: 'find_large_buddy' },
    find_large_buddy: { on: { STEP: { actions: 'acr_outer_start', target: 'test_pages_isolated' } } },
    test_pages_isolated: { ...inline(testPagesIsolated), onDone: [{ guard: 'iso_busy', target: 'done_undo' }, { target: 'isolate_freepages_range' }] },
    isolate_freepages_range: { on: { STEP: { actions: 'acr_isolate_freepages_range', target: 'split_free_pages' } } },
    split_free_pages: { always: [{ guard: 'iso_busy', target: 'done_undo' }, { actions: 'acr_split_free_pages', target: 'free_head' }] },
    free_head: { always: [{ guard: 'acr_head_to_free', actions: 'acr_head_init', target: 'free_contig_range_head' }, { target: 'free_tail' }] },
    free_contig_range_head: { ...inline(freeContigRange), onDone: 'free_tail' },
    free_tail: { always: [{ guard: 'acr_tail_to_free', actions: 'acr_tail_init', target: 'free_contig_range_tail' }, { target: 'done_undo' }] },
    free_contig_range_tail: { ...inline(freeContigRange), onDone: 'done_undo' },
    done_undo: { always: { actions: 'undo_init', target: 'undo_isolate_page_range' } },
    undo_isolate_page_range: { ...inline(undoIsolatePageRange), onDone: { actions: ['ghost_undo_postcondition', 'acr_return'], target: 'done' } },
    done: { type: 'final' },
  },
});

/** A mutant of another model, checked through this model's paths at one of its configurations. */
function reused(from: readonly Variant[], name: string, config: string, how: string): Variant {
  const m = from.find((v) => v.name === name);
  if (!m) throw new InternalError(`no mutant ${name} to reuse`);
  return { ...m, description: `${m.description}, ${how}`, config };
}

/** Known-bad variants; `pagecheck mutants` must catch every one. */
export const mutants: Variant[] = [
  // ---------------------------------------------------------------- item 1, met by memory offline
  {
    ...reused(pcpMutants, 'drain-count-unlocked', 'offline', "in zone_pcp_disable()'s drain of every pageset (the memory offline hang the fix was for)"),
  },
  {
    ...reused(pcpMutants, 'drain-cached-migratetype', 'undo', 'here the page of a pageblock isolated after it reached the pageset is drained onto its old type\'s list, where the next allocation takes it out of the range alloc_contig_range() holds isolated (the case 17edeb5d3f76 removed the cache for)'),
  },
  // ---------------------------------------------------------------- item 4: pcplists during offline
  {
    name: 'pcp-disable-racy-drain',
    kind: 'mutant',
    baseline: 'baseline',
    description: "zone_pcp_disable() drains only the CPUs whose pcp->count reads nonzero (drain_all_pages() without force): a refill that has listed its pages but not yet counted them is missed, and its pages stay on the pageset (reference §8 item 4)",
    source: 'ec6e8c7e0314 "mm, page_alloc: disable pcplists during memory offline" (Vlastimil Babka, v5.11)',
    actions: { drain_all_cpus: actions.drain_cpus_with_pcps },
    expect: 'P13',
    config: 'offline',
  },
  {
    name: 'pcp-disable-keeps-high',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'zone_pcp_disable() drains every pageset but leaves high and batch as they were: a page freed after the drain stays on the pageset (reference §8 item 4: "no high = 0 window")',
    source: 'ec6e8c7e0314 "mm, page_alloc: disable pcplists during memory offline" (Vlastimil Babka, v5.11)',
    actions: { pcp_high_zero: () => {} },
    expect: 'P13',
    config: 'offline',
  },
  // ---------------------------------------------------------------- items 8-11: merging across pageblocks
  {
    name: 'merge-across-isolated-pageblock',
    kind: 'mutant',
    baseline: 'baseline',
    description: '__free_one_page() merges across pageblocks whatever their types, so a free page of an isolated pageblock joins a normal buddy: the free counts go wrong (reference §8 item 8)',
    source: '3c605096d315 "mm/page_alloc: restrict max order of merging on isolated pageblock" (Joonsoo Kim, 2015)',
    guards: { buddy_type_mergeable: () => true },
    expect: 'P16',
    config: 'contig',
  },
  {
    name: 'merge-checks-freed-type-only',
    kind: 'mutant',
    baseline: 'baseline',
    description: "__free_one_page() after 3c605096d315: a page freed into an isolated pageblock does not merge out of it, but the buddy's type is not checked, so a normal page merges into an isolated buddy (reference §8 item 9)",
    source: 'd9dddbf55667 "mm/page_alloc: prevent merging between isolated and other pageblocks" (Vlastimil Babka, 2016)',
    guards: { buddy_type_mergeable: (k: Mm) => k.r(R.mt) !== k.g.mt.ISOLATE || k.r(R.buddy) === k.g.mt.ISOLATE },
    expect: 'P16',
    config: 'contig-edge',
  },
  {
    name: 'merge-isolate-rule-only',
    kind: 'mutant',
    baseline: 'baseline',
    description: '__free_one_page() refuses a cross-pageblock merge only when one side is isolated, so a CMA pageblock merges with a MOVABLE one (reference §8 item 10)',
    source: '1dd214b8f21c "mm: page_alloc: avoid merging non-fallbackable pageblocks with others" (Zi Yan, 2022)',
    guards: {
      buddy_type_mergeable: (k: Mm) => {
        const iso = k.g.mt.ISOLATE;
        const mt = k.r(R.mt);
        const bmt = k.r(R.buddy);
        return mt === bmt || (mt !== iso && bmt !== iso);
      },
    },
    expect: 'P16',
    config: 'cma',
  },
  {
    name: 'buddy-type-at-max-order',
    kind: 'mutant',
    baseline: 'baseline',
    description: "__free_one_page() reads the buddy's pageblock type from pageblock_order up before it checks MAX_PAGE_ORDER, so a max-order block's buddy, in the next section, is read through page + (buddy_pfn - pfn) (reference §8 item 11)",
    source: '7ad69832f37e "mm/page_alloc: speed up the iteration of max_order" (Muchun Song, 2020; fixes d9dddbf55667)',
    machines: { __free_one_page: freeOnePageTypeAtMax },
    expect: 'P3',
    config: 'contig',
  },
  // ---------------------------------------------------------------- item 12: freelist hygiene
  {
    name: 'move-accounts-new-type-only',
    kind: 'mutant',
    baseline: 'baseline',
    description: "moving a pageblock's free pages to MIGRATE_ISOLATE accounts them under the new type only: nothing leaves NR_FREE_PAGES, and the isolated pages stay counted (reference §8 item 12)",
    source: 'e0932b6c1f94 "mm: page_alloc: consolidate free page accounting" (Johannes Weiner, v6.10)',
    actions: {
      mfbi_move: (k: Mm) => {
        const cur = k.r(IR.cur);
        const base = baseType(k.L, k.s, blockOf(k.L, cur));
        const before = k.s[k.L.nrFreePages];
        actions.mfbi_move(k);
        // Undo the old type's half of the re-accounting: only the new type's is kept.
        const moved = (before - k.s[k.L.nrFreePages]) & 0xffff;
        if (k.r(IR.iso) === 1 && moved) k.accountFreepages(moved, base);
      },
    },
    expect: 'P12',
    config: 'contig',
  },
  {
    name: 'reserve-highatomic-no-move',
    kind: 'mutant',
    baseline: 'baseline',
    description: "reserve_highatomic_pageblock() retypes the page's pageblock HIGHATOMIC without moving its other free pages, stranding them on the old type's list (reference §8 item 12)",
    source: 'c0cd6f557b90 "mm: page_alloc: fix freelist movement during block conversion" (Johannes Weiner, v6.10)',
    actions: {
      reserve_highatomic_pageblock: (k: Mm) => {
        const pfn = k.r(R.pfn);
        const order = k.r(R.order);
        if (order >= k.g.pageblockOrder) return actions.reserve_highatomic_pageblock(k);
        const mt = k.blockMt(pfn);
        if (!k.mergeable(mt) || guards.reserve_full(k)) return;
        k.setBlockMt(pfn, k.g.mt.HIGHATOMIC);
        addReserved(k, k.g.pageblockPages, 'reserve_highatomic_pageblock');
      },
    },
    expect: 'P8',
    config: 'highatomic',
  },
  // ---------------------------------------------------------------- item 13: HIGHATOMIC multi-pageblock buddies
  {
    name: 'reserve-multiblock-first-pageblock',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'reserve_highatomic_pageblock() of a buddy larger than a pageblock retypes only its first pageblock but counts 1 << order (reference §8 item 13)',
    source: '7cc5a5d65011 "mm: page_alloc: fix highatomic typing in multi-block buddies" (Johannes Weiner, v6.10-rc3)',
    actions: {
      reserve_highatomic_pageblock: (k: Mm) => {
        const order = k.r(R.order);
        if (order < k.g.pageblockOrder) return actions.reserve_highatomic_pageblock(k);
        const pfn = k.r(R.pfn);
        if (!k.mergeable(k.blockMt(pfn)) || guards.reserve_full(k)) return;
        k.setBlockMt(pfn, k.g.mt.HIGHATOMIC);
        addReserved(k, 1 << order, 'reserve_highatomic_pageblock');
      },
    },
    expect: 'P15',
    config: 'highatomic',
  },
  {
    name: 'unreserve-multiblock-first-pageblock',
    kind: 'mutant',
    baseline: 'baseline',
    description: "unreserve_highatomic_pageblock() of a free HIGHATOMIC buddy larger than a pageblock moves it with move_freepages_block(), which retypes only the buddy's first pageblock (reference §8 item 13)",
    source: '7cc5a5d65011 "mm: page_alloc: fix highatomic typing in multi-block buddies" (Johannes Weiner, v6.10-rc3)',
    actions: {
      unreserve_highatomic_pageblock: (k: Mm) => {
        const ha = k.g.mt.HIGHATOMIC;
        for (let order = 0; order < k.g.nOrders; order++) {
          const pfn = k.freeListFirst(order, ha);
          if (pfn < 0xffff && order >= k.g.pageblockOrder) {
            const size = Math.min(Math.max(k.g.pageblockPages, 1 << order), k.s[k.L.extra[ISO.reserved]]);
            addReserved(k, -size, 'unreserve_highatomic_pageblock');
            moveFreepagesBlock(k, pfn, ha, k.r(R.mt), 'unreserve_highatomic_pageblock');
            k.setBlockMt(pfn, k.r(R.mt));
            return;
          }
          if (pfn < 0xffff) return actions.unreserve_highatomic_pageblock(k);
        }
      },
    },
    expect: 'P16',
    config: 'reserve',
    fuzzConfig: 'large-reserves',
  },
  {
    name: 'isolate-v6.9',
    kind: 'mutant',
    baseline: 'baseline',
    description:
      'pageblock isolation before the 2024 freelist-hygiene rework (v6.9): set_migratetype_isolate() moves only the free blocks headed in the pageblock, and a free buddy straddling the range\'s edge is split by split_free_page() in a later zone->lock hold, so that meanwhile it sits on its old type\'s list with part of it isolated (reference §8 item 12)',
    source: 'fd919a85cd55 "mm: page_isolation: prepare for hygienic freelists" and e0932b6c1f94 "mm: page_alloc: consolidate free page accounting" (Johannes Weiner, v6.10)',
    guards: v69Guards,
    actions: v69Actions,
    machines: { start_isolate_page_range: startIsolatePageRangeV69, unset_migratetype_isolate: unsetMigratetypeIsolateV69 },
    expect: 'P16',
    config: 'contig',
  },
  // ---------------------------------------------------------------- item 14: putting back a page __isolate_free_page() refused
  {
    name: 'unset-putback-refused-page',
    kind: 'mutant',
    baseline: 'unset-ignores-isolate-result',
    description:
      "unset_migratetype_isolate() before the 2021 fix, with __isolate_free_page() refusing the page as its watermark check does outside an isolated pageblock: the page, still on its free list, is put back again, a double list insertion (reference §8 item 14)",
    source: MIAOHE,
    actions: {
      unset_isolate_free_page: (k: Mm) => {
        k.set(R.order, k.priv(k.r(IR.cur)));
        k.set(IR.isoPage, 1);
      },
    },
    expect: 'P1',
    config: 'undo',
  },
  {
    name: 'merge-no-retype',
    kind: 'mutant',
    baseline: 'baseline',
    description: "__free_one_page() merges two pageblocks of different mergeable types without retyping the buddy's, so expand() later lists its pieces under the wrong type (reference §8 item 12)",
    source: 'e6cf9e1c4cde "mm: page_alloc: fix up block types when merging compatible blocks" (Johannes Weiner, v6.10)',
    actions: {
      merge_with_buddy: (k: Mm) => {
        const pfn = k.r(R.pfn);
        const order = k.r(R.order);
        const buddy = pfn ^ (1 << order);
        const bmt = order >= k.g.pageblockOrder ? k.blockMt(buddy) : k.r(R.mt);
        k.delFromFreeList(buddy, order, bmt, '__free_one_page');
        k.set(R.pfn, buddy & pfn);
        k.set(R.order, order + 1);
      },
    },
    expect: 'P8',
    config: 'highatomic',
  },
  {
    name: 'free-stale-migratetype',
    kind: 'mutant',
    baseline: 'baseline',
    description: "free_one_page() frees with the pageblock type read before zone->lock (rechecked only for isolation), so a page freed while its pageblock is converted lands on the old type's list (reference §8 item 12)",
    source: '55612e80e722 "mm: page_alloc: close migratetype race between freeing and stealing" (Johannes Weiner, v6.10)',
    actions: {
      read_pcp_migratetype: (k: Mm) => {
        actions.read_pcp_migratetype(k);
        k.set(R.fb, k.blockMt(k.r(R.pfn)));
      },
      next_piece: (k: Mm) => {
        const stale = k.r(R.fb);
        buddyActions.next_piece(k);
        const iso = k.g.mt.ISOLATE;
        if (stale !== NIL && k.r(R.mt) !== iso && stale !== iso) k.set(R.mt, stale);
      },
    },
    expect: 'P8',
    config: 'highatomic',
  },
  {
    name: 'isolate-free-page-no-move',
    kind: 'mutant',
    baseline: 'baseline',
    description: "__isolate_free_page() of a block of at least half a pageblock, for compaction's free scanner, turns its pageblock MOVABLE with set_pageblock_migratetype() alone, stranding the pageblock's other free pages on the old type's list (reference §8 item 12)",
    source: 'b54ccd3c6bac "mm: page_alloc: move free pages when converting block during isolation" (Johannes Weiner, v6.10)',
    actions: { ifb_isolate: (k: Mm) => ifbIsolate(k, false) },
    expect: 'P8',
    config: 'compaction',
    fuzzConfig: 'large-compaction',
  },
  // ---------------------------------------------------------------- P14: what the callers of isolation rely on
  {
    name: 'test-pages-isolated-pageblocks-only',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'test_pages_isolated() checks only that every pageblock is isolated, not that every page is free (the __test_page_isolated_in_pageblock() walk skipped)',
    actions: { tpi_walk: (k: Mm) => k.set(IR.ret, 0) },
    expect: 'P14',
    config: 'offline',
  },
  {
    name: 'undo-skips-last-pageblock',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'undo_isolate_page_range() stops one pageblock short of the range it is given (end rounded down instead of up): the last pageblock stays isolated',
    actions: {
      undo_init: (k: Mm) => {
        actions.undo_init(k);
        k.set(IR.undoEnd, k.r(IR.undoEnd) - k.g.pageblockPages);
      },
    },
    expect: 'P14',
    config: 'contig',
  },
  // ---------------------------------------------------------------- the shared properties, through the isolation paths
  {
    name: 'migrate-source-still-mapped',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'the migration stand-in frees the source block while its holder still has it (the folio not unmapped and isolated from its user first): the holder frees it again',
    actions: {
      migrate_take: (k: Mm) => {
        actions.migrate_take(k);
        k.giveToPool(k.r(R.pfn), k.r(R.order));
      },
    },
    expect: 'P2',
    config: 'contig-edge',
  },
  {
    name: 'split-free-pages-range-only',
    kind: 'mutant',
    baseline: 'baseline',
    description: "alloc_contig_range()'s split_free_pages() gives a refcount to the pages of [start, end) only, so free_contig_range() of the head it frees again drops a reference the page never had",
    actions: {
      acr_split_free_pages: (k: Mm) => {
        for (let p = k.r(IR.start); p < k.r(IR.end); p++) k.setPageRefcounted(p, 'split_free_pages');
      },
    },
    expect: 'P4',
    config: 'contig-edge',
  },
  {
    name: 'isolate-freepages-range-unlocked',
    kind: 'mutant',
    baseline: 'baseline',
    description: "alloc_contig_range() takes the range's free pages off the free lists without zone->lock, reading \"We don't have to hold zone->lock here because the pages are isolated\" one step too far",
    machines: { alloc_contig_range: allocContigRangeUnlocked },
    expect: 'P7',
    config: 'contig',
  },
  {
    name: 'free-contig-range-short',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'free_contig_range() stops one page before the end of the range it is given',
    guards: { contig_pages_left: (k: Mm) => k.r(CR.i) < k.r(CR.nr) - 1 },
    expect: 'P9',
    config: 'contig',
  },
  { ...reused(buddyMutants, 'merge-leaves-pagebuddy', 'contig', 'in merges around an isolated range') },
  { ...reused(buddyMutants, 'merge-stops-early', 'contig', 'in merges around an isolated range') },
  { ...reused(pcpMutants, 'free-keeps-pcp-lock', 'contig', 'in frees around an isolated range') },
];
