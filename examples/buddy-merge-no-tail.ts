/**
 * A one-line patch to __free_one_page(): a freed (and merged) block always goes to the head of
 * its free list, as before buddy_merge_likely() (done_merging's `to_tail` dropped). Nothing else
 * changes: which blocks are free, their orders and types are the same; only the order of the
 * blocks on a list, and so which block the next allocation takes, can differ.
 *
 *   npx pagecheck validate --model buddy --before baseline --after examples/buddy-merge-no-tail.ts
 *   npx pagecheck validate --model buddy --before baseline --after examples/buddy-merge-no-tail.ts --config all
 *
 * At `default` the placement never differs from the kernel's on any explored state (a block goes
 * to the tail there only onto an empty list): the verdict is VACUOUS, not EQUIVALENT. At `churn`
 * two blocks of one order meet on a list and the next allocation takes another block: DIVERGENCE.
 */
import { defineVariant, R } from 'pagecheck';

export default defineVariant({
  model: 'buddy',
  name: 'merge-no-tail',
  kind: 'patch',
  description: '__free_one_page puts every freed block at the head of its free list (no buddy_merge_likely() tail placement)',
  actions: {
    add_to_free_list: (k) => k.addToFreeList(k.r(R.pfn), k.r(R.order), k.r(R.mt), false, '__free_one_page'),
  },
});
