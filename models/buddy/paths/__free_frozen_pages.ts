/**
 * __free_frozen_pages(page, order, fpi) without per-CPU lists: free_pages_prepare() (a lock-free
 * step of its own, since it changes struct page state other CPUs can read), then
 * free_one_page() to the buddy.
 */
import { inline } from '../../../src/machine/compile.ts';
import { buddy, fromInput } from '../setup.ts';
import { freeOnePage } from './free_one_page.ts';

export const freeFrozenPages = buddy.createMachine({
  id: '__free_frozen_pages',
  context: fromInput,
  initial: 'free_pages_prepare',
  states: {
    free_pages_prepare: { on: { STEP: { actions: 'free_pages_prepare', target: 'prepared' } } },
    prepared: { always: [{ guard: 'prepared', target: 'free_one_page' }, { target: 'done' }] },
    free_one_page: { ...inline(freeOnePage), onDone: 'done' },
    done: { type: 'final' },
  },
});
