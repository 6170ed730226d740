/**
 * The pcp-buddy model's open coverage gaps: items that none of its configurations' baseline checks
 * reaches yet, though none is known to be unreachable (src/coverage/model.ts). The suite reports
 * them as a bound of what it exercised; one that a configuration comes to reach must be removed,
 * and one not listed that goes unreached fails the suite. Close a gap with a configuration that
 * reaches it, or declare it in `unreachable` with the reason once it is shown to be unreachable.
 */
import type { OpenGap } from '../../src/coverage/model.ts';

/** Grouped by the kernel path they lie on; every item an exact name as `suite --json` lists it. */
export const OPEN_GAPS: readonly OpenGap[] = [
  {
    missing: 'alloc_pages(): edges from rmqueue_pcplist.rmqueue_bulk that no configuration takes',
    items: [
      'edge alloc_pages: rmqueue_pcplist.rmqueue_bulk.__rmqueue.balance_cma.__rmqueue_smallest.search → rmqueue_pcplist.rmqueue_bulk.__rmqueue.balance_cma.__rmqueue_smallest.done [current_order_above_max]',
      'edge alloc_pages: rmqueue_pcplist.rmqueue_bulk.__rmqueue.balance_cma.done → rmqueue_pcplist.rmqueue_bulk.__rmqueue.dispatch [!got_page]',
    ],
  },
  {
    missing: '__free_pages(): edges from __free_frozen_pages.free_pcppages_bulk that no configuration takes',
    items: [
      'edge __free_pages: __free_frozen_pages.free_pcppages_bulk.block_done → __free_frozen_pages.free_pcppages_bulk.take [bulk_same_list]',
    ],
  },
  {
    missing: '__free_pages(): edges from free_tail.route that no configuration takes',
    items: [
      'edge __free_pages: free_tail.route → free_tail.free_one_page.spin_lock [!not_prepared, block_isolated]',
    ],
  },
  {
    missing: '__free_pages(): edges from free_tail.owner_lock that no configuration takes',
    items: [
      'edge __free_pages: free_tail.owner_lock → free_tail.owner_spin [!owner_lock_free, owner_lock_spins]',
    ],
  },
  {
    missing: '__free_pages(): edges from free_tail.owner_spin that no configuration takes',
    items: [
      'edge __free_pages: free_tail.owner_spin → free_tail.owner_recheck [owner_lock_free]',
    ],
  },
  {
    missing: '__free_pages(): edges from free_tail.owner_recheck that no configuration takes',
    items: [
      'edge __free_pages: free_tail.owner_recheck → free_tail.route [!still_owner]',
    ],
  },
  {
    missing: '__free_pages(): edges from free_tail.free_pcppages_bulk that no configuration takes',
    items: [
      'edge __free_pages: free_tail.free_pcppages_bulk.block_done → free_tail.free_pcppages_bulk.take [bulk_same_list]',
    ],
  },
  {
    missing: '__free_pages(): edges from free_tail.relock that no configuration takes',
    items: [
      'edge __free_pages: free_tail.relock → free_tail.done [!relock_ok, relock_gives_up]',
    ],
  },
  {
    missing: 'speculative_ref(): edges from __free_frozen_pages.free_pcppages_bulk that no configuration takes',
    items: [
      'edge speculative_ref: __free_frozen_pages.free_pcppages_bulk.block_done → __free_frozen_pages.free_pcppages_bulk.take [bulk_same_list]',
    ],
  },
  {
    missing: 'speculative_ref(): edges from __free_frozen_pages.relock that no configuration takes',
    items: [
      'edge speculative_ref: __free_frozen_pages.relock → __free_frozen_pages.done [!relock_ok, relock_gives_up]',
    ],
  },
  {
    missing: 'decay_pcp_high(): edges from free_pcppages_bulk.block_done that no configuration takes',
    items: [
      'edge decay_pcp_high: free_pcppages_bulk.block_done → free_pcppages_bulk.take [bulk_same_list]',
    ],
  },
];
