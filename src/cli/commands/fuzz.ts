/**
 * `pagecheck fuzz`: randomized exploration of a model, for configurations exhaustive search
 * cannot finish (many CPUs, hundreds of pfns, long workloads). Exit status: 0 no failure in the
 * runs asked for (evidence, not a proof); 1 a violation or deadlock; 2 usage error; 3 the time
 * limit stopped the campaign first; 4 internal error.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadVariantArg } from '../../check.ts';
import { FUZZ_DEFAULTS, randomSeed, type FuzzResult } from '../../fuzz/fuzz.ts';
import { fuzzModel } from '../../fuzz/model.ts';
import { FUZZ_STRATEGIES, type FuzzStrategy } from '../../fuzz/strategy.ts';
import { formatFuzz, fuzzJson, fuzzStatus, fuzzTraceFile } from '../../report/fuzz.ts';
import { envelope, exitOf } from '../../report/vocabulary.ts';
import { replayCommand, writeTraceFile } from '../../report/trace-file.ts';
import { checkWritable } from '../../util/files.ts';
import { traceDocument } from '../../view/document.ts';
import { viewerNote, writeViewer } from '../../view/html.ts';
import { UsageError } from '../../util/unreachable.ts';
import type { Io } from '../io.ts';
import { choiceOption, intOption, secondsOption } from '../options.ts';
import { fuzzRerunCommand, metaOf } from '../report-meta.ts';
import { addConfigOptions, overridesOf, tryWrite } from './check.ts';
import { runFuzzCampaign } from './fuzz-campaign.ts';
import { addShardOptions, requireForShards } from '../shard.ts';
import type { Shard } from '../../campaign/shard.ts';

/** Exit status of a campaign. */
export function fuzzExit(r: FuzzResult): number {
  return exitOf(fuzzStatus(r));
}

/** A fast-check replay path: run index, then shrink indices (`17` or `17:0:3`). */
function pathOption(value: string): string {
  if (!/^\d+(:\d+)*$/.test(value)) throw new InvalidArgumentError(`--replay must be a run path as printed by a failure (e.g. 17), got '${value}'`);
  return value;
}

/** `random`, `pct,swarm` or `all`: the strategies of a campaign, each once, in the order given. */
function strategiesOption(value: string): FuzzStrategy[] {
  if (value.trim() === 'all') return [...FUZZ_STRATEGIES];
  const parse = choiceOption('--strategy', FUZZ_STRATEGIES);
  const list = value.split(',').map((x) => parse(x.trim()));
  if (new Set(list).size !== list.length) throw new InvalidArgumentError(`--strategy names a strategy twice: '${value}'`);
  return list;
}

