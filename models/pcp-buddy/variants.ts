/**
 * Variants of the pcp-buddy model: the baseline (the RFC, with each open question answered by a
 * reading that keeps every property), ownership-off (the PCP model's behaviour, for `pagecheck
 * validate`), the candidates (other readings of the open questions, each with the verdict the
 * checker gives it) and the mutants (plausible mistakes in implementing the RFC, each caught by
 * the property it breaks).
 */
import { inline } from '../../src/machine/compile.ts';
import type { Mm } from '../mm/kernel.ts';
import { PG, R } from '../mm/layout.ts';
import { drainPagesZone } from '../pcp/paths/drain_pages_zone.ts';
import type { Variant } from '../types.ts';
import { RB, actions, allocationSearch } from './impl.ts';
import { irqConfigs } from './configs.ts';
import { configs as pcpConfigs } from '../pcp/configs.ts';
import { cachedMigratetypeActions, mutants as pcpMutants } from '../pcp/variants.ts';
import { InternalError } from '../../src/util/unreachable.ts';
import { fromInput, pcpBuddy } from './setup.ts';
import { freeFrozenPages } from './paths/__free_frozen_pages.ts';
import { blockOf, listedMask, ownerOf, piecesOnPcp, setListed, setOwner } from './state.ts';

const SEED_002 = 'seed 002: "[RFC 0/2] mm: page_alloc: pcp buddy allocator" (Johannes Weiner, 3 Apr 2026)';

/** The RFC as modelled, with the answers that keep every property. */
export const baseline: Variant = {
  name: 'baseline',
  kind: 'baseline',
  description:
    "the RFC (reference §7.3) with its open questions answered: spin_lock on the owner's pcp->lock with the owner re-read under it; offline and isolation release the block under the owner's pcp->lock and zone->lock; remembered fragments left to their owner",
  source: SEED_002,
};

/** The PCP model's behaviour inside this model, to validate the RFC against. */
export const patches: Variant[] = [
  {
    name: 'ownership-off',
    kind: 'patch',
    description: 'no pageblock ownership: refills are the PCP model\'s __rmqueue loop and every free goes to the local pageset (mm/page_alloc.c without the RFC)',
    source: 'reference §4 (today\'s per-CPU pagesets)',
    guards: { ownership_enabled: () => false },
    config: 'jemalloc',
  },
];

/** page_alloc_cpu_dead() that drains the dead CPU's pageset first (as today) and releases its blocks afterwards. */
const cpuDeadDrainFirst = pcpBuddy.createMachine({
  id: 'page_alloc_cpu_dead',
  context: fromInput,
  initial: 'cpu_down',
  states: {
    cpu_down: { on: { STEP: { actions: 'cpu_going_down', target: 'drain_pages' } } },
    drain_pages: { ...inline(drainPagesZone), onDone: 'spin_lock' },
    spin_lock: { on: { STEP: { guard: 'target_pcp_lock_free', actions: 'pcp_lock_target', target: 'zone_lock' } } },
    zone_lock: { on: { STEP: { guard: 'zone_lock_free', actions: ['release_dead_cpu', 'pcp_unlock_target', 'cpu_offline'], target: 'done' } } },
    done: { type: 'final' },
  },
});

/** Isolation as alloc_contig_range does it today: isolate under zone->lock, then drain the pagesets (the owner's). */
const isolateThenDrain = pcpBuddy.createMachine({
  id: 'isolate_pageblock',
  context: fromInput,
  initial: 'read_owner',
  states: {
    read_owner: { on: { STEP: { guard: 'zone_lock_free', actions: ['zone_lock', 'isolate_target', 'zone_unlock'], target: 'route' } } },
    route: { always: [{ guard: 'target_owned', actions: 'read_target_owner', target: 'drain_pages' }, { target: 'undo' }] },
    drain_pages: { ...inline(drainPagesZone), onDone: 'undo' },
    undo: { on: { STEP: { guard: 'zone_lock_free', actions: ['ghost_isolation_postcondition', 'unisolate_target'], target: 'done' } } },
    done: { type: 'final' },
  },
});

const borrowable = allocationSearch(false);
const reservedForOwner = allocationSearch(true);

/** The open questions of the RFC, by key (the findings report's sections). */
export const QUESTIONS = {
  ownerLock: 'owner-lock',
  drainRace: 'drain-race',
  offline: 'offline',
  isolation: 'isolation',
  fragments: 'fragments',
} as const;

