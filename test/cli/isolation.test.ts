/**
 * A variant file's search runs in a thread of its own, so that a loop in the variant's code that
 * never returns is still ended by --timeout and by Ctrl-C, with the figures reported so far and
 * a message saying what happened.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pagecheck-isolation-'));
const BIN = fileURLToPath(new URL('../../bin/pagecheck.js', import.meta.url));

/** A variant whose guard loops forever once the search reaches an order-2 free, leaving a marker when it starts looping. */
function loopingVariant(marker: string): string {
  const f = join(dir, `loop-${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(
    f,
    `import { writeFileSync } from 'node:fs';\n` +
      `export default { model: 'buddy', name: 'loops', kind: 'patch', description: 'a guard that never returns',\n` +
      `  guards: { order_is_max: (k) => { if (k.r(1) === 2) { writeFileSync(${JSON.stringify(marker)}, 'x'); for (;;) {} } return k.r(1) >= k.g.maxOrder; } } };\n`,
  );
  return f;
}

describe('a variant whose code never returns', () => {
  it('is ended by --timeout, with a message', async () => {
    const r = await cli('check', '--variant', loopingVariant(join(dir, 'm1')), '--timeout', '1', '--json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'incomplete', bound: 'timeout', limit: 1 });
    expect(r.err).toContain("the search did not stop within 2 s of its --timeout: the variant's code is probably in a loop that does not return inside one step");
  });

  it('is ended by Ctrl-C', async () => {
    const marker = join(dir, 'm2');
    const child = spawn(process.execPath, [BIN, 'check', '--variant', loopingVariant(marker)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    // Ctrl-C once the variant's code is looping.
    while (!existsSync(marker)) await new Promise((res) => setTimeout(res, 100));
    child.kill('SIGINT');
    expect(await exited).toBe(3);
    expect(out).toMatch(/^BOUND {2}buddy\/loops @ default: interrupted/);
    expect(err).toContain('the search did not stop within 2 s of Ctrl-C');
  });
});
