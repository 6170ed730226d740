/**
 * The single-page allocator as alloc_pages_bulk() falls back to it, and as a loop of single
 * allocations calls it: __alloc_pages(gfp, 0). The fast path is the PCP model's alloc_pages
 * (rmqueue: the PCP list, or the buddy when the trylock fails). When it finds nothing, a caller
 * that may reclaim enters the slow path: reclaim frees nothing here, but
 * __alloc_pages_direct_reclaim() still drains every CPU's pageset (drain_all_pages) and retries
 * once, which finds pages that waited on other CPUs' PCP lists. An interrupt context
 * (GFP_ATOMIC) fails at once.
 */
import { inline } from '../../../src/machine/compile.ts';
import { allocPages } from '../../pcp/paths/alloc_pages.ts';
import { drainAllPages } from '../../pcp/paths/drain_all_pages.ts';
import { contig, fromInput } from '../setup.ts';

export const allocPagesSingle = contig.createMachine({
  id: '__alloc_pages',
  context: fromInput,
  initial: 'get_page_from_freelist',
  states: {
    get_page_from_freelist: {
      ...inline(allocPages),
      onDone: [{ guard: 'got_page', target: 'done' }, { guard: 'may_reclaim', target: 'drain_all_pages' }, { target: 'done' }],
    },
    // The drain reuses the request's registers: the retry asks again for order 0 of the bulk type.
    drain_all_pages: { ...inline(drainAllPages), onDone: { actions: 'bulk_single_args', target: 'retry' } },
    retry: { ...inline(allocPages), onDone: 'done' },
    done: { type: 'final' },
  },
});
