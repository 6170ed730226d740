/**
 * The open-world place model: each kmem event is a transition of the allocator model applied to
 * the pages it names, and each page's place (see {@link PageTable}) must allow it. When it does
 * not, the checker looks for the fewest untraced steps ({@link StepKind}) the kernel version may
 * have taken in between; only what none of them explains is a finding.
 *
 * Event transitions (6.1, `mm/page_alloc.c`):
 * - `mm_page_alloc_zone_locked` (cpu c): the block leaves the buddy. With percpu_refill=1 it is
 *   on c's PCP list (rmqueue_bulk) or about to be returned to c's caller; otherwise taken by c.
 * - `mm_page_alloc` (cpu c): the block leaves c's PCP list as one entry of that order, or is the
 *   block c just took off the buddy.
 * - `mm_page_free` (cpu c): the block must be allocated. PCP orders go to c's PCP list (unless the
 *   PCP trylock fails, see the `free-to-buddy:*` steps); other orders go to the buddy.
 * - `mm_page_free_batched` (cpu c): the page c is freeing in `free_unref_page_list()` goes on c's
 *   list under the PCP lock, right now.
 * - `mm_page_pcpu_drain` (cpu d): the entry leaves a PCP list for the buddy: d's own list, or
 *   another CPU's list in `drain_all_pages()`, which drains that whole list (up to
 *   `batch << CONFIG_PCP_BATCH_SCALE_MAX` pages per zone-lock hold) in process context.
 * - `mm_page_alloc_extfrag`: the fallback block is free in the buddy.
 *
 * What is abstracted away: migratetypes of lists (a free does not print one, so list order and
 * per-type lists are not modelled), pages leaked by bad-page checks (`check_new_pages`,
 * `bulkfree_pcp_prepare`), hwpoison, and zone boundaries inside a block (zones come from zoneinfo
 * or the x86_64 defaults and are only used to pick a PCP list).
 */
import { CTX, EVENT_CODE, EVENT_NAMES, eventOfCode, type EventName, type PageEvent } from './events.ts';
import { ownString } from './parse.ts';
import { accounted, mayReclaim } from './gfp.ts';
import { BYPASS, PLACE, PageTable, VIA, type PageState, type Place, type Provenance } from './places.ts';
import { pcpAllowedOrder, refillBlocks, type KernelProfile, type ZoneRange } from './profile.ts';
import type { StepKind } from './steps.ts';
import { FINDING_KINDS, type ConformFinding, type Evidence, type FindingKind, type PcpStats, type SizeStats } from './types.ts';
import type { ZoneInfo } from './zoneinfo.ts';
import { unreachable } from '../util/unreachable.ts';

/** Options of one check. */
export interface CheckerOptions {
  readonly profile: KernelProfile;
  /** Zones from /proc/zoneinfo; the profile's defaults otherwise. */
  readonly zones?: readonly ZoneInfo[];
  /** Pageblocks may be MIGRATE_ISOLATE (CMA, alloc_contig_range, memory offline) at any time. */
  readonly isolation?: boolean;
  /** The kernel is preemptible: a task may move to another CPU between any two events. */
  readonly preempt?: boolean;
  /** Bound: findings kept in full (more are counted). Default 100. */
  readonly maxFindings?: number;
  /** Bound: remote-drain episodes remembered for later refutation. Default 10000. */
  readonly maxEpisodes?: number;
}

/** Default of {@link CheckerOptions.maxFindings}. */
export const DEFAULT_MAX_FINDINGS = 100;
/** Default of {@link CheckerOptions.maxEpisodes}. */
export const DEFAULT_MAX_EPISODES = 10_000;

/** An untraced step needed for one page, or null when none allowed explains it. */
type Need = readonly StepKind[] | null;
const NONE: readonly StepKind[] = [];

const BYPASS_STEP: Record<number, StepKind> = {
  [BYPASS.interrupt]: 'free-to-buddy:interrupt',
  [BYPASS.coreFree]: 'free-to-buddy:core-free',
  [BYPASS.exactTail]: 'free-to-buddy:alloc-exact-tail',
};

/** A run of same-kind zone-locked events of one CPU (one rmqueue_bulk or free_pcppages_bulk). */
interface Run {
  kind: 'refill' | 'drain' | 'remote';
  /** CPU whose list it is. */
  src: number;
  zone: number;
  order: number;
  /** Blocks (refill) or pages (drains). */
  size: number;
  line: number;
  ts: number;
  pfn: number;
  /** For a remote run: the first drained page's provenance. */
  first: Provenance | null;
  text: string;
}

/** A remote drain that left pages on the drained list, waiting for them to show up. */
interface Episode {
  readonly line: number;
  readonly ts: number;
  readonly cpu: number;
  readonly src: number;
  readonly pfn: number;
  readonly order: number;
  readonly pages: number;
  readonly cap: number;
  readonly text: string;
  readonly first: Provenance | null;
  refuted: boolean;
}

/** A free whose only explanation is a failed memcg charge, pending the NULL mm_page_alloc. */
interface Pending {
  readonly finding: ConformFinding;
  readonly order: number;
  readonly pages: number;
}

