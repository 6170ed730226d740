/**
 * P11 fragment recovery (the pcp-buddy RFC, seed 002): after phase 0 of a CPU's refill for a
 * migratetype, every block of that migratetype the CPU remembered has its free pieces back on
 * its pageset (none left on the zone's lists), and phase 0 took back no block of another
 * migratetype. Raised by the refill itself (`ghost_fragment_recovery` in
 * models/pcp-buddy/impl.ts), at the end of phase 0.
 */
import type { Property } from './types.ts';

/** P11 fragment recovery. */
export const P11: Property = {
  code: 'P11',
  title: 'fragment recovery',
  meaning: "after the owner's next refill of a migratetype, its remembered blocks of that type have no free piece left on the zone's lists, and no block of another type was taken back",
  kind: 'step',
};
