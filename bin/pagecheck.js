#!/usr/bin/env node
// Launcher: the sources are TypeScript, loaded through tsx's ESM hook so that no build step is needed.
import { register } from 'tsx/esm/api';

register();
// A closed pipe (`pagecheck list | head`) ends the output, not the program with a stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
