/**
 * `pagecheck fuzz` over several searches (`--strategy random,pct,swarm`, `--seeds N`) or as one
 * shard of such a campaign (`--shard K/N`): each search a whole campaign of its own (see
 * ../../campaign/fuzz.ts), one row each, then the shortest failure in full.
 */
import type { CheckRequest } from '../../check.ts';
import { fuzzItems, runFuzzItems, shortestFailure, type FuzzItemOutcome } from '../../campaign/fuzz.ts';
import { combinedStatus } from '../../campaign/merge.ts';
import type { Shard } from '../../campaign/shard.ts';
import { mergeCoverage, type CoverageSummary } from '../../coverage/summary.ts';
import type { FuzzOptions } from '../../fuzz/fuzz.ts';
import { resolveForFuzz } from '../../fuzz/model.ts';
import type { FuzzStrategy } from '../../fuzz/strategy.ts';
import { campaignVerdict, formatSearches, searchTotals, shardLine, type SearchRow } from '../../report/campaign.ts';
import { coverageJson, formatCoverage } from '../../report/coverage.ts';
import { formatFuzz, fuzzJson, fuzzOutcome, fuzzStatus, fuzzTraceFile, replayCommand } from '../../report/fuzz.ts';
import { num } from '../../report/text.ts';
import { sealTraceFile, writeTraceFile, type TraceFile } from '../../report/trace-file.ts';
import { envelope, exitOf, type Status } from '../../report/vocabulary.ts';
import type { Io } from '../io.ts';
import { configFlags, fuzzRerunCommand, metaOf, variantArg } from '../report-meta.ts';
import { planShard } from '../shard.ts';
import { tryWrite } from './check.ts';
import type { ConfigOverrides } from '../../config/load.ts';

/** What the fuzz command resolved from its flags, for a campaign of several searches. */
export interface FuzzCampaignRequest {
  readonly req: CheckRequest;
  readonly strategies: readonly FuzzStrategy[];
  readonly seed: number;
  readonly seeds: number;
  readonly shard?: Shard;
  /** The whole campaign's time (--time-budget), shared by the shards. */
  readonly budget?: number;
  /** This process's own time limit (--time). */
  readonly time?: number;
  readonly vary: boolean;
  readonly opts: Omit<FuzzOptions, 'strategy' | 'seed' | 'timeLimitSeconds'>;
  readonly overrides: ConfigOverrides;
  readonly json: boolean;
  readonly traceOut?: string;
  readonly showOriginal: boolean;
}

/** The unsharded command line of a campaign: the same for every shard, so it is the campaign's identity. */
function campaignCommand(c: FuzzCampaignRequest, variant: string, configSpec: string): string {
  const o = c.opts;
  const flags = [`--model ${c.req.model}`];
  if (variant !== 'baseline') flags.push(`--variant ${variant}`);
  flags.push(...configFlags(configSpec, c.overrides));
  flags.push(`--strategy ${c.strategies.join(',')}`, `--seed ${c.seed}`, `--seeds ${c.seeds}`);
  if (o.runs !== undefined) flags.push(`--runs ${o.runs}`);
  if (o.steps !== undefined) flags.push(`--steps ${o.steps}`);
  if (o.pctDepth !== undefined) flags.push(`--pct-depth ${o.pctDepth}`);
  if (o.pctSteps !== undefined) flags.push(`--pct-steps ${o.pctSteps}`);
  if (c.vary) flags.push('--vary-config');
  if (o.steer !== undefined) flags.push(o.steer ? '--steer' : '--no-steer');
  if (o.shrink === false) flags.push('--no-shrink');
  if (o.shrinkTimeSeconds !== undefined) flags.push(`--shrink-time ${o.shrinkTimeSeconds}`);
  if (c.budget !== undefined) flags.push(`--time-budget ${c.budget}`);
  return `npx pagecheck fuzz ${flags.join(' ')}`;
}

/** The JSON row of one search. */
function rowOf(o: FuzzItemOutcome, overrides: ConfigOverrides): SearchRow {
  const base = { index: o.item.index, id: o.item.id, strategy: o.item.strategy, seed: o.item.seed };
  if (!o.outcome) return { ...base, status: 'incomplete', outcome: 'not-run', runs: 0, steps: 0, seconds: 0, failure: null };
  const r = o.outcome.result;
  const meta = metaOf(o.outcome, fuzzRerunCommand(o.outcome, o.outcome.configSpec, overrides, r.settings));
  const failure =
    r.status === 'failure'
      ? {
          property: r.failure.failure.kind === 'violation' ? r.failure.failure.finding.code : 'deadlock',
          run: r.failure.run,
          path: r.failure.path,
          steps: r.failure.shrunk.length,
          shrunk: r.failure.shrink !== undefined,
          replay: replayCommand(meta, r.failure),
        }
      : null;
  return { ...base, status: fuzzStatus(r), outcome: fuzzOutcome(r), runs: r.stats.runs, steps: r.stats.steps, seconds: Number(r.stats.seconds.toFixed(3)), failure };
}

