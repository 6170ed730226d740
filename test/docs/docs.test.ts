/**
 * The docs do as they say: every shell command in README.md and docs/*.md is run (or is on the
 * skip-list below, with the reason), its exit status and the first word it prints checked
 * against what the text says next to it; every synopsis line of `npx pagecheck CMD [...]` names
 * exactly the flags `CMD --help` lists; every JSON example parses, and is validated with its
 * command's schema (an object of a command's output) or loaded as a configuration; every
 * documented `--json` shape names fields the schema has, and all that it requires.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { schemaValidator } from '../helpers/schemas.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'pagecheck-docs-'));
const DOCS = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/**
 * Commands the test does not run, each with the reason. Every shell line of the docs that is not
 * an `npx pagecheck` command must match one of these too, so that a new kind of line is a decision.
 */
const SKIP: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /^npm ci && npm start/, why: 'the whole suite: minutes (CI runs it; suite --model buddy is run from docs/ci.md)' },
  { pattern: /^npm test/, why: 'the tests themselves' },
  { pattern: /^\(cd pagecheck && npm ci && npm pack\)|^cd ~\/my-patches|^npx tsc --noEmit/, why: "a project of the reader's own: test/package/tarball.test.ts does exactly this, offline" },
  { pattern: /\.\/my-(patch|mutant|reading)\.ts|trace\.json --variant/, why: "names the reader's own variant file or trace" },
  { pattern: /^scripts\/capture-ftrace\.sh|conform out\/normal|conform trace\.txt\.xz/, why: 'needs a capture made under QEMU (1-3 minutes a run); conform is run on the fixtures by test/cli/conform.test.ts' },
  { pattern: /--runs 500/, why: 'a 500-run PCT campaign: about 30 s; PCT is tested by test/fuzz/pct.test.ts' },
  { pattern: /--time 60/, why: 'runs for 60 s by design (a time-bounded campaign)' },
  { pattern: /^node bin\/run-ts\.js bench\//, why: 'a benchmark: minutes, and it rewrites BENCHMARKS.md' },
];

/** A fenced block of a doc. */
interface Block {
  readonly file: string;
  readonly line: number;
  readonly lang: string;
  readonly lines: readonly string[];
}

function blocks(file: string): Block[] {
  const text = readFileSync(join(root, file), 'utf8');
  const out: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    out.push({ file, line: start + 1, lang: open[1], lines: body });
  }
  return out;
}

/** Words of a shell line (single and double quotes; no expansion). */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** A line and its trailing comment. */
function splitComment(line: string): { code: string; comment: string } {
  const m = /^(.*?)\s+#\s(.*)$/.exec(line);
  return m ? { code: m[1].trim(), comment: m[2] } : { code: line.trim(), comment: '' };
}

