#!/usr/bin/env node
// Launcher: runs the compiled CLI (dist/main.js). In a checkout (where src/ is beside dist/),
// dist/ is first rebuilt if any source changed since it was built, so that stale code never
// runs; if it cannot be built, or with PAGECHECK_SOURCES=1, the TypeScript sources run instead,
// through tsx.
import { existsSync } from 'node:fs';

// A closed pipe (`pagecheck list | head`) ends the output, not the program with a stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });

const sources = new URL('../src/cli/main.ts', import.meta.url);
let entry = new URL('../dist/main.js', import.meta.url);
if (existsSync(sources)) {
  const { ensureBuilt } = await import('../scripts/build.mjs');
  if (process.env.PAGECHECK_SOURCES === '1' || !(await ensureBuilt())) {
    const { register } = await import('tsx/esm/api');
    register();
    entry = sources;
  }
} else if (!existsSync(entry)) {
  process.stderr.write('pagecheck: this installation has no dist/main.js (the package was packed without its build); reinstall it\n');
  process.exit(4);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
