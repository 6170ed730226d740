/**
 * Vacuity (src/variant/vacuity.ts): a verdict over overrides that never ran, or never computed
 * anything other than the code they replace, is VACUOUS (exit 3), naming each such override and
 * the configurations where it does run and differ.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolve } from '../../src/check.ts';
import { explore } from '../../src/engine/explore.ts';
import { findModel, findVariant } from '../../models/registry.ts';
import { overridesAgainst, vacuousOverrides } from '../../src/variant/vacuity.ts';
import { mergeCoverage, NO_COVERAGE } from '../../src/coverage/summary.ts';
import { cli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pagecheck-vacuity-'));
const noTail = join(dir, 'buddy-merge-no-tail.ts');
copyFileSync(new URL('../../examples/buddy-merge-no-tail.ts', import.meta.url), noTail);
const variant = (name: string, body: string) => {
  const p = join(dir, `${name}.ts`);
  writeFileSync(p, `import { defineVariant, R } from 'pagecheck';\nexport default defineVariant({ model: 'buddy', name: '${name}', kind: 'patch', description: 'd', ${body} });\n`);
  return p;
};

/** The overrides counted by an exhaustive search of a built-in variant against its reference. */
function counts(model: string, v: string, config: string, comparedWith?: string) {
  const r = resolve({ model, variant: v, config, comparedWith });
  const rec = r.built.system.collectCoverage(true)!;
  const res = explore(r.built.system);
  r.built.system.collectCoverage(false);
  return { status: res.status, overrides: rec.summary().overrides ?? [] };
}

describe('the tail-placement patch (buddy_merge_likely() dropped)', () => {
  it('is VACUOUS at default, exit 3, naming the action that never differed and churn, where it does', async () => {
    const r = await cli('validate', '--model', 'buddy', '--before', 'baseline', '--after', noTail);
    expect(r.code, r.err).toBe(3);
    expect(r.out).toMatch(/^VACUOUS {2}buddy: baseline → merge-no-tail @ default: .*action add_to_free_list never differed from the code it replaces/);
    expect(r.out).toMatch(/action add_to_free_list: ran [\d,]+ times, never differed from the code it replaces\n +runs and differs at: churn\n/);
    expect(r.out).not.toMatch(/EQUIVALENT/);
  });

  it('is vacuous in JSON too, with the witness configurations', async () => {
    const r = await cli('validate', '--model', 'buddy', '--before', 'baseline', '--after', noTail, '--config', 'section-edge', '--json');
    expect(r.code).toBe(3);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ status: 'vacuous', outcome: 'vacuous', equivalent: true });
    expect(j.vacuity.vacuous).toEqual([{ kind: 'action', name: 'add_to_free_list', reason: 'never differed', witnesses: ['churn'] }]);
  });

  it('diverges at churn', async () => {
    const r = await cli('validate', '--model', 'buddy', '--before', 'baseline', '--after', noTail, '--config', 'churn');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^DIVERGENCE {2}buddy: baseline → merge-no-tail @ churn/);
  });
});

describe('vacuity of check', () => {
  it('an override that never runs makes the check VACUOUS, naming where it runs', async () => {
    // split_page is never called at section-edge (no splitPage in its workload).
    const p = variant('split-page-twice', 'actions: { split_page: (k, split) => { split(k); split(k); } }');
    const r = await cli('check', '--variant', p, '--config', 'section-edge');
    expect(r.code, r.err).toBe(3);
    expect(r.out).toMatch(/^VACUOUS {2}buddy\/split-page-twice @ section-edge: .*action split_page never ran/);
    expect(r.out).toMatch(/action split_page: never ran\n +runs and differs at: default, vmemmap\n/);
    const j = JSON.parse((await cli('check', '--variant', p, '--config', 'section-edge', '--json', '--no-witness')).out);
    expect(j.status).toBe('vacuous');
    expect(j.vacuity.vacuous).toEqual([{ kind: 'action', name: 'split_page', reason: 'never ran' }]);
  });

  it('an override that runs and differs leaves OK an OK', async () => {
    const p = variant('split-page-twice-ok', 'actions: { split_page: (k, split) => { split(k); split(k); } }');
    const r = await cli('check', '--variant', p, '--json');
    const j = JSON.parse(r.out);
    // Splitting twice sets the refcounts once more: it differs wherever it runs.
    expect(j.vacuity.overrides).toEqual([{ kind: 'action', name: 'split_page', ran: expect.any(Number), differed: expect.any(Number) }]);
    expect(j.vacuity.overrides[0].differed).toBeGreaterThan(0);
    expect(j.vacuity.vacuous).toEqual([]);
    expect(j.status).not.toBe('vacuous');
  });

  it('a caught mutant is a failure, whatever its counts', async () => {
    const r = await cli('check', '--model', 'buddy', '--variant', 'merge-ignores-buddy-order', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).status).toBe('fail');
  });

  it('a rewrite that computes the same decision everywhere is vacuous: nothing tells it from the code it replaces', async () => {
    const p = variant('order-is-max-rewritten', 'guards: { order_is_max: (k) => !(k.r(R.order) < k.g.maxOrder) }');
    const r = await cli('check', '--variant', p, '--no-witness');
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/guard order_is_max: ran [\d,]+ times, never differed from the code it replaces/);
  });
});

