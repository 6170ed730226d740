/**
 * `check --scope` and `validate --scope`: a configuration family (src/family) explored member by
 * member, optionally as one shard of a campaign (`--shard K/N`, dealt by estimated cost), with
 * its first failure's configuration written as a JSON file that `--config` takes.
 */
import type { Command } from 'commander';
import { findModel } from '../../models/registry.ts';
import { generateFamily, type Family } from '../family/generate.ts';
import { familyJson, familyStatus, familyTotals, memberName, runMembers, type FamilyFailure, type FamilyJson, type FamilyMode } from '../family/run.ts';
import { parseScope, scopeText } from '../family/scope.ts';
import { pc } from '../report/colour.js';
import { formatFamily } from '../report/family.ts';
import { shardLine } from '../report/campaign.ts';
import { num } from '../report/text.ts';
import { envelope, exitOf, type Status } from '../report/vocabulary.ts';
import { checkWritable, writeAtomic, WriteError } from '../util/files.ts';
import { UsageError } from '../util/unreachable.ts';
import type { Io } from './io.ts';
import { addShardOptions, planShard } from './shard.ts';
import type { Shard } from '../campaign/shard.ts';
import { CiOutput } from './ci.ts';
import type { TestPoint } from '../report/ci.ts';

/** Adds `--scope`, `--list`, `--family-out` and `--shard` to a command. */
export function addScopeOptions(cmd: Command): Command {
  cmd
    .option('--scope <spec>', 'explore every configuration of the model within a small bound instead of one configuration: a named bound (small, tiny) and/or key=N or key=LO..HI pairs (pages, sections, maxorder, blocks, cpus, allocs, odd), e.g. small,cpus=1..2')
    .option('--list', "with --scope: print the family's configurations and stop")
    .option('--family-out <file>', "with --scope: write the first failing configuration here (default: pagecheck-family-MODEL-N.json in the current directory)");
  return addShardOptions(cmd, false);
}

/** The flags that choose one configuration, or write what one search found: meaningless for a family. */
const SINGLE = ['config', 'cpus', 'pages', 'pagesPerSection', 'maxOrder', 'pageblockOrder', 'allocs', 'traceOut', 'html', 'checkpoint', 'resume', 'symmetry', 'por', 'liveRegisters', 'separately', 'coverage', 'strategy'] as const;

const FLAG: Readonly<Record<(typeof SINGLE)[number], string>> = {
  config: '--config',
  cpus: '--cpus',
  pages: '--pages',
  pagesPerSection: '--pages-per-section',
  maxOrder: '--max-order',
  pageblockOrder: '--pageblock-order',
  allocs: '--allocs',
  traceOut: '--trace-out',
  html: '--html',
  checkpoint: '--checkpoint',
  resume: '--resume',
  symmetry: '--symmetry',
  por: '--por',
  liveRegisters: '--live-registers',
  separately: '--separately',
  coverage: '--coverage',
  strategy: '--strategy',
};

/** Refuses --shard without --scope, and single-configuration flags with it. */
export function checkScopeFlags(o: Record<string, unknown>): boolean {
  if (o.scope === undefined) {
    if (o.shard) throw new UsageError('--shard needs --scope (a family of configurations to deal out); `pagecheck fuzz`, `suite` and `mutants` shard without it');
    if (o.list || o.familyOut) throw new UsageError(`${o.list ? '--list' : '--family-out'} needs --scope`);
    return false;
  }
  for (const k of SINGLE) {
    // Commander fills --strategy with its default; only a different value was given.
    if (k === 'strategy' ? o[k] !== undefined && o[k] !== 'bfs' : o[k] !== undefined && o[k] !== false) throw new UsageError(`--scope explores each configuration of a family breadth-first; it cannot be combined with ${FLAG[k]}`);
  }
  if (o.vmemmap !== undefined) throw new UsageError('--scope generates VMEMMAP and per-section memmaps itself; it cannot be combined with --vmemmap or --no-vmemmap');
  if (o.workers !== undefined && o.workers !== 1) throw new UsageError('--scope explores the members one after another in one thread; it cannot be combined with --workers');
  return true;
}

