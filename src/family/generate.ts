/**
 * Configuration families (the small-scope hypothesis, as Alloy uses it): every configuration of a
 * model within a bound (./scope.ts). The generic dimensions are generated here: the geometry
 * (pages, section size, MAX_PAGE_ORDER, pageblock_order, VMEMMAP or not), the CPUs, the boot type
 * of every pageblock (up to `odd` pageblocks of each of the model's family types, everywhere in the
 * first max-order block, so that adjacent pageblocks of different types, CMA next to MOVABLE and
 * every fallback pair from MOVABLE occur), a page held or pinned at boot, the allocation calls;
 * the model adds its workload dimensions (its {@link FamilySpec}). Each candidate is read by the
 * one configuration reader and built by the model: what either refuses is not a member (counted
 * by reason), and candidates equal up to a permutation of the CPUs are one member.
 */
import { createHash } from 'node:crypto';
import { parseConfig } from '../config/load.ts';
import { MIGRATETYPES, type Config, type ConfigInput, type MigratetypeName } from '../config/schema.ts';
import { UsageError } from '../util/unreachable.ts';
import { findVariant } from '../../models/registry.ts';
import type { ModelDef } from '../../models/types.ts';
import type { Scope } from './scope.ts';

/** How the first pfn of the zone is at boot: free, held by a caller (any CPU may free it), pinned (never freed), or held and hwpoisoned. */
export type HeldPage = 'none' | 'held' | 'pinned' | 'poisoned';

/** One point of the generic dimensions, handed to the model's workloads. */
export interface FamilyPoint {
  readonly pages: number;
  readonly pagesPerSection: number;
  readonly sections: number;
  readonly maxOrder: number;
  readonly pageblockOrder: number;
  readonly nPageblocks: number;
  readonly vmemmap: boolean;
  readonly cpus: number;
  /** Allocation calls per CPU. */
  readonly allocs: number;
  /** The boot type of every pageblock, in pfn order. */
  readonly pageblockTypes: readonly MigratetypeName[];
  /** Pfn 0 at boot. */
  readonly held: HeldPage;
}

/** A configuration as a model's workloads write it: any fields, merged over the point's (objects field by field, `preallocated` appended). */
export type PartialConfig = { readonly [K in keyof ConfigInput]?: ConfigInput[K] extends object | undefined ? Partial<NonNullable<ConfigInput[K]>> | ConfigInput[K] : ConfigInput[K] };

/** One workload of a point: what it adds to the configuration, and its words in the member's description. */
export interface FamilyWorkload {
  readonly label: string;
  readonly config: PartialConfig;
  /** Relative cost (default 1), for balancing shards. */
  readonly weight?: number;
}

/** What a model declares for its configuration families (`ModelDef.family`). */
export interface FamilySpec {
  /** Boot types a pageblock may have besides MOVABLE (the family places up to `odd` of them). */
  readonly types: readonly MigratetypeName[];
  /** Migratetypes every member's zone has (besides UNMOVABLE, MOVABLE and its pageblocks' types). */
  readonly migratetypes?: readonly MigratetypeName[];
  /** How pfn 0 may be at boot (default: none, held, pinned). */
  readonly held?: readonly HeldPage[];
  /** Allocation calls per CPU the model's family takes, within the scope's (default: the scope's); its workloads are costly beyond. */
  readonly allocs?: readonly number[];
  /** Largest pageblock the model handles, in pages (default: no limit). */
  readonly maxPageblockPages?: number;
  /** The workloads of a point; each one is a member (before the reader and the model filter it). */
  workloads(p: FamilyPoint): readonly FamilyWorkload[];
}

/** One configuration of a family. */
export interface FamilyMember {
  /** 1-based place in the family. */
  readonly index: number;
  /** Stable identity: the place and a digest of the configuration (`17:3fa2c1d0`). */
  readonly id: string;
  /** The configuration, as `--config` takes it (a description included). */
  readonly config: ConfigInput;
  /** What it is, in one line. */
  readonly summary: string;
  /** Relative cost, for balancing shards only. */
  readonly cost: number;
}

/** A generated family. */
export interface Family {
  readonly model: string;
  readonly scope: Scope;
  readonly members: readonly FamilyMember[];
  /** Candidates generated, before filtering. */
  readonly generated: number;
  /** Candidates the configuration reader or the model refused, by reason (first line of the message, numbers kept). */
  readonly rejected: Readonly<Record<string, number>>;
  /** Candidates equal to an earlier member up to a permutation of the CPUs (or a field the geometry makes irrelevant). */
  readonly duplicates: number;
}

