/**
 * Time to bug: for every mutant of every model, how many runs and seconds uniform random and PCT
 * campaigns take to the first failure, against exhaustive breadth-first search; and the length of
 * the shrunk counterexample next to BFS's shortest one.
 *
 * Two configurations per mutant: the one its exhaustive check uses (where BFS finishes and its
 * shortest counterexample is known), and the model's default fuzz configuration (where BFS is
 * given a state bound). Each campaign runs with the default budget (FUZZ_DEFAULTS.runs) from
 * several seeds; the table gives the median over the seeds that found the bug and how many did.
 *
 * Run: `npm run bench` (after the exhaustive benchmark) or `node bin/run-ts.js bench/time-to-bug.ts [--seeds N | --quick]`.
 * Writes its section of BENCHMARKS.md and .bench-out/time-to-bug.json.
 *
 * `--defaults [--before FILE]`: the other table, what `pagecheck fuzz --model M --variant V
 * --strategy S --seed 1` does with nothing else given (the variant's fuzz configuration, else the
 * model's, the default budget and PCT settings), for every mutant a property or the deadlock check
 * catches and every strategy: caught or missed, and the run and the steps (over all runs, the
 * failing one included) to the first failure. In runs and steps, not seconds, so that it compares
 * across a loaded machine; `--seeds N` adds seeds 2..N to the totals. Sequential, one campaign at a time; writes
 * .bench-out/time-to-bug-defaults.json and its own section of BENCHMARKS.md, with a FILE of an
 * earlier such run (its JSON) as the "before" columns (`--before-label TEXT` says what it was).
 */
import { cpus } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { check } from '../src/check.ts';
import { FUZZ_DEFAULTS } from '../src/fuzz/fuzz.ts';
import { fuzzModel } from '../src/fuzz/model.ts';
import { FUZZ_STRATEGIES, type FuzzStrategy } from '../src/fuzz/strategy.ts';
import { formatTable } from '../src/report/text.ts';
import { MODELS } from '../models/registry.ts';
import type { ModelDef, Variant } from '../models/types.ts';

/** State bound of BFS at the large configuration. */
const BFS_LARGE_MAX_STATES = 100_000;
const STRATEGIES: readonly FuzzStrategy[] = ['random', 'pct'];

interface CampaignFigures {
  /** Seeds (of those tried) whose campaign found the bug within the budget. */
  readonly found: number;
  readonly seeds: number;
  /** Medians over the seeds that found it: runs to the first failure (inclusive) and seconds. */
  readonly runs: number | null;
  readonly seconds: number | null;
  /** Median shrunk length and context switches, and the property that fired. */
  readonly shrunk: number | null;
  readonly switches: number | null;
  readonly resized: number;
  readonly caughtBy: string[];
}

interface BfsFigures {
  readonly status: string;
  readonly states: number;
  readonly seconds: number;
  readonly shortest: number | null;
}

interface Row {
  readonly model: string;
  readonly mutant: string;
  readonly expect: string;
  readonly config: string;
  readonly bfs: BfsFigures;
  readonly campaigns: Record<string, CampaignFigures>;
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function campaign(model: ModelDef, v: Variant, config: string, strategy: FuzzStrategy, seeds: number): CampaignFigures {
  const runs: number[] = [];
  const seconds: number[] = [];
  const shrunk: number[] = [];
  const switches: number[] = [];
  const caughtBy = new Set<string>();
  let resized = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const { result } = fuzzModel({ model: model.name, variant: v.name, config }, { strategy, seed, runs: FUZZ_DEFAULTS.runs });
    if (result.status !== 'failure') continue;
    const f = result.failure;
    runs.push(f.run);
    seconds.push(result.stats.seconds);
    shrunk.push(f.shrunk.length);
    switches.push(f.shrunk.contextSwitches);
    if (f.resized) resized++;
    caughtBy.add(f.failure.kind === 'violation' ? f.failure.finding.code : 'deadlock');
  }
  return { found: runs.length, seeds, runs: median(runs), seconds: median(seconds), shrunk: median(shrunk), switches: median(switches), resized, caughtBy: [...caughtBy] };
}

function bfs(model: ModelDef, v: Variant, config: string, maxStates?: number): BfsFigures {
  const { result } = check({ model: model.name, variant: v.name, config }, { strategy: 'bfs', maxStates });
  const shortest = result.status === 'violation' || result.status === 'deadlock' ? result.trace.length : null;
  const status = result.status === 'bound' ? `bound (${result.bound})` : result.status;
  return { status, states: result.states, seconds: result.seconds, shortest };
}

