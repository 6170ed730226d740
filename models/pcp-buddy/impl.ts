/**
 * Guards and actions of the pcp-buddy RFC's paths (seed 002, reference §7), on top of the PCP
 * model's (whose entries here with a PCP name replace them): the four-phase refill, free routing
 * to the owner's pageset, the drain's merge pass with whole blocks released and partial ones
 * remembered, CPU offline and pageblock isolation. What the RFC leaves open is decided by named
 * guards and actions, so that each candidate answer is a variant overriding them.
 *
 * Registers beyond the PCP model's (R in ../mm/layout.ts), each the model's own (the layout gives
 * every thread {@link NREG_PCP_BUDDY} registers), so that no inlined path can clobber them:
 * - {@link RB.viaOwner} (free path): the target pageset is the block's owner, locked with a plain
 *   spin_lock; 0 for the local pageset under pcp_spin_trylock;
 * - {@link RB.pieces} (drains and isolation): the pages of one owned block taken off a pageset by
 *   the merge pass, as a bitmask of offsets in the block; {@link RB.block} its pageblock;
 * - {@link RB.remembered} (refill): pcp->owned_blocks when phase 0 started; {@link RB.cursor} the
 *   blocks phase 0 has still to look at;
 * - {@link RB.claimed} (refill): the block phase 1 claimed;
 * - {@link RB.target} (isolation): the pageblock being isolated.
 * R.cpu (Mm.cpuReg) is the pageset a free, drain, offline or isolation works on.
 */
import { NIL, NREG, PG, R } from '../mm/layout.ts';
import type { Mm } from '../mm/kernel.ts';
import { InternalError } from '../../src/util/unreachable.ts';
import { actions as pcpActions, guards as pcpGuards, fallbackSearch, MODE, sgn, tracksFreeCount, EXTRA, type FirstFree } from '../pcp/impl.ts';
import {
  CPU_STATE,
  blockName,
  blockOf,
  expandOnPcp,
  listedMask,
  nextPiece,
  ownerOf,
  pcpPut,
  piecesOnPcp,
  reservedBlock,
  setCpuState,
  setIsolated,
  setListed,
  setOwner,
  takeBlockFromZone,
  takePiecesOfBlock,
  isolatedBlock,
} from './state.ts';

/** The pcp-buddy paths' own registers, after the shared ones (see the module comment). */
export const RB = {
  /** Free path: the target pageset is the block's owner, locked with a plain spin_lock. */
  viaOwner: NREG,
  /** Drains and isolation: the pages of one owned block taken off a pageset by the merge pass, a bitmask of offsets in the block. */
  pieces: NREG + 1,
  /** The pageblock of {@link RB.pieces}. */
  block: NREG + 2,
  /** Refill: pcp->owned_blocks when phase 0 started. */
  remembered: NREG + 3,
  /** Refill: the blocks phase 0 has still to look at. */
  cursor: NREG + 4,
  /** Refill: the block phase 1 claimed. */
  claimed: NREG + 5,
  /** Isolation: the pageblock being isolated. */
  target: NREG + 6,
} as const;
/** Registers per thread of the pcp-buddy model. */
export const NREG_PCP_BUDDY = NREG + 7;

/** PCP parameters of the configuration (the model always has a pcp section). */
function pcpConfig(k: Mm) {
  const p = k.g.config.pcp;
  if (!p) throw new InternalError('the pcp-buddy model was built without a pcp section');
  return p;
}

/** The first block on free_list[order][mt] an allocation may take, skipping reserved ones. */
export function firstFree(owned: boolean): FirstFree {
  return (k, order, mt) => {
    for (let p = k.freeListFirst(order, mt), n = 0; p !== NIL && n <= k.g.nPfn; p = k.s[k.L.next + p], n++) if (!reservedBlock(k, p, order, owned)) return p;
    return NIL;
  };
}

/**
 * The allocation-side guards and actions that pick blocks off the free lists: __rmqueue_smallest,
 * __rmqueue_claim and __rmqueue_steal, and the refill's phases 1 and 2. They skip isolated
 * pageblocks (on the ISOLATE list in the kernel) and, with `owned`, the free pieces of owned
 * pageblocks: remembered fragments are then left for their owner's phase 0.
 */