describe('what is counted', () => {
  it('a validation counts the after variant against the before variant, names only the reference has included', () => {
    const pcp = findModel('pcp');
    expect(overridesAgainst(findVariant(pcp, 'after'), findVariant(pcp, 'before'), pcp.impl).map((o) => `${o.kind} ${o.name}`)).toEqual([
      'action claim_resets_mode',
      'action remember_mode_cma',
      'action remember_mode_steal',
    ]);
    expect(overridesAgainst(findVariant(pcp, 'baseline'), undefined, pcp.impl)).toEqual([]);
  });

  it("a guard or action of the reference's own machine is not code the variant runs: its machine override covers it", () => {
    const iso = findModel('isolation');
    const before = findVariant(iso, 'isolate-v6.9');
    const own = Object.keys({ ...before.guards, ...before.actions }).filter((n) => iso.impl.guards[n] === undefined && iso.impl.actions[n] === undefined);
    expect(own.length).toBeGreaterThan(0);
    const refs = overridesAgainst(findVariant(iso, 'baseline'), before, iso.impl).map((o) => o.name);
    for (const n of own) expect(refs).not.toContain(n);
    expect(overridesAgainst(findVariant(iso, 'baseline'), before, iso.impl).filter((o) => o.kind === 'machine').length).toBeGreaterThan(0);
  });

  it('the rework pair of the isolation model is counted through its machines, and is not vacuous', () => {
    const c = counts('isolation', 'baseline', 'contig', 'isolate-v6.9');
    expect(c.overrides.length).toBeGreaterThan(0);
    for (const o of c.overrides) expect(o.kind).toBe('machine');
    expect(c.overrides.some((o) => o.ran > 0)).toBe(true);
  });

  it("a machine override counts the transitions through its states and its callees'", () => {
    const c = counts('contig', 'after', 'vfree-area', 'before');
    expect(c.overrides).toEqual([{ kind: 'machine', name: 'free_contig_range', ran: expect.any(Number), differed: null }]);
    // vfree-area never calls free_contig_range; default does.
    expect(c.overrides[0].ran).toBe(0);
    expect(counts('contig', 'after', 'seed000-max', 'before').overrides[0].ran).toBeGreaterThan(0);
  });

  it('counts merge over configurations by override', () => {
    const a = counts('buddy', 'merge-stops-early', 'section-edge');
    const b = counts('buddy', 'merge-stops-early', 'default');
    expect(a.overrides.length).toBeGreaterThan(0);
    const cov = (o: typeof a.overrides) => ({ ...NO_COVERAGE, overrides: o });
    const merged = mergeCoverage(cov(a.overrides), cov(b.overrides)).overrides!;
    expect(merged.map((o) => o.ran)).toEqual(a.overrides.map((o, i) => o.ran + b.overrides[i].ran));
    expect(vacuousOverrides(merged).length).toBeLessThanOrEqual(vacuousOverrides(a.overrides).length);
  });

  it("seed 003's validation at fragmented is vacuous: the CMA memo never runs there, and the reset after a claim never differs (a finding)", async () => {
    const r = await cli('validate', '--model', 'pcp', '--before', 'before', '--after', 'after', '--json');
    expect(r.code).toBe(3);
    const j = JSON.parse(r.out);
    expect(j.vacuity.vacuous).toEqual([
      { kind: 'action', name: 'claim_resets_mode', reason: 'never differed', witnesses: [] },
      // cma, and the coverage scenarios exhausted and cma-fallback-split, where a CMA fallback is remembered.
      { kind: 'action', name: 'remember_mode_cma', reason: 'never ran', witnesses: ['cma', 'exhausted', 'cma-fallback-split'] },
    ]);
    expect(j.vacuity.overrides.find((o: { name: string }) => o.name === 'remember_mode_steal').differed).toBeGreaterThan(0);
  });
});
