/**
 * No false verdict from a damaged file: real files (a checkpoint written by a buddy search, a
 * trace written by a mutant's violation, configuration files) are mutated at random (bit flips,
 * truncation, inserted and deleted bytes, edited header fields and values), and each mutated file
 * must give exit 2 with a message on stderr (no stack trace, never "internal"), or exactly the
 * result of the undamaged file (verdict, states, transitions): never another verdict, never exit 4.
 *
 * The commands run in-process (`main`, what bin/pagecheck.js calls); a few run as processes. The
 * seeds are fixed (1601-1606, one per property, in the test names). A failure names its seed, its
 * fast-check path and the mutation; run that one case alone with
 *   PAGECHECK_DAMAGE_SEED=<seed> PAGECHECK_DAMAGE_PATH=<path> npx vitest run test/cli/damage.test.ts -t 'seed <seed>'
 * (the mutated file is the `file` the message names, kept in the temporary directory).
 * PAGECHECK_DAMAGE_STATS=1 prints how many runs took each branch of each property.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { findModel, namedConfigs } from '../../models/registry.ts';
import { resolveConfig } from '../../src/config/load.ts';
import { UsageError } from '../../src/util/unreachable.ts';
import { cli, type CliRun } from '../helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pagecheck-damage-'));
let counter = 0;
/** A fresh file in the temporary directory (kept: a failure names it). */
const fresh = (ext: string) => join(tmp, `m${++counter}${ext}`);

/** fast-check's parameters: the seed given, or the one of a failure to replay. */
function params(seed: number, numRuns: number): fc.Parameters<unknown> {
  const only = process.env.PAGECHECK_DAMAGE_SEED;
  const path = process.env.PAGECHECK_DAMAGE_PATH;
  if (only !== undefined && path !== undefined && Number(only) === seed) return { seed, path, numRuns: 1, endOnFailure: true };
  return { seed, numRuns, endOnFailure: true };
}

/** A mutation of a file's bytes. */
type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'truncate'; readonly to: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: readonly number[] }
  | { readonly kind: 'delete'; readonly at: number; readonly count: number }
  | { readonly kind: 'set'; readonly at: number; readonly byte: number };

/** Bytes worth inserting: whitespace (often harmless in JSON), digits, quotes, braces, control bytes and any byte. */
const insertable = fc.oneof(fc.constantFrom(0x20, 0x0a, 0x09, 0x0d, 0x30, 0x39, 0x22, 0x2c, 0x7b, 0x7d, 0x00, 0x1b), fc.integer({ min: 0, max: 255 }));

