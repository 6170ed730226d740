/**
 * undo_isolate_page_range(start_pfn, end_pfn): every isolated pageblock from IR.cur to
 * IR.undoEnd (the caller sets them: the range rounded out to pageblocks, or a part of it) is
 * given back with unset_migratetype_isolate(), one zone->lock hold each; the test whether a
 * pageblock is isolated is lockless.
 */
import { inline } from '../../../src/machine/compile.ts';
import { fromInput, isolation } from '../setup.ts';
import { unsetMigratetypeIsolate } from './unset_migratetype_isolate.ts';

export const undoIsolatePageRange = isolation.createMachine({
  id: 'undo_isolate_page_range',
  context: fromInput,
  initial: 'loop',
  states: {
    loop: { always: [{ guard: 'undo_more', target: 'check' }, { target: 'done' }] },
    check: { always: [{ guard: 'cur_isolated', target: 'unset_migratetype_isolate' }, { actions: 'undo_next', target: 'loop' }] },
    unset_migratetype_isolate: { ...inline(unsetMigratetypeIsolate), onDone: { actions: 'undo_next', target: 'loop' } },
    done: { type: 'final' },
  },
});
