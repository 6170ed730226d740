/**
 * expand(zone, page, low, high, migratetype): split an order-`high` block down to `low`, each
 * upper half to the head of its free list; the caller keeps the lowest sub-block.
 * Runs inside the caller's zone->lock step (all states transient).
 */
import { buddy, fromInput } from '../setup.ts';

export const expand = buddy.createMachine({
  id: 'expand',
  context: fromInput,
  initial: 'split',
  states: {
    split: {
      always: [{ guard: 'high_above_low', actions: 'split_off_upper_half', target: 'split' }, { target: 'done' }],
    },
    done: { type: 'final' },
  },
});