/** Mutations of a file of `len` bytes, positions drawn from `regions` ([start, end) ranges) so that small parts are hit too. */
function byteMutation(len: number, regions: readonly (readonly [number, number])[] = [[0, len]]): fc.Arbitrary<Mutation> {
  const at = fc.oneof(...regions.filter(([a, b]) => b > a).map(([a, b]) => fc.integer({ min: a, max: b - 1 })));
  return fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('truncate' as const), to: fc.oneof(at, fc.integer({ min: Math.max(0, len - 64), max: len - 1 })) }),
    fc.record({ kind: fc.constant('insert' as const), at, bytes: fc.array(insertable, { minLength: 1, maxLength: 4 }) }),
    fc.record({ kind: fc.constant('delete' as const), at, count: fc.integer({ min: 1, max: 16 }) }),
    fc.record({ kind: fc.constant('set' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
  );
}

function applyMutation(b: Buffer, m: Mutation): Buffer {
  switch (m.kind) {
    case 'flip': {
      const c = Buffer.from(b);
      c[m.at] ^= 1 << m.bit;
      return c;
    }
    case 'truncate':
      return b.subarray(0, m.to);
    case 'insert':
      return Buffer.concat([b.subarray(0, m.at), Buffer.from(m.bytes), b.subarray(m.at)]);
    case 'delete':
      return Buffer.concat([b.subarray(0, m.at), b.subarray(m.at + m.count)]);
    case 'set': {
      const c = Buffer.from(b);
      c[m.at] = m.byte;
      return c;
    }
  }
}

/** What a refusal must look like: exit 2, a message on stderr, no stack trace, not an internal error, nothing raw from the file. */
function expectRefusal(r: CliRun, ctx: string, lines: 'one' | 'issues' = 'one'): void {
  expect(r.code, ctx).toBe(2);
  const err = r.err.trimEnd();
  expect(err, ctx).toMatch(/^pagecheck: \S/);
  expect(err, ctx).not.toMatch(/\n\s+at |internal|TypeError|RangeError|SyntaxError/);
  // Only line breaks of pagecheck's own: no control character, no terminal escape from the file.
  expect(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/.test(r.err + r.out), ctx).toBe(false);
  // The CLI wraps a long message: every line after the first is indented, so that one message
  // (or one file's list of issues, one indented line per field) reads as one.
  for (const l of err.split('\n').slice(1)) expect(l, ctx).toMatch(/^ {2}\S/);
  if (lines === 'one') expect(err.match(/^pagecheck: /gm), ctx).toHaveLength(1);
}

/** Never exit 4, never a stack trace, whatever the outcome. */
function expectNoCrash(r: CliRun, ctx: string): void {
  expect(r.code, ctx).not.toBe(4);
  expect(r.err, ctx).not.toMatch(/\n\s+at |internal bug/);
}

/**
 * How often each branch of a property was taken: a property whose runs all took one branch would
 * prove little, so each test asserts the branches it must exercise (not when one run is replayed).
 */
class Tally {
  private readonly n = new Map<string, number>();
  add(k: string): void {
    this.n.set(k, (this.n.get(k) ?? 0) + 1);
  }
  expectSeen(...keys: string[]): void {
    if (process.env.PAGECHECK_DAMAGE_STATS) console.log(JSON.stringify([...this.n]));
    if (process.env.PAGECHECK_DAMAGE_PATH !== undefined) return;
    for (const k of keys) expect(this.n.get(k) ?? 0, `runs that took the branch '${k}' (${JSON.stringify([...this.n])})`).toBeGreaterThan(0);
  }
}

const describeMutation = (m: unknown, file: string) => `mutation ${JSON.stringify(m)}, file ${file}`;

describe('a damaged checkpoint is refused, never resumed into another answer', () => {
  const ck = join(tmp, 'buddy.ckpt');
  let good: Buffer;
  let whole: { status: string; states: number; transitions: number; depth: number };
  /** [start, end) of the magic line, the header length, the header, its checksum and each section. */
  let regions: [number, number][];
  let header: Record<string, unknown>;
  const resume = async (file: string) => cli('check', '--model', 'buddy', '--resume', file, '--json');
  const figures = (r: CliRun) => {
    const j = JSON.parse(r.out) as { status: string; states: number; transitions: number; depth: number };
    return { status: j.status, states: j.states, transitions: j.transitions, depth: j.depth };
  };

  beforeAll(async () => {
    // A real checkpoint: a buddy search stopped by its bound.
    expect((await cli('check', '--model', 'buddy', '--max-states', '3000', '--checkpoint', ck)).code).toBe(3);
    good = readFileSync(ck);
    const r = await resume(ck);
    expect(r.code).toBe(0);
    whole = figures(r);
    expect(whole).toMatchObject({ status: 'ok', states: 16079, transitions: 35784 });
    const hlen = good.readUInt32LE(23);
    header = JSON.parse(good.subarray(27, 27 + hlen).toString('utf8')) as Record<string, unknown>;
    regions = [[0, 23], [23, 27], [27, 27 + hlen], [27 + hlen, 27 + hlen + 32]];
    let at = 27 + hlen + 32;
    for (const s of header.sections as { bytes: number }[]) {
      regions.push([at, at + s.bytes]);
      at += s.bytes;
    }
    expect(at).toBe(good.length);
  });

  const same = (r: CliRun, ctx: string) => {
    expect(r.code, ctx).toBe(0);
    expect(figures(r), ctx).toEqual(whole);
  };

  it('bit flips, truncation, inserted, deleted and overwritten bytes anywhere (seed 1601)', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(
        byteMutation(good.length, regions),
        async (m) => {
          const file = fresh('.ckpt');
          const bytes = applyMutation(good, m);
          writeFileSync(file, bytes);
          const r = await resume(file);
          const ctx = describeMutation(m, file);
          expectNoCrash(r, ctx);
          if (bytes.equals(good)) same(r, ctx);
          else {
            expectRefusal(r, ctx);
            expect(r.err, ctx).toMatch(/corrupt checkpoint|is not a pagecheck checkpoint|is in format \d+/);
            tally.add(/: (header|section \w+|end):/.exec(r.err)?.[1].replace(/section \w+/, 'section') ?? 'magic');
          }
        },
      ),
      params(1601, 200),
    );
    tally.expectSeen('header', 'section');
  });

  /** Header fields an edit may touch, with values to put there. */
  const edits = fc.oneof(
    fc.record({ path: fc.constantFrom(['transitions'], ['states'], ['frontier'], ['maxDepth'], ['words']), value: fc.oneof(fc.nat(), fc.integer({ min: -5, max: 5 }), fc.constant(2 ** 32), fc.double()) }),
    fc.record({ path: fc.integer({ min: 0, max: 6 }).map((i) => ['sections', i, 'bytes']), value: fc.oneof(fc.nat(1 << 22), fc.integer({ min: -3, max: 3 })) }),
    fc.record({ path: fc.integer({ min: 0, max: 6 }).map((i) => ['sections', i, 'name']), value: fc.constantFrom('fpHi', 'parents', 'trans', 'x') }),
    fc.record({ path: fc.constantFrom(['strategy'], ['model'], ['variant'], ['reductions'], ['truncated'], ['seconds'], ['config', 'cpus']), value: fc.constantFrom('dfs', 'pcp', 'baseline', 'symmetry', true, false, 1, 3, null, '') }),
  );
  const setAt = (o: unknown, path: readonly (string | number)[], v: unknown): unknown => {
    const c = structuredClone(o) as Record<string | number, unknown>;
    let at = c;
    for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
    at[path[path.length - 1]] = v;
    return c;
  };

  it('edited header fields: refused by the checksum, and when the checksum is recomputed too, every structural field is still checked (seed 1602)', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(edits, fc.constantFrom('as is', 'length updated', 'resigned'), async (edit, how) => {
        const hlen = good.readUInt32LE(23);
        const h = Buffer.from(JSON.stringify(setAt(header, edit.path, edit.value)));
        const magic = good.subarray(0, 23);
        const len = Buffer.alloc(4);
        len.writeUInt32LE(how === 'as is' ? hlen : h.length);
        const digest = how === 'resigned' ? createHash('sha256').update(magic).update(len).update(h).digest() : good.subarray(27 + hlen, 27 + hlen + 32);
        const file = fresh('.ckpt');
        const bytes = Buffer.concat([magic, len, h, digest, good.subarray(27 + hlen + 32)]);
        writeFileSync(file, bytes);
        const r = await resume(file);
        const ctx = `${how} edit ${JSON.stringify(edit)}, file ${file}`;
        expectNoCrash(r, ctx);
        const unchanged = isDeepStrictEqual(setAt(header, edit.path, edit.value), header);
        // A recomputed checksum makes an edit of a pure figure (the transitions so far, the depth
        // reached, the seconds spent, whether the depth bound cut the search) indistinguishable from
        // a real one: a checksum protects against damage, not forgery. Every other field is checked.
        const figure = ['transitions', 'maxDepth', 'seconds', 'truncated'].includes(String(edit.path[0]));
        if (unchanged) same(r, ctx);
        else if (how === 'resigned' && figure) expect(r.code === 2 || r.code === 0 || r.code === 3, ctx).toBe(true);
        else {
          expectRefusal(r, ctx);
          if (how !== 'resigned') expect(r.err, ctx).toMatch(/corrupt checkpoint .*: header/);
          tally.add(how === 'resigned' ? 'resigned refused' : 'refused');
        }
      }),
      params(1602, 120),
    );
    tally.expectSeen('refused', 'resigned refused');
  });

  it('the CLI process prints one line and exits 2 for damage in the header, a section and the length', () => {
    for (const at of [40, regions[4][0] + 5, 24]) {
      const file = fresh('.ckpt');
      writeFileSync(file, applyMutation(good, { kind: 'flip', at, bit: 3 }));
      const r = process_(['check', '--model', 'buddy', '--resume', file]);
      expectRefusal(r, `flip at ${at}, file ${file}`);
    }
  });
});

