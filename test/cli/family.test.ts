import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { findModel } from '../../models/registry.ts';
import { check, loadVariantArg } from '../../src/check.ts';
import { generateFamily } from '../../src/family/generate.ts';
import { runMember } from '../../src/family/run.ts';
import { parseScope } from '../../src/family/scope.ts';

const dir = mkdtempSync(join(tmpdir(), 'pagecheck-family-'));
const MUTANT = 'test/fixtures/variants/pcp-buddy-merge-keeps-buddy-type.ts';
const ONLY_FAMILY = 'test/fixtures/variants/isolation-type-rule-first-crossing.ts';

/** What must be equal whether a family ran whole or in shards: every member's verdict and counts, the totals but time, the first failure. */
function comparable(j: Record<string, any>) {
  const f = j.family;
  return {
    status: j.status,
    size: f.size,
    members: f.members.map(({ seconds: _s, ...r }: Record<string, unknown>) => r),
    totals: { ...f.totals, seconds: undefined },
    failure: f.failure && { index: f.failure.index, id: f.failure.id, property: f.failure.property, steps: f.failure.steps, config: f.failure.config },
  };
}

describe('a mutant the family catches where the built-in configurations miss it', () => {
  it('isolation type-rule-first-crossing: every built-in configuration misses it; the family of scope tiny,odd=2 catches it with P16, where two CMA pageblocks lie above pageblock_order', async () => {
    const { variant } = await loadVariantArg(ONLY_FAMILY, 'isolation');
    const model = findModel('isolation');
    for (const config of Object.keys(model.configs)) expect(check({ model: 'isolation', variant, config }).result.status, config).toBe('ok');
    const family = generateFamily(model, parseScope('tiny,odd=2,maxorder=2'));
    const caught = family.members.map((m) => runMember('isolation', { kind: 'check', variant }, m)).filter((r) => r.status === 'fail');
    expect(caught.length).toBeGreaterThan(0);
    expect(new Set(caught.map((r) => r.property))).toEqual(new Set(['P16']));
    // Every catching member has a max-order block of four one-page pageblocks, two of them CMA side by side.
    for (const r of caught) expect(r.summary).toMatch(/MAX_PAGE_ORDER 2, pageblock_order 0, pageblocks (CCMM|MMCC)/);
    // The suite's scope has one odd pageblock at most: it misses it, and says the changed guard never differed (vacuous).
    const small = generateFamily(model, parseScope('small')).members.map((m) => runMember('isolation', { kind: 'check', variant }, m).status);
    expect(small.filter((s) => s === 'fail')).toEqual([]);
    expect(small).toContain('vacuous');
  });

  it('pcp-buddy merge-keeps-buddy-type: every built-in configuration but merge-types misses it; the family of scope tiny catches it with P8', async () => {
    const { variant } = await loadVariantArg(MUTANT, 'pcp-buddy');
    const model = findModel('pcp-buddy');
    // merge-types was added to reach merges across pageblocks of different types, which is where this mutant errs.
    for (const config of Object.keys(model.configs)) {
      const r = check({ model: 'pcp-buddy', variant, config });
      if (config === 'merge-types') expect(r.result.status === 'violation' && r.result.finding.code, config).toBe('P8');
      else expect(r.result.status, config).toBe('ok');
    }
    const family = generateFamily(model, parseScope('tiny'));
    const caught = family.members.map((m) => runMember('pcp-buddy', { kind: 'check', variant }, m)).filter((r) => r.status === 'fail');
    expect(caught.length).toBeGreaterThan(0);
    expect(new Set(caught.map((r) => r.property))).toEqual(new Set(['P8']));
    // Every catching member has a page held at boot whose free merges its pageblock with one of another type.
    for (const r of caught) expect(r.summary).toContain('pfn 0 held');
  });
});

