/**
 * A model's coverage: what the exhaustive checks of its baseline reach over all its
 * configurations together (the union of their summaries), against every item that exists in
 * any of them, and the items the model declares unreachable.
 *
 * A declaration names items as reports print them, with their kind first (`edge alloc_pages:
 * prep_new_page → return [!got_page]`, `event merges of pageblocks of different types order 3`,
 * `call split_page calls`); `->` may be written for `→`, and `*` matches any run of characters
 * (one declaration for a callee inlined where no configuration calls it). A declaration is itself
 * checked: one that matches no item of the union, or that matches an item some configuration
 * reaches, is an error, so that a declaration never hides a path that runs, and goes stale
 * loudly when a model or configuration change makes its items reachable or removes them.
 *
 * An item that no configuration reaches yet but that is not known to be unreachable may be
 * recorded as an open gap instead ({@link OpenGap}): reported, counted and listed as a bound of
 * what the checks exercised, never as reached; the record is exact and can only shrink.
 */
import { coverageItems, coverageTotals, type CoverageItem, type CoverageSummary } from './summary.ts';

/** An item a model declares that none of its configurations can reach, and why. */
export interface UnreachableDeclaration {
  /** `edge NAME`, `event NAME` or `call NAME`, NAME as reports print it; `*` matches any characters, `->` stands for `→`. */
  readonly item: string;
  /** Why no configuration of the model reaches it, in kernel terms (what the model leaves out, or why the path cannot run). */
  readonly reason: string;
}

/**
 * Items no configuration of a model reaches yet, though none is known to be unreachable: a gap in
 * what the model's configurations exercise, recorded so that it is reported as a bound and so
 * that the record only shrinks. Items are exact qualified names (no `*`): an item not recorded
 * that goes unreached still fails the suite, and one recorded that becomes reached is an error
 * until it is removed.
 */
export interface OpenGap {
  /** What no configuration does yet that would reach the items, in kernel terms. */
  readonly missing: string;
  /** Qualified names, as the suite lists never-reached items. */
  readonly items: readonly string[];
}

/** What a model carries for the coverage check: its name, declarations and open gaps. */
export interface CoverageDeclarer {
  readonly name: string;
  readonly unreachable?: readonly UnreachableDeclaration[];
  readonly openGaps?: readonly OpenGap[];
}

const KINDS: readonly CoverageItem['kind'][] = ['edge', 'event', 'call'];

/** The qualified name of an item, as declarations and the suite's lists write it: `edge alloc_pages: ...`. */
export function qualifiedName(i: Pick<CoverageItem, 'kind' | 'name'>): string {
  return `${i.kind} ${i.name}`;
}

/** A declaration's matcher over qualified names, or the reason it is malformed. */
function matcher(d: UnreachableDeclaration): RegExp | string {
  const item = d.item.trim().replace(/ -> /g, ' → ');
  const kind = item.split(' ', 1)[0];
  if (!KINDS.includes(kind as CoverageItem['kind'])) return "must start with 'edge ', 'event ' or 'call ', then the item's name as reports print it";
  if (item.length <= kind.length + 1) return 'names no item after its kind';
  const body = item
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/**
 * The errors of a model's declarations on their own (no search needed): a malformed item, an
 * empty reason, an item declared twice.
 */
export function declarationErrors(model: CoverageDeclarer): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const d of model.unreachable ?? []) {
    const m = matcher(d);
    if (typeof m === 'string') errors.push(`model ${model.name}: unreachable item '${d.item}' ${m}`);
    if (!d.reason.trim()) errors.push(`model ${model.name}: unreachable item '${d.item}' gives no reason`);
    if (seen.has(d.item)) errors.push(`model ${model.name}: unreachable item '${d.item}' is declared twice`);
    seen.add(d.item);
  }
  return errors;
}

/** One declaration and the items of the union it matched. */
export interface DeclarationMatch {
  readonly item: string;
  readonly reason: string;
  /** Qualified names of the items it matched (all never reached, or the declaration is an error). */
  readonly matched: readonly string[];
}

