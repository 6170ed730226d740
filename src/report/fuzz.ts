/**
 * Reports of randomized exploration: the campaign's settings (with PCT's guarantee), its outcome,
 * the failure before and after shrinking with the `{seed, path}` replay line, the coverage in
 * allocator terms, the `--json` object and the trace file. Formatting only.
 */
import { pc } from './colour.js';
import type { CheckResult, TraceStep } from '../engine/types.ts';
import { formatCoverage } from './coverage.ts';
import { traceOf } from '../fuzz/exec.ts';
import type { FuzzFailure, FuzzResult, TraceShape } from '../fuzz/fuzz.ts';
import { unreachable } from '../util/unreachable.ts';
import { formatFinding, formatTable, formatTrace, num, type ReportMeta } from './text.ts';
import { stepJson, traceFileOf, type TraceFile } from './trace-file.ts';
import type { Config } from '../config/schema.ts';
import { type Status } from './vocabulary.ts';

/** The command that regenerates the failing run alone from its seed and path. */
export function replayCommand(meta: ReportMeta, f: FuzzFailure): string {
  return `${meta.rerun} --replay ${f.path}`;
}

/** `1/(4·736^2) = 4.6e-7` */
function pctLine(r: FuzzResult): string | null {
  const p = r.settings.pct;
  if (!p) return null;
  const sw = p.sweep;
  const formula = sw
    ? `1/(D·n·k^(d-1)) = 1/(${sw.max}·${p.threads}·${p.k}${p.depth > 2 ? `^${p.depth - 1}` : ''})`
    : p.depth === 1
      ? `1/n = 1/${p.threads}`
      : `1/(n·k^(d-1)) = 1/(${p.threads}·${p.k}${p.depth > 2 ? `^${p.depth - 1}` : ''})`;
  const head = sw
    ? `PCT depth swept: each run draws d in 1..D = ${sw.max} (twice the threads; --pct-depth fixes it), so it finds a bug of depth ${p.depth} with probability at least`
    : `PCT depth d = ${p.depth}: each run finds a bug of depth ${p.depth} with probability at least`;
  return (
    `${head} ${formula} = ${p.perRun.toExponential(2)}` +
    ` (n = ${p.threads} threads, k = ${p.k} steps${p.kSource === 'calibrated' ? ', the longest of 5 uniform runs' : ''}); ` +
    `over ${num(p.runs)} runs at least ${p.campaign.toExponential(2)}. The bound holds for runs of at most k steps.`
  );
}

