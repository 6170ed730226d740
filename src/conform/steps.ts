/**
 * The untraced steps a 6.1 kernel may take between two traced events, each with the kernel path
 * that takes it and the condition under which the checker allows it. The checker explains a
 * history with the fewest of these; what none of them can explain is a finding.
 */

/** Kinds of untraced steps, in report order. */
export const STEP_KINDS = [
  'bulk-alloc',
  'isolate-free',
  'free-to-buddy:interrupt',
  'free-to-buddy:core-free',
  'free-to-buddy:alloc-exact-tail',
  'free-to-buddy:remote-drain',
  'free-to-buddy:isolation',
  'compaction-capture',
  'task-migrated',
  'charge-failed',
] as const;
/** One of {@link STEP_KINDS}. */
export type StepKind = (typeof STEP_KINDS)[number];

/** What each step is in the kernel, and when the checker allows it (for reports and docs). */
export const STEP_DOC: Readonly<Record<StepKind, string>> = {
  'bulk-alloc':
    '__alloc_pages_bulk() (vmalloc, page_pool) takes order-0 pages off the local PCP list and emits no mm_page_alloc; allowed for any order-0 PCP entry',
  'isolate-free':
    "__isolate_free_page() (compaction's free scanner, alloc_contig_range) takes a free block off the buddy untraced, and split_map_pages() hands it out as order-0 pages (6.1 mm/compaction.c); allowed for an order-0 free of a page that was in the buddy, at no other order",
  'free-to-buddy:interrupt':
    'a free recorded on a PCP list went to the buddy instead (free_one_page): the PCP trylock fails when the free runs in an interrupt on top of a PCP critical section; 6.1.57 and later only, which take the PCP lock with IRQs enabled (6.1.0 to 6.1.56 took it with pcp_spin_trylock_irqsave)',
  'free-to-buddy:core-free':
    'a free of a page never seen before went to the buddy: __free_pages_core() (memblock release, deferred struct page init, memory onlining) bypasses the PCP lists; with --zoneinfo, settled when the free would have filled the list to high and no drain followed',
  'free-to-buddy:alloc-exact-tail': 'a free of the tail of a larger allocation went to the buddy: make_alloc_exact() frees unused tail pages with __free_pages_ok()',
  'free-to-buddy:remote-drain':
    "a free went to the buddy because another CPU held this CPU's PCP lock in drain_all_pages(); allowed once the trace shows a remote drain of that CPU's list",
  'free-to-buddy:isolation': 'a free went to the buddy because its pageblock was MIGRATE_ISOLATE; allowed only with --isolation',
  'compaction-capture':
    'compaction_capture() hands a block being freed straight to a direct compactor, which returns it with no mm_page_alloc_zone_locked; allowed for order >= 1 allocations that may reclaim',
  'task-migrated':
    'the task took the page on one CPU and emitted the event on another: __memcg_kmem_charge_page() may sleep after the page is taken (__GFP_ACCOUNT with direct reclaim), or any preemption point with --preempt',
  'charge-failed':
    '__alloc_pages() took the page, the memcg charge failed and it was freed before the (NULL) mm_page_alloc; allowed when a failed mm_page_alloc of that order follows on the CPU',
};
