/**
 * P15 HIGHATOMIC reserves (§8 item 13): outside zone->lock, zone->nr_reserved_highatomic equals
 * the pages of the pageblocks whose migratetype is HIGHATOMIC (an isolated one counted by the type
 * it keeps), so that every pageblock of a reserved buddy is retyped and counted once; and
 * unreserve_highatomic_pageblock() never takes more than is reserved (its WARN_ON_ONCE, raised
 * at the step).
 */
import type { Finding } from '../src/engine/types.ts';
import type { MmView } from '../models/mm/view.ts';
import { baseType, blockName, hasIsolation, reservedHighatomic } from '../models/isolation/state.ts';
import type { Property } from './types.ts';

/** The state half of P15. */
export function checkHighatomic(v: MmView): Finding | null {
  const { L, s } = v;
  const g = L.geo;
  if (!hasIsolation(L) || g.mt.HIGHATOMIC < 0 || s[L.zoneLock] !== 0) return null;
  const blocks: number[] = [];
  for (let b = 0; b < g.nPageblocks; b++) if (baseType(L, s, b) === g.mt.HIGHATOMIC) blocks.push(b);
  const reserved = reservedHighatomic(L, s);
  const typed = blocks.length * g.pageblockPages;
  if (reserved === typed) return null;
  return {
    code: 'P15',
    message: `nr_reserved_highatomic is ${reserved}, but the HIGHATOMIC pageblocks hold ${typed} pages (${blocks.length ? blocks.map((b) => blockName(L, b)).join(', ') : 'none'})`,
    hint: 'Reserving or unreserving a buddy larger than a pageblock must retype every pageblock it covers and count each once (change_pageblock_range(), 1 << order).',
  };
}

/** P15 HIGHATOMIC reserves. */
export const P15: Property = {
  code: 'P15',
  title: 'highatomic reserves',
  meaning: 'nr_reserved_highatomic equals the pages of HIGHATOMIC pageblocks (every pageblock of a reserved buddy retyped and counted once); an unreserve never underflows it',
  kind: 'state',
  check: checkHighatomic,
};
