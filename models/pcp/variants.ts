/**
 * Variants of the PCP model: the baseline (today's kernel, which has seed 003's rmqueue_mode),
 * seed 003 as `before` and `after`, and known-bad mutants, each from a real bug or a plausible
 * mistake (reference §8), with the property, deadlock or divergence that must catch it.
 */
import { inline } from '../../src/machine/compile.ts';
import { setup, xActions, xGuards, type KernelContext, type StepEvent } from '../../src/machine/xstate.ts';
import type { Mm } from '../mm/kernel.ts';
import { R } from '../mm/layout.ts';
import type { Variant } from '../types.ts';
import { mutants as buddyMutants } from '../buddy/variants.ts';
import { InternalError } from '../../src/util/unreachable.ts';
import { EXTRA, MODE, actions, guards } from './impl.ts';
import { fromInput, pcp } from './setup.ts';
import { rmqueue } from './paths/__rmqueue.ts';
import { rmqueueBuddy } from './paths/rmqueue_buddy.ts';
import { rmqueuePcplist } from './paths/rmqueue_pcplist.ts';
import { freePcppagesBulk } from './paths/free_pcppages_bulk.ts';
import { freeFrozenPages } from './paths/__free_frozen_pages.ts';

/** The kernel as it is (mm/page_alloc.c of the reference, with seed 003's rmqueue_mode). */
export const baseline: Variant = {
  name: 'baseline',
  kind: 'baseline',
  description: 'per-CPU pagesets, migratetype fallback with rmqueue_mode (mm/page_alloc.c of the reference)',
};

const SEED_003 = 'seed 003: "mm: page_alloc: speed up fallbacks in rmqueue_bulk()" (Johannes Weiner, Apr 2025; acked by Zi Yan)';

/** Seed 003, both sides. */
export const patches: Variant[] = [
  {
    name: 'before',
    kind: 'patch',
    description: 'rmqueue_bulk before seed 003: every page searches NORMAL, then CMA, CLAIM and STEAL from the start',
    source: SEED_003,
    actions: {
      // No mode is remembered: every __rmqueue call starts at RMQUEUE_NORMAL.
      remember_mode_cma: () => {},
      claim_resets_mode: () => {},
      remember_mode_steal: () => {},
    },
    config: 'fragmented',
  },
  {
    name: 'after',
    kind: 'patch',
    baseline: 'before',
    description: 'rmqueue_bulk with seed 003: the last successful fallback mode is remembered for the rest of one zone->lock hold (the baseline\'s code)',
    source: SEED_003,
    config: 'fragmented',
  },
];

/** The mutant's own actions: the mode kept in the zone between zone->lock holds. */
const memoActions = {
  mode_memo_load: (k: Mm) => k.set(R.mode, k.s[k.L.extra[EXTRA.modeMemo]]),
  mode_memo_save: (k: Mm) => {
    k.s[k.L.extra[EXTRA.modeMemo]] = k.r(R.mode);
  },
};
const pcpMemo = setup({
  types: { context: {} as KernelContext<Mm>, events: {} as StepEvent, input: {} as KernelContext<Mm> },
  guards: xGuards<Mm, typeof guards>(guards),
  actions: xActions<Mm, typeof actions & typeof memoActions>({ ...actions, ...memoActions }),
});

/** rmqueue_bulk() whose mode is loaded from, and saved to, a per-zone memo instead of starting at NORMAL. */
const rmqueueBulkMemo = pcpMemo.createMachine({
  id: 'rmqueue_bulk',
  context: fromInput,
  initial: 'lock',
  states: {
    lock: { always: { actions: ['zone_lock', 'rmqueue_bulk_init', 'mode_memo_load'], target: 'loop' } },
    loop: { always: [{ guard: 'bulk_more', target: '__rmqueue' }, { target: 'unlock' }] },
    __rmqueue: { ...inline(rmqueue), onDone: [{ guard: 'got_page', actions: 'rmqueue_bulk_add_tail', target: 'loop' }, { target: 'unlock' }] },
    unlock: { always: { actions: ['mode_memo_save', 'zone_unlock'], target: 'done' } },
    done: { type: 'final' },
  },
});

/** drain_pages_zone() before 66eca1021a42: pcp->count read once, without pcp->lock. */
const drainPagesZoneRacy = pcp.createMachine({
  id: 'drain_pages_zone',
  context: fromInput,
  initial: 'read_count',
  states: {
    read_count: { on: { STEP: { actions: 'drain_read_count', target: 'loop' } } },
    loop: { always: [{ guard: 'drain_count_zero', actions: 'ghost_drain_postcondition', target: 'done' }, { actions: 'drain_batch', target: 'spin_lock' }] },
    spin_lock: { on: { STEP: { guard: 'target_pcp_lock_free', actions: 'pcp_lock_target', target: 'zone_lock' } } },
    zone_lock: { on: { STEP: { guard: 'zone_lock_free', target: 'free_pcppages_bulk' } } },
    free_pcppages_bulk: { ...inline(freePcppagesBulk), onDone: { actions: 'pcp_unlock_target', target: 'loop' } },
    done: { type: 'final' },
  },
});

