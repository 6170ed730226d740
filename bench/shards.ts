/**
 * How time to bug falls with the number of shards: one swarm campaign (many seeds of one
 * strategy, few runs each, so that a single search often misses the bug) run as 1, 2 and 4
 * shard processes at once on this machine, as GNU parallel or a job array would run them. Time
 * to bug is from the start of the first process to the first failure printed by any shard (the
 * shards run with --no-shrink, so a failure is printed when its run ends); "all done" is when the
 * last shard exits. Each setting is measured `REPEATS` times, alternating, and the median kept.
 * Writes its section of BENCHMARKS.md.
 *   node bin/run-ts.js bench/shards.ts [--quick]
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { benchTable } from './table.ts';

/** The campaigns: mutants a single random search of a few runs finds only sometimes. */
const CAMPAIGNS = [
  { model: 'buddy', variant: 'pagehead-after-put', runs: 1 },
  { model: 'pcp', variant: 'pagehead-after-put', runs: 1 },
  { model: 'pcp-buddy', variant: 'pagehead-after-put', runs: 1 },
] as const;
const SEEDS = 24;
const SHARDS = [1, 2, 4] as const;

/** One sharded run of a campaign: seconds to the first failure (null: none found) and until every shard exited. */
async function once(c: (typeof CAMPAIGNS)[number], n: number): Promise<{ bug: number | null; all: number }> {
  const t0 = performance.now();
  let bug: number | null = null;
  const args = ['fuzz', '--model', c.model, '--variant', c.variant, '--strategy', 'random', '--seed', '1', '--seeds', String(SEEDS), '--runs', String(c.runs), '--no-shrink'];
  await Promise.all(
    Array.from({ length: n }, (_, k) =>
      new Promise<void>((done, fail) => {
        const p = spawn(process.execPath, ['bin/pagecheck.js', ...args, '--shard', `${k + 1}/${n}`], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        p.stderr.setEncoding('utf8');
        p.stderr.on('data', (d: string) => {
          err += d;
          if (bug === null && /: (violation|deadlock)\b/.test(err)) bug = (performance.now() - t0) / 1000;
        });
        p.on('error', fail);
        p.on('exit', (code) => (code === 0 || code === 1 ? done() : fail(new Error(`shard ${k + 1}/${n} exited ${code}: ${err}`))));
      }),
    ),
  );
  return { bug, all: (performance.now() - t0) / 1000 };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

/** Measures every campaign at every shard count; returns the section text. */
export async function run(argv: readonly string[]): Promise<string> {
  const repeats = argv.includes('--quick') ? 1 : 3;
  const rows: string[][] = [];
  for (const c of CAMPAIGNS) {
    const got = new Map<number, { bug: (number | null)[]; all: number[] }>(SHARDS.map((n) => [n, { bug: [], all: [] }]));
    for (let r = 0; r < repeats; r++)
      for (const n of SHARDS) {
        const x = await once(c, n);
        got.get(n)!.bug.push(x.bug);
        got.get(n)!.all.push(x.all);
        console.error(`${c.model}/${c.variant} with ${n} shard${n === 1 ? '' : 's'}: bug at ${x.bug?.toFixed(2) ?? 'none'} s, all done at ${x.all.toFixed(2)} s`);
      }
    const base = median(got.get(1)!.bug.filter((b): b is number => b !== null));
    for (const n of SHARDS) {
      const g = got.get(n)!;
      const found = g.bug.filter((b): b is number => b !== null);
      const bug = median(found);
      rows.push([
        `${c.model}/${c.variant}`,
        String(n),
        `${found.length}/${g.bug.length}`,
        found.length ? bug.toFixed(2) : '-',
        found.length && Number.isFinite(base) ? `${(base / bug).toFixed(2)}x` : '-',
        median(g.all).toFixed(2),
      ]);
    }
  }
  const table = benchTable(['campaign', 'shards', 'found', 'time to bug s', 'speed-up', 'all done s'], rows, [1, 3, 4, 5]);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
  const section = [
    '<!-- shards:begin -->',
    `Measured by \`node bin/run-ts.js bench/shards.ts\` (part of \`npm run bench\`) on ${machine}; median of ${repeats} run${repeats === 1 ? '' : 's'} per row.`,
    '',
    `Each campaign is \`pagecheck fuzz --strategy random --seed 1 --seeds ${SEEDS} --runs R --no-shrink\` (R as the name gives: few runs per search, so that one search often misses the bug), run as N shard processes at once (\`--shard K/N\`, as GNU parallel or a job array runs them). "time to bug" is from the start of the first process to the first failure any shard prints (process start-up included); "all done" is when the last shard exits; "speed-up" is the 1-shard time to bug over this row's. This machine has ${cpus().length} cores, so 4 shards share them.`,
    '',
    '```',
    table,
    '```',
    '<!-- shards:end -->',
  ].join('\n');
  const path = 'BENCHMARKS.md';
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  writeFileSync(
    path,
    text.includes('<!-- shards:begin -->')
      ? text.replace(/<!-- shards:begin -->[\s\S]*<!-- shards:end -->/, section)
      : `${text.trimEnd()}\n\n## Time to bug with shards\n\n${section}\n`,
  );
  return table;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bench/shards.ts')) console.log(await run(process.argv.slice(2)));
