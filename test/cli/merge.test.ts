import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pagecheck-merge-'));

/** A small fuzz campaign: 6 searches of a mutant random search often finds in a few runs. */
const CAMPAIGN = ['fuzz', '--model', 'buddy', '--variant', 'pagehead-after-put', '--strategy', 'random,swarm', '--seeds', '3', '--seed', '5', '--runs', '6', '--no-shrink'];

let batch = 0;
async function shards(n: number, args = CAMPAIGN): Promise<string[]> {
  batch++;
  const files: string[] = [];
  for (let k = 1; k <= n; k++) {
    const r = await cli(...args, '--shard', `${k}/${n}`, '--json');
    expect([0, 1], r.err).toContain(r.code);
    const f = join(dir, `${batch}-${n}-${k}.json`);
    writeFileSync(f, r.out);
    files.push(f);
  }
  return files;
}

/** What must be the same whether the campaign ran whole or in shards: every search's outcome, the totals (but time), the shortest failure. */
function comparable(j: Record<string, any>) {
  return {
    status: j.status,
    outcome: j.outcome,
    searches: j.searches.map(({ seconds: _s, ...r }: Record<string, unknown>) => r),
    totals: { ...j.totals, seconds: undefined },
    failure: j.failure && { search: j.failure.search, property: j.failure.property, run: j.failure.run, path: j.failure.path, trace: j.failure.shrunk.trace },
    coverage: j.coverage.totals,
  };
}

describe('pagecheck merge of fuzz campaign shards', () => {
  it('gives the same searches, totals, coverage and shortest failure as the campaign run whole', async () => {
    const whole = await cli(...CAMPAIGN, '--json');
    expect(whole.code).toBe(1);
    const w = JSON.parse(whole.out);
    expect(w.searches).toHaveLength(6);
    for (const n of [2, 3]) {
      const files = await shards(n);
      const m = await cli('merge', ...files, '--json');
      expect(m.code, m.err).toBe(1);
      const j = JSON.parse(m.out);
      expect(comparable(j)).toEqual(comparable(w));
      expect(j.merged).toMatchObject({ shards: n, items: 6 });
    }
  });

  it('prints the merged table, the verdict and the shortest counterexample replayed, exit 1', async () => {
    const files = await shards(2);
    const m = await cli('merge', ...files);
    expect(m.code).toBe(1);
    expect(m.out).toMatch(/fuzz campaign buddy\/pagehead-after-put @ large: 6 searches, merged from 2 shards/);
    expect(m.out).toMatch(/FAIL {2}6 of 6 searches run/);
    expect(m.out).toMatch(/Shortest counterexample \(from .*-2-\d\.json\):/);
    expect(m.out).toMatch(/P2 no double free/);
    expect(m.out).toMatch(/Reproduce: npx pagecheck fuzz --model buddy --variant pagehead-after-put .*--seed \d+ --replay \d+/);
  });

  it('refuses a missing or repeated shard, naming it; exit 2', async () => {
    const files = await shards(3);
    const missing = await cli('merge', files[0], files[2]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/shard 2\/3 is missing/);
    const twice = await cli('merge', files[0], files[1], files[1], files[2]);
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/shard 2\/3 is given 2 times/);
  });

  it('refuses shards of different campaigns', async () => {
    const a = await shards(2);
    const other = await cli(...CAMPAIGN.map((x) => (x === '5' ? '6' : x)), '--shard', '2/2', '--json');
    const f = join(dir, 'other.json');
    writeFileSync(f, other.out);
    const m = await cli('merge', a[0], f);
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/not of one campaign/);
  });

  it('a sharded campaign needs its seed given; a whole result is not a shard', async () => {
    const r = await cli('fuzz', '--model', 'buddy', '--strategy', 'random', '--seeds', '2', '--shard', '1/2');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--shard needs --seed/);
    const whole = await cli(...CAMPAIGN, '--json');
    const f = join(dir, 'whole.json');
    writeFileSync(f, whole.out);
    const m = await cli('merge', f);
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/run whole, not of a shard/);
  });

  it('--time-budget gives each shard its share, and what it could not start is reported as not run (incomplete, exit 3)', async () => {
    const r = await cli('fuzz', '--model', 'buddy', '--strategy', 'random', '--seeds', '40', '--seed', '1', '--runs', '100000', '--time-budget', '0.5', '--shard', '1/2', '--json');
    expect(r.code).toBe(3);
    const j = JSON.parse(r.out);
    expect(j.status).toBe('incomplete');
    expect(j.searches).toHaveLength(20);
    expect(j.searches.some((s: { outcome: string }) => s.outcome === 'not-run')).toBe(true);
  });
});

/** What must be the same whether the suite ran whole or in shards: every row but its time (its coverage included), in order, the status and each model's coverage. */
function suiteComparable(j: Record<string, any>) {
  const strip = ({ seconds: _s, stats, ...r }: Record<string, any>) => (stats ? { ...r, stats: { ...stats, seconds: undefined } } : r);
  return { status: j.status, rows: j.rows.map(strip), fuzz: j.fuzz.map(strip), modelCoverage: j.modelCoverage };
}

