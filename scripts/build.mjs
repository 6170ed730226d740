#!/usr/bin/env node
/**
 * Builds dist/, what the `pagecheck` command and the package's entry points run: the TypeScript
 * sources bundled by esbuild into ES modules that share their chunks (so that a variant file's
 * `import 'pagecheck'` sees the same modules as the CLI that loads it), with the libraries
 * bundled in (loading zod or commander as hundreds of small files costs more than the search of a
 * small configuration). `--types` (what `npm pack` runs) also writes the declaration files
 * (dist/types/) the package's `types` point to, and no source maps.
 *
 * dist/build.json records every source file the bundle was made of and a hash of their contents:
 * `ensureBuilt()` (which bin/pagecheck.js calls in a checkout, and the tests before they start)
 * rebuilds when any of them changed, so that a checkout never runs stale compiled code.
 *
 *   node scripts/build.mjs [--types] [--if-stale]
 */
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root directory. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const STAMP = 'build.json';

/**
 * The entry points, by source; each is written as dist/<basename>.js (src/util/modules.ts maps a
 * source to its compiled module by the same rule, and a test checks that the two lists agree).
 */
export const ENTRIES = ['src/cli/main.ts', 'src/api.ts', 'src/testing/vitest.ts', 'src/check.ts', 'src/engine/parallel-worker.ts', 'src/cli/search-worker.ts'];

/** Left out of the bundle: a native binary, the type checker (loaded only to check a variant file), the test runner of the user. */
const EXTERNAL = ['esbuild', 'typescript', 'vitest', 'tsx'];

/** Files besides the bundle's own inputs whose change makes a build stale. */
const ALSO = ['package-lock.json', 'scripts/build.mjs'];

/** Size and modification time of each file (null: missing). */
function statsOf(files) {
  return files.map((f) => {
    try {
      const st = statSync(join(ROOT, f));
      return [st.size, st.mtimeMs];
    } catch {
      return null;
    }
  });
}

async function hashOf(files) {
  const { createHash } = await import('node:crypto');
  const h = createHash('sha1');
  for (const f of files) {
    h.update(f);
    h.update('\0');
    try {
      h.update(readFileSync(join(ROOT, f)));
    } catch {
      h.update('\0missing');
    }
    h.update('\0');
  }
  return h.digest('hex');
}

function writeStamp(dir, inputs, hash) {
  writeFileSync(join(dir, STAMP), JSON.stringify({ hash, inputs, stats: statsOf(inputs) }) + '\n');
}

/**
 * True when dist/ was built from the sources as they are now. The sizes and modification times
 * of the inputs answer at once when nothing was touched; when something was, the hash of the
 * contents decides (a checkout that rewrote files with the same text leaves the build fresh).
 */
export async function isFresh() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(DIST, STAMP), 'utf8'));
  } catch {
    return false;
  }
  if (!Array.isArray(stamp.inputs) || !Array.isArray(stamp.stats)) return false;
  if (JSON.stringify(statsOf(stamp.inputs)) === JSON.stringify(stamp.stats)) return true;
  if (stamp.hash !== (await hashOf(stamp.inputs))) return false;
  try {
    writeStamp(DIST, stamp.inputs, stamp.hash);
  } catch {
    // A read-only checkout: the hash is checked again next time.
  }
  return true;
}

/**
 * zod's messages in English only: its other locales are half of its size and never loaded (the
 * bundle cannot leave them out by itself, as zod exports them as one namespace).
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /[\\/]locales[\\/]index\.js$/ }, (a) => (/[\\/]zod[\\/]v4[\\/]/.test(a.importer) ? { path: 'zod-locales', namespace: 'pagecheck-stub' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'pagecheck-stub' }, () => ({ contents: "export { default as en } from 'zod/v4/locales/en.js';", resolveDir: ROOT, loader: 'js' }));
  },
};

/**
 * Builds dist/ into a fresh directory and puts it in place with a rename, so that a process
 * starting meanwhile sees either the old build or the new one. Returns the seconds it took.
 */