/** Runs bin/pagecheck.js as a process. */
function process_(args: string[]): CliRun {
  try {
    const out = execFileSync(process.execPath, [fileURLToPath(new URL('../../bin/pagecheck.js', import.meta.url)), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, out, err: '' };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, out: x.stdout, err: x.stderr };
  }
}

/** Every leaf of a JSON value, by path. */
function leaves(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.length ? v.flatMap((x, i) => leaves(x, [...path, i])) : [path];
  if (v && typeof v === 'object') {
    const e = Object.entries(v);
    return e.length ? e.flatMap(([k, x]) => leaves(x, [...path, k])) : [path];
  }
  return [path];
}

function setPath(o: unknown, path: readonly (string | number)[], v: unknown): unknown {
  if (path.length === 0) return v;
  const c = (Array.isArray(o) ? [...o] : { ...(o as object) }) as Record<string | number, unknown>;
  c[path[0]] = setPath(c[path[0]], path.slice(1), v);
  return c;
}

/** Values an edit puts in a field: near and far numbers, other types, strings with control characters. */
const editValue = fc.oneof(
  fc.integer({ min: -2, max: 70_000 }),
  fc.constantFrom(0, 1, 2, 3, 8, 16, 32768, 65536, -1, 1.5, 1e300),
  fc.constantFrom(null, true, false, '', 'MOVABLE', 'default', 'baseline', [], {}, [0], { pfn: 0 }),
  fc.constantFrom('x\u001b[31mred', 'two\nlines', 'bell\u0007', 'csi\u009b2J', 'sep\u2028x', 'nul\u0000'),
);

