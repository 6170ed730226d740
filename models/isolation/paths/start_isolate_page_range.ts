/**
 * start_isolate_page_range(start_pfn, end_pfn, mode): isolate the first pageblock of the range
 * rounded out to pageblocks, then the last (unless it is the first), then those between, each
 * with set_migratetype_isolate() (one zone->lock hold each). After the first and the last,
 * isolate_single_pageblock()'s lockless scan fails the isolation when a compound page straddles
 * the range's edge; it runs in the step that released zone->lock. On a failure, what was
 * isolated is given back (unset_migratetype_isolate(), undo_isolate_page_range()) and IR.ret is
 * -EBUSY. The caller runs `sipr_init` first (the range rounded out, the first pageblock).
 */
import { inline } from '../../../src/machine/compile.ts';
import { fromInput, isolation } from '../setup.ts';
import { setMigratetypeIsolate } from './set_migratetype_isolate.ts';
import { undoIsolatePageRange } from './undo_isolate_page_range.ts';
import { unsetMigratetypeIsolate } from './unset_migratetype_isolate.ts';

export const startIsolatePageRange = isolation.createMachine({
  id: 'start_isolate_page_range',
  context: fromInput,
  initial: 'first',
  states: {
    // isolate_single_pageblock(isolate_start, mode, false, false)
    first: { ...inline(setMigratetypeIsolate), onDone: [{ guard: 'iso_busy', target: 'done' }, { actions: 'sipr_scan_first', target: 'first_scanned' }] },
    first_scanned: {
      always: [
        { guard: 'iso_busy', target: 'unset_first' },
        { guard: 'sipr_single_block', actions: 'sipr_scan_last', target: 'single_scanned' },
        { actions: 'sipr_last', target: 'last' },
      ],
    },
    // isolate_single_pageblock(isolate_end, mode, true, skip_isolation = true): only the scan.
    single_scanned: { always: [{ guard: 'iso_busy', target: 'unset_first' }, { target: 'done' }] },
    // isolate_single_pageblock(isolate_end, mode, true, false)
    last: { ...inline(setMigratetypeIsolate), onDone: [{ guard: 'iso_busy', actions: 'sipr_first', target: 'unset_first' }, { actions: 'sipr_scan_last', target: 'last_scanned' }] },
    last_scanned: { always: [{ guard: 'iso_busy', target: 'unset_last' }, { actions: 'sipr_middle_init', target: 'middle' }] },
    // its `failed:` label restores the last pageblock, then the first is given back
    unset_last: { ...inline(unsetMigratetypeIsolate), onDone: { actions: 'sipr_first', target: 'unset_first' } },
    unset_first: { ...inline(unsetMigratetypeIsolate), onDone: { actions: 'sipr_busy', target: 'done' } },
    middle: { always: [{ guard: 'sipr_middle_left', target: 'isolate_middle' }, { target: 'done' }] },
    isolate_middle: {
      ...inline(setMigratetypeIsolate),
      onDone: [{ guard: 'iso_busy', actions: 'sipr_undo_middle', target: 'undo_middle' }, { actions: 'sipr_middle_next', target: 'middle' }],
    },
    undo_middle: { ...inline(undoIsolatePageRange), onDone: { actions: 'sipr_last', target: 'unset_last_middle' } },
    unset_last_middle: { ...inline(unsetMigratetypeIsolate), onDone: { actions: 'sipr_busy', target: 'done' } },
    done: { type: 'final' },
  },
});
