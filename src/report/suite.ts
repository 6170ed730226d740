/**
 * The suite's text report, made from its JSON rows only: what `pagecheck suite` prints and what
 * `pagecheck merge` prints for the shards of one, so that both read the same.
 */
import { pc } from './colour.js';
import { formatTable, num } from './text.ts';
import type { Status } from './vocabulary.ts';
import type { ModelCoverage } from '../coverage/model.ts';

/** The fields of an exhaustive row of `suite --json` that the text report shows. */
export interface SuiteRowText {
  readonly model: string;
  readonly variant: string;
  readonly kind: string;
  readonly config: string;
  readonly status: Status;
  readonly caught: boolean;
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly seconds: number;
  readonly verdict: string;
  /** The command that checks the row again on its own. */
  readonly rerun?: string;
}

/** The fields of a fuzz row of `suite --json` that the text report shows. */
export interface SuiteFuzzRowText {
  readonly model: string;
  readonly variant: string;
  readonly kind: string;
  readonly config: string;
  readonly status: Status;
  readonly stats: { readonly runs: number; readonly steps: number };
  /** The campaign's and its shrinking's seconds. */
  readonly seconds: number;
  readonly verdict: string;
  readonly rerun?: string;
}

/** How the suite's fuzz budget ran, for the heading of its table. */
export interface SuiteFuzzSettings {
  readonly strategy: string;
  readonly seed: number;
  readonly shrinkSteps: number;
}

/**
 * The suite's status from its rows' statuses and its models' coverage: `ok` when every row is as
 * it should be and every model reaches every item it does not declare unreachable, else the
 * strongest of them (an error, then a finding or a coverage gap, then a bound).
 */
export function suiteStatus(rowStatuses: readonly Status[], coverage: readonly Pick<ModelCoverage, 'ok'>[] = []): Status {
  const statuses = [...rowStatuses, ...coverage.map((c): Status => (c.ok ? 'ok' : 'fail'))];
  if (statuses.every((s) => s === 'ok')) return 'ok';
  for (const s of ['error', 'fail', 'incomplete', 'vacuous'] as const) if (statuses.includes(s)) return s;
  return 'fail';
}

/** Never-reached items listed per model in the text report (the JSON has them all). */
const MAX_LISTED = 40;

/**
 * The models' coverage: per model the items reached by at least one configuration against all
 * that exist, the declarations of unreachable items with their reasons, the open gaps (items no
 * configuration reaches yet, counted per group: a bound, listed in the model), then every item
 * never reached that is neither, and every bad declaration or stale gap (each of which fails the
 * suite). `null`: a shard's, not checked.
 */
export function formatModelCoverage(coverage: readonly ModelCoverage[] | null): string {
  if (!coverage) return pc.dim('Model coverage: not checked on a shard (each model needs all its configurations); `pagecheck merge` of the shards checks it.');
  if (!coverage.length) return 'Model coverage: no model with all its baseline configurations was run.';
  const r = (t: { reached: number; total: number }) => `${num(t.reached)}/${num(t.total)}`;
  const out = [
    'Model coverage (edges, events and calls reached by at least one configuration: the union of the baseline checks above, against all that exist):',
    formatTable(
      ['model', 'configurations', 'edges', 'events', 'calls', 'declared unreachable', 'open gaps', 'never reached', 'coverage'],
      coverage.map((c) => [
        c.model,
        String(c.configs.length),
        r(c.totals.edge),
        r(c.totals.event),
        r(c.totals.call),
        num(c.unreached.length - c.neverReached.length - c.gapItems),
        num(c.gapItems),
        num(c.neverReached.length),
        !c.ok ? pc.red(c.errors.length ? 'FAIL (declarations)' : 'FAIL') : c.gapItems ? pc.yellow('open gaps') : pc.green('ok'),
      ]),
      [2, 3, 4, 5, 6, 7],
    ),
  ];
  for (const c of coverage) {
    if (c.declaredUnreachable.length) {
      out.push(pc.dim(`  ${c.model}: declared unreachable by the model:`));
      for (const d of c.declaredUnreachable) out.push(pc.dim(`    ${d.item}${d.matched.length === 1 && d.matched[0] === d.item ? '' : ` (${d.matched.length} item${d.matched.length === 1 ? '' : 's'})`}: ${d.reason}`));
    }
    if (c.gapItems) {
      out.push(pc.yellow(`  ${c.model}: open gaps, reached by no configuration yet (${num(c.gapItems)} item${c.gapItems === 1 ? '' : 's'}; the model's openGaps lists each):`));
      for (const g of c.openGaps) if (g.items.length) out.push(pc.yellow(`    ${num(g.items.length)}: ${g.missing}`));
    }
    if (c.neverReached.length) {
      out.push(pc.red(`  ${c.model}: never reached by any configuration (${c.neverReached.length}); reach each with a configuration, or declare it in the model's \`unreachable\` with the reason:`));
      for (const n of c.neverReached.slice(0, MAX_LISTED)) out.push(pc.red(`    ${n}`));
      if (c.neverReached.length > MAX_LISTED)
        out.push(pc.red(`    ... and ${c.neverReached.length - MAX_LISTED} more (\`suite --model ${c.model} --json\` lists them all in modelCoverage; models/manifest.json records them)`));
    }
    for (const e of c.errors) out.push(pc.red(`  ${e}`));
  }
  return out.join('\n');
}

