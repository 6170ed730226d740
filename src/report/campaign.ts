/**
 * Reports of a fuzz campaign of several searches (several strategies, several seeds) and of the
 * shard that ran part of one: the table of searches, the totals, and which search holds the
 * shortest failure. The same rows come from a live campaign and from `pagecheck merge`, so both
 * print alike. Formatting only.
 */
import { pc } from './colour.js';
import { formatTable, num } from './text.ts';
import { STATUS_WORD, type Status } from './vocabulary.ts';
import type { Shard } from '../campaign/shard.ts';

/** One search of a fuzz campaign, as its JSON row. */
export interface SearchRow {
  /** Position in the whole campaign. */
  readonly index: number;
  readonly id: string;
  readonly strategy: string;
  readonly seed: number;
  readonly status: Status;
  /** `no-failure`, `violation`, `deadlock`, `bound`, `error`, or `not-run` (the time budget was spent first). */
  readonly outcome: string;
  readonly runs: number;
  readonly steps: number;
  readonly seconds: number;
  /** The failure found, in brief (the full one is the campaign's `failure` when it is the shortest). */
  readonly failure: {
    readonly property: string;
    readonly run: number;
    readonly path: string;
    /** Steps of the counterexample: after shrinking when {@link shrunk}, else of the failing run. */
    readonly steps: number;
    readonly shrunk: boolean;
    readonly replay: string;
  } | null;
}

/** Totals of a campaign's searches. */
export interface SearchTotals {
  readonly searches: number;
  readonly run: number;
  readonly runs: number;
  readonly steps: number;
  readonly seconds: number;
}

/** Totals over rows. */
export function searchTotals(rows: readonly SearchRow[]): SearchTotals {
  return {
    searches: rows.length,
    run: rows.filter((r) => r.outcome !== 'not-run').length,
    runs: rows.reduce((a, r) => a + r.runs, 0),
    steps: rows.reduce((a, r) => a + r.steps, 0),
    seconds: Number(rows.reduce((a, r) => a + r.seconds, 0).toFixed(3)),
  };
}

function verdict(r: SearchRow): string {
  if (r.failure) return pc.red(`${r.failure.property} in run ${r.failure.run}, ${r.failure.shrunk ? 'shrunk to ' : ''}${r.failure.steps} steps`);
  switch (r.outcome) {
    case 'no-failure':
      return pc.green('no failure');
    case 'not-run':
      return pc.yellow('not run: time budget spent');
    case 'bound':
      return pc.yellow('time limit: fewer runs than asked');
    default:
      return pc.magenta(r.outcome);
  }
}

/** The table of searches. */
export function formatSearches(rows: readonly SearchRow[]): string {
  return formatTable(
    ['search', 'strategy', 'seed', 'runs', 'steps', 'seconds', 'verdict'],
    rows.map((r) => [r.id, r.strategy, String(r.seed), num(r.runs), num(r.steps), r.seconds.toFixed(2), verdict(r)]),
    [2, 3, 4, 5],
  );
}

/** The shard line of a report: which shard, where its number came from, what share it took. */
export function shardLine(shard: Shard, took: number, of: number, noun: string): string {
  return `shard ${shard.index}/${shard.count} (${shard.source}): ${num(took)} of the campaign's ${num(of)} ${noun}${of === 1 ? '' : 's'}`;
}

/** The verdict line of a campaign: status word, totals, and where the shortest failure is. */
export function campaignVerdict(status: Status, t: SearchTotals, shortest: SearchRow | null): string {
  const word = status === 'ok' ? pc.green('NO FAILURE') : status === 'fail' ? pc.red(STATUS_WORD.fail) : status === 'error' ? pc.magenta(STATUS_WORD.error) : pc.yellow(STATUS_WORD[status]);
  const figures = `${num(t.run)} of ${num(t.searches)} searches run, ${num(t.runs)} runs, ${num(t.steps)} steps, ${t.seconds.toFixed(2)} s`;
  if (shortest?.failure) return `${word}  ${figures}; the shortest failure is ${shortest.failure.property} in search ${shortest.id} (${shortest.failure.steps} steps${shortest.failure.shrunk ? ' after shrinking' : ', not shrunk'})`;
  if (status === 'incomplete') return `${word}  ${figures}; no failure in what ran, but the time budget stopped the campaign before it was done`;
  return `${word}  ${figures}${status === 'ok' ? '; randomized exploration is evidence, not a proof' : ''}`;
}
