/**
 * `npm run bench`: measures exhaustive search on every model's configurations, with and without
 * each reduction, and writes the table into BENCHMARKS.md (between its exhaustive-search markers)
 * with the machine it ran on. Each search runs in a fresh process. Then the time-to-bug benchmark
 * (bench/time-to-bug.ts), time to bug over 1, 2 and 4 shards (bench/shards.ts), the start-up of the command (bench/startup.ts) and the seed scenarios
 * (bench/seed-scenarios.ts) write their own sections.
 *   npm run bench [-- --quick] [-- --exhaustive-only] [-- --spin]
 *   (--spin: only pagecheck against SPIN on the buddy model's twin, bench/spin.ts, its own section)
 *   (--quick: default configurations only, no scaling search; one seed for time to bug;
 *    --exhaustive-only: this section alone, without time to bug and the seed scenarios)
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { MODELS } from '../models/registry.ts';
import { num } from '../src/report/text.ts';
import { benchTable, median, secondsRange } from './table.ts';

interface Row {
  model: string;
  config: string;
  symmetry: boolean;
  por: boolean;
  coverage: boolean;
  workers: number;
  status: string;
  states: number;
  transitions: number;
  depth: number;
  seconds: number;
  /** The first search of the process, compilation of the hot code included. */
  coldSeconds: number;
  statesPerSecond: number;
  transitionsPerSecond: number;
  bytesPerState: number;
  peakRssMB: number;
  words: number;
}

if (process.argv.includes('--spin')) {
  console.log((await import('./spin.ts')).run(process.argv.slice(2)));
  // Nothing else runs: the comparison is its own benchmark.
  await new Promise<void>((done) => process.stdout.write('', () => done()));
  process.exit(0);
}

const quick = process.argv.includes('--quick');
const exhaustiveOnly = process.argv.includes('--exhaustive-only');

function measure(model: string, config: string, ...flags: string[]): Row {
  const out = execFileSync(process.execPath, ['bin/run-ts.js', 'bench/one.ts', model, config, ...flags], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop()!) as Row;
}

const rows: Row[] = [];
/** Configurations where the model does not apply symmetry (asked for, it searches in full): listed, not measured twice. */
const noSymmetry: string[] = [];
for (const m of MODELS) {
  const configs = quick ? [m.defaultConfig] : Object.keys(m.configs);
  for (const c of configs) {
    for (const flags of [[], ['coverage'], ['symmetry'], ['por'], ['symmetry', 'por'], ['workers=2']]) {
      const r = measure(m.name, c, ...flags);
      console.error(`${m.name} @ ${c} ${flags.join(' ') || 'full'}: ${num(r.states)} states, ${r.seconds.toFixed(2)} s`);
      if (flags.includes('symmetry') && !r.symmetry) {
        if (!flags.includes('por')) noSymmetry.push(`${m.name} @ ${c}`);
      } else rows.push(r);
    }
  }
}

const table = benchTable(
  ['model', 'configuration', 'search', 'states', 'transitions', 'cold s', 'seconds', 'states/s', 'transitions/s', 'bytes/state', 'peak RSS MB'],
  rows.map((r) => [
    r.model,
    r.config,
    r.workers > 1 ? `${r.workers} workers` : [r.symmetry && 'symmetry', r.por && 'por', r.coverage && 'coverage'].filter(Boolean).join(' + ') || 'full',
    num(r.states),
    num(r.transitions),
    r.coldSeconds.toFixed(2),
    r.seconds.toFixed(2),
    num(r.statesPerSecond),
    num(r.transitionsPerSecond),
    r.bytesPerState.toFixed(1),
    String(r.peakRssMB),
  ]),
  [3, 4, 5, 6, 7, 8, 9, 10],
);

// The cost of counting coverage in the hot loop, on a search long enough to be timed once: the
// buddy model's default configuration with two allocations per CPU (4.6 million states), with
// and without the counters, in alternation (three runs each), so that the machine's drift
// touches both alike.
const COVERAGE_RUNS = 3;
const costRuns: { full: Row[]; coverage: Row[] } = { full: [], coverage: [] };
for (let i = 0; i < COVERAGE_RUNS; i++)
  for (const kind of ['full', 'coverage'] as const) {
    const r = measure('buddy', 'default', 'allocs=2', ...(kind === 'coverage' ? ['coverage'] : []));
    console.error(`buddy @ default allocs=2 ${kind} (${i + 1}/${COVERAGE_RUNS}): ${num(r.states)} states, ${r.seconds.toFixed(2)} s`);
    costRuns[kind].push(r);
  }
const costRow = (kind: 'full' | 'coverage'): string[] => {
  const rs = costRuns[kind];
  return [kind === 'full' ? 'without counters' : 'with counters (coverage)', num(rs[0].states), secondsRange(rs.map((r) => r.seconds)), num(median(rs.map((r) => r.statesPerSecond))), String(median(rs.map((r) => r.peakRssMB)))];
};
const costRatio = median(costRuns.coverage.map((r) => r.statesPerSecond)) / median(costRuns.full.map((r) => r.statesPerSecond));
const coverageCost = `\n\nThe cost of coverage counting in the hot loop, on a long search: buddy @ default with 2 allocations per CPU, ${COVERAGE_RUNS} runs each in alternation, each in a fresh process (seconds: the range; states/s and peak RSS: the median). With the counters the search runs at ${costRatio.toFixed(2)} times the speed without.\n\n\`\`\`\n${benchTable(['search', 'states', 'seconds', 'states/s', 'peak RSS MB'], [costRow('full'), costRow('coverage')], [1, 2, 3, 4])}\n\`\`\``;