/**
 * __free_frozen_pages() whose commit, when the free leaves pcp->count below high, returns without
 * pcp_spin_unlock() (the unlock moved into the trim branch only): the call returns holding its
 * CPU's pcp->lock.
 */
const freeFrozenPagesKeepsLock = pcp.createMachine({
  id: '__free_frozen_pages',
  context: fromInput,
  initial: 'free_pages_prepare',
  states: {
    // The other states are the model's, type-checked by their own createMachine().
    ...(freeFrozenPages.config.states as Record<string, never>),
    high: { always: [{ guard: 'pcp_below_high', target: 'done' }, { actions: 'nr_pcp_free', target: 'batch' }] },
  },
});

/** UP spinlock semantics: a trylock "succeeds" on a pcp->lock its own CPU holds with spin_lock. */
const upTrylock = (k: Mm) => {
  if (k.pcpLockFree(k.cpu)) return true;
  const holder = k.pcpLockHolder(k.cpu) - 1;
  return k.pcpLockPlain(k.cpu) && k.L.cpuOf(holder) === k.cpu;
};

/** The block's type when it went onto a pageset, kept in page->private (page->index before v6.10). */
const cacheMigratetype = (k: Mm) => k.setPriv(k.r(R.pfn), k.r(R.mt) + 1);

/**
 * The action overrides of the cached-migratetype mutant (reference §8 item 12), for a model whose
 * `acts` put a freed page on a pageset with the action named `commit`: the block's type is cached
 * when a page goes onto a pageset (a free's commit, a refill), forgotten when an allocation takes
 * it, and the drain frees the page with the cached type (a page with none keeps its block's).
 */
export function cachedMigratetypeActions(acts: typeof actions, commit: 'free_frozen_page_commit' | 'rfc_commit'): Record<string, (k: Mm) => void> {
  const commitAction = (acts as Record<string, (k: Mm) => void>)[commit];
  if (!commitAction) throw new InternalError(`the cached-migratetype mutant needs an action ${commit}`);
  return {
    [commit]: (k: Mm) => {
      cacheMigratetype(k);
      commitAction(k);
    },
    rmqueue_bulk_add_tail: (k: Mm) => {
      cacheMigratetype(k);
      acts.rmqueue_bulk_add_tail(k);
    },
    pcp_take_head: (k: Mm) => {
      acts.pcp_take_head(k);
      k.setPriv(k.r(R.pfn), 0);
    },
    bulk_take_tail: (k: Mm) => {
      acts.bulk_take_tail(k);
      const pfn = k.r(R.pfn);
      if (k.priv(pfn) === 0) return;
      k.set(R.mt, k.priv(pfn) - 1);
      k.setPriv(pfn, 0);
    },
  };
}

/** alloc_pages() whose PCP fast path hands the page out without prep_new_page(). */
const allocPagesNoPrepOnHit = pcp.createMachine({
  id: 'alloc_pages',
  context: fromInput,
  initial: 'rmqueue',
  states: {
    rmqueue: {
      on: {
        STEP: [
          { guard: 'pcp_order_trylock_ok', actions: 'pcp_trylock', target: 'rmqueue_pcplist' },
          { guard: 'zone_lock_free', target: 'rmqueue_buddy' },
          { target: 'spin_lock' },
        ],
      },
    },
    rmqueue_pcplist: {
      ...inline(rmqueuePcplist),
      onDone: [
        { guard: 'got_page', actions: 'ghost_hand_to_caller', target: 'done' },
        { guard: 'zone_lock_free', target: 'rmqueue_buddy' },
        { target: 'spin_lock' },
      ],
    },
    spin_lock: { on: { STEP: { guard: 'zone_lock_free', target: 'rmqueue_buddy' } } },
    rmqueue_buddy: { ...inline(rmqueueBuddy), onDone: 'prep_new_page' },
    prep_new_page: {
      always: [{ guard: 'got_page', actions: ['prep_new_page', 'ghost_hand_to_caller'], target: 'done' }, { target: 'done' }],
    },
    done: { type: 'final' },
  },
});

/** A buddy-model mutant, checked through the PCP paths at one of this model's configurations. */
function fromBuddy(name: string, config: string, how: string): Variant {
  const m = buddyMutants.find((v) => v.name === name);
  if (!m) throw new InternalError(`the buddy model has no mutant ${name}`);
  return { ...m, description: `${m.description}, ${how}`, config };
}

/** Known-bad variants; `pagecheck mutants` must catch every one. */
/**
 * A free returning with its pcp->lock held (P17): a mutant of every model whose frees go through
 * the PCP model's __free_frozen_pages (pcp, contig, isolation), each at its own configuration.
 */
export const freeKeepsPcpLock: Variant = {
  name: 'free-keeps-pcp-lock',
  kind: 'mutant',
  baseline: 'baseline',
  description: '__free_frozen_pages returns without pcp_spin_unlock() when the free leaves pcp->count below high: the call returns holding its pcp->lock, and a later drain of that CPU would wait for ever',
  source: 'plausible mistake: an unlock moved into one branch of free_frozen_page_commit() (reference §4.3)',
  machines: { __free_frozen_pages: freeFrozenPagesKeepsLock },
  expect: 'P17',
  config: 'drain',
};

