/**
 * offline_pages(start_pfn, nr_pages) of whole sections (mm/memory_hotplug.c): zone_pcp_disable(),
 * start_isolate_page_range(PB_ISOLATE_MODE_MEM_OFFLINE), then `do { migrate; } while
 * (test_pages_isolated())`: the migration stand-in moves what callers hold, and the test is
 * repeated until the range is free (with a signal pending, the retry gives up: -EINTR). Then
 * __offline_isolated_pages() takes every page off the ISOLATE lists and marks the sections
 * offline (one zone->lock hold), and zone_pcp_enable(). A failed offline (the isolation refused,
 * or the signal) undoes the isolation and enables the pcplists again. Memory notifiers, the LRU
 * cache, hugetlb dissolving and the managed/present page counters are not modelled.
 */
import { inline } from '../../../src/machine/compile.ts';
import { fromInput, isolation } from '../setup.ts';
import { migratePages } from './migrate_pages.ts';
import { startIsolatePageRange } from './start_isolate_page_range.ts';
import { testPagesIsolated } from './test_pages_isolated.ts';
import { undoIsolatePageRange } from './undo_isolate_page_range.ts';
import { zonePcpDisable, zonePcpEnable } from './zone_pcp_disable.ts';

export const offlinePages = isolation.createMachine({
  id: 'offline_pages',
  context: fromInput,
  initial: 'zone_pcp_disable',
  states: {
    zone_pcp_disable: { ...inline(zonePcpDisable), onDone: { actions: 'sipr_init', target: 'start_isolate_page_range' } },
    start_isolate_page_range: { ...inline(startIsolatePageRange), onDone: [{ guard: 'iso_busy', target: 'failed_zone_pcp_enable' }, { target: 'migrate_pages' }] },
    migrate_pages: { ...inline(migratePages), onDone: 'test_pages_isolated' },
    test_pages_isolated: { ...inline(testPagesIsolated), onDone: [{ guard: 'iso_busy', target: 'retry' }, { target: '__offline_isolated_pages' }] },
    retry: { always: [{ guard: 'signal_pending', actions: 'offline_eintr', target: 'failed_undo' }, { actions: 'offline_retry', target: 'migrate_pages' }] },
    __offline_isolated_pages: {
      on: { STEP: { guard: 'zone_lock_free', actions: ['zone_lock', 'offline_isolated_pages', 'zone_unlock'], target: 'zone_pcp_enable' } },
    },
    zone_pcp_enable: { ...inline(zonePcpEnable), onDone: { actions: 'ghost_offline_postcondition', target: 'done' } },
    failed_undo: { always: { actions: 'undo_init', target: 'undo_isolate_page_range' } },
    undo_isolate_page_range: { ...inline(undoIsolatePageRange), onDone: { actions: 'ghost_undo_postcondition', target: 'failed_zone_pcp_enable' } },
    failed_zone_pcp_enable: { ...inline(zonePcpEnable), onDone: 'done' },
    done: { type: 'final' },
  },
});