/** Registers the command. */
export function registerFuzz(program: Command, io: Io, setExit: (n: number) => void): void {
  const cmd = program
    .command('fuzz')
    .description('randomized exploration (uniform random, PCT or swarm) for configurations too large for exhaustive search; shrinks the first failure')
    .option('--model <name>', 'model to explore (see `pagecheck list`); optional with a variant file, which names its model')
    .option('--variant <name|file>', 'variant: baseline, a patch, a mutant, or a variant file', 'baseline');
  addConfigOptions(cmd)
    .option('--strategy <s[,s...]>', `${FUZZ_STRATEGIES.join(', ')}, several separated by commas, or all (each a search of its own)`, strategiesOption, [FUZZ_DEFAULTS.strategy])
    .option('--seeds <n>', 'searches per strategy, from --seed, --seed + 1, ... (default 1)', intOption('--seeds', 1, 100_000))
    .option('--runs <n>', `runs to execute (default ${FUZZ_DEFAULTS.runs})`, intOption('--runs', 1))
    .option('--steps <n>', `run length bound: steps per run (default ${FUZZ_DEFAULTS.steps})`, intOption('--steps', 1, 1_000_000))
    .option('--seed <n>', 'fast-check seed (default: random, printed)', intOption('--seed', -0x80000000, 0x7fffffff))
    .option('--replay <path>', 'replay only the run at this path (printed with a failure), with the same --seed and settings', pathOption)
    .option('--pct-depth <d>', `PCT bug depth d: d-1 priority-change points per run (default ${FUZZ_DEFAULTS.pctDepth})`, intOption('--pct-depth', 1, 20))
    .option('--pct-steps <k>', 'PCT k: steps the change points are drawn from (default: the longest of 5 uniform runs, at most --steps)', intOption('--pct-steps', 1, 1_000_000))
    .option('--steer', 'coverage-guided steering: later runs favour the preemption sites and calls earlier runs exercised least (default for pct and swarm)')
    .option('--no-steer', 'no steering: every run as its strategy draws it alone (default for random)')
    .option('--vary-config', "each run draws its configuration within the given one's limits (CPUs, sections, calls, orders, memmap)")
    .option('--time <seconds>', 'bound: stop the campaign after this many seconds (default: none)', secondsOption('--time'))
    .option('--shrink-time <seconds>', `bound: shrinking time limit (default ${FUZZ_DEFAULTS.shrinkTimeSeconds} s)`, secondsOption('--shrink-time'))
    .option('--no-shrink', 'report the failing run as found, without shrinking')
    .option('--show-original', 'also print the failing run before shrinking')
    .option('--json', 'print one JSON object on stdout')
    .option('--trace-out <file>', 'write the (shrunk) counterexample as a JSON trace file (for `pagecheck replay`)')
    .option('--html <file>', 'write the (shrunk) counterexample as a trace viewer page (one self-contained HTML file)');
  addShardOptions(cmd, true).action(async (o: Record<string, unknown>) => {
      const overrides = overridesOf(o);
      const named = await loadVariantArg(o.variant as string, o.model as string | undefined);
      if (!named.model) throw new UsageError("required option '--model <name>' not specified");
      const strategies = o.strategy as FuzzStrategy[];
      const strategy = strategies[0];
      const shard = o.shard as Shard | undefined;
      const seeds = (o.seeds as number | undefined) ?? 1;
      if (o.time !== undefined && o.timeBudget !== undefined) throw new UsageError('--time bounds this process, --time-budget the whole campaign over its shards: give one of them');
      if (strategies.length > 1 || seeds > 1 || shard || o.timeBudget !== undefined) {
        if (o.replay !== undefined) throw new UsageError('--replay replays one run of one search: give the single --strategy and --seed its replay line names, without --seeds or --shard');
        requireForShards(shard, o.seed !== undefined, '--seed');
        if (o.pctSteps !== undefined && !strategies.includes('pct')) throw new UsageError('--pct-steps applies only with --strategy pct');
        if (o.pctDepth !== undefined && !strategies.includes('pct')) throw new UsageError('--pct-depth applies only with --strategy pct');
        if (o.traceOut) checkWritable(o.traceOut as string, '--trace-out');
        setExit(
          runFuzzCampaign(
            {
              req: { model: named.model, variant: named.variant, config: o.config as string | undefined, overrides },
              strategies,
              seed: (o.seed as number | undefined) ?? randomSeed(),
              seeds,
              shard,
              budget: o.timeBudget as number | undefined,
              time: o.time as number | undefined,
              vary: Boolean(o.varyConfig),
              opts: {
                steps: o.steps as number | undefined,
                runs: o.runs as number | undefined,
                pctDepth: o.pctDepth as number | undefined,
                pctSteps: o.pctSteps as number | undefined,
                steer: o.steer as boolean | undefined,
                shrink: o.shrink as boolean,
                shrinkTimeSeconds: o.shrinkTime as number | undefined,
              },
              overrides,
              json: Boolean(o.json),
              traceOut: o.traceOut as string | undefined,
              showOriginal: Boolean(o.showOriginal),
            },
            io,
          ),
        );
        return;
      }
      // A run's path means something only under the seed that drew it.
      if (o.replay !== undefined && o.seed === undefined) throw new UsageError('--replay needs the --seed of the campaign that printed the path (a run path drawn from another seed is another run)');
      if (o.traceOut) checkWritable(o.traceOut as string, '--trace-out');
      if (o.pctDepth !== undefined && strategy !== 'pct') throw new UsageError('--pct-depth applies only with --strategy pct');
      if (o.pctSteps !== undefined && strategy !== 'pct') throw new UsageError('--pct-steps applies only with --strategy pct');
      const ticker = io.tty && !o.json ? (done: number, total: number) => process.stderr.write(`\r  run ${done}, ${total} steps`) : undefined;
      const { result, ...resolved } = fuzzModel(
        { model: named.model, variant: named.variant, config: o.config as string | undefined, overrides },
        {
          strategy,
          seed: (o.seed as number | undefined) ?? randomSeed(),
          steps: o.steps as number | undefined,
          runs: o.runs as number | undefined,
          pctDepth: o.pctDepth as number | undefined,
          pctSteps: o.pctSteps as number | undefined,
          steer: o.steer as boolean | undefined,
          replayPath: o.replay as string | undefined,
          timeLimitSeconds: o.time as number | undefined,
          shrink: o.shrink as boolean,
          shrinkTimeSeconds: o.shrinkTime as number | undefined,
          onRun: ticker,
        },
        undefined,
        Boolean(o.varyConfig),
      );
      if (ticker) process.stderr.write('\r\x1b[K');
      const meta = metaOf(resolved, fuzzRerunCommand(resolved, resolved.configSpec, overrides, result.settings));
      const traceOut = o.traceOut as string | undefined;
      const trace = result.status === 'failure' ? fuzzTraceFile(result, meta, resolved.config, resolved.variant) : null;
      const traceError = traceOut && trace ? tryWrite(() => writeTraceFile(traceOut, trace)) : null;
      if (o.html && trace) writeViewer(o.html as string, traceDocument(trace, traceOut && !traceError ? replayCommand(traceOut, trace) : meta.rerun));
      if (o.json) io.out(JSON.stringify(envelope('fuzz', fuzzStatus(result), fuzzJson(result, meta))));
      else {
        io.out(formatFuzz(result, meta, { showOriginal: Boolean(o.showOriginal), traceFile: result.status === 'failure' && !traceError ? traceOut : undefined }));
        if (o.html) io.out(viewerNote(o.html as string, trace !== null));
      }
      if (traceError) io.err(`pagecheck: warning: ${traceError.message}; the counterexample is printed above`);
      setExit(fuzzExit(result));
    });
}
