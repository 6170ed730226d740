/**
 * vfree(addr) of an area whose pages are order-0 pages (vmalloc allocated high-order blocks and
 * split them), as mainline has it (reference §6.3), the `before` of seed 001: `__free_page()` on
 * every entry of vm->pages in turn (the NR_VMALLOC stat and the rest of vfree are not modelled).
 * When it returns, P9 checks that no page of the array is left in flight.
 */
import { inline } from '../../../src/machine/compile.ts';
import { freePages } from '../../buddy/paths/__free_pages.ts';
import { contig, fromInput } from '../setup.ts';

export const vfree = contig.createMachine({
  id: 'vfree',
  context: fromInput,
  initial: '__free_page',
  states: {
    __free_page: { ...inline(freePages), onDone: { actions: 'area_next', target: 'loop' } },
    loop: { always: [{ guard: 'area_left', actions: 'area_page', target: '__free_page' }, { actions: 'ghost_area_freed', target: 'done' }] },
    done: { type: 'final' },
  },
});
