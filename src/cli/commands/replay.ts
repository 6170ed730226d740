/** `pagecheck replay FILE`: re-execute a recorded counterexample and check it reproduces. */
import type { Command } from 'commander';
import { isDeepStrictEqual } from 'node:util';
import { parseConfig } from '../../config/load.ts';
import { loadVariantArg, namingConfig } from '../../check.ts';
import { ReplayMismatch, replayKeys } from '../../engine/replay.ts';
import type { CheckResult } from '../../engine/types.ts';
import { resultJson } from '../../report/json.ts';
import { formatCheck, type ReportMeta } from '../../report/text.ts';
import { readTraceFile, replayCommand, type TraceFile } from '../../report/trace-file.ts';
import { traceDocument } from '../../view/document.ts';
import { viewerNote, writeViewer } from '../../view/html.ts';
import { traceDecoderOf } from '../../../models/mm/snapshot.ts';
import { isVariantPath } from '../../variant/load.ts';
import { UsageError } from '../../util/unreachable.ts';
import { printable } from '../../util/printable.ts';
import { findModel, findVariant, namedConfigs } from '../../../models/registry.ts';
import { EXIT, type Io } from '../io.ts';
import { envelope } from '../../report/vocabulary.ts';

/**
 * The trust boundary of shared trace files: a trace never makes pagecheck load code. A trace
 * recorded with a variant file is replayed only with `--variant FILE`, the user's choice, whose
 * sources must hash to what the trace records; `--variant` is refused for a built-in variant.
 */
async function trustedVariant(file: string, t: TraceFile, given: string | undefined): Promise<void> {
  if (t.variantSha256 === undefined) {
    if (given) throw new UsageError(`trace ${file} was recorded with the built-in variant ${t.variant} of ${t.model}; --variant applies only to a trace recorded with a variant file`);
    return;
  }
  if (!given)
    throw new UsageError(
      `trace ${file} was recorded with the variant file ${t.variantFile ?? '(unnamed)'} (variant ${t.variant}); replay never loads code because a trace names it: ` +
        `pass the file you trust with --variant FILE (its sources must hash to ${t.variantSha256.slice(0, 16)}...)`,
    );
  if (!isVariantPath(given)) throw new UsageError(`--variant ${given}: give the path of the variant file the trace was recorded with`);
  const loaded = await loadVariantArg(given, t.model);
  const v = findVariant(findModel(t.model), loaded.variant);
  if (v.fileSha256 !== t.variantSha256)
    throw new UsageError(
      `--variant ${given} is not the code trace ${file} was recorded with: its sources hash to ${v.fileSha256?.slice(0, 16)}..., the trace records ${t.variantSha256.slice(0, 16)}... (the file, or a file it imports, changed)`,
    );
  if (v.name !== t.variant) throw new UsageError(`--variant ${given} declares variant ${v.name}, but trace ${file} was recorded with ${t.variant}`);
}

/** A trace file re-executed: the result it leads to, and whether that is what it records. */
export interface Replayed {
  readonly result: CheckResult;
  readonly meta: ReportMeta;
  /** The same violation at the same step (or the same deadlock) as recorded. */
  readonly same: boolean;
  /** Nothing was found: the recorded steps ran with every property holding. */
  readonly none: boolean;
  readonly steps: number;
  /** The system it was re-executed on, its model, and the states it went through. */
  readonly system: import('../../../models/mm/system.ts').MmSystem;
  readonly model: import('../../../models/types.ts').ModelDef;
  readonly initial: Uint16Array;
  readonly trace: readonly import('../../engine/types.ts').TraceStep[];
}

/**
 * Re-executes a parsed trace file on its model (the variant file only through `variant`, the
 * user's own choice, whose sources must hash to what the trace records). `file` names the trace
 * in messages and in the reproduce command.
 */
