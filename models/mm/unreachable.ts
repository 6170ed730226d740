/**
 * Coverage items that no configuration of a model can reach, shared by the models that inline
 * the same paths (src/coverage/model.ts). Each says why in kernel terms; a model lists those
 * that hold for it in its `unreachable`, and the suite checks that each still matches only
 * items no configuration reaches.
 */
import type { UnreachableDeclaration } from '../../src/coverage/model.ts';

/** free_pages_prepare() never fails in a model with no poisoned page. */
export const PREPARE_NEVER_FAILS = (model: string, item: string): UnreachableDeclaration => ({
  item,
  reason: `free_pages_prepare() fails only for a PG_hwpoison page or a bad page: no ${model} configuration poisons a page (only the contig and isolation models have them: contig.hwpoison, isolation.hwpoison), and a bad page (a double free, P2; a nonzero refcount, P4) is a finding, which a baseline never has`,
});

/** free_pcppages_bulk() clamps its count, so its lists never run empty while count is positive. */
export const BULK_NEVER_SPINS: readonly UnreachableDeclaration[] = [
  {
    item: 'edge *free_pcppages_bulk.pick → *free_pcppages_bulk.spin_forever [!bulk_count_done, bulk_lists_empty]',
    reason:
      'free_pcppages_bulk() first clamps count to pcp->count (bulk_clamp), so its lists cannot all be empty while count is still positive; the endless `do { } while (list_empty(list))` of 88e8ac11d2ea is reached only without the clamp (a mutant)',
  },
  {
    item: 'edge *spin_forever → *done [never]',
    reason: "the `never` guard: the kernel's loop spins for ever, and no step leaves spin_forever; the edge only gives the machine a final state",
  },
];

/** A model with no path that isolates a pageblock never frees into MIGRATE_ISOLATE. */
export const NO_ISOLATED_PAGEBLOCK = (model: string, item: string): UnreachableDeclaration => ({
  item,
  reason: `no pageblock is ever MIGRATE_ISOLATE in the ${model} model: a pageblock does not boot isolated, and the model has no path that isolates one (start_isolate_page_range is the isolation model's)`,
});

/** No path stores *mode = RMQUEUE_CLAIM (a successful claim resets it to RMQUEUE_NORMAL). */
export const NO_CLAIM_MODE: UnreachableDeclaration = {
  item: 'edge *.dispatch → *.claim.init [!mode_normal, !mode_cma, mode_claim]',
  reason:
    'no path stores *mode = RMQUEUE_CLAIM: a claim that succeeds goes back to RMQUEUE_NORMAL ("Replenished preferred freelist, back to normal mode"), as in the kernel, so `case RMQUEUE_CLAIM` is only entered by falling through; only the mutant claim-keeps-mode stores it',
};

/** rmqueue_buddy() calls __rmqueue() once with a fresh mode. */
export const RMQUEUE_BUDDY_FRESH_MODE: UnreachableDeclaration = {
  item: 'edge *rmqueue_buddy.__rmqueue.dispatch → * [!mode_normal, *',
  reason: 'rmqueue_buddy() calls __rmqueue() once, with a fresh RMQUEUE_NORMAL mode; only rmqueue_bulk() carries a mode from one block of a refill to the next',
};

/** After try_to_claim_block() moved the block, __rmqueue_smallest() finds it. */
export const CLAIMED_BLOCK_FOUND: UnreachableDeclaration = {
  item: 'edge *.try_to_claim_block.__rmqueue_smallest.search → *.try_to_claim_block.__rmqueue_smallest.done [current_order_above_max]',
  reason:
    'try_to_claim_block() has just moved the free pages of the claimed pageblock, the candidate block among them, to the free lists of the requested migratetype, so the __rmqueue_smallest() that follows finds a block at or below its order',
};

/** __free_page() frees order 0: the tail loop of __free_pages() has nothing to do. */
export const ORDER0_HAS_NO_TAILS: readonly UnreachableDeclaration[] = [
  {
    item: 'edge *__free_page.free_tails → *__free_page.free_tail.free_pages_prepare [tails_left]',
    reason: '__free_page() is __free_pages(page, 0): the tail loop `while (order-- > 0)` of an order-0 page has no tail to free',
  },
  {
    item: 'edge *__free_page.free_tail.*',
    reason: '__free_page() is __free_pages(page, 0): the tail loop `while (order-- > 0)` of an order-0 page has no tail to free',
  },
  {
    item: 'edge *__free_page.decide → *__free_page.done [!last_reference, page_was_head]',
    reason: 'an order-0 page is never a compound head (PageHead needs order 1 or more), so __free_page() never takes the compound branch',
  },
];
