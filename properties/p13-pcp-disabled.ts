/**
 * P13 pcplists disabled (§8 item 4, ec6e8c7e0314): from the return of zone_pcp_disable() (high 0,
 * batch 1, then a drain of every CPU, forced) until zone_pcp_enable(), no page stays on a pageset:
 * a free either finished before the drain or sees high 0 and frees the page at once, and a refill
 * takes one block and hands it out. So a pageset whose pcp->lock is free holds nothing. Memory
 * offline relies on it: a page parked on a pageset of an isolated range is neither free for
 * test_pages_isolated() nor movable, and the offline never ends.
 */
import type { Finding } from '../src/engine/types.ts';
import type { MmView } from '../models/mm/view.ts';
import { hasIsolation, pcpDisabled } from '../models/isolation/state.ts';
import type { Property } from './types.ts';

/** The P13 check. */
export function checkPcpDisabled(v: MmView): Finding | null {
  const { L, s } = v;
  if (!hasIsolation(L) || !L.pcpOrders.length || !pcpDisabled(L, s)) return null;
  for (let cpu = 0; cpu < L.geo.cpus; cpu++) {
    if (s[L.pcpLock + cpu] !== 0) continue;
    const pfns: number[] = [];
    v.forEachListed((pfn, _order, place) => {
      if (place.kind === 'pcp' && place.cpu === cpu) pfns.push(pfn);
      return true;
    });
    if (pfns.length)
      return {
        code: 'P13',
        message: `the pcplists are disabled (zone_pcp_disable() has returned), but cpu${cpu}'s pageset holds pfn ${pfns.join(', ')} with its pcp->lock free (pcp->count ${s[L.pcpCount + cpu]}, high ${s[L.pcpHigh + cpu]})`,
        pfns,
        cpus: [cpu],
        hint: 'zone_pcp_disable() must set high 0 before its drain and drain every CPU whatever its pcp->count reads (__drain_all_pages(zone, true)): a racy count misses a refill, a high left as it was keeps a later free.',
      };
  }
  return null;
}

/** P13 pcplists disabled. */
export const P13: Property = {
  code: 'P13',
  title: 'pcplists disabled',
  meaning: 'between the return of zone_pcp_disable() and zone_pcp_enable(), no page stays on a pageset (every pageset whose pcp->lock is free is empty)',
  kind: 'state',
  check: checkPcpDisabled,
};
