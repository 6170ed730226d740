/**
 * P14 range isolation: what start_isolate_page_range()'s callers (alloc_contig_range(),
 * offline_pages()) rely on, raised at the steps that promise it (../models/isolation/impl.ts):
 * - test_pages_isolated() succeeds only when every page of the range is free on
 *   free_list[ISOLATE] of an isolated pageblock (hwpoisoned pages excepted when offlining);
 * - when the call's undo_isolate_page_range() returns, no pageblock it isolated is still
 *   isolated, and no call gives back a pageblock another isolated ("Once the pageblocks are
 *   marked as MIGRATE_ISOLATE ... they should not be modified by others");
 * - alloc_contig_range() returns 0 holding exactly the range, as order-0 pages with refcount 1;
 *   __offline_isolated_pages() finds every page a free buddy, and offline_pages() returns 0 with
 *   no page of the range held or listed;
 * and after every step: no page of an offline section is on a free list or a pageset, or held
 * (but a poisoned one, which test_pages_isolated() accepts whatever its refcount).
 */
import type { Finding } from '../src/engine/types.ts';
import type { MmView } from '../models/mm/view.ts';
import { HOLD } from '../models/mm/layout.ts';
import { hasIsolation, offlinedPage, sectionOnline } from '../models/isolation/state.ts';
import type { Property } from './types.ts';

/** The state half of P14: offline sections are empty. */
export function checkOfflineSections(v: MmView): Finding | null {
  const { L, s } = v;
  if (!hasIsolation(L)) return null;
  const g = L.geo;
  let f: Finding | null = null;
  v.forEachListed((pfn, order, place) => {
    for (let p = pfn; p < Math.min(g.nPfn, pfn + (1 << order)); p++)
      if (!sectionOnline(L, s, p)) {
        f = {
          code: 'P14',
          message: `pfn ${p} of offline section ${p >> g.sectionShift} is ${place.kind === 'buddy' ? `on free_area[${order}].free_list[${g.mts[place.mt]}]` : `on cpu${place.cpu}'s pageset`}`,
          pfns: [p],
          hint: 'Every page of an offlined range must have left the buddy and the pagesets (__offline_isolated_pages()); a page freed into the range after the test is a page the allocator will hand out from removed memory.',
        };
        return false;
      }
    return true;
  });
  if (f) return f;
  for (let p = 0; p < g.nPfn; p++)
    if (!sectionOnline(L, s, p) && !offlinedPage(L, s, p))
      return { code: 'P14', message: `pfn ${p} of offline section ${p >> g.sectionShift} is ${s[L.gHold + p] === HOLD.none ? 'still the allocator\'s' : 'held by a caller or a thread'}`, pfns: [p] };
  return null;
}

/** P14 range isolation. */
export const P14: Property = {
  code: 'P14',
  title: 'range isolation',
  meaning:
    'test_pages_isolated() succeeds only when every page of the range is free and isolated; an undo gives back every pageblock its call isolated and none another did; alloc_contig_range() and offline_pages() return 0 only with the range allocated or removed; no page of an offline section is listed or held',
  kind: 'state',
  check: checkOfflineSections,
};