describe('pagecheck merge of suite and mutants shards', () => {
  it('the shards of a suite merge into the rows, order and status of the suite run whole', async () => {
    const whole = await cli('suite', '--model', 'buddy', '--json');
    expect(whole.code, whole.err).toBe(0);
    const w = JSON.parse(whole.out);
    expect(w.rows.length + w.fuzz.length).toBe(27);
    // Each baseline row carries what its search exercised; the model's coverage is their union.
    expect(w.rows.filter((r: { kind: string; coverage?: unknown }) => r.kind === 'baseline' && r.coverage)).toHaveLength(7);
    expect(w.modelCoverage).toHaveLength(1);
    expect(w.modelCoverage[0]).toMatchObject({ model: 'buddy', ok: true, neverReached: [], totals: { edge: { reached: 78, total: 81 } } });
    const files = await shards(3, ['suite', '--model', 'buddy']);
    const parsed = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
    expect(parsed.every((p) => p.campaign.covered.length > 0)).toBe(true);
    // A shard has part of the model's configurations: the union is checked by merge, not by the shard.
    expect(parsed.every((p) => p.modelCoverage === undefined)).toBe(true);
    const m = await cli('merge', ...files, '--json');
    expect(m.code, m.err).toBe(0);
    const j = JSON.parse(m.out);
    expect(j.command).toBe('suite');
    expect(suiteComparable(j)).toEqual(suiteComparable(w));
    expect(j.merged).toMatchObject({ shards: 3, items: w.rows.length + w.fuzz.length + (w.families?.length ?? 0), command: 'npx pagecheck suite --model buddy' });
    const text = await cli('merge', ...files);
    expect(text.out).toMatch(/16 checks in [\d.]+ s over 3 shards \(the longest [\d.]+ s\): 7\/7 baselines and patches hold, 9\/9 mutants caught/);
    expect(text.out).toMatch(/buddy +7 +78\/81 +11\/11 +4\/4 +3 +0 +0 +ok/);
    expect(text.out).toMatch(/Coverage: 1\/1 models reach every item not declared unreachable/);
    expect(text.out).toMatch(/merged: 3 shards of `npx pagecheck suite --model buddy`/);
  });

  it('a failing row keeps its status through the merge, with the command that checks it again', async () => {
    const files = await shards(2, ['mutants', '--model', 'buddy']);
    const whole = JSON.parse((await cli('mutants', '--model', 'buddy', '--json')).out);
    const m = JSON.parse((await cli('merge', ...files, '--json')).out);
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ seconds: _s, ...r }) => r);
    expect(strip(m.mutants)).toEqual(strip(whole.mutants));
    expect(m).toMatchObject({ status: 'ok', total: 9, caught: 9, asExpected: 9 });
    expect(m.mutants[0].rerun).toBe('npx pagecheck check --model buddy --variant merge-ignores-buddy-order --config default');
    // A shard whose row failed: the merged status is the row's, and the text names it with its command.
    const broken = JSON.parse(readFileSync(files[1], 'utf8'));
    broken.mutants[0] = { ...broken.mutants[0], status: 'fail', verdict: 'MISSED' };
    broken.status = 'fail';
    writeFileSync(files[1], JSON.stringify(broken));
    const f = await cli('merge', ...files);
    expect(f.code).toBe(1);
    expect(f.out).toMatch(new RegExp(`${broken.mutants[0].variant} .*MISSED`));
  });
});

describe('docs/recipes/gnu-parallel.sh', () => {
  it('runs 4 shards of the suite with GNU parallel and merges them into the suite run whole', async () => {
    if (!existsSync('/usr/bin/parallel')) throw new Error('/usr/bin/parallel is missing: apt-get install -y parallel (.ci/run installs it)');
    const results = join(dir, 'recipe');
    const pagecheck = `node ${fileURLToPath(new URL('../../bin/pagecheck.js', import.meta.url))}`;
    const recipe = fileURLToPath(new URL('../../docs/recipes/gnu-parallel.sh', import.meta.url));
    const run = spawnSync('bash', [recipe, '4', '--model', 'buddy'], { env: { ...process.env, RESULTS: results, PAGECHECK: pagecheck, NO_COLOR: '1' }, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/16 checks in [\d.]+ s over 4 shards/);
    expect(run.stdout).toMatch(/merged: 4 shards of `npx pagecheck suite --model buddy`/);
    const files = [1, 2, 3, 4].map((k) => join(results, `shard-${k}.json`));
    const merged = JSON.parse((await cli('merge', ...files, '--json')).out);
    const whole = JSON.parse((await cli('suite', '--model', 'buddy', '--json')).out);
    expect(suiteComparable(merged)).toEqual(suiteComparable(whole));
  });
});
