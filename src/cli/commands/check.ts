/**
 * `pagecheck check`: exhaustive search of one model, variant and configuration; `--tap` and
 * `--junit FILE` give its result as one test point (../ci.ts).
 */
import type { Command } from 'commander';
import { factoryOf, loadVariantArg, resolve, type Resolved } from '../../check.ts';
import type { CoverageSummary } from '../../coverage/summary.ts';
import { declaredNames } from '../../coverage/model.ts';
import { isVacuousCoverage, withVacuity } from '../../report/vacuity.ts';
import { vacuousOverrides } from '../../variant/vacuity.ts';
import { findWitnesses, type WitnessReport } from '../../variant/witness.ts';
import { availableParallelism } from 'node:os';
import type { ConfigOverrides } from '../../config/load.ts';
import { readCheckpoint } from '../../engine/checkpoint.ts';
import { runParallelSearch, runSearch, runSearchIsolated } from '../search.ts';
import type { CheckResult } from '../../engine/types.ts';
import { formatCheck, num } from '../../report/text.ts';
import { formatCoverage } from '../../report/coverage.ts';
import { resultJson } from '../../report/json.ts';
import { replayCommand, traceFileOf, writeTraceFile } from '../../report/trace-file.ts';
import { traceDocument } from '../../view/document.ts';
import { viewerNote, writeViewer } from '../../view/html.ts';
import type { Strategy } from '../../strategy/frontier.ts';
import { UsageError } from '../../util/unreachable.ts';
import { WriteError, checkWritable } from '../../util/files.ts';
import type { Io } from '../io.ts';
import { checkStatus, envelope, exitOf as exitCodeOf } from '../../report/vocabulary.ts';
import { metaOf, rerunCommand } from '../report-meta.ts';
import { addCiOptions, CiOutput } from '../ci.ts';
import { choiceOption, intOption, secondsOption } from '../options.ts';
import { addScopeOptions, checkScopeFlags, runFamilyCommand } from '../family.ts';
import { findModel, findVariant } from '../../../models/registry.ts';

/** Exit status of a check result. */
export function exitOf(r: CheckResult): number {
  return exitCodeOf(checkStatus(r));
}

/** Runs a write; the WriteError it raises, or null. */
export function tryWrite(write: () => void): WriteError | null {
  try {
    write();
    return null;
  } catch (e) {
    if (e instanceof WriteError) return e;
    throw e;
  }
}

/** Options every command that builds a configuration accepts. */
export function addConfigOptions(cmd: Command): Command {
  return cmd
    .option('--config <name|file>', 'a built-in configuration of the model, or a JSON configuration file')
    .option('--cpus <n>', 'override the number of CPUs', intOption('--cpus', 1, 8))
    .option('--pages <n>', 'override the number of pfns', intOption('--pages', 1, 65000))
    .option('--pages-per-section <n>', 'override PAGES_PER_SECTION', intOption('--pages-per-section', 1, 65536))
    .option('--max-order <n>', 'override MAX_PAGE_ORDER', intOption('--max-order', 0, 10))
    .option('--pageblock-order <n>', 'override pageblock_order', intOption('--pageblock-order', 0, 10))
    .option('--vmemmap', 'virtually contiguous memmap (CONFIG_SPARSEMEM_VMEMMAP)')
    .option('--no-vmemmap', 'per-section memmap')
    .option('--allocs <n>', 'override allocation calls per CPU', intOption('--allocs', 0, 16));
}

/** Collects configuration overrides from parsed options. */
export function overridesOf(o: Record<string, unknown>): ConfigOverrides {
  return {
    cpus: o.cpus as number | undefined,
    pages: o.pages as number | undefined,
    pagesPerSection: o.pagesPerSection as number | undefined,
    maxOrder: o.maxOrder as number | undefined,
    pageblockOrder: o.pageblockOrder as number | undefined,
    vmemmap: o.vmemmap as boolean | undefined,
    allocsPerCpu: o.allocs as number | undefined,
  };
}

/** The configuration as the command line named it (for the command that runs the check again). */
function configSpec0(o: Record<string, unknown>, r: Resolved): string {
  return (o.config as string | undefined) ?? r.variant.config ?? r.model.defaultConfig;
}

