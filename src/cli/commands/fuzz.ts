/**
 * `pagecheck fuzz`: randomized exploration of a model, for configurations exhaustive search
 * cannot finish (many CPUs, hundreds of pfns, long workloads). Exit status: 0 no failure in the
 * runs asked for (evidence, not a proof); 1 a violation or deadlock; 2 usage error; 3 the time
 * limit stopped the campaign first; 4 internal error.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { resolve } from '../../check.ts';
import { FUZZ_DEFAULTS, fuzz, randomSeed, type FuzzResult } from '../../fuzz/fuzz.ts';
import { configSpace } from '../../fuzz/resize.ts';
import { FUZZ_STRATEGIES, type FuzzStrategy } from '../../fuzz/strategy.ts';
import { failureAsCheckResult, formatFuzz, fuzzJson, fuzzOrigin, type FuzzReportMeta } from '../../report/fuzz.ts';
import { traceFileOf, writeTraceFile } from '../../report/trace-file.ts';
import { UsageError, unreachable } from '../../util/unreachable.ts';
import { findModel, findVariant } from '../../../models/registry.ts';
import { EXIT, type Io } from '../io.ts';
import { choiceOption, intOption, secondsOption } from '../options.ts';
import { metaOf, rerunCommand } from '../report-meta.ts';
import { addConfigOptions, overridesOf } from './check.ts';

/** Exit status of a campaign. */
export function fuzzExit(r: FuzzResult): number {
  switch (r.status) {
    case 'ok':
      return EXIT.ok;
    case 'failure':
      return EXIT.violation;
    case 'bound':
      return EXIT.bound;
    case 'error':
      return EXIT.internal;
    default:
      return unreachable(r);
  }
}

/** A fast-check replay path: run index, then shrink indices (`17` or `17:0:3`). */
function pathOption(value: string): string {
  if (!/^\d+(:\d+)*$/.test(value)) throw new InvalidArgumentError(`--replay must be a run path as printed by a failure (e.g. 17), got '${value}'`);
  return value;
}

/** Registers the command. */
export function registerFuzz(program: Command, io: Io, setExit: (n: number) => void): void {
  const cmd = program
    .command('fuzz')
    .description('randomized exploration (uniform random, PCT or swarm) for configurations too large for exhaustive search; shrinks the first failure')
    .requiredOption('--model <name>', 'model to explore (see `pagecheck list`)')
    .option('--variant <name>', 'variant: baseline, a patch or a mutant', 'baseline');
  addConfigOptions(cmd)
    .option('--strategy <s>', `${FUZZ_STRATEGIES.join(', ')}`, choiceOption('--strategy', FUZZ_STRATEGIES), FUZZ_DEFAULTS.strategy)
    .option('--runs <n>', `runs to execute (default ${FUZZ_DEFAULTS.runs})`, intOption('--runs', 1))
    .option('--steps <n>', `run length bound: steps per run (default ${FUZZ_DEFAULTS.steps})`, intOption('--steps', 1, 1_000_000))
    .option('--seed <n>', 'fast-check seed (default: random, printed)', intOption('--seed', -0x80000000, 0x7fffffff))
    .option('--replay <path>', 'replay only the run at this path (printed with a failure), with the same --seed and settings', pathOption)
    .option('--pct-depth <d>', `PCT bug depth d: d-1 priority-change points per run (default ${FUZZ_DEFAULTS.pctDepth})`, intOption('--pct-depth', 1, 20))
    .option('--pct-steps <k>', 'PCT k: steps the change points are drawn from (default: the longest of 5 uniform runs, at most --steps)', intOption('--pct-steps', 1, 1_000_000))
    .option('--time <seconds>', 'bound: stop the campaign after this many seconds (default: none)', secondsOption('--time'))
    .option('--shrink-time <seconds>', `bound: shrinking time limit (default ${FUZZ_DEFAULTS.shrinkTimeSeconds} s)`, secondsOption('--shrink-time'))
    .option('--no-shrink', 'report the failing run as found, without shrinking')
    .option('--show-original', 'also print the failing run before shrinking')
    .option('--json', 'print one JSON object on stdout')
    .option('--trace-out <file>', 'write the (shrunk) counterexample as a JSON trace file (for `pagecheck replay`)')
    .action((o: Record<string, unknown>) => {
      const overrides = overridesOf(o);
      const model = findModel(o.model as string);
      const variant = findVariant(model, o.variant as string);
      // The model's fuzz configuration unless one is named (not the variant's, which is sized for exhaustive search).
      const configSpec = (o.config as string | undefined) ?? model.defaultFuzzConfig ?? variant.config ?? model.defaultConfig;
      const resolved = resolve({ model: model.name, variant: variant.name, config: configSpec, overrides });
      const strategy = o.strategy as FuzzStrategy;
      if (o.pctDepth !== undefined && strategy !== 'pct') throw new UsageError('--pct-depth applies only with --strategy pct');
      if (o.pctSteps !== undefined && strategy !== 'pct') throw new UsageError('--pct-steps applies only with --strategy pct');
      const seed = (o.seed as number | undefined) ?? randomSeed();
      const steps = (o.steps as number | undefined) ?? FUZZ_DEFAULTS.steps;
      const flags = [`--steps ${steps}`];
      if (strategy === 'pct') flags.push(`--pct-depth ${(o.pctDepth as number | undefined) ?? FUZZ_DEFAULTS.pctDepth}`);
      if (o.pctSteps !== undefined) flags.push(`--pct-steps ${o.pctSteps as number}`);
      flags.push(`--seed ${seed}`);
      const rerun = `${rerunCommand(resolved, configSpec, overrides, strategy, 'fuzz')} ${flags.join(' ')}`;
      const meta: FuzzReportMeta = metaOf(resolved, rerun);
      const ticker = io.tty && !o.json ? (done: number, total: number) => process.stderr.write(`\r  run ${done}, ${total} steps`) : undefined;
      const result = fuzz(
        { system: resolved.built.system, maxOrder: resolved.config.maxOrder, configs: configSpace(resolved.model, resolved.variant, resolved.config) },
        {
          strategy,
          seed,
          steps,
          runs: o.runs as number | undefined,
          pctDepth: o.pctDepth as number | undefined,
          pctSteps: o.pctSteps as number | undefined,
          replayPath: o.replay as string | undefined,
          timeLimitSeconds: o.time as number | undefined,
          shrink: o.shrink as boolean,
          shrinkTimeSeconds: o.shrinkTime as number | undefined,
          onRun: ticker,
        },
      );
      if (ticker) process.stderr.write('\r\x1b[K');
      const traceOut = o.traceOut as string | undefined;
      if (traceOut && result.status === 'failure') {
        const f = result.failure;
        // A trace shrunk to a smaller configuration records that configuration under its own name.
        const config = f.resized ? `${resolved.configName} (shrunk: ${f.resized.change})` : resolved.configName;
        const render = (s: Uint16Array) => f.shrunk.system.render(s);
        writeTraceFile(traceOut, {
          ...traceFileOf(failureAsCheckResult(f), { ...meta, config, render, configObject: f.resized?.config ?? resolved.config }),
          origin: fuzzOrigin(result, meta),
        });
      }
      if (o.json) io.out(JSON.stringify(fuzzJson(result, meta)));
      else io.out(formatFuzz(result, meta, { showOriginal: Boolean(o.showOriginal), traceFile: result.status === 'failure' ? traceOut : undefined }));
      setExit(fuzzExit(result));
    });
}