/** The coverage check of one model. */
export interface ModelCoverage {
  readonly model: string;
  /** The configurations whose checks were united. */
  readonly configs: readonly string[];
  /** Reached and existing items by kind, over the union. */
  readonly totals: ReturnType<typeof coverageTotals>;
  /** Items no configuration reaches that neither a declaration nor an open gap covers (qualified names, edges first): each fails the check. */
  readonly neverReached: readonly string[];
  /** The model's open gaps, each with the items of it still never reached. */
  readonly openGaps: readonly { readonly missing: string; readonly items: readonly string[] }[];
  /** How many never-reached items the open gaps cover: reached by no configuration, a bound of what the checks exercised. */
  readonly gapItems: number;
  /** The declarations, each with what it matched. */
  readonly declaredUnreachable: readonly DeclarationMatch[];
  /** Every item never reached (qualified names), declared or not: what the manifest records. */
  readonly unreached: readonly string[];
  /** Bad declarations and stale open gaps: malformed, matching nothing, or matching an item that is reached. */
  readonly errors: readonly string[];
  /** No item never reached that is neither declared nor recorded as an open gap, and no bad declaration or stale gap. */
  readonly ok: boolean;
}

/**
 * Checks a model's union of coverage against its declarations: every item is reached by some
 * configuration or matched by a declaration, and every declaration matches items, none reached.
 */
export function checkModelCoverage(model: CoverageDeclarer, union: CoverageSummary, configs: readonly string[]): ModelCoverage {
  const items = coverageItems(union).map((i) => ({ ...i, q: qualifiedName(i) }));
  const errors = declarationErrors(model);
  const covered = new Set<string>();
  const declaredUnreachable: DeclarationMatch[] = [];
  for (const d of model.unreachable ?? []) {
    const m = matcher(d);
    if (typeof m === 'string') continue;
    const hits = items.filter((i) => m.test(i.q));
    const reached = hits.filter((i) => i.count > 0);
    if (!hits.length) errors.push(`model ${model.name}: '${d.item}' is declared unreachable but no configuration has such an item (renamed or removed? \`check --coverage\` lists the items)`);
    for (const r of reached)
      errors.push(`model ${model.name}: '${d.item}' is declared unreachable but ${r.q} is reached (${r.count} transition${r.count === 1 ? '' : 's'}); remove or narrow the declaration`);
    for (const h of hits) covered.add(h.q);
    declaredUnreachable.push({ item: d.item, reason: d.reason, matched: hits.map((h) => h.q) });
  }
  const byName = new Map(items.map((i) => [i.q, i]));
  const inGap = new Set<string>();
  const openGaps = (model.openGaps ?? []).map((g) => {
    const still: string[] = [];
    for (const q of g.items) {
      const i = byName.get(q);
      if (inGap.has(q)) errors.push(`model ${model.name}: '${q}' is recorded as an open gap twice`);
      else if (!i) errors.push(`model ${model.name}: '${q}' is recorded as an open gap but no configuration has such an item (renamed or removed? remove it from the model's openGaps)`);
      else if (i.count > 0) errors.push(`model ${model.name}: '${q}' is recorded as an open gap but is reached (${i.count} transition${i.count === 1 ? '' : 's'}): remove it from the model's openGaps`);
      else if (covered.has(q)) errors.push(`model ${model.name}: '${q}' is recorded as an open gap but is declared unreachable: keep one of the two`);
      else still.push(q);
      inGap.add(q);
    }
    return { missing: g.missing, items: still };
  });
  const unreached = items.filter((i) => i.count === 0).map((i) => i.q);
  const neverReached = unreached.filter((q) => !covered.has(q) && !inGap.has(q));
  const gapItems = openGaps.reduce((n, g) => n + g.items.length, 0);
  return { model: model.name, configs, totals: coverageTotals(union), neverReached, openGaps, gapItems, declaredUnreachable, unreached, errors, ok: !neverReached.length && !errors.length };
}

/**
 * The never-reached items of one search that the model declares unreachable, by plain name with
 * the reason (what coverage reports list apart from the gaps; see src/report/coverage.ts).
 */
export function declaredNames(model: CoverageDeclarer, c: CoverageSummary): Record<string, string> {
  const out: Record<string, string> = {};
  const decls = (model.unreachable ?? []).map((d) => ({ d, m: matcher(d) }));
  for (const i of coverageItems(c)) {
    if (i.count > 0) continue;
    const q = qualifiedName(i);
    const hit = decls.find(({ m }) => typeof m !== 'string' && m.test(q));
    if (hit) out[i.name] = hit.d.reason;
  }
  return out;
}
