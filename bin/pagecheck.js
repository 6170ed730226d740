#!/usr/bin/env node
// Launcher: the sources are TypeScript, loaded through tsx's ESM hook so that no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
