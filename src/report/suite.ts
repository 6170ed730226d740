/**
 * The suite's text report, made from its JSON rows only: what `pagecheck suite` prints and what
 * `pagecheck merge` prints for the shards of one, so that both read the same.
 */
import { pc } from './colour.js';
import { formatTable, num } from './text.ts';
import type { Status } from './vocabulary.ts';

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
 * The suite's status from its rows' statuses: `ok` when every row is as it should be, else the
 * strongest of them (an error, then a finding, then a bound).
 */
export function suiteStatus(statuses: readonly Status[]): Status {
  if (statuses.every((s) => s === 'ok')) return 'ok';
  for (const s of ['error', 'fail', 'incomplete', 'vacuous'] as const) if (statuses.includes(s)) return s;
  return 'fail';
}

/** The tables and the summary line; `seconds` is what the heading of the summary reports. */
export function formatSuite(rows: readonly SuiteRowText[], fuzz: readonly SuiteFuzzRowText[], seconds: string, settings: SuiteFuzzSettings): string {
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
  const pass = (r: { status: Status }) => r.status === 'ok';
  const mutants = rows.filter((r) => r.kind === 'mutant');
  const candidates = rows.filter((r) => r.kind === 'candidate');
  const held = rows.filter((r) => r.kind === 'baseline' || r.kind === 'patch');
  const failed = [...rows, ...fuzz].filter((r) => !pass(r));
  out.push(
    `\n${rows.length} checks in ${seconds}: ${held.filter(pass).length}/${held.length} baselines and patches hold, ` +
      `${mutants.filter((r) => r.caught).length}/${mutants.length} mutants caught (${mutants.filter(pass).length} by their target property).` +
      (candidates.length ? ` Open-question candidates: ${candidates.filter(pass).length}/${candidates.length} as recorded.` : '') +
      (fuzz.length ? ` Fuzz budget: ${fuzz.filter(pass).length}/${fuzz.length} rows as expected.` : '') +
      (failed.length ? pc.red(`\nFAILED: ${failed.map((r) => `${r.model}/${r.variant}@${r.config}`).join(', ')}`) : ''),
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
