/**
 * Variants of the buddy model: the baseline, and known-bad mutants, each a small change a patch
 * author could plausibly make, with the property that must catch it.
 */
import { inline } from '../../src/machine/compile.ts';
import type { Mm } from '../mm/kernel.ts';
import { PG, R } from '../mm/layout.ts';
import type { Variant } from '../types.ts';
import { actions } from './impl.ts';
import { buddy, fromInput } from './setup.ts';
import { freeFrozenPages } from './paths/__free_frozen_pages.ts';
import { splitLargeBuddy } from './paths/free_one_page.ts';

/** The kernel as it is (mm/page_alloc.c of the reference, without per-CPU lists). */
export const baseline: Variant = { name: 'baseline', kind: 'baseline', description: 'buddy allocator as in mm/page_alloc.c (no per-CPU lists)' };

/** __free_pages() reading PageHead after dropping the reference: CVE-2023-52739. */
const pageHeadAfterPut = buddy.createMachine({
  id: '__free_pages',
  context: fromInput,
  initial: 'put_page_testzero',
  states: {
    put_page_testzero: { on: { STEP: { actions: 'put_page_testzero', target: 'decide' } } },
    decide: { always: [{ guard: 'last_reference', target: '__free_frozen_pages' }, { target: 'PageHead' }] },
    PageHead: { on: { STEP: { actions: 'read_page_head', target: 'head_read' } } },
    head_read: { always: [{ guard: 'page_was_head', target: 'done' }, { actions: 'free_tails_init', target: 'free_tails' }] },
    __free_frozen_pages: { ...inline(freeFrozenPages), onDone: 'done' },
    free_tails: { always: [{ guard: 'tails_left', actions: 'next_tail', target: 'free_tail' }, { target: 'done' }] },
    free_tail: { ...inline(freeFrozenPages), onDone: 'free_tails' },
    done: { type: 'final' },
  },
});

/**
 * __free_pages() that decides whether to free the tails of a non-compound block from a refcount
 * read taken before put_page_testzero(), a step earlier: `shared = !PageHead(page) &&
 * page_ref_count(page) > 1`.
 */
const freePagesRefcountReadBeforePut = buddy.createMachine({
  id: '__free_pages',
  context: fromInput,
  initial: 'page_ref_count',
  states: {
    page_ref_count: { on: { STEP: { actions: 'read_page_head', target: 'put_page_testzero' } } },
    put_page_testzero: { on: { STEP: { actions: 'put_page_testzero', target: 'decide' } } },
    decide: {
      always: [
        { guard: 'last_reference', target: '__free_frozen_pages' },
        { guard: 'page_was_head', target: 'done' },
        { actions: 'free_tails_init', target: 'free_tails' },
      ],
    },
    __free_frozen_pages: { ...inline(freeFrozenPages), onDone: 'done' },
    free_tails: { always: [{ guard: 'tails_left', actions: 'next_tail', target: 'free_tail' }, { target: 'done' }] },
    free_tail: { ...inline(freeFrozenPages), onDone: 'free_tails' },
    done: { type: 'final' },
  },
});

/** free_one_page() that returns without spin_unlock on its way out. */
const freeOnePageNoUnlock = buddy.createMachine({
  id: 'free_one_page',
  context: fromInput,
  initial: 'spin_lock',
  states: {
    spin_lock: { on: { STEP: { guard: 'zone_lock_free', actions: 'zone_lock', target: 'zone_locked' } } },
    zone_locked: { on: { STEP: { actions: 'ghost_hand_to_kernel', target: 'split_large_buddy' } } },
    split_large_buddy: { ...inline(splitLargeBuddy), onDone: 'done' },
    done: { type: 'final' },
  },
});