class Sizes {
  private readonly hist = new Map<number, number>();
  private n = 0;
  add(size: number): void {
    this.hist.set(size, (this.hist.get(size) ?? 0) + 1);
    this.n++;
  }
  stats(expected: number | null, limit: number | null): SizeStats {
    const keys = [...this.hist.keys()].sort((a, b) => a - b);
    let seen = 0;
    let median = 0;
    for (const k of keys) {
      seen += this.hist.get(k) ?? 0;
      if (seen * 2 >= this.n) {
        median = k;
        break;
      }
    }
    let above = 0;
    if (limit !== null) for (const k of keys) if (k > limit) above += this.hist.get(k) ?? 0;
    return {
      runs: this.n,
      min: keys[0] ?? 0,
      median,
      max: keys[keys.length - 1] ?? 0,
      atExpected: expected === null ? 0 : (this.hist.get(expected) ?? 0),
      aboveLimit: above,
      limit: expected ?? limit,
    };
  }
}

/** PCP bookkeeping of one CPU in one zone. */
interface PcpBook {
  refill0: Sizes;
  drain: Sizes;
  remote: Sizes;
  /** Entry heads on this list (pfn → order). */
  entries: Map<number, number>;
  pages: number;
  /** Of `pages`, those on the list only by a free that may have gone to the buddy instead (its bypass). */
  uncertain: number;
  /** The most pages the list certainly held at once (uncertain entries left out). */
  maxKnown: number;
  before: number;
}

/** A free that brought its list to `high` or beyond: the kernel drains right away, or the free went to the buddy. */
interface OverHigh {
  readonly pfn: number;
  readonly order: number;
  readonly line: number;
}

/** Checks a stream of events; call {@link Checker.event} per line, then {@link Checker.finish}. */
export class Checker {
  readonly table: PageTable;
  readonly findings: ConformFinding[] = [];
  findingsDropped = 0;
  readonly findingsByKind: Partial<Record<FindingKind, number>> = {};
  readonly steps: Partial<Record<StepKind, { steps: number; pages: number }>> = {};
  readonly initial = { alloc: 0, buddy: 0, pcp: 0 };
  readonly remoteDrains = { runs: 0, pages: 0 };
  readonly byType: Record<EventName, number[]>;
  failedAllocs = 0;
  events = 0;
  cpus = 0;
  firstTs: number | null = null;
  lastTs: number | null = null;
  episodesForgotten = 0;

  private readonly k: KernelProfile;
  private readonly zones: readonly ZoneRange[];
  private readonly zoneInfo: readonly ZoneInfo[] | null;
  private readonly sectionPages: number;
  private readonly maxFindings: number;
  private readonly maxEpisodes: number;
  private readonly isolation: boolean;
  private readonly preempt: boolean;
  private readonly books = new Map<string, PcpBook>();
  private readonly runs = new Map<number, Run>();
  private readonly episodes = new Map<number, Episode>();
  private nextEpisode = 1;
  /** CPUs whose lists another CPU has drained (drain_all_pages seen). */
  private readonly remoteDrained = new Set<number>();
  private readonly pending = new Map<number, Pending>();
  /** Per CPU, a free that brought its list to high, settled at the CPU's next event. */
  private readonly overHigh = new Map<number, OverHigh>();
  /** Scratch for the current event's inferred steps. */
  private readonly stepPages = new Map<StepKind, number>();
  private cur!: PageEvent;
  private curText = '';

  constructor(opts: CheckerOptions) {
    this.k = opts.profile;
    this.zoneInfo = opts.zones ?? null;
    this.zones = opts.zones ?? opts.profile.defaultZones;
    this.table = new PageTable(opts.profile.sectionShift);
    this.sectionPages = 2 ** opts.profile.sectionShift;
    this.maxFindings = opts.maxFindings ?? DEFAULT_MAX_FINDINGS;
    this.maxEpisodes = opts.maxEpisodes ?? DEFAULT_MAX_EPISODES;
    this.isolation = opts.isolation ?? false;
    this.preempt = opts.preempt ?? false;
    this.byType = Object.fromEntries(EVENT_NAMES.map((n) => [n, new Array<number>(opts.profile.maxOrder + 2).fill(0)])) as Record<EventName, number[]>;
  }

  // ------------------------------------------------------------------ bookkeeping helpers

  private zoneOf(pfn: number): number {
    const z = this.zones;
    for (let i = 0; i < z.length; i++) if (pfn >= z[i].startPfn && pfn < z[i].endPfn) return i;
    return -1;
  }

  private book(cpu: number, zone: number): PcpBook {
    const key = `${zone}:${cpu}`;
    let b = this.books.get(key);
    if (!b) {
      b = { refill0: new Sizes(), drain: new Sizes(), remote: new Sizes(), entries: new Map(), pages: 0, uncertain: 0, maxKnown: 0, before: 0 };
      this.books.set(key, b);
    }
    return b;
  }

  private batchOf(cpu: number, zone: number): number | null {
    return this.zoneInfo?.[zone]?.pcp.find((p) => p.cpu === cpu)?.batch ?? null;
  }

  private prov(ev: PageEvent): Provenance {
    return { line: ev.line, cpu: ev.cpu, ts: ev.ts, event: EVENT_CODE[ev.name], order: ev.order };
  }

  /** Moves one page, keeping the PCP entry books in step. */
  private move(pfn: number, old: PageState, place: Place, via: number, bypass: number, p: Provenance): void {
    if (old.place === PLACE.pcp && pfn % 2 ** old.order === 0) {
      const b = this.book(old.cpu, this.zoneOf(pfn));
      if (b.entries.delete(pfn)) {
        b.pages -= 2 ** old.order;
        if (old.via === VIA.free && old.bypass !== BYPASS.none) b.uncertain -= 2 ** old.order;
      }
    }
    this.table.set(pfn, place, via, bypass, p);
    if (place === PLACE.pcp && pfn % 2 ** p.order === 0) {
      const b = this.book(p.cpu, this.zoneOf(pfn));
      if (!b.entries.has(pfn)) {
        b.entries.set(pfn, p.order);
        b.pages += 2 ** p.order;
        if (via === VIA.free && bypass !== BYPASS.none) b.uncertain += 2 ** p.order;
        if (b.pages - b.uncertain > b.maxKnown) b.maxKnown = b.pages - b.uncertain;
      }
    }
  }