/** The summary line's words on open gaps: which models have them, and how many items (a bound, not a pass). */
function openGapsNote(coverage: readonly ModelCoverage[]): string {
  const open = coverage.filter((c) => c.gapItems);
  if (!open.length) return '';
  return `; open gaps, never reached: ${open.map((c) => `${c.model} ${num(c.gapItems)} of ${num(c.totals.edge.total + c.totals.event.total + c.totals.call.total)} items`).join(', ')}`;
}

/**
 * The tables, the models' coverage and the summary line; `seconds` is what the heading of the
 * summary reports; `coverage` is null on a shard (see {@link formatModelCoverage}).
 */
export function formatSuite(rows: readonly SuiteRowText[], fuzz: readonly SuiteFuzzRowText[], seconds: string, settings: SuiteFuzzSettings, coverage: readonly ModelCoverage[] | null = null): string {
  const ok = (r: { status: Status; verdict: string }) => (r.status === 'ok' ? pc.green(r.verdict) : pc.red(r.verdict));
  const out = [
    formatTable(
      ['model', 'variant', 'kind', 'configuration', 'states', 'transitions', 'depth', 'seconds', 'verdict'],
      rows.map((r) => [r.model, r.variant, r.kind, r.config, num(r.states), num(r.transitions), String(r.depth), r.seconds.toFixed(2), ok(r)]),
      [4, 5, 6, 7],
    ),
  ];
  if (fuzz.length) {
    out.push(`\nFuzz budget (configurations too large for exhaustive search; strategy ${settings.strategy}, seed ${settings.seed}, shrinking bounded at ${num(settings.shrinkSteps)} steps executed):`);
    out.push(
      formatTable(
        ['model', 'variant', 'kind', 'configuration', 'runs', 'steps', 'seconds', 'verdict'],
        fuzz.map((r) => [r.model, r.variant, r.kind, r.config, num(r.stats.runs), num(r.stats.steps), r.seconds.toFixed(2), ok(r)]),
        [4, 5, 6],
      ),
    );
  }
  out.push('', formatModelCoverage(coverage));
  const pass = (r: { status: Status }) => r.status === 'ok';
  const mutants = rows.filter((r) => r.kind === 'mutant');
  const candidates = rows.filter((r) => r.kind === 'candidate');
  const held = rows.filter((r) => r.kind === 'baseline' || r.kind === 'patch');
  const failed = [...rows, ...fuzz].filter((r) => !pass(r));
  const gaps = (coverage ?? []).filter((c) => !c.ok);
  out.push(
    `\n${rows.length} checks in ${seconds}: ${held.filter(pass).length}/${held.length} baselines and patches hold, ` +
      `${mutants.filter((r) => r.caught).length}/${mutants.length} mutants caught (${mutants.filter(pass).length} by their target property).` +
      (candidates.length ? ` Open-question candidates: ${candidates.filter(pass).length}/${candidates.length} as recorded.` : '') +
      (fuzz.length ? ` Fuzz budget: ${fuzz.filter(pass).length}/${fuzz.length} rows as expected.` : '') +
      (coverage?.length ? ` Coverage: ${coverage.filter((c) => c.ok && !c.gapItems).length}/${coverage.length} models reach every item not declared unreachable${openGapsNote(coverage)}.` : '') +
      (failed.length || gaps.length ? pc.red(`\nFAILED: ${[...failed.map((r) => `${r.model}/${r.variant}@${r.config}`), ...gaps.map((c) => `coverage of ${c.model}`)].join(', ')}`) : ''),
  );
  for (const r of failed) if (r.rerun) out.push(`  ${r.model}/${r.variant}@${r.config} again: ${r.rerun}`);
  return out.join('\n');
}

/** The status of `pagecheck mutants`: as the suite's, over its rows. */
export function mutantsStatus(rows: readonly { readonly status: Status }[]): Status {
  return suiteStatus(rows.map((r) => r.status));
}

/** The mutants' table and summary line, from the JSON rows of `mutants --json`. */
export function formatMutants(rows: readonly (SuiteRowText & { readonly expect: string | null })[]): string {
  const table = formatTable(
    ['model', 'mutant', 'config', 'expected', 'verdict', 'states', 'seconds'],
    rows.map((r) => [r.model, r.variant, r.config, r.expect ?? '', r.status === 'ok' ? pc.green(r.verdict) : pc.red(r.verdict), num(r.states), r.seconds.toFixed(2)]),
    [5, 6],
  );
  return `${table}\n\n${rows.filter((r) => r.caught).length} of ${rows.length} mutants caught; ${rows.filter((r) => r.status === 'ok').length} by the property they target.`;
}
