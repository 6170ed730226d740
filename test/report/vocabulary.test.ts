/** The shared result vocabulary: status words, exit statuses, and the envelope of every command's JSON. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { envelope, ERROR_KINDS, exitOf, PAGECHECK_VERSION, SCHEMA_VERSION, STATUSES, statusOfExit } from '../../src/report/vocabulary.ts';
import pkg from '../../package.json' with { type: 'json' };

const tmp = mkdtempSync(join(tmpdir(), 'pagecheck-vocabulary-'));
const fixture = 'test/fixtures/ftrace/linux-6.1.192';

describe('status words and exit statuses', () => {
  it('map every status (and error kind) to the documented exit status, and back', () => {
    expect(STATUSES.map((s) => exitOf(s))).toEqual([0, 1, 3, 3, 4]);
    expect(ERROR_KINDS.map((k) => exitOf('error', k))).toEqual([2, 2, 2, 4]);
    for (const s of ['ok', 'fail', 'incomplete'] as const) expect(statusOfExit(exitOf(s))).toBe(s);
    expect(statusOfExit(2)).toBe('error');
  });

  it('puts the envelope first and never lets a body replace the shared status', () => {
    const j = envelope('check', 'fail', { status: 'violation', model: 'buddy' });
    expect(Object.keys(j)).toEqual(['schemaVersion', 'pagecheck', 'command', 'status', 'model']);
    expect(j).toEqual({ schemaVersion: SCHEMA_VERSION, pagecheck: pkg.version, command: 'check', status: 'fail', model: 'buddy' });
    expect(PAGECHECK_VERSION).toBe(pkg.version);
  });
});

describe('every command prints the envelope', () => {
  const trace = join(tmp, 'trace.json');
  const runs: [string, string[], number, string][] = [
    ['list', ['list'], 0, 'ok'],
    ['check', ['check', '--model', 'buddy', '--variant', 'pagehead-after-put', '--trace-out', trace], 1, 'fail'],
    ['check', ['check', '--model', 'buddy', '--max-states', '50'], 3, 'incomplete'],
    ['replay', ['replay', trace], 1, 'fail'],
    ['fuzz', ['fuzz', '--model', 'buddy', '--runs', '2', '--seed', '1'], 0, 'ok'],
    ['validate', ['validate', '--model', 'pcp', '--before', 'before', '--after', 'after', '--max-states', '200'], 3, 'incomplete'],
    ['mutants', ['mutants', '--variant', 'examples/seed000-no-section-break.ts'], 0, 'ok'],
    ['suite', ['suite', '--model', 'buddy'], 0, 'ok'],
    ['conform', ['conform', `${fixture}/normal.trace.xz`, '--zoneinfo', `${fixture}/normal.before.zoneinfo.txt`], 0, 'ok'],
    ['check', ['check', '--model', 'no-such-model'], 2, 'error'],
  ];
  for (const [command, args, code, status] of runs)
    it(`${args.join(' ')}: exit ${code}, status ${status}`, async () => {
      const r = await cli(...args, '--json');
      expect(r.code).toBe(code);
      const j = JSON.parse(r.out);
      expect(j).toMatchObject({ schemaVersion: SCHEMA_VERSION, pagecheck: PAGECHECK_VERSION, command, status });
      expect(exitOf(j.status, j.error?.kind)).toBe(code);
    });

  it('prints the version', async () => {
    const r = await cli('--version');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(`pagecheck ${PAGECHECK_VERSION} (JSON schema version ${SCHEMA_VERSION})`);
  });
});