/** Other readings of what the RFC leaves open, each with the verdict the checker gives it. */
export const candidates: Variant[] = [
  {
    name: 'trylock-then-local',
    kind: 'candidate',
    question: QUESTIONS.ownerLock,
    description: "a free of an owned page trylocks the owner's pcp->lock; when that fails, the page goes to the local pageset (the existing fallback of the pageset choice)",
    source: SEED_002,
    guards: { owner_lock_spins: () => false, owner_fallback_local: () => true },
    expect: 'P10',
    config: 'drain-race',
  },
  {
    name: 'trylock-then-buddy',
    kind: 'candidate',
    question: QUESTIONS.ownerLock,
    description: "a free of an owned page trylocks the owner's pcp->lock; when that fails, free_one_page() puts it in the buddy (today's fallback of a failed pcp_spin_trylock)",
    source: SEED_002,
    guards: { owner_lock_spins: () => false, owner_fallback_local: () => false },
    expect: 'P10',
    config: 'drain-race',
  },
  {
    name: 'spin-lock-in-irq',
    kind: 'candidate',
    question: QUESTIONS.ownerLock,
    description: "the baseline's spin_lock on the owner's pcp->lock, with interrupt contexts: pcp->lock is held with IRQs on, so an interrupt may free an owned page while its own CPU's task holds that lock",
    source: SEED_002,
    configs: irqConfigs,
    expect: 'deadlock',
    config: 'irq',
  },
  {
    name: 'offline-keeps-ownership',
    kind: 'candidate',
    question: QUESTIONS.offline,
    description: "page_alloc_cpu_dead() as today: it drains the dead CPU's pageset (partial blocks are remembered) and does nothing about its blocks",
    source: SEED_002,
    actions: { release_dead_cpu: () => {} },
    expect: 'Q2',
    config: 'offline',
  },
  {
    name: 'offline-drain-then-release',
    kind: 'candidate',
    question: QUESTIONS.offline,
    description: "page_alloc_cpu_dead() drains the dead CPU's pageset first (as today), then releases its blocks in a second pcp->lock hold",
    source: SEED_002,
    machines: { page_alloc_cpu_dead: cpuDeadDrainFirst },
    expect: 'Q2',
    config: 'offline',
  },
  {
    name: 'no-owner-recheck',
    kind: 'candidate',
    question: QUESTIONS.offline,
    description: "the baseline, but a free trusts the owner it read before taking the owner's pcp->lock (no re-read under it)",
    source: SEED_002,
    guards: { still_owner: () => true },
    expect: 'P10',
    config: 'offline',
  },
  {
    name: 'isolation-drains-only',
    kind: 'candidate',
    question: QUESTIONS.isolation,
    description: "isolation as alloc_contig_range does it today: set the block isolated under zone->lock, then drain the pagesets (the owner's drain remembers a partial block and keeps it owned)",
    source: SEED_002,
    machines: { isolate_pageblock: isolateThenDrain },
    expect: 'Q2',
    config: 'isolation',
  },
  {
    name: 'fragments-borrowable',
    kind: 'candidate',
    question: QUESTIONS.fragments,
    description: "remembered fragments are ordinary free pages for other allocations (\"queued last\", so least likely, but not never, taken): any refill or rmqueue_buddy may take them",
    source: SEED_002,
    guards: borrowable.guards,
    actions: borrowable.actions,
    expect: 'P10',
    config: 'default',
  },
  {
    name: 'fragments-taken-not-claimed',
    kind: 'candidate',
    question: QUESTIONS.fragments,
    description: 'phase 1 never claims a block a CPU owns, but phases 2 and 3 and rmqueue_buddy take remembered fragments like any free page',
    source: SEED_002,
    guards: { ...borrowable.guards, phase1_possible: reservedForOwner.guards.phase1_possible },
    actions: { ...borrowable.actions, claim_pageblock: reservedForOwner.actions.claim_pageblock },
    expect: 'P10',
    config: 'tight',
  },
];