  /** Pages first seen leaving `cpu`'s list: they were on it before tracing began. */
  private inferBefore(cpu: number, zone: number, pages: number): void {
    this.initial.pcp += pages;
    this.book(cpu, zone).before += pages;
  }

  private step(kind: StepKind, pages: number): void {
    this.stepPages.set(kind, (this.stepPages.get(kind) ?? 0) + pages);
  }

  private commitSteps(): void {
    for (const [kind, pages] of this.stepPages) {
      const s = (this.steps[kind] ??= { steps: 0, pages: 0 });
      s.steps++;
      s.pages += pages;
    }
    this.stepPages.clear();
  }

  private report(f: ConformFinding): void {
    this.findingsByKind[f.kind] = (this.findingsByKind[f.kind] ?? 0) + 1;
    if (this.findings.length < this.maxFindings) this.findings.push(f);
    else this.findingsDropped++;
  }

  private finding(kind: FindingKind, message: string, evidence: Evidence[], hint: string, ev = this.cur, text = this.curText): ConformFinding {
    return { kind, code: FINDING_KINDS[kind], line: ev.line, cpu: ev.cpu, ts: ev.ts, event: ev.name, pfn: ev.pfn, order: ev.order, text: ownString(text), message, evidence, hint };
  }

  private evidenceOf(pfn: number, st: PageState | Provenance, note: string): Evidence {
    const name = eventOfCode(st.event);
    return { line: st.line, cpu: st.cpu, ts: st.ts, event: name ?? 'inferred', pfn, order: st.order, note };
  }

  // ------------------------------------------------------------------ places in words

  private placeText(st: PageState): string {
    switch (st.place) {
      case PLACE.unknown:
        return 'not seen before';
      case PLACE.buddy:
        return 'free in the buddy';
      case PLACE.pcp:
        return `on cpu${st.cpu}'s PCP list (order-${st.order} entry${st.via === VIA.batched ? ', put there under the PCP lock' : st.via === VIA.refill ? ', refilled from the buddy' : ''})`;
      case PLACE.taken:
        return `taken off the buddy by cpu${st.cpu} for an allocation`;
      case PLACE.alloc:
        return `allocated (order-${st.order} block)`;
      default:
        return unreachable(st.place);
    }
  }

  // ------------------------------------------------------------------ explanations

  /** Why a page recorded on a PCP list by a free may be in the buddy instead, or null. */
  private bypassStep(st: PageState): StepKind | null {
    if (st.place !== PLACE.pcp || st.via !== VIA.free) return null;
    const own = BYPASS_STEP[st.bypass];
    if (own) return own;
    if (this.remoteDrained.has(st.cpu)) return 'free-to-buddy:remote-drain';
    if (this.isolation) return 'free-to-buddy:isolation';
    return null;
  }

  /**
   * Steps after which the page is allocated (a free of `order` needs that). 6.1's untraced
   * isolation (__isolate_free_page from compaction's free scanner and alloc_contig_range, then
   * split_map_pages) hands isolated blocks out as order-0 pages only, so it explains a free of a
   * page taken from the buddy at order 0 and at no other order.
   */
  private needAllocated(st: PageState, order: number): Need {
    switch (st.place) {
      case PLACE.alloc:
      case PLACE.unknown:
        return NONE;
      case PLACE.buddy:
        return order === 0 ? ['isolate-free'] : null;
      case PLACE.pcp: {
        if (st.order === 0) return ['bulk-alloc'];
        const b = this.bypassStep(st);
        return b && order === 0 ? [b, 'isolate-free'] : null;
      }
      case PLACE.taken:
        return null;
      default:
        return unreachable(st.place);
    }
  }

  /** Steps after which the page is free in the buddy. */
  private needBuddy(st: PageState): Need {
    switch (st.place) {
      case PLACE.buddy:
      case PLACE.unknown:
        return NONE;
      case PLACE.pcp: {
        const b = this.bypassStep(st);
        return b ? [b] : null;
      }
      case PLACE.alloc:
      case PLACE.taken:
        return null;
      default:
        return unreachable(st.place);
    }
  }

  // ------------------------------------------------------------------ runs of zone-locked events

  private closeRun(cpu: number): void {
    const r = this.runs.get(cpu);
    if (!r) return;
    this.runs.delete(cpu);
    const b = this.book(r.src, r.zone);
    switch (r.kind) {
      case 'refill':
        if (r.order === 0) b.refill0.add(r.size);
        break;
      case 'drain':
        b.drain.add(r.size);
        break;
      case 'remote':
        b.remote.add(r.size);
        this.closeRemote(cpu, r);
        break;
      default:
        unreachable(r.kind);
    }
  }

  /** A zone-locked event of `cpu` ends the runs of every other CPU (they no longer hold the lock). */
  private closeOtherRuns(cpu: number): void {
    for (const c of [...this.runs.keys()]) if (c !== cpu) this.closeRun(c);
  }