const signTrace = (t: Record<string, unknown>) => {
  const { digest: _d, ...body } = t;
  return { ...body, digest: createHash('sha256').update(JSON.stringify(body)).digest('hex') };
};

describe('a damaged or edited trace file is refused, never replayed into another answer', () => {
  const trace = join(tmp, 'p2.json');
  const deadlock = join(tmp, 'dl.json');
  let good: Buffer;
  let parsed: Record<string, unknown>;
  let paths: (string | number)[][];
  let reproduced: string;
  const replay = (file: string) => cli('replay', file);
  /** The verdict of a replay: the first line without the configuration's name, and the replay line. */
  const verdict = (r: CliRun) => {
    const lines = r.out.split('\n');
    return { code: r.code, first: lines[0].replace(/ @ [^:]*:/, ' @ …:'), replay: lines.find((l) => l.startsWith('Replay: ')) };
  };
  let whole: ReturnType<typeof verdict>;

  beforeAll(async () => {
    // A real trace: the violation a mutant's search finds.
    expect((await cli('check', '--model', 'buddy', '--variant', 'pagehead-after-put', '--trace-out', trace)).code).toBe(1);
    expect((await cli('check', '--model', 'pcp-buddy', '--variant', 'spin-lock-in-irq', '--trace-out', deadlock)).code).toBe(1);
    good = readFileSync(trace);
    parsed = JSON.parse(good.toString('utf8')) as Record<string, unknown>;
    paths = leaves(parsed).filter((p) => p[0] !== 'digest');
    const r = await replay(trace);
    whole = verdict(r);
    expect(whole.code).toBe(1);
    reproduced = 'Replay: reproduced the recorded violation P2 at step 8.';
    expect(whole.replay).toBe(reproduced);
  });

  it('bytes flipped, cut, inserted, deleted or overwritten anywhere (seed 1603)', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(
        byteMutation(good.length),
        async (m) => {
          const file = fresh('.json');
          const bytes = applyMutation(good, m);
          writeFileSync(file, bytes);
          const r = await replay(file);
          const ctx = describeMutation(m, file);
          expectNoCrash(r, ctx);
          let sameJson = false;
          try {
            sameJson = isDeepStrictEqual(JSON.parse(bytes.toString('utf8').replace(/^\ufeff/, '')), parsed);
          } catch {
            // Not JSON: refused below.
          }
          // Whitespace between the tokens changes nothing: the same trace, the same answer.
          if (sameJson) {
            expect(verdict(r), ctx).toEqual(whole);
            tally.add('same');
          } else {
            expectRefusal(r, ctx);
            tally.add(/corrupt trace file/.test(r.err) ? 'digest' : 'not JSON');
          }
        },
      ),
      params(1603, 200),
    );
    tally.expectSeen('same', 'digest', 'not JSON');
  });

  it('a field edited, as is or with its digest recomputed: refused, or the same violation at the same step (seed 1604)', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(fc.constantFrom(...paths), editValue, fc.boolean()),
        async ([path, value, resign]) => {
          const edited = setPath(parsed, path, value) as Record<string, unknown>;
          const file = fresh('.json');
          writeFileSync(file, JSON.stringify(resign ? signTrace(edited) : edited, null, 2) + '\n');
          const r = await replay(file);
          const ctx = `${resign ? 'resigned ' : ''}edit of ${JSON.stringify(path)} to ${JSON.stringify(value)}, file ${file}`;
          expectNoCrash(r, ctx);
          if (isDeepStrictEqual(edited, parsed)) expect(verdict(r), ctx).toEqual(whole);
          else if (!resign) {
            expectRefusal(r, ctx);
            expect(r.err, ctx).toMatch(/corrupt trace file .*: its content does not match its digest|or it was damaged \(its digest does not match\)/);
            tally.add('digest');
          } else if (r.code === 2) {
            expectRefusal(r, ctx, 'issues');
            tally.add('resigned refused');
          } else {
            tally.add('resigned reproduced');
            // A recomputed digest is no protection (anyone can compute it): what the trace says
            // beside its steps may then be anything, but the replay decides the verdict, which is
            // the same violation at the same step, printed without a control character.
            expect(r.code, ctx).toBe(1);
            expect(verdict(r).replay, ctx).toBe(reproduced);
            expect(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/.test(r.out + r.err), ctx).toBe(false);
          }
        },
      ),
      params(1604, 200),
    );
    tally.expectSeen('digest', 'resigned refused', 'resigned reproduced');
  });

  it('text fields with control characters or terminal escapes are refused, or printed escaped (a finding message)', async () => {
    const escapes = ['\u001b[31m', '\n', '\r', '\u0007', '\u009b2J', '\u2028'];
    const dl = JSON.parse(readFileSync(deadlock, 'utf8')) as Record<string, unknown>;
    const fields: [Record<string, unknown>, (string | number)[]][] = [
      ...(['model', 'variant', 'config', 'property'] as const).map((k) => [parsed, [k]] as [Record<string, unknown>, (string | number)[]]),
      [parsed, ['steps', 2, 'op']],
      [parsed, ['steps', 0, 'memory']],
      [parsed, ['layout', 'legend']],
    ];
    for (const esc of escapes) {
      for (const [t, path] of fields) {
        const file = fresh('.json');
        const old = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], t) as string;
        writeFileSync(file, JSON.stringify(signTrace(setPath(t, path, `${old}${esc}x`) as Record<string, unknown>)));
        const r = await replay(file);
        expectRefusal(r, `${JSON.stringify(esc)} in ${path.join('.')}`, 'issues');
        expect(r.err).toContain('holds a control character');
      }
      // A variant file's path: refused before anything else is said about it.
      const vf = fresh('.json');
      writeFileSync(vf, JSON.stringify(signTrace({ ...parsed, variantFile: `/x${esc}.js`, variantSha256: '0'.repeat(64) })));
      expectRefusal(await replay(vf), `${JSON.stringify(esc)} in variantFile`, 'issues');
      // Free text (a deadlock's message) is replayed, does not match, and is printed escaped.
      const m = fresh('.json');
      writeFileSync(m, JSON.stringify(signTrace({ ...dl, message: `cpu9${esc}waits` })));
      const r = await replay(m);
      expectRefusal(r, `${JSON.stringify(esc)} in a deadlock message`);
      expect(r.out).toContain('DID NOT reproduce the recorded deadlock');
      expect(r.err).toContain('did not reproduce the recorded deadlock at step');
    }
  });

  it('the CLI process prints one line and exits 2 for a damaged trace', () => {
    const file = fresh('.json');
    writeFileSync(file, applyMutation(good, { kind: 'set', at: good.indexOf('"message"') + 14, byte: 0x41 }));
    const r = process_(['replay', file]);
    expectRefusal(r, file);
    expect(r.err).toContain('corrupt trace file');
  });
});

