/**
 * Runs an exhaustive search for the CLI: in slices, so that the progress line updates, Ctrl-C
 * stops the search cleanly (status `bound`, with the partial figures), and checkpoints are taken.
 */
import cliProgress from 'cli-progress';
import { Explorer, type ExploreOptions, type Progress, type SearchSnapshot } from '../engine/explore.ts';
import { writeCheckpoint, type CheckpointIdentity } from '../engine/checkpoint.ts';
import { WriteError } from '../util/files.ts';
import { exploreParallel, type SystemFactory } from '../engine/parallel.ts';
import type { Bounds, CheckResult, System } from '../engine/types.ts';
import { num } from '../report/text.ts';
import type { Io } from './io.ts';

/** How the CLI runs a search. */
export interface SearchRun extends ExploreOptions {
  /** Show a progress line (only on a terminal, and never with --json). */
  readonly progress: boolean;
  /** Write checkpoints to this file: every `checkpointEvery` seconds, on Ctrl-C and at a bound. */
  readonly checkpoint?: { readonly path: string; readonly every: number; readonly identity: CheckpointIdentity };
  readonly resume?: SearchSnapshot;
}

/** The progress line of a long search: shown after its first second, on standard error. */
class ProgressLine {
  private bar: cliProgress.SingleBar | null = null;
  private readonly t0 = performance.now();
  constructor(private readonly enabled: boolean) {}
  update(p: Progress): void {
    if (!this.enabled) return;
    if (!this.bar) {
      if (performance.now() - this.t0 <= 1000) return;
      this.bar = new cliProgress.SingleBar(
        { format: '  {states} states | {rate} states/s | frontier {frontier} | depth {depth} | {mem} MB | {secs} s', stream: process.stderr, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(1, 0);
    }
    this.bar.update(0, {
      states: num(p.states),
      rate: num(Math.round(p.states / Math.max(p.seconds, 1e-3))),
      frontier: num(p.frontier),
      depth: p.depth,
      mem: Math.round(process.memoryUsage().rss / 2 ** 20),
      secs: p.seconds.toFixed(0),
    });
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
  try {
    for (;;) {
      let r = ex.run(200);
      if (!r && interrupted) r = ex.interrupt();
      const now = performance.now();
      if (!r) line.update(ex.progress());
      const cp = run.checkpoint;
      if (cp && (r ? r.status === 'bound' : now - lastCheckpoint >= cp.every * 1000)) {
        lastCheckpoint = now;
        try {
          writeCheckpoint(cp.path, cp.identity, ex.snapshot());
          written = true;
          if (r) io.err(`pagecheck: checkpoint written to ${cp.path}; continue with --resume ${cp.path}`);
        } catch (e) {
          if (!(e instanceof WriteError)) throw e;
          // A checkpoint is insurance: the search goes on, and the last one written stays.
          io.err(`pagecheck: warning: ${e.message}; ${written ? 'the previous checkpoint is kept' : 'no checkpoint has been written yet'}${r ? '' : ', and the search goes on'}`);
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
