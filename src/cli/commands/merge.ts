/**
 * `pagecheck merge RESULT...`: the shards of one campaign put back together. The files must be
 * the `--json` results of every shard of one campaign, each once (see ../../campaign/merge.ts);
 * the merged verdict, totals, coverage and shortest counterexample are printed as the command
 * itself prints them, with its exit status; `--tap` and `--junit FILE` give the merged rows as
 * test points, named as the unsharded command names them.
 */
import type { Command } from 'commander';
import { checkCampaign, combinedStatus, shardResultOf, type Campaign } from '../../campaign/merge.ts';
import { mergeCoverage, type CoverageSummary } from '../../coverage/summary.ts';
import { campaignVerdict, formatSearches, searchTotals, type SearchRow } from '../../report/campaign.ts';
import { coverageJson, formatCoverage } from '../../report/coverage.ts';
import { formatCheck, num } from '../../report/text.ts';
import { parseTraceFile, writeTraceFile, type TraceFile } from '../../report/trace-file.ts';
import { envelope, exitOf, type Status } from '../../report/vocabulary.ts';
import { checkWritable, readTextInput } from '../../util/files.ts';
import { printable } from '../../util/printable.ts';
import { UsageError } from '../../util/unreachable.ts';
import { formatMutants, formatSuite, mutantsStatus, suiteStatus, type SuiteFuzzSettings } from '../../report/suite.ts';
import type { Io } from '../io.ts';
import { coveragePoint, suiteCoverage, type SuiteFuzzRowJson, type SuiteRowJson } from './suite.ts';
import { MODELS } from '../../../models/registry.ts';
import { replayTraceFile } from './replay.ts';
import { tryWrite } from './check.ts';
import { addCiOptions, CiOutput, rowPoint, type CiOptions } from '../ci.ts';
import type { TestPoint } from '../../report/ci.ts';
import { familyRowPoint, formatFamilyRows, mergeFamilyShards, type SuiteFamilyRowJson } from '../family.ts';

/** A shard's result file is one JSON object; this bounds what is read. */
const MAX_RESULT = 256 * 2 ** 20;

/** Options of the command. */
interface MergeOptions extends CiOptions {
  readonly json?: boolean;
  readonly traceOut?: string;
  readonly variant?: string;
  readonly familyOut?: string;
}

/** The coverage summary inside a result's `coverage` (its JSON form adds totals and lists). */
function summaryOf(c: unknown): CoverageSummary | null {
  if (!c || typeof c !== 'object') return null;
  const { totals: _t, neverReached: _n, declaredUnreachable: _d, ...summary } = c as Record<string, unknown>;
  return summary as unknown as CoverageSummary;
}

function unionCoverage(bodies: readonly Readonly<Record<string, unknown>>[]): CoverageSummary | null {
  let acc: CoverageSummary | null = null;
  for (const b of bodies) {
    const c = summaryOf(b.coverage);
    if (c) acc = acc ? mergeCoverage(acc, c) : c;
  }
  return acc;
}

/** What a combiner hands back: the merged JSON body, its status, and the text lines. */
interface Merged {
  readonly status: Status;
  readonly body: Record<string, unknown>;
  readonly text: string[];
  /** The shortest counterexample among the shards', to print in full and write with --trace-out. */
  readonly trace: { readonly file: TraceFile; readonly from: string; readonly rerun: string } | null;
  /** The merged rows as test points, for --tap and --junit (named as the unsharded command names them). */
  readonly points: readonly TestPoint[];
}

function rowsOf<T>(c: Campaign, field: string): T[] {
  return c.shards.flatMap((s) => {
    const rows = s.body[field];
    if (!Array.isArray(rows)) throw new UsageError(`${s.file}: \`${field}\` is missing or not a list`);
    return rows as T[];
  });
}

