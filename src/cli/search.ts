/**
 * Runs an exhaustive search for the CLI: in slices, so that the progress line updates, Ctrl-C
 * stops the search cleanly (status `bound`, with the partial figures), and checkpoints are taken.
 */
import cliProgress from 'cli-progress';
import { layout, progressText, type ProgressField } from '../report/layout.ts';
import { Explorer, type ExploreOptions, type Progress, type SearchSnapshot } from '../engine/explore.ts';
import { writeCheckpoint, type CheckpointIdentity } from '../engine/checkpoint.ts';
import { WriteError } from '../util/files.ts';
import { exploreParallel, type SystemFactory } from '../engine/parallel.ts';
import type { Bounds, CheckResult, System } from '../engine/types.ts';
import { num } from '../report/text.ts';
import type { Io } from './io.ts';
import { Worker } from 'node:worker_threads';
import type { SystemSpec } from '../check.ts';
import type { CoverageSummary } from '../coverage/summary.ts';
import { COMPILED, entryUrl } from '../util/modules.ts';
import { InternalError, UsageError, unreachable } from '../util/unreachable.ts';
import { deserializeUserCodeError, overrideDebug, type SerializedUserCodeError } from '../variant/overrides.ts';
import { reportReplacedGlobals } from '../variant/globals.ts';

/** How the CLI runs a search. */
export interface SearchRun extends ExploreOptions {
  /** Show a progress line (only on a terminal, and never with --json). */
  readonly progress: boolean;
  /** Write checkpoints to this file: every `checkpointEvery` seconds, on Ctrl-C and at a bound. */
  readonly checkpoint?: { readonly path: string; readonly every: number; readonly identity: CheckpointIdentity };
  readonly resume?: SearchSnapshot;
  /** Polled between slices: true stops the search as Ctrl-C does (a worker thread is told to stop). */
  readonly stop?: () => boolean;
  /** Told the figures between slices (a worker thread reports them to the main thread). */
  readonly report?: (p: Progress) => void;
  /** Milliseconds the search runs between looks at Ctrl-C, the progress line and checkpoints (default 200). */
  readonly sliceMs?: number;
}

/** The fields of the progress line, most important first (a narrow terminal drops the last ones first). */
export function progressFields(p: Progress, rssBytes: number): ProgressField[] {
  return [
    { text: `${num(p.states)} states`, rank: 0 },
    { text: `${num(Math.round(p.states / Math.max(p.seconds, 1e-3)))} states/s`, rank: 5 },
    { text: `frontier ${num(p.frontier)}`, rank: 4 },
    { text: `depth ${p.depth}`, rank: 1 },
    { text: `${Math.round(rssBytes / 2 ** 20)} MB`, rank: 3 },
    { text: `${p.seconds.toFixed(0)} s`, rank: 2 },
  ];
}

/** The progress line of a long search: shown after its first second, on standard error, fitted to the layout's width. */
export class ProgressLine {
  private bar: cliProgress.SingleBar | null = null;
  private readonly t0 = performance.now();
  constructor(private readonly enabled: boolean) {}
  update(p: Progress): void {
    if (!this.enabled) return;
    const line = progressText(progressFields(p, process.memoryUsage().rss), process.stderr.columns ?? layout().width);
    if (!this.bar) {
      if (performance.now() - this.t0 <= 1000) return;
      this.bar = new cliProgress.SingleBar(
        { format: (_o, _p, payload: { line?: string }) => payload.line ?? '', stream: process.stderr, hideCursor: true, clearOnComplete: true, linewrap: false },
        cliProgress.Presets.shades_classic,
      );
      // The first frame is drawn by start(): it is given the line, never the bare template.
      this.bar.start(1, 0, { line });
      return;
    }
    this.bar.update(0, { line });
  }
  stop(): void {
    this.bar?.stop();
  }
}

/** Runs the search to its end, an interrupt, or a bound. */
export async function runSearch(sys: System, io: Io, run: SearchRun): Promise<CheckResult> {
  const ex = new Explorer(sys, run, run.resume);
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  const line = new ProgressLine(run.progress);
  let lastCheckpoint = performance.now();
  let written = false;
  let lastWarning = '';
  try {
    for (;;) {
      let r = ex.run(run.sliceMs ?? 200);
      if (!r && (interrupted || run.stop?.())) r = ex.interrupt();
      const now = performance.now();
      if (!r) {
        const p = ex.progress();
        line.update(p);
        run.report?.(p);
      }
      const cp = run.checkpoint;
      if (cp && (r ? r.status === 'bound' : now - lastCheckpoint >= cp.every * 1000)) {
        lastCheckpoint = now;
        try {
          writeCheckpoint(cp.path, cp.identity, ex.snapshot());
          written = true;
          if (r) io.err(`pagecheck: checkpoint written to ${cp.path}; continue with --resume ${cp.path}`);
        } catch (e) {
          if (!(e instanceof WriteError)) throw e;
          // A checkpoint is insurance: the search goes on, and the last one written stays. The
          // same failure at every period is said once (and again when the search ends).
          const warning = `pagecheck: warning: ${e.message}; ${written ? 'the previous checkpoint is kept' : 'no checkpoint has been written yet'}${r ? '' : ', and the search goes on'}`;
          if (warning !== lastWarning) io.err(r ? warning : `${warning} (not repeated while it fails the same way)`);
          lastWarning = warning;
        }
      }
      if (r) return r;
      await new Promise((res) => setImmediate(res));
    }
  } finally {
    line.stop();
    process.off('SIGINT', onSigint);
  }
}

/**
 * Runs the parallel search with `workers` threads, with the same progress line, and Ctrl-C
 * stopping it with status `bound` (at the next chunk a worker returns).
 */
