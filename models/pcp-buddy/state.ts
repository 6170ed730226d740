/**
 * The state the pcp-buddy RFC (seed 002) adds to a zone, kept in `extra` word arrays of the
 * layout, and the helpers that read and change it:
 * - per pageblock, the owner CPU (struct pageblock_data's owner, kept as CPU + 1, 0 for none)
 *   and whether the block is isolated (the ISOLATE bit, kept apart from its migratetype);
 * - per CPU, `pcp->owned_blocks` as a bitmask of pageblocks (the list of blocks whose fragments
 *   the CPU remembers, walked in pfn order), and whether the CPU is offline;
 * - per page, PagePCPBuddy (PG.pcpBuddy) on the head of each owned piece on its owner's PCP.
 *
 * Readers take `(L, s)` so that properties (through a view) and kernel steps (through `Mm`) share
 * them. Writers check the lock discipline the RFC implies (P7): the owner of a block changes only
 * under zone->lock and the pcp->lock of the CPU that gains or loses it; a CPU's owned_blocks list
 * changes only under its pcp->lock.
 */
import type { Mm } from '../mm/kernel.ts';
import { NIL, PG, type MmLayout } from '../mm/layout.ts';
import { InternalError } from '../../src/util/unreachable.ts';

/** Names of the extra word arrays (also what `pagecheck validate` calls them in a difference). */
export const OWN = {
  /** Per pageblock: owner CPU + 1, 0 when no CPU owns it. */
  owner: 'pageblock_data.owner',
  /** Per pageblock: 1 while isolated (start_isolate_page_range ... undo_isolate_page_range). */
  isolated: 'pageblock isolated',
  /** Per CPU: bitmask of the pageblocks on its pcp->owned_blocks list (remembered fragments). */
  listed: 'pcp->owned_blocks',
  /** Per CPU: 0 online, 1 going down (page_alloc_cpu_dead running), 2 offline. */
  dead: 'cpu offline',
} as const;

/** CPU states of {@link OWN.dead}. */
export const CPU_STATE = { online: 0, goingDown: 1, offline: 2 } as const;

/** The largest number of pageblocks an owned_blocks bitmask can hold. */
export const MAX_PAGEBLOCKS = 16;

/** Word offset of an extra array (the layout must have it). */
export function extraAt(L: MmLayout, name: string): number {
  const at = L.extra[name];
  if (at === undefined) throw new InternalError(`the layout has no extra array '${name}'`);
  return at;
}

/** True when the layout carries pageblock ownership (the pcp-buddy model). */
export function hasOwnership(L: MmLayout): boolean {
  return L.extra[OWN.owner] !== undefined;
}

/** Owner CPU of pageblock b, -1 when none. */
export function ownerOf(L: MmLayout, s: Uint16Array, b: number): number {
  return s[extraAt(L, OWN.owner) + b] - 1;
}
/** Pageblock b is isolated. */
export function isolatedBlock(L: MmLayout, s: Uint16Array, b: number): boolean {
  return s[extraAt(L, OWN.isolated) + b] !== 0;
}
/** The owned_blocks bitmask of a CPU. */
export function listedMask(L: MmLayout, s: Uint16Array, cpu: number): number {
  return s[extraAt(L, OWN.listed) + cpu];
}
/** The CPU's online state ({@link CPU_STATE}). */
export function cpuState(L: MmLayout, s: Uint16Array, cpu: number): number {
  return s[extraAt(L, OWN.dead) + cpu];
}
/** Pageblock of a pfn. */
export function blockOf(L: MmLayout, pfn: number): number {
  return pfn >> L.geo.pageblockOrder;
}
/** `pageblock 1 (pfn 2..3)`, for messages. */
export function blockName(L: MmLayout, b: number): string {
  const o = L.geo.pageblockOrder;
  return o === 0 ? `pageblock ${b} (pfn ${b})` : `pageblock ${b} (pfn ${b << o}..${((b + 1) << o) - 1})`;
}

/** Pageblocks overlapping a block of `order` at pfn. */
export function blocksCovered(L: MmLayout, pfn: number, order: number): { first: number; count: number } {
  const pb = L.geo.pageblockOrder;
  return { first: pfn >> pb, count: order > pb ? 1 << (order - pb) : 1 };
}

