/**
 * Code a variant file wrote runs through one wrapper (src/variant/overrides.ts): a throw in a
 * guard, an action or a property is the user's error (exit 2, naming the override, where and the
 * user's stack), never a finding and never pagecheck's; a non-boolean guard is caught; in debug
 * mode a guard that writes, and code that replaces a global, are stopped where they do it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../src/check.ts';
import { UserCodeError, setOverrideDebug } from '../../src/variant/overrides.ts';
import { implFor } from '../../models/mm/build.ts';
import { MODELS } from '../../models/registry.ts';
import { cli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pagecheck-overrides-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const variant = (name: string, body: string) =>
  write(`${name}.ts`, `import { defineVariant, R, NIL } from 'pagecheck';\nexport default defineVariant({ model: 'buddy', name: '${name}', kind: 'patch', description: 'd', ${body} });\n`);

/** Runs the command and checks the common shape of a user-code error report. */
async function userError(...args: string[]): Promise<string> {
  const r = await cli(...args);
  expect(r.code, r.err + r.out).toBe(2);
  expect(r.err).toMatch(/^pagecheck: error in the variant's own code: /);
  expect(r.err).not.toMatch(/internal bug/);
  expect(r.err).toMatch(/reproduce it with: npx pagecheck /);
  return r.err;
}

afterAll(() => setOverrideDebug(false));

describe('errors in a variant\'s own code', () => {
  it('a throw in a guard names the guard, the machine, the label, the step and the state, with the user\'s stack', async () => {
    const f = variant('throws', `guards: { order_is_max: (k) => { if (k.r(R.order) === 1) throw new Error('boom'); return k.r(R.order) >= k.g.maxOrder; } }`);
    const err = await userError('check', '--variant', f);
    expect(err).toContain(`guard 'order_is_max' of variant file ${f}: threw Error: boom`);
    expect(err).toMatch(/at step \d+: cpu\d step, cpu\d in __free_pages, step from label \S+ \(machine \w+\)/);
    expect(err).toMatch(/state: \|/);
    expect(err).toContain(`reproduce it with: npx pagecheck check --variant ${f}`);
    // The stack names the user's file and line (through the bundle's source map).
    expect(err).toContain(`${f}:2:`);
  });

  it('a throw in an action, and in a property, is the user\'s error too', async () => {
    const a = variant('action-throws', `actions: { merge_with_buddy: (k) => { throw new TypeError('bad'); } }`);
    expect(await userError('check', '--variant', a)).toContain(`action 'merge_with_buddy' of variant file ${a}: threw TypeError: bad`);
    const p = variant('property-throws', `properties: [{ code: 'U1', title: 't', meaning: 'm', check: (k) => { if (k.freeListFirst(0, 1) !== NIL) throw new RangeError('nope'); return null; } }]`);
    const err = await userError('check', '--variant', p);
    expect(err).toContain(`property 'U1' of variant file ${p}: threw RangeError: nope`);
  });

  it('a guard that returns something other than a boolean is caught, and a property that returns something other than a message or null', async () => {
    const f = write('nonbool.js', `export default { model: 'buddy', name: 'nonbool', kind: 'patch', description: 'd', guards: { order_is_max: (k) => (k.r(1) >= 99 ? 1 : undefined) } };\n`);
    expect(await userError('check', '--variant', f)).toContain("returned undefined (did it forget to return?), not a boolean");
    const p = write('propnum.js', `export default { model: 'buddy', name: 'propnum', kind: 'patch', description: 'd', properties: [{ code: 'U2', title: 't', meaning: 'm', check: () => 0 }] };\n`);
    expect(await userError('check', '--variant', p)).toContain("returned 0 (a number): a property returns null when it holds, else a message");
  });

  it('is reported the same way by fuzz (with the run to replay) and by the parallel search', async () => {
    const f = variant('throws2', `guards: { order_is_max: (k) => { if (k.r(R.order) === 1) throw new Error('boom'); return k.r(R.order) >= k.g.maxOrder; } }`);
    const fz = await userError('fuzz', '--variant', f, '--runs', '5', '--seed', '3');
    expect(fz).toMatch(/reproduce it with: npx pagecheck fuzz --variant \S+ --runs 5 --seed 3 --replay \d+/);
    const par = await userError('check', '--variant', f, '--workers', '2');
    expect(par).toMatch(/at step 6: cpu0 step/);
  });

  it('debug mode runs guards on a read-only view: a write, or a finding raised, is stopped where it happens', async () => {
    const f = variant('writes', `guards: { order_is_max: (k) => { k.set(R.tmp, 1); return k.r(R.order) >= k.g.maxOrder; } }`);
    // Outside debug mode the write goes unseen (the search is the same as without it, and the
    // guard decides as the one it replaces everywhere: vacuous, exit 3, not an error).
    expect((await cli('check', '--variant', f, '--no-witness')).code).toBe(3);
    setOverrideDebug(true);
    try {
      const err = await userError('check', '--variant', f);
      expect(err).toContain("writes cpu0's register 9 (R.tmp)");
      expect(err).toContain('a guard must only read');
      const g = variant('fails-in-guard', `guards: { order_is_max: (k) => { k.fail('U3', 'x'); return false; } }`);
      expect(await userError('check', '--variant', g)).toContain('raised a finding (k.fail)');
    } finally {
      setOverrideDebug(false);
    }
  });

  it('a global replaced while loading, or while running (in debug mode at the call, else when the command ends), is refused', async () => {
    const parseInt = globalThis.parseInt;
    const max = Math.max;
    try {
      const load = write('glob-load.ts', `import { defineVariant } from 'pagecheck';\nglobalThis.parseInt = (s: string) => Number(s);\nexport default defineVariant({ model: 'buddy', name: 'glob-load', kind: 'patch', description: 'd' });\n`);
      const r = await cli('check', '--variant', load);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`variant file ${load} replaces parseInt while loading`);
      globalThis.parseInt = parseInt;
      const run = variant('glob-run', `guards: { order_is_max: (k) => { Math.max = () => 0; return k.r(R.order) >= k.g.maxOrder; } }`);
      const end = await cli('check', '--variant', run);
      expect(end.code).toBe(2);
      expect(end.err).toContain("the variant's code replaced Math.max while it ran");
      Math.max = max;
      setOverrideDebug(true);
      expect(await userError('check', '--variant', run)).toContain("guard 'order_is_max' of variant file " + run + ': replaced Math.max');
    } finally {
      setOverrideDebug(false);
      globalThis.parseInt = parseInt;
      Math.max = max;
    }
  });

  it('a variant that overrides nothing runs the model\'s implementations themselves (no wrapper)', () => {
    for (const m of MODELS) expect(implFor(m.impl, m.variants.find((v) => v.name === 'baseline')!)).toBe(m.impl);
  });

  it('the built-in variants\' guards only read, and their code never throws (debug mode, first states of each)', () => {
    setOverrideDebug(true);
    try {
      for (const m of MODELS)
        for (const v of m.variants.filter((x) => Object.keys(x.guards ?? {}).length || Object.keys(x.actions ?? {}).length)) {
          let thrown: unknown = null;
          try {
            check({ model: m.name, variant: v.name }, { maxStates: 1500 });
          } catch (e) {
            thrown = e;
          }
          expect(thrown instanceof UserCodeError ? `${m.name}/${v.name}: ${thrown.message}` : thrown).toBeNull();
        }
    } finally {
      setOverrideDebug(false);
    }
  });
});