export async function build({ types = false } = {}) {
  const t0 = performance.now();
  const { build: esbuild } = await import('esbuild');
  const names = ENTRIES.map((e) => e.replace(/^.*\//, '').replace(/\.ts$/, ''));
  if (new Set(names).size !== names.length) throw new Error(`entry points with the same name: ${ENTRIES.join(', ')}`);
  const tmp = `${DIST}.tmp-${process.pid}-${Date.now()}`;
  const r = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(names.map((n, i) => [n, ENTRIES[i]])),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: tmp,
    chunkNames: 'chunk-[hash]',
    external: EXTERNAL,
    // Bundled CommonJS libraries (commander) require Node's modules.
    banner: { js: "import { createRequire as __pagecheckRequire } from 'node:module';\nconst require = __pagecheckRequire(import.meta.url);" },
    minifyWhitespace: true,
    minifySyntax: true,
    // Source maps for a checkout (node --enable-source-maps); the package ships none.
    sourcemap: types ? false : 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [zodEnglishOnly],
  });
  const inputs = [...Object.keys(r.metafile.inputs).filter((f) => !f.includes('node_modules') && !f.includes(':')), ...ALSO].sort();
  if (types) emitTypes(tmp);
  writeStamp(tmp, inputs, await hashOf(inputs));
  const old = `${DIST}.old-${process.pid}-${Date.now()}`;
  if (existsSync(DIST)) renameSync(DIST, old);
  try {
    renameSync(tmp, DIST);
  } catch (e) {
    // Another process put its build in place between the two renames: it was built from the same sources.
    if (!existsSync(DIST)) throw e;
    rmSync(tmp, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
  return (performance.now() - t0) / 1000;
}

/** Declaration files of the package's entry points (api and vitest), by the TypeScript compiler. */
function emitTypes(outdir) {
  // Loaded here: the type checker is needed only for --types.
  const ts = createRequire(import.meta.url)('typescript');
  const cfg = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile).config;
  const parsed = ts.parseJsonConfigFileContent({ ...cfg, include: [], files: ['src/api.ts', 'src/testing/vitest.ts'] }, ts.sys, ROOT);
  const options = { ...parsed.options, noEmit: false, declaration: true, emitDeclarationOnly: true, outDir: join(outdir, 'types'), rootDir: ROOT, paths: undefined };
  const program = ts.createProgram(parsed.fileNames, options);
  const res = program.emit();
  const diags = [...ts.getPreEmitDiagnostics(program), ...res.diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (diags.length) throw new Error(`declarations: ${ts.formatDiagnostics(diags.slice(0, 5), { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' })}`);
  // A declaration that names Node's types (a worker thread's) says so, for a project whose tsconfig lists no types (@types/node is a dependency).
  for (const f of readdirSync(join(outdir, 'types'), { recursive: true })) {
    const file = join(outdir, 'types', String(f));
    if (!file.endsWith('.d.ts')) continue;
    const text = readFileSync(file, 'utf8');
    if (/from 'node:/.test(text)) writeFileSync(file, `/// <reference types="node" />\n${text}`);
  }
}

/**
 * Builds dist/ unless it is fresh. Returns true when dist/ can be run; on a build error (a syntax
 * error in a source, say) it says so on stderr and returns false, and the caller runs the sources.
 */
export async function ensureBuilt() {
  if (await isFresh()) return true;
  try {
    await build();
    return true;
  } catch (e) {
    process.stderr.write(`pagecheck: cannot build dist/ (${String(e.message ?? e).split('\n')[0]}); running the TypeScript sources\n`);
    return false;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args.includes('--if-stale') && (await isFresh())) process.exit(0);
  const s = await build({ types: args.includes('--types') });
  process.stdout.write(`pagecheck: built ${relative(process.cwd(), DIST) || 'dist'}/ in ${s.toFixed(2)} s\n`);
}
