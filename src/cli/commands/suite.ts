/**
 * `pagecheck suite` (what `npm start` runs): every built-in model, its baseline at every
 * configuration and each other variant at its default configuration, explored exhaustively,
 * one row each; then the fuzz budget on the configurations too large for exhaustive search
 * (see ../fuzz-runs.ts). `--tap` prints each row as a KTAP test point as it is done, `--junit
 * FILE` writes them as JUnit XML (../ci.ts). With `--shard K/N` it does a deterministic share of those rows, and
 * `pagecheck merge` puts the shards back together.
 */
import type { Command } from 'commander';
import { MODELS, findModel, suiteConfigsOf } from '../../../models/registry.ts';
import type { ModelDef, Variant } from '../../../models/types.ts';
import type { Shard, WorkItem } from '../../campaign/shard.ts';
import { readManifest } from '../../manifest.ts';
import { shardLine } from '../../report/campaign.ts';
import { formatSuite, suiteStatus } from '../../report/suite.ts';
import { checkModelCoverage, type ModelCoverage } from '../../coverage/model.ts';
import { coverageTotals, mergeCoverage, type CoverageSummary } from '../../coverage/summary.ts';
import { envelope, exitOf } from '../../report/vocabulary.ts';
import { DIVERGENCE } from '../../validate/types.ts';
import type { Io } from '../io.ts';
import { rowJson, runRow, type Row, type RowJson } from '../runs.ts';
import { SUITE_FUZZ, fuzzRow, fuzzRowJson, fuzzRuns, suiteFuzzChecks, type FuzzRow, type FuzzRowJson } from '../fuzz-runs.ts';
import { addShardOptions, planShard } from '../shard.ts';
import { addCiOptions, CiOutput, rowPoint, type CiOptions } from '../ci.ts';
import type { TestPoint } from '../../report/ci.ts';
import { SUITE_SCOPE, familyRowPoint, formatFamilyRows, suiteFamilyRow, type SuiteFamilyRowJson } from '../family.ts';

/** One check of the suite: a variant at a configuration, explored exhaustively or fuzzed. */
export interface SuiteCheck {
  readonly model: ModelDef;
  readonly variant: Variant;
  readonly config: string;
}

/** The suite's exhaustive checks, in order: each baseline at every configuration, each other variant at its own (and those it names in `alsoAt`). */
export function suiteChecks(models: readonly ModelDef[]): SuiteCheck[] {
  return models.flatMap((m) => m.variants.flatMap((v) => suiteConfigsOf(m, v).map((config) => ({ model: m, variant: v, config }))));
}

/** One unit of the suite's work, as shards deal it. */
export interface SuiteItem extends WorkItem, SuiteCheck {
  readonly search: 'exhaustive' | 'fuzz' | 'family';
  /** Position in the whole suite (exhaustive rows first, then the fuzz budget's, then each model's configuration family). */
  readonly index: number;
}

/**
 * Costs in states explored, for balancing shards only (measured on the built-in models: a fuzz
 * step costs about five explored states, a run about 700 steps, and a mutant's campaign stops
 * at its first failure, then shrinks); every row also costs the building of its system.
 */
const COST = { unknownStates: 10_000, fuzzRun: 3_500, fuzzMutant: 30_000, perRow: 5_000, family: 400_000 } as const;

/** States of each manifest entry (the suite's exhaustive rows), or nothing where the manifest is not shipped. */
function manifestStates(): ReadonlyMap<string, number> {
  try {
    return new Map(readManifest().map((e) => [`${e.model}/${e.variant}@${e.config}`, e.states]));
  } catch {
    return new Map();
  }
}

/** Every check of the suite as a work item, costed by its state count in the manifest (fuzz rows by their runs). */
export function suiteItems(models: readonly ModelDef[]): SuiteItem[] {
  const states = manifestStates();
  const key = (c: SuiteCheck) => `${c.model.name}/${c.variant.name}@${c.config}`;
  const exhaustive = suiteChecks(models).map((c) => ({ ...c, search: 'exhaustive' as const, id: `check ${key(c)}`, cost: COST.perRow + (states.get(key(c)) ?? COST.unknownStates) }));
  const fuzz = suiteFuzzChecks(models).map((c) => ({
    ...c,
    search: 'fuzz' as const,
    id: `fuzz ${key(c)}`,
    cost: COST.perRow + (c.variant.kind === 'mutant' ? COST.fuzzMutant : fuzzRuns(c.variant) * COST.fuzzRun),
  }));
  // Each model's baseline over the suite's configuration family (src/cli/family.ts).
  const families = models.filter((m) => m.family).map((m) => ({ model: m, variant: m.variants.find((v) => v.kind === 'baseline')!, config: SUITE_SCOPE, search: 'family' as const, id: `family ${m.name}/baseline@${SUITE_SCOPE}`, cost: COST.family }));
  return [...exhaustive, ...fuzz, ...families].map((it, index) => ({ ...it, index }));
}

