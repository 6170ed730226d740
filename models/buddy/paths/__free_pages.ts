/**
 * __free_pages(page, order) (___free_pages): read PageHead, drop the reference; the last holder
 * frees the whole block; otherwise, for a non-compound block, the tails are freed now (order-1
 * down to 0) and the first page later by its last holder (reference §2.1, e320d3012d25 and the
 * CVE-2023-52739 fix 462a8e08e0e6).
 */
import { inline } from '../../../src/machine/compile.ts';
import { buddy, fromInput } from '../setup.ts';
import { freeFrozenPages } from './__free_frozen_pages.ts';

export const freePages = buddy.createMachine({
  id: '__free_pages',
  context: fromInput,
  initial: 'put_page_testzero',
  states: {
    put_page_testzero: { on: { STEP: { actions: ['read_page_head', 'put_page_testzero'], target: 'decide' } } },
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
