/**
 * Workload operations of the PCP model beyond the shared ones (../mm/ops.ts): drains of a
 * pageset, drain_all_pages and the vmstat worker's decay_pcp_high, with their budgets.
 */
import type { Geometry } from '../../src/config/geometry.ts';
import { R, type MmLayout } from '../mm/layout.ts';
import { standardBudgets } from '../mm/ops.ts';
import type { BudgetDef, OpDef } from '../mm/system.ts';
import { InternalError } from '../../src/util/unreachable.ts';

/** Budget counter indices of the PCP model (after the shared alloc and spec budgets). */
export const PCP_BUDGET = { drain: 2, decay: 3 } as const;

function pcpOf(g: Geometry) {
  const p = g.config.pcp;
  if (!p) throw new InternalError('the pcp model was built without a pcp section');
  return p;
}

/** The shared budgets, plus drains and decays per CPU (tasks only). */
export function pcpBudgets(): BudgetDef[] {
  const task = (n: (L: MmLayout) => number) => (L: MmLayout, t: number) => (L.isIrq(t) ? 0 : n(L));
  return [
    ...standardBudgets(),
    { name: 'drain', initial: task((L) => pcpOf(L.geo).drainsPerCpu) },
    { name: 'decay', initial: task((L) => pcpOf(L.geo).decaysPerCpu) },
  ];
}

/** `drain_pages_zone(cpu, zone)` of any CPU's pageset, from a task (a remote drain when cpu is another CPU). */
export function drainPagesZoneOp(g: Geometry): OpDef {
  return {
    name: 'drain_pages_zone',
    machine: 'drain_pages_zone',
    argNames: ['cpu'],
    argSets: pcpOf(g).drainsPerCpu > 0 ? Array.from({ length: g.cpus }, (_, c) => [c]) : [],
    context: 'task',
    budget: PCP_BUDGET.drain,
    enabled: () => true,
    start(k, [cpu]) {
      k.setCpuReg(cpu);
    },
    formatArg: (_n, v) => `cpu${v}`,
  };
}

/** `drain_all_pages(zone)` from a task; shares the drain budget. */
export function drainAllPagesOp(g: Geometry): OpDef {
  const p = pcpOf(g);
  return {
    name: 'drain_all_pages',
    machine: 'drain_all_pages',
    argNames: [],
    argSets: p.drainAll && p.drainsPerCpu > 0 ? [[]] : [],
    context: 'task',
    budget: PCP_BUDGET.drain,
    enabled: () => true,
    start() {},
  };
}

/** `decay_pcp_high(zone, pcp)` of the task's own CPU (the vmstat worker). */
export function decayPcpHighOp(g: Geometry): OpDef {
  return {
    name: 'decay_pcp_high',
    machine: 'decay_pcp_high',
    argNames: [],
    argSets: pcpOf(g).decaysPerCpu > 0 ? [[]] : [],
    context: 'task',
    budget: PCP_BUDGET.decay,
    enabled: () => true,
    start() {},
  };
}