  private closeRemote(cpu: number, r: Run): void {
    this.remoteDrains.runs++;
    this.remoteDrained.add(r.src);
    const batch = this.batchOf(r.src, r.zone) ?? this.k.maxBatch;
    const cap = batch << this.k.batchScaleMax;
    if (r.size >= cap) return;
    // drain_pages_zone() drains min(pcp->count, cap) pages under the zone lock: every page certainly on the list must have gone.
    const b = this.book(r.src, r.zone);
    let id = 0;
    for (const [head, order] of b.entries) {
      const st = this.table.get(head);
      if (st.line >= r.line || (st.via !== VIA.batched && st.via !== VIA.refill)) continue;
      if (id === 0) {
        id = this.nextEpisode++;
        this.episodes.set(id, { line: r.line, ts: r.ts, cpu, src: r.src, pfn: r.pfn, order: r.order, pages: r.size, cap, text: ownString(r.text), first: r.first, refuted: false });
        if (this.episodes.size > this.maxEpisodes) {
          const oldest = this.episodes.keys().next().value as number;
          this.episodes.delete(oldest);
          this.episodesForgotten++;
        }
      }
      for (let p = head; p < head + 2 ** order; p++) this.table.setOblig(p, id);
    }
  }

  /** A page obliged by a remote drain shows up on the list again: that remote drain cannot have happened. */
  private refute(pfn: number, st: PageState): void {
    const e = this.episodes.get(st.oblig);
    this.table.setOblig(pfn, 0);
    if (!e || e.refuted) return;
    e.refuted = true;
    const ev = this.cur;
    const evidence: Evidence[] = [];
    if (e.first) evidence.push(this.evidenceOf(e.pfn, e.first, `put pfn 0x${e.pfn.toString(16)} on cpu${e.src}'s PCP list`));
    evidence.push(this.evidenceOf(pfn, st, `put pfn 0x${pfn.toString(16)} on cpu${e.src}'s PCP list, before the drain`));
    evidence.push({ line: ev.line, cpu: ev.cpu, ts: ev.ts, event: ev.name, pfn, order: ev.order, note: `pfn 0x${pfn.toString(16)} is still on cpu${e.src}'s list after the drain` });
    const ep: PageEvent = { name: 'mm_page_pcpu_drain', line: e.line, cpu: e.cpu, ts: e.ts, pfn: e.pfn, order: e.order, mt: 0, comm: '', pid: 0, ctx: CTX.task };
    this.report(
      this.finding(
        'remote-drain',
        `cpu${e.cpu} drains pfn 0x${e.pfn.toString(16)} from cpu${e.src}'s PCP list, which only drain_all_pages() does, and drain_pages_zone() then empties cpu${e.src}'s whole list (up to ${e.cap} pages per zone-lock hold); but this drain stopped after ${e.pages} page(s) while pfn 0x${pfn.toString(16)} stayed on the list`,
        evidence,
        'The drain event names the wrong CPU, or pages were drained from a list without holding its lock.',
        ep,
        e.text,
      ),
    );
  }

  // ------------------------------------------------------------------ capacity of a PCP list

  /**
   * free_unref_page_commit() drains a list that reaches `high` at once (mm_page_pcpu_drain events
   * follow on that CPU). A free that may have bypassed the list and would bring it to `high` (as
   * the order-9 frees of deferred struct page init do, 512 pages against a `high` of a few hundred)
   * is checked at the CPU's next event: with no drain, it went to the buddy.
   */
  private checkHigh(ev: PageEvent & { name: 'mm_page_free' }): void {
    const zone = this.zoneOf(ev.pfn);
    const high = this.zoneInfo?.[zone]?.pcp.find((p) => p.cpu === ev.cpu)?.high;
    if (high === undefined) return;
    const b = this.book(ev.cpu, zone);
    if (b.pages - b.uncertain + 2 ** ev.order >= high) this.overHigh.set(ev.cpu, { pfn: ev.pfn, order: ev.order, line: ev.line });
  }

  /** Settles the CPU's over-high free at its next event (see {@link checkHigh}). */
  private settleHigh(ev: PageEvent): void {
    const o = this.overHigh.get(ev.cpu);
    if (!o) return;
    this.overHigh.delete(ev.cpu);
    if (ev.name === 'mm_page_pcpu_drain') return;
    const head = this.table.get(o.pfn);
    if (head.place !== PLACE.pcp || head.via !== VIA.free || head.line !== o.line) return;
    const kind = BYPASS_STEP[head.bypass];
    if (!kind) return;
    const n = 2 ** o.order;
    for (let p = o.pfn; p < o.pfn + n; p++) {
      const st = this.table.get(p);
      this.move(p, st, PLACE.buddy, VIA.freeBuddy, BYPASS.none, st);
    }
    this.step(kind, n);
    this.commitSteps();
  }

  // ------------------------------------------------------------------ events

  /** Checks one event; `text` is its line as in the file. */
  event(ev: PageEvent, text: string): void {
    this.cur = ev;
    this.curText = text;
    this.events++;
    if (ev.cpu + 1 > this.cpus) this.cpus = ev.cpu + 1;
    if (this.firstTs === null) this.firstTs = ev.ts;
    this.lastTs = ev.ts;
    const isAlloc = ev.name === 'mm_page_alloc';
    if (isAlloc && !ev.ok) this.failedAllocs++;
    else this.byType[ev.name][Math.min(ev.order, this.k.maxOrder + 1)]++;

    this.settleHigh(ev);
    this.resolvePending(ev);
    this.trackRuns(ev);
    if (isAlloc && !ev.ok) return;
    if (!this.structural(ev)) return;
    switch (ev.name) {
      case 'mm_page_alloc':
        this.alloc(ev);
        break;
      case 'mm_page_alloc_zone_locked':
        this.zoneLocked(ev);
        break;
      case 'mm_page_free':
        this.free(ev);
        break;
      case 'mm_page_free_batched':
        this.freeBatched(ev);
        break;
      case 'mm_page_pcpu_drain':
        this.drain(ev);
        break;
      case 'mm_page_alloc_extfrag':
        this.extfrag(ev);
        break;
      default:
        unreachable(ev);
    }
    this.commitSteps();
  }

