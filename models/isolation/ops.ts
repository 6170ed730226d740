/**
 * Workload operations and budgets of the isolation model: the PCP and contig models' operations,
 * each CPU's task limited to its roles (config `isolation.roles`), allocations that may be
 * atomic, and the calls of the isolation paths: alloc_contig_range() and offline_pages() of a
 * configured range, unreserve_highatomic_pageblock(), free_contig_range() of an allocated range,
 * compaction's free scanner on a pageblock.
 *
 * Roles set each thread's initial budgets (and gate frees, which have none).
 */
import type { Geometry } from '../../src/config/geometry.ts';
import type { Config } from '../../src/config/schema.ts';
import { UsageError } from '../../src/util/unreachable.ts';
import type { MmLayout } from '../mm/layout.ts';
import { R } from '../mm/layout.ts';
import { allocOp, freeOp } from '../mm/ops.ts';
import type { BudgetDef, OpDef } from '../mm/system.ts';
import { pcpBudgets } from '../pcp/ops.ts';
import { ALLOC, IR, MODE, PRIO, RET, startIsolateInit } from './impl.ts';
import { sectionOnline } from './state.ts';

/** Budget counter indices beyond the PCP model's (alloc 0, spec 1, drain 2, decay 3). */
export const ISO_BUDGET = { contig: 4, offline: 5, unreserve: 6, compact: 7 } as const;

type Role = NonNullable<NonNullable<Config['isolation']>['roles']>[number][number];

function isoConfig(g: Geometry) {
  const c = g.config.isolation;
  if (!c) throw new UsageError('the isolation model needs an isolation section');
  return c;
}

/** Whether CPU `cpu`'s task has a role (every CPU allocates, frees and drains when no roles are given). */
export function hasRole(config: Config, cpu: number, role: Role): boolean {
  const roles = config.isolation?.roles;
  if (!roles) return role === 'alloc' || role === 'free' || role === 'drain';
  return roles[cpu].includes(role);
}

/** Refuses role settings whose counts would be silently ignored. */
export function checkRoles(config: Config): void {
  const iso = config.isolation;
  if (!iso?.roles) return;
  const some = (r: Role) => iso.roles!.some((x) => x.includes(r));
  const need = (r: Role, n: number, field: string) => {
    if (some(r) && n === 0) throw new UsageError(`invalid configuration: isolation.roles gives the ${r} role, but ${field} is 0`);
  };
  need('contig', iso.contigRanges.length && iso.contigPerCpu, 'isolation.contigPerCpu (or isolation.contigRanges is empty)');
  need('offline', iso.offlineRanges.length && iso.offlinesPerCpu, 'isolation.offlinesPerCpu (or isolation.offlineRanges is empty)');
  need('unreserve', iso.unreservesPerCpu, 'isolation.unreservesPerCpu');
  need('compact', iso.compactionsPerCpu, 'isolation.compactionsPerCpu');
  need('drain', config.pcp?.drainsPerCpu ?? 0, 'pcp.drainsPerCpu');
  iso.contigRanges.forEach((r, i) => {
    if (r.cpu !== undefined && (r.cpu >= config.cpus || !hasRole(config, r.cpu, 'contig')))
      throw new UsageError(`invalid configuration: isolation.contigRanges[${i}].cpu is ${r.cpu}, which is not a CPU with the contig role`);
  });
  iso.roles.forEach((roles, cpu) => {
    if (roles.includes('contig') && iso.contigRanges.length && !iso.contigRanges.some((r) => r.cpu === undefined || r.cpu === cpu))
      throw new UsageError(`invalid configuration: cpu${cpu} has the contig role, but every range of isolation.contigRanges names another cpu`);
  });
}

/** The PCP model's budgets limited to each task's roles, plus contig allocations, offlines and unreserves. */
export function isolationBudgets(): BudgetDef[] {
  const [alloc, spec, drain, decay] = pcpBudgets();
  const task = (role: Role, n: (L: MmLayout) => number): BudgetDef['initial'] => (L, t) => (L.isIrq(t) || !hasRole(L.geo.config, t, role) ? 0 : n(L));
  const roleLimited = (b: BudgetDef, role: Role): BudgetDef => ({ name: b.name, initial: (L, t) => (!hasRole(L.geo.config, L.cpuOf(t), role) ? 0 : b.initial(L, t)) });
  return [
    roleLimited(alloc, 'alloc'),
    spec,
    roleLimited(drain, 'drain'),
    decay,
    { name: 'contig', initial: task('contig', (L) => isoConfig(L.geo).contigPerCpu) },
    { name: 'offline', initial: task('offline', (L) => isoConfig(L.geo).offlinesPerCpu) },
    { name: 'unreserve', initial: task('unreserve', (L) => isoConfig(L.geo).unreservesPerCpu) },
    { name: 'compact', initial: task('compact', (L) => isoConfig(L.geo).compactionsPerCpu) },
  ];
}

/** `alloc_pages()`, atomic or not when the configuration allows atomic allocations. */
export function isolationAllocOp(g: Geometry): OpDef {
  const op = allocOp(g, 'alloc_pages', 'alloc_pages', 'task');
  const atomic = isoConfig(g).atomicAllocs ? [0, 1] : [0];
  return {
    ...op,
    argNames: [...op.argNames, 'atomic'],
    argSets: op.argSets.flatMap((a) => atomic.map((x) => [...a, x])),
    start(k, args) {
      op.start(k, args);
      const order = args[0];
      k.set(IR.alloc, args[3] ? ALLOC.NON_BLOCK | (order > 0 ? ALLOC.HIGHATOMIC : 0) : 0);
    },
    formatArg: (n, v) => (n === 'atomic' ? (v ? 'GFP_ATOMIC' : '0') : op.formatArg!(n, v)),
  };
}