const ABBREV: Readonly<Record<MigratetypeName, string>> = { UNMOVABLE: 'U', MOVABLE: 'M', RECLAIMABLE: 'R', HIGHATOMIC: 'H', CMA: 'C', ISOLATE: 'I' };

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Merges a workload's fields over a configuration: objects field by field, `preallocated` appended, everything else replaced. */
export function mergeConfig(base: ConfigInput, add: PartialConfig): ConfigInput {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(add)) {
    if (v === undefined) continue;
    const prior = out[k];
    if (k === 'preallocated' && Array.isArray(prior) && Array.isArray(v)) out[k] = [...prior, ...v];
    else if (isPlain(prior) && isPlain(v)) out[k] = { ...prior, ...v };
    else out[k] = v;
  }
  return out as ConfigInput;
}

/** Every typing of `n` pageblocks with at most `odd` of them not MOVABLE, those within the first `within` (in a fixed order: fewer odd ones first). */
function typings(n: number, within: number, types: readonly MigratetypeName[], odd: number): MigratetypeName[][] {
  const out: MigratetypeName[][] = [Array<MigratetypeName>(n).fill('MOVABLE')];
  let frontier = [{ t: out[0], last: -1 }];
  for (let k = 1; k <= odd; k++) {
    const next: typeof frontier = [];
    for (const { t, last } of frontier)
      for (let b = last + 1; b < Math.min(n, within); b++)
        for (const ty of types) {
          const u = [...t];
          u[b] = ty;
          next.push({ t: u, last: b });
          out.push(u);
        }
    frontier = next;
  }
  return out;
}

/** Every key sorted: the same configuration gives the same text. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isPlain(v))
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/**
 * The identity of a read configuration under the family's symmetries: its name and description
 * dropped, VMEMMAP irrelevant in a zone of one section, and the CPUs' numbering (the key of the
 * permutation that sorts first).
 */
export function symmetryKey(c: Config): string {
  const { name: _n, description: _d, ...rest } = c;
  const base: Record<string, unknown> = { ...rest, vmemmap: c.pages / c.pagesPerSection === 1 ? true : c.vmemmap };
  const perms: number[][] = c.cpus === 2 ? [[0, 1], [1, 0]] : [Array.from({ length: c.cpus }, (_, i) => i)];
  const keys = perms.map((p) => {
    const x = structuredClone(base) as Record<string, unknown> & Pick<Config, 'pcpBuddy' | 'isolation'>;
    const permute = <T>(list: readonly T[] | undefined) => list && p.map((i) => list[i]);
    if (x.pcpBuddy) x.pcpBuddy = { ...x.pcpBuddy, roles: permute(x.pcpBuddy.roles), owners: x.pcpBuddy.owners?.map((o) => ({ ...o, cpu: p.indexOf(o.cpu) })) };
    if (x.isolation) x.isolation = { ...x.isolation, roles: permute(x.isolation.roles) };
    return canonicalJson(x);
  });
  return keys.sort()[0];
}

/** A refusal's first sentence, its numbers and quoted types generalised: one reason counts every place it occurs. */
function reasonOf(e: UsageError): string {
  const lines = e.message.split('\n').map((l) => l.trim()).filter(Boolean);
  const head = lines[0].replace(/^invalid configuration '[^']*':?\s*/, '').replace(/^invalid configuration:\s*/, '');
  const text = (head || lines[1] || e.message).replace(/^config\./, '');
  const sentence = text.split(/(?<=[a-z)\]])[.;] /)[0];
  return sentence.replace(/\d+/g, 'N').replace(/\((?:UNMOVABLE|MOVABLE|RECLAIMABLE|HIGHATOMIC|CMA|ISOLATE)\)/g, '(type)');
}