/** The command that checks one row again on its own. */
export function rowCommand(c: SuiteCheck, search: SuiteItem['search']): string {
  const m = c.model.name;
  if (search === 'family') return `npx pagecheck check --model ${m} --scope ${c.config}`;
  if (search === 'fuzz') {
    const runs = fuzzRuns(c.variant);
    return `npx pagecheck fuzz --model ${m} --variant ${c.variant.name} --config ${c.config} --strategy ${SUITE_FUZZ.strategy} --seed ${SUITE_FUZZ.seed} --runs ${runs}`;
  }
  const differential = c.variant.expect === DIVERGENCE || (c.variant.kind === 'patch' && c.variant.baseline !== undefined);
  return differential
    ? `npx pagecheck validate --model ${m} --before ${c.variant.baseline ?? 'baseline'} --after ${c.variant.name} --config ${c.config}`
    : `npx pagecheck check --model ${m} --variant ${c.variant.name} --config ${c.config}`;
}

/**
 * An exhaustive row of `suite --json`: {@link rowJson}, its place in the suite and the command
 * that checks it again; a baseline's also what its search exercised (the summary with its totals).
 */
export type SuiteRowJson = RowJson & { readonly index: number; readonly rerun: string; readonly coverage?: SuiteRowCoverage };

/** A row's coverage in `suite --json`: the summary and its reached/existing totals. */
export type SuiteRowCoverage = CoverageSummary & { readonly totals: ReturnType<typeof coverageTotals> };

/** The summary inside a row's JSON coverage (without the totals derived from it). */
export function rowSummary(c: SuiteRowCoverage): CoverageSummary {
  const { totals: _t, ...summary } = c;
  return summary;
}

/**
 * Each model's coverage over the suite's rows: the union of what its baseline's exhaustive checks
 * exercised at every configuration, checked against the model's declarations of unreachable
 * items (src/coverage/model.ts). A model whose baseline rows are not all there (a shard's share)
 * is left out: `pagecheck merge` checks it over the shards together.
 */
export function suiteCoverage(models: readonly ModelDef[], rows: readonly Pick<SuiteRowJson, 'model' | 'kind' | 'config' | 'coverage'>[]): ModelCoverage[] {
  const out: ModelCoverage[] = [];
  for (const m of models) {
    const mine = rows.filter((r) => r.model === m.name && r.kind === 'baseline' && r.coverage);
    const configs = Object.keys(m.configs);
    if (!configs.every((c) => mine.some((r) => r.config === c))) continue;
    const union = mine.map((r) => rowSummary(r.coverage!)).reduce((a, b) => mergeCoverage(a, b));
    out.push(checkModelCoverage(m, union, configs));
  }
  return out;
}

/** A fuzz row of `suite --json`. */
export type SuiteFuzzRowJson = FuzzRowJson & { readonly index: number; readonly rerun: string };

/** The result of the suite's items: its exhaustive rows and its fuzz rows, in suite order. */
export interface SuiteRun {
  readonly rows: readonly { readonly item: SuiteItem; readonly row: Row }[];
  readonly fuzz: readonly { readonly item: SuiteItem; readonly row: FuzzRow }[];
  readonly families: readonly SuiteFamilyRowJson[];
}

/** An exhaustive row of `suite --json`. */
export function suiteRowJson(item: SuiteItem, row: Row): SuiteRowJson {
  return {
    ...rowJson(row),
    index: item.index,
    rerun: rowCommand(item, 'exhaustive'),
    ...(row.coverage ? { coverage: { totals: coverageTotals(row.coverage), ...row.coverage } } : {}),
  };
}

/** How many never-reached items a coverage test point lists. */
const COVERAGE_LISTED = 20;

/** A model's coverage over the suite as a test point (`coverage M`): not ok when an item is never reached undeclared (its open gaps are listed, a bound). */
export function coveragePoint(c: ModelCoverage): TestPoint {
  const t = c.totals;
  const reached = `edges ${t.edge.reached}/${t.edge.total}, events ${t.event.reached}/${t.event.total}, calls ${t.call.reached}/${t.call.total} reached over ${c.configs.length} configuration${c.configs.length === 1 ? '' : 's'}`;
  return {
    name: `coverage ${c.model}`,
    classname: `pagecheck.suite.${c.model}`,
    status: c.ok ? 'ok' : 'fail',
    summary: (c.ok ? reached : `${reached}; ${c.neverReached.length} never reached undeclared, ${c.errors.length} bad declarations`) + (c.gapItems ? `; ${c.gapItems} in open gaps, never reached` : ''),
    // The first few: a CI log needs the kind of gap, and the suite's text lists them all.
    diagnostics: [
      ...c.neverReached.slice(0, COVERAGE_LISTED).map((n) => `never reached: ${n}`),
      ...(c.neverReached.length > COVERAGE_LISTED ? [`... and ${c.neverReached.length - COVERAGE_LISTED} more (npx pagecheck suite --model ${c.model} lists them all)`] : []),
      ...c.errors,
      ...c.openGaps.filter((g) => g.items.length).map((g) => `open gap, ${g.items.length} never reached: ${g.missing}`),
    ],
  };
}

