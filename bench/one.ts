/**
 * One measured exhaustive search, in its own process (so that peak memory is its own):
 * prints one JSON line with the figures and the peak resident set size.
 *   node bin/run-ts.js bench/one.ts MODEL CONFIG [symmetry] [por] [live] [coverage] [workers=N] [allocs=N] [timeout=S]
 * (live: dead registers cleared, `check --live-registers`)
 * (coverage: the search counts its coverage, src/coverage, as `pagecheck check` does by default)
 */
import { factoryOf, resolve } from '../src/check.ts';
import { explore } from '../src/engine/explore.ts';
import { WorkerPool, exploreParallel } from '../src/engine/parallel.ts';

const [model, config, ...flags] = process.argv.slice(2);
const symmetry = flags.includes('symmetry');
const por = flags.includes('por');
const liveRegisters = flags.includes('live');
const coverage = flags.includes('coverage');
const workersFlag = flags.find((f) => f.startsWith('workers='));
const workers = workersFlag ? Number(workersFlag.slice(8)) : 1;
const timeout = Number(flags.find((f) => f.startsWith('timeout='))?.slice(8) ?? 0) || undefined;
const allocs = flags.find((f) => f.startsWith('allocs='));
const overrides = allocs ? { allocsPerCpu: Number(allocs.slice(7)) } : {};
// Worker threads start once (a second or two each) and are kept, as `check` keeps them across searches.
const pool = workers > 1 ? new WorkerPool(workers) : null;
const run = async () => {
  const r = resolve({ model, config, overrides, reductions: { symmetry, por, liveRegisters } });
  if (coverage) r.built.system.collectCoverage(true);
  const result = pool ? await exploreParallel(r.built.system, factoryOf(r), pool, { timeoutSeconds: timeout }) : explore(r.built.system, { timeoutSeconds: timeout });
  return { r, result };
};
if (pool) await pool.forFactory(factoryOf(resolve({ model, config, overrides, reductions: { symmetry, por, liveRegisters } })));
// The first search of a process includes the compilation of the hot code: its time is `cold`.
// A search shorter than two seconds is then measured in steady state (`warm`): three more runs
// to warm up, then the median of five.
let { r, result } = await run();
const cold = result.seconds;
const warm = cold < 2;
if (warm) {
  for (let i = 0; i < 3; i++) await run();
  const runs: Awaited<ReturnType<typeof run>>[] = [];
  for (let i = 0; i < 5; i++) runs.push(await run());
  runs.sort((a, b) => a.result.seconds - b.result.seconds);
  ({ r, result } = runs[2]);
}
await pool?.close();
console.log(
  JSON.stringify({
    model,
    config,
    symmetry: r.reductions.includes('symmetry'),
    por: r.reductions.includes('por'),
    liveRegisters: r.reductions.includes('live-registers'),
    workers,
    coverage,
    allocs: allocs ? Number(allocs.slice(7)) : undefined,
    warm,
    coldSeconds: cold,
    status: result.status,
    states: result.states,
    transitions: result.transitions,
    depth: result.depth,
    seconds: result.seconds,
    statesPerSecond: result.statesPerSecond,
    transitionsPerSecond: Math.round(result.transitions / result.seconds),
    bytesPerState: result.bytesPerState,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    words: r.built.system.words,
  }),
);