// The largest configuration of each model that finishes in 60 seconds: its default
// configuration with more allocation calls per CPU, until a search hits the 60 s bound.
const scaling: string[][] = [];
if (!quick)
  for (const m of MODELS) {
    let best: Row | null = null;
    for (let allocs = 1; allocs <= 8; allocs++) {
      const r = measure(m.name, m.defaultConfig, `allocs=${allocs}`, 'timeout=60');
      console.error(`${m.name} @ ${m.defaultConfig} allocs=${allocs}: ${r.status}, ${num(r.states)} states, ${r.seconds.toFixed(1)} s`);
      if (r.status !== 'ok') break;
      best = r;
    }
    const allocs = best ? (best as Row & { allocs: number }).allocs : 0;
    // The same search over two worker threads, and with both reductions.
    const par = best ? measure(m.name, m.defaultConfig, `allocs=${allocs}`, 'workers=2') : null;
    const reduced = best ? measure(m.name, m.defaultConfig, `allocs=${allocs}`, 'symmetry', 'por') : null;
    scaling.push([
      m.name,
      `${m.defaultConfig} with ${allocs} allocation${allocs === 1 ? '' : 's'} per CPU`,
      best ? num(best.states) : '-',
      best ? best.seconds.toFixed(1) : '-',
      best ? num(best.statesPerSecond) : '-',
      best ? best.bytesPerState.toFixed(1) : '-',
      par ? par.seconds.toFixed(1) : '-',
      par ? num(par.statesPerSecond) : '-',
      reduced ? num(reduced.states) : '-',
      reduced ? reduced.seconds.toFixed(1) : '-',
    ]);
  }
const scalingTable = scaling.length
  ? `\n\nLargest configuration finishing in 60 s (more allocation calls per CPU on the default configuration, full search), the same search over 2 worker threads, and with symmetry and partial-order reduction (where the model has symmetry there):\n\n\`\`\`\n${benchTable(['model', 'configuration', 'states', 'seconds', 'states/s', 'bytes/state', '2 workers: s', '2 workers: states/s', 'reduced: states', 'reduced: s'], scaling, [2, 3, 4, 5, 6, 7, 8, 9])}\n\`\`\``
  : '';

const symmetryNote = noSymmetry.length
  ? `\n\nNo symmetry row where the model does not reduce by symmetry (drain_all_pages, which walks the CPUs in order, can run there): ${noSymmetry.join(', ')}.`
  : '';
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
// A quick run has its own section, so that it does not replace the full run's rows of every configuration.
const marker = quick ? 'exhaustive-quick' : 'exhaustive';
const heading = quick ? 'Exhaustive search, quick run' : 'Exhaustive search';
const scope = quick ? 'A quick run (`npm run bench -- --quick`): each model\'s default configuration only, and no scaling search; the full run over every configuration is the previous section. ' : '';
const section = `<!-- ${marker}:start -->\n${scope}Machine: ${machine}. "cold s" is the first search of a fresh process, compilation of the hot code included, as one run of pagecheck check sees it; the other figures of a search shorter than 2 s are the median of five runs in that process after three warm-up runs (steady state), those of a longer search its first run; worker threads are started before the search is timed. This machine's speed varies over a day: the same 4.6-million-state buddy search took from 13 to 25 s in one session, so compare rows of one run, not across runs. Searches: full; coverage (the full search counting its coverage, src/coverage, as pagecheck check does unless --workers is given: the cost of the counters); symmetry (--symmetry); por (--por, the partial-order reduction: it runs single-threaded, and each step it may take alone runs twice, once with its reads and writes recorded, so it saves states and memory rather than time); both; and the full search over 2 worker threads.\n\n\`\`\`\n${table}\n\`\`\`${symmetryNote}${coverageCost}${scalingTable}\n<!-- ${marker}:end -->`;
const path = 'BENCHMARKS.md';
const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
const next = text.includes(`<!-- ${marker}:start -->`)
  ? text.replace(new RegExp(`<!-- ${marker}:start -->[\\s\\S]*<!-- ${marker}:end -->`), () => section)
  : `${text.trimEnd()}\n\n## ${heading}\n\n${section}\n`;
writeFileSync(path, next);
console.log(table);
console.log(`\nwritten to ${path} (${machine})`);

if (!exhaustiveOnly) {
  // Start-up of the command, compiled and from the sources: its own section.
  console.log(await (await import('./startup.ts')).run([]));
  // Time to bug for every mutant (randomized exploration against BFS): its own section of BENCHMARKS.md.
  await (await import('./time-to-bug.ts')).run(process.argv.slice(2));
  // How time to bug falls with the number of shard processes: its own section.
  console.log(await (await import('./shards.ts')).run(process.argv.slice(2)));
  // The seeds' scenarios end to end, before and after: their own section.
  console.log((await import('./seed-scenarios.ts')).writeSection(8));
}