/** A fuzz row of `suite --json`. */
export function suiteFuzzRowJson(item: SuiteItem, row: FuzzRow): SuiteFuzzRowJson {
  return { ...fuzzRowJson(row), index: item.index, rerun: rowCommand(item, 'fuzz') };
}

/**
 * Runs the given items in order; `onRow` is told each row's line and its test point as soon as
 * it is done.
 */
export function runSuiteItems(items: readonly SuiteItem[], onRow?: (line: string, point: TestPoint) => void): SuiteRun {
  const rows: { item: SuiteItem; row: Row }[] = [];
  const fuzz: { item: SuiteItem; row: FuzzRow }[] = [];
  const families: SuiteFamilyRowJson[] = [];
  for (const item of items) {
    if (item.search === 'family') {
      const row = suiteFamilyRow(item.model.name, item.index);
      families.push(row);
      onRow?.(`family ${row.model}/${row.variant} @ scope ${row.scope}: ${row.verdict}`, familyRowPoint(row));
    } else if (item.search === 'exhaustive') {
      const row = runRow(item.model, item.variant, item.config, {}, { coverage: true });
      rows.push({ item, row });
      onRow?.(`${row.model}/${row.variant} @ ${row.config}: ${row.verdict}`, rowPoint('suite', 'check', suiteRowJson(item, row)));
    } else {
      const row = fuzzRow(item.model, item.variant, item.config);
      fuzz.push({ item, row });
      onRow?.(`fuzz ${row.model}/${row.variant} @ ${row.config}: ${row.verdict}`, rowPoint('suite', 'fuzz', suiteFuzzRowJson(item, row)));
    }
  }
  return { rows, fuzz, families };
}

/** The unsharded command line of the suite: the campaign's identity. */
function suiteCommand(model?: string): string {
  return `npx pagecheck suite${model ? ` --model ${model}` : ''}`;
}

/** Registers the command. */
export function registerSuite(program: Command, io: Io, setExit: (n: number) => void): void {
  const cmd = program
    .command('suite')
    .description('the default verification suite: every model and variant explored exhaustively at its configurations, then the fuzz budget (randomized runs) on the configurations too large for that')
    .option('--model <name>', 'only this model')
    .option('--json', 'print one JSON object on stdout');
  addCiOptions(addShardOptions(cmd, false)).action((o: { model?: string; json?: boolean; shard?: Shard } & CiOptions) => {
    const t0 = performance.now();
    const models = o.model ? [findModel(o.model)] : MODELS;
    const command = suiteCommand(o.model);
    const plan = planShard(suiteItems(models), o.shard, command);
    const ci = new CiOutput(io, o, { command: 'suite', commandLine: command, count: plan.items.length + (plan.shard ? 0 : models.length) });
    const quiet = o.json || ci.tap;
    if (!quiet) {
      io.err('pagecheck: default verification suite (exhaustive breadth-first search, then the fuzz budget: ' + `strategy ${SUITE_FUZZ.strategy}, seed ${SUITE_FUZZ.seed})`);
      if (plan.shard) io.err(`  ${shardLine(plan.shard, plan.items.length, plan.all.length, 'check')}`);
    }
    const run = runSuiteItems(plan.items, (line, point) => {
      if (!quiet) io.err(`  ${line}`);
      ci.point(point);
    });
    const seconds = (performance.now() - t0) / 1000;
    const rows: SuiteRowJson[] = run.rows.map(({ item, row }) => suiteRowJson(item, row));
    const fuzz: SuiteFuzzRowJson[] = run.fuzz.map(({ item, row }) => suiteFuzzRowJson(item, row));
    // A shard has part of a model's configurations: its coverage is checked when the shards are merged.
    const modelCoverage = plan.shard ? null : suiteCoverage(models, rows);
    for (const c of modelCoverage ?? []) ci.point(coveragePoint(c));
    const families = run.families;
    const status = suiteStatus([...rows, ...fuzz, ...families].map((r) => r.status), modelCoverage ?? []);
    ci.finish(status);
    // Under --tap, stdout is KTAP only.
    if (o.json) io.out(JSON.stringify(envelope('suite', status, { seconds: Number(seconds.toFixed(2)), fuzzSettings: SUITE_FUZZ, rows, fuzz, families, ...(modelCoverage ? { modelCoverage } : {}), ...(plan.fields ?? {}) })));
    else if (!ci.tap) {
      const out = [formatSuite(rows, fuzz, `${seconds.toFixed(1)} s`, SUITE_FUZZ, modelCoverage)];
      if (families.length) out.push(formatFamilyRows(families));
      if (plan.shard) out.push(`  ${shardLine(plan.shard, plan.items.length, plan.all.length, 'check')}; merge the shards' --json results with: npx pagecheck merge RESULT...  (the whole suite: ${command})`);
      io.out(out.join('\n'));
    }
    setExit(exitOf(status));
  });
}
