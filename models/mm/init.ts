/**
 * The boot state of a zone: every pageblock typed as configured (MOVABLE by default, as
 * memmap_init leaves them) and all memory free, merged as __free_pages_core() would merge it.
 */
import { UsageError } from '../../src/util/unreachable.ts';
import type { Geometry } from '../../src/config/geometry.ts';
import type { Mm } from './kernel.ts';
import { HOLD, NIL, PG } from './layout.ts';

/**
 * Rejects initial pageblock types that boot would not keep: two different mergeable types inside
 * one max-order block would be merged at boot and the buddy's pageblock retyped (reference §1.5).
 */
export function checkInitialTypes(g: Geometry): void {
  const types = g.config.pageblockTypes;
  if (!types) return;
  const per = 1 << (g.maxOrder - g.pageblockOrder);
  for (let b = 0; b < types.length; b += per) {
    const group = types.slice(b, b + per);
    for (let i = 1; i < group.length; i++) {
      const a = g.mt[group[0]];
      const c = g.mt[group[i]];
      if (a !== c && g.mergeable[a] && g.mergeable[c])
        throw new UsageError(
          `invalid configuration: pageblockTypes[${b}] (${group[0]}) and pageblockTypes[${b + i}] (${group[i]}) lie in one max-order block ` +
            `(pfn ${b << g.pageblockOrder}..${((b + per) << g.pageblockOrder) - 1}); boot would merge them and retype one, so that state is unreachable. ` +
            'Give them the same type, use a non-mergeable type (HIGHATOMIC, CMA), or set maxOrder = pageblockOrder.',
        );
    }
  }
}

/**
 * Writes the boot state of the zone into the bound state. With `preallocated` blocks, those are
 * handed to callers (refcount 1 on the head, on the LRU when movable) and every other page is
 * freed one by one, merging as far as the rules allow: a fragmented zone as a long-running
 * system would have it.
 */
export function initZone(k: Mm): void {
  const { L, g, s } = k;
  s.fill(NIL, L.freeHead, L.freeHead + g.nOrders * g.nMt);
  s.fill(NIL, L.next, L.next + g.nPfn);
  if (L.pcpLists) s.fill(NIL, L.pcpHead, L.pcpHead + g.cpus * L.pcpLists);
  const types = g.config.pageblockTypes;
  for (let b = 0; b < g.nPageblocks; b++) s[L.pbType + b] = types ? g.mt[types[b]] : g.mt.MOVABLE;
  const pre = g.config.preallocated ?? [];
  if (!pre.length) {
    // Boot frees memory in pfn order with FPI_TO_TAIL (__free_pages_core), merging as far as the
    // pageblock rule allows; freeing pageblock by pageblock gives the same result.
    for (let b = 0; b < g.nPageblocks; b++) bootFree(k, b << g.pageblockOrder, g.pageblockOrder, s[L.pbType + b]);
    s[L.nrFreePages] = g.nPfn;
    return;
  }
  let held = 0;
  for (const b of pre) {
    const movable = b.movable ?? k.blockMt(b.pfn) === g.mt.MOVABLE;
    k.giveToPool(b.pfn, b.order);
    // A pinned block is held but is no pool head, so no free of the workload can pick it.
    if (b.pinned) k.s[L.gUnit + b.pfn] = 0;
    k.setRef(b.pfn, 1);
    for (let p = b.pfn; p < b.pfn + (1 << b.order); p++) if (movable) k.setFlag(p, PG.lru);
    held += 1 << b.order;
  }
  for (let p = 0; p < g.nPfn; p++) if (k.hold(p) === HOLD.none) bootFree(k, p, 0, k.blockMt(p));
  s[L.nrFreePages] = g.nPfn - held;
}

function bootFree(k: Mm, pfn: number, order: number, mt: number): void {
  const g = k.g;
  while (order < g.maxOrder) {
    const buddy = pfn ^ (1 << order);
    if (!k.pageIsBuddy(buddy, order)) break;
    const bmt = order >= g.pageblockOrder ? k.blockMt(buddy) : mt;
    if (bmt !== mt && (!g.mergeable[bmt] || !g.mergeable[mt])) break;
    k.delFromFreeList(buddy, order, bmt, 'boot');
    pfn &= buddy;
    order++;
  }
  k.addToFreeList(pfn, order, mt, true, 'boot');
}