/** The shards of a fuzz campaign: every search, the totals, the coverage union, the shortest failure. */
function mergeFuzz(c: Campaign): Merged {
  const rows = rowsOf<SearchRow>(c, 'searches').sort((a, b) => a.index - b.index);
  const totals = searchTotals(rows);
  const status = combinedStatus(rows.map((r) => r.status));
  // Each shard carries its own shortest failure in full; the campaign's is the shortest of those (ties: the earlier search).
  let best: { row: SearchRow; shard: Campaign['shards'][number] } | null = null;
  for (const s of c.shards) {
    const f = s.body.failure as { search?: string } | null | undefined;
    if (!f) continue;
    const row = rows.find((r) => r.id === f.search);
    if (!row?.failure) throw new UsageError(`${s.file}: its failure names search ${String(f.search)}, which it did not report as failing`);
    if (!best || row.failure.steps < best.row.failure!.steps || (row.failure.steps === best.row.failure!.steps && row.index < best.row.index)) best = { row, shard: s };
  }
  const coverage = unionCoverage(c.shards.map((s) => s.body));
  const first = c.shards[0].body;
  const trace =
    best && best.shard.body.traceFile ? { file: parseTraceFile(best.shard.body.traceFile, `${best.shard.file} (its counterexample)`), from: best.shard.file, rerun: best.row.failure!.replay } : null;
  const body = {
    outcome: best ? (best.shard.body.outcome as string) : rows.some((r) => r.outcome === 'not-run' || r.outcome === 'bound') ? 'bound' : 'no-failure',
    model: first.model,
    variant: first.variant,
    config: first.config,
    searches: rows,
    totals,
    coverage: coverage ? coverageJson(coverage) : null,
    failure: best ? best.shard.body.failure : null,
    traceFile: best ? (best.shard.body.traceFile ?? null) : null,
  };
  const text = [
    `fuzz campaign ${first.model}/${first.variant} @ ${first.config}: ${num(rows.length)} searches, merged from ${c.count} shard${c.count === 1 ? '' : 's'}`,
    formatSearches(rows),
    '',
    campaignVerdict(status, totals, best?.row ?? null),
  ];
  if (best?.row.failure) text.push(`  replay that run: ${best.row.failure.replay}`);
  if (!best && coverage) text.push('', formatCoverage(coverage, { model: String(first.model), what: `${num(totals.runs)} runs of ${num(totals.run)} searches, all shards` }));
  const what = `${String(first.model)}/${String(first.variant)}@${String(first.config)}`;
  const points = rows.map((r) =>
    rowPoint('fuzz', 'fuzz', { ...first, status: r.status, seconds: r.seconds, verdict: r.failure ? `${r.failure.property} in run ${r.failure.run}, ${r.failure.steps} steps` : r.outcome, rerun: r.failure?.replay }, `fuzz ${what} ${r.id}`),
  );
  return { status, body, text, trace, points };
}

/** The shards' seconds: their sum, and the longest shard's (the wall time when they ran at once). */
function shardSeconds(c: Campaign): { readonly sum: number; readonly longest: number } {
  const s = c.shards.map((x) => (typeof x.body.seconds === 'number' ? x.body.seconds : 0));
  return { sum: Number(s.reduce((a, b) => a + b, 0).toFixed(2)), longest: Math.max(...s) };
}

const byIndex = <T extends { readonly index: number }>(rows: T[]): T[] => rows.sort((a, b) => a.index - b.index);

/**
 * The shards of a suite: every row in suite order, each model's coverage over its baseline rows
 * of all shards (the union a whole run checks), the suite's status and summary.
 */
function mergeSuite(c: Campaign): Merged {
  const rows = byIndex(rowsOf<SuiteRowJson>(c, 'rows'));
  const fuzz = byIndex(rowsOf<SuiteFuzzRowJson>(c, 'fuzz'));
  const families = byIndex(rowsOf<SuiteFamilyRowJson>(c, 'families'));
  const modelCoverage = suiteCoverage(MODELS.filter((m) => rows.some((r) => r.model === m.name)), rows);
  const status = suiteStatus([...rows, ...fuzz, ...families].map((r) => r.status), modelCoverage);
  const t = shardSeconds(c);
  const settings = c.shards[0].body.fuzzSettings as SuiteFuzzSettings;
  return {
    status,
    body: { seconds: t.sum, fuzzSettings: settings, rows, fuzz, families, modelCoverage },
    text: [formatSuite(rows, fuzz, `${t.sum.toFixed(1)} s over ${c.count} shards (the longest ${t.longest.toFixed(1)} s)`, settings, modelCoverage), ...(families.length ? [formatFamilyRows(families)] : [])],
    trace: null,
    points: [...rows.map((r) => rowPoint('suite', 'check', r)), ...fuzz.map((r) => rowPoint('suite', 'fuzz', r)), ...families.map(familyRowPoint), ...modelCoverage.map(coveragePoint)],
  };
}

