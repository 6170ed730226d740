/**
 * The package as a user gets it: `npm pack` of a copy of the checkout, installed into an empty
 * project of its own (offline, from the tarball and npm's local cache, which `npm ci` filled), where
 * a variant file is type-checked by the user's `tsc` against `import ... from 'pagecheck'`,
 * `npx pagecheck validate` and `check` run on variant files, and a test of the user's imports
 * `pagecheck/vitest`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/build.mjs';

const work = mkdtempSync(join(tmpdir(), 'pagecheck-package-'));
const project = join(work, 'project');
let tarball = '';
let files: string[] = [];

function sh(cmd: string, args: readonly string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function ok(r: { code: number | null; out: string; err: string }, what: string) {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${r.out}\n${r.err}`);
  return r;
}

/** The version the checkout's lock file installed (so that the cache has it). */
const devVersion = (name: string): string => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

interface LockEntry {
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [k: string]: unknown;
}

/**
 * A lock file for the user's project: pagecheck from the tarball, every other package at the
 * version the checkout's lock file pins (so that npm takes each from its cache, by the same
 * address, without asking the registry which versions exist).
 */
function lockFor(deps: Record<string, string>) {
  const ours = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const self = ours.packages[''];
  const packages: Record<string, unknown> = {
    '': { name: 'my-patches', dependencies: deps },
    'node_modules/pagecheck': { version: self.version, resolved: deps.pagecheck, license: self.license, dependencies: self.dependencies, bin: self.bin, engines: self.engines },
  };
  const todo = [...Object.keys(self.dependencies ?? {}), 'typescript', 'vitest'];
  while (todo.length) {
    const name = todo.pop()!;
    const key = `node_modules/${name}`;
    if (packages[key] || !ours.packages[key]) continue;
    const { dev: _dev, devOptional: _devOptional, ...entry } = ours.packages[key];
    packages[key] = entry;
    todo.push(...Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies }));
  }
  return { name: 'my-patches', lockfileVersion: 3, requires: true, packages };
}

beforeAll(() => {
  // A copy of the checkout, so that packing (which rebuilds dist/ with declarations) leaves the checkout's own dist/ alone.
  const copy = join(work, 'checkout');
  mkdirSync(copy);
  for (const d of ['bin', 'src', 'models', 'properties', 'scripts', 'schemas']) cpSync(join(ROOT, d), join(copy, d), { recursive: true });
  for (const f of ['package.json', 'package-lock.json', 'README.md', 'tsconfig.json']) cpSync(join(ROOT, f), join(copy, f));
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  const packed = ok(sh('npm', ['pack', '--json', '--pack-destination', work], copy), 'npm pack');
  const info = JSON.parse(packed.out.slice(packed.out.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info[0].filename);
  files = info[0].files.map((f) => f.path);

  mkdirSync(project);
  const deps = { pagecheck: `file:${tarball}`, typescript: devVersion('typescript'), vitest: devVersion('vitest') };
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-patches', private: true, type: 'module', dependencies: deps, allowScripts: { esbuild: false } }, null, 2));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lockFor(deps), null, 2));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: true, types: [] }, include: ['*.ts'] }, null, 2),
  );
  // Offline: everything comes from the tarball and npm's cache; nothing is downloaded.
  ok(sh('npm', ['ci', '--offline'], project), 'npm ci --offline');
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const patch = `import { defineVariant, R, type StepContext } from 'pagecheck';

/** order_is_max written another way: the same decision. */
const atMax = (k: StepContext): boolean => !(k.r(R.order) < k.g.maxOrder);

export default defineVariant({
  model: 'buddy',
  name: 'order-is-max-rewritten',
  kind: 'patch',
  description: 'order_is_max as a negated comparison',
  guards: { order_is_max: atMax },
});
`;

const mutant = `import { defineVariant, R } from 'pagecheck';
export default defineVariant({
  model: 'buddy', name: 'merge-one-order-less', kind: 'mutant', expect: 'Q1',
  description: '__free_one_page stops merging one order early',
  guards: { order_is_max: (k) => k.r(R.order) >= k.g.maxOrder - 1 },
});
`;

describe('the packed package', () => {
  it('holds only what runs: the launcher, the compiled modules and their declarations, the JSON Schemas of the output', () => {
    expect(files).toContain('bin/pagecheck.js');
    expect(files).toContain('schemas/check.schema.json');
    expect(files).toContain('dist/main.js');
    expect(files).toContain('dist/types/src/api.d.ts');
    expect(files).toContain('dist/types/src/testing/vitest.d.ts');
    const other = files.filter((f) => !/^(bin\/pagecheck\.js|dist\/[^/]+\.js|dist\/types\/.+\.d\.ts|schemas\/\w+\.schema\.json|package\.json|README\.md)$/.test(f));
    expect(other).toEqual([]);
  });

  it("type-checks variant files in the user's project with the user's tsc: the right ones pass, a wrong one is reported", () => {
    writeFileSync(join(project, 'patch.ts'), patch);
    writeFileSync(join(project, 'mutant.ts'), mutant);
    writeFileSync(join(project, 'wrong.ts'), `import { defineVariant } from 'pagecheck';\nexport default defineVariant({ model: 'buddy', name: 'w', kind: 'patch', description: 'd', guards: { order_is_max: (k) => k.r('order') > 1 } });\n`);
    // One run, with the settings of `tsc --init` (skipLibCheck, no ambient types): errors in wrong.ts only.
    const r = sh('npx', ['tsc', '-p', '.'], project);
    rmSync(join(project, 'wrong.ts'));
    expect(r.code).not.toBe(0);
    const errors = r.out.split('\n').filter((l) => /error TS/.test(l));
    expect(errors).toEqual([expect.stringMatching(/^wrong\.ts\(2,\d+\): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'/)]);
  }, 240_000);

  it('runs npx pagecheck validate and check on variant files of the project', () => {
    const v = sh('npx', ['pagecheck', 'validate', '--model', 'buddy', '--before', 'baseline', '--after', './patch.ts', '--config', 'section-edge'], project);
    expect(v.err).toBe('');
    // A rewrite of a guard that decides the same on every state reached cannot be told from the code it replaces.
    expect(v.code).toBe(3);
    // The report wraps at 80 columns: read the verdict line joined again.
    expect(v.out.replace(/\n\s+/g, ' ')).toMatch(/^VACUOUS .*guard order_is_max never differed from the code it replaces/);
    const c = sh('npx', ['pagecheck', 'check', '--variant', './mutant.ts', '--json'], project);
    expect(c.code).toBe(1);
    expect(JSON.parse(c.out)).toMatchObject({ status: 'fail', variant: 'merge-one-order-less', violation: { property: 'Q1' } });
  });

  it("runs a test of the user's with pagecheck/vitest", () => {
    writeFileSync(
      join(project, 'patch.test.ts'),
      `import { expect, test } from 'vitest';
import { checkModel, loadVariant } from 'pagecheck/vitest';
test('the patch keeps every property', async () => {
  expect(checkModel({ ...(await loadVariant('./patch.ts')), config: 'section-edge' })).toHold();
}, 60_000);
test('the mutant is caught', async () => {
  expect(checkModel(await loadVariant('./mutant.ts'))).toBeCaughtBy('Q1');
}, 60_000);
`,
    );
    const r = sh('npx', ['vitest', 'run', '--root', project], project);
    expect(r.code, `${r.out}\n${r.err}`).toBe(0);
    expect(r.out).toMatch(/2 passed/);
    expect(readdirSync(join(project, 'node_modules', 'pagecheck'))).not.toContain('src');
  });
});
