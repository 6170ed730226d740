/**
 * `npm run bench -- --spin`: pagecheck against SPIN on identical work. The SPIN twin of the
 * buddy model (bench/twin.ts) has pagecheck's state space, state for state, so pan and
 * `pagecheck check --model buddy` are run on the same configurations, in alternation (pan,
 * pagecheck, pan, ...), at least three times each, every run in a fresh process. Printed per
 * configuration: states, transitions, seconds, states/s and peak RSS of each tool (medians, with
 * the range of seconds), and pagecheck's states/s over pan's. Written into BENCHMARKS.md between
 * its spin markers, with the machine and its load.
 *
 * Rows: the full search of each configuration (pan `-DSAFETY -DNOREDUCE`, as the twin's README
 * builds it); at `default --allocs 2` also pan with `-DCOLLAPSE` (SPIN's best exact compression), and
 * pan with `-DDEADRESET` (the twin's dead-register reset) against `check --live-registers`, the
 * full search over 2 worker threads, and pagecheck's best sound reductions (`--symmetry
 * --live-registers`) against pan -DCOLLAPSE: a row of different state counts by design, whose
 * ratio is of time to the verdict, not of states/s.
 * When spin or gcc is missing it says so and measures nothing.
 *   node bin/run-ts.js bench/spin.ts [--runs N] [--quick]   (--quick: the small configurations only)
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { num } from '../src/report/text.ts';
import { benchTable, median, secondsRange as range } from './table.ts';
import { TWIN_CONFIGS, buildTwin, disposeTwin, runPan, twinUnavailable, type PanRun } from './twin.ts';

/** One pagecheck run, as bench/one.ts prints it. */
interface OneRun {
  states: number;
  transitions: number;
  seconds: number;
  coldSeconds: number;
  statesPerSecond: number;
  bytesPerState: number;
  peakRssMB: number;
}

/** A row: one configuration, one pan build, and the pagecheck search it is compared with. */
interface Case {
  readonly config: string;
  readonly allocs?: number;
  readonly collapse?: boolean;
  /** pan built with -DDEADRESET (the twin's dead-register reset), against pagecheck's --live-registers. */
  readonly deadReset?: boolean;
  /** Extra flags of bench/one.ts for the pagecheck side. */
  readonly flags?: readonly string[];
  /** What the row shows, beside the configuration. */
  readonly label: string;
  /** pagecheck explores fewer states than pan (a reduction pan lacks): the ratio is of seconds to the verdict. */
  readonly reduced?: boolean;
}

function pagecheck(c: Case): OneRun {
  const args = ['bin/run-ts.js', 'bench/one.ts', 'buddy', c.config, ...(c.allocs !== undefined ? [`allocs=${c.allocs}`] : []), ...(c.flags ?? [])];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop()!) as OneRun;
}


