/**
 * Where pagecheck's own entry modules are, whether it runs compiled (dist/, what the `pagecheck`
 * command runs) or from its TypeScript sources (the tests, the benchmarks, `PAGECHECK_SOURCES=1`).
 * A worker thread, the module a worker rebuilds its system from, and the API a variant file
 * imports must come from the same build as the code that names them.
 */

/** True when this module was loaded from the compiled bundle. */
export const COMPILED = !import.meta.url.endsWith('.ts');

/** The package's root directory: this file is src/util/modules.ts, or a module directly in dist/. */
const ROOT = new URL(COMPILED ? '../' : '../../', import.meta.url);

/** The sources that are entry points of the compiled bundle (the list scripts/build.mjs builds; a test checks they agree). */
export const ENTRY_SOURCES = ['src/cli/main.ts', 'src/api.ts', 'src/testing/vitest.ts', 'src/check.ts', 'src/engine/parallel-worker.ts', 'src/cli/search-worker.ts'] as const;

/** One of {@link ENTRY_SOURCES}. */
export type EntrySource = (typeof ENTRY_SOURCES)[number];

/** The URL of an entry module: its source, or dist/<basename>.js once compiled. */
export function entryUrl(source: EntrySource): URL {
  return COMPILED ? new URL(`dist/${source.replace(/^.*\//, '').replace(/\.ts$/, '.js')}`, ROOT) : new URL(source, ROOT);
}

/** The URL of a file of the package (outside dist/), from its root. */
export function packageUrl(path: string): URL {
  return new URL(path, ROOT);
}