export function allocationSearch(owned: boolean) {
  const first = firstFree(owned);
  const fb = fallbackSearch(first);
  return {
    guards: {
      /** get_page_from_free_area() would return NULL (no block this allocation may take). */
      free_list_empty: (k: Mm) => first(k, k.r(R.i), k.r(R.mt)) === NIL,
      ...fb.guards,
      /**
       * Phase 1: a whole pageblock fits under pcp->high (with what the refill holds already) and a
       * free one of the requested migratetype is available.
       */
      phase1_possible: (k: Mm) => {
        const pb = k.g.pageblockOrder;
        if (k.pcpCount(k.cpu) + k.r(R.end) + (1 << pb) > k.pcpHigh(k.cpu)) return false;
        return orderWithFree(k, first, pb, k.g.maxOrder, k.r(R.mt), false) >= 0;
      },
      /** Phase 2: pages still wanted and a free chunk between the requested order and pageblock_order. */
      phase2_chunk: (k: Mm) => k.r(R.end) < k.r(R.n) && orderWithFree(k, first, k.r(R.order) + 1, k.g.pageblockOrder - 1, k.r(R.mt), false) >= 0,
    },
    actions: {
      /** get_page_from_free_area(): the first block this allocation may take. */
      get_page_from_free_area: (k: Mm) => k.set(R.pfn, first(k, k.r(R.i), k.r(R.mt))),
      ...fb.actions,
      /**
       * Phase 1 under zone->lock: the smallest free block of at least pageblock_order of the
       * requested migratetype; the rest of a larger block goes back to the zone.
       */
      claim_pageblock: (k: Mm) => {
        const pb = k.g.pageblockOrder;
        const mt = k.r(R.mt);
        const o = orderWithFree(k, first, pb, k.g.maxOrder, mt, false);
        const pfn = first(k, o, mt);
        k.delFromFreeList(pfn, o, mt, 'rmqueue_bulk (phase 1)');
        const back = k.expand(pfn, pb, o, mt, 'rmqueue_bulk (phase 1)');
        k.accountFreepages(-((1 << o) - back), mt);
        k.set(RB.claimed, pfn);
      },
      /**
       * Phase 2: the largest free chunk of the requested migratetype below pageblock_order (no
       * stealing), split on the pageset unowned, at the tail of the lists.
       */
      take_chunk: (k: Mm) => {
        const mt = k.r(R.mt);
        const req = k.r(R.order);
        const o = orderWithFree(k, first, req + 1, k.g.pageblockOrder - 1, mt, true);
        const pfn = first(k, o, mt);
        k.delFromFreeList(pfn, o, mt, 'rmqueue_bulk (phase 2)');
        k.accountFreepages(-(1 << o), mt);
        k.set(R.end, k.r(R.end) + expandOnPcp(k, k.cpu, pfn, req, o, mt, false, 'rmqueue_bulk (phase 2)'));
        k.covered('split', o);
      },
    },
  };
}

const reserved = allocationSearch(true);

/** The pages a refill asks for: nr_pcp_alloc() blocks of the requested order. */
function wantedPages(k: Mm): number {
  pcpActions.rmqueue_bulk_init(k);
  return k.r(R.n) << k.r(R.order);
}

/** The smallest (or largest) order in [from, to] with a block of mt an allocation may take, -1 when none. */
function orderWithFree(k: Mm, first: FirstFree, from: number, to: number, mt: number, largestFirst: boolean): number {
  for (let i = 0; i <= to - from; i++) {
    const o = largestFirst ? to - i : from + i;
    if (first(k, o, mt) !== NIL) return o;
  }
  return -1;
}

/** A marked (owned) piece on this CPU's PCP larger than the request, to split on the PCP: [pfn, order, list mt] or null. */
function splittablePiece(k: Mm): [number, number, number] | null {
  const req = k.r(R.order);
  for (const o of k.L.pcpOrders) {
    if (o <= req) continue;
    const lmt = k.L.pcpListMt(o, k.r(R.mt));
    for (let p = k.pcpFirst(k.cpu, o, lmt), n = 0; p !== NIL && n <= k.g.nPfn; p = k.s[k.L.next + p], n++) if (k.flags(p) & PG.pcpBuddy) return [p, o, lmt];
  }
  return null;
}

/** The owner of the block of the page being freed, -1 when none. */
function ownerOfPage(k: Mm): number {
  return ownerOf(k.L, k.s, blockOf(k.L, k.r(R.pfn)));
}