/** What the command runs the family of. */
export interface FamilyRun {
  readonly command: 'check' | 'validate';
  readonly model: string;
  readonly mode: FamilyMode;
  /** The unsharded command line (the campaign's identity and how to run it whole). */
  readonly commandLine: string;
  /** Words besides the members that define the work (a variant file's digest). */
  readonly identity: readonly string[];
  /** The command that checks one configuration file again, given its path. */
  readonly rerun: (file: string) => string;
}

/** Writes a failing member's configuration where `--config` reads it; the path, or the reason it could not be written. */
function writeFailure(failure: FamilyFailure, path: string): { readonly file?: string; readonly error?: string } {
  try {
    writeAtomic(path, 'configuration file', [Buffer.from(JSON.stringify(failure.config, null, 2) + '\n')]);
    return { file: path };
  } catch (e) {
    if (e instanceof WriteError) return { error: e.message };
    throw e;
  }
}

/** The default file of a family's first failure. */
export function failureFileOf(model: string, index: number): string {
  return `pagecheck-family-${model}-${index}.json`;
}

/** Writes the failure's file and fills in its path and re-run command; warns on stderr when it cannot. */
export function withFailureFile(f: FamilyJson, out: string | undefined, rerun: (file: string) => string, io: Io): FamilyJson {
  if (!f.failure) return f;
  const w = writeFailure(f.failure, out ?? failureFileOf(f.model, f.failure.index));
  if (w.error) io.err(`pagecheck: warning: ${w.error}; the failing configuration is in the --json output's family.failure.config`);
  return w.file ? { ...f, failure: { ...f.failure, configFile: w.file, rerun: rerun(w.file) } } : f;
}

/** A member as a CI test point (`--tap`, `--junit`), named by its place and digest in the family. */
function memberPoint(command: string, model: string, r: FamilyJson['members'][number]): TestPoint {
  return {
    name: `family ${model} #${r.index} ${r.id}`,
    classname: `pagecheck.${command}.${model}`,
    status: r.status,
    summary: `${r.outcome}${r.property && r.property !== r.outcome ? ` ${r.property}` : ''}${r.steps !== null ? ` at step ${r.steps}` : ''}`,
    diagnostics: [r.summary, ...(r.message ? [r.message] : [])],
    seconds: r.seconds,
  };
}

/** The text of `--list`. */
function listText(family: Family, spec: string): string {
  const lines = [`${family.model}: ${num(family.members.length)} configurations in scope ${spec} (${num(family.generated)} generated, ${num(Object.values(family.rejected).reduce((a, b) => a + b, 0))} refused, ${num(family.duplicates)} duplicates)`];
  for (const m of family.members) lines.push(`  #${m.index} ${m.id} ${m.summary}`);
  return lines.join('\n');
}

/** Runs `check|validate --scope`: generate, deal, explore, report; sets the exit status. */
export function runFamilyCommand(io: Io, setExit: (n: number) => void, o: Record<string, unknown>, run: FamilyRun): void {
  const spec = String(o.scope);
  const scope = parseScope(spec);
  const family = generateFamily(findModel(run.model), scope);
  if (o.list) {
    io.out(o.json ? JSON.stringify({ model: family.model, scope: spec, size: family.members.length, generated: family.generated, rejected: family.rejected, duplicates: family.duplicates, members: family.members.map((m) => ({ index: m.index, id: m.id, summary: m.summary, config: m.config })) }) : listText(family, spec));
    setExit(0);
    return;
  }
  if (o.familyOut) checkWritable(o.familyOut as string, '--family-out');
  const plan = planShard(family.members, o.shard as Shard | undefined, run.commandLine, run.identity);
  const bounds = { maxStates: o.maxStates as number | undefined, maxDepth: o.maxDepth as number | undefined, timeoutSeconds: o.timeout as number | undefined };
  if (!o.json && !o.tap) io.err(`pagecheck: ${run.command} over the ${run.model} model's configuration family of scope ${spec}: ${num(plan.items.length)} of ${num(family.members.length)} configurations${plan.shard ? ` (${shardLine(plan.shard, plan.items.length, plan.all.length, 'configuration')})` : ''}`);
  const ci = new CiOutput(io, o, { command: run.command, commandLine: run.commandLine, count: plan.items.length });
  const rows = runMembers(run.model, run.mode, plan.items, bounds, (r) => {
    ci.point(memberPoint(run.command, run.model, r));
    if (!o.json && !ci.tap && r.status !== 'ok') io.err(`  ${memberName(r)}: ${r.outcome}${r.property && r.property !== r.outcome ? ` ${r.property}` : ''}`);
  });
  const status: Status = familyStatus(rows);
  ci.finish(status);
  const f = withFailureFile(familyJson(family, spec, run.mode, rows), o.familyOut as string | undefined, run.rerun, io);
  if (o.json) io.out(JSON.stringify(envelope(run.command, status, { family: f, ...(plan.fields ?? {}) })));
  else if (!ci.tap) {
    const note = plan.shard ? `${shardLine(plan.shard, plan.items.length, plan.all.length, 'configuration')}; merge the shards' --json results with: npx pagecheck merge RESULT...  (the whole family: ${run.commandLine})` : undefined;
    io.out(formatFamily(f, status, { perMember: run.command === 'validate', shardNote: note }));
  }
  setExit(exitOf(status));
}