  /** A free pending on a failed memcg charge is settled by the CPU's next task-context event other than a drain. */
  private resolvePending(ev: PageEvent): void {
    const p = this.pending.get(ev.cpu);
    if (!p || ev.ctx !== CTX.task || ev.name === 'mm_page_pcpu_drain') return;
    this.pending.delete(ev.cpu);
    if (ev.name === 'mm_page_alloc' && !ev.ok && ev.order === p.order) {
      const s = (this.steps['charge-failed'] ??= { steps: 0, pages: 0 });
      s.steps++;
      s.pages += p.pages;
    } else this.report(p.finding);
  }

  private trackRuns(ev: PageEvent): void {
    const zoneLocked = ev.name === 'mm_page_alloc_zone_locked' || ev.name === 'mm_page_pcpu_drain' || ev.name === 'mm_page_alloc_extfrag';
    if (zoneLocked) this.closeOtherRuns(ev.cpu);
    const refill = ev.name === 'mm_page_alloc_zone_locked' && ev.refill;
    const zone = this.zoneOf(ev.pfn);
    const r = this.runs.get(ev.cpu);
    if (refill && r && r.kind === 'refill' && r.order === ev.order && r.zone === zone) {
      r.size++;
      return;
    }
    // Drains continue (or not) in addDrain(), which knows whose list the page is on.
    if (r && !(ev.name === 'mm_page_pcpu_drain' && r.kind !== 'refill')) this.closeRun(ev.cpu);
    if (refill) this.runs.set(ev.cpu, { kind: 'refill', src: ev.cpu, zone, order: ev.order, size: 1, line: ev.line, ts: ev.ts, pfn: ev.pfn, first: null, text: this.curText });
  }

  /** Alignment, MAX_ORDER and sections; a broken block is reported and its pages forgotten. */
  private structural(ev: PageEvent): boolean {
    const size = 2 ** ev.order;
    let kind: FindingKind | null = null;
    let message = '';
    if (ev.order > this.k.maxOrder) {
      kind = 'order-too-large';
      message = `order ${ev.order} is above MAX_ORDER - 1 (${this.k.maxOrder}) of ${this.k.version}`;
    } else if (ev.pfn % size !== 0) {
      kind = 'misaligned';
      message = `pfn 0x${ev.pfn.toString(16)} is not aligned to its order-${ev.order} block (${size} pages): a buddy block starts at a multiple of its size`;
    } else if (Math.floor(ev.pfn / this.sectionPages) !== Math.floor((ev.pfn + size - 1) / this.sectionPages)) {
      kind = 'spans-section';
      message = `the order-${ev.order} block at pfn 0x${ev.pfn.toString(16)} spans sections ${Math.floor(ev.pfn / this.sectionPages)} and ${Math.floor((ev.pfn + size - 1) / this.sectionPages)}`;
    } else if ((ev.name === 'mm_page_pcpu_drain' || ev.name === 'mm_page_free_batched') && !pcpAllowedOrder(this.k, ev.order)) {
      kind = 'not-pcp-order';
      message = `order ${ev.order} has no PCP list in ${this.k.version} (pcp_allowed_order: orders 0..${this.k.costlyOrder}${this.k.thpPcp ? ` and ${this.k.pageblockOrder}` : ''})`;
    }
    if (!kind) return true;
    this.report(this.finding(kind, `${ev.name}: ${message}`, [], 'The event was corrupted, or a path computed the block from the wrong pfn or order.'));
    const end = ev.order > this.k.maxOrder ? ev.pfn + 1 : ev.pfn + size;
    for (let p = ev.pfn; p < end; p++) this.move(p, this.table.get(p), PLACE.unknown, VIA.before, BYPASS.none, this.prov(ev));
    return false;
  }

  private alloc(ev: PageEvent & { name: 'mm_page_alloc' }): void {
    const n = 2 ** ev.order;
    let bad: { pfn: number; st: PageState } | null = null;
    for (let p = ev.pfn; p < ev.pfn + n; p++) {
      const st = this.table.get(p);
      if (st.oblig && st.place === PLACE.pcp && st.via === VIA.batched) this.refute(p, st);
      let need: Need = null;
      switch (st.place) {
        case PLACE.unknown:
          this.inferBefore(ev.cpu, this.zoneOf(p), 1);
          need = NONE;
          break;
        case PLACE.pcp:
        case PLACE.taken:
          if (st.order !== ev.order) need = null;
          else if (st.cpu === ev.cpu) need = NONE;
          else need = this.mayMigrate(ev) ? ['task-migrated'] : null;
          break;
        case PLACE.buddy:
          need = ev.order >= 1 && mayReclaim(ev.gfp) ? ['compaction-capture'] : null;
          break;
        case PLACE.alloc:
          need = null;
          break;
        default:
          unreachable(st.place);
      }
      if (need === null) {
        bad ??= { pfn: p, st };
        continue;
      }
      for (const s of need) this.step(s, 1);
    }
    if (bad) this.allocFinding(ev, bad.pfn, bad.st);
    const pv = this.prov(ev);
    for (let p = ev.pfn; p < ev.pfn + n; p++) this.move(p, this.table.get(p), PLACE.alloc, VIA.traced, BYPASS.none, pv);
  }

