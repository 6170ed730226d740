/**
 * The boot state of a zone: every pageblock typed as configured (MOVABLE by default, as
 * memmap_init leaves them) and all memory free, merged as __free_pages_core() would merge it.
 */
import { UsageError } from '../../src/util/unreachable.ts';
import type { Config } from '../../src/config/schema.ts';
import type { Geometry } from '../../src/config/geometry.ts';
import type { Mm } from './kernel.ts';
import { HOLD, NIL, PG } from './layout.ts';

/**
 * Rejects a hwpoisoned pfn (`key`[i]) that boot does not hand to a caller: a poisoned page must be
 * held at boot (preallocated), since a free one would be handed out and check_new_pages() is not
 * modelled.
 */
export function checkPoisonedHeld(config: Config, pfns: readonly number[], key: string): void {
  const held = new Set<number>();
  for (const b of config.preallocated ?? []) for (let p = b.pfn; p < b.pfn + (1 << b.order); p++) held.add(p);
  pfns.forEach((p, i) => {
    if (!held.has(p))
      throw new UsageError(`invalid configuration: ${key}[${i}] (pfn ${p}) is not preallocated; a hwpoisoned page must be held at boot (a free one would be handed out, and check_new_pages() is not modelled)`);
  });
}

/**
 * Rejects initial pageblock types that boot would not keep: boot frees every page not
 * preallocated and merges as far as the rules allow, so two wholly free buddies of different
 * mergeable types would be merged and one retyped (reference §1.5). Types that differ inside a
 * max-order block are kept when a held page (preallocated) keeps them apart, as a running system
 * has them after a claim retyped one pageblock.
 */
export function checkInitialTypes(g: Geometry): void {
  const types = g.config.pageblockTypes;
  if (!types) return;
  const pb = g.pageblockOrder;
  const held = new Uint8Array(g.nPfn);
  for (const b of g.config.preallocated ?? []) held.fill(1, b.pfn, Math.min(g.nPfn, b.pfn + (1 << b.order)));
  // The free blocks of pageblock order and above, as boot leaves them: start pfn → [order, type, first pageblock].
  let blocks = new Map<number, { order: number; mt: number; from: number }>();
  for (let b = 0; b < types.length; b++) {
    const first = b << pb;
    if (!held.subarray(first, first + (1 << pb)).includes(1)) blocks.set(first, { order: pb, mt: g.mt[types[b]], from: b });
  }
  for (let order = pb; order < g.maxOrder; order++) {
    const next = new Map(blocks);
    for (const [pfn, x] of blocks) {
      const buddy = pfn ^ (1 << order);
      const y = blocks.get(buddy);
      if (x.order !== order || !y || y.order !== order || buddy < pfn) continue;
      if (x.mt !== y.mt && !(g.mergeable[x.mt] && g.mergeable[y.mt])) continue;
      if (x.mt !== y.mt)
        throw new UsageError(
          `invalid configuration: pageblockTypes[${x.from}] (${types[x.from]}) and pageblockTypes[${y.from}] (${types[y.from]}) are wholly free buddies at boot ` +
            `(pfn ${pfn}..${pfn + (2 << order) - 1}); boot would merge them and retype one, so that state is unreachable. ` +
            'Give them the same type, use a non-mergeable type (HIGHATOMIC, CMA), keep a page of one allocated (preallocated), or set maxOrder = pageblockOrder.',
        );
      next.delete(buddy);
      next.set(pfn, { order: order + 1, mt: x.mt, from: x.from });
    }
    blocks = next;
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