/** Plausible mistakes in implementing the RFC; `pagecheck mutants` must catch every one. */
export const mutants: Variant[] = [
  {
    name: 'whole-block-keeps-owner',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'the drain returns a reassembled pageblock to the buddy without releasing its ownership',
    actions: { release_block: (k: Mm) => setListed(k, k.cpuReg(), k.r(RB.block), false, 'free_pcppages_bulk') },
    expect: 'P10',
    config: 'default',
  },
  {
    name: 'fragment-at-head',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'the drain queues a partial block\'s pieces at the head of the zone\'s free lists instead of the tail, so other CPUs take them first',
    actions: { queue_fragment_tail: (k: Mm) => k.addToFreeList(k.r(R.pfn), k.r(R.order), k.r(R.mt), false, 'free_pcppages_bulk (fragment)') },
    expect: 'divergence',
    config: 'default',
  },
  {
    name: 'phase0-wrong-migratetype',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'phase 0 recovers the remembered blocks whose migratetype differs from the request instead of those that match',
    guards: { phase0_block_matches: (k: Mm) => k.blockMt(k.r(RB.block) << k.g.pageblockOrder) !== k.r(R.mt) },
    expect: 'P11',
    config: 'types',
  },
  {
    name: 'remote-free-to-local-pageset',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'a free of an owned page goes to the freeing CPU\'s pageset, not the owner\'s',
    actions: {
      read_owner: (k: Mm) => {
        k.setCpuReg(k.cpu);
        k.set(RB.viaOwner, 0);
      },
    },
    expect: 'P10',
    config: 'default',
  },
  {
    name: 'owner-marked-after-split',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'phase 1 drops zone->lock and splits the claimed block onto the pageset before marking it owned (the owner is set when the refill is counted)',
    actions: {
      take_ownership: () => {},
      pcp_count_add_alloced: (k: Mm) => {
        actions.pcp_count_add_alloced(k);
        const b = blockOf(k.L, k.r(RB.claimed));
        if (ownerOf(k.L, k.s, b) < 0 && piecesOnPcp(k, k.cpu, b).length) setOwner(k, b, k.cpu, 'rmqueue_pcplist');
      },
    },
    expect: 'P10',
    config: 'default',
  },
  {
    name: 'offline-releases-listed-only',
    kind: 'mutant',
    baseline: 'baseline',
    description: "page_alloc_cpu_dead() releases only the blocks on the dead CPU's owned_blocks, missing those whose pages are all allocated (they are not listed)",
    actions: {
      release_dead_cpu: (k: Mm) => {
        const cpu = k.cpuReg();
        k.zoneLock();
        const listed = listedMask(k.L, k.s, cpu);
        for (let b = 0; b < k.g.nPageblocks; b++)
          if (listed & (1 << b)) {
            setOwner(k, b, -1, 'page_alloc_cpu_dead');
            setListed(k, cpu, b, false, 'page_alloc_cpu_dead');
            for (const [p] of piecesOnPcp(k, cpu, b)) k.clearFlag(p, PG.pcpBuddy);
          }
        k.zoneUnlock('page_alloc_cpu_dead');
      },
    },
    expect: 'Q2',
    config: 'offline',
  },
];


/** The RFC's __free_frozen_pages, returning with the target's pcp->lock held when the free leaves it below high. */
const freeFrozenPagesKeepsLock = pcpBuddy.createMachine({
  id: '__free_frozen_pages',
  context: fromInput,
  initial: 'free_pages_prepare',
  states: {
    // The other states are the RFC's, type-checked by their own createMachine().
    ...(freeFrozenPages.config.states as Record<string, never>),
    high: { always: [{ guard: 'target_below_high', target: 'done' }, { actions: 'target_nr_pcp_free', target: 'batch' }] },
  },
});

/** A PCP-model mutant, checked through the RFC's paths at one of this model's configurations. */
function fromPcp(name: string, config: string, more: Partial<Variant> = {}): Variant {
  const m = pcpMutants.find((v) => v.name === name);
  if (!m) throw new InternalError(`the pcp model has no mutant ${name}`);
  return { ...m, config, ...more };
}

/**
 * Mistakes in the RFC's own paths that break the allocator's core properties (P1-P8, Q1), and
 * PCP-model mutants checked through the RFC's paths where no RFC path reaches the property.
 */
