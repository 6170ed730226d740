/**
 * The text of the pcp-buddy findings report (`pagecheck report --model pcp-buddy`), written to be
 * posted in reply to the RFC. Every verdict in it is computed when the report is made; the
 * conclusions are written for the verdicts the candidates record (`expect`), and the report
 * flags any that differ.
 */
import type { FindingsSpec } from '../types.ts';
import { QUESTIONS } from './variants.ts';

/** Configurations where a refill follows a drain (P11's check runs at every refill). */
const REFILL_AFTER_DRAIN = ['default', 'tight', 'drain-race', 'types', 'blocks4'];

export const findings: FindingsSpec = {
  title: 'mm: page_alloc: pcp buddy allocator (RFC, 3 Apr 2026): what a model checker finds',
  intro: [
    'This note reports what pagecheck, an exhaustive model checker for mm/page_alloc.c, finds in the design of "[RFC 0/2] mm: page_alloc: pcp buddy allocator". The patch bodies were not available, so the model follows the cover letter, the visible part of the 2/2 changelog and the code quoted in the thread: a CPU\'s pageset claims a whole free pageblock under zone->lock (phase 1), takes ownership of it and splits it outside zone->lock, the pieces marked PagePCPBuddy; a free of an owned page goes to the owner\'s pageset whichever CPU frees it; the drain runs a merge pass under pcp->lock, returns whole blocks to the buddy and releases them, and queues the pieces of partial blocks at the tail of the zone free lists, remembering the block on pcp->owned_blocks; phase 0 of the owner\'s next refill of that migratetype takes them back; phase 2 (chunks below pageblock_order, no stealing) and phase 3 (__rmqueue with fallback) are the degrade path.',
    'The configurations are tiny (4 to 16 pfns, pageblocks of 2 or 4 pages, one to three CPUs, a few calls each), and every interleaving of them is explored; every property is checked after every step. Where the RFC says nothing (how a free takes the owner\'s lock, CPU offline, isolation of an owned block, who may take remembered fragments), the model implements the readings a reviewer would consider and reports, for each, whether every property holds or the shortest interleaving that breaks one. The readings that keep every property together form the variant called baseline below; they are answers the model suggests, not what the patch does.',
    'Memory maps in the traces: one glyph per pfn (a digit is the head of a free buddy block of that order and - its inside, p a block on a pageset, # allocated, A/B/C a page being freed by cpu0/1/2), then "own" with one glyph per pageblock (. no owner, a digit the owning CPU, a letter a-h the owner when the block is on its owned_blocks, i isolated) and the CPUs taken offline.',
  ],
  // Where each property can fail at all; the others are exercised by every configuration.
  propertyConfigs: {
    P3: ['blocks4'],
    P8: ['types'],
    P11: REFILL_AFTER_DRAIN,
    Q2: ['offline', 'isolation'],
  },
  questions: [
    {
      key: QUESTIONS.ownerLock,
      title: "How does a free take the owner's pcp->lock, and what if it cannot?",
      text: "The cover letter says frees \"route back to the owner's PCP regardless of which CPU frees\". Today a free takes its own pageset's lock with pcp_spin_trylock() and falls back to free_one_page() when that fails. Whether a free to another CPU's pageset trylocks or spins, and what its fallback is, is not said. Checked with cpu0 owning, cpu1 freeing and cpu2 draining cpu0's pageset (drain-race), and with an interrupt context (irq).",
      answers: [
        { variant: 'baseline', config: 'drain-race', answer: "spin_lock on the owner's pcp->lock, the owner re-read once it is held" },
        { variant: 'trylock-then-local', answer: 'trylock; when it fails, the page goes to the freeing CPU\'s pageset' },
        { variant: 'trylock-then-buddy', answer: 'trylock; when it fails, free_one_page() to the buddy' },
        { variant: 'spin-lock-in-irq', answer: 'spin_lock, with an interrupt freeing a page its own CPU owns' },
      ],
      conclusion:
        "Neither fallback of a trylock keeps ownership intact. Falling back to the local pageset puts an owned page where its owner's merge pass never sees it. Falling back to the buddy puts an owned page on a zone free list without its block being remembered: no phase 0 will recover it and the block stays owned; in the trace the trylock fails only because another CPU is draining the owner's pageset. A plain spin_lock keeps every property in task context, but pcp->lock is held with interrupts enabled (574907741599), so an interrupt that frees a page its own CPU owns while its task holds that lock spins for ever. A free that can run in an interrupt cannot simply spin on a pcp->lock; it needs a fallback that keeps the page with its owner (for example deferring it, as FPI_TRYLOCK frees defer to zone->trylock_free_pages). The model checks no such fallback.",
    },
    {
      key: QUESTIONS.drainRace,
      title: "What happens when a remote free races the owner's drain?",
      text: "The owner's drain decides under its pcp->lock whether a block is whole (returned and released) or partial (remembered, pieces queued); a remote free of a page of that block needs the same lock. cpu0 owns, cpu1 frees, cpu2 drains cpu0's pageset twice (drain-race).",
      answers: [
        { variant: 'baseline', config: 'drain-race', answer: "spin_lock on the owner's lock" },
        { variant: 'trylock-then-buddy', answer: 'trylock with free_one_page() as fallback' },
      ],
      conclusion:
        "With the owner's lock taken by spinning, the free lands on the owner's pageset before or after the drain and the block is released or remembered consistently. Only a free that does not wait for the lock loses the block, as in section 3.1: the trylock fails exactly while the drain holds the lock.",
    },
    {
      key: QUESTIONS.offline,
      title: "What becomes of an offline CPU's blocks, and of frees routed to it?",
      text: "page_alloc_cpu_dead() drains the dead CPU's pageset from a surviving CPU. The RFC does not mention CPU hotplug: the dead CPU may still own blocks whose pages are allocated elsewhere or queued as fragments, and a free may have read it as the owner just before. cpu0 owns, cpu1 frees, cpu2 takes cpu0 offline (offline).",
      answers: [
        { variant: 'baseline', config: 'offline', answer: "release the dead CPU's blocks under its pcp->lock and zone->lock, then drain; frees re-read the owner under its lock" },
        { variant: 'offline-keeps-ownership', answer: 'drain only, as today' },
        { variant: 'offline-drain-then-release', answer: 'drain as today, then release the blocks in a second lock hold' },
        { variant: 'no-owner-recheck', answer: 'release then drain, but a free trusts the owner it read before taking the lock' },
      ],
      conclusion:
        "Draining only leaves blocks owned by an offline CPU, and every later free of their pages goes to a pageset nobody drains again. Releasing the blocks after the last drain leaves a window in which a free lands on the dead pageset. Releasing before the drain works if a free re-reads the owner once it holds the owner's pcp->lock (ownership only changes under that lock); without the re-read, a free that waited for the lock commits a PagePCPBuddy page of a block that no longer has an owner. pcp->owned_blocks cannot serve as the list of blocks to release: it holds only blocks with queued fragments, not blocks whose pages are all allocated (section 5, offline-releases-listed-only).",
    },
    {
      key: QUESTIONS.isolation,
      title: 'What happens when alloc_contig_range() isolates a block another CPU owns?',
      text: "start_isolate_page_range() moves a block's free pages to the ISOLATE list and its caller drains the pagesets. With the RFC the block may also have pieces on its owner's pageset, fragments on the free lists and an entry on the owner's owned_blocks. cpu0 owns, cpu1 frees, cpu2 isolates pageblock 0 (isolation).",
      answers: [
        { variant: 'baseline', config: 'isolation', answer: "take the owner's pcp->lock and zone->lock, free the owner's pieces to the buddy and release the block" },
        { variant: 'isolation-drains-only', answer: 'isolate and drain the pagesets, as today' },
      ],
      conclusion:
        "Isolating and draining as today leaves the block owned and, when partial, remembered: frees of its pages still go to the owner's pageset, and the owner's next phase 0 would pull its fragments back off the ISOLATE list. Releasing the block under the owner's pcp->lock and zone->lock keeps every property. Releasing it under zone->lock alone breaks the lock discipline frees rely on (section 5, isolation-without-owner-lock).",
    },
    {
      key: QUESTIONS.fragments,
      title: 'May other CPUs take remembered fragments off the zone free lists?',
      text: 'The pages of a partial block are "queued last on the zone freelist", so other allocations are least likely to take them, not unable to. What then becomes of the ownership is not said. Two CPUs that allocate, free and drain, with four pageblocks (default) and under memory pressure with two (tight).',
      answers: [
        { variant: 'baseline', config: 'default', answer: 'no: every other allocation path skips pageblocks a CPU owns' },
        { variant: 'baseline', config: 'tight', answer: 'the same, under memory pressure' },
        { variant: 'fragments-borrowable', answer: 'yes: they are ordinary free pages for everyone' },
        { variant: 'fragments-taken-not-claimed', answer: 'phase 1 never claims an owned block, but phases 2 and 3 and rmqueue_buddy take fragments' },
      ],
      conclusion:
        "If anyone may take them, a queued fragment can merge in the buddy with the last pieces of its block into a whole free pageblock that is still owned and remembered; another CPU's phase 1 then claims it and two CPUs own the block. Keeping phase 1 away from owned blocks is not enough under memory pressure: the fragment merges with its neighbours into a larger free block, and a refill on another CPU splits that block and puts a page of the block cpu0 still owns and remembers on its own pageset as an ordinary page. Keeping fragments for their owner keeps every property, at a price the model does not measure: those pages are free but unavailable to other CPUs until their owner recovers or releases them, even when they reassemble into a whole pageblock (or a larger free block with a neighbour) in the buddy, so under pressure an allocation elsewhere can fail while they are free.",
    },
  ],
  costs: [
    {
      config: 'jemalloc',
      before: 'ownership-off',
      after: 'baseline',
      title: 'The jemalloc pattern: several CPUs allocate, one purger frees',
      text: "zone->lock acquisitions summed over every complete run of the scenario (each interleaving counted once), with and without ownership; ownership-off is the same model with ownership disabled, which behaves as today's per-CPU pagesets (at each of the PCP model's own configurations it explores exactly the PCP model's states). What a run leaves on the pagesets is drained at the end and counted. Pageblocks of 2 pages, pcp->high 4 (room for two blocks), batch 1. In the pcp->lock rows, note that with ownership every free of the purger takes the owner's pcp->lock, another CPU's.",
    },
    {
      config: 'exit',
      before: 'ownership-off',
      after: 'baseline',
      title: 'Process exit: one CPU frees a whole block another CPU faulted in',
      text: 'cpu0 owns pageblock 0 (4 pages, all allocated); the exiting task frees them all on cpu1. Counted as above. pcp->high 4, batch 1.',
    },
  ],
  limits: [
    'The patch bodies were not available: phase boundaries, list order and sizes follow the cover letter and the quoted code. pcp->owned_blocks is a set walked in pfn order; phase 0 recovers every remembered block of the requested migratetype; phase 1 claims one pageblock when it fits under pcp->high; the splits of phases 1 and 2 and the merge pass happen in the same atomic step as their zone->lock hold.',
    'The drain\'s merge pass takes all pieces of a block off the pageset when it meets the first, even beyond the count it was asked to free.',
    'Allocation failures are not checked: a reading that keeps fragments for their owner can make another CPU\'s allocation fail while free pages exist, and the model does not report it.',
    'CMA balancing (Frank van der Linden\'s concern that phases 0-2 bypass __rmqueue\'s CMA check), HIGHATOMIC reserves, watermarks, reclaim, compaction and memory hotplug are not modelled; CPUs never come back online; isolation is one pageblock, drained from its owner only, with no migration.',
    'The configurations are small: a verdict of "holds" covers every interleaving of those configurations, not larger ones.',
  ],
};
