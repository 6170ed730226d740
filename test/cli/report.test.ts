import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliAt } from '../helpers/cli.ts';
import { overWidth } from '../../src/report/layout.ts';

const dir = mkdtempSync(join(tmpdir(), 'pagecheck-report-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, `import { defineVariant } from 'pagecheck';\nexport default defineVariant(${text});\n`);
  return p;
};
/** A reading of the owner-lock question written by a reviewer: trylock, and the local pageset when it fails. */
const reading = (expect: string) =>
  `{ model: 'pcp-buddy', name: 'my-trylock-local', kind: 'candidate', question: 'owner-lock', config: 'drain-race', expect: '${expect}',
     description: 'my reading: trylock the owner, the local pageset when that fails',
     guards: { owner_lock_spins: () => false, owner_fallback_local: () => true } }`;

describe('pagecheck report', () => {
  it('prints the pcp-buddy findings in Markdown and exits 0 when every verdict is as recorded', async () => {
    const r = await cli('report', '--model', 'pcp-buddy', '--md');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# mm: page_alloc: pcp buddy allocator/);
    expect(r.out).toContain('### 3.1 How does a free take the owner');
  });

  it('reports on a model without a findings report: the kernel it follows, every configuration, the mutants caught, in ASCII at 80 columns', async () => {
    const r = await cliAt(undefined, 'report', '--model', 'buddy');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^pagecheck: model buddy: OK\n/);
    expect(r.out).toMatch(/Kernel followed: mainline v6\.19\/v7\.0-rc\s+\(early\s+2026\)/);
    expect(r.out).toMatch(/- section-edge: [^]*?; every property holds\s+\(71 states\)/);
    expect(r.out).toMatch(/9 of 9 mutants|\d+ of \d+ mutants \(known-bad changes\) caught/);
    expect(overWidth(r.out, 80)).toEqual([]);
    // eslint-disable-next-line no-control-regex
    expect(r.out).toMatch(/^[\x00-\x7f]*$/);
  });

  it('replies to a patch given as a file: its verdict, coverage and cost, and the file named by its path in every command', async () => {
    const f = write(
      'my-trylock-free.ts',
      `{ model: 'pcp', name: 'my-internal-name', kind: 'patch', baseline: 'baseline', config: 'drain', description: 'the drain reads pcp->count before the lock',
         machines: {}, guards: {} }`,
    );
    const r = await cli('report', '--model', 'pcp', '--before', 'baseline', '--after', f);
    expect([0, 3]).toContain(r.code);
    expect(r.out).toMatch(/^pagecheck: pcp, baseline -> my-internal-name: (EQUIVALENT|VACUOUS)/);
    expect(r.out).toContain('3. Coverage of the change');
    expect(r.out).toContain('4. Cost');
    expect(r.out).toContain(`npx pagecheck validate --model pcp --before baseline --after ${f} --config drain`);
    expect(r.out).toContain(`npx pagecheck report --model pcp --before baseline --after ${f}`);
    expect(r.out).not.toContain('--after my-internal-name');
  });

  it('shows the shortest counterexample of a finding with the command that reproduces it', async () => {
    const r = await cli('report', '--model', 'pcp', '--before', 'baseline', '--after', 'claim-keeps-mode');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^pagecheck: pcp, baseline -> claim-keeps-mode: FINDINGS/);
    expect(r.out).toContain('DIVERGENCE at fragmented');
    expect(r.out).toMatch(/5\. Findings\n-+\n\nAt fragmented:\n\nDIVERGENCE/);
    expect(r.out).toContain('npx pagecheck validate --model pcp --before baseline --after claim-keeps-mode --config fragmented');
  });

  it('refuses --before without --after, and --json with --md', async () => {
    expect((await cli('report', '--model', 'pcp', '--before', 'baseline')).err).toMatch(/--before and --after go together/);
    const j = await cli('report', '--model', 'pcp', '--json', '--md');
    expect(j.code).toBe(2);
    expect(JSON.parse(j.out).error.message).toMatch(/--json and --md/);
  });

  it('gives a patch report as JSON with the verdict and exit status of its text form', async () => {
    const j = await cli('report', '--model', 'pcp', '--before', 'baseline', '--after', 'claim-keeps-mode', '--json');
    expect(j.code).toBe(1);
    const o = JSON.parse(j.out);
    expect(o).toMatchObject({ command: 'report', status: 'fail', form: 'patch', verdict: 'FINDINGS', before: { variant: 'baseline' }, after: { variant: 'claim-keeps-mode' } });
    expect(o.validations.find((v: { config: string }) => v.config === 'fragmented')).toMatchObject({ command: 'validate', outcome: 'divergence', rerun: expect.stringContaining('--config fragmented') });
  });

  it('adds a reading from a file to the question it names, with its verdict and trace', async () => {
    const f = write('reading.ts', reading('P10'));
    const r = await cli('report', '--model', 'pcp-buddy', '--md', '--variant', f);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/my reading: trylock the owner, the local pageset when that fails \(.*reading\.ts\) \[my-trylock-local @ drain-race\]: violated: P10/);
    expect(r.out).toContain(`--variant ${f}`);
  });

  it('exits 1 and says so when a reading from a file gets another verdict than it records', async () => {
    const f = write('reading-ok.ts', reading('ok'));
    const r = await cli('report', '--model', 'pcp-buddy', '--md', '--variant', f);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/differs from the verdict recorded for my-trylock-local, ok/);
  });

  it('checks a patch from a file at every configuration, and a mutant from a file among the mistakes', async () => {
    const patch = write('patch.ts', `{ model: 'pcp-buddy', name: 'my-patch', kind: 'patch', description: 'the RFC unchanged' }`);
    const mutant = write(
      'mutant.ts',
      `{ model: 'pcp-buddy', name: 'my-mutant', kind: 'mutant', description: 'trylock the owner, the buddy when that fails', expect: 'P10', config: 'drain-race',
         guards: { owner_lock_spins: () => false, owner_fallback_local: () => false } }`,
    );
    const r = await cli('report', '--model', 'pcp-buddy', '--md', '--variant', patch, mutant);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/The patch my-patch \(.*patch\.ts\): the RFC unchanged\. At each configuration:\n\s+- default \([\d,]+ states\): every property holds/);
    expect(r.out).toMatch(/my-mutant: caught by P10, counterexample of \d+ steps \(drain-race\)/);
  });

  it('refuses a candidate naming a question the model does not have, with the closest key', async () => {
    const f = write('bad-q.ts', reading('P10').replace("'owner-lock'", "'owner-lok'"));
    const r = await cli('report', '--model', 'pcp-buddy', '--md', '--variant', f);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/a candidate must name the open question it answers \(question: one of owner-lock, drain-race, offline, isolation, fragments\); did you mean 'owner-lock'\?/);
  });

  it('refuses a built-in variant name: the report has them already', async () => {
    const r = await cli('report', '--model', 'pcp-buddy', '--variant', 'baseline');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/report takes variant files/);
  });

  it('requires --model', async () => {
    const r = await cli('report');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--model/);
  });
});