/** Registers the command. */
export function registerCheck(program: Command, io: Io, setExit: (n: number) => void): void {
  const cmd = program
    .command('check')
    .description('explore every interleaving of a model exhaustively and check every property after every step')
    .option('--model <name>', 'model to check (see `pagecheck list`); optional with a variant file, which names its model')
    .option('--variant <name|file>', 'variant: baseline, a patch or a mutant of the model, or a variant file (.ts/.js)', 'baseline');
  addScopeOptions(addCiOptions(addConfigOptions(cmd)))
    .option('--strategy <s>', 'search strategy: bfs (shortest counterexample) or dfs', choiceOption('--strategy', ['bfs', 'dfs'] as const), 'bfs')
    .option('--max-states <n>', 'bound: stop after this many distinct states (default: none)', intOption('--max-states', 1))
    .option('--max-depth <n>', 'bound: do not explore beyond this depth (default: none)', intOption('--max-depth', 0))
    .option('--timeout <seconds>', 'bound: stop after this many seconds (default: none)', secondsOption('--timeout'))
    .option('--json', 'print one JSON object on stdout')
    .option('--trace-out <file>', 'write the counterexample as a JSON trace file (for `pagecheck replay`)')
    .option('--html <file>', 'write the counterexample as a trace viewer page (one self-contained HTML file)')
    .option('--checkpoint <file>', 'write the search state to this file periodically, on Ctrl-C and when a bound is reached')
    .option('--checkpoint-every <seconds>', 'seconds between checkpoints', secondsOption('--checkpoint-every'), 60)
    .option('--resume <file>', 'continue the search saved in this checkpoint (same model, variant, configuration and strategy)')
    .option('--symmetry', 'identify states that differ only by a permutation of identical CPUs (CPU symmetry reduction)')
    .option('--por', 'partial-order reduction: take a step that touches only its CPU\'s pageset and pages alone where no other thread can interfere (single-threaded)')
    .option('--live-registers', 'clear, at every label, the registers no later step reads before writing them, so that states with equal futures are one (exact: a step that reads a cleared register is a harness error)')
    .option('--workers <n>', 'worker threads for a level-synchronous parallel BFS (default 1: sequential; 0: one per core)', intOption('--workers', 0, 64), 1)
    .option('--coverage', 'print what the search exercised in full: every compiled edge of every kernel-path machine with its transitions, never-reached first, and the allocator events')
    .option('--no-progress', 'no progress line, even on a terminal')
    .option('--no-witness', "when the verdict is vacuous, do not explore the model's other configurations for where the variant's change runs and differs")
    .action(async (o: Record<string, unknown>) => {
      const scoped = checkScopeFlags(o);
      const overrides = overridesOf(o);
      const named = await loadVariantArg(o.variant as string, o.model as string | undefined);
      if (!named.model) throw new UsageError("required option '--model <name>' not specified");
      if (scoped) {
        const model = findModel(named.model);
        const variant = findVariant(model, named.variant);
        const arg = variant.file ? (variant.source ?? variant.file) : variant.name;
        const flags = `--model ${model.name}${arg !== 'baseline' ? ` --variant ${arg}` : ''}`;
        runFamilyCommand(io, setExit, o, {
          command: 'check',
          model: model.name,
          mode: { kind: 'check', variant: variant.name },
          commandLine: `npx pagecheck check ${flags} --scope ${String(o.scope)}`,
          identity: variant.fileSha256 ? [`${arg} sha256 ${variant.fileSha256}`] : [],
          rerun: (file) => `npx pagecheck check ${flags} --config ${file}`,
        });
        return;
      }
      const req = { model: named.model, variant: named.variant, config: o.config as string | undefined, overrides, reductions: { symmetry: Boolean(o.symmetry), por: Boolean(o.por), liveRegisters: Boolean(o.liveRegisters) } };
      const resolved = resolve(req);
      const strategy = o.strategy as Strategy;
      const identity = { model: resolved.model.name, variant: resolved.variant.name, config: resolved.config, strategy, words: resolved.built.system.words, reductions: resolved.reductions.join(',') };
      const cores = availableParallelism();
      let workers = (o.workers as number) === 0 ? cores : (o.workers as number);
      // More threads than cores only wait for each other at every level.
      if (workers > cores) {
        io.err(`pagecheck: --workers ${workers}: this machine runs ${cores} thread${cores === 1 ? '' : 's'} at once; using ${cores}`);
        workers = cores;
      }
      if (workers > 1 && (strategy !== 'bfs' || o.checkpoint || o.resume || o.por))
        throw new UsageError('--workers > 1 runs a parallel breadth-first search: it cannot be combined with --strategy dfs, --checkpoint, --resume or --por (whose cycle proviso needs the sequential numbering of states)');
      if (o.por && !resolved.reductions.includes('por'))
        throw new UsageError(`--por: the ${resolved.model.name} model declares no partial-order reduction`);
      // Coverage is counted by the sequential search (worker threads count none).
      const recorder = workers > 1 ? null : resolved.built.system.collectCoverage(true);
      // Where results will be written is checked before the search, not after it.
      if (o.checkpoint) checkWritable(o.checkpoint as string, '--checkpoint');
      if (o.traceOut) checkWritable(o.traceOut as string, '--trace-out');
      const bounds = { maxStates: o.maxStates as number | undefined, maxDepth: o.maxDepth as number | undefined, timeoutSeconds: o.timeout as number | undefined };
      const ci = new CiOutput(io, o, { command: 'check', commandLine: rerunCommand(resolved, configSpec0(o, resolved), overrides, strategy), count: 1 });
      const progress = io.tty && !o.json && !ci.tap && o.progress !== false;
      const run = {
        strategy,
        ...bounds,
        progress,
        checkpoint: o.checkpoint ? { path: o.checkpoint as string, every: o.checkpointEvery as number, identity } : undefined,
        resume: o.resume ? readCheckpoint(o.resume as string, identity, resolved.built.system) : undefined,
      };
      // A variant file's code runs in a thread of its own, which --timeout and Ctrl-C can end
      // even when that code loops; pagecheck's own variants run here.
      const isolated =
        workers <= 1 && resolved.variant.file
          ? await runSearchIsolated(io, {
              ...run,
              coverage: recorder !== null,
              spec: { model: resolved.model.name, variant: resolved.variant.name, variantFile: resolved.variant.file, config: resolved.config, reductions: req.reductions },
            })
          : null;
      const result =
        isolated?.result ??
        (workers > 1 ? await runParallelSearch(resolved.built.system, factoryOf(resolved), workers, { ...bounds, progress }) : await runSearch(resolved.built.system, io, run));
      const configSpec = configSpec0(o, resolved);
      const coverage = isolated ? (isolated.coverage ?? undefined) : recorder?.summary();
      resolved.built.system.collectCoverage(false);
      // A vacuous verdict names the configurations where its overrides do run and differ.
      const witness = result.status === 'ok' && isVacuousCoverage(coverage) && o.witness !== false ? witnessesFor(resolved, coverage!) : undefined;
      const declaredUnreachable = coverage ? declaredNames(resolved.model, coverage) : undefined;
      const meta = { ...metaOf(resolved, rerunCommand(resolved, configSpec, overrides, strategy)), coverage, declaredUnreachable, witness, coverageNote: workers > 1 ? 'not counted with --workers' : o.resume ? 'counts the transitions explored since the resume only' : undefined };
      const traceOut = o.traceOut as string | undefined;
      const trace =
        result.status === 'violation' || result.status === 'deadlock'
          ? traceFileOf(result, { ...meta, variantFile: resolved.variant.file, variantSha256: resolved.variant.fileSha256, configObject: resolved.config, decoder: meta.decoderFor?.(resolved.built.system) })
          : null;
      // The trace file is on disk before anything is printed; a violation is printed even when it cannot be written.
      const traceError = traceOut && trace ? tryWrite(() => writeTraceFile(traceOut, trace)) : null;
      if (o.html && trace) writeViewer(o.html as string, traceDocument(trace, traceOut && !traceError ? replayCommand(traceOut, trace) : meta.rerun));
      const status = withVacuity(checkStatus(result), coverage);
      if (o.tap || o.junit) {
        const [first, ...rest] = formatCheck(result, meta).split('\n');
        // The verdict without its status word and the row's name, which the test point carries.
        const summary = first.replace(/^\S+\s+\S+ @ \S+: /, '');
        const written = traceOut && !traceError && trace ? [`Trace written to ${traceOut}; replay it with: ${replayCommand(traceOut, trace)}`] : [];
        ci.point({ name: `check ${meta.model}/${meta.variant}@${meta.config}`, classname: `pagecheck.check.${meta.model}`, status, summary, diagnostics: [...rest, ...written], seconds: result.seconds });
      }
      ci.finish(status);
      // Under --tap, stdout is KTAP only.
      if (o.json) io.out(JSON.stringify(envelope('check', status, resultJson(result, meta))));
      else if (!ci.tap) {
        io.out(formatCheck(result, meta));
        if (o.coverage && coverage) io.out('\n' + formatCoverage(coverage, { model: meta.model, what: `${num(coverage.transitions)} transitions of the search`, full: true, unreachable: declaredUnreachable }));
        if (traceOut && !traceError && trace) io.out(`Trace written to ${traceOut}; replay it with: ${replayCommand(traceOut, trace)}`);
        if (o.html) io.out(viewerNote(o.html as string, trace !== null));
      }
      if (traceError) io.err(`pagecheck: warning: ${traceError.message}; the counterexample is printed above, and ${meta.rerun} finds it again`);
      setExit(exitCodeOf(status));
    });
}

/**
 * The witness search of a vacuous verdict: the other named configurations of the model and of
 * the variant, each explored (bounded) with the same overrides counted.
 */
export function witnessesFor(r: Resolved, coverage: CoverageSummary, comparedWith?: string): WitnessReport {
  const names = [...new Set([...Object.keys(r.model.configs), ...Object.keys(r.variant.configs ?? {})])].filter((n) => n !== r.configName);
  return findWitnesses({ model: r.model.name, variant: r.variant.name, comparedWith }, vacuousOverrides(coverage.overrides), names.map((name) => ({ name })));
}