/** A synopsis line uses placeholders: `[--flag ...]`, `M`, `FILE`, `N`, alternatives with `|`. */
const isSynopsis = (code: string) => /\[--|\s(M|FILE|TRACE|RESULT)\b|\bV\d?\|/.test(code);

interface Command {
  readonly where: string;
  readonly code: string;
  readonly comment: string;
  /** The first line of the documented output, after a `$ ` line. */
  readonly output?: string;
}

const commands: Command[] = [];
const synopses: { where: string; command: string; flags: Set<string> }[] = [];
const others: Command[] = [];
const json: { where: string; text: string }[] = [];
const shapes: { where: string; command: string; fields: string[] }[] = [];

for (const file of DOCS) {
  for (const b of blocks(file)) {
    const where = (i: number) => `${b.file}:${b.line + 1 + i}`;
    if (b.lang === 'json') json.push({ where: where(0), text: b.lines.join('\n') });
    if (b.lang !== 'sh' && b.lang !== '') continue;
    for (let i = 0; i < b.lines.length; i++) {
      const raw = b.lines[i];
      const prompt = raw.startsWith('$ ');
      const { code, comment } = splitComment(prompt ? raw.slice(2) : raw);
      if (!code) continue;
      if (b.lang === '' && !prompt && !code.startsWith('npx pagecheck')) continue;
      if (code.startsWith('npx pagecheck') && isSynopsis(code)) {
        // Continuation lines of a synopsis are indented and start with `[`.
        let full = code;
        while (i + 1 < b.lines.length && /^\s+\[/.test(b.lines[i + 1])) full += ' ' + splitComment(b.lines[++i]).code;
        const command = words(full)[2];
        const flags = new Set([...full.matchAll(/(?<![\w-])(--?[a-zA-Z][\w-]*)/g)].map((m) => m[1]));
        const prev = synopses.find((s) => s.command === command);
        if (prev) for (const f of flags) prev.flags.add(f);
        else synopses.push({ where: where(i), command, flags });
        continue;
      }
      const c = { where: where(i), code, comment, output: prompt ? b.lines[i + 1] : undefined };
      if (code.startsWith('npx pagecheck')) commands.push(c);
      else if (b.lang === 'sh' || prompt) others.push(c);
    }
  }
  // Inline shapes: `X --json` prints ... `{field, field?, nested?: {...}, ...}`.
  const text = readFileSync(join(root, file), 'utf8');
  for (const m of text.matchAll(/`(\w+) --json` prints (?:one object:\s*)?`\{([^`]*)\}`/g)) {
    const fields: string[] = [];
    let depth = 0;
    let cur = '';
    for (const ch of m[2]) {
      if (ch === '{') depth++;
      if (ch === '}') depth--;
      if (ch === ',' && depth === 0) {
        fields.push(cur);
        cur = '';
      } else cur += ch;
    }
    fields.push(cur);
    shapes.push({ where: `${file}:${text.slice(0, m.index).split('\n').length}`, command: m[1], fields: fields.map((f) => f.trim().replace(/\??(:.*)?$/s, '')) });
  }
}

const skipOf = (code: string) => SKIP.find((s) => s.pattern.test(code));
const { validate } = schemaValidator();
const counts = { run: 0, skipped: 0, synopses: 0, json: 0, shapes: 0 };

/** Runs a documented `npx pagecheck ...` line in-process, with files it writes put in a temporary directory. */
async function run(code: string): Promise<{ code: number; out: string; anyExit: boolean }> {
  let line = code;
  const anyExit = / \|\| true$/.test(line);
  line = line.replace(/ \|\| true$/, '').replace(/\s*>\s*\/dev\/null/, '').replace(/\s*\|\s*head.*$/, '');
  const args = words(line).slice(2).map((a) => (/\.(json|html|xml)$/.test(a) && !existsSync(join(root, a)) ? join(tmp, a.replace(/^\/tmp\//, '')) : a));
  const r = await cli(...args);
  return { code: r.code, out: r.out, anyExit };
}

/** The exit status a comment states (`exit 1`), if any. */
const statedExit = (comment: string) => {
  const m = /\bexit (\d)\b/.exec(comment);
  return m ? Number(m[1]) : undefined;
};

/** Status words a comment may start with, and the first word the command prints for each. */
const WORDS = ['EQUIVALENT', 'DIVERGENCE', 'VACUOUS', 'VIOLATION', 'OK', 'DEADLOCK', 'INCOMPLETE', 'FAILURE'];

describe('the docs match the behaviour', () => {
  it('finds the commands, synopses and examples of every doc', () => {
    expect(commands.length).toBeGreaterThan(15);
    expect(synopses.map((s) => s.command).sort()).toEqual(['check', 'conform', 'fuzz', 'list', 'merge', 'mutants', 'replay', 'report', 'suite', 'validate', 'view'].sort());
    expect(json.length).toBeGreaterThan(0);
    expect(shapes.map((s) => s.command).sort()).toEqual(['check', 'validate']);
  });

  it('every shell line that is not a pagecheck command is on the skip-list, with its reason', () => {
    for (const c of others) {
      const s = skipOf(c.code);
      expect(s, `${c.where}: ${c.code} is neither run nor skip-listed`).toBeDefined();
      counts.skipped++;
    }
  });

  for (const c of commands)
    it(`${c.where}: ${c.code}`, async () => {
      if (skipOf(c.code)) {
        counts.skipped++;
        return;
      }
      const r = await run(c.code);
      counts.run++;
      const stated = statedExit(c.comment);
      if (stated !== undefined) expect(r.code, r.out.slice(0, 500)).toBe(stated);
      // Never a usage error or a bug (2, 4): the status word below says which of the others.
      else if (!r.anyExit) expect([0, 1, 3], `exit ${r.code}: ${r.out.slice(0, 500)}`).toContain(r.code);
      // A comment or the documented output naming a status word: the command prints it first.
      const said = WORDS.find((w) => c.comment.startsWith(w)) ?? (c.output ? WORDS.find((w) => c.output!.startsWith(`${w} `)) : undefined);
      if (said) expect(r.out.split(/\s/)[0]).toBe(said);
    });

  for (const s of synopses)
    it(`${s.where}: the synopsis of ${s.command} names exactly the flags of ${s.command} --help`, async () => {
      const help = await cli(s.command, '--help');
      const options = help.out.slice(help.out.indexOf('Options:'), help.out.indexOf('Global Options:'));
      // Each option with its names (`-o, --output`), at the start of a help line: documented when one of them is.
      const opts = [...options.matchAll(/^ {2}(?:(-\w), )?(--[\w-]+)/gm)].map((m) => [m[1], m[2]].filter(Boolean) as string[]).filter((o) => !o.includes('--help'));
      const known = new Set(opts.flat());
      expect([...s.flags].filter((f) => !known.has(f)), 'documented but not in --help').toEqual([]);
      expect(opts.filter((o) => !o.some((f) => s.flags.has(f))).map((o) => o.join(', ')), 'in --help but not documented').toEqual([]);
      counts.synopses++;
    });

  for (const j of json)
    it(`${j.where}: the JSON example parses and is accepted`, async () => {
      const value = JSON.parse(j.text);
      if ('schemaVersion' in value) expect(validate(value.status === 'error' ? 'error' : value.command, value)).toEqual([]);
      else {
        // A configuration: exactly as a --config FILE takes it.
        const file = join(tmp, `config-${counts.json}.json`);
        writeFileSync(file, j.text);
        const r = await cli('check', '--model', 'buddy', '--config', file, '--max-states', '2000');
        expect([0, 3], r.err).toContain(r.code);
      }
      counts.json++;
    });

  for (const s of shapes)
    it(`${s.where}: the documented shape of ${s.command} --json has the schema's fields`, () => {
      const file = JSON.parse(readFileSync(join(root, 'schemas', `${s.command}.schema.json`), 'utf8'));
      // A schema with several forms (check and validate: one configuration, or a family): the shape documented is the single one.
      const schema = file.properties ? file : file.$defs.single;
      expect(s.fields.filter((f) => !(f in schema.properties)), 'documented but not in the schema').toEqual([]);
      expect((schema.required as string[]).filter((f) => !s.fields.includes(f)), 'required but not documented').toEqual([]);
      counts.shapes++;
    });

  afterAll(() => {
    console.log(`docs: ${counts.run} commands run, ${counts.skipped} skip-listed, ${counts.synopses} synopses checked against --help, ${counts.json} JSON examples and ${counts.shapes} documented JSON shapes checked`);
  });
});
