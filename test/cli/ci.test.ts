import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CiOutput, ciAbort, exitStyleOf, forgetCiStream, mapExit } from '../../src/cli/ci.ts';
import { formatJunit, formatKtap, type TestPoint } from '../../src/report/ci.ts';
import { cli } from '../helpers/cli.ts';
import { coveragePoint } from '../../src/cli/commands/suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'pagecheck-ci-'));
const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Checks that `text` is a KTAP version 1 document as KUnit and kselftest print it: the version
 * line, one plan, result lines numbered from 1 to the plan, every other line a diagnostic; returns
 * the result lines.
 */
function ktap(text: string): { results: string[]; plan: number; lines: string[] } {
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('KTAP version 1');
  const plans = lines.filter((l) => /^1\.\.\d+$/.test(l));
  expect(plans).toHaveLength(1);
  const plan = Number(plans[0].slice(3));
  const results: string[] = [];
  for (const l of lines.slice(1)) {
    if (/^1\.\.\d+$/.test(l) || l === '#' || l.startsWith('# ') || l.startsWith('Bail out! ')) continue;
    const m = /^(ok|not ok) (\d+) ([^#]+?)( # SKIP .*)?$/.exec(l);
    expect(m, `not a KTAP line: ${l}`).not.toBeNull();
    expect(Number(m![2])).toBe(results.length + 1);
    if (m![4]) expect(m![1]).toBe('ok');
    results.push(l);
  }
  expect(results).toHaveLength(plan);
  expect(lines.at(-1)).toMatch(/^# Totals: pass:\d+ fail:\d+ xfail:0 xpass:0 skip:\d+ error:\d+$/);
  return { results, plan, lines };
}

const point = (status: TestPoint['status'], name = `row ${status}`): TestPoint => ({ name, classname: 'pagecheck.test', status, summary: `${status} verdict; more`, diagnostics: ['again: npx pagecheck check'] });

describe('KTAP and JUnit formatting', () => {
  it('maps each status word: ok passes, fail and error are not ok (never SKIP), incomplete and vacuous are SKIP', () => {
    const doc = formatKtap([point('ok'), point('fail'), point('error'), point('incomplete'), point('vacuous')], 'pagecheck test');
    const { results, lines } = ktap(doc);
    expect(results).toEqual(['ok 1 row ok', 'not ok 2 row fail', 'not ok 3 row error', 'ok 4 row incomplete # SKIP incomplete: incomplete verdict', 'ok 5 row vacuous # SKIP vacuous: vacuous verdict']);
    expect(lines.at(-1)).toBe('# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:2 error:1');
    expect(doc).not.toMatch(/not ok.*SKIP|error.*# SKIP/);
    // A name cannot start a directive.
    expect(formatKtap([point('ok', 'a # b')])).toContain('ok 1 a _ b');
  });

  it('writes JUnit XML with failures, errors and skips counted and text escaped', () => {
    const xml = formatJunit([point('ok'), point('fail', 'x<&>"y'), point('error'), point('incomplete')], { name: 'pagecheck test', seconds: 1.5, properties: { pagecheck: '0.1.0' } });
    expect(xml).toContain('<testsuite name="pagecheck test" tests="4" failures="1" errors="1" skipped="1" time="1.500">');
    expect(xml).toContain('name="x&lt;&amp;&gt;&quot;y"');
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toMatch(/<failure message="fail verdict; more" type="fail">/);
    expect(xml).toMatch(/<error message="error verdict; more" type="error">/);
    expect(xml).toMatch(/<skipped message="incomplete: incomplete verdict; more"\/>/);
    // Balanced elements.
    const stack: string[] = [];
    for (const [, close, name, self] of xml.matchAll(/<(\/?)([a-z-]+)[^>]*?(\/?)>/g)) {
      if (self) continue;
      if (close) expect(stack.pop()).toBe(name);
      else stack.push(name);
    }
    expect(stack).toEqual([]);
  });
});

describe('the suite\'s coverage test points', () => {
  it('fail with the first 20 items never reached and how many more', () => {
    const t = { reached: 1, total: 2 };
    const p = coveragePoint({ model: 'm', configs: ['a'], totals: { edge: t, event: t, call: t }, neverReached: Array.from({ length: 25 }, (_, i) => `edge e${i}`), openGaps: [], gapItems: 0, declaredUnreachable: [], unreached: [], errors: [], ok: false });
    expect(p).toMatchObject({ name: 'coverage m', status: 'fail', summary: 'edges 1/2, events 1/2, calls 1/2 reached over 1 configuration; 25 never reached undeclared, 0 bad declarations' });
    expect(p.diagnostics).toHaveLength(21);
    expect(p.diagnostics.at(-1)).toBe('... and 5 more (npx pagecheck suite --model m lists them all)');
  });

  it('pass with open gaps, counted and named in the summary and diagnostics, never as reached', () => {
    const t = { reached: 1, total: 3 };
    const p = coveragePoint({ model: 'm', configs: ['a', 'b'], totals: { edge: t, event: t, call: t }, neverReached: [], openGaps: [{ missing: 'no configuration frees a THP', items: ['edge x', 'edge y'] }], gapItems: 2, declaredUnreachable: [], unreached: ['edge x', 'edge y'], errors: [], ok: true });
    expect(p).toMatchObject({ status: 'ok', summary: 'edges 1/3, events 1/3, calls 1/3 reached over 2 configurations; 2 in open gaps, never reached' });
    expect(p.diagnostics).toEqual(['open gap, 2 never reached: no configuration frees a THP']);
  });
});

describe('an error in the middle of a KTAP stream', () => {
  it('ends it with the message and Bail out!, never a SKIP', () => {
    forgetCiStream();
    const out: string[] = [];
    const ci = new CiOutput({ out: (t) => void out.push(t), err: () => {}, tty: false }, { tap: true }, { command: 'suite', commandLine: 'npx pagecheck suite', count: 2 });
    ci.point(point('ok'));
    out.push(ciAbort('suite', 'internal', 'a bug'));
    expect(out.join('\n').split('\n').slice(-3)).toEqual(['ok 1 row ok', '# error (internal): a bug', 'Bail out! a bug']);
    // Closed: the next error is a document of its own.
    expect(ciAbort('suite', 'usage', 'x').split('\n')[0]).toBe('KTAP version 1');
  });
});

describe('exit statuses for a kselftest runner', () => {
  it('maps 0, 1, 2, 3, 4 onto kselftest (4 is SKIP there, so only an incomplete result is 4)', () => {
    expect([0, 1, 2, 3, 4].map((c) => mapExit(c, 'kselftest'))).toEqual([0, 1, 1, 4, 1]);
    expect([0, 1, 2, 3, 4].map((c) => mapExit(c, 'pagecheck'))).toEqual([0, 1, 2, 3, 4]);
  });

  it('reads --exit-codes and PAGECHECK_EXIT_CODES, and refuses an unknown style', () => {
    expect(exitStyleOf(['check', '--exit-codes', 'kselftest'], {}).style).toBe('kselftest');
    expect(exitStyleOf(['check', '--exit-codes=kselftest'], {}).style).toBe('kselftest');
    expect(exitStyleOf(['check'], { PAGECHECK_EXIT_CODES: 'kselftest' }).style).toBe('kselftest');
    expect(exitStyleOf(['check', '--exit-codes', 'pagecheck'], { PAGECHECK_EXIT_CODES: 'kselftest' }).style).toBe('pagecheck');
    expect(exitStyleOf(['check', '--exit-codes', 'tap'], {}).error).toMatch(/--exit-codes must be one of pagecheck, kselftest, got 'tap'/);

  });

  it('an unknown style is a usage error, as one JSON object under --json', async () => {
    const r = await cli('check', '--model', 'buddy', '--exit-codes', 'tap', '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'error', error: { kind: 'usage', message: "--exit-codes must be one of pagecheck, kselftest, got 'tap'" } });
  });
});

describe('--tap and --junit on the commands', () => {
  it('suite --tap: one test point per row, named as its shard item, as each row is done', async () => {
    const junit = join(dir, 'suite.xml');
    const r = await cli('suite', '--model', 'buddy', '--tap', '--junit', junit);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    const { results, lines } = ktap(r.out);
    expect(lines[1]).toBe('# pagecheck 0.1.0 npx pagecheck suite --model buddy');
    expect(results[0]).toBe('ok 1 check buddy/baseline@default');
    expect(results.some((l) => /^ok \d+ check buddy\/pagehead-after-put@default$/.test(l))).toBe(true);
    expect(results.some((l) => /^ok \d+ fuzz buddy\/pagehead-after-put@large$/.test(l))).toBe(true);
    expect(lines).toContain('# check buddy/pagehead-after-put@default: caught P2 at step 8');
    const json = JSON.parse((await cli('suite', '--model', 'buddy', '--json')).out);
    // Every exhaustive row, fuzz row and family row, and the model's coverage.
    expect(results).toHaveLength(json.rows.length + json.fuzz.length + (json.families?.length ?? 0) + 1);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain(`tests="${results.length}" failures="0" errors="0" skipped="0"`);
    expect(xml).toContain('<testcase classname="pagecheck.suite.buddy" name="check buddy/baseline@default"');
  });

  it('check --tap: a violation is not ok with its counterexample and the command that reproduces it as diagnostics', async () => {
    const junit = join(dir, 'check.xml');
    const r = await cli('check', '--model', 'buddy', '--variant', 'pagehead-after-put', '--tap', '--junit', junit);
    expect(r.code).toBe(1);
    const { results, lines } = ktap(r.out);
    expect(results).toEqual(['not ok 1 check buddy/pagehead-after-put@default']);
    expect(lines).toContain('# check buddy/pagehead-after-put@default: P2 at step 8');
    expect(lines).toContain('# Reproduce: npx pagecheck check --model buddy --variant pagehead-after-put --config default');
    expect(readFileSync(junit, 'utf8')).toMatch(/<failure message="P2 at step 8" type="fail">P2 at step 8\n  2,498 distinct states/);
  });

  it('check --tap at a bound: SKIP with the reason, exit 3, or 4 (KSFT_SKIP) for a kselftest runner', async () => {
    const r = await cli('check', '--model', 'buddy', '--max-states', '100', '--tap');
    expect(r.code).toBe(3);
    expect(ktap(r.out).results).toEqual(['ok 1 check buddy/baseline@default # SKIP incomplete: the --max-states bound (100) was reached']);
    expect((await cli('check', '--model', 'buddy', '--max-states', '100', '--tap', '--exit-codes', 'kselftest')).code).toBe(4);
  });

  it('an error under --tap is a not ok point, never a SKIP, and exits 1 for a kselftest runner', async () => {
    const r = await cli('check', '--model', 'nosuch', '--tap');
    expect(r.code).toBe(2);
    const { results, lines } = ktap(r.out);
    expect(results).toEqual(['not ok 1 pagecheck check']);
    expect(lines).toContain("# error (usage): unknown model 'nosuch'. Models: buddy, pcp, pcp-buddy, contig, isolation.");
    expect(r.out).not.toContain('SKIP');
    expect((await cli('check', '--model', 'nosuch', '--tap', '--exit-codes', 'kselftest')).code).toBe(1);
    expect((await cli('suite', '--tap', '--json')).code).toBe(2);
  });

  it('merge --tap of the shards of mutants prints the test points of the whole run', async () => {
    const files: string[] = [];
    for (const k of [1, 2]) {
      const s = await cli('mutants', '--model', 'buddy', '--shard', `${k}/2`, '--json');
      const f = join(dir, `mutants-${k}.json`);
      writeFileSync(f, s.out);
      files.push(f);
    }
    const whole = await cli('mutants', '--model', 'buddy', '--tap');
    const merged = await cli('merge', ...files, '--tap', '--junit', join(dir, 'merge.xml'));
    expect(merged.code, merged.err).toBe(0);
    expect(ktap(merged.out).results).toEqual(ktap(whole.out).results);
    expect(ktap(whole.out).results[0]).toBe('ok 1 mutant buddy/merge-ignores-buddy-order@default');
    expect(existsSync(join(dir, 'merge.xml'))).toBe(true);
    // A missing shard: the error, as one not ok point.
    const missing = await cli('merge', files[0], '--tap');
    expect(missing.code).toBe(2);
    expect(ktap(missing.out).results).toEqual(['not ok 1 pagecheck merge']);
  });
});

describe('Ctrl-C under npx', () => {
  it('exits 3 with the partial result (the script shell is bash, .npmrc; dash would die of the SIGINT npm forwards)', async () => {
    const checkpoint = join(dir, 'sigint.ckpt');
    // A new process group with default signal dispositions, as a terminal's job: Ctrl-C signals the whole group.
    const p = spawn('npx', ['pagecheck', 'check', '--model', 'buddy', '--pages', '64', '--allocs', '4', '--timeout', '100', '--checkpoint', checkpoint, '--checkpoint-every', '0.2'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', () => {});
    const exited = new Promise<number | null>((resolve) => p.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
    // The first checkpoint says the search is running.
    while (!existsSync(checkpoint)) await new Promise((r) => setTimeout(r, 100));
    process.kill(-p.pid!, 'SIGINT');
    expect(await exited).toBe(3);
    expect(out).toMatch(/interrupted; no\s+violation in what was explored/);
  });
});