/** Known-bad variants; `pagecheck mutants` must catch every one. */
export const mutants: Variant[] = [
  {
    name: 'merge-ignores-buddy-order',
    kind: 'mutant',
    baseline: 'baseline',
    description: '__free_one_page merges with any PageBuddy buddy, without checking buddy_order() == order',
    guards: {
      buddy_can_merge: (k: Mm) => {
        const buddyPfn = k.r(R.pfn) ^ (1 << k.r(R.order));
        return buddyPfn < k.g.nPfn && k.isBuddy(buddyPfn);
      },
    },
    expect: 'P1',
  },
  {
    name: 'expand-wrong-half',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'expand() puts the lower half (&page[0]) on the free list instead of &page[size]',
    actions: {
      split_off_upper_half: (k: Mm) => {
        const high = k.r(R.i) - 1;
        k.set(R.i, high);
        k.addToFreeList(k.r(R.pfn), high, k.r(R.mt), false, 'expand');
      },
    },
    expect: 'P1',
  },
  {
    name: 'merge-leaves-pagebuddy',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'the merge takes the buddy off its list without __ClearPageBuddy',
    actions: {
      merge_with_buddy: (k: Mm) => {
        const buddyPfn = k.r(R.pfn) ^ (1 << k.r(R.order));
        actions.merge_with_buddy(k);
        k.setFlag(buddyPfn, PG.buddy);
      },
    },
    expect: 'P5',
  },
  {
    name: 'pagehead-after-put',
    kind: 'mutant',
    baseline: 'baseline',
    description: '__free_pages reads PageHead after put_page_testzero, the race of CVE-2023-52739',
    source: '462a8e08e0e6 "Fix page corruption caused by racy check in __free_pages" (CVE-2023-52739)',
    machines: { __free_pages: pageHeadAfterPut },
    expect: 'P2',
  },
  {
    name: 'split-page-no-tail-refcount',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'split_page() leaves the refcount of pages 1..2^order-1 at 0',
    actions: { split_page: () => {} },
    expect: 'P4',
  },
  {
    name: 'merge-beyond-max-order',
    kind: 'mutant',
    baseline: 'baseline',
    description: '__free_one_page loops while order <= MAX_PAGE_ORDER (the MAX_ORDER off-by-one), merging across a section boundary',
    guards: { order_is_max: (k: Mm) => k.r(R.order) > k.g.maxOrder },
    expect: 'P3',
    config: 'section-edge',
  },
  {
    name: 'merge-stops-early',
    kind: 'mutant',
    baseline: 'baseline',
    description: '__free_one_page stops merging one order below MAX_PAGE_ORDER',
    guards: { order_is_max: (k: Mm) => k.r(R.order) >= k.g.maxOrder - 1 },
    expect: 'Q1',
  },
  {
    name: 'free-nc-tails-refcount-read',
    kind: 'mutant',
    baseline: 'baseline',
    description:
      '__free_pages frees the tails of a non-compound block only when page_ref_count(page) > 1 read before put_page_testzero (a step earlier): a speculative get landing between the read and the put leaves the tails unfreed, and the last holder frees the head alone at order 0, the leak that e320d3012d25 "mm/page_alloc.c: fix freeing non-compound pages" fixed; only a reference that arrives after the free has begun shows it',
    source: 'e320d3012d25 "mm/page_alloc.c: fix freeing non-compound pages" (the tails of a non-compound block leak when a speculative reference holds its head)',
    machines: { __free_pages: freePagesRefcountReadBeforePut },
    // PageHead, or the count read before the put says nobody else holds the page: no tails to free.
    actions: { read_page_head: (k: Mm) => k.set(R.head, k.isHead(k.r(R.pfn)) || k.ref(k.r(R.pfn)) <= 1 ? 1 : 0) },
    expect: 'P1',
    config: 'spec-any',
    fuzzConfig: 'large-spec-any',
  },
  {
    name: 'free-one-page-no-unlock',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'free_one_page returns without spin_unlock(&zone->lock): the call returns holding zone->lock, with interrupts off',
    machines: { free_one_page: freeOnePageNoUnlock },
    expect: 'P17',
  },
];