/** What `pagecheck merge` needs from a family campaign's shards: the merged status, body and text. */
export interface MergedFamily {
  readonly status: Status;
  readonly body: { readonly family: FamilyJson };
  readonly text: string[];
  /** Every member as a CI test point. */
  readonly points: readonly TestPoint[];
}

/**
 * The shards of a `check|validate --scope` campaign put back together: every member in family
 * order, the totals, and the first failure of the whole family (the lowest-numbered failing
 * member of any shard), whose configuration is written again (`out`, else the default file).
 */
export function mergeFamilyShards(shards: readonly { readonly file: string; readonly body: Readonly<Record<string, unknown>> }[], out: string | undefined, io: Io): MergedFamily {
  const families = shards.map((s) => {
    const f = s.body.family as FamilyJson | undefined;
    if (!f || typeof f !== 'object' || !Array.isArray(f.members)) throw new UsageError(`${s.file}: \`family\` is missing or has no members: give the --json output of \`check --scope\` or \`validate --scope\` shards`);
    return f;
  });
  const first = families[0];
  const rows = families.flatMap((f) => f.members).sort((a, b) => a.index - b.index);
  const failures = families.flatMap((f) => (f.failure ? [f.failure] : [])).sort((a, b) => a.index - b.index);
  const { configFile: _f, rerun: _r, ...failure } = failures[0] ?? {};
  const rerunOf = (file: string) => (failures[0]?.rerun ?? '').replace(/--config \S+$/, `--config ${file}`);
  const merged: FamilyJson = { ...first, members: rows, totals: familyTotals(rows), failure: failures.length ? (failure as FamilyFailure) : null };
  const status = familyStatus(rows);
  const f = withFailureFile(merged, out, rerunOf, io);
  const command = first.mode.kind;
  return { status, body: { family: f }, text: [formatFamily(f, status, { perMember: command === 'validate' })], points: rows.map((r) => memberPoint(command, f.model, r)) };
}

/** The scope `npm start` explores for every model (src/cli/commands/suite.ts). */
export const SUITE_SCOPE = 'small';

/** A family row of `suite --json`: one model's baseline over the suite's scope. */
export interface SuiteFamilyRowJson {
  readonly index: number;
  readonly model: string;
  readonly variant: string;
  readonly scope: string;
  readonly bound: string;
  /** Members of the family (its size: a bound, not a claim about other configurations). */
  readonly size: number;
  readonly generated: number;
  readonly refused: number;
  readonly duplicates: number;
  readonly status: Status;
  readonly states: number;
  readonly transitions: number;
  /** Seconds of the whole row: generating the family (its refusals built) and exploring every member. */
  readonly seconds: number;
  readonly byStatus: Readonly<Partial<Record<Status, number>>>;
  readonly verdict: string;
  /** The first member that did not hold, if any. */
  readonly failure: { readonly index: number; readonly id: string; readonly summary: string; readonly property: string | null } | null;
  readonly rerun: string;
}