/** Measures every mutant; `seeds` campaigns per strategy and configuration. */
export function measure(seeds: number, log: (s: string) => void = () => {}): Row[] {
  const rows: Row[] = [];
  for (const model of MODELS) {
    const large = model.defaultFuzzConfig;
    // A divergence mutant keeps every property and is caught by `validate` against the variant
    // it changes, not by any search of its own states: it has no time to bug here.
    for (const v of model.variants.filter((x) => x.kind === 'mutant' && x.expect !== 'divergence')) {
      const configs = [v.config ?? model.defaultConfig, ...(large ? [large] : [])];
      for (const config of configs) {
        log(`  ${model.name}/${v.name} @ ${config}`);
        const campaigns: Record<string, CampaignFigures> = {};
        for (const s of STRATEGIES) campaigns[s] = campaign(model, v, config, s, seeds);
        const exhaustive = config !== large;
        rows.push({ model: model.name, mutant: v.name, expect: v.expect ?? '', config, bfs: bfs(model, v, config, exhaustive ? undefined : BFS_LARGE_MAX_STATES), campaigns });
      }
    }
  }
  return rows;
}

const n = (x: number | null, digits = 0) => (x === null ? '—' : x.toFixed(digits));

/** The Markdown table of the rows. */
export function table(rows: readonly Row[]): string {
  const header = ['mutant', 'config', 'random: found', 'runs', 's', 'PCT: found', 'runs', 's', 'BFS states', 'BFS s', 'BFS shortest', 'shrunk (random)', 'context switches'];
  const body = rows.map((r) => {
    const rnd = r.campaigns.random;
    const pct = r.campaigns.pct;
    const shortest = r.bfs.shortest === null ? r.bfs.status : String(r.bfs.shortest);
    const shrunk = rnd.shrunk === null ? '—' : `${n(rnd.shrunk)}${rnd.resized ? '*' : ''}`;
    return [
      `${r.model}/${r.mutant}`,
      r.config,
      `${rnd.found}/${rnd.seeds}`,
      n(rnd.runs),
      n(rnd.seconds, 2),
      `${pct.found}/${pct.seeds}`,
      n(pct.runs),
      n(pct.seconds, 2),
      r.bfs.states.toLocaleString('en-US'),
      r.bfs.seconds.toFixed(2),
      shortest,
      shrunk,
      n(rnd.switches),
    ];
  });
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}

const BEGIN = '<!-- time-to-bug:begin -->';
const END = '<!-- time-to-bug:end -->';

/** Replaces (or appends) this benchmark's section of BENCHMARKS.md. */
function writeSection(file: string, section: string, begin = BEGIN, end = END): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const block = `${begin}\n${section}\n${end}`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  const out = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, out);
}

/** One default campaign: `fuzz --model M --variant V --strategy S --seed 1`, unshrunk. */
export interface DefaultCampaign {
  readonly caught: boolean;
  /** The failing run (1-based) and the steps of all runs up to it; the whole campaign's steps when missed. */
  readonly run: number | null;
  readonly steps: number;
  readonly runs: number;
  readonly property: string | null;
}

/** A mutant's default campaigns, one per strategy. */
export interface DefaultRow {
  readonly model: string;
  readonly mutant: string;
  readonly expect: string;
  readonly config: string;
  readonly campaigns: Record<string, DefaultCampaign>;
}

/**
 * Every non-divergence mutant of every model under every strategy, each with the CLI's defaults
 * and seed `seed`, one after the other. Shrinking is off: it does not change when the bug is found.
 */
export function measureDefaults(seed = 1, log: (s: string) => void = () => {}): DefaultRow[] {
  const rows: DefaultRow[] = [];
  for (const model of MODELS) {
    for (const v of model.variants.filter((x) => x.kind === 'mutant' && x.expect !== 'divergence')) {
      const campaigns: Record<string, DefaultCampaign> = {};
      let config = '';
      for (const strategy of FUZZ_STRATEGIES) {
        const out = fuzzModel({ model: model.name, variant: v.name }, { strategy, seed, shrink: false });
        config = out.configSpec;
        const r = out.result;
        const f = r.status === 'failure' ? r.failure : null;
        campaigns[strategy] = {
          caught: f !== null,
          run: f ? f.run : null,
          steps: r.stats.steps,
          runs: r.stats.runs,
          property: f ? (f.failure.kind === 'violation' ? f.failure.finding.code : 'deadlock') : null,
        };
        log(`  ${model.name}/${v.name} @ ${config} ${strategy}: ${f ? `caught at run ${f.run}, ${r.stats.steps} steps (${campaigns[strategy].property})` : `missed (${r.stats.runs} runs, ${r.stats.steps} steps)`}`);
      }
      rows.push({ model: model.name, mutant: v.name, expect: v.expect ?? '', config, campaigns });
    }
  }
  return rows;
}

