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
  reason: `free_pages_prepare() fails only for a PG_hwpoison page or a bad page: no ${model} configuration poisons a page (only the contig model has contig.hwpoison), and a bad page (a double free, P2; a nonzero refcount, P4) is a finding, which a baseline never has`,
});

/** speculative_ref takes its reference on a block its CPU holds, in the step that starts it. */
export const SPEC_REF_ON_HELD_BLOCK: UnreachableDeclaration = {
  item: 'edge speculative_ref: get_page_unless_zero → return [!refcount_nonzero]',
  reason:
    "the operation starts on the head of a block its CPU holds and takes the reference in that same step, so get_page_unless_zero() never sees a zero count (a lookup that races with the block's free is another operation)",
};

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
