/**
 * The contig model's open coverage gaps: items that none of its configurations' baseline checks
 * reaches yet, though none is known to be unreachable (src/coverage/model.ts). The suite reports
 * them as a bound of what it exercised; one that a configuration comes to reach must be removed,
 * and one not listed that goes unreached fails the suite. Close a gap with a configuration that
 * reaches it, or declare it in `unreachable` with the reason once it is shown to be unreachable.
 */
import type { OpenGap } from '../../src/coverage/model.ts';

/** Grouped by the kernel path they lie on; every item an exact name as `suite --json` lists it. */
export const OPEN_GAPS: readonly OpenGap[] = [
  {
    missing: 'alloc_pages_bulk(): edges from alloc_pages_bulk_noprof.failed that no configuration takes',
    items: [
      'edge alloc_pages_bulk: alloc_pages_bulk_noprof.failed.get_page_from_freelist.rmqueue → alloc_pages_bulk_noprof.failed.get_page_from_freelist.spin_lock [!pcp_order_trylock_ok, !zone_lock_free]',
      'edge alloc_pages_bulk: alloc_pages_bulk_noprof.failed.drain_all_pages.drain_pages_zone.free_pcppages_bulk.__free_one_page.find_buddy → alloc_pages_bulk_noprof.failed.drain_all_pages.drain_pages_zone.free_pcppages_bulk.__free_one_page.done_merging [order_is_max]',
      'edge alloc_pages_bulk: alloc_pages_bulk_noprof.failed.retry.rmqueue → alloc_pages_bulk_noprof.failed.retry.rmqueue_buddy.lock [!pcp_order_trylock_ok, zone_lock_free]',
      'edge alloc_pages_bulk: alloc_pages_bulk_noprof.failed.retry.rmqueue → alloc_pages_bulk_noprof.failed.retry.spin_lock [!pcp_order_trylock_ok, !zone_lock_free]',
      'edge alloc_pages_bulk: alloc_pages_bulk_noprof.failed.retry.rmqueue_pcplist.list → alloc_pages_bulk_noprof.failed.retry.rmqueue_pcplist.done [pcp_list_nonempty]',
      'edge alloc_pages_bulk: alloc_pages_bulk_noprof.failed.retry.rmqueue_pcplist.rmqueue_bulk.__rmqueue.cma_fallback.__rmqueue_smallest.expand.split → alloc_pages_bulk_noprof.failed.retry.rmqueue_pcplist.rmqueue_bulk.__rmqueue.cma_fallback.__rmqueue_smallest.expand.split [high_above_low]',
      'edge alloc_pages_bulk: alloc_pages_bulk_noprof.failed.retry.rmqueue_buddy.__rmqueue.balance_cma.__rmqueue_smallest.search → alloc_pages_bulk_noprof.failed.retry.rmqueue_buddy.__rmqueue.balance_cma.__rmqueue_smallest.search [!current_order_above_max, free_list_empty]',
      'edge alloc_pages_bulk: alloc_pages_bulk_noprof.failed.retry.rmqueue_buddy.__rmqueue.balance_cma.__rmqueue_smallest.expand.split → alloc_pages_bulk_noprof.failed.retry.rmqueue_buddy.__rmqueue.balance_cma.__rmqueue_smallest.expand.split [high_above_low]',
      'edge alloc_pages_bulk: alloc_pages_bulk_noprof.failed.retry.rmqueue_buddy.__rmqueue.cma_fallback.__rmqueue_smallest.expand.split → alloc_pages_bulk_noprof.failed.retry.rmqueue_buddy.__rmqueue.cma_fallback.__rmqueue_smallest.expand.split [high_above_low]',
    ],
  },
  {
    missing: 'allocator events no configuration produces',
    items: [
      'event fallback steals order 2',
      'event fallback steals order 3',
    ],
  },
];