  /** The allocating task may have moved to another CPU after taking the page (decoded only when needed). */
  private mayMigrate(ev: PageEvent & { name: 'mm_page_alloc' }): boolean {
    return this.preempt || (accounted(ev.gfp) && mayReclaim(ev.gfp));
  }

  private allocFinding(ev: PageEvent & { name: 'mm_page_alloc' }, pfn: number, st: PageState): void {
    const where = this.placeText(st);
    const x = `pfn 0x${pfn.toString(16)}`;
    if (st.place === PLACE.alloc) {
      this.report(
        this.finding('double-alloc', `cpu${ev.cpu} is handed ${x} (order ${ev.order}), but it is already ${where} since line ${st.line}, with no free in between`, [this.evidenceOf(pfn, st, `${x} ${where}`)], 'A page handed out twice: two callers now own it. Look for a free that was not traced because it never happened (a leaked reference) or a list corrupted by an earlier double free.'),
      );
      return;
    }
    const why =
      st.place === PLACE.buddy
        ? 'an allocation from the buddy emits mm_page_alloc_zone_locked first'
        : st.place === PLACE.pcp && st.order !== ev.order
          ? `a PCP list hands out whole entries, and this one is order ${st.order}`
          : `an allocation takes pages only from its own CPU's list${this.preempt ? '' : ' (a task moves to another CPU only if it may sleep in the memcg charge: __GFP_ACCOUNT with direct reclaim; use --preempt for a preemptible kernel)'}`;
    this.report(this.finding('alloc-not-free', `cpu${ev.cpu} is handed ${x} (order ${ev.order}), but it is ${where}: ${why}`, [this.evidenceOf(pfn, st, `${x} ${where}`)], 'The page was on a list the allocating CPU cannot take from: a wrong CPU or order in the event, or a list corrupted by a double free.'));
  }

  private zoneLocked(ev: PageEvent & { name: 'mm_page_alloc_zone_locked' }): void {
    const n = 2 ** ev.order;
    let bad: { pfn: number; st: PageState } | null = null;
    for (let p = ev.pfn; p < ev.pfn + n; p++) {
      const st = this.table.get(p);
      if (st.oblig) this.table.setOblig(p, 0);
      if (st.place === PLACE.unknown) this.initial.buddy++;
      const need = this.needBuddy(st);
      if (need === null) bad ??= { pfn: p, st };
      else for (const s of need) this.step(s, 1);
    }
    if (bad) {
      const x = `pfn 0x${bad.pfn.toString(16)}`;
      const where = this.placeText(bad.st);
      this.report(this.finding('buddy-not-free', `cpu${ev.cpu} takes the order-${ev.order} block at pfn 0x${ev.pfn.toString(16)} off the buddy, but ${x} is ${where}`, [this.evidenceOf(bad.pfn, bad.st, `${x} ${where}`)], 'A page in the buddy and elsewhere at once: a double free merged it into the buddy, or it was put on a PCP list without leaving the buddy.'));
    }
    const pv = this.prov(ev);
    const onList = ev.refill && pcpAllowedOrder(this.k, ev.order);
    for (let p = ev.pfn; p < ev.pfn + n; p++) this.move(p, this.table.get(p), onList ? PLACE.pcp : PLACE.taken, onList ? VIA.refill : VIA.traced, BYPASS.none, pv);
  }

  private free(ev: PageEvent & { name: 'mm_page_free' }): void {
    const n = 2 ** ev.order;
    let bad: { pfn: number; st: PageState } | null = null;
    let spans: { pfn: number; st: PageState } | null = null;
    let allUnknown = true;
    let exactTail = false;
    for (let p = ev.pfn; p < ev.pfn + n; p++) {
      const st = this.table.get(p);
      if (st.oblig) this.table.setOblig(p, 0);
      if (st.place !== PLACE.unknown) allUnknown = false;
      if (st.place === PLACE.unknown) this.initial.alloc++;
      if (st.place === PLACE.alloc && st.via === VIA.traced) {
        const head = p - (p % 2 ** st.order);
        if (head > ev.pfn || head + 2 ** st.order < ev.pfn + n) spans ??= { pfn: p, st };
        else if (st.order > ev.order && head !== ev.pfn) exactTail = true;
      }
      const need = this.needAllocated(st, ev.order);
      if (need === null) bad ??= { pfn: p, st };
      else for (const s of need) this.step(s, 1);
    }
    if (bad) this.freeFinding(ev, bad.pfn, bad.st);
    else if (spans) {
      const x = `pfn 0x${spans.pfn.toString(16)}`;
      this.report(
        this.finding('free-spans-allocations', `cpu${ev.cpu} frees the order-${ev.order} block at pfn 0x${ev.pfn.toString(16)}, but ${x} belongs to a separate allocation (an order-${spans.st.order} block) since line ${spans.st.line}`, [this.evidenceOf(spans.pfn, spans.st, `${x} allocated as part of another block`)], "One reference frees pages another caller still holds: a refcount on the wrong head, or a free with a larger order than was allocated."),
      );
    }
    const pv = this.prov(ev);
    if (pcpAllowedOrder(this.k, ev.order)) {
      // An interrupt finds the PCP lock held by the code it interrupted only where that code runs
      // with IRQs enabled (6.1.57 on, see profile.ts).
      const bypass = ev.ctx !== CTX.task && this.k.irqsOnUnderPcpLock ? BYPASS.interrupt : allUnknown ? BYPASS.coreFree : exactTail ? BYPASS.exactTail : BYPASS.none;
      for (let p = ev.pfn; p < ev.pfn + n; p++) this.move(p, this.table.get(p), PLACE.pcp, VIA.free, bypass, pv);
      if (bypass !== BYPASS.none) this.checkHigh(ev);
    } else for (let p = ev.pfn; p < ev.pfn + n; p++) this.move(p, this.table.get(p), PLACE.buddy, VIA.freeBuddy, BYPASS.none, pv);
  }

