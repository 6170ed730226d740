/**
 * Q1 quiescence: when every workload is done and every held block is freed, memory is fully
 * merged: no two free buddies of the same order that __free_one_page() would merge are both
 * still on the lists (subject to the pageblock rule of reference §1.5). Models with PCP lists
 * drain every CPU before this check.
 */
import type { Finding } from '../src/engine/types.ts';
import type { MmView } from '../models/mm/view.ts';
import type { Property } from './types.ts';

/** The Q1 check on a terminal state. */
export function checkMerged(v: MmView): Finding | null {
  const { L, s } = v;
  const g = L.geo;
  const headOrder = new Int8Array(g.nPfn).fill(-1);
  const headMt = new Int8Array(g.nPfn).fill(-1);
  let pcp = -1;
  v.forEachListed((pfn, order, place) => {
    if (place.kind === 'pcp') {
      pcp = pfn;
      return false;
    }
    headOrder[pfn] = order;
    headMt[pfn] = place.mt;
    return true;
  });
  if (pcp >= 0) return { code: 'Q1', message: `pfn ${pcp} is still on a PCP list at quiescence, after every CPU was drained`, pfns: [pcp] };
  for (let p = 0; p < g.nPfn; p++) {
    const o = headOrder[p];
    if (o < 0 || o >= g.maxOrder) continue;
    const b = p ^ (1 << o);
    if (b < p || b >= g.nPfn || headOrder[b] !== o) continue;
    if (o >= g.pageblockOrder) {
      const ta = s[L.pbType + (p >> g.pageblockOrder)];
      const tb = s[L.pbType + (b >> g.pageblockOrder)];
      if (ta !== tb && (!g.mergeable[ta] || !g.mergeable[tb])) continue;
    }
    return {
      code: 'Q1',
      message: `at quiescence, free buddies pfn ${p} and pfn ${b} (both order ${o}) are not merged into an order-${o + 1} block`,
      pfns: [p, b],
      orders: [o],
      hint: 'The merge loop in __free_one_page() stops too early, or a free path bypasses merging.',
    };
  }
  return null;
}

/** Q1 quiescence. */
export const Q1: Property = {
  code: 'Q1',
  title: 'full merge at quiescence',
  meaning: 'when all work is done and every held block is freed, free memory is fully merged (subject to the pageblock rule)',
  kind: 'quiescent',
  check: checkMerged,
};