/** `run/steps`, or `missed`. */
const cell = (c: DefaultCampaign | undefined) => (c === undefined ? '' : c.caught ? `${c.run} / ${c.steps.toLocaleString('en-US')}` : 'missed');

/** The Markdown table of the default campaigns, with an earlier measurement's as "before" columns. */
export function defaultsTable(rows: readonly DefaultRow[], before?: readonly DefaultRow[]): string {
  const strategies = FUZZ_STRATEGIES;
  const header = ['mutant', 'expect', 'config', ...strategies.flatMap((s) => (before ? [`${s} before`, `${s} after`] : [s]))];
  const old = new Map((before ?? []).map((r) => [`${r.model}/${r.mutant}`, r]));
  const body = rows.map((r) => [
    `${r.model}/${r.mutant}`,
    r.expect,
    r.config,
    ...strategies.flatMap((s) => (before ? [cell(old.get(`${r.model}/${r.mutant}`)?.campaigns[s]), cell(r.campaigns[s])] : [cell(r.campaigns[s])])),
  ]);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}

/** Caught mutants per strategy: `random 76/76, pct 70/76, ...`. */
export function defaultsTotals(rows: readonly DefaultRow[]): string {
  return FUZZ_STRATEGIES.map((s) => {
    const caught = rows.filter((r) => r.campaigns[s]?.caught);
    const steps = caught.reduce((a, r) => a + r.campaigns[s].steps, 0);
    return `${s} ${caught.length}/${rows.length} (${steps.toLocaleString('en-US')} steps to the bugs caught)`;
  }).join(', ');
}

const DEFAULTS_BEGIN = '<!-- time-to-bug-defaults:begin -->';
const DEFAULTS_END = '<!-- time-to-bug-defaults:end -->';

async function runDefaults(argv: readonly string[]): Promise<void> {
  const b = argv.indexOf('--before');
  const beforeFile = b >= 0 ? argv[b + 1] : undefined;
  const before = beforeFile ? (JSON.parse(readFileSync(beforeFile, 'utf8')) as { rows: DefaultRow[] }).rows : undefined;
  const l = argv.indexOf('--before-label');
  const beforeLabel = l >= 0 ? argv[l + 1] : undefined;
  console.error(`time to bug with the defaults: every mutant, strategies ${FUZZ_STRATEGIES.join(', ')}, seed 1, budget ${FUZZ_DEFAULTS.runs} runs of at most ${FUZZ_DEFAULTS.steps} steps`);
  const rows = measureDefaults(1, (s) => console.error(s));
  // --seeds N: seeds 2..N too, for how often each strategy catches each mutant (totals only).
  const si = argv.indexOf('--seeds');
  const seeds = si >= 0 ? Number(argv[si + 1]) : 1;
  if (!Number.isInteger(seeds) || seeds < 1) throw new Error(`--seeds must be a positive integer, got '${argv[si + 1]}'`);
  const more = Array.from({ length: seeds - 1 }, (_, i) => measureDefaults(i + 2, (s) => console.error(`seed ${i + 2}: ${s.trim()}`)));
  const machine = `${cpus().length}-core ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`;
  const md = defaultsTable(rows, before);
  const all = [rows, ...more];
  const overSeeds =
    seeds > 1
      ? ` Over seeds 1..${seeds} (campaigns that caught the mutant, of mutants × seeds): ` +
        FUZZ_STRATEGIES.map((st) => `${st} ${all.reduce((a, rs) => a + rs.filter((r) => r.campaigns[st]?.caught).length, 0)}/${rows.length * seeds}`).join(', ') +
        '; missed: ' +
        (FUZZ_STRATEGIES.flatMap((st) => all.flatMap((rs, i) => rs.filter((r) => !r.campaigns[st]?.caught).map((r) => `${st} ${r.model}/${r.mutant} (seed ${i + 1})`))).join(', ') || 'none') +
        '.'
      : '';
  const totals = `Caught with the defaults: ${defaultsTotals(rows)}.` + (before ? ` Before: ${defaultsTotals(before)}.` : '') + overSeeds;
  const section = [
    '## Time to bug with the defaults, per strategy',
    '',
    `Measured by \`node bin/run-ts.js bench/time-to-bug.ts --defaults${before ? ' --before <earlier json>' : ''}\` on ${new Date().toISOString().slice(0, 10)}, ${machine}.`,
    '',
    'Every mutant that a property or the deadlock check catches, fuzzed as `pagecheck fuzz --model M --variant V --strategy S --seed 1`',
    `with nothing else given: the variant's fuzz configuration, else the model's (\`large\`), ${FUZZ_DEFAULTS.runs} runs of at most ${FUZZ_DEFAULTS.steps} steps, PCT's default depth and`,
    'change points. A cell is the failing run / the steps executed by all runs up to and including it, or "missed" within the budget.',
    ...(before ? ['', `"before": ${beforeLabel ?? 'the earlier measurement given'}; "after": this tree.`] : []),
    '',
    md,
    '',
    totals,
  ].join('\n');
  console.log(md);
  console.log(totals);
  mkdirSync('.bench-out', { recursive: true });
  writeFileSync('.bench-out/time-to-bug-defaults.json', JSON.stringify({ machine, rows, ...(seeds > 1 ? { seeds: all } : {}) }, null, 2) + '\n');
  writeSection('BENCHMARKS.md', section, DEFAULTS_BEGIN, DEFAULTS_END);
  console.error('wrote BENCHMARKS.md (time-to-bug-defaults section) and .bench-out/time-to-bug-defaults.json');
}

