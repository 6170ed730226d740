/**
 * Workload operations and budgets of the pcp-buddy model: the PCP model's operations, with each
 * CPU's task limited to its roles (config `pcpBuddy.roles`), optionally counted frees, and two
 * events the RFC leaves open: taking another CPU offline (page_alloc_cpu_dead) and isolating a
 * pageblock (start_isolate_page_range ... undo_isolate_page_range, as alloc_contig_range does).
 * No operation starts on a CPU that is going down or offline.
 *
 * Roles only set each thread's initial budgets, which live in the thread's block of the state
 * and move with it when CPUs are renamed: the CPU symmetry reduction stays sound.
 */
import type { Geometry } from '../../src/config/geometry.ts';
import type { Config } from '../../src/config/schema.ts';
import { UsageError } from '../../src/util/unreachable.ts';
import { TW, type MmLayout } from '../mm/layout.ts';
import type { Mm } from '../mm/kernel.ts';

import type { BudgetDef, OpDef } from '../mm/system.ts';
import { pcpBudgets } from '../pcp/ops.ts';
import { RB } from './impl.ts';
import { CPU_STATE, cpuState, isolatedBlock } from './state.ts';

/** Budget counter indices beyond the PCP model's (alloc 0, spec 1, drain 2, decay 3). */
export const BUDDY_BUDGET = { free: 4, offline: 5, isolate: 6 } as const;
/** Number of budget counters per thread. */
export const BUDGETS = 7;

type Role = NonNullable<NonNullable<Config['pcpBuddy']>['roles']>[number][number];

/** Whether CPU `cpu`'s task has a role (every CPU allocates, frees and drains when no roles are given). */
export function hasRole(config: Config, cpu: number, role: Role): boolean {
  const roles = config.pcpBuddy?.roles;
  if (!roles) return role === 'alloc' || role === 'free' || role === 'drain';
  return roles[cpu].includes(role);
}

/** Refuses role settings whose counts would be silently ignored. */
export function checkRoles(config: Config): void {
  const pb = config.pcpBuddy;
  if (!pb?.roles) return;
  const some = (r: Role) => pb.roles!.some((x) => x.includes(r));
  const all = (r: Role) => pb.roles!.every((x) => x.includes(r));
  if (some('free') && !all('free') && pb.freesPerCpu === undefined)
    throw new UsageError('invalid configuration: pcpBuddy.roles gives the free role to some CPUs only, so frees must be counted: set pcpBuddy.freesPerCpu');
  if (some('offline') && pb.offlinesPerCpu === 0) throw new UsageError('invalid configuration: pcpBuddy.roles gives the offline role, but pcpBuddy.offlinesPerCpu is 0');
  if (some('isolate') && pb.isolationsPerCpu === 0) throw new UsageError('invalid configuration: pcpBuddy.roles gives the isolate role, but pcpBuddy.isolationsPerCpu is 0');
  if (some('drain') && (config.pcp?.drainsPerCpu ?? 0) === 0) throw new UsageError('invalid configuration: pcpBuddy.roles gives the drain role, but pcp.drainsPerCpu is 0');
}

/** The PCP model's budgets limited to each task's roles, plus frees, offlines and isolations. */
export function budgets(): BudgetDef[] {
  const [alloc, spec, drain, decay] = pcpBudgets();
  const task = (role: Role, n: (L: MmLayout) => number): BudgetDef['initial'] => (L, t) => (L.isIrq(t) || !hasRole(L.geo.config, t, role) ? 0 : n(L));
  const roleLimited = (b: BudgetDef, role: Role): BudgetDef => ({ name: b.name, initial: (L, t) => (!L.isIrq(t) && !hasRole(L.geo.config, t, role) ? 0 : b.initial(L, t)) });
  return [
    roleLimited(alloc, 'alloc'),
    spec,
    roleLimited(drain, 'drain'),
    decay,
    { name: 'free', initial: task('free', (L) => L.geo.config.pcpBuddy?.freesPerCpu ?? 0) },
    { name: 'offline', initial: task('offline', (L) => L.geo.config.pcpBuddy?.offlinesPerCpu ?? 0) },
    { name: 'isolate', initial: task('isolate', (L) => L.geo.config.pcpBuddy?.isolationsPerCpu ?? 0) },
  ];
}

/**
 * The free operation's budget: counted when freesPerCpu is set or some CPU lacks the free role;
 * otherwise null, unlimited as in the PCP model (every held block may be freed at any time).
 */
export function freeBudget(g: Geometry): number | null {
  const pb = g.config.pcpBuddy;
  const restricted = pb?.roles?.some((r) => !r.includes('free')) ?? false;
  return pb?.freesPerCpu === undefined && !restricted ? null : BUDDY_BUDGET.free;
}

/** The operation, on no CPU that is going down or offline. */
export function onlineOnly(op: OpDef): OpDef {
  return { ...op, enabled: (k, args) => cpuState(k.L, k.s, k.cpu) === CPU_STATE.online && op.enabled(k, args) };
}

/** True when every thread of a CPU is idle. */
function cpuIdle(k: Mm, cpu: number): boolean {
  const L = k.L;
  if (k.s[L.threadBase(cpu) + TW.op] !== 0) return false;
  return !L.opts.irq || k.s[L.threadBase(cpu + L.geo.cpus) + TW.op] === 0;
}

/** `page_alloc_cpu_dead(cpu)` of another, online, idle CPU, from a task. */
export function cpuDeadOp(g: Geometry): OpDef {
  const n = g.config.pcpBuddy?.offlinesPerCpu ?? 0;
  return onlineOnly({
    name: 'page_alloc_cpu_dead',
    machine: 'page_alloc_cpu_dead',
    argNames: ['cpu'],
    argSets: n > 0 ? Array.from({ length: g.cpus }, (_, c) => [c]) : [],
    context: 'task',
    budget: BUDDY_BUDGET.offline,
    enabled: (k, [cpu]) => cpu !== k.cpu && cpuState(k.L, k.s, cpu) === CPU_STATE.online && cpuIdle(k, cpu),
    start(k, [cpu]) {
      k.setCpuReg(cpu);
    },
    formatArg: (_n, v) => `cpu${v}`,
  });
}

/** Isolation of one pageblock (one the configuration allows), from a task; never of a block already isolated. */
export function isolateOp(g: Geometry): OpDef {
  const pb = g.config.pcpBuddy;
  const blocks = pb?.isolateBlocks ?? Array.from({ length: g.nPageblocks }, (_, b) => b);
  return onlineOnly({
    name: 'isolate_pageblock',
    machine: 'isolate_pageblock',
    argNames: ['pageblock'],
    argSets: (pb?.isolationsPerCpu ?? 0) > 0 ? blocks.map((b) => [b]) : [],
    context: 'task',
    budget: BUDDY_BUDGET.isolate,
    enabled: (k, [b]) => !isolatedBlock(k.L, k.s, b),
    start(k, [b]) {
      k.set(RB.target, b);
    },
  });
}