/** Runs the baseline of a model over the suite's scope: one suite row. */
export function suiteFamilyRow(model: string, index: number): SuiteFamilyRowJson {
  const t0 = performance.now();
  const family = generateFamily(findModel(model), parseScope(SUITE_SCOPE));
  const rows = runMembers(model, { kind: 'check', variant: 'baseline' }, family.members);
  const t = familyTotals(rows);
  const status = familyStatus(rows);
  const bad = rows.find((r) => r.status !== 'ok') ?? null;
  return {
    index,
    model,
    variant: 'baseline',
    scope: SUITE_SCOPE,
    bound: scopeText(family.scope),
    size: family.members.length,
    generated: family.generated,
    refused: Object.values(family.rejected).reduce((a, b) => a + b, 0),
    duplicates: family.duplicates,
    status,
    states: t.states,
    transitions: t.transitions,
    seconds: Number(((performance.now() - t0) / 1000).toFixed(2)),
    byStatus: t.byStatus,
    verdict: bad ? `${bad.outcome}${bad.property ? ` ${bad.property}` : ''} at #${bad.index} (${bad.summary})` : `holds at all ${num(family.members.length)} configurations`,
    failure: bad ? { index: bad.index, id: bad.id, summary: bad.summary, property: bad.property } : null,
    rerun: `npx pagecheck check --model ${model} --scope ${SUITE_SCOPE}`,
  };
}

/** A family row as a CI test point. */
export function familyRowPoint(r: SuiteFamilyRowJson): TestPoint {
  return { name: `family ${r.model}/${r.variant}@${r.scope}`, classname: `pagecheck.suite.${r.model}`, status: r.status, summary: r.verdict, diagnostics: [`again: ${r.rerun}`], seconds: r.seconds };
}

/** The suite's lines for its family rows. */
export function formatFamilyRows(rows: readonly SuiteFamilyRowJson[]): string {
  if (!rows.length) return '';
  const lines = [`configuration families (scope ${SUITE_SCOPE}: ${rows[0].bound}; each family's size is a bound, not a claim about larger configurations):`];
  for (const r of rows) {
    const line = `  ${r.model}/${r.variant}: ${num(r.size)} configurations (${num(r.generated)} generated, ${num(r.refused)} refused, ${num(r.duplicates)} duplicates), ${num(r.states)} states, ${r.seconds.toFixed(1)} s: ${r.verdict}`;
    lines.push(r.status === 'ok' ? line : pc.red(line));
  }
  return lines.join('\n');
}

/** Where a mutant that survived its own configuration was caught in a family (`mutants --scope`). */
export interface MutantFamilyCatch {
  readonly scope: string;
  /** Members explored until it was caught (all of them when it was not). */
  readonly tried: number;
  readonly size: number;
  readonly member: { readonly index: number; readonly id: string; readonly summary: string; readonly property: string | null; readonly steps: number | null } | null;
}

/**
 * Tries a mutant over a family, member by member, until one catches it (a violation, deadlock
 * or divergence); a differential mutant (expected as a divergence) is validated against its
 * baseline variant. `families` caches each model's family for the run.
 */
export function tryFamily(model: string, variant: { readonly name: string; readonly expect?: string; readonly baseline?: string }, spec: string, families: Map<string, Family>): MutantFamilyCatch {
  let family = families.get(model);
  if (!family) families.set(model, (family = generateFamily(findModel(model), parseScope(spec))));
  const mode: FamilyMode = variant.expect === 'divergence' ? { kind: 'validate', before: variant.baseline ?? 'baseline', after: variant.name } : { kind: 'check', variant: variant.name };
  let tried = 0;
  for (const m of family.members) {
    tried++;
    const r = runMembers(model, mode, [m])[0];
    if (r.status === 'fail') return { scope: spec, tried, size: family.members.length, member: { index: r.index, id: r.id, summary: r.summary, property: r.property, steps: r.steps } };
  }
  return { scope: spec, tried, size: family.members.length, member: null };
}