/** Measures the cases and returns the table (and writes BENCHMARKS.md), or the reason it measured nothing. */
export function run(argv: readonly string[]): string {
  const why = twinUnavailable();
  if (why) return `spin benchmark skipped: ${why}`;
  const runsAt = argv.indexOf('--runs');
  const runs = Math.max(3, runsAt >= 0 ? Number(argv[runsAt + 1]) || 3 : 3);
  const quick = argv.includes('--quick');
  const cases: Case[] = Object.keys(TWIN_CONFIGS).map((config) => ({ config, label: 'full' }));
  if (!quick)
    cases.push(
      { config: 'default', allocs: 2, label: 'full' },
      { config: 'default', allocs: 2, collapse: true, label: 'full, pan -DCOLLAPSE' },
      { config: 'default', allocs: 2, deadReset: true, flags: ['live'], label: 'dead registers cleared (pan -DDEADRESET, --live-registers)' },
      { config: 'default', allocs: 2, flags: ['workers=2'], label: 'full, pagecheck --workers 2' },
      { config: 'default', allocs: 2, collapse: true, flags: ['symmetry', 'live'], reduced: true, label: 'best exact: pan -DCOLLAPSE; pagecheck --symmetry --live-registers' },
    );
  const load0 = loadavg()[0];
  const rows: string[][] = [];
  // pan's exact builds (plain, -DCOLLAPSE) measured so far, per configuration: a reduced row is compared with the faster.
  const exact = new Map<string, { seconds: number; build: string }>();
  for (const c of cases) {
    const build = buildTwin({ config: c.config, allocs: c.allocs, collapse: c.collapse, deadReset: c.deadReset });
    const pans: PanRun[] = [];
    const ours: OneRun[] = [];
    try {
      for (let i = 0; i < runs; i++) {
        pans.push(runPan(build));
        ours.push(pagecheck(c));
      }
    } finally {
      disposeTwin(build);
    }
    const name = `${c.config}${c.allocs !== undefined ? ` --allocs ${c.allocs}` : ''}`;
    const pan = pans[0];
    const me = ours[0];
    if (pans.some((p) => p.errors !== 0)) throw new Error(`pan reports errors on ${name}`);
    const panS = median(pans.map((p) => p.seconds));
    const meS = median(ours.map((o) => o.seconds));
    const panRate = pan.states / panS;
    const meRate = me.states / meS;
    if (!c.deadReset) {
      const seen = exact.get(name);
      if (!seen || panS < seen.seconds) exact.set(name, { seconds: panS, build: c.collapse ? 'pan -DCOLLAPSE' : 'plain pan' });
    }
    const best = exact.get(name)!;
    console.error(`${name} (${c.label}): pan ${num(pan.states)} states ${range(pans.map((p) => p.seconds))} s; pagecheck ${num(me.states)} states ${range(ours.map((o) => o.seconds))} s`);
    rows.push(
      [name, c.label, 'pan', num(pan.states), num(pan.transitions), range(pans.map((p) => p.seconds)), panS > 0 ? num(Math.round(panRate)) : '-', pans[0].peakRssMB === null ? '-' : String(median(pans.map((p) => p.peakRssMB!))), ''],
      [
        '',
        '',
        'pagecheck',
        num(me.states),
        num(me.transitions),
        range(ours.map((o) => o.seconds)),
        num(Math.round(meRate)),
        String(median(ours.map((o) => o.peakRssMB))),
        // A search of a few milliseconds is below pan's clock (0.01 s): no ratio.
        panS < 0.05 ? `(pan ${panS.toFixed(2)} s)` : c.reduced ? `seconds ${(meS / best.seconds).toFixed(2)} of ${best.build}'s` : (meRate / panRate).toFixed(2),
      ],
    );
    if (!c.reduced && (me.states !== pan.states || me.transitions !== pan.transitions))
      rows.push(['', '', `counts differ: pagecheck ${me.states}/${me.transitions}, pan ${pan.states}/${pan.transitions}`, '', '', '', '', '', '']);
  }
  const load1 = loadavg()[0];
  const table = benchTable(['configuration', 'search', 'tool', 'states', 'transitions', 'seconds', 'states/s', 'peak RSS MB', 'pagecheck/pan (states/s)'], rows, [3, 4, 5, 6, 7, 8]);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${load0.toFixed(1)} at the start and ${load1.toFixed(1)} at the end`;
  const section = `<!-- spin:start -->\n## pagecheck against SPIN\n\nMeasured by \`npm run bench -- --spin\` (bench/spin.ts). Machine: ${machine}. The SPIN twin of the buddy model (../shared/anchors/spin/twin-buddy.pml) has pagecheck's state space state for state; pan is built as its README says (\`spin -o1\`, \`gcc -O2 -DSAFETY -DNOREDUCE\`, \`./pan -m10000 -w23\`, with its invariant monitor) and pagecheck runs \`check --model buddy\` (bench/one.ts: one fresh process per run, a search shorter than 2 s timed as the median of five after three warm-up runs). The tools run in alternation, ${runs} times each; seconds is the range over the runs (pan's own elapsed time, which excludes its start-up), states/s and peak RSS their median. pan counts reaching the initial state as a transition: one is taken off. The last column is pagecheck's states/s over pan's, except on the best-exact row, where pagecheck explores fewer states by design and it is pagecheck's seconds to the verdict over those of pan's faster exact build in this run (plain or -DCOLLAPSE, medians). On a shared machine compare the ratio, measured side by side, not seconds across runs.\n\n\`\`\`\n${table}\n\`\`\`\n<!-- spin:end -->`;
  const path = 'BENCHMARKS.md';
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  writeFileSync(path, text.includes('<!-- spin:start -->') ? text.replace(/<!-- spin:start -->[\s\S]*<!-- spin:end -->/, section) : `${text.trimEnd()}\n\n${section}\n`);
  return `${table}\n\nwritten to ${path} (${machine})`;
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) console.log(run(process.argv.slice(2)));