  private freeFinding(ev: PageEvent & { name: 'mm_page_free' }, pfn: number, st: PageState): void {
    const x = `pfn 0x${pfn.toString(16)}`;
    const where = this.placeText(st);
    const why =
      st.place === PLACE.buddy
        ? `the only untraced path from the buddy to a caller, __isolate_free_page() with split_map_pages() (compaction, alloc_contig_range), hands pages out at order 0, not ${ev.order}`
        : st.place === PLACE.pcp
        ? st.via === VIA.free
          ? `no untraced allocation can take it from there: the bulk allocator takes only order-0 pages, and nothing in the trace lets the earlier free have bypassed the list (${st.bypass === BYPASS.none ? 'task context, no remote drain of that list, no --isolation' : 'see the free'})`
          : 'no untraced allocation takes an entry of that order from a PCP list'
        : 'it is on its way to an allocation that has not returned yet';
    const f = this.finding('double-free', `cpu${ev.cpu} frees the order-${ev.order} block at pfn 0x${ev.pfn.toString(16)}, but ${x} is already ${where} since line ${st.line}; ${why}`, [this.evidenceOf(pfn, st, `${x} ${where}`)], 'A double free: two owners dropped the page, or a decision was taken after the reference was dropped (as in CVE-2023-52739).');
    if ((st.place === PLACE.pcp || st.place === PLACE.taken) && st.cpu === ev.cpu && ev.ctx === CTX.task && !this.pending.has(ev.cpu))
      this.pending.set(ev.cpu, { finding: f, order: ev.order, pages: 2 ** ev.order });
    else this.report(f);
  }

  private freeBatched(ev: PageEvent & { name: 'mm_page_free_batched' }): void {
    const st = this.table.get(ev.pfn);
    if (st.oblig) this.table.setOblig(ev.pfn, 0);
    const pv = this.prov(ev);
    if (st.place === PLACE.unknown) this.initial.alloc++;
    else if (!(st.place === PLACE.pcp && st.via === VIA.free && st.order === 0 && st.event === EVENT_CODE.mm_page_free)) {
      const x = `pfn 0x${ev.pfn.toString(16)}`;
      const where = this.placeText(st);
      this.report(this.finding('batched-without-free', `cpu${ev.cpu} puts ${x} on its PCP list in free_unref_page_list(), but the page is ${where} since line ${st.line}, not being freed (mm_page_free comes first for every page of the batch)`, [this.evidenceOf(ev.pfn, st, `${x} ${where}`)], 'A page on a free list twice, or the batch list was corrupted.'));
    } else if (st.cpu !== ev.cpu) {
      if (this.preempt) this.step('task-migrated', 1);
      else {
        const x = `pfn 0x${ev.pfn.toString(16)}`;
        this.report(this.finding('batched-without-free', `cpu${ev.cpu} puts ${x} on its PCP list in free_unref_page_list(), but ${x} was freed on cpu${st.cpu} at line ${st.line}; the two loops of free_unref_page_list() do not sleep, so only a preemptible kernel moves the task in between (--preempt)`, [this.evidenceOf(ev.pfn, st, `${x} freed on cpu${st.cpu}`)], 'The event names the wrong CPU, or the kernel is preemptible.'));
      }
    }
    this.move(ev.pfn, st, PLACE.pcp, VIA.batched, BYPASS.none, pv);
  }

  private drain(ev: PageEvent & { name: 'mm_page_pcpu_drain' }): void {
    const n = 2 ** ev.order;
    const zone = this.zoneOf(ev.pfn);
    const run = this.runs.get(ev.cpu);
    let src = ev.cpu;
    let bad: { pfn: number; st: PageState } | null = null;
    let first: PageState | null = null;
    let unknown = 0;
    for (let p = ev.pfn; p < ev.pfn + n; p++) {
      const st = this.table.get(p);
      if (st.oblig) this.refute(p, st);
      if (st.place === PLACE.unknown) {
        unknown++;
        continue;
      }
      if (st.place !== PLACE.pcp || st.order !== ev.order) {
        bad ??= { pfn: p, st };
        continue;
      }
      src = st.cpu;
      first ??= st;
    }
    if (!first && run && run.kind === 'remote') src = run.src;
    if (unknown) this.inferBefore(src, zone, unknown);
    if (bad) {
      const x = `pfn 0x${bad.pfn.toString(16)}`;
      const where = this.placeText(bad.st);
      const why = bad.st.place === PLACE.pcp ? `a drain moves whole entries, and this one is order ${bad.st.order}` : 'a drain takes only pages on a PCP list';
      this.report(this.finding('drain-not-on-list', `cpu${ev.cpu} drains the order-${ev.order} block at pfn 0x${ev.pfn.toString(16)} to the buddy, but ${x} is ${where}: ${why}`, [this.evidenceOf(bad.pfn, bad.st, `${x} ${where}`)], "A drain of a page that is not on that CPU's list: the event names the wrong CPU or page, or the list holds a page twice."));
    } else if (src !== ev.cpu) this.remote(ev, src, first);
    if (!bad) this.addDrain(ev, src, zone, run, first);
    const pv = this.prov(ev);
    for (let p = ev.pfn; p < ev.pfn + n; p++) this.move(p, this.table.get(p), PLACE.buddy, VIA.drain, BYPASS.none, pv);
  }

