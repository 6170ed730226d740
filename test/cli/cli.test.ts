import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pagecheck-cli-'));
const file = (name: string, content: unknown) => {
  const p = join(tmp, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const good = { pages: 16, pagesPerSection: 8, maxOrder: 2, pageblockOrder: 1, cpus: 1, workload: { allocOrders: [0], allocsPerCpu: 1 } };

describe('pagecheck list', () => {
  it('lists models with variants (kind), configurations and the properties with their codes', async () => {
    const r = await cli('list', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const buddy = j.models.find((m: { name: string }) => m.name === 'buddy');
    expect(buddy.variants.find((v: { name: string }) => v.name === 'baseline').kind).toBe('baseline');
    expect(buddy.variants.filter((v: { kind: string }) => v.kind === 'mutant').length).toBeGreaterThanOrEqual(6);
    expect(buddy.configs.map((c: { name: string }) => c.name)).toContain('default');
    expect(j.properties.map((p: { code: string }) => p.code)).toEqual(expect.arrayContaining(['P1', 'P2', 'P3', 'P4', 'P5', 'Q1']));
  });
});

describe('pagecheck check', () => {
  it('exits 0 with the documented JSON fields when every property holds', async () => {
    const r = await cli('check', '--model', 'buddy', '--config', file('good.json', good), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ schemaVersion: 1, command: 'check', status: 'ok', outcome: 'holds', model: 'buddy', variant: 'baseline' });
    for (const k of ['states', 'transitions', 'depth', 'seconds', 'statesPerSecond']) expect(typeof j[k]).toBe('number');
  });

  it('exits 1 with the violation, its step and its trace for a mutant', async () => {
    const r = await cli('check', '--model', 'buddy', '--variant', 'pagehead-after-put', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ status: 'fail', outcome: 'violation' });
    expect(j.violation.property).toBe('P2');
    expect(j.violation.steps).toBe(j.violation.trace.length);
    expect(j.violation.trace[0]).toMatchObject({ step: 1, thread: expect.stringMatching(/^cpu\d/) });
  });

  it('prints a readable counterexample with a memory map per step and the reproduce line', async () => {
    const r = await cli('check', '--model', 'buddy', '--variant', 'expand-wrong-half');
    expect(r.code).toBe(1);
    expect(r.out).toContain('VIOLATION');
    expect(r.out).toMatch(/^\s+1\s+\|[0-9#\-?!A-Z|]+\|\s+cpu0/m);
    expect(r.out).toContain('P1 partition');
    expect(r.out).toContain('Reproduce: npx pagecheck check --model buddy --variant expand-wrong-half --config default');
  });

  it('reports a deadlock as such, with exit 1', async () => {
    const r = await cli('check', '--model', 'pcp-buddy', '--variant', 'spin-lock-in-irq', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'fail', outcome: 'deadlock' });
  });

  it('ends with status incomplete and exit 3 when a bound is reached, never with success', async () => {
    const s = await cli('check', '--model', 'buddy', '--max-states', '50', '--json');
    expect(s.code).toBe(3);
    expect(JSON.parse(s.out)).toMatchObject({ status: 'incomplete', outcome: 'bound', bound: 'maxStates', limit: 50 });
    const d = await cli('check', '--model', 'buddy', '--max-depth', '3', '--json');
    expect(d.code).toBe(3);
    expect(JSON.parse(d.out)).toMatchObject({ status: 'incomplete', outcome: 'bound', bound: 'maxDepth' });
  });
});

describe('bad input: exit 2, a message naming the field and the rule, no stack trace', () => {
  const cases: [string, unknown, RegExp][] = [
    ['section size not a power of two', { ...good, pagesPerSection: 12, pages: 24 }, /config\.pagesPerSection: must be a power of two/],
    ['max-order block larger than a section', { ...good, maxOrder: 4 }, /config\.maxOrder: a max-order block \(16 pages\) must fit in one section \(8 pages\)/],
    ['pageblock_order above MAX_PAGE_ORDER', { ...good, pageblockOrder: 3 }, /config\.pageblockOrder: must not exceed maxOrder/],
    ['pages not a multiple of the section size', { ...good, pages: 20 }, /config\.pages: must be a multiple of pagesPerSection/],
    ['zero CPUs', { ...good, cpus: 0 }, /config\.cpus: .*>=\s*1/],
    ['an unknown field', { ...good, colour: 'blue' }, /colour/],
    ['an alloc order above MAX_PAGE_ORDER', { ...good, workload: { allocOrders: [3] } }, /config\.workload\.allocOrders\[0\]: order 3 exceeds maxOrder/],
  ];
  for (const [what, cfg, msg] of cases)
    it(`rejects ${what}`, async () => {
      const r = await cli('check', '--model', 'buddy', '--config', file(`bad-${what.replace(/\W+/g, '-')}.json`, cfg));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err).not.toMatch(/\n\s+at /);
    });

  it('rejects zero CPUs given on the command line', async () => {
    const r = await cli('check', '--model', 'buddy', '--cpus', '0');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--cpus must be between 1 and 8');
  });

  it('names the known models, variants and strategies when given an unknown one', async () => {
    const m = await cli('check', '--model', 'budy');
    expect(m.code).toBe(2);
    expect(m.err).toContain("unknown model 'budy'");
    expect(m.err).toContain("Did you mean 'buddy'");
    const v = await cli('check', '--model', 'buddy', '--variant', 'expand-wrong-halves');
    expect(v.code).toBe(2);
    expect(v.err).toContain("Did you mean 'expand-wrong-half'");
    const s = await cli('check', '--model', 'buddy', '--strategy', 'bfd');
    expect(s.code).toBe(2);
    expect(s.err).toContain('--strategy must be one of bfs, dfs');
    const c = await cli('check', '--model', 'buddy', '--config', 'defualt');
    expect(c.code).toBe(2);
    expect(c.err).toContain("Did you mean 'default'");
  });
});

describe('trace files and replay', () => {
  it('replays a counterexample to the same violation at the same step, for every mutant kind of outcome', async () => {
    for (const variant of ['pagehead-after-put', 'merge-stops-early', 'free-one-page-no-unlock']) {
      const out = join(tmp, `${variant}.json`);
      const c = await cli('check', '--model', 'buddy', '--variant', variant, '--trace-out', out);
      expect(c.code).toBe(1);
      const r = await cli('replay', out, '--json');
      expect(r.code).toBe(1);
      const j = JSON.parse(r.out);
      expect(j.replay.reproduced).toBe(true);
    }
  });

  it('rejects malformed, truncated and mismatched trace files with exit 2', async () => {
    const out = join(tmp, 'p2.json');
    await cli('check', '--model', 'buddy', '--variant', 'pagehead-after-put', '--trace-out', out);
    const text = readFileSync(out, 'utf8');
    const t = JSON.parse(text);

    const notJson = await cli('replay', file('not-json.json', 'hello'));
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain('not valid JSON');

    const truncated = await cli('replay', file('truncated.json', text.slice(0, text.length / 2)));
    expect(truncated.code).toBe(2);
    expect(truncated.err).toContain('truncated');

    // An edit is refused by the digest (checked first, so that damage is reported as damage); the
    // checks below it are reached by re-signing the edit.
    const edited = await cli('replay', file('edited.json', { ...t, configObject: { ...t.configObject, cpus: 3 } }));
    expect(edited.code).toBe(2);
    expect(edited.err).toContain('does not match its digest');
    const sign = (o: Record<string, unknown>) => {
      const { digest: _d, ...body } = o;
      return { ...body, digest: createHash('sha256').update(JSON.stringify(body)).digest('hex') };
    };
    const { steps: _drop, ...noSteps } = t;
    expect((await cli('replay', file('missing-unsigned.json', noSteps))).err).toContain('does not match its digest');
    const missing = await cli('replay', file('missing.json', sign(noSteps)));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/trace\.steps/);
    const otherConfig = await cli('replay', file('other-config.json', sign({ ...t, configObject: { ...t.configObject, cpus: 3 } })));
    expect(otherConfig.code).toBe(2);
    expect(otherConfig.err).toContain('recorded for another configuration');

    const otherModel = await cli('replay', out, '--model', 'pcp');
    expect(otherModel.code).toBe(2);
    expect(otherModel.err).toContain('recorded for model buddy');

    const bad = { ...t, steps: t.steps.map((s: { transition: string }, i: number) => (i === 0 ? { ...s, transition: 'cpu7 step' } : s)) };
    const notReplayable = await cli('replay', file('bad-step.json', sign(bad)));
    expect(notReplayable.code).toBe(2);
    expect(notReplayable.err).toContain("step 1: 'cpu7 step' is not a transition");
  });
});

