/**
 * Workload operations of the contig model beyond the PCP model's: free_contig_range of a
 * configured range, vfree of a configured page array, once every page of it is held as an
 * order-0 page (after split_page, or preallocated so); a caller filling a page array with
 * alloc_pages_bulk; and speculative references limited to the configured pages.
 */
import type { Geometry } from '../../src/config/geometry.ts';
import { NIL, R, type MmLayout } from '../mm/layout.ts';
import type { Mm } from '../mm/kernel.ts';
import { poolHead, poolOrder, speculativeRefOp } from '../mm/ops.ts';
import type { BudgetDef, OpDef } from '../mm/system.ts';
import { pcpBudgets } from '../pcp/ops.ts';
import { CR, contigConfig } from './impl.ts';

/** Budget counter indices of the contig model (after the PCP model's). */
export const CONTIG_BUDGET = { bulk: 4 } as const;

/** The PCP model's budgets, plus alloc_pages_bulk calls per CPU (tasks only). */
export function contigBudgets(): BudgetDef[] {
  return [...pcpBudgets(), { name: 'bulk', initial: (L: MmLayout, t: number) => (L.isIrq(t) ? 0 : contigConfig(L.geo).bulkCallsPerCpu) }];
}

/** True when every page is held by a caller as an order-0 block. */
function heldAsPages(k: Mm, pfns: Iterable<number>): boolean {
  for (const p of pfns) if (!poolHead(k, p) || poolOrder(k, p) !== 0) return false;
  return true;
}

const rangeOf = (pfn: number, nr: number) => Array.from({ length: nr }, (_, i) => pfn + i);

/** `free_contig_range(pfn, nr_pages)` of a configured range, from a task. */
export function freeContigRangeOp(g: Geometry): OpDef {
  return {
    name: 'free_contig_range',
    machine: 'free_contig_range',
    argNames: ['pfn', 'nr'],
    argSets: contigConfig(g).ranges.map((r) => [r.pfn, r.nr]),
    context: 'task',
    budget: null,
    enabled: (k, [pfn, nr]) => heldAsPages(k, rangeOf(pfn, nr)),
    start(k, [pfn, nr]) {
      for (const p of rangeOf(pfn, nr)) k.takeFromPool(p, 0);
      k.set(CR.base, pfn);
      k.set(CR.nr, nr);
      k.set(CR.i, 0);
      k.set(CR.start, NIL);
      k.set(R.pfn, pfn);
      k.set(R.order, 0);
    },
  };
}

/** `vfree(addr)` of a configured page array, from a task. */
export function vfreeOp(g: Geometry): OpDef {
  const areas = contigConfig(g).areas;
  return {
    name: 'vfree',
    machine: 'vfree',
    argNames: ['pages'],
    argSets: areas.map((_, i) => [i]),
    context: 'task',
    budget: null,
    enabled: (k, [a]) => heldAsPages(k, areas[a]),
    start(k, [a]) {
      for (const p of areas[a]) k.takeFromPool(p, 0);
      k.set(CR.area, a);
      k.set(CR.ai, 0);
      k.set(R.pfn, areas[a][0]);
      k.set(R.order, 0);
    },
    formatArg: (_n, v) => `[${areas[v].join(' ')}]`,
  };
}

/** A caller filling an array of `nr` pages with alloc_pages_bulk (one call per budget unit), from a task. */
export function allocPagesBulkOp(g: Geometry): OpDef {
  const c = contigConfig(g);
  const mt = g.mt[c.bulkMigratetype];
  return {
    name: 'alloc_pages_bulk',
    machine: 'alloc_pages_bulk',
    argNames: ['nr'],
    argSets: c.bulkCallsPerCpu > 0 ? c.bulkSizes.map((n) => [n]) : [],
    context: 'task',
    budget: CONTIG_BUDGET.bulk,
    enabled: () => true,
    start(k, [nr]) {
      k.set(CR.nrPages, nr);
      k.set(CR.populated, 0);
      k.set(CR.account, 0);
      k.set(CR.ret, 0);
      k.set(CR.last, 0);
      k.set(CR.allocMt, mt);
      k.set(R.order, 0);
      k.set(R.mt, mt);
      k.set(R.gfp, 0);
    },
  };
}

/** The shared speculative reference, on the configured pages only. */
export function contigSpeculativeRefOp(g: Geometry): OpDef {
  const op = speculativeRefOp(g, 'speculative_ref');
  const only = contigConfig(g).specRefPfns;
  return only ? { ...op, argSets: op.argSets.filter(([p]) => only.includes(p)) } : op;
}
