/**
 * alloc_contig_range(start, end, alloc_flags, gfp_mask) without __GFP_COMP (cma_alloc()'s
 * way): isolate the range's pageblocks (start_isolate_page_range), drain_all_pages() (the racy,
 * non-forced drain), migrate what callers hold in the range (the stand-in, migrate_pages.ts),
 * outer_start = find_large_buddy(start) (lockless), test_pages_isolated(outer_start, end), take
 * every free page of [outer_start, end) with isolate_freepages_range() (one zone->lock hold),
 * split them to order-0 pages (split_free_pages, in the same step: they are the call's alone),
 * free_contig_range() the head [outer_start, start) and the tail [end, outer_end), and at `done`
 * undo_isolate_page_range(start, end) whether it succeeded or not. On success the caller holds
 * [start, end) as order-0 pages, refcount 1 each, to free with free_contig_range().
 *
 * When start_isolate_page_range() fails because another call isolated a pageblock of the range
 * first, mainline still goes to `done` and undo_isolate_page_range(start, end) gives back every
 * isolated pageblock of the range, the other call's included (before v5.19 it returned at once).
 * P14 reports that; examples/isolation-overlapping-ranges.json is the two-CPU scenario. The
 * configurations here give one CPU the ranges, or each range its own CPU (contigRanges[].cpu),
 * so that no two calls overlap. Adjacent ranges are not independent either: a buddy freed while
 * both calls hold their pageblocks isolated merges across the boundary (MIGRATE_ISOLATE on both
 * sides), find_large_buddy() then puts one call's outer_start in the other's pageblock, which the
 * other may give back before the lockless test_pages_isolated() type check has any say
 * (examples/isolation-adjacent-ranges.json, P14).
 */
import { inline } from '../../../src/machine/compile.ts';
import { drainAllPages } from '../../pcp/paths/drain_all_pages.ts';
import { freeContigRange } from '../../contig/paths/free_contig_range.ts';
import { fromInput, isolation } from '../setup.ts';
import { migratePages } from './migrate_pages.ts';
import { startIsolatePageRange } from './start_isolate_page_range.ts';
import { testPagesIsolated } from './test_pages_isolated.ts';
import { undoIsolatePageRange } from './undo_isolate_page_range.ts';

export const allocContigRange = isolation.createMachine({
  id: 'alloc_contig_range',
  context: fromInput,
  initial: 'start_isolate_page_range',
  states: {
    start_isolate_page_range: { ...inline(startIsolatePageRange), onDone: [{ guard: 'iso_busy', target: 'done_undo' }, { target: 'drain_all_pages' }] },
    drain_all_pages: { ...inline(drainAllPages), onDone: 'migrate_pages' },
    migrate_pages: { ...inline(migratePages), onDone: 'find_large_buddy' },
    find_large_buddy: { on: { STEP: { actions: 'acr_outer_start', target: 'test_pages_isolated' } } },
    test_pages_isolated: { ...inline(testPagesIsolated), onDone: [{ guard: 'iso_busy', target: 'done_undo' }, { target: 'isolate_freepages_range' }] },
    isolate_freepages_range: {
      on: { STEP: { guard: 'zone_lock_free', actions: ['zone_lock', 'acr_isolate_freepages_range', 'zone_unlock'], target: 'split_free_pages' } },
    },
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