/** Runs the campaign (or this process's shard of it) and prints it; returns the exit status. */
export function runFuzzCampaign(c: FuzzCampaignRequest, io: Io): number {
  const resolved = resolveForFuzz(c.req);
  const variant = variantArg(resolved);
  const command = campaignCommand(c, variant, resolved.configSpec);
  const all = fuzzItems(c.strategies, c.seed, c.seeds);
  const plan = planShard(all, c.shard, command, resolved.variant.fileSha256 ? [`variant sha256 ${resolved.variant.fileSha256}`] : [], c.budget);
  const limit = plan.seconds ?? c.time;
  const deadline = limit === undefined ? undefined : performance.now() + limit * 1000;
  const head = `${resolved.model.name}/${resolved.variant.name} @ ${resolved.configName}`;
  if (!c.json) {
    io.err(`pagecheck: fuzz campaign ${head}: ${c.strategies.join(', ')} from ${c.seeds === 1 ? `seed ${c.seed}` : `${num(c.seeds)} seeds from ${c.seed}`} (${num(all.length)} searches)`);
    if (plan.shard) io.err(`  ${shardLine(plan.shard, plan.items.length, all.length, 'search')}`);
    if (limit !== undefined) io.err(`  time: ${limit.toFixed(1)} s${c.budget !== undefined ? ` (this shard's share of --time-budget ${c.budget})` : ''}`);
  }
  const outcomes = runFuzzItems(c.req, plan.items, c.opts, c.vary, deadline, (o) => {
    if (!c.json) io.err(`  ${o.item.id}: ${o.outcome ? fuzzOutcome(o.outcome.result) : 'not run (time budget spent)'}`);
  });
  const rows = outcomes.map((o) => rowOf(o, c.overrides));
  const status: Status = combinedStatus(rows.map((r) => r.status));
  const best = shortestFailure(outcomes);
  const shortest = best >= 0 ? outcomes[best].outcome! : null;
  const coverage = outcomes.reduce<CoverageSummary | null>((acc, o) => (o.outcome ? (acc ? mergeCoverage(acc, o.outcome.result.coverage) : o.outcome.result.coverage) : acc), null);
  const totals = searchTotals(rows);
  let traceFile: TraceFile | null = null;
  let traceError = null;
  if (shortest && shortest.result.status === 'failure') {
    const meta = metaOf(shortest, fuzzRerunCommand(shortest, shortest.configSpec, c.overrides, shortest.result.settings));
    traceFile = sealTraceFile(fuzzTraceFile(shortest.result, meta, shortest.config, shortest.variant));
    if (c.traceOut) traceError = tryWrite(() => writeTraceFile(c.traceOut!, traceFile!));
  }
  if (c.json) {
    const failure = shortest ? (fuzzJson(shortest.result, metaOf(shortest, fuzzRerunCommand(shortest, shortest.configSpec, c.overrides, shortest.result.settings))).failure as object) : null;
    io.out(
      JSON.stringify(
        envelope('fuzz', status, {
          outcome: shortest ? fuzzOutcome(shortest.result) : rows.some((r) => r.outcome === 'not-run' || r.outcome === 'bound') ? 'bound' : 'no-failure',
          model: resolved.model.name,
          variant: resolved.variant.name,
          config: resolved.configName,
          searches: rows,
          totals,
          coverage: coverage ? coverageJson(coverage) : null,
          failure: failure ? { search: outcomes[best].item.id, ...failure } : null,
          traceFile,
          ...(plan.fields ?? {}),
        }),
      ),
    );
  } else {
    const out: string[] = [];
    out.push(`fuzz campaign ${head}: ${num(all.length)} searches (${c.strategies.join(', ')}; ${c.seeds === 1 ? `seed ${c.seed}` : `seeds ${c.seed} to ${all[all.length - 1].seed}`})`);
    if (plan.shard) out.push(`  ${shardLine(plan.shard, plan.items.length, all.length, 'search')}`);
    out.push(formatSearches(rows));
    out.push('');
    out.push(campaignVerdict(status, totals, best >= 0 ? rows[best] : null));
    if (plan.shard) out.push(`  merge the shards' --json results with: npx pagecheck merge RESULT...  (the whole campaign: ${command})`);
    if (shortest) {
      const meta = metaOf(shortest, fuzzRerunCommand(shortest, shortest.configSpec, c.overrides, shortest.result.settings));
      out.push('');
      out.push(`Shortest failure, search ${outcomes[best].item.id}:`);
      out.push(formatFuzz(shortest.result, meta, { showOriginal: c.showOriginal, traceFile: c.traceOut && !traceError ? c.traceOut : undefined }));
    } else if (coverage) {
      out.push('');
      out.push(formatCoverage(coverage, { model: resolved.model.name, what: `${num(totals.runs)} runs of ${num(totals.run)} searches` }));
    }
    io.out(out.join('\n'));
  }
  if (traceError) io.err(`pagecheck: warning: ${traceError.message}; the counterexample is printed above`);
  return exitOf(status);
}