/** Every pageset entry of a CPU, as [pfn, order, list mt]. */
function pcpEntries(k: Mm, cpu: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const { order, mt } of k.L.pcpPindex)
    for (let p = k.s[k.L.pcpListHead(cpu, order, mt)], n = 0; p !== NIL && n <= k.g.nPfn; p = k.s[k.L.next + p], n++) out.push([p, order, mt]);
  return out;
}

/** Guards: read-only decisions. */
export const guards = {
  ...pcpGuards,
  ...reserved.guards,
  /** The RFC's ownership is on (the ownership-off variant behaves as the PCP model). */
  ownership_enabled: (_k: Mm) => true,

  // ------------------------------------------------------------ refill (rmqueue_bulk)
  /** The refill has the pages it asked for. */
  refill_satisfied: (k: Mm) => k.r(R.end) >= k.r(R.n),
  /** Phase 0: a remembered block is still to be looked at. */
  phase0_block_left: (k: Mm) => k.r(RB.cursor) !== 0,
  /** Phase 0: the remembered block has the requested migratetype (pbd_migratetype). */
  phase0_block_matches: (k: Mm) => k.blockMt(k.r(RB.block) << k.g.pageblockOrder) === k.r(R.mt),
  /** Phase 3 (__rmqueue): pages still wanted. */
  bulk_more: (k: Mm) => k.r(R.end) < k.r(R.n),
  /** The PCP list has a block of the request, or an owned piece to split for it. */
  pcp_list_nonempty: (k: Mm) => pcpGuards.pcp_list_nonempty(k) || splittablePiece(k) !== null,

  // ------------------------------------------------------------ free routing
  /** free_one_page(): the page's pageblock is isolated (is_migrate_isolate). */
  block_isolated: (k: Mm) => isolatedBlock(k.L, k.s, blockOf(k.L, k.r(R.pfn))),
  /** The page's block is owned: the free goes to the owner's pageset. */
  owned_page: (k: Mm) => k.r(RB.viaOwner) === 1,
  /** The owner's pcp->lock is free. */
  owner_lock_free: (k: Mm) => k.pcpLockFree(k.cpuReg()),
  /** The owner's pcp->lock is taken with spin_lock: a free that finds it held waits. */
  owner_lock_spins: (_k: Mm) => true,
  /** With a trylock: a failed one falls back to the local pageset (else to the buddy). */
  owner_fallback_local: (_k: Mm) => false,
  /** Under the owner's pcp->lock, the block is still owned by that CPU (the owner is re-read). */
  still_owner: (k: Mm) => ownerOfPage(k) === k.cpuReg(),
  /** free_frozen_page_commit on the target pageset: pcp->count < high. */
  target_below_high: (k: Mm) => k.pcpCount(k.cpuReg()) < k.pcpHigh(k.cpuReg()),
  /** The commit's loop is over (`to_free == 0 || pcp->count == 0`) on the target pageset. */
  target_commit_done: (k: Mm) => sgn(k.r(R.n)) <= 0 || k.pcpCount(k.cpuReg()) === 0,
  /** Between batches: the target's lock is taken again (trylock on the local pageset, spin_lock on the owner's). */
  relock_ok: (k: Mm) => k.pcpLockFree(k.cpuReg()),
  /** A failed re-trylock of the local pageset ends the commit ("pcp returned unlocked"); the owner's is waited for. */
  relock_gives_up: (k: Mm) => k.r(RB.viaOwner) !== 1,

  // ------------------------------------------------------------ drain (free_pcppages_bulk)
  /** The block taken off the PCP is an owned piece (PagePCPBuddy). */
  taken_pcp_buddy: (k: Mm) => (k.flags(k.r(R.pfn)) & PG.pcpBuddy) !== 0,
  /** The merge pass reassembled the whole pageblock. */
  block_whole: (k: Mm) => k.r(RB.pieces) === (1 << (1 << k.g.pageblockOrder)) - 1,
  /** Pieces of the block are left to free. */
  block_pieces_left: (k: Mm) => k.r(RB.pieces) !== 0,

  // ------------------------------------------------------------ offline and isolation
  /** The CPU whose pageset is worked on still owns the pageblock being isolated. */
  target_owned: (k: Mm) => ownerOf(k.L, k.s, k.r(RB.target)) >= 0,
  /** The pageblock being isolated is owned by the CPU whose pcp->lock is held. */
  target_still_owned_by_locked: (k: Mm) => ownerOf(k.L, k.s, k.r(RB.target)) === k.cpuReg(),
};

