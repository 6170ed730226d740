/**
 * The migration stand-in of alloc_contig_range() (__alloc_contig_migrate_range()) and
 * offline_pages() (scan_movable_pages(), do_migrate_range()): migrate_pages() of every block in
 * [IR.start, IR.end) that a caller holds, movable (PG_lru) and referenced by that caller alone.
 * Migration copies the data to a page outside the model and frees the source: the block leaves
 * its holder and goes through __free_pages(), into the isolated pageblock's free list. A block
 * that cannot move (unmovable, pinned, with a speculative reference) stays, and the caller's
 * test_pages_isolated() fails on it, as the kernel's -EBUSY would. A held non-compound block of
 * order > 0 is migrated as one block too, although only folios (compound or order 0) are on the
 * kernel's LRU: the stand-in keeps it so that __free_pages()'s tail loop (free_tail) runs on a
 * migrated page a speculative reference holds, as it runs on any such block.
 */
import { inline } from '../../../src/machine/compile.ts';
import { freePages } from '../../buddy/paths/__free_pages.ts';
import { fromInput, isolation } from '../setup.ts';

export const migratePages = isolation.createMachine({
  id: 'migrate_pages',
  context: fromInput,
  initial: 'init',
  states: {
    init: { always: { actions: 'migrate_init', target: 'scan' } },
    scan: { always: [{ guard: 'migrate_candidate', actions: 'migrate_take', target: '__free_pages' }, { target: 'done' }] },
    __free_pages: { ...inline(freePages), onDone: 'scan' },
    done: { type: 'final' },
  },
});
