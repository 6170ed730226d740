/**
 * Variants of the contig model: the baseline (mainline as the reference read it: free_contig_range
 * and vfree page by page, the PCP bulk allocator), the three pairs (seed 000, seed 001, and the
 * bulk allocator against a loop of single-page allocations, seed 004), and known-bad mutants,
 * each with the property, or the divergence, that must catch it.
 */
import { inline } from '../../src/machine/compile.ts';
import type { Mm } from '../mm/kernel.ts';
import { R } from '../mm/layout.ts';
import type { Variant } from '../types.ts';
import { actions as buddyActions, guards as buddyGuards } from '../buddy/impl.ts';
import { freeFrozenPages } from '../pcp/paths/__free_frozen_pages.ts';
import { freeKeepsPcpLock } from '../pcp/variants.ts';
import { CR, FPI, actions, contigArea, memdescSection } from './impl.ts';
import { contig, fromInput } from './setup.ts';
import { freeContigRangeChunked, freeContigRangeCore, freePreparedContigRange } from './paths/__free_contig_range.ts';
import { freePagesBulk, vfreeBulk } from './paths/free_pages_bulk.ts';
import { allocPagesLoop } from './paths/alloc_pages_bulk.ts';

/** Mainline as the reference read it (mm/page_alloc.c before seed 000, mm/vmalloc.c before seed 001). */
export const baseline: Variant = {
  name: 'baseline',
  kind: 'baseline',
  description: 'free_contig_range and vfree free page by page; alloc_pages_bulk fills arrays from the PCP under one pcp->lock hold (mm/page_alloc.c of the reference)',
};

const SEED_000 = 'seed 000: "mm/page_alloc: Optimize free_contig_range()" (Ryan Roberts, Muhammad Usama Anjum; v3, Mar 2026)';
const SEED_001 = 'seed 001: "vmalloc: Optimize vfree" (Ryan Roberts, Muhammad Usama Anjum; v4, Mar 2026)';
const SEED_004 = 'seed 004: "mm, page_alloc: Add a bulk page allocator" (Mel Gorman, Jan 2017); the array API of mm/page_alloc.c';

/** Seed 000's free_contig_range, as the after variant and its mutants use it. */
const CHUNKED = { free_contig_range: freeContigRangeChunked };

/**
 * num_pages_contiguous()'s test for the next entry: its struct page follows the run's last one and
 * has the run's memdesc_section(). In the model struct pages are adjacent exactly when their pfns
 * are and, with a per-section memmap, in one section: the same-section test decides both.
 */
const numPagesContiguous = (k: Mm): boolean => {
  const start = k.r(CR.runStart);
  const pfn = contigArea(k)[k.r(CR.ai)];
  return pfn === start + k.r(CR.runLen) && memdescSection(k, pfn) === memdescSection(k, start);
};