// ------------------------------------------------------------------ writers (kernel steps)

/**
 * Sets (or, with cpu = -1, clears) the owner of pageblock b. The RFC takes ownership under
 * zone->lock with the claiming CPU's pcp->lock held (rmqueue_bulk runs under it), and every
 * release holds the owner's pcp->lock and zone->lock: a free that holds the owner's pcp->lock
 * may then trust the owner it read. Anything else is a P7 finding.
 */
export function setOwner(k: Mm, b: number, cpu: number, fn: string): void {
  const at = extraAt(k.L, OWN.owner) + b;
  const old = k.s[at] - 1;
  if (k.checked) {
    const side = cpu >= 0 ? cpu : old;
    if (!k.holdsZoneLock())
      k.fail('P7', `${k.who} in ${fn} changes the owner of ${blockName(k.L, b)} without holding zone->lock`, { cpus: [side] });
    else if (side >= 0 && !k.holdsPcpLock(side))
      k.fail('P7', `${k.who} in ${fn} changes the owner of ${blockName(k.L, b)} (cpu${side}) without holding cpu${side}'s pcp->lock`, {
        cpus: [side],
        hint: 'A free that holds the owner\'s pcp->lock trusts the owner it read: ownership may change only under that lock.',
      });
  }
  if (k.s[at] !== cpu + 1) k.covered('owner-change');
  k.s[at] = cpu + 1;
}

/** Adds (or removes) pageblock b to (from) cpu's owned_blocks list; P7 unless cpu's pcp->lock is held. */
export function setListed(k: Mm, cpu: number, b: number, on: boolean, fn: string): void {
  if (k.checked && !k.holdsPcpLock(cpu))
    k.fail('P7', `${k.who} in ${fn} changes cpu${cpu}'s pcp->owned_blocks without holding its pcp->lock`, { cpus: [cpu] });
  const at = extraAt(k.L, OWN.listed) + cpu;
  k.s[at] = on ? k.s[at] | (1 << b) : k.s[at] & ~(1 << b);
}

/** Marks pageblock b isolated or not (under zone->lock, as set_pageblock_isolate does). */
export function setIsolated(k: Mm, b: number, on: boolean, fn: string): void {
  if (k.checked && !k.holdsZoneLock()) k.fail('P7', `${k.who} in ${fn} changes the isolation of ${blockName(k.L, b)} without holding zone->lock`);
  k.s[extraAt(k.L, OWN.isolated) + b] = on ? 1 : 0;
}

/** Sets a CPU's online state. */
export function setCpuState(k: Mm, cpu: number, state: number): void {
  k.s[extraAt(k.L, OWN.dead) + cpu] = state;
}

// ------------------------------------------------------------------ PCP-level buddy pieces

/**
 * Puts a piece at the tail of cpu's PCP list of its order, marked PagePCPBuddy when `owned`; a
 * piece of an order without PCP lists is split into halves until it has one. Returns its pages.
 */
export function pcpPut(k: Mm, cpu: number, pfn: number, order: number, mt: number, owned: boolean, fn: string): number {
  if (k.L.pcpIndexOfOrder[order] < 0) {
    if (order === 0) throw new InternalError('order 0 has no PCP list');
    return pcpPut(k, cpu, pfn, order - 1, mt, owned, fn) + pcpPut(k, cpu, pfn + (1 << (order - 1)), order - 1, mt, owned, fn);
  }
  k.pcpListAdd(cpu, pfn, order, k.L.pcpListMt(order, mt), true, fn);
  if (owned) k.setFlag(pfn, PG.pcpBuddy);
  return 1 << order;
}

/**
 * Splits a block on cpu's PCP, as expand() would in the buddy: the low piece of order `low`
 * (which the allocation takes) and the upper halves, in pfn order at the tail of the lists,
 * marked PagePCPBuddy when `owned`. Returns the pages put on the PCP.
 */
export function expandOnPcp(k: Mm, cpu: number, pfn: number, low: number, high: number, mt: number, owned: boolean, fn: string): number {
  let pages = pcpPut(k, cpu, pfn, low, mt, owned, fn);
  for (let o = low; o < high; o++) pages += pcpPut(k, cpu, pfn + (1 << o), o, mt, owned, fn);
  return pages;
}

