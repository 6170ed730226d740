/**
 * P7 lock discipline: a lock is released only by its holder, free lists change only under
 * zone->lock, a PCP's lists only under its pcp->lock, pcp->lock is taken before zone->lock, and
 * no deadlock. Raised at the step by the lock helpers; deadlocks are reported by the explorer.
 */
import type { Property } from './types.ts';

/** P7 lock discipline. */
export const P7: Property = {
  code: 'P7',
  title: 'lock discipline',
  meaning: 'locks released by their holder; lists changed only under their lock; pcp->lock before zone->lock; no deadlock',
  kind: 'step',
};