/** `__free_pages()` of a held block, by a CPU with the free role. */
export function isolationFreeOp(g: Geometry): OpDef {
  const op = freeOp(g, '__free_pages', '__free_pages', 'task');
  return { ...op, enabled: (k, args) => hasRole(k.g.config, k.cpu, 'free') && op.enabled(k, args) };
}

/** `alloc_contig_range(pfn, pfn + nr)` of a configured range (ACR_FLAGS_CMA for a CMA one). */
export function allocContigRangeOp(g: Geometry): OpDef {
  const c = isoConfig(g);
  return {
    name: 'alloc_contig_range',
    machine: 'alloc_contig_range',
    argNames: ['start', 'end', 'flags'],
    argSets: c.contigPerCpu > 0 ? c.contigRanges.map((r) => [r.pfn, r.pfn + r.nr, r.cma ? 1 : 0]) : [],
    context: 'task',
    budget: ISO_BUDGET.contig,
    // A range that names its CPU is called by that CPU only.
    enabled: (k, [start, end]) => c.contigRanges.some((r) => r.pfn === start && r.pfn + r.nr === end && (r.cpu === undefined || r.cpu === k.cpu)),
    start(k, [start, end, cma]) {
      k.set(IR.start, start);
      k.set(IR.end, end);
      k.set(IR.mode, cma ? MODE.CMA_ALLOC : MODE.OTHER);
      startIsolateInit(k);
    },
    formatArg: (n, v) => (n === 'flags' ? (v ? 'ACR_FLAGS_CMA' : 'ACR_FLAGS_NONE') : String(v)),
  };
}

/** `offline_pages(pfn, nr)` of a configured range whose sections are online; with a signal pending or not. */
export function offlinePagesOp(g: Geometry): OpDef {
  const c = isoConfig(g);
  const signals = c.offlineSignal ? [0, 1] : [0];
  return {
    name: 'offline_pages',
    machine: 'offline_pages',
    argNames: ['start_pfn', 'nr_pages', 'signal'],
    argSets: c.offlinesPerCpu > 0 ? c.offlineRanges.flatMap((r) => signals.map((s) => [r.pfn, r.nr, s])) : [],
    context: 'task',
    budget: ISO_BUDGET.offline,
    enabled: (k, [pfn]) => sectionOnline(k.L, k.s, pfn),
    start(k, [pfn, nr, signal]) {
      k.set(IR.start, pfn);
      k.set(IR.end, pfn + nr);
      k.set(IR.outerStart, pfn);
      k.set(IR.mode, MODE.MEM_OFFLINE);
      k.set(IR.signal, signal);
      k.set(IR.ret, RET.OK);
    },
    formatArg: (n, v) => (n === 'signal' ? (v ? 'pending' : 'none') : String(v)),
  };
}

/** `unreserve_highatomic_pageblock(ac, force)` for each migratetype allocations ask for. */
export function unreserveOp(g: Geometry): OpDef {
  const c = isoConfig(g);
  const mts = g.config.workload.allocMigratetypes.map((m) => g.mt[m]);
  return {
    name: 'unreserve_highatomic_pageblock',
    machine: 'unreserve_highatomic_pageblock',
    argNames: ['mt', 'force'],
    argSets: c.unreservesPerCpu > 0 ? mts.flatMap((mt) => [0, 1].map((f) => [mt, f])) : [],
    context: 'task',
    budget: ISO_BUDGET.unreserve,
    enabled: () => true,
    start(k, [mt, force]) {
      k.set(R.mt, mt);
      k.set(IR.force, force);
    },
    formatArg: (n, v) => (n === 'mt' ? g.mts[v] : v ? 'true' : 'false'),
  };
}

/**
 * Compaction's free scanner on the pageblock at `start_pfn` (isolate_freepages() →
 * isolate_freepages_block()), at COMPACT_PRIO_SYNC_LIGHT, or also at MIN_COMPACT_PRIORITY when
 * the configuration asks for it.
 */
export function isolateFreepagesBlockOp(g: Geometry): OpDef {
  const c = isoConfig(g);
  const prios = c.compactMinPriority ? [PRIO.SYNC_LIGHT, PRIO.MIN] : [PRIO.SYNC_LIGHT];
  const blocks = Array.from({ length: g.nPageblocks }, (_, b) => b * g.pageblockPages);
  return {
    name: 'isolate_freepages_block',
    machine: 'isolate_freepages_block',
    argNames: ['start_pfn', 'prio'],
    argSets: c.compactionsPerCpu > 0 ? blocks.flatMap((pfn) => prios.map((p) => [pfn, p])) : [],
    context: 'task',
    budget: ISO_BUDGET.compact,
    enabled: (k, [pfn]) => sectionOnline(k.L, k.s, pfn),
    start(k, [pfn, prio]) {
      k.set(IR.scan, pfn);
      k.set(IR.end, pfn + g.pageblockPages);
      k.set(IR.prio, prio);
      k.set(IR.ret, RET.EBUSY);
    },
    formatArg: (n, v) => (n === 'prio' ? (v === PRIO.MIN ? 'MIN_COMPACT_PRIORITY' : 'COMPACT_PRIO_SYNC_LIGHT') : String(v)),
  };
}