describe('pagecheck check|validate --scope', () => {
  it('writes the first failure as a configuration file that --config takes, and prints where', async () => {
    const out = join(dir, 'first.json');
    const r = await cli('check', '--variant', MUTANT, '--scope', 'tiny', '--family-out', out);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain(`its configuration is written to ${out}`);
    expect(existsSync(out)).toBe(true);
    const again = await cli('check', '--model', 'pcp-buddy', '--variant', MUTANT, '--config', out, '--json');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.out).violation.property).toBe('P8');
  });

  it('the baseline holds over a family; --list prints it without exploring', async () => {
    const r = await cli('check', '--model', 'pcp-buddy', '--scope', 'tiny', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.family.size).toBe(j.family.members.length);
    expect(j.family.totals.byStatus).toEqual({ ok: j.family.size });
    expect(j.family.failure).toBeNull();
    const l = await cli('check', '--model', 'pcp-buddy', '--scope', 'tiny', '--list', '--json');
    expect(JSON.parse(l.out).members.map((m: { id: string }) => m.id)).toEqual(j.family.members.map((m: { id: string }) => m.id));
  });

  it('4 shards merged equal the whole family', async () => {
    const whole = await cli('check', '--variant', MUTANT, '--scope', 'tiny', '--json', '--family-out', join(dir, 'whole.json'));
    const files: string[] = [];
    for (let k = 1; k <= 4; k++) {
      const r = await cli('check', '--variant', MUTANT, '--scope', 'tiny', '--shard', `${k}/4`, '--json', '--family-out', join(dir, `s${k}.json`));
      expect([0, 1, 3]).toContain(r.code);
      const f = join(dir, `shard-${k}.json`);
      writeFileSync(f, r.out);
      files.push(f);
    }
    const merged = await cli('merge', ...files, '--json', '--family-out', join(dir, 'merged.json'));
    expect(merged.code, merged.err).toBe(whole.code);
    const m = JSON.parse(merged.out);
    expect(comparable(m)).toEqual(comparable(JSON.parse(whole.out)));
    expect(JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(dir, 'whole.json'), 'utf8')));
    const missing = await cli('merge', ...files.slice(0, 3));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('shard 4/4 is missing');
  });

  it('validate --scope says per configuration what the patch exercised and where it diverges', async () => {
    const r = await cli('validate', '--model', 'buddy', '--before', 'baseline', '--after', 'examples/buddy-merge-no-tail.ts', '--scope', 'small,maxorder=2,sections=1,allocs=1', '--json', '--family-out', join(dir, 'tail.json'));
    expect(r.code, r.err).toBe(1);
    const f = JSON.parse(r.out).family;
    const outcomes = new Set(f.members.map((m: { outcome: string }) => m.outcome));
    expect(outcomes).toEqual(new Set(['vacuous', 'divergence']));
    for (const m of f.members) {
      expect(m.exercised.map((c: { name: string }) => c.name)).toEqual(['add_to_free_list']);
      if (m.outcome === 'divergence') expect(m.diverges.operation).toBe('__free_pages');
    }
    // The text names each outcome once, and says why a diverging member's counts may be zero.
    const text = await cli('validate', '--model', 'buddy', '--before', 'baseline', '--after', 'examples/buddy-merge-no-tail.ts', '--scope', 'small,maxorder=2,sections=1,allocs=1', '--family-out', join(dir, 'tail-text.json'));
    expect(text.code, text.err).toBe(1);
    expect(text.err).toMatch(/family#\d+: divergence\n/);
    expect(text.err).not.toContain('divergence divergence');
    expect(text.out).toContain('the operations compared alone, where it diverged, are not counted');
  });

  it('mutants --scope tries the family when a mutant survives its own configuration', async () => {
    const plain = await cli('mutants', '--variant', MUTANT, '--json');
    expect(plain.code).toBe(1);
    expect(JSON.parse(plain.out).mutants[0].verdict).toBe('MISSED');
    const r = await cli('mutants', '--variant', MUTANT, '--scope', 'tiny', '--json');
    expect(r.code, r.err).toBe(0);
    const row = JSON.parse(r.out).mutants[0];
    expect(row).toMatchObject({ caught: true, property: 'P8', status: 'ok' });
    expect(row.verdict).toMatch(/^caught P8 at step \d+ at family member #\d+ of scope tiny \(missed at default\)$/);
  });

  it('refuses --shard without --scope, and single-configuration flags with it', async () => {
    const a = await cli('check', '--model', 'buddy', '--shard', '1/2');
    expect(a.code).toBe(2);
    expect(a.err).toContain('--shard needs --scope');
    const b = await cli('check', '--model', 'buddy', '--scope', 'tiny', '--config', 'churn');
    expect(b.code).toBe(2);
    expect(b.err).toContain('cannot be combined with --config');
    const c = await cli('check', '--model', 'buddy', '--scope', 'tiny,cpus=9');
    expect(c.code).toBe(2);
    expect(c.err).toContain('cpus must lie in 1..2');
  });
});