export const coreMutants: Variant[] = [
  {
    name: 'phase1-no-list-del',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'phase 1 splits the claimed pageblock onto the pageset without taking it off the zone\'s free list',
    actions: {
      claim_pageblock: (k: Mm) => {
        actions.claim_pageblock(k);
        // The mistake: the claimed block stays on the free list as well.
        const pfn = k.r(RB.claimed);
        k.addToFreeList(pfn, k.g.pageblockOrder, k.blockMt(pfn), false, 'rmqueue_bulk (phase 1)');
      },
    },
    expect: 'P1',
    config: 'default',
  },
  fromPcp('pagehead-after-put', 'spec-refs', { configs: { 'spec-refs': pcpConfigs['spec-refs'] } }),
  fromPcp('merge-beyond-max-order', 'spec-refs', { configs: { 'spec-refs': pcpConfigs['spec-refs'] } }),
  fromPcp('pcp-hit-no-prep', 'default'),
  {
    name: 'free-keeps-pcp-lock',
    kind: 'mutant',
    baseline: 'baseline',
    description: "__free_frozen_pages returns without pcp_spin_unlock() of the target pageset (the owner's or the local one) when the free leaves its pcp->count below high",
    source: 'plausible mistake: an unlock moved into one branch of the commit (the PCP model\'s free-keeps-pcp-lock on the RFC\'s free path)',
    machines: { __free_frozen_pages: freeFrozenPagesKeepsLock },
    expect: 'P17',
    config: 'default',
  },
  {
    name: 'phase0-keeps-pagebuddy',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'phase 0 takes a fragment off the zone\'s free list but leaves PageBuddy set on it (list_del without __ClearPageBuddy)',
    actions: {
      recover_fragments: (k: Mm) => {
        const b = k.r(RB.block);
        actions.recover_fragments(k);
        for (const [p] of piecesOnPcp(k, k.cpu, b)) k.setFlag(p, PG.buddy);
      },
    },
    expect: 'P5',
    config: 'types',
  },
  {
    name: 'merge-pass-keeps-count',
    kind: 'mutant',
    baseline: 'baseline',
    description: "the drain's merge pass takes the other pieces of a block off the pageset without lowering pcp->count for them",
    actions: {
      take_owned_block: (k: Mm) => {
        const cpu = k.cpuReg();
        const before = k.pcpCount(cpu);
        actions.take_owned_block(k);
        k.s[k.L.pcpCount + cpu] = before;
      },
    },
    expect: 'P6',
    config: 'default',
  },
  {
    name: 'isolation-without-owner-lock',
    kind: 'mutant',
    baseline: 'baseline',
    description: "isolation releases an owned block under zone->lock alone, without the owner's pcp->lock (which frees rely on to trust the owner)",
    machines: {
      isolate_pageblock: pcpBuddy.createMachine({
        id: 'isolate_pageblock',
        context: fromInput,
        initial: 'read_owner',
        states: {
          read_owner: { on: { STEP: { guard: 'zone_lock_free', actions: ['zone_lock', 'isolate_target', 'read_target_owner'], target: 'route' } } },
          route: { always: [{ guard: 'target_owned', actions: ['release_target', 'zone_unlock'], target: 'undo' }, { actions: 'zone_unlock', target: 'undo' }] },
          undo: { on: { STEP: { guard: 'zone_lock_free', actions: ['ghost_isolation_postcondition', 'unisolate_target'], target: 'done' } } },
          done: { type: 'final' },
        },
      }),
    },
    expect: 'P7',
    config: 'isolation',
  },
  {
    name: 'drain-cached-migratetype',
    kind: 'mutant',
    baseline: 'baseline',
    description: "the drain frees each page with the migratetype cached when it went onto the pageset, not its block's current type (reference §8 item 12)",
    source: '17edeb5d3f76 "mm: page_alloc: remove pcppage migratetype caching" and 55612e80e722 "close migratetype race between freeing and stealing"',
    actions: cachedMigratetypeActions(actions, 'rfc_commit'),
    expect: 'P8',
    config: 'fragmented',
    configs: { fragmented: pcpConfigs.fragmented },
  },
  {
    name: 'fragment-not-merged',
    kind: 'mutant',
    baseline: 'baseline',
    description: "the drain queues a partial block's pieces at the tail of the free lists without merging them with their free buddies (list_add_tail instead of __free_one_page)",
    guards: {},
    machines: {
      free_fragment: pcpBuddy.createMachine({
        id: 'free_fragment',
        context: fromInput,
        initial: 'account',
        states: {
          account: { always: { actions: ['account_freepages', 'queue_fragment_tail', 'remember_block'], target: 'done' } },
          done: { type: 'final' },
        },
      }),
    },
    expect: 'Q1',
    config: 'default',
  },
];
