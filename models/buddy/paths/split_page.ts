/**
 * split_page(page, order): a non-compound, refcounted block becomes 2^order order-0 pages, each
 * with refcount 1. Lock-free: it touches only pages the caller holds.
 */
import { buddy, fromInput } from '../setup.ts';

export const splitPage = buddy.createMachine({
  id: 'split_page',
  context: fromInput,
  initial: 'split_page',
  states: {
    split_page: { on: { STEP: { actions: ['split_page', 'ghost_hand_split_to_caller'], target: 'done' } } },
    done: { type: 'final' },
  },
});
