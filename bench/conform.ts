/**
 * Throughput and memory of `pagecheck conform`.
 *
 *   node bin/run-ts.js bench/conform.ts [TRACE...]
 *
 * With no argument it checks traces of growing length made of the committed real excerpts
 * (test/fixtures/ftrace/linux-6.1.192, 45,002 events per round), rounds separated by a ring-buffer
 * gap line so that each round is a fresh open-world history over the same pfns: the events grow,
 * the pages do not, and the memory must stay flat. With arguments it checks those traces (for
 * example a full capture) and prints the same figures.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { traceLines, type InputEnd } from '../src/conform/input.ts';
import { LINUX_6_1 } from '../src/conform/profile.ts';
import { conformFile } from '../src/conform/run.ts';
import { formatTable, num } from '../src/report/text.ts';

const FIXTURES = join(import.meta.dirname, '..', 'test', 'fixtures', 'ftrace', 'linux-6.1.192');

async function linesOf(path: string): Promise<string[]> {
  const end: InputEnd = { compression: 'none', bytes: 0, problem: null };
  const out: string[] = [];
  for await (const l of traceLines(path, end)) out.push(l);
  return out;
}

/** Writes `rounds` copies of the excerpts, each after a gap line, to a plain text file. */
async function build(rounds: number, parts: readonly string[][], path: string): Promise<void> {
  const w = createWriteStream(path);
  for (let r = 0; r < rounds; r++) {
    for (const lines of parts) {
      if (!w.write(`##### CPU 0 buffer started ####\n${lines.join('\n')}\n`)) await once(w, 'drain');
    }
  }
  w.end();
  await once(w, 'finish');
}

// A full collection on demand, to measure the live heap rather than garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Checks one file while sampling the live heap (after a full collection, every 250 ms); returns the figures. */
async function measure(path: string): Promise<string[]> {
  gc();
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => {
    gc();
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  const timer = setInterval(sample, 250);
  const r = await conformFile(path, { profile: LINUX_6_1 });
  sample();
  clearInterval(timer);
  return [
    path.split('/').slice(-2).join('/'),
    num(r.events),
    r.compression,
    r.seconds.toFixed(2),
    num(Math.round(r.events / r.seconds)),
    num(r.findings.length + r.findingsDropped),
    (r.tableBytes / 1e6).toFixed(1),
    (peakHeap / 1e6).toFixed(0),
    (peakRss / 1e6).toFixed(0),
  ];
}

const header = ['trace', 'events', 'input', 'seconds', 'events/s', 'findings', 'page table MB', 'peak live heap MB', 'peak RSS MB'];
const args = process.argv.slice(2);
const rows: string[][] = [];
if (args.length) {
  for (const a of args) rows.push(await measure(a));
} else {
  const parts = [await linesOf(join(FIXTURES, 'normal.trace.xz')), await linesOf(join(FIXTURES, 'lowmem.trace.xz'))];
  const dir = mkdtempSync(join(tmpdir(), 'pagecheck-bench-'));
  try {
    for (const rounds of [1, 4, 16]) {
      const path = join(dir, `rounds-${rounds}.txt`);
      await build(rounds, parts, path);
      rows.push(await measure(path));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(formatTable(header, rows, [1, 3, 4, 5, 6, 7, 8]));