/** Every marked piece of pageblock b on cpu's PCP lists: [pfn, order, list mt] triples. */
export function piecesOnPcp(k: Mm, cpu: number, b: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const { order, mt } of k.L.pcpPindex)
    for (let p = k.s[k.L.pcpListHead(cpu, order, mt)], n = 0; p !== NIL && n <= k.g.nPfn; p = k.s[k.L.next + p], n++)
      if (blockOf(k.L, p) === b && k.flags(p) & PG.pcpBuddy) out.push([p, order, mt]);
  return out;
}

/**
 * The PCP-level merge pass over one block, as a bitmask of the block's page offsets: takes every
 * marked piece of pageblock b off cpu's PCP lists (pcp->count follows), clears PagePCPBuddy and
 * returns the pages present. Which pieces they form is decided by {@link nextPiece}.
 */
export function takePiecesOfBlock(k: Mm, cpu: number, b: number, fn: string): number {
  const start = b << k.g.pageblockOrder;
  let mask = 0;
  for (const [p, order, lmt] of piecesOnPcp(k, cpu, b)) {
    k.pcpListDel(cpu, p, order, lmt, fn);
    k.addPcpCount(cpu, -(1 << order), fn);
    k.clearFlag(p, PG.pcpBuddy);
    mask |= ((1 << (1 << order)) - 1) << (p - start);
  }
  return mask;
}

/**
 * The first piece of a merge pass: the largest naturally aligned run of present pages (at most
 * the whole pageblock) starting at the lowest one. Returns [offset, order].
 */
export function nextPiece(mask: number, pageblockOrder: number): [number, number] {
  const off = 31 - Math.clz32(mask & -mask);
  let order = 0;
  while (order < pageblockOrder) {
    const size = 1 << (order + 1);
    if (off & (size - 1)) break;
    const run = ((1 << size) - 1) << off;
    if ((mask & run) !== run) break;
    order++;
  }
  return [off, order];
}

/**
 * Takes pageblock b's free pages out of the zone's free lists (the pieces inside it, or the part
 * of a larger free block that covers it, whose other halves go back), accounted as allocated.
 * Returns them as [pfn, order] pieces. Caller holds zone->lock.
 */
export function takeBlockFromZone(k: Mm, b: number, fn: string): [number, number][] {
  const pb = k.g.pageblockOrder;
  const start = b << pb;
  const end = start + (1 << pb);
  // A free block larger than the pageblock that contains it.
  for (let o = pb + 1; o <= k.g.maxOrder; o++) {
    const head = start & ~((1 << o) - 1);
    if (!k.pageIsBuddy(head, o)) continue;
    k.delFromFreeList(head, o, k.blockMt(head), fn);
    for (let cur = o; cur > pb; cur--) {
      const half = 1 << (cur - 1);
      const lowHead = start & ~((1 << cur) - 1);
      const other = start & half ? lowHead : lowHead + half;
      k.addToFreeList(other, cur - 1, k.blockMt(other), false, fn);
    }
    k.accountFreepages(-(1 << pb), k.blockMt(start));
    return [[start, pb]];
  }
  const out: [number, number][] = [];
  for (let p = start; p < end; ) {
    if (k.isBuddy(p) && p + (1 << k.priv(p)) <= end) {
      const o = k.priv(p);
      k.delFromFreeList(p, o, k.blockMt(p), fn);
      k.accountFreepages(-(1 << o), k.blockMt(p));
      out.push([p, o]);
      p += 1 << o;
    } else p++;
  }
  return out;
}

/**
 * A block on a free list that other allocations must leave alone: one overlapping an isolated
 * pageblock (its pages are on the ISOLATE list in the kernel) or, with `owned`, a pageblock a CPU
 * owns (a remembered fragment, kept for its owner's phase 0).
 */
export function reservedBlock(k: Mm, pfn: number, order: number, owned: boolean): boolean {
  const { first, count } = blocksCovered(k.L, pfn, order);
  const own = extraAt(k.L, OWN.owner);
  const iso = extraAt(k.L, OWN.isolated);
  for (let b = first; b < first + count; b++) if (k.s[iso + b] !== 0 || (owned && k.s[own + b] !== 0)) return true;
  return false;
}
