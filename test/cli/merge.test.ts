import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
