/**
 * The `pagecheck` command as a user runs it: bin/pagecheck.js running the compiled bundle
 * (dist/), its worker threads and a variant file included; and the launcher's promise that a
 * checkout never runs stale compiled code (a copy of the checkout is edited and run again).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENTRIES, ROOT } from '../../scripts/build.mjs';
import { ENTRY_SOURCES } from '../../src/util/modules.ts';

const bin = join(ROOT, 'bin', 'pagecheck.js');
function run(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; binPath?: string } = {}) {
  const r = spawnSync(process.execPath, [opts.binPath ?? bin, ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', env: { ...process.env, ...opts.env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the compiled command', () => {
  it('builds exactly the entry points the code names', () => {
    expect([...ENTRIES]).toEqual([...ENTRY_SOURCES]);
  });

  it('runs from dist/: help, a check with its state count, worker threads, a variant file', () => {
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/Usage: pagecheck/);
    // The compiled modules are what ran (the launcher runs the sources only when told to, or when dist/ cannot be built).
    expect(help.err).toBe('');
    const check = run(['check', '--model', 'buddy', '--config', 'section-edge', '--json']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.out)).toMatchObject({ status: 'ok', states: 71 });
    const workers = run(['check', '--model', 'buddy', '--config', 'section-edge', '--workers', '2', '--json']);
    expect(workers.code).toBe(0);
    expect(JSON.parse(workers.out)).toMatchObject({ status: 'ok', states: 71 });
    // A variant file outside the checkout, importing 'pagecheck'.
    const dir = mkdtempSync(join(tmpdir(), 'pagecheck-variant-'));
    const file = join(dir, 'merge-one-order-less.ts');
    writeFileSync(
      file,
      `import { defineVariant, R } from 'pagecheck';
export default defineVariant({
  model: 'buddy', name: 'merge-one-order-less', kind: 'mutant', description: 'merging stops one order early', expect: 'Q1',
  guards: { order_is_max: (k) => k.r(R.order) >= k.g.maxOrder - 1 },
});
`,
    );
    const variant = run(['check', '--model', 'buddy', '--variant', file, '--json'], { cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    expect(variant.code).toBe(1);
    expect(JSON.parse(variant.out)).toMatchObject({ status: 'fail', outcome: 'violation', violation: { property: 'Q1' } });
  });

  it('gives the same state count compiled and from the sources', () => {
    const args = ['check', '--model', 'pcp', '--json'];
    const compiled = JSON.parse(run(args).out);
    const sources = JSON.parse(run(args, { env: { PAGECHECK_SOURCES: '1' } }).out);
    expect(compiled.states).toBe(sources.states);
    expect(compiled.transitions).toBe(sources.transitions);
  });
});

describe('a checkout never runs stale compiled code', () => {
  const copy = mkdtempSync(join(tmpdir(), 'pagecheck-checkout-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('rebuilds dist/ when a source changed, and only then', () => {
    for (const d of ['bin', 'src', 'models', 'properties', 'scripts']) cpSync(join(ROOT, d), join(copy, d), { recursive: true });
    for (const f of ['package.json', 'package-lock.json']) cpSync(join(ROOT, f), join(copy, f));
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const copyBin = join(copy, 'bin', 'pagecheck.js');
    // No dist/ yet: the first run builds it.
    expect(run(['--help'], { binPath: copyBin }).out).toMatch(/A model checker for the Linux page allocator/);
    const stamp = join(copy, 'dist', 'build.json');
    const built = statSync(stamp).mtimeMs;
    expect(run(['--help'], { binPath: copyBin }).code).toBe(0);
    expect(statSync(stamp).mtimeMs).toBe(built);
    // A source edited: the next run shows the edit.
    const main = join(copy, 'src', 'cli', 'main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace("'A model checker for the Linux page allocator'", "'An edited description'"));
    const after = run(['--help'], { binPath: copyBin });
    expect(after.code).toBe(0);
    expect(after.out).toMatch(/An edited description/);
    expect(statSync(stamp).mtimeMs).not.toBe(built);
    // A file rewritten with the same text (a checkout, a rebase) leaves the build as it is.
    const rebuilt = statSync(stamp).mtimeMs;
    const js = readFileSync(join(copy, 'dist', 'main.js'), 'utf8');
    writeFileSync(main, readFileSync(main, 'utf8'));
    expect(run(['--help'], { binPath: copyBin }).code).toBe(0);
    expect(readFileSync(join(copy, 'dist', 'main.js'), 'utf8')).toBe(js);
    expect(statSync(stamp).mtimeMs).toBeGreaterThanOrEqual(rebuilt);
  });
});
