/**
 * Every command's `--json` output against its JSON Schema in schemas/ (validated with ajv): on
 * built-in models, mutants and their findings, a deadlock, a bound, a validate divergence, a
 * separate costing, conform with and without findings, fuzz campaigns, shards and their merge,
 * the three forms of report (findings, a model's, a patch's), and an error.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { traceText } from '../conform/fixtures.ts';
import { schemaValidator } from '../helpers/schemas.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pagecheck-schemas-'));
const fixture = 'test/fixtures/ftrace/linux-6.1.192';

/** The schema a JSON object answers to: its command's, or error's for an error. */
function schemaOf(j: { command: string | null; status: string; error?: unknown }): string {
  return j.status === 'error' && j.error ? 'error' : String(j.command);
}

const { validate, names } = schemaValidator();

describe('JSON Schemas of the commands', () => {
  const trace = join(tmp, 'trace.json');
  const files: Record<string, string> = {};
  const runs: [string, string[], number][] = [
    ['list', ['list'], 0],
    ['list one model', ['list', '--model', 'buddy'], 0],
    ['list names', ['list', '--model', 'buddy', '--names'], 0],
    ['check holds', ['check', '--model', 'buddy'], 0],
    ['check violation of a mutant', ['check', '--model', 'buddy', '--variant', 'pagehead-after-put', '--trace-out', trace], 1],
    ['check deadlock', ['check', '--model', 'pcp-buddy', '--variant', 'spin-lock-in-irq'], 1],
    ['check bound', ['check', '--model', 'buddy', '--max-states', '50'], 3],
    ['replay', ['replay', trace], 1],
    ['fuzz no failure', ['fuzz', '--model', 'buddy', '--runs', '2', '--seed', '1'], 0],
    ['fuzz failure', ['fuzz', '--model', 'buddy', '--variant', 'pagehead-after-put', '--seed', '5', '--runs', '20'], 1],
    ['fuzz campaign', ['fuzz', '--model', 'buddy', '--variant', 'pagehead-after-put', '--strategy', 'random,swarm', '--seeds', '2', '--seed', '5', '--runs', '6', '--no-shrink'], 1],
    ['validate equivalent', ['validate', '--model', 'contig', '--before', 'before', '--after', 'after'], 0],
    ['validate divergence', ['validate', '--model', 'pcp', '--before', 'after', '--after', 'claim-keeps-mode'], 1],
    ['check over a configuration family', ['check', '--model', 'pcp-buddy', '--scope', 'tiny,maxorder=1'], 0],
    ['validate over a configuration family', ['validate', '--model', 'buddy', '--before', 'baseline', '--after', 'examples/buddy-merge-no-tail.ts', '--scope', 'tiny,maxorder=1'], 3],
    ['validate bound', ['validate', '--model', 'pcp', '--before', 'before', '--after', 'after', '--max-states', '200'], 3],
    ['validate separately', ['validate', '--model', 'pcp-buddy', '--before', 'ownership-off', '--after', 'baseline', '--separately', '--config', 'drain-race'], 0],
    ['conform', ['conform', `${fixture}/normal.trace.xz`, '--zoneinfo', `${fixture}/normal.before.zoneinfo.txt`], 0],
    ['mutants', ['mutants', '--model', 'buddy'], 0],
    ['suite', ['suite', '--model', 'buddy'], 0],
    ['report', ['report', '--model', 'pcp-buddy'], 0],
    ['report of a model', ['report', '--model', 'buddy'], 0],
    ['report of a patch, vacuous', ['report', '--model', 'buddy', '--before', 'baseline', '--after', 'examples/buddy-merge-no-tail.ts'], 3],
    ['report of a patch with a divergence', ['report', '--model', 'pcp', '--before', 'after', '--after', 'claim-keeps-mode'], 1],
    ['an error', ['check', '--model', 'nosuch'], 2],
  ];

  beforeAll(async () => {
    const lines = [...(await traceText('lowmem'))];
    const i = lines.findIndex((l) => / mm_page_free: .* order=0$/.test(l) && parseInt(/pfn=0x([0-9a-f]+)/.exec(l)![1], 16) % 2 === 1);
    lines[i] = lines[i].replace(' order=0', ' order=1');
    files.corrupted = join(tmp, 'corrupted.txt');
    writeFileSync(files.corrupted, lines.join('\n') + '\n');
  });

  it('has a schema for every command that prints JSON, and each is a valid JSON Schema', async () => {
    const { main } = await import('../../src/cli/main.ts');
    // The commands with --json, read from their help.
    const out: string[] = [];
    await main(['--help'], { out: (t) => void out.push(t), err: () => {}, tty: false });
    const commands = [...out.join('\n').matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]).filter((c) => c !== 'help');
    const withJson: string[] = [];
    for (const c of commands) {
      const help: string[] = [];
      await main([c, '--help'], { out: (t) => void help.push(t), err: () => {}, tty: false });
      if (help.join('\n').includes('--json')) withJson.push(c);
    }
    expect(withJson.length).toBeGreaterThanOrEqual(10);
    // merge prints the merged command's object (suite, mutants or fuzz).
    for (const c of withJson.filter((c) => c !== 'merge')) expect(names, c).toContain(c);
    expect(names).toContain('error');
  });

  for (const [what, args, code] of runs)
    it(`${what}: pagecheck ${args.join(' ')} --json`, async () => {
      const r = await cli(...args, '--json');
      expect(r.code, r.err).toBe(code);
      const j = JSON.parse(r.out);
      expect(validate(schemaOf(j), j)).toEqual([]);
    });

  it('a report says its form, and a patch report holds what validate --json prints for each configuration', async () => {
    const forms: Record<string, string> = {};
    for (const args of [['--model', 'pcp-buddy'], ['--model', 'buddy'], ['--model', 'contig', '--before', 'before', '--after', 'after', '--config', 'default', 'vmemmap']]) {
      const j = JSON.parse((await cli('report', ...args, '--json')).out);
      forms[args.join(' ')] = j.form;
      if (j.form !== 'patch') continue;
      expect(j.validations.map((v: { config: string }) => v.config)).toEqual(['default', 'vmemmap']);
      const v = JSON.parse((await cli('validate', '--model', 'contig', '--before', 'before', '--after', 'after', '--config', 'vmemmap', '--json')).out);
      const strip = (o: Record<string, unknown>) => ({ ...o, seconds: 0 });
      expect(strip(j.validations[1])).toEqual(strip(v));
    }
    expect(Object.values(forms)).toEqual(['findings', 'model', 'patch']);
  });

  it('conform with findings', async () => {
    const r = await cli('conform', files.corrupted, '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.outcome).toBe('findings');
    expect(validate('conform', j)).toEqual([]);
  });

  it('shards and their merge (suite, mutants, fuzz, a configuration family)', async () => {
    const campaigns: [string, string[]][] = [
      ['suite', ['suite', '--model', 'buddy']],
      ['mutants', ['mutants', '--model', 'buddy']],
      ['fuzz', ['fuzz', '--model', 'buddy', '--variant', 'pagehead-after-put', '--strategy', 'random,swarm', '--seeds', '2', '--seed', '5', '--runs', '6', '--no-shrink']],
      ['check', ['check', '--model', 'pcp-buddy', '--scope', 'tiny,maxorder=1']],
    ];
    for (const [command, args] of campaigns) {
      const shards: string[] = [];
      for (const k of [1, 2]) {
        const r = await cli(...args, '--shard', `${k}/2`, '--json');
        const j = JSON.parse(r.out);
        expect(j.shard).toMatchObject({ index: k, count: 2 });
        expect(validate(command, j)).toEqual([]);
        const f = join(tmp, `${command}-${k}.json`);
        writeFileSync(f, r.out);
        shards.push(f);
      }
      const m = JSON.parse((await cli('merge', ...shards, '--json')).out);
      expect(m.command).toBe(command);
      expect(m.merged.shards).toBe(2);
      expect(validate(command, m)).toEqual([]);
    }
  });

  it('refuses what does not fit: an unknown top-level field, an unknown status word, a missing version', () => {
    const ok = { schemaVersion: 1, pagecheck: '0.1.0', command: 'mutants', status: 'ok', total: 0, caught: 0, asExpected: 0, mutants: [] };
    expect(validate('mutants', ok)).toEqual([]);
    expect(validate('mutants', { ...ok, extra: 1 }).join()).toMatch(/additional properties/);
    expect(validate('mutants', { ...ok, status: 'violation' }).join()).toMatch(/allowed values/);
    const { pagecheck: _p, ...noVersion } = ok;
    expect(validate('mutants', noVersion).join()).toMatch(/pagecheck/);
  });
});
