/**
 * Variant files written by a user outside the repository: loaded without a build step, and
 * every mistake a user will make gets a clear message, exit 2 and no stack trace.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pagecheck-variants-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const header = `import { defineVariant, R } from 'pagecheck';\n`;

async function fails(file: string, ...more: string[]): Promise<string> {
  const r = await cli('check', '--variant', file, ...more);
  expect(r.code).toBe(2);
  expect(r.err).not.toMatch(/\n\s+at /);
  return r.err;
}

describe('variant files', () => {
  it('loads a TypeScript variant from outside the repository and checks it', async () => {
    const f = write(
      'early.ts',
      header +
        `export default defineVariant({ model: 'buddy', name: 'merge-one-order-less', kind: 'mutant',
  description: 'stops merging one order early', guards: { order_is_max: (k) => k.r(R.order) >= k.g.maxOrder - 1 }, expect: 'Q1' });`,
    );
    const r = await cli('check', '--variant', f, '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.variant).toBe('merge-one-order-less');
    expect(j.violation.property).toBe('Q1');
  });

  it('replays a trace of a variant file', async () => {
    const f = write('early2.ts', header + `export default defineVariant({ model: 'buddy', name: 'early2', kind: 'mutant', description: 'd', guards: { order_is_max: (k) => k.r(R.order) >= k.g.maxOrder - 1 }, expect: 'Q1' });`);
    const trace = join(dir, 'early2.json');
    expect((await cli('check', '--variant', f, '--trace-out', trace)).code).toBe(1);
    const r = await cli('replay', trace, '--variant', f, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).replay.reproduced).toBe(true);
  });

  it('accepts a whole machine written as a plain configuration, with a call to a model machine', async () => {
    const f = write(
      'machine.ts',
      header +
        `export default defineVariant({ model: 'buddy', name: 'split-page-two-steps', kind: 'patch', description: 'split_page in two steps',
  machines: { split_page: { initial: 'refcount', states: {
    refcount: { on: { STEP: { actions: 'split_page', target: 'hand' } } },
    hand: { on: { STEP: { actions: 'ghost_hand_split_to_caller', target: 'done' } } },
    done: { type: 'final' } } } } });`,
    );
    const r = await cli('check', '--variant', f, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).status).toBe('ok');
  });

  it('checks the properties and scenarios a variant brings', async () => {
    const f = write(
      'property.ts',
      `import { defineVariant, NIL } from 'pagecheck';
export default defineVariant({ model: 'buddy', name: 'with-property', kind: 'patch', description: 'd',
  properties: [{ code: 'U1', title: 'no order-2 block on the MOVABLE list', meaning: 'mine',
    check: (k) => (k.freeListFirst(2, k.g.mt.MOVABLE) !== NIL ? 'an order-2 block is on the MOVABLE list' : null) }],
  configs: { tiny: { pages: 8, pagesPerSection: 8, maxOrder: 2, pageblockOrder: 1, cpus: 1, workload: { allocOrders: [0], allocsPerCpu: 1 } } },
  config: 'tiny' });`,
    );
    const r = await cli('check', '--variant', f, '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.config).toBe('tiny');
    expect(j.violation).toMatchObject({ property: 'U1', steps: 0, message: 'an order-2 block is on the MOVABLE list' });
  });

  it('checks mutant files with pagecheck mutants, and refuses a patch there', async () => {
    const m = write('m.ts', header + `export default defineVariant({ model: 'buddy', name: 'early-m', kind: 'mutant', description: 'd', guards: { order_is_max: (k) => k.r(R.order) >= k.g.maxOrder - 1 }, expect: 'Q1' });`);
    const r = await cli('mutants', '--variant', m, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ total: 1, caught: 1, mutants: [{ variant: 'early-m', property: 'Q1', status: 'ok' }] });
    const p = write('p.ts', header + `export default defineVariant({ model: 'buddy', name: 'a-patch', kind: 'patch', description: 'd' });`);
    const bad = await cli('mutants', '--variant', p);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('declares a patch, not a mutant');
  });

  it('reports a missing file', async () => {
    expect(await fails(join(dir, 'nope.ts'))).toContain('does not exist');
  });

  it('reports a syntax error with the line and column', async () => {
    const f = write('syntax.ts', header + `export default defineVariant({ model: 'buddy', name: 'x', kind: 'patch', description: 'd',\n  guards: { order_is_max: (k) => { return k.r(R.order) > } } });`);
    expect(await fails(f)).toMatch(/syntax\.ts:3:\d+: Unexpected "}"/);
  });

  it('reports a type error with the line and column', async () => {
    const f = write('types.ts', header + `export default defineVariant({ model: 'buddy', name: 'x', kind: 'patch', description: 'd',\n  guards: { order_is_max: (k) => k.rr(R.order) > 0 } });`);
    expect(await fails(f)).toMatch(/types\.ts:3:\d+: Property 'rr' does not exist/);
  });

  it('reports a default export of the wrong shape, naming the field', async () => {
    const none = write('none.ts', `export const v = 1;`);
    expect(await fails(none)).toContain('has no default export');
    const shape = write('shape.ts', `export default { model: 'buddy', name: 'x', kind: 'fix', description: 'd', guards: { order_is_max: 3 } };`);
    const err = await fails(shape);
    expect(err).toContain('variant.kind');
    expect(err).toContain('variant.guards.order_is_max: must be a function');
  });

  it('names the closest guard, action or machine when an override names one the model does not have', async () => {
    const g = write('guard.ts', header + `export default defineVariant({ model: 'buddy', name: 'x', kind: 'patch', description: 'd', guards: { buddy_can_marge: () => true } });`);
    expect(await fails(g)).toMatch(/guard 'buddy_can_marge'.*closest: buddy_can_merge/);
    const a = write('action.ts', header + `export default defineVariant({ model: 'buddy', name: 'x', kind: 'patch', description: 'd', actions: { merge_with_budy: () => {} } });`);
    expect(await fails(a)).toMatch(/action 'merge_with_budy'.*closest: merge_with_buddy/);
    const m = write('machine-name.ts', header + `export default defineVariant({ model: 'buddy', name: 'x', kind: 'patch', description: 'd', machines: { split_pages: { initial: 'a', states: { a: { on: { STEP: 'b' } }, b: { type: 'final' } } } } });`);
    expect(await fails(m)).toMatch(/machine 'split_pages'.*closest: split_page/);
  });

  it('rejects a machine with a state that cannot be reached, or that never returns control', async () => {
    const unreachable = write(
      'unreachable.ts',
      header + `export default defineVariant({ model: 'buddy', name: 'x', kind: 'patch', description: 'd', machines: { split_page: { initial: 'a', states: { a: { on: { STEP: { actions: ['split_page', 'ghost_hand_split_to_caller'], target: 'done' } } }, lost: { on: { STEP: 'done' } }, done: { type: 'final' } } } } });`,
    );
    expect(await fails(unreachable)).toMatch(/'lost' cannot be reached/);
    const stuck = write(
      'stuck.ts',
      header + `export default defineVariant({ model: 'buddy', name: 'x', kind: 'patch', description: 'd', machines: { split_page: { initial: 'a', states: { a: { on: { STEP: 'spin' } }, spin: { on: { STEP: 'spin' } }, done: { type: 'final' } } } } });`,
    );
    expect(await fails(stuck)).toMatch(/never|cannot be reached/);
  });

  it('refuses a variant written for another model', async () => {
    const f = write('other.ts', header + `export default defineVariant({ model: 'buddy', name: 'x', kind: 'patch', description: 'd' });`);
    expect(await fails(f, '--model', 'pcp')).toContain('declares a variant of model buddy, not of pcp');
  });
});

describe('an override calls the implementation it replaces', () => {
  it("gets the model's action and guard as its second argument: wrapping them changes nothing", async () => {
    const f = write(
      'wrapped.ts',
      header +
        `let calls = 0;
export default defineVariant({ model: 'buddy', name: 'wrapped-lock', kind: 'patch', description: 'zone_lock and order_is_max wrapped around the originals',
  actions: { zone_lock: (k, zoneLock) => { calls++; zoneLock(k); } },
  guards: { order_is_max: (k, orderIsMax) => orderIsMax(k) },
});
export { calls };`,
    );
    const base = JSON.parse((await cli('check', '--model', 'buddy', '--config', 'section-edge', '--json')).out);
    const r = await cli('check', '--variant', f, '--config', 'section-edge', '--json', '--no-witness');
    // The same search, and overrides that never differ from what they wrap: vacuous, not an error.
    expect(r.code).toBe(3);
    const j = JSON.parse(r.out);
    expect([j.states, j.transitions]).toEqual([base.states, base.transitions]);
    expect(j.vacuity.vacuous.map((v: { name: string }) => v.name)).toEqual(['order_is_max', 'zone_lock']);
  });

  it('can add to what it replaces, and the addition is caught', async () => {
    const f = write(
      'after-original.ts',
      header +
        `export default defineVariant({ model: 'buddy', name: 'merge-then-stop', kind: 'mutant', expect: 'Q1', description: 'order_is_max also true one order early',
  guards: { order_is_max: (k, orderIsMax) => orderIsMax(k) || k.r(R.order) === k.g.maxOrder - 1 },
});`,
    );
    const r = await cli('check', '--variant', f, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).violation.property).toBe('Q1');
  });

  it("gets the baseline variant's version when the file starts from a variant that overrides the same name", async () => {
    // pcp's claim-keeps-mode overrides claim_resets_mode; a file on top of it that calls what it
    // replaces is that variant again (same states), not the model's action.
    const f = write(
      'on-variant.ts',
      header +
        `export default defineVariant({ model: 'pcp', name: 'claim-keeps-mode-again', kind: 'mutant', expect: 'divergence', baseline: 'claim-keeps-mode', config: 'fragmented',
  description: 'claim-keeps-mode, through the replaced action', actions: { claim_resets_mode: (k, replaced) => replaced(k) } });`,
    );
    const mutant = JSON.parse((await cli('check', '--model', 'pcp', '--variant', 'claim-keeps-mode', '--config', 'fragmented', '--json')).out);
    const model = JSON.parse((await cli('check', '--model', 'pcp', '--config', 'fragmented', '--json')).out);
    const r = JSON.parse((await cli('check', '--variant', f, '--config', 'fragmented', '--json')).out);
    expect([r.states, r.transitions]).toEqual([mutant.states, mutant.transitions]);
    expect([r.states, r.transitions]).not.toEqual([model.states, model.transitions]);
  });
});
