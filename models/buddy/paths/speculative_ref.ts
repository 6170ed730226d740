/**
 * A speculative reference, as a page-cache lookup or GUP-fast takes one: get_page_unless_zero()
 * (one step), later put_page() (another step); the holder whose put drops the count to 0 frees
 * the page with its compound order. This is the other side of the __free_pages() races
 * (reference §8 items 5-7).
 *
 * With workload.specLookup 'held' the call starts on the head of a block its CPU holds and its
 * first step is the get. With 'any' it starts on any pfn in use, and its first step is only the
 * lookup (find_get_page()'s xas_load of a page-cache slot, GUP-fast's read of a PTE): the get at
 * the same label is a later step, by when the page may have been freed, merged or reallocated,
 * so that the reference lands between any two steps of another thread's free.
 */
import { inline } from '../../../src/machine/compile.ts';
import { buddy, fromInput } from '../setup.ts';
import { freeFrozenPages } from './__free_frozen_pages.ts';

export const speculativeRef = buddy.createMachine({
  id: 'speculative_ref',
  context: fromInput,
  initial: 'get_page_unless_zero',
  states: {
    get_page_unless_zero: {
      on: {
        STEP: [
          { guard: 'lookup_pending', actions: 'lookup_page', target: 'get_page_unless_zero' },
          { guard: 'refcount_nonzero', actions: 'page_ref_inc', target: 'put_page' },
          { target: 'done' },
        ],
      },
    },
    put_page: { on: { STEP: { actions: 'put_page_testzero_spec', target: 'decide' } } },
    decide: { always: [{ guard: 'last_reference', actions: 'last_put_frees_page', target: '__free_frozen_pages' }, { target: 'done' }] },
    __free_frozen_pages: { ...inline(freeFrozenPages), onDone: 'done' },
    done: { type: 'final' },
  },
});
