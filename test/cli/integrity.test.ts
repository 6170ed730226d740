/**
 * Every file pagecheck writes and reads back: checkpoints carry checksums and are refused when
 * damaged (never resumed into another answer), are written atomically, and a failed periodic
 * write is a warning; output targets are checked before the search; trace files carry a digest,
 * and a trace recorded with a variant file is replayed only with that file, given by the user.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolve } from '../../src/check.ts';
import { runSearch } from '../../src/cli/search.ts';
import { readCheckpoint, writeCheckpoint } from '../../src/engine/checkpoint.ts';
import { Explorer } from '../../src/engine/explore.ts';
import { cli } from '../helpers/cli.ts';
import { TRACE_VERSION } from '../../src/report/trace-file.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pagecheck-integrity-'));
const path = (name: string) => join(tmp, name);
const sign = (o: Record<string, unknown>) => {
  const { digest: _d, ...body } = o;
  return { ...body, digest: createHash('sha256').update(JSON.stringify(body)).digest('hex') };
};

async function refused(args: string[], message: string | RegExp): Promise<string> {
  const r = await cli(...args);
  expect(r.code, r.err + r.out).toBe(2);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/\n\s+at |internal bug/);
  return r.err;
}

describe('checkpoints', () => {
  const ck = path('buddy.ckpt');

  it('resume a search stopped by --max-states to exactly the figures of one run (the state at the bound is expanded fully)', async () => {
    const whole = JSON.parse((await cli('check', '--model', 'buddy', '--json')).out);
    expect((await cli('check', '--model', 'buddy', '--max-states', '5000', '--checkpoint', ck)).code).toBe(3);
    const r = JSON.parse((await cli('check', '--model', 'buddy', '--resume', ck, '--json')).out);
    expect([r.states, r.transitions, r.depth]).toEqual([whole.states, whole.transitions, whole.depth]);
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuse any damage with "corrupt checkpoint", naming the file and the section', async () => {
    const good = readFileSync(ck);
    const flip = (at: number) => {
      const b = Buffer.from(good);
      b[at] ^= 0x10;
      const p = path(`flip-${at}.ckpt`);
      writeFileSync(p, b);
      return p;
    };
    const hlen = good.readUInt32LE('pagecheck-checkpoint 3\n'.length);
    // A header byte (a figure such as the transition count), its length, and bytes of the sections.
    await refused(['check', '--model', 'buddy', '--resume', flip(30)], /corrupt checkpoint .*flip-30\.ckpt: header: its checksum does not match/);
    await refused(['check', '--model', 'buddy', '--resume', flip(24)], /corrupt checkpoint .*: header/);
    await refused(['check', '--model', 'buddy', '--resume', flip(27 + hlen + 32 + 10)], /corrupt checkpoint .*: section fpHi: bytes \d+\.\.\d+ do not match its checksum/);
    await refused(['check', '--model', 'buddy', '--resume', flip(good.length - 3)], /corrupt checkpoint .*: section frontierDepths/);
    writeFileSync(path('short.ckpt'), good.subarray(0, good.length - 100));
    await refused(['check', '--model', 'buddy', '--resume', path('short.ckpt')], /corrupt checkpoint .*: section frontierDepths: the file is truncated/);
    writeFileSync(path('long.ckpt'), Buffer.concat([good, Buffer.from('x')]));
    await refused(['check', '--model', 'buddy', '--resume', path('long.ckpt')], /1 byte follows the last section/);
    writeFileSync(path('v1.ckpt'), Buffer.concat([Buffer.from('pagecheck-checkpoint 1\n'), good.subarray(23)]));
    await refused(['check', '--model', 'buddy', '--resume', path('v1.ckpt')], /is in format 1, which this pagecheck does not read/);
  });

  it('check the contents against the system even when the checksums match (a frontier state that is not the one its id names)', () => {
    const r = resolve({ model: 'buddy' });
    const sys = r.built.system;
    const ex = new Explorer(sys, { maxStates: 300 });
    ex.run();
    const snap = ex.snapshot();
    const id = { model: 'buddy', variant: 'baseline', config: r.config, strategy: 'bfs', words: sys.words, reductions: '' };
    snap.frontier.states[3] ^= 1;
    writeCheckpoint(path('forged.ckpt'), id, snap);
    expect(() => readCheckpoint(path('forged.ckpt'), id, sys)).toThrow(/corrupt checkpoint .*section frontierStates: frontier entry 0 is not the state its id \d+ names/);
  });

  it('a checkpoint that cannot be written is a warning: the search goes on to its result', async () => {
    const r = resolve({ model: 'buddy' });
    const gone = join(tmp, 'gone');
    let err = '';
    const io = { out: () => {}, err: (t: string) => void (err += t + '\n'), tty: false };
    const identity = { model: 'buddy', variant: 'baseline', config: r.config, strategy: 'bfs', words: r.built.system.words, reductions: '' };
    const result = await runSearch(r.built.system, io, { progress: false, checkpoint: { path: join(gone, 'x.ckpt'), every: 0, identity }, sliceMs: 0 });
    expect(result.status).toBe('ok');
    expect(result.states).toBe(16079);
    expect(err).toMatch(/warning: cannot write checkpoint .*x\.ckpt: .*no checkpoint has been written yet, and the search goes on/);
    mkdirSync(gone);
  });
});

describe('output targets', () => {
  it('--checkpoint and --trace-out are checked before the search', async () => {
    await refused(['check', '--model', 'buddy', '--checkpoint', join(tmp, 'no', 'dir', 'x.ckpt')], /--checkpoint .*: directory .* does not exist/);
    await refused(['check', '--model', 'buddy', '--trace-out', '/dev/full'], '--trace-out /dev/full is a device; give the path of a regular file');
    await refused(['check', '--model', 'buddy', '--trace-out', tmp], /--trace-out .* is a directory/);
    await refused(['fuzz', '--model', 'buddy', '--trace-out', '/dev/full'], '--trace-out /dev/full is a device');
  });

  it('a violation is printed even when its trace file cannot be written', async () => {
    const dir = join(tmp, 'vanishing');
    mkdirSync(dir);
    // A property that removes the directory once the search runs (after the targets were checked).
    const f = join(tmp, 'vanish.js');
    writeFileSync(
      f,
      `import { rmSync } from 'node:fs';\nlet done = false;\n` +
        `export default ({ model: 'buddy', name: 'vanish', kind: 'mutant', baseline: 'pagehead-after-put', description: 'd', expect: 'P2',\n` +
        `  properties: [{ code: 'U9', title: 't', meaning: 'm', check: () => { if (!done) { done = true; rmSync(${JSON.stringify(dir)}, { recursive: true }); } return null; } }] });\n`,
    );
    const r = await cli('check', '--variant', f, '--trace-out', join(dir, 't.json'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('VIOLATION');
    expect(r.out).toContain('Counterexample');
    expect(r.out).not.toContain('Trace written');
    expect(r.err).toMatch(/warning: cannot write trace file .*t\.json: .*the counterexample is printed above/);
  });
});

describe('trace files', () => {
  it('are refused when damaged or edited (the digest), and a version-1 trace is still read with a warning', async () => {
    const out = path('p2.json');
    expect((await cli('check', '--model', 'buddy', '--variant', 'pagehead-after-put', '--trace-out', out)).code).toBe(1);
    const t = JSON.parse(readFileSync(out, 'utf8'));
    expect(t.version).toBe(TRACE_VERSION);
    writeFileSync(path('edited.json'), JSON.stringify({ ...t, message: 'something else' }));
    await refused(['replay', path('edited.json')], /corrupt trace file .*edited\.json: its content does not match its digest/);
    const { digest: _d, variantSha256: _h, ...v1 } = { ...t, version: 1 };
    writeFileSync(path('v1.json'), JSON.stringify(v1));
    const old = await cli('replay', path('v1.json'));
    expect(old.code).toBe(1);
    expect(old.err).toContain('format version 1, without a digest');
  });

  it('a replay that does not reproduce says so, and never "every property holds"', async () => {
    const t = JSON.parse(readFileSync(path('p2.json'), 'utf8'));
    writeFileSync(path('short.json'), JSON.stringify(sign({ ...t, steps: t.steps.slice(0, 2) })));
    const r = await cli('replay', path('short.json'));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^DID NOT REPRODUCE {2}buddy\/pagehead-after-put @ default: the 2 recorded steps ran with every property holding at each/);
    expect(r.out).not.toMatch(/every property holds; the search was complete/);
  });

  it('a replayed deadlock must end in the same deadlock message', async () => {
    const out = path('dl.json');
    expect((await cli('check', '--model', 'pcp-buddy', '--variant', 'spin-lock-in-irq', '--trace-out', out)).code).toBe(1);
    const t = JSON.parse(readFileSync(out, 'utf8'));
    expect((await cli('replay', out)).code).toBe(1);
    writeFileSync(path('dl2.json'), JSON.stringify(sign({ ...t, message: 'cpu9 waits forever' })));
    const r = await cli('replay', path('dl2.json'));
    expect(r.code).toBe(2);
    expect(r.out).toContain('DID NOT reproduce the recorded deadlock at step');
  });

  it('replay never loads the code a trace names: only --variant FILE, whose sources must hash to what the trace records', async () => {
    const marker = path('imported.marker');
    // JavaScript (not type-checked, so that it may use node:fs): it leaves a marker when it is imported.
    const f = path('early.js');
    const body = (extra: string) =>
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'x');\n${extra}` +
      `export default { model: 'buddy', name: 'early', kind: 'mutant', description: 'd', guards: { order_is_max: (k) => k.r(1) >= k.g.maxOrder - 1 }, expect: 'Q1' };\n`;
    writeFileSync(f, body(''));
    const trace = path('early.json');
    expect((await cli('check', '--variant', f, '--trace-out', trace)).code).toBe(1);
    rmSync(marker);
    await refused(['replay', trace], /was recorded with the variant file .*early\.js \(variant early\); replay never loads code because a trace names it: pass the file you trust with --variant FILE/);
    expect(existsSync(marker)).toBe(false);
    const ok = await cli('replay', trace, '--variant', f);
    expect(ok.code).toBe(1);
    expect(ok.out).toContain('Replay: reproduced the recorded violation Q1');
    const changed = path('early-changed.js');
    writeFileSync(changed, body('// changed\n'));
    await refused(['replay', trace, '--variant', changed], /--variant .*early-changed\.js is not the code trace .* was recorded with: its sources hash to/);
    await refused(['replay', path('p2.json'), '--variant', f], /recorded with the built-in variant pagehead-after-put of buddy; --variant applies only to a trace recorded with a variant file/);
  });
});
