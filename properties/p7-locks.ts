/**
 * P7 lock discipline: a lock is released only by its holder, free lists change only under
 * zone->lock, a PCP's lists and count only under its pcp->lock, pcp->lock is never taken while
 * it is held (no nested critical sections on one pageset) nor while holding zone->lock (the
 * order is pcp->lock, then zone->lock), and no deadlock. Raised at the step by the helpers of
 * models/mm/kernel.ts (zoneLock, pcpLock, pcpUnlock, and every free-list and PCP-list change);
 * deadlocks are reported by the explorer.
 */
import type { Property } from './types.ts';

/** P7 lock discipline. */
export const P7: Property = {
  code: 'P7',
  title: 'lock discipline',
  meaning: 'locks released by their holder; lists changed only under their lock; pcp->lock before zone->lock; no deadlock',
  kind: 'step',
};