describe('pagecheck mutants', () => {
  it('catches every mutant and reports the counts', async () => {
    const r = await cli('mutants', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.caught).toBe(j.total);
    expect(j.total).toBeGreaterThanOrEqual(8);
    for (const m of j.mutants) expect(m).toMatchObject({ caught: true, status: 'ok', steps: expect.any(Number) });
  });
});

describe('checkpoint and resume', () => {
  it('resumes a bounded search from its checkpoint to the same final figures as one run', async () => {
    const ck = join(tmp, 'churn.ckpt');
    const whole = JSON.parse((await cli('check', '--model', 'buddy', '--config', 'churn', '--json')).out);
    const part = await cli('check', '--model', 'buddy', '--config', 'churn', '--max-states', '5000', '--checkpoint', ck, '--json');
    expect(part.code).toBe(3);
    const resumed = await cli('check', '--model', 'buddy', '--config', 'churn', '--resume', ck, '--json');
    expect(resumed.code).toBe(0);
    const j = JSON.parse(resumed.out);
    expect([j.states, j.transitions, j.depth]).toEqual([whole.states, whole.transitions, whole.depth]);
  });

  it('refuses a checkpoint of another configuration, and a file that is not a checkpoint', async () => {
    const ck = join(tmp, 'default.ckpt');
    await cli('check', '--model', 'buddy', '--max-states', '100', '--checkpoint', ck);
    const other = await cli('check', '--model', 'buddy', '--config', 'churn', '--resume', ck);
    expect(other.code).toBe(2);
    expect(other.err).toContain('another configuration');
    const notOne = await cli('check', '--model', 'buddy', '--resume', file('junk.ckpt', 'junk'));
    expect(notOne.code).toBe(2);
    expect(notOne.err).toContain('is not a pagecheck checkpoint');
    const reduced = await cli('check', '--model', 'buddy', '--por', '--resume', ck);
    expect(reduced.code).toBe(2);
    expect(reduced.err).toContain('reductions');
  });

  it('runs the partial-order reduction with --por, says so, and resumes it from its checkpoint', async () => {
    const ck = join(tmp, 'por.ckpt');
    const whole = await cli('check', '--model', 'pcp', '--config', 'orders', '--por', '--json');
    expect(whole.code).toBe(0);
    const j = JSON.parse(whole.out);
    expect(j.reductions).toEqual(['por']);
    const full = JSON.parse((await cli('check', '--model', 'pcp', '--config', 'orders', '--json')).out);
    expect(j.states).toBeLessThan(full.states);
    expect((await cli('check', '--model', 'pcp', '--config', 'orders', '--por', '--max-states', '1000', '--checkpoint', ck)).code).toBe(3);
    const resumed = JSON.parse((await cli('check', '--model', 'pcp', '--config', 'orders', '--por', '--resume', ck, '--json')).out);
    expect([resumed.states, resumed.transitions, resumed.depth]).toEqual([j.states, j.transitions, j.depth]);
    const text = await cli('check', '--model', 'pcp', '--variant', 'trylock-nests-on-drain', '--por');
    expect(text.code).toBe(1);
    expect(text.out).toContain('[reduced: por]');
    expect(text.out).toContain('shortest among the interleavings the partial-order reduction keeps');
    expect(text.out).toContain('--por');
  });

  it('clears dead registers with --live-registers: the same verdict in fewer states, with workers too, and a counterexample that replays', async () => {
    const full = JSON.parse((await cli('check', '--model', 'buddy', '--config', 'spec-tails', '--json')).out);
    const live = await cli('check', '--model', 'buddy', '--config', 'spec-tails', '--live-registers', '--json');
    expect(live.code).toBe(0);
    const j = JSON.parse(live.out);
    expect(j.reductions).toEqual(['live-registers']);
    // The SPIN twin's -DDEADRESET counts (test/models/twin.test.ts).
    expect([full.states, j.states]).toEqual([2925, 2421]);
    const workers = JSON.parse((await cli('check', '--model', 'buddy', '--config', 'spec-tails', '--live-registers', '--workers', '2', '--json')).out);
    expect([workers.states, workers.transitions]).toEqual([j.states, j.transitions]);
    const trace = join(tmp, 'live.json');
    const bug = await cli('check', '--model', 'buddy', '--variant', 'pagehead-after-put', '--live-registers', '--trace-out', trace);
    expect(bug.code).toBe(1);
    expect(bug.out).toContain('[reduced: live-registers]');
    expect(bug.out).toContain('npx pagecheck check --model buddy --variant pagehead-after-put --config default --live-registers');
    expect((await cli('replay', trace)).code).toBe(1);
  });

  it('refuses --por with worker threads', async () => {
    const r = await cli('check', '--model', 'pcp', '--por', '--workers', '2');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--por');
  });
});
