import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

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

  it('refuses a model without a findings report (exit 2, no stack trace)', async () => {
    const r = await cli('report', '--model', 'pcp');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/model pcp has no findings report; models of a proposal have one: pcp-buddy/);
    expect(r.err).not.toMatch(/at .*\.ts/);
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
