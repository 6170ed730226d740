/**
 * unreserve_highatomic_pageblock(ac, force), from an allocation about to fail (direct reclaim's
 * retry, or near OOM with force): unless it is the last reserved pageblock and not forced (read
 * without the lock), one zone->lock hold (a step) gives the first free HIGHATOMIC block back to
 * the caller's migratetype (IR.force, R.mt).
 */
import { fromInput, isolation } from '../setup.ts';

export const unreserveHighatomicPageblock = isolation.createMachine({
  id: 'unreserve_highatomic_pageblock',
  context: fromInput,
  initial: 'spin_lock',
  states: {
    spin_lock: {
      on: {
        STEP: [
          { guard: 'unreserve_keeps_last', target: 'done' },
          { guard: 'zone_lock_free', actions: ['zone_lock', 'unreserve_highatomic_pageblock', 'zone_unlock'], target: 'done' },
        ],
      },
    },
    done: { type: 'final' },
  },
});
