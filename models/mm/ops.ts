/**
 * Workload operations shared by the allocator models: allocation, free of a held block,
 * split_page, a speculative reference. Each names the machine that runs it; models choose
 * which operations (and which machines) they offer.
 */
import type { Geometry } from '../../src/config/geometry.ts';
import { HOLD, R, type MmLayout } from './layout.ts';
import type { Mm } from './kernel.ts';
import type { BudgetDef, OpDef } from './system.ts';

/** Budget counter indices. */
export const BUDGET = { alloc: 0, spec: 1 } as const;

/** Budgets: allocation calls (tasks: allocsPerCpu; interrupt contexts: pcp.irqOpsPerCpu) and speculative references. */
export function standardBudgets(): BudgetDef[] {
  return [
    {
      name: 'alloc',
      initial: (L: MmLayout, t: number) => (L.isIrq(t) ? (L.geo.config.pcp?.irqOpsPerCpu ?? 0) : L.geo.config.workload.allocsPerCpu),
    },
    { name: 'spec', initial: (L: MmLayout, t: number) => (L.isIrq(t) ? 0 : L.geo.config.workload.specRefsPerCpu) },
  ];
}

/** True when pfn heads a block a caller holds in the pool. */
export function poolHead(k: Mm, pfn: number): boolean {
  return k.s[k.L.gUnit + pfn] !== 0 && k.hold(pfn) === HOLD.pool;
}
/** Order of the pool block headed by pfn. */
export function poolOrder(k: Mm, pfn: number): number {
  return k.s[k.L.gUnit + pfn] - 1;
}

const pfnArgs = (g: Geometry) => Array.from({ length: g.nPfn }, (_, p) => [p]);

/** `alloc_pages(gfp, order)` with a migratetype and __GFP_COMP or not. */
export function allocOp(g: Geometry, machine: string, name = 'alloc_pages', context: OpDef['context'] = 'any'): OpDef {
  const w = g.config.workload;
  const comps = w.compound === 'never' ? [0] : w.compound === 'always' ? [1] : [0, 1];
  const argSets: number[][] = [];
  for (const order of w.allocOrders)
    for (const mtName of w.allocMigratetypes)
      for (const comp of comps) if (!(comp === 1 && order === 0 && comps.length > 1)) argSets.push([order, g.mt[mtName], comp]);
  return {
    name,
    machine,
    argNames: ['order', 'mt', 'comp'],
    argSets,
    context,
    budget: BUDGET.alloc,
    enabled: () => true,
    start(k, [order, mt, comp]) {
      k.set(R.order, order);
      k.set(R.mt, mt);
      k.set(R.gfp, comp);
    },
    formatArg: (n, v) => (n === 'mt' ? g.mts[v] : n === 'comp' ? (v ? '__GFP_COMP' : '0') : String(v)),
  };
}

/** `__free_pages(page, order)` of a block a caller holds; any CPU may free any held block. */
export function freeOp(g: Geometry, machine: string, name = '__free_pages', context: OpDef['context'] = 'any'): OpDef {
  return {
    name,
    machine,
    argNames: ['pfn'],
    argSets: pfnArgs(g),
    context,
    budget: null,
    poolHeadArg: true,
    enabled: (k, args) => poolHead(k, args[0]),
    start(k, [pfn]) {
      const order = poolOrder(k, pfn);
      k.takeFromPool(pfn, order);
      k.set(R.pfn, pfn);
      k.set(R.order, order);
    },
  };
}

/** `split_page(page, order)` of a held non-compound block of order > 0. */
export function splitPageOp(g: Geometry, machine: string): OpDef {
  return {
    name: 'split_page',
    machine,
    argNames: ['pfn'],
    argSets: g.config.workload.splitPage ? pfnArgs(g) : [],
    context: 'task',
    budget: null,
    poolHeadArg: true,
    enabled: (k, args) => poolHead(k, args[0]) && poolOrder(k, args[0]) > 0 && !k.isHead(args[0]),
    start(k, [pfn]) {
      const order = poolOrder(k, pfn);
      k.takeFromPool(pfn, order);
      k.set(R.pfn, pfn);
      k.set(R.order, order);
    },
  };
}

/**
 * A speculative reference (get_page_unless_zero ... put_page). With workload.specLookup 'held'
 * (the default), on the head of a block a caller holds, the get in the call's first step; with
 * 'any', on any pfn in use (refcount > 0) when it is looked up: the first step is the lookup
 * (R.head = 1 until then, see the machine), the get a later one, landing on whatever the pfn has
 * become by then. Only pages in use are looked up: a get succeeds only on a page in use, and the
 * lookup step touches nothing but the caller's registers, so a lookup of a free pfn followed by a
 * successful get is the same behaviour as a lookup just before that get.
 */
export function speculativeRefOp(g: Geometry, machine: string): OpDef {
  const argSets = g.config.workload.specRefsPerCpu > 0 ? pfnArgs(g) : [];
  if (g.config.workload.specLookup === 'any')
    return {
      name: 'speculative_ref',
      machine,
      argNames: ['pfn'],
      argSets,
      context: 'task',
      budget: BUDGET.spec,
      enabled: (k, args) => k.ref(args[0]) > 0,
      start(k, [pfn]) {
        k.set(R.pfn, pfn);
        k.set(R.head, 1);
      },
    };
  return {
    name: 'speculative_ref',
    machine,
    argNames: ['pfn'],
    argSets,
    context: 'task',
    budget: BUDGET.spec,
    poolHeadArg: true,
    enabled: (k, args) => poolHead(k, args[0]),
    start(k, [pfn]) {
      k.set(R.pfn, pfn);
    },
  };
}
