/**
 * Smaller configurations of an allocator model, for the shrinker: fewer CPUs, fewer calls per
 * CPU, fewer kinds of calls (phase 1, operations); fewer orders, migratetypes and __GFP_COMP
 * choices, fewer sections (phase 3, arguments). A failure
 * at quiescence needs every budgeted call made, so without fewer calls per CPU it could never get
 * shorter than the whole workload of the configuration it was found at.
 */
import fc from 'fast-check';
import { ConfigSchema, type Config } from '../config/schema.ts';
import { UsageError } from '../util/unreachable.ts';
import type { ModelDef, Variant } from '../../models/types.ts';
import type { ConfigSpace, ShrinkPhase } from './shrink.ts';
import type { Schedulable } from './types.ts';

/** Distinct values below `n` to try, smallest first: `min`, n/2, n-1. */
function fewer(n: number, min: number): number[] {
  return [...new Set([min, Math.floor(n / 2), n - 1])].filter((x) => x >= min && x < n);
}

/** The size a shrink minimises: the sum of every count. Each step of {@link smallerConfigs} lowers it. */
export function configWeight(c: Config): number {
  const w = c.workload;
  return (
    c.cpus +
    c.pages / c.pagesPerSection +
    w.allocsPerCpu +
    w.specRefsPerCpu +
    w.allocOrders.length +
    w.allocMigratetypes.length +
    (w.splitPage ? 1 : 0) +
    (w.compound === 'both' ? 1 : 0) +
    (c.pcp ? c.pcp.irqOpsPerCpu + c.pcp.drainsPerCpu + (c.pcp.irq ? 1 : 0) : 0)
  );
}

/** Configurations one step smaller than `c`, each tagged with the shrink phase it belongs to. */
export function smallerConfigs(c: Config): { config: Config; phase: ShrinkPhase }[] {
  const out: { config: Config; phase: ShrinkPhase }[] = [];
  const w = c.workload;
  const ops = (config: Config) => out.push({ config, phase: 'operations' });
  const work = (patch: Partial<Config['workload']>) => ops({ ...c, workload: { ...w, ...patch } });
  // Argument values (orders, migratetypes, __GFP_COMP) go in phase 3, after the calls took the smallest ones.
  const args = (patch: Partial<Config['workload']>) => out.push({ config: { ...c, workload: { ...w, ...patch } }, phase: 'arguments' });
  for (const n of fewer(c.cpus, 1)) ops({ ...c, cpus: n });
  for (const n of fewer(w.allocsPerCpu, 0)) work({ allocsPerCpu: n });
  for (const n of fewer(w.specRefsPerCpu, 0)) work({ specRefsPerCpu: n });
  if (w.splitPage) work({ splitPage: false });
  if (w.compound === 'both') {
    args({ compound: 'never' });
    args({ compound: 'always' });
  }
  if (w.allocOrders.length > 1) w.allocOrders.forEach((_, i) => args({ allocOrders: w.allocOrders.filter((__, j) => j !== i) }));
  if (w.allocMigratetypes.length > 1) w.allocMigratetypes.forEach((_, i) => args({ allocMigratetypes: w.allocMigratetypes.filter((__, j) => j !== i) }));
  if (c.pcp) {
    const p = c.pcp;
    if (p.irq) ops({ ...c, pcp: { ...p, irq: false } });
    for (const n of fewer(p.irqOpsPerCpu, 0)) ops({ ...c, pcp: { ...p, irqOpsPerCpu: n } });
    for (const n of fewer(p.drainsPerCpu, 0)) ops({ ...c, pcp: { ...p, drainsPerCpu: n } });
  }
  const sections = c.pages / c.pagesPerSection;
  for (const n of fewer(sections, 1)) {
    const pages = n * c.pagesPerSection;
    const blocks = pages >> c.pageblockOrder;
    out.push({ config: { ...c, pages, ...(c.pageblockTypes ? { pageblockTypes: c.pageblockTypes.slice(0, blocks) } : {}) }, phase: 'arguments' });
  }
  return out;
}

