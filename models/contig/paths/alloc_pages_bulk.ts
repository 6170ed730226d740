/**
 * alloc_pages_bulk(gfp, nr_pages, page_array) (reference §6.4, alloc_pages_bulk_noprof of the
 * reference's mm/page_alloc.c) and the caller the model runs it for: a caller filling an array of
 * nr_pages order-0 pages, calling again while a call makes progress, as XFS does
 * (xfs_buf_alloc_pages), and giving up when a call makes none.
 *
 * alloc_pages_bulk_noprof: the populated prefix of the array is skipped; with one empty entry
 * left it uses the single-page allocator; otherwise it trylocks this CPU's pcp->lock (a failed
 * trylock also falls back to the single-page allocator) and takes pages with
 * __rmqueue_pcplist() (refilling the list under zone->lock when it runs empty), prepares each and
 * stores it in the next empty entry, all under that one pcp->lock hold. When the PCP runs dry it
 * stops with what it has, unless it has allocated nothing yet: then it unlocks and tries the
 * single-page allocator, so that at least one page is attempted (c572e4888ad1). It returns the
 * number of populated entries. Watermarks, memcg accounting, PAGE_OWNER and remote zones (other
 * reasons for the single-page path) are not modelled.
 */
import { inline } from '../../../src/machine/compile.ts';
import { rmqueueBulk } from '../../pcp/paths/rmqueue_bulk.ts';
import { contig, fromInput } from '../setup.ts';
import { allocPagesSingle } from './__alloc_pages.ts';

/**
 * __rmqueue_pcplist(zone, 0, migratetype, alloc_flags, pcp, list) under the caller's pcp->lock:
 * the list head, or a refill with rmqueue_bulk() once zone->lock is free (the count updated in
 * the next step, still under pcp->lock), or NULL.
 */
export const bulkRmqueuePcplist = contig.createMachine({
  id: '__rmqueue_pcplist',
  context: fromInput,
  initial: 'list',
  states: {
    list: {
      always: [
        { guard: 'pcp_list_nonempty', actions: 'bulk_take_page', target: 'done' },
        { guard: 'zone_lock_free', target: 'rmqueue_bulk' },
        { target: 'spin_lock' },
      ],
    },
    spin_lock: { on: { STEP: { guard: 'zone_lock_free', target: 'rmqueue_bulk' } } },
    rmqueue_bulk: { ...inline(rmqueueBulk), onDone: 'count' },
    count: {
      on: {
        STEP: [
          { guard: 'pcp_list_nonempty', actions: ['pcp_count_add_alloced', 'bulk_take_page'], target: 'done' },
          { actions: ['pcp_count_add_alloced', 'pcp_no_page'], target: 'done' },
        ],
      },
    },
    done: { type: 'final' },
  },
});

/** alloc_pages_bulk_noprof(): one call, returning its count in CR.ret. */
export const allocPagesBulkNoprof = contig.createMachine({
  id: 'alloc_pages_bulk_noprof',
  context: fromInput,
  initial: 'pcp_spin_trylock',
  states: {
    pcp_spin_trylock: {
      on: {
        STEP: [
          { guard: 'bulk_full', actions: 'bulk_return', target: 'done' },
          { guard: 'bulk_one_left', target: 'failed' },
          { guard: 'pcp_trylock_ok', actions: ['bulk_account_init', 'pcp_trylock'], target: 'fill' },
          { target: 'failed' },
        ],
      },
    },
    fill: { always: [{ guard: 'bulk_full', target: 'unlock' }, { target: '__rmqueue_pcplist' }] },
    __rmqueue_pcplist: {
      ...inline(bulkRmqueuePcplist),
      onDone: [
        { guard: 'got_page', actions: ['bulk_prep_new_page', 'bulk_store'], target: 'fill' },
        // "Try and allocate at least one page"
        { guard: 'bulk_none_allocated', actions: 'pcp_unlock', target: 'failed' },
        { target: 'unlock' },
      ],
    },
    unlock: { always: { actions: ['pcp_unlock', 'bulk_return'], target: 'done' } },
    failed: { ...inline(allocPagesSingle), onDone: { actions: ['ghost_take_single', 'bulk_store_single', 'bulk_return'], target: 'done' } },
    done: { type: 'final' },
  },
});

/** The caller: alloc_pages_bulk() again while the array is not full and the last call made progress. */
export const allocPagesBulk = contig.createMachine({
  id: 'alloc_pages_bulk',
  context: fromInput,
  initial: 'alloc_pages_bulk_noprof',
  states: {
    alloc_pages_bulk_noprof: { ...inline(allocPagesBulkNoprof), onDone: { actions: 'ghost_bulk_returned', target: 'caller' } },
    caller: {
      always: [
        { guard: 'bulk_caller_retry', actions: ['bulk_caller_next', 'bulk_single_args'], target: 'alloc_pages_bulk_noprof' },
        { actions: 'ghost_bulk_hand_to_caller', target: 'done' },
      ],
    },
    done: { type: 'final' },
  },
});

/** The same caller before the bulk API: one single-page allocation per empty entry, stopping at the first failure. */
export const allocPagesLoop = contig.createMachine({
  id: 'alloc_pages_bulk',
  context: fromInput,
  initial: '__alloc_pages',
  states: {
    __alloc_pages: { ...inline(allocPagesSingle), onDone: [{ guard: 'got_page', actions: ['ghost_take_single', 'bulk_store_single'], target: 'loop' }, { target: 'out' }] },
    loop: { always: [{ guard: 'bulk_full', target: 'out' }, { actions: 'bulk_single_args', target: '__alloc_pages' }] },
    out: { always: { actions: 'ghost_bulk_hand_to_caller', target: 'done' } },
    done: { type: 'final' },
  },
});
