/**
 * Seed 000's `__free_contig_range(pfn, nr_pages)` and `free_prepared_contig_range(page, nr)`
 * (reference §6.2, v3 with Zi Yan's simplification), and free_contig_range() calling it: the
 * `after` of seed 000.
 *
 * Per page, one lock-free step: put_page_testzero(), then free_pages_prepare(page, 0) if that was
 * the last reference (`can_free`). The open run ends before a page that cannot be freed (still
 * referenced: its last holder frees it alone; refused by free_pages_prepare: leaked on purpose),
 * and at a change of memdesc_section(), which is constant with VMEMMAP. Each run is cut into the
 * largest naturally aligned power-of-two chunks up to MAX_PAGE_ORDER, found from the run's first
 * struct page, and each chunk is freed with FPI_PREPARED by __free_frozen_pages() in a step of its
 * own: to the PCP list of its order when that order has one, to the buddy otherwise.
 *
 * The loop looks each page up by pfn; v3's `page++` from the first page is the same on a range
 * whose memmap is contiguous (the walk-page-plus-i mutant shows what it does when it is not).
 */
import { inline } from '../../../src/machine/compile.ts';
import { freeFrozenPages } from '../../pcp/paths/__free_frozen_pages.ts';
import { contig, fromInput } from '../setup.ts';

/** free_prepared_contig_range(start, nr): the run in CR.cur/CR.left, one chunk per step. */
export const freePreparedContigRange = contig.createMachine({
  id: 'free_prepared_contig_range',
  context: fromInput,
  initial: 'chunk',
  states: {
    chunk: { always: [{ guard: 'chunk_left', target: 'free_chunk' }, { target: 'done' }] },
    free_chunk: { on: { STEP: { actions: ['chunk_order', 'chunk_page'], target: '__free_frozen_pages' } } },
    __free_frozen_pages: { ...inline(freeFrozenPages), onDone: { actions: 'chunk_freed', target: 'chunk' } },
    done: { type: 'final' },
  },
});

/** __free_contig_range(pfn, nr_pages): its caller set CR.base, CR.nr, CR.i = 0 and CR.start = NIL (nr_pages >= 1). */
export const freeContigRangeCore = contig.createMachine({
  id: '__free_contig_range',
  context: fromInput,
  initial: 'put_page_testzero',
  states: {
    put_page_testzero: { on: { STEP: { actions: ['contig_page', 'contig_put_page', 'contig_prepare'], target: 'decide' } } },
    decide: {
      always: [
        { guard: 'contig_cannot_free', target: 'cannot_free' },
        { guard: 'contig_no_run', actions: 'contig_run_open', target: 'next' },
        { guard: 'contig_section_changed', actions: 'run_flush_upto_page', target: 'section_break' },
        { target: 'next' },
      ],
    },
    cannot_free: { always: [{ guard: 'contig_no_run', target: 'next' }, { actions: 'run_flush_upto_page', target: 'run_end' }] },
    run_end: { ...inline(freePreparedContigRange), onDone: { actions: 'contig_run_close', target: 'next' } },
    // The chunk frees clobber R.pfn: the page that opens the next run is looked up again.
    section_break: { ...inline(freePreparedContigRange), onDone: { actions: ['contig_page', 'contig_run_open'], target: 'next' } },
    next: { always: { actions: 'contig_next', target: 'loop' } },
    loop: {
      always: [
        { guard: 'contig_pages_left', target: 'put_page_testzero' },
        { guard: 'contig_no_run', target: 'done' },
        { actions: 'run_flush_to_end', target: 'last_run' },
      ],
    },
    last_run: { ...inline(freePreparedContigRange), onDone: { actions: 'contig_run_close', target: 'done' } },
    done: { type: 'final' },
  },
});

/** free_contig_range(pfn, nr_pages) of seed 000: `__free_contig_range(pfn, nr_pages)` (its PageHead WARN is not modelled). */
export const freeContigRangeChunked = contig.createMachine({
  id: 'free_contig_range',
  context: fromInput,
  initial: '__free_contig_range',
  states: {
    __free_contig_range: { ...inline(freeContigRangeCore), onDone: { actions: 'ghost_range_freed', target: 'done' } },
    done: { type: 'final' },
  },
});
