/**
 * Seed 001 (v4 of "vmalloc: Optimize vfree"): free_pages_bulk(page_array, nr_pages) cuts the
 * array into runs of consecutive pfns and hands each to seed 000's __free_contig_range() (whose
 * first page's reference drop is a step: the cond_resched() between runs is an interleaving
 * point); vfree() updates NR_VMALLOC in a loop of its own first (a step here, the stat itself is
 * not modelled), then calls free_pages_bulk(). An unsorted array is still freed whole, in shorter
 * runs.
 */
import { inline } from '../../../src/machine/compile.ts';
import { contig, fromInput } from '../setup.ts';
import { freeContigRangeCore } from './__free_contig_range.ts';

/** free_pages_bulk(vm->pages, vm->nr_pages) of the area in CR.area. */
export const freePagesBulk = contig.createMachine({
  id: 'free_pages_bulk',
  context: fromInput,
  initial: 'init',
  states: {
    init: { always: { actions: 'bulk_free_init', target: 'next' } },
    next: { always: [{ guard: 'area_left', target: 'entry' }, { guard: 'run_empty', target: 'done' }, { actions: 'run_args', target: 'last_run' }] },
    entry: {
      always: [
        { guard: 'run_empty', actions: 'run_begin', target: 'next' },
        { guard: 'pfn_extends_run', actions: 'run_extend', target: 'next' },
        { actions: 'run_args', target: 'run' },
      ],
    },
    run: { ...inline(freeContigRangeCore), onDone: { actions: 'run_begin', target: 'next' } },
    last_run: { ...inline(freeContigRangeCore), onDone: 'done' },
    done: { type: 'final' },
  },
});

/** vfree() of seed 001: the stats loop, then free_pages_bulk(). */
export const vfreeBulk = contig.createMachine({
  id: 'vfree',
  context: fromInput,
  initial: 'mod_lruvec_page_state',
  states: {
    mod_lruvec_page_state: { on: { STEP: { target: 'free_pages_bulk' } } },
    free_pages_bulk: { ...inline(freePagesBulk), onDone: { actions: 'ghost_area_freed', target: 'done' } },
    done: { type: 'final' },
  },
});
