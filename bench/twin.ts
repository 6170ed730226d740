/**
 * The SPIN twin of the buddy model (../shared/anchors/spin/twin-buddy.pml): finds spin and gcc,
 * builds the twin's verifier (pan) for one configuration in a temporary directory, runs it and
 * reads its figures. Used by the side-by-side benchmark (bench/spin.ts) and by the test that
 * both tools count the same states (test/models/twin.test.ts).
 *
 * Build, as the twin's README says: `spin -o1 -DCFG_<NAME> [-DALLOCS=n] [-DDEADRESET] -a
 * twin-buddy.pml`, `gcc -O2 -DSAFETY -DNOREDUCE [-DCOLLAPSE] -o pan pan.c`, `./pan -m10000 -w23`.
 * Nothing generated is written into the checkout.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The twin's source, beside the checkout. */
export const TWIN_SOURCE = resolve(import.meta.dirname, '../../shared/anchors/spin/twin-buddy.pml');

/** The buddy configurations the twin knows, by pagecheck's name, and the macro that selects each. */
export const TWIN_CONFIGS: Readonly<Record<string, string>> = {
  'section-edge': 'CFG_SECTION_EDGE',
  'spec-tails': 'CFG_SPEC_TAILS',
  default: 'CFG_DEFAULT',
  vmemmap: 'CFG_VMEMMAP',
  churn: 'CFG_CHURN',
};

/** What a twin build needs, or why it cannot be built here (spin, gcc or the source missing). */
export function twinUnavailable(): string | null {
  const missing = ['spin', 'gcc'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (missing.length) return `${missing.join(' and ')} not installed (apt-get install -y ${missing.join(' ')})`;
  if (!existsSync(TWIN_SOURCE)) return `the twin ${TWIN_SOURCE} is missing`;
  return null;
}

/** One build of the twin. */
export interface TwinBuild {
  /** pagecheck's configuration name. */
  readonly config: string;
  readonly allocs?: number;
  /** -DDEADRESET: the registers no later step reads are cleared at each step. */
  readonly deadReset?: boolean;
  /** -DCOLLAPSE: SPIN's lossless state compression. */
  readonly collapse?: boolean;
  /** The built verifier. */
  readonly pan: string;
  /** The temporary directory holding it (remove with {@link disposeTwin}). */
  readonly dir: string;
}

/** The figures of one pan run. */
export interface PanRun {
  readonly states: number;
  /** pan's transitions minus one: pan counts reaching the initial state as a transition, pagecheck does not. */
  readonly transitions: number;
  readonly errors: number;
  /** pan's own elapsed time of the search (its start-up and the hash table's allocation excluded). */
  readonly seconds: number;
  /** Wall time of the whole process. */
  readonly wallSeconds: number;
  /** Peak resident set size in MB, when /usr/bin/time is there to measure it; else null. */
  readonly peakRssMB: number | null;
}

function run(cmd: string, args: readonly string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr || r.stdout).slice(-2000)}`);
  return r.stdout;
}

/**
 * Builds pan for one configuration in a fresh temporary directory (`optimize: false` compiles
 * with -O0, a tenth of the compile time, for tests that only count states).
 */
export function buildTwin(opts: { config: string; allocs?: number; deadReset?: boolean; collapse?: boolean; optimize?: boolean }): TwinBuild {
  const macro = TWIN_CONFIGS[opts.config];
  if (!macro) throw new Error(`the twin has no configuration ${opts.config} (it has ${Object.keys(TWIN_CONFIGS).join(', ')})`);
  const dir = mkdtempSync(join(tmpdir(), 'pagecheck-twin-'));
  copyFileSync(TWIN_SOURCE, join(dir, 'twin-buddy.pml'));
  const defs = [`-D${macro}`, ...(opts.allocs !== undefined ? [`-DALLOCS=${opts.allocs}`] : []), ...(opts.deadReset ? ['-DDEADRESET'] : [])];
  run('spin', ['-o1', ...defs, '-a', 'twin-buddy.pml'], dir);
  run('gcc', [opts.optimize === false ? '-O0' : '-O2', '-DSAFETY', '-DNOREDUCE', ...(opts.collapse ? ['-DCOLLAPSE'] : []), '-o', 'pan', 'pan.c'], dir);
  return { ...opts, pan: join(dir, 'pan'), dir };
}

/** Removes a build's temporary directory. */
export function disposeTwin(b: TwinBuild): void {
  rmSync(b.dir, { recursive: true, force: true });
}

const TIME = '/usr/bin/time';

/** Runs a built pan once (`./pan -m10000 -w23`) and reads its figures. */
export function runPan(b: TwinBuild): PanRun {
  const timed = existsSync(TIME);
  const args = ['-m10000', '-w23'];
  const t0 = performance.now();
  const r = timed
    ? spawnSync(TIME, ['-f', 'PEAKRSSKB %M', b.pan, ...args], { cwd: b.dir, encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(b.pan, args, { cwd: b.dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallSeconds = (performance.now() - t0) / 1000;
  if (r.error) throw r.error;
  const out = r.stdout;
  const num = (re: RegExp): number => {
    const m = re.exec(out);
    if (!m) throw new Error(`pan's output has no ${re.source}:\n${out.slice(0, 2000)}`);
    return Number(m[1]);
  };
  const rss = timed ? /PEAKRSSKB (\d+)/.exec(r.stderr) : null;
  return {
    states: num(/(\d+) states, stored/),
    transitions: num(/(\d+) transitions \(= stored\+matched\)/) - 1,
    errors: num(/errors: (\d+)/),
    seconds: num(/pan: elapsed time ([\d.e+-]+) seconds/),
    wallSeconds,
    peakRssMB: rss ? Math.round(Number(rss[1]) / 1024) : null,
  };
}