export const mutants: Variant[] = [
  {
    name: 'bulk-no-list-del',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'free_pcppages_bulk hands each page to __free_one_page without list_del from the PCP list ("must delete to avoid corrupting pcp list")',
    actions: {
      bulk_take_tail: (k: Mm) => {
        const cpu = k.cpuReg();
        const id = k.L.pcpPindex[k.r(R.tmp)];
        const pfn = k.listLast(k.pcpHeadOfPindex(cpu, k.r(R.tmp)));
        k.set(R.pfn, pfn);
        k.set(R.order, id.order);
        k.set(R.mt, k.blockMt(pfn));
        k.set(R.cnt, (k.r(R.cnt) - (1 << id.order)) & 0xffff);
        k.addPcpCount(cpu, -(1 << id.order), 'free_pcppages_bulk');
      },
    },
    expect: 'P1',
    config: 'orders',
  },
  {
    ...fromBuddy('pagehead-after-put', 'spec-refs', 'with the tails freed through the PCP'),
  },
  {
    // Only a reference that arrives after the free began shows it: fuzzed at large-spec-any.
    ...fromBuddy('free-nc-tails-refcount-read', 'spec-any', 'with the tails freed through the PCP'),
    fuzzConfig: 'large-spec-any',
  },
  {
    ...fromBuddy('merge-beyond-max-order', 'spec-refs', 'reached through PCP drains'),
  },
  {
    name: 'pcp-hit-no-prep',
    kind: 'mutant',
    baseline: 'baseline',
    description: "alloc_pages hands out a page from the PCP list without prep_new_page(), so set_page_refcounted() never runs on the fast path",
    machines: { alloc_pages: allocPagesNoPrepOnHit },
    expect: 'P4',
    config: 'drain',
  },
  {
    ...fromBuddy('merge-leaves-pagebuddy', 'drain', 'in merges done by PCP drains'),
  },
  {
    ...fromBuddy('merge-stops-early', 'drain', 'in merges done by PCP drains'),
  },
  {
    name: 'rmqueue-mode-kept-across-unlock',
    kind: 'mutant',
    baseline: 'after',
    description: 'the rmqueue_mode memo survives zone->lock releases (kept in the zone), so a later rmqueue_bulk skips NORMAL although pages were freed since',
    source: `${SEED_003}: "the mode lives for one lock hold"`,
    machines: { rmqueue_bulk: rmqueueBulkMemo },
    actions: memoActions,
    expect: 'divergence',
    config: 'fragmented',
  },
  {
    name: 'claim-keeps-mode',
    kind: 'mutant',
    baseline: 'after',
    description: '__rmqueue leaves the mode at RMQUEUE_CLAIM after a successful claim instead of going back to NORMAL',
    source: `${SEED_003}: "Replenished preferred freelist, back to normal mode"`,
    actions: { claim_resets_mode: (k: Mm) => k.set(R.mode, MODE.CLAIM) },
    expect: 'divergence',
    config: 'fragmented',
  },
  {
    name: 'drain-count-unlocked',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'drain_pages_zone reads pcp->count once, before taking pcp->lock (reference §8 item 1)',
    source: '66eca1021a42 "mm/page_alloc: fix pcp->count race between drain_pages_zone() vs __rmqueue_pcplist()"',
    machines: { drain_pages_zone: drainPagesZoneRacy },
    expect: 'P6',
    config: 'local-drain',
  },
  {
    name: 'bulk-no-clamp',
    kind: 'mutant',
    baseline: 'baseline',
    description: 'free_pcppages_bulk without count = min(pcp->count, count): asked for more than the lists hold, it spins over empty lists (reference §8 item 3)',
    source: '88e8ac11d2ea "mm, page_alloc: fix core hung in free_pcppages_bulk()"',
    actions: { bulk_clamp: () => {} },
    expect: 'deadlock',
    config: 'decay',
  },
  {
    name: 'trylock-nests-on-drain',
    kind: 'mutant',
    baseline: 'baseline',
    description: "pcp_spin_trylock succeeds while its own CPU's drain holds the pcp->lock (UP spinlocks; reference §8 item 2)",
    source: '038a102535eb "mm/page_alloc: prevent pcp corruption with SMP=n"',
    guards: {
      pcp_trylock_ok: upTrylock,
      pcp_order_trylock_ok: (k: Mm) => guards.pcp_order(k) && upTrylock(k),
    },
    expect: 'P7',
    config: 'local-drain',
  },
  {
    name: 'drain-cached-migratetype',
    kind: 'mutant',
    baseline: 'baseline',
    description: "free_pcppages_bulk frees each page with the migratetype cached when it went onto the PCP, not its block's current type (reference §8 item 12)",
    source: '17edeb5d3f76 "mm: page_alloc: remove pcppage migratetype caching" and 55612e80e722 "close migratetype race between freeing and stealing"',
    actions: cachedMigratetypeActions(actions, 'free_frozen_page_commit'),
    expect: 'P8',
    config: 'fragmented',
  },
  freeKeepsPcpLock,
];
