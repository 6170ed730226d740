/**
 * Seed 000 ("mm: page_alloc: batch page freeing in free_contig_range"), written as a patch to the
 * contig model's `before` (free_contig_range calling __free_page() on every page).
 *
 *   npx pagecheck validate --model contig --before before --after examples/seed000-free-contig-range.ts
 *
 * The kernel code it models:
 *
 *   void __free_contig_range(unsigned long pfn, unsigned long nr_pages)
 *   {
 *       struct page *page = pfn_to_page(pfn), *start = NULL;
 *       unsigned long start_sec, i;
 *       for (i = 0; i < nr_pages; i++, page++) {
 *           bool can_free = put_page_testzero(page) && free_pages_prepare(page, 0);
 *           if (!can_free) {
 *               if (start) { free_prepared_contig_range(start, page - start); start = NULL; }
 *               continue;
 *           }
 *           if (start && memdesc_section(page->flags) != start_sec) {
 *               free_prepared_contig_range(start, page - start);
 *               start = page; start_sec = memdesc_section(page->flags);
 *           } else if (!start) {
 *               start = page; start_sec = memdesc_section(page->flags);
 *           }
 *       }
 *       if (start) free_prepared_contig_range(start, page - start);
 *   }
 *
 * free_prepared_contig_range(page, nr) frees the run as the largest naturally aligned
 * power-of-two chunks up to MAX_PAGE_ORDER, each with __free_frozen_pages(.., FPI_PREPARED).
 *
 * What is written here: __free_contig_range's loop and free_prepared_contig_range's chunking, as
 * one machine replacing `free_contig_range`, with guards and actions of its own. What is reused
 * from the model, by name: the per-page kernel calls (`contig_page` looks the page up,
 * `contig_put_page` is put_page_testzero(), `contig_prepare` is free_pages_prepare()), the loop
 * counter (`contig_pages_left`, `contig_next`), the PCP model's `__free_frozen_pages` machine for
 * each chunk, and `ghost_range_freed`, the P9 check when the range free returns.
 *
 * Atomicity as the kernel has it: each page's reference drop and prepare is one lock-free step
 * (the label `put_page`), and each chunk is freed by `__free_frozen_pages` in steps of its own
 * (its pcp->lock or zone->lock hold), so other CPUs run between any two pages and any two chunks.
 */
import { CR, defineVariant, FPI, NIL, R, type StepContext } from 'pagecheck';

/** memdesc_section(page->flags): the section number with a per-section memmap, 0 with VMEMMAP. */
const memdescSection = (k: StepContext, pfn: number) => (k.g.vmemmap ? 0 : k.section(pfn));

/** The run [start, start + nr) to free next: CR.cur is its next page, CR.left what remains. */
function beginRun(k: StepContext, nr: number): void {
  k.set(CR.cur, k.r(CR.start));
  k.set(CR.left, nr);
}