/** Actions: the atomic pieces of each step. */
export const actions = {
  ...pcpActions,
  ...reserved.actions,

  // ------------------------------------------------------------ refill (rmqueue_bulk)
  /**
   * rmqueue_bulk: the pages wanted (nr_pcp_alloc() blocks of the order), none obtained yet,
   * RMQUEUE_NORMAL, and the owned_blocks list phase 0 starts from.
   */
  rfc_bulk_init: (k: Mm) => {
    k.set(R.n, wantedPages(k));
    k.set(R.end, 0);
    k.set(R.mode, MODE.NORMAL);
    const listed = listedMask(k.L, k.s, k.cpu);
    k.set(RB.remembered, listed);
    k.set(RB.cursor, listed);
  },
  /** Phase 0: the next remembered block, in pfn order. */
  phase0_next_block: (k: Mm) => {
    const left = k.r(RB.cursor);
    k.set(RB.block, 31 - Math.clz32(left & -left));
    k.set(RB.cursor, left & (left - 1));
  },
  /**
   * Phase 0: the block's free fragments come back from the zone's free lists to this pageset,
   * marked PagePCPBuddy, and the block leaves owned_blocks ("the drain path re-adds it if new
   * fragments arrive").
   */
  recover_fragments: (k: Mm) => {
    const b = k.r(RB.block);
    const mt = k.blockMt(b << k.g.pageblockOrder);
    let pages = 0;
    for (const [p, o] of takeBlockFromZone(k, b, 'rmqueue_bulk (phase 0)')) pages += pcpPut(k, k.cpu, p, o, mt, true, 'rmqueue_bulk (phase 0)');
    k.set(R.end, k.r(R.end) + pages);
    setListed(k, k.cpu, b, false, 'rmqueue_bulk (phase 0)');
  },
  /**
   * Ghost, P11 fragment recovery: after phase 0 of a refill for migratetype mt, no block this CPU
   * remembered with type mt has a free piece left on the zone's lists, and every block phase 0
   * took back had type mt.
   */
  ghost_fragment_recovery: (k: Mm) => {
    const mt = k.r(R.mt);
    const pb = k.g.pageblockOrder;
    const remembered = k.r(RB.remembered);
    const now = listedMask(k.L, k.s, k.cpu);
    for (let b = 0; b < k.g.nPageblocks; b++) {
      if (!(remembered & (1 << b))) continue;
      const type = k.blockMt(b << pb);
      if (!(now & (1 << b)) && type !== mt) {
        k.fail('P11', `${k.who}'s refill for ${k.mtName(mt)} took back the fragments of ${blockName(k.L, b)}, a ${k.mtName(type)} block: its pages now serve ${k.mtName(mt)} allocations`, {
          cpus: [k.cpu],
          hint: 'Phase 0 must skip owned blocks whose pbd_migratetype differs from the requested one.',
        });
        return;
      }
      if (type !== mt || isolatedBlock(k.L, k.s, b)) continue;
      const left = zonePieceIn(k, b);
      if (left !== NIL) {
        k.fail('P11', `after phase 0 of ${k.who}'s ${k.mtName(mt)} refill, pfn ${left} of remembered ${blockName(k.L, b)} is still on the zone's free lists`, {
          pfns: [left],
          cpus: [k.cpu],
          hint: 'Phase 0 must take back every free piece of each remembered block of the requested migratetype.',
        });
        return;
      }
    }
  },
  /** Phase 1: the CPU takes ownership of the claimed block, still under zone->lock. */
  take_ownership: (k: Mm) => setOwner(k, blockOf(k.L, k.r(RB.claimed)), k.cpu, 'rmqueue_bulk (phase 1)'),
  /** Phase 1, after zone->lock is dropped: the block is split on this pageset, every piece PagePCPBuddy. */
  split_claimed_block: (k: Mm) => {
    const pages = expandOnPcp(k, k.cpu, k.r(RB.claimed), k.r(R.order), k.g.pageblockOrder, k.r(R.mt), true, 'rmqueue_bulk (phase 1)');
    k.set(R.end, k.r(R.end) + pages);
    k.covered('split', k.g.pageblockOrder);
  },
  /** Phase 3: list_add_tail() of the block __rmqueue() returned; the refill counts pages. */
  rmqueue_bulk_add_tail: (k: Mm) => {
    const order = k.r(R.order);
    k.pcpListAdd(k.cpu, k.r(R.pfn), order, k.L.pcpListMt(order, k.r(R.mt)), true, 'rmqueue_bulk');
    k.set(R.end, k.r(R.end) + (1 << order));
  },
  /** __rmqueue_pcplist after the refill: `pcp->count += pages obtained`. */
  pcp_count_add_alloced: (k: Mm) => k.addPcpCount(k.cpu, k.r(R.end), '__rmqueue_pcplist'),
  /**
   * __rmqueue_pcplist: take the head of the list; with none of the requested order, first split
   * the smallest larger owned piece on the PCP (the PCP-level buddy). The page leaves the PCP:
   * PagePCPBuddy is cleared.
   */
  pcp_take_head: (k: Mm) => {
    if (!pcpGuards.pcp_list_nonempty(k)) {
      const piece = splittablePiece(k);
      if (piece) {
        const [p, o, lmt] = piece;
        k.pcpListDel(k.cpu, p, o, lmt, '__rmqueue_pcplist');
        k.clearFlag(p, PG.pcpBuddy);
        expandOnPcp(k, k.cpu, p, k.r(R.order), o, k.blockMt(p), true, '__rmqueue_pcplist');
        k.covered('split', o);
      }
    }
    pcpActions.pcp_take_head(k);
    k.clearFlag(k.r(R.pfn), PG.pcpBuddy);
  },

  // ------------------------------------------------------------ free routing
  /**
   * The owner of the page's block, read without a lock from its pageblock_data: an owned page
   * goes to the owner's pageset (R.cpu), any other to the local one.
   */
  read_owner: (k: Mm) => {
    const owner = ownerOfPage(k);
    k.setCpuReg(owner >= 0 ? owner : k.cpu);
    k.set(RB.viaOwner, owner >= 0 ? 1 : 0);
  },
  /** A failed trylock of the owner's lock: the page goes to the local pageset instead. */
  route_local: (k: Mm) => {
    k.setCpuReg(k.cpu);
    k.set(RB.viaOwner, 0);
  },
  /** spin_lock(&owner->pcp->lock) (pcp_spin_lock_maybe_irqsave on SMP). */
  pcp_lock_owner: (k: Mm) => k.pcpLock(k.cpuReg(), true, 'spin_lock(&pcp->lock) of the owner'),
  /**
   * free_frozen_page_commit on the target pageset: list_add() at the head, `pcp->count += nr`,
   * free_count; an owned page is marked PagePCPBuddy. Checks P10: a free never puts a page of a
   * block another CPU owns on this pageset.
   */
  rfc_commit: (k: Mm) => {
    const cpu = k.cpuReg();
    const pfn = k.r(R.pfn);
    const order = k.r(R.order);
    const owner = ownerOfPage(k);
    if (owner >= 0 && owner !== cpu)
      k.fail('P10', `${k.who} frees pfn ${pfn} of ${blockName(k.L, blockOf(k.L, pfn))}, owned by cpu${owner}, onto cpu${cpu}'s pageset`, {
        pfns: [pfn],
        cpus: [owner, cpu],
        hint: 'Frees of an owned page must go to its owner\'s pageset (or not to a pageset at all), whichever CPU frees it.',
      });
    const lmt = k.L.pcpListMt(order, k.r(R.mt));
    k.set(R.pindex, k.L.pcpPindex.findIndex((l) => l.order === order && l.mt === lmt));
    k.pcpListAdd(cpu, pfn, order, lmt, false, 'free_frozen_page_commit');
    k.addPcpCount(cpu, 1 << order, 'free_frozen_page_commit');
    if (k.r(RB.viaOwner) === 1) k.setFlag(pfn, PG.pcpBuddy);
    const p = pcpConfig(k);
    if (tracksFreeCount(p.batch, p.high)) {
      const at = k.L.extra[EXTRA.freeCount] + cpu;
      if (k.s[at] < p.batch << p.scaleMax) k.s[at] += 1 << order;
    }
  },
  /** nr_pcp_free() of the target pageset. */
  target_nr_pcp_free: (k: Mm) => {
    k.covered('high-crossing');
    const cpu = k.cpuReg();
    const batch = k.pcpBatch(cpu);
    const high = k.pcpHigh(cpu);
    if (high < batch) return k.set(R.n, 1);
    const p = pcpConfig(k);
    const fc = tracksFreeCount(p.batch, p.high) ? k.s[k.L.extra[EXTRA.freeCount] + cpu] : 0;
    k.set(R.n, Math.min(Math.max(fc, batch), high - batch));
  },
  /** `to_free_batched = min(to_free, batch)`: free_pcppages_bulk of the target, starting at the freed list. */
  target_commit_batch: (k: Mm) => {
    const n = k.r(R.n);
    const batched = Math.min(n, k.pcpBatch(k.cpuReg()));
    if (n > batched) k.covered('batch-crossing');
    k.set(R.cnt, batched);
    k.set(R.n, n - batched);
    k.set(R.tmp, k.r(R.pindex));
  },
  /** The target's lock again between batches (a trylock of the local one, spin_lock of the owner's). */
  relock_target: (k: Mm) => k.pcpLock(k.cpuReg(), k.r(RB.viaOwner) === 1, 'free_frozen_page_commit'),

  // ------------------------------------------------------------ drain (free_pcppages_bulk)
  /**
   * The merge pass under pcp->lock: the owned piece just taken and every other piece of its
   * block on this pageset come off the lists (they count against the drain's count).
   */
  take_owned_block: (k: Mm) => {
    const cpu = k.cpuReg();
    const pfn = k.r(R.pfn);
    const b = blockOf(k.L, pfn);
    k.clearFlag(pfn, PG.pcpBuddy);
    const before = k.pcpCount(cpu);
    const rest = takePiecesOfBlock(k, cpu, b, 'free_pcppages_bulk (merge pass)');
    k.set(R.cnt, (k.r(R.cnt) - (before - k.pcpCount(cpu))) & 0xffff);
    const start = b << k.g.pageblockOrder;
    k.set(RB.pieces, rest | (((1 << (1 << k.r(R.order))) - 1) << (pfn - start)));
    k.set(RB.block, b);
  },
  /** The whole pageblock reassembled: it goes to the buddy as one block. */
  whole_block_piece: (k: Mm) => {
    const start = k.r(RB.block) << k.g.pageblockOrder;
    k.set(R.pfn, start);
    k.set(R.order, k.g.pageblockOrder);
    k.set(R.mt, k.blockMt(start));
    k.set(RB.pieces, 0);
    k.covered('merge', k.g.pageblockOrder);
  },
  /** The next piece the merge pass formed (the largest aligned run of the block's pages). */
  next_block_piece: (k: Mm) => {
    const mask = k.r(RB.pieces);
    const [off, order] = nextPiece(mask, k.g.pageblockOrder);
    const pfn = (k.r(RB.block) << k.g.pageblockOrder) + off;
    k.set(R.pfn, pfn);
    k.set(R.order, order);
    k.set(R.mt, k.blockMt(pfn));
    k.set(RB.pieces, mask & ~(((1 << (1 << order)) - 1) << off));
  },
  /** A whole block returned to the buddy: ownership is released and the block leaves owned_blocks. */
  release_block: (k: Mm) => {
    const b = k.r(RB.block);
    setOwner(k, b, -1, 'free_pcppages_bulk');
    setListed(k, k.cpuReg(), b, false, 'free_pcppages_bulk');
  },
  /** A fragment of a partial block: __free_one_page's result queued at the tail of its free list. */
  queue_fragment_tail: (k: Mm) => k.addToFreeList(k.r(R.pfn), k.r(R.order), k.r(R.mt), true, 'free_pcppages_bulk (fragment)'),
  /** The partial block is remembered on the owner's owned_blocks (kept owned). */
  remember_block: (k: Mm) => setListed(k, k.cpuReg(), k.r(RB.block), true, 'free_pcppages_bulk (fragment)'),

  // ------------------------------------------------------------ CPU offline (page_alloc_cpu_dead)
  /** The CPU is going down: its tasks and interrupts run no more. */
  cpu_going_down: (k: Mm) => setCpuState(k, k.cpuReg(), CPU_STATE.goingDown),
  /**
   * Under the dead CPU's pcp->lock and zone->lock: every block it owns is released and its
   * owned_blocks list emptied; its pieces still on its pageset lose PagePCPBuddy (the drain that
   * follows frees them as ordinary pages).
   */
  release_dead_cpu: (k: Mm) => {
    const cpu = k.cpuReg();
    k.zoneLock();
    for (let b = 0; b < k.g.nPageblocks; b++) if (ownerOf(k.L, k.s, b) === cpu) setOwner(k, b, -1, 'page_alloc_cpu_dead');
    for (let b = 0; b < k.g.nPageblocks; b++) if (listedMask(k.L, k.s, cpu) & (1 << b)) setListed(k, cpu, b, false, 'page_alloc_cpu_dead');
    k.zoneUnlock('page_alloc_cpu_dead');
    for (const [p] of pcpEntries(k, cpu)) k.clearFlag(p, PG.pcpBuddy);
  },
  /** page_alloc_cpu_dead() is done: the CPU is offline. */
  cpu_offline: (k: Mm) => setCpuState(k, k.cpuReg(), CPU_STATE.offline),

  // ------------------------------------------------------------ isolation (start_isolate_page_range)
  /** The owner of the pageblock to isolate, read without a lock; its pcp->lock is taken first. */
  read_target_owner: (k: Mm) => k.setCpuReg(Math.max(0, ownerOf(k.L, k.s, k.r(RB.target)))),
  /** set_pageblock_isolate under zone->lock. */
  isolate_target: (k: Mm) => setIsolated(k, k.r(RB.target), true, 'start_isolate_page_range'),
  /** The owner's pieces of the block come off its pageset (to be freed to the buddy). */
  take_target_pieces: (k: Mm) => {
    const b = k.r(RB.target);
    k.set(RB.block, b);
    k.set(RB.pieces, takePiecesOfBlock(k, k.cpuReg(), b, 'start_isolate_page_range'));
  },
  /** Ownership of the isolated block is released, and it leaves the owner's owned_blocks. */
  release_target: (k: Mm) => {
    const b = k.r(RB.target);
    setOwner(k, b, -1, 'start_isolate_page_range');
    setListed(k, k.cpuReg(), b, false, 'start_isolate_page_range');
  },
  /**
   * Ghost, Q2: once the block is isolated (and drained), no owned state survives: no CPU owns it,
   * no owned_blocks list holds it, and no pageset holds an owned piece of it.
   */
  ghost_isolation_postcondition: (k: Mm) => {
    const b = k.r(RB.target);
    const owner = ownerOf(k.L, k.s, b);
    const lists: number[] = [];
    const pieces: number[] = [];
    for (let c = 0; c < k.g.cpus; c++) {
      if (listedMask(k.L, k.s, c) & (1 << b)) lists.push(c);
      for (const [p] of piecesOnPcp(k, c, b)) pieces.push(p);
    }
    if (owner >= 0 || lists.length || pieces.length)
      k.fail(
        'Q2',
        `${k.who} has isolated ${blockName(k.L, b)}, but ` +
          [owner >= 0 ? `cpu${owner} still owns it` : '', lists.length ? `it is still on ${lists.map((c) => `cpu${c}`).join(', ')}'s owned_blocks` : '', pieces.length ? `owned pieces pfn ${pieces.join(', ')} are still on a pageset` : '']
            .filter(Boolean)
            .join(', and '),
        {
          cpus: owner >= 0 ? [owner] : lists,
          pfns: pieces,
          hint: 'Frees of its pages would still go to the owner\'s pageset, and the owner\'s phase 0 would pull its fragments off the ISOLATE list: isolation must release the block from its owner.',
        },
      );
  },
  /** undo_isolate_page_range (alloc_contig_range's end): the block is usable again. */
  unisolate_target: (k: Mm) => {
    k.zoneLock();
    setIsolated(k, k.r(RB.target), false, 'undo_isolate_page_range');
    k.zoneUnlock('undo_isolate_page_range');
  },
};

/** The first free block on the zone's lists that overlaps pageblock b, NIL when none. */
function zonePieceIn(k: Mm, b: number): number {
  const pb = k.g.pageblockOrder;
  const start = b << pb;
  const end = start + (1 << pb);
  for (let o = 0; o < k.g.nOrders; o++)
    for (let mt = 0; mt < k.g.nMt; mt++)
      for (let p = k.freeListFirst(o, mt), n = 0; p !== NIL && n <= k.g.nPfn; p = k.s[k.L.next + p], n++) if (p < end && p + (1 << o) > start) return Math.max(p, start);
  return NIL;
}

/** Names of the pcp-buddy model's guards. */
export type PcpBuddyGuard = keyof typeof guards;
/** Names of the pcp-buddy model's actions. */
export type PcpBuddyAction = keyof typeof actions;
