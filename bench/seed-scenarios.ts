/**
 * The seeds' own measurements, replayed in the model end to end: seed 000's loop (alloc a block,
 * split_page, free_contig_range, repeated) and a loop of vmalloc-area frees (seed 001), on one
 * CPU, each variant of a pair from its own boot state, so that what one iteration leaves behind
 * (order-0 pages on the PCP, or a chunk on a high-order list) is what the next one meets. Prints
 * the lock work per iteration before and after, next to the time the seeds measured.
 * `pagecheck validate` compares the same operations from the same states instead (its cost table
 * does not carry one iteration's leftovers into the next).
 *
 * Run: `node bin/run-ts.js bench/seed-scenarios.ts [--iterations N]`; writes its section of
 * BENCHMARKS.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from '../src/check.ts';
import { runIsolated } from '../src/validate/differential.ts';
import { benchTable } from './table.ts';
import { COST, COST_LABELS, type CostName } from '../models/mm/kernel.ts';
import type { MmSystem } from '../models/mm/system.ts';

/** One scenario: a pair of variants, a configuration, the operations of one iteration, and what the seed measured. */
interface Scenario {
  readonly name: string;
  readonly before: string;
  readonly after: string;
  readonly config: string;
  /** Operation names of one iteration, each started on the first enabled arguments. */
  readonly iteration: readonly string[];
  /** Allocation budget needed per iteration. */
  readonly allocsPerIteration: number;
  readonly seed: string;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: "seed 000's loop, THP order",
    before: 'before',
    after: 'after',
    config: 'seed000-thp',
    iteration: ['alloc_pages', 'split_page', 'free_contig_range'],
    allocsPerIteration: 1,
    seed: 'seed 000: 100,000 iterations at order 9 (HPAGE_PMD_ORDER): 4.10 s before, 0.73 s after (5.6×)',
  },
  {
    name: "seed 000's loop, MAX_PAGE_ORDER",
    before: 'before',
    after: 'after',
    config: 'seed000-max',
    iteration: ['alloc_pages', 'split_page', 'free_contig_range'],
    allocsPerIteration: 1,
    seed: '(the seed measured order 9 only)',
  },
  {
    name: 'an array of 8 pages',
    before: 'bulk-before',
    after: 'bulk-after',
    config: 'bulk-seed004',
    iteration: ['alloc_pages_bulk'],
    allocsPerIteration: 0,
    seed: 'seed 004 (page_bench04_bulk): 158 cycles per page one at a time, 91 in bulks of 8 (1.7×)',
  },
  {
    name: 'vfree of a split high-order area',
    before: 'vfree-before',
    after: 'vfree-after',
    config: 'vfree-area',
    iteration: ['vfree'],
    allocsPerIteration: 0,
    seed: 'seed 001: test_vmalloc fix_size_alloc_test and others 53-118% faster',
  },
];

const COUNTERS: readonly CostName[] = ['zoneLock', 'pcpLock', 'pcpListAdds', 'merges'];

/** Runs `iterations` iterations of a scenario on one variant; returns the summed counters. */
function runScenario(sc: Scenario, variant: string, iterations: number): number[] {
  const r = resolve({ model: 'contig', variant, config: sc.config, overrides: sc.allocsPerIteration ? { allocsPerCpu: iterations * sc.allocsPerIteration } : {} });
  const sys = r.built.system as MmSystem;
  const totals = new Array<number>(sys.costCounters.length).fill(0);
  let s = sys.initial();
  const script = sc.allocsPerIteration ? Array.from({ length: iterations }, () => sc.iteration).flat() : sc.iteration;
  for (const op of script) {
    const tr = sys.startTransitions(s).find((t) => sys.operationName(t) === op);
    if (tr === undefined) throw new Error(`${sc.config}/${variant}: ${op} is not enabled`);
    const run = runIsolated(sys, s, tr, 10_000, false);
    if (run.outcome.kind !== 'returned') throw new Error(`${sc.config}/${variant}: ${op} did not return (${run.outcome.kind})`);
    run.cost.forEach((v, i) => (totals[i] += v));
    s = run.final;
  }
  return totals;
}

/** Runs every scenario; returns the table as text. */
export function run(iterations: number): string {
  const rows: string[][] = [];
  for (const sc of SCENARIOS) {
    // An area is freed once; seed 000's loop runs `iterations` times.
    const n = sc.allocsPerIteration ? iterations : 1;
    const b = runScenario(sc, sc.before, n);
    const a = runScenario(sc, sc.after, n);
    COUNTERS.forEach((c, j) => {
      const i = COST[c];
      rows.push([j ? '' : sc.name, j ? '' : `${sc.before} → ${sc.after} @ ${sc.config}`, COST_LABELS[c], (b[i] / n).toFixed(1), (a[i] / n).toFixed(1), a[i] ? `${(b[i] / a[i]).toFixed(1)}×` : b[i] ? 'all' : '—', j ? '' : sc.seed]);
    });
  }
  return benchTable(['scenario', 'variants', 'per iteration', 'before', 'after', 'before/after', 'the seed measured'], rows, [3, 4, 5]);
}

/** Measures and writes the section of BENCHMARKS.md; returns the table. */
export function writeSection(iterations: number): string {
  const table = run(iterations);
  const section = `<!-- seed-scenarios:begin -->\n## Seed scenarios: lock work per iteration, before and after\n\nMeasured by \`node bin/run-ts.js bench/seed-scenarios.ts\` (part of \`npm run bench\`): ${iterations} iterations of seed 000's loop on one CPU, one vfree. Each variant runs from its own boot state, so an iteration meets what the previous one left on the PCP lists.\n\n\`\`\`\n${table}\n\`\`\`\n<!-- seed-scenarios:end -->`;
  const path = 'BENCHMARKS.md';
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  writeFileSync(path, text.includes('<!-- seed-scenarios:begin -->') ? text.replace(/<!-- seed-scenarios:begin -->[\s\S]*<!-- seed-scenarios:end -->/, section) : `${text.trimEnd()}\n\n${section}\n`);
  return table;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--iterations');
  console.log(writeSection(at >= 0 ? Number(process.argv[at + 1]) : 8));
}