export default defineVariant({
  model: 'contig',
  name: 'seed000-chunked',
  kind: 'patch',
  baseline: 'before',
  description: 'seed 000 written from scratch: runs of freeable pages, broken at a section change, freed as aligned power-of-two chunks with FPI_PREPARED',
  newGuards: {
    /** `!can_free`: a reference remains (its holder frees the page), or free_pages_prepare() refused it. */
    page_cannot_free: (k) => !(k.r(R.zero) === 1 && k.r(R.ret) === 1),
    /** `!start`. */
    no_open_run: (k) => k.r(CR.start) === NIL,
    /** `memdesc_section(page->flags) != start_sec`. */
    section_changed: (k) => memdescSection(k, k.r(R.pfn)) !== k.r(CR.sec),
    /** free_prepared_contig_range: `nr` pages left in the run. */
    run_pages_left: (k) => k.r(CR.left) > 0,
  },
  newActions: {
    /** `start = page; start_sec = memdesc_section(page->flags)`. */
    open_run: (k) => {
      k.set(CR.start, k.r(R.pfn));
      k.set(CR.sec, memdescSection(k, k.r(R.pfn)));
    },
    /** `start = NULL`. */
    close_run: (k) => k.set(CR.start, NIL),
    /** `free_prepared_contig_range(start, page - start)`. */
    run_upto_page: (k) => beginRun(k, k.r(R.pfn) - k.r(CR.start)),
    /** After the loop, `free_prepared_contig_range(start, page - start)` with page one past the range. */
    run_to_range_end: (k) => beginRun(k, k.r(CR.base) + k.r(CR.nr) - k.r(CR.start)),
    /**
     * The next chunk: order `min(__ffs(pfn), ilog2(nr), MAX_PAGE_ORDER)` (pfn 0 is aligned to
     * every order), its struct page `start + (cur - start)`, freed with FPI_PREPARED.
     */
    next_chunk: (k) => {
      const cur = k.r(CR.cur);
      const align = cur === 0 ? k.g.maxOrder : 31 - Math.clz32(cur & -cur);
      const order = Math.min(align, 31 - Math.clz32(k.r(CR.left)), k.g.maxOrder);
      const start = k.r(CR.start);
      // page + i is only valid inside one memmap section: the walk checks it (P3).
      const pfn = k.pageWalk(start, cur - start, 'free_prepared_contig_range');
      if (pfn === NIL) return;
      k.set(R.pfn, pfn);
      k.set(R.order, order);
      k.set(CR.fpi, FPI.PREPARED);
      k.set(CR.cur, cur + (1 << order));
      k.set(CR.left, k.r(CR.left) - (1 << order));
    },
    /** The chunk is freed: later frees are not FPI_PREPARED unless set again. */
    chunk_done: (k) => k.set(CR.fpi, 0),
  },
  machines: {
    free_contig_range: {
      initial: 'put_page',
      states: {
        // One lock-free step per page: put_page_testzero(), then free_pages_prepare() if last.
        put_page: { on: { STEP: { actions: ['contig_page', 'contig_put_page', 'contig_prepare'], target: 'decide' } } },
        decide: {
          always: [
            { guard: 'page_cannot_free', target: 'cannot_free' },
            { guard: 'no_open_run', actions: 'open_run', target: 'next' },
            { guard: 'section_changed', actions: 'run_upto_page', target: 'section_chunk' },
            { target: 'next' },
          ],
        },
        cannot_free: { always: [{ guard: 'no_open_run', target: 'next' }, { actions: 'run_upto_page', target: 'end_chunk' }] },

        // free_prepared_contig_range() of the run ending before a page that cannot be freed.
        end_chunk: { always: [{ guard: 'run_pages_left', target: 'end_free' }, { actions: 'close_run', target: 'next' }] },
        end_free: { on: { STEP: { actions: 'next_chunk', target: 'end_frozen' } } },
        end_frozen: { call: '__free_frozen_pages', onDone: { actions: 'chunk_done', target: 'end_chunk' } },

        // ... of the run ending at a section change; the page opens the next run (looked up
        // again: the chunk frees reuse R.pfn).
        section_chunk: { always: [{ guard: 'run_pages_left', target: 'section_free' }, { actions: ['contig_page', 'open_run'], target: 'next' }] },
        section_free: { on: { STEP: { actions: 'next_chunk', target: 'section_frozen' } } },
        section_frozen: { call: '__free_frozen_pages', onDone: { actions: 'chunk_done', target: 'section_chunk' } },

        next: { always: { actions: 'contig_next', target: 'loop' } },
        loop: {
          always: [
            { guard: 'contig_pages_left', target: 'put_page' },
            { guard: 'no_open_run', target: 'returned' },
            { actions: 'run_to_range_end', target: 'last_chunk' },
          ],
        },
        // ... of the run still open when the loop ends.
        last_chunk: { always: [{ guard: 'run_pages_left', target: 'last_free' }, { actions: 'close_run', target: 'returned' }] },
        last_free: { on: { STEP: { actions: 'next_chunk', target: 'last_frozen' } } },
        last_frozen: { call: '__free_frozen_pages', onDone: { actions: 'chunk_done', target: 'last_chunk' } },

        returned: { always: { actions: 'ghost_range_freed', target: 'done' } },
        done: { type: 'final' },
      },
    },
  },
});