/** `1 run`, `2 runs` */
function plural(n: number, noun: string): string {
  return `${num(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** Summary line of a failing trace. */
function shapeLine(s: TraceShape): string {
  return `${s.length} steps, ${s.contextSwitches} context switches, ${s.calls} calls`;
}

/** The step list of a trace, with the memory map per step. */
function traceText(shape: TraceShape, meta: ReportMeta): string {
  const render = (s: Uint16Array) => shape.system.render(s);
  return formatTrace(shape.execution.states[0], traceOf(shape.system, shape.execution), { ...meta, render }, { elide: true });
}

/** The text report of a campaign. */
export function formatFuzz(r: FuzzResult, meta: ReportMeta, opts: { showOriginal?: boolean; traceFile?: string } = {}): string {
  const head = `${meta.model}/${meta.variant} @ ${meta.config}`;
  const st = r.stats;
  const s = r.settings;
  const out: string[] = [];
  out.push(
    `fuzz ${head}: strategy ${s.strategy}, ${s.replayPath !== undefined ? `replaying run path ${s.replayPath}` : `${num(s.runs)} runs`}, at most ${num(s.steps)} steps per run, seed ${s.seed}` +
      (s.varyConfig ? `, each run drawing its configuration within ${meta.config}'s limits` : '') +
      (s.steer ? ', steered by coverage' : ''),
  );
  const pl = pctLine(r);
  if (pl) out.push(`  ${pl}`);
  const figures = `${plural(st.runs, 'run')}, ${num(st.steps)} steps, ${st.seconds.toFixed(2)} s (${num(st.seconds > 0 ? Math.round(st.steps / st.seconds) : 0)} steps/s)`;
  const ends = `${num(st.quiescent)} reached quiescence, ${num(st.stepBound)} stopped at the step bound (--steps ${s.steps}; their last state is not checked for quiescence)`;
  switch (r.status) {
    case 'ok':
      out.push(`${pc.green('NO FAILURE')}  ${head}: ${figures}; ${ends}.`);
      out.push(
        s.replayPath !== undefined
          ? pc.yellow(`  The replayed run did not fail: give the same --config, --variant, --strategy, --steps, --pct-depth and --steer as the campaign that printed it.`)
          : `  Randomized exploration samples interleavings: this is evidence, not a proof.`,
      );
      break;
    case 'bound':
      out.push(`${pc.yellow('BOUND')}  ${head}: the time limit (${r.limit} s) stopped the campaign after ${figures}; no failure in what ran, but fewer runs than asked.`);
      break;
    case 'error':
      out.push(`${pc.magenta('ERROR')}  ${head}: ${r.message}`);
      break;
    case 'failure': {
      const f = r.failure;
      const what = f.failure.kind === 'violation' ? `${f.failure.finding.code}${f.failure.atQuiescence ? ' at quiescence' : ''}` : 'deadlock';
      out.push(`${pc.red('FAILURE')}  ${head}: ${what} in run ${f.run} (path ${f.path}), after ${figures}`);
      if (f.drawn) out.push(`  drawn:    ${f.drawn.change}`);
      out.push(`  original: ${shapeLine(f.original)}`);
      if (f.shrink) {
        const k = f.shrink.kept;
        out.push(
          `  shrunk:   ${shapeLine(f.shrunk)} (${num(f.shrink.attempts)} candidates in ${f.shrink.seconds.toFixed(2)} s; kept ${k.operations} in phase 1 operations, ${k.schedule} in phase 2 schedule, ${k.arguments} in phase 3 arguments; ` +
            (f.shrink.complete ? 'every phase at its fixed point)' : pc.yellow(`stopped by ${f.shrink.stoppedBy === 'steps' ? `its bound of ${f.shrink.maxSteps} steps executed` : `the shrink time limit of ${f.shrink.timeLimitSeconds} s`}: may not be minimal)`)),
        );
        if (f.resized && f.resized.change !== f.drawn?.change) out.push(`            at a smaller configuration: ${f.resized.change}`);
      } else out.push('  shrunk:   not shrunk (--no-shrink)');
      if (opts.showOriginal || !f.shrink) {
        out.push('');
        out.push(`Original counterexample (${f.original.length} steps, ${f.original.contextSwitches} context switches):`);
        out.push(traceText(f.original, meta));
      }
      if (f.shrink) {
        out.push('');
        out.push(`Counterexample, shrunk (${f.shrunk.length} steps, ${f.shrunk.contextSwitches} context switches):`);
        out.push(traceText(f.shrunk, meta));
      }
      out.push('');
      out.push(f.failure.kind === 'violation' ? formatFinding(f.failure.finding) : `${pc.bold(pc.red('deadlock'))}: ${f.failure.message}`);
      out.push('');
      out.push(`Replay this run:   ${replayCommand(meta, f)}`);
      if (opts.traceFile) out.push(`Replay the trace:  npx pagecheck replay ${opts.traceFile}`);
      break;
    }
    default:
      unreachable(r);
  }
  out.push('');
  out.push(formatCoverage(r.coverage, { model: meta.model, what: `${plural(st.runs, 'run')}, ${num(r.coverage.transitions)} transitions`, maxListed: 20 }));
  return out.join('\n');
}

function shapeJson(s: TraceShape): Record<string, unknown> {
  const render = (x: Uint16Array) => s.system.render(x);
  return {
    steps: s.length,
    contextSwitches: s.contextSwitches,
    calls: s.calls,
    initialMemory: render(s.execution.states[0]),
    trace: traceOf(s.system, s.execution).map((x) => stepJson(x, render)),
  };
}

/** The shared status of a campaign: no failure is `ok` (evidence, not a proof; the text says so). */
export function fuzzStatus(r: FuzzResult): Status {
  switch (r.status) {
    case 'ok':
      return 'ok';
    case 'failure':
      return 'fail';
    case 'bound':
      return 'incomplete';
    case 'error':
      return 'error';
    default:
      return unreachable(r);
  }
}

/** The detail word of a campaign: `no-failure`, `violation`, `deadlock`, `bound` or `error`. */
export function fuzzOutcome(r: FuzzResult): 'no-failure' | 'violation' | 'deadlock' | 'bound' | 'error' {
  if (r.status === 'failure') return r.failure.failure.kind === 'violation' ? 'violation' : 'deadlock';
  return r.status === 'ok' ? 'no-failure' : r.status;
}