/** The point's words: `8 pfns, 2 sections of 4 (per-section memmap), MAX_PAGE_ORDER 2, pageblock_order 1, pageblocks MUMM, pfn 0 held, 2 CPUs`. */
function describePoint(p: FamilyPoint): string {
  const mem = p.sections === 1 ? '1 section' : `${p.sections} sections of ${p.pagesPerSection} (${p.vmemmap ? 'VMEMMAP' : 'per-section memmap'})`;
  const held = p.held === 'none' ? '' : `, pfn 0 ${p.held === 'poisoned' ? 'held and hwpoisoned' : p.held}`;
  return `${p.pages} pfns, ${mem}, MAX_PAGE_ORDER ${p.maxOrder}, pageblock_order ${p.pageblockOrder}, pageblocks ${p.pageblockTypes.map((t) => ABBREV[t]).join('')}${held}, ${p.cpus} CPU${p.cpus === 1 ? '' : 's'}, ${p.allocs} allocation${p.allocs === 1 ? '' : 's'} each`;
}

/** Generates the family of a model within a scope; a UsageError when the model declares no family. */
export function generateFamily(model: ModelDef, scope: Scope): Family {
  const spec = model.family;
  if (!spec) throw new UsageError(`the ${model.name} model declares no configuration family (--scope)`);
  const baseline = findVariant(model, 'baseline');
  const members: FamilyMember[] = [];
  const rejected: Record<string, number> = {};
  const seen = new Set<string>();
  let generated = 0;
  let duplicates = 0;
  const consider = (p: FamilyPoint, w: FamilyWorkload) => {
    generated++;
    const summary = `${describePoint(p)}; ${w.label}`;
    const base: ConfigInput = {
      description: summary,
      pages: p.pages,
      pagesPerSection: p.pagesPerSection,
      maxOrder: p.maxOrder,
      pageblockOrder: p.pageblockOrder,
      cpus: p.cpus,
      vmemmap: p.vmemmap,
      migratetypes: MIGRATETYPES.filter((t) => t === 'UNMOVABLE' || t === 'MOVABLE' || spec.migratetypes?.includes(t) || p.pageblockTypes.includes(t)),
      ...(p.pageblockTypes.some((t) => t !== 'MOVABLE') ? { pageblockTypes: [...p.pageblockTypes] } : {}),
      ...(p.held === 'none' ? {} : { preallocated: [{ pfn: 0, order: 0, ...(p.held === 'pinned' ? { pinned: true } : {}) }] }),
      workload: { allocOrders: Array.from({ length: p.maxOrder + 1 }, (_, o) => o), allocsPerCpu: p.allocs },
    };
    const input = mergeConfig(base, w.config);
    let config: Config;
    try {
      config = parseConfig(structuredClone(input), `'family member'`);
      model.build(config, baseline);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      const r = reasonOf(e);
      rejected[r] = (rejected[r] ?? 0) + 1;
      return;
    }
    const key = symmetryKey(config);
    if (seen.has(key)) {
      duplicates++;
      return;
    }
    seen.add(key);
    const index = members.length + 1;
    const digest = createHash('sha256').update(key).digest('hex').slice(0, 8);
    members.push({ index, id: `${index}:${digest}`, config: input, summary, cost: (p.cpus === 2 ? 40 : 4) * (1 + p.allocs) * (p.maxOrder + 1) * (w.weight ?? 1) });
  };
  const helds = spec.held ?? ['none', 'held', 'pinned'];
  for (const pages of scope.pages)
    for (const sections of scope.sections) {
      if (pages % sections) continue;
      const pagesPerSection = pages / sections;
      for (const maxOrder of scope.maxOrder)
        for (let pageblockOrder = 0; pageblockOrder <= maxOrder; pageblockOrder++) {
          const nPageblocks = pages >> pageblockOrder;
          if (nPageblocks < 1 || nPageblocks > scope.blocks || (spec.maxPageblockPages !== undefined && 1 << pageblockOrder > spec.maxPageblockPages)) continue;
          for (const vmemmap of sections === 1 ? [true] : [true, false])
            for (const cpus of scope.cpus)
              for (const allocs of scope.allocs.filter((a) => !spec.allocs || spec.allocs.includes(a)))
                // Odd pageblocks within the first max-order block (and at least the first two pageblocks): a pageblock and its buddy.
                for (const pageblockTypes of typings(nPageblocks, Math.max(2, 1 << (maxOrder - pageblockOrder)), spec.types, scope.odd))
                  for (const held of helds) {
                    const p: FamilyPoint = { pages, pagesPerSection, sections, maxOrder, pageblockOrder, nPageblocks, vmemmap, cpus, allocs, pageblockTypes, held };
                    for (const w of spec.workloads(p)) consider(p, w);
                  }
        }
    }
  return { model: model.name, scope, members, generated, rejected, duplicates };
}