/** The shards of a mutants run: every mutant in order, the caught counts. */
function mergeMutants(c: Campaign): Merged {
  const rows = byIndex(rowsOf<SuiteRowJson>(c, 'mutants'));
  return {
    status: mutantsStatus(rows),
    body: { total: rows.length, caught: rows.filter((r) => r.caught).length, asExpected: rows.filter((r) => r.status === 'ok').length, mutants: rows },
    text: [formatMutants(rows)],
    trace: null,
    points: rows.map((r) => rowPoint('mutants', 'mutant', r)),
  };
}

const COMBINERS: Readonly<Record<string, (c: Campaign) => Merged>> = { fuzz: mergeFuzz, suite: mergeSuite, mutants: mergeMutants };

/** Registers the command. */
export function registerMerge(program: Command, io: Io, setExit: (n: number) => void): void {
  const cmd = program
    .command('merge')
    .description("put the shards of one campaign back together: check that the --json results are every shard once, and print the combined verdict, totals, coverage and shortest counterexample")
    .argument('<results...>', 'the --json result file of every shard')
    .option('--json', 'print one JSON object on stdout')
    .option('--trace-out <file>', 'write the shortest counterexample as a trace file (for `pagecheck replay`)')
    .option('--variant <file>', 'the variant file the campaign ran, to print its counterexample (its sources must hash to what the trace records)')
    .option('--family-out <file>', "the shards of a configuration family (check or validate with a scope): write the family's first failing configuration here (default: pagecheck-family-MODEL-N.json)");
  addCiOptions(cmd).action(async (files: string[], o: MergeOptions) => {
      if (o.traceOut) checkWritable(o.traceOut, '--trace-out');
      const results = files.map((f) => {
        const text = readTextInput(f, 'result file', MAX_RESULT);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (e) {
          throw new UsageError(`${f}: not valid JSON (${printable((e as Error).message)}); give the --json output of each shard`);
        }
        return shardResultOf(f, json);
      });
      const campaign = checkCampaign(results);
      // A configuration family's shards (check|validate --scope) are combined by src/cli/family.ts.
      const family = campaign.command === 'check' || campaign.command === 'validate';
      const combine = family ? (c: Campaign): Merged => ({ ...mergeFamilyShards(c.shards, o.familyOut, io), trace: null }) : COMBINERS[campaign.command];
      if (!combine) throw new UsageError(`merge: results of \`pagecheck ${campaign.command}\` cannot be merged (merge takes ${[...Object.keys(COMBINERS), 'check --scope', 'validate --scope'].join(', ')})`);
      const m = combine(campaign);
      const traceError = o.traceOut && m.trace ? tryWrite(() => writeTraceFile(o.traceOut!, m.trace!.file)) : null;
      const merged = { shards: campaign.count, items: campaign.items, campaign: campaign.id, command: campaign.commandLine, files: campaign.shards.map((s) => s.file) };
      const ci = new CiOutput(io, o, { command: `merge (${campaign.command})`, commandLine: campaign.commandLine, count: m.points.length });
      for (const p of m.points) ci.point(p);
      ci.finish(m.status);
      // Under --tap, stdout is KTAP only.
      if (o.json) io.out(JSON.stringify(envelope(campaign.command as never, m.status, { ...m.body, merged })));
      else if (!ci.tap) {
        const out = [...m.text];
        out.push(`  merged: ${campaign.count} shards of \`${campaign.commandLine}\` (campaign ${campaign.id}, ${num(campaign.items)} items, each done once)`);
        if (m.trace) {
          const r = await replayTraceFile(`${m.trace.from} (its counterexample)`, m.trace.file, o.variant).catch((e: unknown) => {
            if (e instanceof UsageError && m.trace!.file.variantSha256 && !o.variant) return null;
            throw e;
          });
          out.push('');
          if (r) out.push(`Shortest counterexample (from ${m.trace.from}):`, formatCheck(r.result, { ...r.meta, rerun: o.traceOut && !traceError ? `npx pagecheck replay ${o.traceOut}` : m.trace.rerun }, { traceNote: 'the shortest among the shards, shrunk', elide: true }));
          else out.push(`The shortest counterexample was found with the variant file ${m.trace.file.variantFile}: pass it with --variant FILE to print it (merge never loads code because a result names it).`);
        }
        io.out(out.join('\n'));
      }
      if (traceError) io.err(`pagecheck: warning: ${traceError.message}`);
      setExit(exitOf(m.status));
    },
  );
}