/** The three pairs (and a second after for seed 001): each is validated against its `before`. */
export const patches: Variant[] = [
  {
    name: 'before',
    kind: 'patch',
    description: 'free_contig_range before seed 000: __free_page() on every page (the baseline\'s code)',
    source: SEED_000,
    config: 'default',
  },
  {
    name: 'after',
    kind: 'patch',
    baseline: 'before',
    description: 'free_contig_range with seed 000: runs of pages whose last reference went and whose prepare succeeded, broken at section changes, freed as aligned power-of-two chunks with FPI_PREPARED',
    source: SEED_000,
    machines: CHUNKED,
    config: 'default',
    // With VMEMMAP memdesc_section() is the constant 0, so a run may span sections.
    alsoAt: ['vmemmap'],
  },
  {
    name: 'vfree-before',
    kind: 'patch',
    description: 'vfree before seed 001: __free_page() on every entry of vm->pages (the baseline\'s code)',
    source: SEED_001,
    config: 'vfree',
  },
  {
    name: 'vfree-after',
    kind: 'patch',
    baseline: 'vfree-before',
    description: "vfree with seed 001: free_pages_bulk() hands each run of consecutive pfns to seed 000's __free_contig_range()",
    source: SEED_001,
    machines: { vfree: vfreeBulk },
    config: 'vfree',
    // With VMEMMAP memdesc_section() is the constant 0, so a run may span sections.
    alsoAt: ['vfree-vmemmap'],
  },
  {
    name: 'vfree-after-npc',
    kind: 'patch',
    baseline: 'vfree-before',
    description: 'vfree with seed 001 as announced for its next version: free_pages_bulk() finds its runs with num_pages_contiguous() (struct pages adjacent and in one memdesc_section)',
    source: `${SEED_001}: "the implementation of free_pages_bulk() has changed to using num_pages_contiguous()"`,
    machines: { vfree: vfreeBulk },
    guards: { pfn_extends_run: numPagesContiguous },
    config: 'vfree',
  },
  {
    name: 'bulk-before',
    kind: 'patch',
    description: 'a caller filling a page array with one single-page allocation per entry, as before the bulk allocator',
    source: SEED_004,
    machines: { alloc_pages_bulk: allocPagesLoop },
    config: 'bulk',
  },
  {
    name: 'bulk-after',
    kind: 'patch',
    baseline: 'bulk-before',
    description: "the same caller with alloc_pages_bulk(): the PCP under one pcp->lock hold, the single-page allocator when it cannot (the baseline's code)",
    source: SEED_004,
    config: 'bulk',
  },
];