export async function runParallelSearch(sys: System, factory: SystemFactory, workers: number, run: Bounds & { readonly progress: boolean }): Promise<CheckResult> {
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  const line = new ProgressLine(run.progress);
  try {
    return await exploreParallel(sys, factory, workers, { ...run, onProgress: (p) => line.update(p), shouldStop: () => interrupted });
  } finally {
    line.stop();
    process.off('SIGINT', onSigint);
  }
}

/** How long a search that was told to stop may take to answer before its thread is ended. */
export const STOP_GRACE_SECONDS = 2;

/** What {@link runSearchIsolated} needs: the system to rebuild in the thread, and the run. */
export interface IsolatedRun extends Omit<SearchRun, 'stop' | 'report' | 'onProgress' | 'shouldStop' | 'visit'> {
  readonly spec: SystemSpec;
  /** Count coverage in the thread and return its summary. */
  readonly coverage: boolean;
}

/** What the search thread is given (the run, and the main thread's debug mode). @internal */
export type IsolatedData = Omit<IsolatedRun, 'progress'> & { readonly debug: boolean };

/** What the search thread posts to the main thread. @internal */
export type IsolatedMessage =
  | { readonly kind: 'started' }
  | { readonly kind: 'progress'; readonly p: Progress }
  | { readonly kind: 'err'; readonly text: string }
  | { readonly kind: 'result'; readonly result: CheckResult; readonly coverage: CoverageSummary | null; readonly replacedGlobals: readonly string[] }
  | { readonly kind: 'user-code'; readonly error: SerializedUserCodeError }
  | { readonly kind: 'usage'; readonly message: string }
  | { readonly kind: 'internal'; readonly message: string };

/**
 * Runs the search of a variant file's code in a worker thread, so that a loop in that code which
 * never returns can still be stopped: `--timeout` and Ctrl-C are first asked of the search (it
 * stops between slices, with a checkpoint if asked), and if it does not answer within
 * {@link STOP_GRACE_SECONDS} the thread is ended, with the figures it last reported. The result is
 * the same as {@link runSearch}'s, the coverage summary with it.
 */
export async function runSearchIsolated(io: Io, run: IsolatedRun): Promise<{ result: CheckResult; coverage: CoverageSummary | null }> {
  const entry = entryUrl('src/cli/search-worker.ts');
  const { progress, ...rest } = run;
  const data: IsolatedData = { ...rest, debug: overrideDebug() };
  const worker = COMPILED
    ? new Worker(entry, { workerData: data })
    : new Worker(new URL('../engine/worker-boot.mjs', import.meta.url), { workerData: { ...data, entry: entry.href } });
  const line = new ProgressLine(progress);
  const t0 = performance.now();
  let last: Progress | null = null;
  let ended: 'timeout' | 'interrupted' | null = null;
  let hardStop: NodeJS.Timeout | null = null;
  const forced = (bound: 'timeout' | 'interrupted') => {
    if (ended) return;
    ended = bound;
    void worker.terminate();
  };
  const stopSoon = () => {
    worker.postMessage({ kind: 'stop' });
    hardStop ??= setTimeout(() => forced('interrupted'), STOP_GRACE_SECONDS * 1000);
  };
  process.on('SIGINT', stopSoon);
  // The search reads its own clock from its start; this one ends a thread that no longer does.
  let deadline: NodeJS.Timeout | null = null;
  try {
    return await new Promise((resolve, reject) => {
      worker.on('message', (m: IsolatedMessage) => {
        switch (m.kind) {
          case 'started':
            if (run.timeoutSeconds !== undefined) deadline = setTimeout(() => forced('timeout'), (run.timeoutSeconds + STOP_GRACE_SECONDS) * 1000);
            return;
          case 'progress':
            last = m.p;
            line.update(m.p);
            return;
          case 'err':
            io.err(m.text);
            return;
          case 'result':
            reportReplacedGlobals(m.replacedGlobals);
            return resolve({ result: m.result, coverage: m.coverage });
          case 'user-code':
            return reject(deserializeUserCodeError(m.error));
          case 'usage':
            return reject(new UsageError(m.message));
          case 'internal':
            return reject(new InternalError(m.message));
          default:
            return reject(unreachable(m));
        }
      });
      worker.on('error', (e) => reject(new InternalError(`the search thread failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)));
      worker.on('exit', () => {
        if (!ended) return reject(new InternalError('the search thread ended without a result'));
        const seconds = (performance.now() - t0) / 1000;
        const states = last?.states ?? 0;
        io.err(
          `pagecheck: the search did not stop within ${STOP_GRACE_SECONDS} s of ${ended === 'timeout' ? 'its --timeout' : 'Ctrl-C'}: the variant's code is probably in a loop that does not return inside one step. ` +
            `Its thread was ended; the figures are those it last reported${run.checkpoint ? ', and no checkpoint could be taken then' : ''}.`,
        );
        resolve({
          result: {
            status: 'bound',
            bound: ended,
            limit: ended === 'timeout' ? run.timeoutSeconds! : 0,
            states,
            transitions: last?.transitions ?? 0,
            depth: last?.depth ?? 0,
            seconds,
            statesPerSecond: seconds > 0 ? Math.round(states / seconds) : 0,
            bytesPerState: 0,
            collisionProbability: (states * states) / 2 ** 65,
          },
          coverage: null,
        });
      });
    });
  } finally {
    line.stop();
    process.off('SIGINT', stopSoon);
    if (deadline) clearTimeout(deadline);
    if (hardStop) clearTimeout(hardStop);
    await worker.terminate();
  }
}