/** The body of the `--json` object of a campaign (the command adds the envelope of ./vocabulary.ts). */
export function fuzzJson(r: FuzzResult, meta: ReportMeta): Record<string, unknown> {
  const base = {
    outcome: fuzzOutcome(r),
    model: meta.model,
    variant: meta.variant,
    config: meta.config,
    settings: r.settings,
    stats: { ...r.stats, seconds: Number(r.stats.seconds.toFixed(3)) },
    coverage: r.coverage,
    rerun: meta.rerun,
  };
  switch (r.status) {
    case 'ok':
      return base;
    case 'bound':
      return { ...base, bound: r.bound, limit: r.limit };
    case 'error':
      return { ...base, error: { kind: 'internal', message: r.message } };
    case 'failure': {
      const f = r.failure;
      return {
        ...base,
        failure: {
          ...(f.failure.kind === 'violation'
            ? {
                property: f.failure.finding.code,
                message: f.failure.finding.message,
                hint: f.failure.finding.hint,
                pfns: f.failure.finding.pfns,
                orders: f.failure.finding.orders,
                cpus: f.failure.finding.cpus,
                atQuiescence: f.failure.atQuiescence,
              }
            : { deadlock: f.failure.message }),
          run: f.run,
          seed: f.seed,
          path: f.path,
          replay: replayCommand(meta, f),
          original: shapeJson(f.original),
          shrunk: shapeJson(f.shrunk),
          ...(f.drawn ? { drawn: f.drawn } : {}),
          ...(f.resized ? { resized: f.resized } : {}),
          shrink: f.shrink ? { ...f.shrink, seconds: Number(f.shrink.seconds.toFixed(3)) } : null,
        },
      };
    }
    default:
      return unreachable(r);
  }
}

/** The shrunk counterexample as a check result, for the shared trace-file writer. */
function failureAsCheckResult(f: FuzzFailure): Extract<CheckResult, { status: 'violation' | 'deadlock' }> {
  const trace: TraceStep[] = traceOf(f.shrunk.system, f.shrunk.execution);
  const initial = f.shrunk.execution.states[0];
  const stats = { states: 0, transitions: trace.length, depth: trace.length, seconds: 0, statesPerSecond: 0, bytesPerState: 0, collisionProbability: 0 };
  return f.failure.kind === 'violation'
    ? { status: 'violation', finding: f.failure.finding, trace, initial, atQuiescence: f.failure.atQuiescence, ...stats }
    : { status: 'deadlock', message: f.failure.message, trace, initial, ...stats };
}

/**
 * The trace file of a campaign's failure: the shrunk counterexample, at the configuration it was
 * shrunk to (recorded under its own name when it is smaller than `config`), with its provenance.
 */
export function fuzzTraceFile(r: FuzzResult & { status: 'failure' }, meta: ReportMeta, config: Config, variant?: { readonly file?: string; readonly fileSha256?: string }): TraceFile {
  const f = r.failure;
  const render = (s: Uint16Array) => f.shrunk.system.render(s);
  return {
    ...traceFileOf(failureAsCheckResult(f), {
      ...meta,
      variantFile: variant?.file,
      variantSha256: variant?.fileSha256,
      config: f.resized ? `${meta.config} (shrunk: ${f.resized.change})` : meta.config,
      render,
      decoder: meta.decoderFor?.(f.shrunk.system),
      configObject: f.resized?.config ?? config,
    }),
    origin: fuzzOrigin(r, meta),
  };
}

/** The fuzz provenance recorded in a trace file. */
function fuzzOrigin(r: FuzzResult & { status: 'failure' }, meta: ReportMeta): NonNullable<TraceFile['origin']> {
  const f = r.failure;
  return {
    kind: 'fuzz',
    strategy: r.settings.strategy,
    seed: f.seed,
    path: f.path,
    run: f.run,
    steps: r.settings.steps,
    ...(r.settings.pct ? { ...(r.settings.pct.depthSource === 'given' ? { pctDepth: r.settings.pct.depth } : {}), pctSteps: r.settings.pct.k } : {}),
    original: { steps: f.original.length, contextSwitches: f.original.contextSwitches },
    shrunk: { steps: f.shrunk.length, contextSwitches: f.shrunk.contextSwitches },
    rerun: replayCommand(meta, f),
  };
}