/** __free_contig_range that frees a page still referenced by someone else at once, alone. */
const freesReferencedPage = contig.createMachine({
  id: '__free_contig_range',
  context: fromInput,
  initial: 'put_page_testzero',
  states: {
    put_page_testzero: { on: { STEP: { actions: ['contig_page', 'contig_put_page', 'contig_prepare'], target: 'decide' } } },
    decide: {
      always: [
        { guard: 'contig_cannot_free', target: 'referenced' },
        { guard: 'contig_no_run', actions: 'contig_run_open', target: 'next' },
        { guard: 'contig_section_changed', actions: 'run_flush_upto_page', target: 'section_break' },
        { target: 'next' },
      ],
    },
    // The mistake: a page whose count stayed above zero is freed now, as ___free_pages() frees
    // the tail pages of a non-compound block, instead of being left to its last holder.
    referenced: { always: [{ guard: 'last_reference', target: 'cannot_free' }, { target: 'free_alone' }] },
    free_alone: { ...inline(freeFrozenPages), onDone: { actions: 'contig_page', target: 'cannot_free' } },
    cannot_free: { always: [{ guard: 'contig_no_run', target: 'next' }, { actions: 'run_flush_upto_page', target: 'run_end' }] },
    run_end: { ...inline(freePreparedContigRange), onDone: { actions: 'contig_run_close', target: 'next' } },
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

/** free_prepared_contig_range that holds zone->lock across a run's chunks, to batch them. */
const chunksUnderZoneLock = contig.createMachine({
  id: 'free_prepared_contig_range',
  context: fromInput,
  initial: 'spin_lock',
  states: {
    spin_lock: { on: { STEP: { guard: 'zone_lock_free', actions: 'zone_lock', target: 'chunk' } } },
    chunk: { always: [{ guard: 'chunk_left', target: 'free_chunk' }, { actions: 'zone_unlock', target: 'done' }] },
    free_chunk: { on: { STEP: { actions: ['chunk_order', 'chunk_page'], target: '__free_frozen_pages' } } },
    __free_frozen_pages: { ...inline(freeFrozenPages), onDone: { actions: 'chunk_freed', target: 'chunk' } },
    done: { type: 'final' },
  },
});

/** free_pages_bulk without the call for the run still open when the array ends. */
const freePagesBulkDropsLastRun = contig.createMachine({
  id: 'free_pages_bulk',
  context: fromInput,
  initial: 'init',
  states: {
    init: { always: { actions: 'bulk_free_init', target: 'next' } },
    next: { always: [{ guard: 'area_left', target: 'entry' }, { target: 'done' }] },
    entry: {
      always: [
        { guard: 'run_empty', actions: 'run_begin', target: 'next' },
        { guard: 'pfn_extends_run', actions: 'run_extend', target: 'next' },
        { actions: 'run_args', target: 'run' },
      ],
    },
    run: { ...inline(freeContigRangeCore), onDone: { actions: 'run_begin', target: 'next' } },
    done: { type: 'final' },
  },
});

/** A mutant of seed 000's free_contig_range (its machines, then the change), checked at the default configuration. */
function ofAfter(v: Omit<Variant, 'kind' | 'baseline' | 'source'> & { source?: string }): Variant {
  return { kind: 'mutant', baseline: 'after', source: SEED_000, ...v, machines: { ...CHUNKED, ...(v.machines ?? {}) } };
}

/** Known-bad variants; `pagecheck mutants` must catch every one. */
export const mutants: Variant[] = [
  ofAfter({
    name: 'contig-no-section-break',
    description: '__free_contig_range never breaks a run at a memdesc_section() change, so free_prepared_contig_range walks the run\'s struct pages into the next section (reference §8 item 18)',
    guards: { contig_section_changed: () => false },
    expect: 'P3',
  }),
  ofAfter({
    name: 'contig-walk-page-plus-i',
    description: '__free_contig_range walks page++ from the range\'s first struct page instead of looking each page up, across a section boundary of a per-section memmap (reference §8 item 18)',
    actions: {
      contig_page: (k: Mm) => {
        k.set(R.order, 0);
        k.set(R.pfn, k.pageWalk(k.r(CR.base), k.r(CR.i), '__free_contig_range'));
      },
    },
    expect: 'P3',
  }),
  ofAfter({
    name: 'contig-chunk-order-from-length',
    description: 'free_prepared_contig_range takes each chunk\'s order from the pages left only, not from the pfn\'s alignment',
    actions: { chunk_order: (k: Mm) => k.set(R.order, Math.min(31 - Math.clz32(k.r(CR.left)), k.g.maxOrder)) },
    expect: 'P5',
  }),
  ofAfter({
    name: 'contig-run-not-closed',
    description: '__free_contig_range ends a run only at a page free_pages_prepare() refused, not at one whose refcount stayed above zero, so the chunk frees a page another CPU still holds',
    guards: { contig_cannot_free: (k: Mm) => k.r(R.zero) === 1 && k.r(R.ret) !== 1 },
    expect: 'P9',
  }),
  ofAfter({
    name: 'contig-prepare-twice',
    description: 'free_prepared_contig_range frees its chunks without FPI_PREPARED, so free_pages_prepare() runs a second time on every page',
    actions: {
      chunk_page: (k: Mm) => {
        actions.chunk_page(k);
        k.set(CR.fpi, 0);
      },
    },
    expect: 'P9',
  }),
  ofAfter({
    name: 'contig-frees-referenced-page',
    description: '__free_contig_range frees a page whose refcount stayed above zero at once, alone, instead of leaving it to its last holder',
    machines: { __free_contig_range: freesReferencedPage },
    expect: 'P2',
  }),
  ofAfter({
    name: 'contig-chunk-counted-once',
    description: 'free_frozen_page_commit adds 1 to pcp->count for a block of any order, so the chunks seed 000 puts on high-order PCP lists are undercounted',
    actions: {
      free_frozen_page_commit: (k: Mm) => {
        actions.free_frozen_page_commit(k);
        k.addPcpCount(k.cpu, 1 - (1 << k.r(R.order)), 'free_frozen_page_commit');
      },
    },
    expect: 'P6',
  }),
  ofAfter({
    name: 'contig-chunks-under-zone-lock',
    description: 'free_prepared_contig_range takes zone->lock once around a run to batch its chunks, so a chunk for the PCP takes pcp->lock inside zone->lock',
    machines: { free_prepared_contig_range: chunksUnderZoneLock },
    expect: 'P7',
  }),
  ofAfter({
    name: 'contig-chunk-type-of-range',
    description: 'the chunks of a range go to the buddy with the migratetype of the range\'s first pageblock, read once, not of their own pageblocks',
    actions: {
      next_piece: (k: Mm) => {
        buddyActions.next_piece(k);
        if (k.r(CR.fpi) & FPI.PREPARED) k.set(R.mt, k.blockMt(k.r(CR.base)));
      },
    },
    expect: 'P8',
  }),
  ofAfter({
    name: 'contig-chunk-no-merge',
    description: 'a chunk freed with FPI_PREPARED goes onto the buddy list without merging ("the chunks are the largest aligned blocks already"), although its buddy may be free',
    guards: { buddy_can_merge: (k: Mm) => !(k.r(CR.fpi) & FPI.PREPARED) && buddyGuards.buddy_can_merge(k) },
    expect: 'Q1',
  }),
  {
    name: 'vfree-drops-last-run',
    kind: 'mutant',
    baseline: 'vfree-after',
    description: 'free_pages_bulk returns without freeing the run still open when the array ends',
    source: SEED_001,
    machines: { vfree: vfreeBulk, free_pages_bulk: freePagesBulkDropsLastRun },
    expect: 'P9',
    config: 'vfree',
  },
  {
    name: 'bulk-count-unfilled',
    kind: 'mutant',
    baseline: 'bulk-after',
    description: 'alloc_pages_bulk returns one more than it populated when it stops short, counting the entry the dry PCP did not fill',
    source: SEED_004,
    actions: { bulk_return: (k: Mm) => k.set(CR.ret, Math.min(k.r(CR.populated) + 1, k.r(CR.nrPages))) },
    expect: 'P9',
    config: 'bulk',
  },
  {
    name: 'bulk-no-single-page',
    kind: 'mutant',
    baseline: 'bulk-before',
    description: 'alloc_pages_bulk returns when the PCP is empty and the array was populated on entry, without trying the single-page allocator (reference §8 item 16)',
    source: 'c572e4888ad1 "mm/page_alloc: always attempt to allocate at least one page during bulk allocation"',
    guards: { bulk_none_allocated: (k: Mm) => k.r(CR.populated) === 0 },
    expect: 'divergence',
    config: 'bulk',
  },
  {
    name: 'bulk-same-page-twice',
    kind: 'mutant',
    baseline: 'bulk-after',
    description: "the bulk loop takes the head of the PCP list without list_del, so the next iteration hands out the same page again: set_page_refcounted() finds it allocated",
    source: SEED_004,
    actions: {
      bulk_take_page: (k: Mm) => {
        const order = k.r(R.order);
        k.set(R.pfn, k.pcpFirst(k.cpu, order, k.L.pcpListMt(order, k.r(R.mt))));
        k.addPcpCount(k.cpu, -(1 << order), '__rmqueue_pcplist');
      },
    },
    expect: 'P4',
    config: 'bulk',
  },
  {
    name: 'bulk-single-page-leaked',
    kind: 'mutant',
    baseline: 'bulk-after',
    description: "alloc_pages_bulk's fallback gets a page from the single-page allocator but does not store it in the array: the page is lost",
    source: SEED_004,
    actions: { bulk_store_single: () => {} },
    expect: 'P1',
    config: 'bulk',
  },
  {
    name: 'bulk-no-refcount',
    kind: 'mutant',
    baseline: 'bulk-after',
    description: 'alloc_pages_bulk hands out its pages without set_page_refcounted() (the refcount shortcut of the seed\'s prototype)',
    source: `${SEED_004}: "In an early prototype, I made the refcount 'mistake'"`,
    actions: {
      bulk_prep_new_page: (k: Mm) => {
        actions.bulk_prep_new_page(k);
        k.setRef(k.r(R.pfn), 0);
      },
    },
    expect: 'P4',
    config: 'bulk',
  },
  { ...freeKeepsPcpLock, description: `${freeKeepsPcpLock.description}, in the frees of ranges and arrays`, config: 'default' },
];