export async function replayTraceFile(file: string, t: TraceFile, variantFile?: string): Promise<Replayed> {
  await trustedVariant(file, t, variantFile);
  const model = findModel(t.model);
  const variant = findVariant(model, t.variant);
  const config = parseConfig(t.configObject, `recorded in ${file}`);
  const builtins = namedConfigs(model);
  if (Object.hasOwn(builtins, t.config)) {
    const builtin = parseConfig(builtins[t.config], t.config);
    if (!isDeepStrictEqual(builtin, config))
      throw new UsageError(`trace ${file} was recorded for another configuration: its '${t.config}' differs from the built-in '${t.config}' of ${model.name}`);
  }
  let system;
  try {
    system = model.build(config, variant).system;
  } catch (e) {
    throw namingConfig(e, `'${t.config}' (recorded in ${file})`);
  }
  let rep;
  try {
    rep = replayKeys(system, t.steps.map((s) => s.transition));
  } catch (e) {
    if (e instanceof ReplayMismatch) throw new UsageError(`trace ${file} does not replay on ${model.name}/${variant.name} @ ${t.config}: ${e.message} (recorded for another model or configuration?)`);
    throw e;
  }
  const out = rep.outcome;
  const stats = { states: 0, transitions: rep.steps.length, depth: rep.steps.length, seconds: 0, statesPerSecond: 0, bytesPerState: 0, collisionProbability: 0 };
  let result: CheckResult;
  let same: boolean;
  if (out.kind === 'violation') {
    result = { status: 'violation', finding: out.finding, trace: rep.steps, initial: rep.initial, atQuiescence: out.atQuiescence, ...stats };
    same = t.status === 'violation' && t.property === out.finding.code && t.message === out.finding.message && out.step === t.steps.length && out.atQuiescence === t.atQuiescence;
  } else if (out.kind === 'deadlock') {
    result = { status: 'deadlock', message: out.message, trace: rep.steps, initial: rep.initial, ...stats };
    same = t.status === 'deadlock' && out.step === t.steps.length && out.message === t.message;
  } else {
    result = { status: 'ok', ...stats };
    same = false;
  }
  const meta: ReportMeta = {
    model: model.name,
    variant: variant.name,
    config: t.config,
    render: (s: Uint16Array) => system.render(s),
    legend: system.legend,
    rerun: variantFile ? `npx pagecheck replay ${file} --variant ${variantFile}` : replayCommand(file, t),
    figures: `replayed ${rep.steps.length} recorded steps from ${file}`,
  };
  return { result, meta, same, none: out.kind === 'none', steps: rep.steps.length, system, model, initial: rep.initial, trace: rep.steps };
}

/** Registers the command. */
export function registerReplay(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('replay')
    .description('re-execute a trace file written by --trace-out; it must reproduce the same violation at the same step')
    .argument('<file>', 'trace file')
    .option('--model <name>', 'refuse the trace unless it was recorded for this model')
    .option('--variant <file>', 'the variant file a trace recorded with one is replayed with (its sources must hash to what the trace records; a trace never makes pagecheck load code)')
    .option('--html <file>', 'write the replayed trace as a trace viewer page (one self-contained HTML file; states decoded by this replay)')
    .option('--json', 'print one JSON object on stdout')
    .action(async (file: string, o: { json?: boolean; model?: string; variant?: string; html?: string }) => {
      const t = readTraceFile(file, (w) => io.err(`pagecheck: warning: ${w}`));
      if (o.model && o.model !== t.model) throw new UsageError(`trace ${file} was recorded for model ${t.model}, not ${o.model}`);
      const { result, meta, same, none, steps, system, model, initial, trace } = await replayTraceFile(file, t, o.variant);
      if (o.html) {
        const decoder = traceDecoderOf(system, model.registers?.values);
        writeViewer(o.html, traceDocument(t, replayCommand(file, t), decoder ? { decoder, initial, steps: trace, render: (st) => system.render(st) } : undefined));
      }
      const recorded = `${t.status}${t.property ? ` ${t.property}` : ''} at step ${t.steps.length}`;
      const g = t.origin;
      // A trace that reproduces is a finding (fail, exit 1); one that does not is a bad input (exit 2).
      const notReproduced = { kind: 'input', message: `trace ${file} did not reproduce the recorded ${recorded}` } as const;
      if (o.json)
        io.out(
          JSON.stringify(
            envelope('replay', same ? 'fail' : 'error', { ...resultJson(result, meta), replay: { file, reproduced: same, recorded, ...(g ? { origin: g } : {}) }, ...(same ? {} : { error: notReproduced }) }),
          ),
        );
      else {
        // Nothing found is not "every property holds" here: only the recorded steps were run.
        if (none)
          io.out(`DID NOT REPRODUCE  ${meta.model}/${meta.variant} @ ${t.config}: the ${steps} recorded steps ran with every property holding at each; the recorded ${recorded} did not happen.`);
        else io.out(formatCheck(result, meta, g ? { traceNote: 'found by randomized exploration and shrunk', elide: true } : {}));
        io.out(same ? `\nReplay: reproduced the recorded ${recorded}.` : `\nReplay: DID NOT reproduce the recorded ${recorded}${result.status === 'deadlock' && t.status === 'deadlock' ? ` (recorded: ${printable(t.message)})` : ''}.`);
        if (o.html) io.out(viewerNote(o.html, true));
        if (g)
          io.out(
            `Found by pagecheck fuzz (strategy ${g.strategy}, seed ${g.seed}, run ${g.run}, path ${g.path}) and shrunk from ` +
              `${g.original.steps} steps with ${g.original.contextSwitches} context switches to ${g.shrunk.steps} steps with ${g.shrunk.contextSwitches}.\n` +
              `Regenerate the run: ${g.rerun}`,
          );
      }
      // An error status has its message on standard error, as every other one has.
      if (!same) io.err(`pagecheck: ${notReproduced.message}`);
      setExit(same ? EXIT.violation : EXIT.usage);
    });
}