  /** Checks a drain of another CPU's list; reports what drain_all_pages() cannot do. */
  private remote(ev: PageEvent & { name: 'mm_page_pcpu_drain' }, src: number, first: PageState | null): void {
    const x = `pfn 0x${ev.pfn.toString(16)}`;
    const ev0: Evidence[] = first ? [this.evidenceOf(ev.pfn, first, `put ${x} on cpu${src}'s PCP list`)] : [];
    if (!this.k.remoteDrain)
      this.report(this.finding('remote-drain', `cpu${ev.cpu} drains ${x} from cpu${src}'s PCP list; in ${this.k.version} each CPU drains only its own lists`, ev0, 'The event names the wrong CPU.'));
    else if (ev.ctx !== CTX.task)
      this.report(this.finding('remote-drain', `cpu${ev.cpu} drains ${x} from cpu${src}'s PCP list in interrupt context; only drain_all_pages() drains another CPU's list, and it runs in process context`, ev0, 'The event names the wrong CPU, or a drain ran on a list it does not own.'));
  }

  private addDrain(ev: PageEvent & { name: 'mm_page_pcpu_drain' }, src: number, zone: number, run: Run | undefined, first: PageState | null): void {
    const kind = src === ev.cpu ? 'drain' : 'remote';
    const pages = 2 ** ev.order;
    if (kind === 'remote') this.remoteDrains.pages += pages;
    if (run && run.kind === kind && run.src === src && run.zone === zone) {
      run.size += pages;
      return;
    }
    this.closeRun(ev.cpu);
    this.runs.set(ev.cpu, { kind, src, zone, order: ev.order, size: pages, line: ev.line, ts: ev.ts, pfn: ev.pfn, first, text: this.curText });
  }

  private extfrag(ev: PageEvent & { name: 'mm_page_alloc_extfrag' }): void {
    const n = 2 ** ev.order;
    let bad: { pfn: number; st: PageState } | null = null;
    for (let p = ev.pfn; p < ev.pfn + n; p++) {
      const st = this.table.get(p);
      if (st.place === PLACE.unknown) {
        this.initial.buddy++;
        this.move(p, st, PLACE.buddy, VIA.before, BYPASS.none, this.prov(ev));
        continue;
      }
      const need = this.needBuddy(st);
      if (need === null) bad ??= { pfn: p, st };
      else for (const s of need) this.step(s, 1);
    }
    if (bad) {
      const x = `pfn 0x${bad.pfn.toString(16)}`;
      const where = this.placeText(bad.st);
      this.report(this.finding('buddy-not-free', `cpu${ev.cpu} steals the order-${ev.order} fallback block at pfn 0x${ev.pfn.toString(16)} from the buddy, but ${x} is ${where}`, [this.evidenceOf(bad.pfn, bad.st, `${x} ${where}`)], 'A page in the buddy and elsewhere at once.'));
    }
  }

  /** Forgets every page's place: the ring buffer lost events here. */
  gap(): void {
    for (const c of [...this.runs.keys()]) this.closeRun(c);
    for (const [cpu, p] of this.pending) {
      this.pending.delete(cpu);
      this.report(p.finding);
    }
    this.table.clear();
    for (const b of this.books.values()) {
      b.entries.clear();
      b.pages = 0;
    }
    this.episodes.clear();
  }

  /** Closes open runs, reports the findings still pending, and sorts the findings by line. */
  finish(): void {
    for (const c of [...this.runs.keys()]) this.closeRun(c);
    for (const [cpu, p] of this.pending) {
      this.pending.delete(cpu);
      this.report(p.finding);
    }
    this.findings.sort((a, b) => a.line - b.line);
  }

  /** Per zone and CPU, the PCP activity compared with zoneinfo's high and batch. */
  pcpStats(): PcpStats[] {
    const out: PcpStats[] = [];
    for (const [key, b] of this.books) {
      const [zone, cpu] = key.split(':').map(Number);
      const zi = this.zoneInfo?.[zone]?.pcp.find((p) => p.cpu === cpu) ?? null;
      const high = zi?.high ?? null;
      const batch = zi?.batch ?? null;
      if (b.refill0.stats(null, null).runs + b.drain.stats(null, null).runs + b.remote.stats(null, null).runs === 0 && b.maxKnown === 0 && b.before === 0) continue;
      out.push({
        zone: this.zones[zone]?.name ?? 'outside the known zones',
        cpu,
        high,
        batch,
        refill0: b.refill0.stats(batch === null ? null : refillBlocks(batch, 0), batch === null ? null : refillBlocks(batch, 0)),
        drain: b.drain.stats(null, high),
        remoteDrain: b.remote.stats(null, batch === null ? null : batch << this.k.batchScaleMax),
        maxKnown: b.maxKnown,
        before: b.before,
        zoneinfoCount: zi?.count ?? null,
      });
    }
    return out.sort((a, b) => a.zone.localeCompare(b.zone) || a.cpu - b.cpu);
  }
}
