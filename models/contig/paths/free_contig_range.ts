/**
 * free_contig_range(pfn, nr_pages) as mainline has it (reference §6.1), the `before` of seed 000:
 * `__free_page()` on every page in turn, each an order-0 free through the PCP (its reference drop
 * a step of its own, the free continuing it), so other CPUs run between any two pages. The
 * kernel's count of pages still in use only feeds a WARN and is not modelled. When it returns,
 * P9 checks that no page of the range is left in flight.
 */
import { inline } from '../../../src/machine/compile.ts';
import { freePages } from '../../buddy/paths/__free_pages.ts';
import { contig, fromInput } from '../setup.ts';

export const freeContigRange = contig.createMachine({
  id: 'free_contig_range',
  context: fromInput,
  initial: '__free_page',
  states: {
    __free_page: { ...inline(freePages), onDone: { actions: 'contig_next', target: 'loop' } },
    loop: { always: [{ guard: 'contig_pages_left', actions: 'contig_page', target: '__free_page' }, { actions: 'ghost_range_freed', target: 'done' }] },
    done: { type: 'final' },
  },
});