describe('a damaged configuration file is refused naming the file, or checked as the configuration it is', () => {
  /** The files: the repository's example configurations, and the built-in defaults of buddy and pcp written out as files, each with a `name` of its own. */
  interface ConfigCase {
    readonly model: string;
    readonly file: string;
    readonly text: Buffer;
    readonly baseline: ReturnType<typeof figures>;
  }
  const cases: ConfigCase[] = [];
  const NAME = 'NAMEFIELD-default';
  const check = (model: string, file: string) => cli('check', '--model', model, '--config', file, '--max-states', '400', '--json', '--no-witness');
  const figures = (r: CliRun) => {
    const j = JSON.parse(r.out.trim().split('\n').pop()!) as { status: string; outcome?: string; states: number; transitions: number; depth: number };
    return { status: j.status, outcome: j.outcome, states: j.states, transitions: j.transitions, depth: j.depth };
  };
  const parsedConfig = (file: string) => {
    try {
      return resolveConfig(file, {}).config;
    } catch (e) {
      if (e instanceof UsageError) return null;
      throw e;
    }
  };

  beforeAll(async () => {
    const sources: [string, string][] = [];
    for (const model of ['buddy', 'pcp']) {
      const f = join(tmp, `${model}-default.json`);
      writeFileSync(f, JSON.stringify({ name: NAME, ...namedConfigs(findModel(model)).default }, null, 2) + '\n');
      sources.push([model, f]);
    }
    for (const ex of ['isolation-multiblock-undo', 'isolation-overlapping-ranges', 'isolation-compaction-offline']) {
      const f = join(tmp, `${ex}.json`);
      copyFileSync(fileURLToPath(new URL(`../../examples/${ex}.json`, import.meta.url)), f);
      sources.push(['isolation', f]);
    }
    for (const [model, file] of sources) {
      const r = await check(model, file);
      expect([0, 1, 3], r.err).toContain(r.code);
      expect(r.out).not.toContain(NAME);
      cases.push({ model, file, text: readFileSync(file), baseline: figures(r) });
    }
  });

  /** Exit 2 naming the file by its path (never by its `name`), or the same result when the file says the same configuration; a baseline of buddy or pcp never violates. */
  async function judge(c: ConfigCase, file: string, bytes: Buffer, ctx: string, tally: Tally): Promise<void> {
    writeFileSync(file, bytes);
    const r = await check(c.model, file);
    expectNoCrash(r, ctx);
    // The name may be quoted only as the text around a JSON syntax error.
    if (!/is not valid JSON/.test(r.err)) expect(r.out + r.err, ctx).not.toContain(NAME);
    if (r.code === 2) {
      expectRefusal(r, ctx, 'issues');
      expect(r.err.split('\n')[0], ctx).toContain(file);
      tally.add('refused');
      return;
    }
    const before = parsedConfig(c.file);
    const after = parsedConfig(file);
    expect(after, ctx).not.toBeNull();
    if (isDeepStrictEqual(after, before)) {
      expect(figures(r), ctx).toEqual(c.baseline);
      tally.add('same');
    } else {
      // Another configuration: the baselines of buddy and pcp hold on every one the reader
      // accepts, so a violation would be a false one (a value that does not fit its word, say).
      if (c.model !== 'isolation') expect(figures(r).outcome, ctx).not.toMatch(/violation|deadlock/);
      tally.add('another');
    }
  }

  it('bytes flipped, cut, inserted, deleted or overwritten (seed 1605)', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }).chain((i) => fc.tuple(fc.constant(i), byteMutation(cases[i].text.length))),
        async ([i, m]) => {
          const file = fresh('.json');
          await judge(cases[i], file, applyMutation(cases[i].text, m), `${cases[i].model}: ${describeMutation(m, file)}`, tally);
        },
      ),
      params(1605, 200),
    );
    tally.expectSeen('refused', 'same', 'another');
  });

  it('a field set to another value, a `name` with escapes, a byte-order mark (seed 1606)', async () => {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }).chain((i) => {
          const json = JSON.parse(cases[i].text.toString('utf8')) as object;
          return fc.tuple(
            fc.constant(i),
            fc.oneof(
              fc.tuple(fc.constantFrom(...leaves(json)), editValue).map(([path, value]) => ({ path, value })),
              fc.constantFrom('\u001b[31m', '\n', '').map((e) => ({ path: ['name'], value: `${NAME}${e}` })),
            ),
            fc.boolean(),
          );
        }),
        async ([i, edit, bom]) => {
          const c = cases[i];
          const json = setPath(JSON.parse(c.text.toString('utf8')), edit.path, edit.value);
          const file = fresh('.json');
          const text = (bom ? '\ufeff' : '') + JSON.stringify(json, null, 2);
          await judge(c, file, Buffer.from(text), `${c.model}: edit ${JSON.stringify(edit)}${bom ? ' with a BOM' : ''}, file ${file}`, tally);
        },
      ),
      params(1606, 200),
    );
    tally.expectSeen('refused', 'same', 'another');
  });

  it('the CLI process prints the path of a refused file, never its name', () => {
    const file = fresh('.json');
    writeFileSync(file, JSON.stringify({ name: `${NAME}\u001b[31m`, pages: 'eight' }));
    const r = process_(['check', '--model', 'buddy', '--config', file]);
    expectRefusal(r, file, 'issues');
    expect(r.err).toContain(file);
    expect(r.err).not.toContain(NAME);
  });
});