/** Runs the benchmark and writes its results. */
export async function run(argv: readonly string[] = []): Promise<void> {
  if (argv.includes('--defaults')) return runDefaults(argv);
  const i = argv.indexOf('--seeds');
  const seeds = i >= 0 ? Number(argv[i + 1]) : argv.includes('--quick') ? 1 : 5;
  if (!Number.isInteger(seeds) || seeds < 1) throw new Error(`--seeds must be a positive integer, got '${argv[i + 1]}'`);
  const t0 = performance.now();
  console.error(`time to bug: ${seeds} seeds per strategy and configuration, budget ${FUZZ_DEFAULTS.runs} runs of at most ${FUZZ_DEFAULTS.steps} steps`);
  const rows = measure(seeds, (s) => console.error(s));
  const seconds = (performance.now() - t0) / 1000;
  const machine = `${cpus().length}-core ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`;
  const md = table(rows);
  // The issue's two criteria, at the configuration where BFS's shortest counterexample is known.
  const exact = rows.filter((r) => r.bfs.shortest !== null && r.config !== MODELS.find((m) => m.name === r.model)?.defaultFuzzConfig);
  const found = rows.filter((r) => r.campaigns.random.found > 0 || r.campaigns.pct.found > 0);
  const short = exact.filter((r) => r.campaigns.random.shrunk !== null && r.campaigns.random.shrunk <= r.bfs.shortest! + 2);
  const verdict =
    `Found by random or PCT within the budget: ${found.length} of ${rows.length} rows. ` +
    `Shrunk counterexample no longer than BFS's shortest plus two steps: ${short.length} of ${exact.length} mutants at their exhaustive configuration.`;
  const section = [
    '## Time to bug: randomized exploration against exhaustive search',
    '',
    `Measured by \`node bin/run-ts.js bench/time-to-bug.ts\` (part of \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}, ${machine}; ${seconds.toFixed(0)} s in all.`,
    '',
    `For every mutant, at the configuration its exhaustive check uses and at the model's large fuzz configuration: how many of ${seeds} seeds`,
    `found the bug within the default budget (${FUZZ_DEFAULTS.runs} runs of at most ${FUZZ_DEFAULTS.steps} steps), and over those, the median run of the first failure`,
    'and the median seconds of the campaign up to it (PCT includes its calibration runs). BFS is exhaustive breadth-first search',
    `(bounded at ${BFS_LARGE_MAX_STATES.toLocaleString('en-US')} states at the large configuration); its counterexample is a shortest one. "shrunk" is the median length`,
    'of the random campaigns\' counterexample after the three-phase shrinking (\\* when shrinking also moved it to a smaller configuration,',
    'fewer CPUs, calls or sections, where it can be shorter than BFS\'s shortest at the original one), with its median context switches.',
    '',
    md,
    '',
    verdict,
  ].join('\n');
  console.log(md);
  console.log(verdict);
  mkdirSync('.bench-out', { recursive: true });
  writeFileSync('.bench-out/time-to-bug.json', JSON.stringify({ seeds, seconds, machine, rows }, null, 2) + '\n');
  writeSection('BENCHMARKS.md', section);
  console.error(`wrote BENCHMARKS.md (time-to-bug section) and .bench-out/time-to-bug.json in ${seconds.toFixed(1)} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolvePath(process.argv[1])).href) await run(process.argv.slice(2));
