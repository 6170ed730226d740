/**
 * Runs an exhaustive search for the CLI: in slices, so that the progress line updates, Ctrl-C
 * stops the search cleanly (status `bound`, with the partial figures), and checkpoints are taken.
 */
import cliProgress from 'cli-progress';
import { Explorer, type ExploreOptions, type SearchSnapshot } from '../engine/explore.ts';
import { writeCheckpoint, type CheckpointIdentity } from '../engine/checkpoint.ts';
import type { CheckResult, System } from '../engine/types.ts';
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

/** Runs the search to its end, an interrupt, or a bound. */
export async function runSearch(sys: System, io: Io, run: SearchRun): Promise<CheckResult> {
  const ex = new Explorer(sys, run, run.resume);
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  let bar: cliProgress.SingleBar | null = null;
  let lastCheckpoint = performance.now();
  const t0 = performance.now();
  try {
    for (;;) {
      let r = ex.run(200);
      if (!r && interrupted) r = ex.interrupt();
      const now = performance.now();
      if (run.progress && !bar && now - t0 > 1000 && !r) {
        bar = new cliProgress.SingleBar(
          { format: '  {states} states | {rate} states/s | frontier {frontier} | depth {depth} | {mem} MB | {secs} s', stream: process.stderr, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(1, 0);
      }
      if (bar) {
        const p = ex.progress();
        bar.update(0, {
          states: num(p.states),
          rate: num(Math.round(p.states / Math.max(p.seconds, 1e-3))),
          frontier: num(p.frontier),
          depth: p.depth,
          mem: Math.round(process.memoryUsage().rss / 2 ** 20),
          secs: p.seconds.toFixed(0),
        });
      }
      const cp = run.checkpoint;
      if (cp && (r ? r.status === 'bound' : now - lastCheckpoint >= cp.every * 1000)) {
        writeCheckpoint(cp.path, cp.identity, ex.snapshot());
        lastCheckpoint = now;
        if (r) io.err(`pagecheck: checkpoint written to ${cp.path}; continue with --resume ${cp.path}`);
      }
      if (r) return r;
      await new Promise((res) => setImmediate(res));
    }
  } finally {
    bar?.stop();
    process.off('SIGINT', onSigint);
  }
}
