/**
 * Numbers derived once from a validated {@link Config}: everything the state layout and the
 * kernel helpers need, so that the inner loop never recomputes them.
 */
import { MIGRATETYPES, type Config, type MigratetypeName } from './schema.ts';

/** The zone's shape, resolved from a configuration. All fields are read-only facts. */
export interface Geometry {
  readonly config: Config;
  /** Number of pfns (pfn 0 .. nPfn-1). */
  readonly nPfn: number;
  /** `MAX_PAGE_ORDER`. */
  readonly maxOrder: number;
  /** `NR_PAGE_ORDERS` = MAX_PAGE_ORDER + 1. */
  readonly nOrders: number;
  readonly pageblockOrder: number;
  readonly pageblockPages: number;
  readonly nPageblocks: number;
  readonly pagesPerSection: number;
  /** log2(pagesPerSection), the model's `PFN_SECTION_SHIFT`. */
  readonly sectionShift: number;
  readonly nSections: number;
  /** The zone's migratetypes in kernel enum order; a migratetype index is a position here. */
  readonly mts: readonly MigratetypeName[];
  readonly nMt: number;
  /** Index of each present migratetype, -1 when absent. */
  readonly mt: Readonly<Record<MigratetypeName, number>>;
  /** `migratetype_is_mergeable()` per migratetype index (UNMOVABLE, MOVABLE, RECLAIMABLE; never ISOLATE). */
  readonly mergeable: readonly boolean[];
  readonly cpus: number;
  readonly vmemmap: boolean;
}

/** Derives a {@link Geometry}. The configuration must already have passed schema validation. */
export function geometryOf(config: Config): Geometry {
  const mts = MIGRATETYPES.filter((m) => config.migratetypes.includes(m));
  const mt = Object.fromEntries(MIGRATETYPES.map((m) => [m, mts.indexOf(m)])) as Record<MigratetypeName, number>;
  const pageblockPages = 1 << config.pageblockOrder;
  return {
    config,
    nPfn: config.pages,
    maxOrder: config.maxOrder,
    nOrders: config.maxOrder + 1,
    pageblockOrder: config.pageblockOrder,
    pageblockPages,
    nPageblocks: config.pages / pageblockPages,
    pagesPerSection: config.pagesPerSection,
    sectionShift: 31 - Math.clz32(config.pagesPerSection),
    nSections: config.pages / config.pagesPerSection,
    mts,
    nMt: mts.length,
    mt,
    mergeable: mts.map((m) => m === 'UNMOVABLE' || m === 'MOVABLE' || m === 'RECLAIMABLE'),
    cpus: config.cpus,
    vmemmap: config.vmemmap,
  };
}
