/**
 * P12 isolation accounting (reference §1.4, §8 items 8 and 9): NR_FREE_PAGES counts exactly the
 * free pages on the free lists of every type but MIGRATE_ISOLATE (account_freepages() leaves
 * isolated pages out), and never exceeds the zone's managed pages (its pages less those offlined).
 * A merge of an isolated pageblock's free page with a normal one, or a move accounted under one
 * type only, shows here as the "MemFree > MemTotal" the CMA and offline reports saw.
 */
import type { Finding } from '../src/engine/types.ts';
import type { MmView } from '../models/mm/view.ts';
import { HOLD } from '../models/mm/layout.ts';
import { hasIsolation, sectionOnline } from '../models/isolation/state.ts';
import type { Property } from './types.ts';

const signed = (v: number) => (v > 0x7fff ? v - 0x10000 : v);

/** The P12 check. */
export function checkIsolationAccounting(v: MmView): Finding | null {
  const { L, s } = v;
  const g = L.geo;
  const iso = g.mt.ISOLATE;
  if (iso < 0) return null;
  let counted = 0;
  let isolated = 0;
  const isoBlocks: string[] = [];
  v.forEachListed((pfn, order, place) => {
    if (place.kind !== 'buddy') return true;
    if (place.mt === iso) {
      isolated += 1 << order;
      isoBlocks.push(order ? `pfn ${pfn}..${pfn + (1 << order) - 1}` : `pfn ${pfn}`);
    } else counted += 1 << order;
    return true;
  });
  const nr = signed(s[L.nrFreePages]);
  let managed = g.nPfn;
  if (hasIsolation(L)) for (let p = 0; p < g.nPfn; p++) if (s[L.gHold + p] === HOLD.leaked && !sectionOnline(L, s, p)) managed--;
  if (nr !== counted) {
    const over = nr > counted;
    return {
      code: 'P12',
      message:
        `NR_FREE_PAGES is ${nr}, but the free lists outside MIGRATE_ISOLATE hold ${counted} pages` +
        (over && isolated && nr - counted <= isolated ? `: free pages of isolated pageblocks are counted (free_list[ISOLATE] holds ${isoBlocks.join(', ')})` : over ? ': it overcounts' : ': it undercounts') +
        (nr > managed ? `, and it exceeds the zone's ${managed} managed pages (MemFree > MemTotal)` : ''),
      hint: over
        ? 'A free page of an isolated pageblock was counted: a merge across an isolated pageblock (3c605096d315, d9dddbf55667), or a move to MIGRATE_ISOLATE not accounted under the old type.'
        : 'Pages left NR_FREE_PAGES twice: a move from MIGRATE_ISOLATE not accounted under the new type, or a take accounted under the wrong type.',
    };
  }
  if (nr > managed)
    return { code: 'P12', message: `NR_FREE_PAGES is ${nr}, more than the zone's ${managed} managed pages (MemFree > MemTotal)`, hint: 'Offlined pages are still counted as free.' };
  return null;
}

/** P12 isolation accounting. */
export const P12: Property = {
  code: 'P12',
  title: 'isolation accounting',
  meaning: "NR_FREE_PAGES counts exactly the free pages outside MIGRATE_ISOLATE lists, and never exceeds the zone's managed pages",
  kind: 'state',
  check: checkIsolationAccounting,
};
