/**
 * Start-up of the `pagecheck` command: `--help`, `list` and a 71-state check, run as a user runs
 * them (`node bin/pagecheck.js ...`, the compiled CLI), against the same commands run from the
 * TypeScript sources through tsx (`PAGECHECK_SOURCES=1`, what every run cost before the CLI was
 * compiled), with its transpile cache warm and empty. `node -e 0` is the floor. Writes its
 * section of BENCHMARKS.md.
 *
 * Run: `node bin/run-ts.js bench/startup.ts [--runs N]` (part of `npm run bench`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from '../scripts/build.mjs';
import { benchTable, median } from './table.ts';

const COMMANDS: readonly (readonly string[])[] = [['--help'], ['list'], ['check', '--model', 'buddy', '--config', 'section-edge']];
/** The targets the compiled CLI is held to on this machine (seconds, median). */
const TARGET: Readonly<Record<string, number>> = { '--help': 0.3, list: 0.3, check: 0.5 };

function once(args: readonly string[], env: NodeJS.ProcessEnv = {}): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return s;
}


/** Median of `runs` runs after one warm-up run. */
function timed(args: readonly string[], runs: number, env: NodeJS.ProcessEnv = {}): number {
  once(args, env);
  return median(Array.from({ length: runs }, () => once(args, env)));
}

/** Measures every command; returns the section's table. */
export async function run(argv: readonly string[]): Promise<string> {
  const i = argv.indexOf('--runs');
  const runs = i >= 0 ? Number(argv[i + 1]) : 7;
  const floor = timed(['-e', '0'], runs);
  const rows: string[][] = [];
  for (const cmd of COMMANDS) {
    const args = ['bin/pagecheck.js', ...cmd];
    // The first run after a build: nothing of pagecheck's is cached anywhere but the OS's file cache.
    await build();
    const first = once(args);
    const compiled = timed(args, runs);
    const sources = timed(args, runs, { PAGECHECK_SOURCES: '1' });
    // tsx keeps its transpiled files under the temporary directory: an empty one is its first run.
    const empty = mkdtempSync(join(tmpdir(), 'pagecheck-bench-'));
    const sourcesCold = once(args, { PAGECHECK_SOURCES: '1', TMPDIR: empty });
    rmSync(empty, { recursive: true, force: true });
    const target = TARGET[cmd[0]];
    rows.push([
      `pagecheck ${cmd.join(' ')}`,
      first.toFixed(2),
      compiled.toFixed(2),
      `${target.toFixed(1)} (${compiled <= target ? 'met' : 'missed'})`,
      sources.toFixed(2),
      sourcesCold.toFixed(2),
    ]);
    console.error(rows.at(-1)!.join("  "));
  }
  const table = benchTable(['command', 'compiled: first run', 'compiled: median', 'target', 'sources: median', 'sources: empty cache'], rows, [1, 2, 4, 5]);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
  const section = `<!-- startup:begin -->\n## Start-up of the command\n\nMeasured by \`node bin/run-ts.js bench/startup.ts\` (part of \`npm run bench\`) on ${machine}: wall-clock seconds of one whole process, the median of ${runs} runs after a warm-up run; \`node -e 0\` takes ${floor.toFixed(2)} s here. "compiled" is the \`pagecheck\` command as installed (dist/, built by \`npm ci\`); "first run" the first process after a build. "sources" runs the TypeScript sources through tsx (\`PAGECHECK_SOURCES=1\`), as every run did before the command was compiled; "empty cache" with tsx's transpile cache empty.\n\n\`\`\`\n${table}\n\`\`\`\n<!-- startup:end -->`;
  const path = 'BENCHMARKS.md';
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  writeFileSync(path, text.includes('<!-- startup:begin -->') ? text.replace(/<!-- startup:begin -->[\s\S]*<!-- startup:end -->/, section) : `${text.trimEnd()}\n\n${section}\n`);
  return table;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolvePath(process.argv[1])).href) console.log(await run(process.argv.slice(2)));