/** What changed from `base` to `c`, e.g. `cpus 4→1, allocsPerCpu 16→1`. */
export function describeResize(base: Config, c: Config): string {
  const parts: string[] = [];
  const cmp = (name: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) parts.push(`${name} ${JSON.stringify(a)}→${JSON.stringify(b)}`);
  };
  cmp('cpus', base.cpus, c.cpus);
  cmp('pages', base.pages, c.pages);
  cmp('vmemmap', base.vmemmap, c.vmemmap);
  for (const k of Object.keys(base.workload) as (keyof Config['workload'])[]) cmp(k, base.workload[k], c.workload[k]);
  if (base.pcp && c.pcp) for (const k of Object.keys(base.pcp) as (keyof NonNullable<Config['pcp']>)[]) cmp(`pcp.${k}`, base.pcp[k], c.pcp[k]);
  return parts.join(', ');
}

/** The systems of a model's variant at any configuration, built once each. */
export interface ConfigSystems {
  /** The system of a configuration, or null when the schema or the model refuses it. */
  build(c: Config): Schedulable | null;
  /** The smaller configurations of `c`, for the shrinker. */
  space(c: Config): ConfigSpace<Config>;
}

/** The systems of a model's variant; `wrap` is applied to every system built (for example to add a test's invariants). */
export function configSystems(model: ModelDef, variant: Variant, wrap: (s: Schedulable) => Schedulable = (s) => s): ConfigSystems {
  const built = new Map<string, Schedulable | null>();
  const build = (c: Config): Schedulable | null => {
    const key = JSON.stringify(c);
    if (!built.has(key)) {
      let sys: Schedulable | null = null;
      // A configuration the schema or the model refuses is simply not a candidate.
      if (ConfigSchema.safeParse(c).success) {
        try {
          sys = wrap(model.build(c, variant).system);
        } catch (e) {
          if (!(e instanceof UsageError)) throw e;
        }
      }
      built.set(key, sys);
    }
    return built.get(key) ?? null;
  };
  return { build, space: (c) => ({ initial: c, smaller: smallerConfigs, weight: configWeight, build }) };
}

/**
 * Configurations within the limits of `base`, for campaigns that draw one per run: at most as
 * many CPUs, sections, calls per CPU and speculative references, a non-empty subset of its orders
 * and migratetypes, its __GFP_COMP choices, split_page or not, either memmap. MAX_PAGE_ORDER and
 * pageblock_order stay as they are.
 */
export function configArbitrary(base: Config): fc.Arbitrary<Config> {
  const w = base.workload;
  const p = base.pcp;
  const upTo = (max: number, min = 0) => fc.integer({ min: Math.min(min, max), max });
  return fc
    .record({
      cpus: upTo(base.cpus, 1),
      sections: upTo(base.pages / base.pagesPerSection, 1),
      vmemmap: fc.boolean(),
      allocsPerCpu: upTo(w.allocsPerCpu, 1),
      specRefsPerCpu: upTo(w.specRefsPerCpu),
      allocOrders: fc.subarray(w.allocOrders, { minLength: 1 }),
      allocMigratetypes: fc.subarray(w.allocMigratetypes, { minLength: 1 }),
      compound: w.compound === 'both' ? fc.constantFrom('never' as const, 'always' as const, 'both' as const) : fc.constant(w.compound),
      splitPage: w.splitPage ? fc.boolean() : fc.constant(false),
      irqOpsPerCpu: upTo(p?.irqOpsPerCpu ?? 0),
      drainsPerCpu: upTo(p?.drainsPerCpu ?? 0),
    })
    .map((d): Config => {
      const pages = d.sections * base.pagesPerSection;
      return {
        ...base,
        cpus: d.cpus,
        pages,
        vmemmap: d.vmemmap,
        ...(base.pageblockTypes ? { pageblockTypes: base.pageblockTypes.slice(0, pages >> base.pageblockOrder) } : {}),
        workload: {
          ...w,
          allocsPerCpu: d.allocsPerCpu,
          specRefsPerCpu: d.specRefsPerCpu,
          allocOrders: d.allocOrders,
          allocMigratetypes: d.allocMigratetypes,
          compound: d.compound,
          splitPage: d.splitPage,
        },
        ...(p ? { pcp: { ...p, irqOpsPerCpu: d.irqOpsPerCpu, drainsPerCpu: d.drainsPerCpu } } : {}),
      };
    });
}
