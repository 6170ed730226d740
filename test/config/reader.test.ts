/**
 * The one reader of configuration files: a regular JSON file holding an object, a byte-order mark
 * tolerated, lists bounded (one error for a huge list, before anything else), lists that stand for
 * sets refused when they repeat an entry, every error naming the field, the value and the rule,
 * and the file's path (never its own `name`) in headers and messages. And a configuration that
 * does not fit a packed field of the model is refused, never searched into a false violation.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../models/registry.ts';
import { cli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pagecheck-config-'));
const file = (name: string, content: string | object) => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const base = { pages: 16, pagesPerSection: 8, maxOrder: 3, pageblockOrder: 2, cpus: 2 };

async function refused(args: string[], ...messages: (string | RegExp)[]): Promise<string> {
  const r = await cli(...args);
  expect(r.code, r.err + r.out).toBe(2);
  for (const m of messages) expect(r.err).toMatch(m);
  expect(r.err).not.toMatch(/\n\s+at |internal bug/);
  return r.err;
}

describe('configuration files', () => {
  it('must hold a JSON object: null, an array or a number is refused with what it is', async () => {
    for (const [name, text, got] of [['null.json', 'null', 'got null'], ['list.json', '[1,2]', 'got [1,2]'], ['num.json', '7', 'got 7']])
      await refused(['check', '--model', 'buddy', '--config', file(name, text)], `must hold a JSON object of fields`, got);
  });

  it('tolerates a UTF-8 byte-order mark, and names the file by its path, never by its `name` field (which may imitate a built-in or hold escapes)', async () => {
    const f = file('bom.json', '\ufeff' + JSON.stringify({ ...base, name: 'default\n\u001b[31mRED' }));
    const r = await cli('check', '--model', 'buddy', '--config', f, '--max-states', '50');
    expect(r.code).toBe(3);
    expect(r.out).toContain(`@ ${f}:`);
    expect(r.out + r.err).not.toContain('\u001b');
    expect(r.out).not.toContain('@ default');
    const odd = file('odd\u001bname\n.json', { ...base, cpus: 'two' });
    const err = await refused(['check', '--model', 'buddy', '--config', odd], 'odd\\x1bname\\n.json');
    expect(err).not.toContain('\u001b');
  });

  it('refuses what is not a regular file (a FIFO would block forever), and a file too large to be a configuration', async () => {
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    await refused(['check', '--model', 'buddy', '--config', fifo], 'is a FIFO (named pipe); give a regular file');
    await refused(['check', '--model', 'buddy', '--config', dir], 'is a directory');
    await refused(['check', '--model', 'buddy', '--config', file('big.json', { ...base, description: 'x'.repeat(5 * 2 ** 20) })], /is 5\.0 MiB; a configuration file is at most 4\.0 MiB/);
  });

  it('refuses a huge list with one error, before validating its entries', async () => {
    const err = await refused(['check', '--model', 'buddy', '--config', file('huge.json', { ...base, preallocated: Array.from({ length: 70_000 }, () => ({ pfn: 0, order: 0 })) })], 'config.preallocated: a list of 70,000 entries; no list of a configuration has more than 65,536');
    expect(err.trim().split('\n')).toHaveLength(2);
    // Within the bound but beyond the zone: one message, not one per overlapping entry.
    const many = await refused(['check', '--model', 'buddy', '--config', file('many.json', { ...base, preallocated: Array.from({ length: 20_000 }, () => ({ pfn: 0, order: 0 })) })], 'config.preallocated: 20000 entries for a zone of 16 pfns');
    expect(many.trim().split('\n').length).toBeLessThan(25);
  });

  it('refuses a repeated entry of a list that stands for a set (it would only multiply the transitions)', async () => {
    await refused(['check', '--model', 'buddy', '--config', file('dup.json', { ...base, workload: { allocOrders: [0, 1, 1] } })], 'config.workload.allocOrders[2]: order 1 is given twice (entries 1 and 2); give each once');
    await refused(['check', '--model', 'contig', '--config', file('dup2.json', { ...base, preallocated: [{ pfn: 0, order: 0 }], contig: { hwpoison: [0, 0] } })], 'config.contig.hwpoison[1]: pfn 0 is given twice');
  });

  it("names the file in a model's own refusal too (a rule the schema cannot state, a packed field it does not fit)", async () => {
    const example = JSON.parse(readFileSync(new URL('../../examples/isolation-multiblock-undo.json', import.meta.url), 'utf8')) as { isolation: object };
    const f = file('no-contig.json', { ...example, name: 'default', isolation: { ...example.isolation, contigPerCpu: 0 } });
    const err = await refused(['check', '--model', 'isolation', '--config', f], `invalid configuration '${f}': isolation.roles gives the contig role, but isolation.contigPerCpu`);
    expect(err).not.toContain("'default'");
    await refused(['check', '--model', 'pcp', '--config', file('wide.json', { ...base, pages: 32768, pagesPerSection: 8 })], /the configuration '.*wide\.json' does not fit the model's packed state/);
  });

  it('names the field, the value and the rule', async () => {
    await refused(['check', '--model', 'buddy', '--config', file('bad.json', { ...base, cpus: 12, maxOrder: 'three' })], /config\.maxOrder: .*\(got "three"\)/, /config\.cpus: .*<=8.*\(got 12\)/);
  });
});

describe('configurations against the widths of the packed state', () => {
  it('refuses, for every model, a zone whose page counts do not fit their 16-bit words (instead of a false P6 at step 0)', async () => {
    for (const m of MODELS) {
      // Some models refuse such a zone earlier, for reasons of their own (a pageblock bitmask, pageblock types).
      const err = await refused(['check', '--model', m.name, '--pages', '32768', '--pages-per-section', '8', '--max-states', '100']);
      expect(err).not.toMatch(/P6|VIOLATION/);
      if (m.name === 'buddy' || m.name === 'pcp') expect(err).toContain("does not fit the model's packed state: NR_FREE_PAGES (a signed 16-bit count of pages) must hold up to 32,768");
    }
    // The largest zone that fits is checked as usual.
    expect((await cli('check', '--model', 'pcp', '--pages', '32760', '--pages-per-section', '8', '--max-states', '100')).code).toBe(3);
  });
});

describe('numeric options', () => {
  it('take decimal numbers only', async () => {
    for (const v of ['0x10', '1e3', ' 5', 'Infinity']) await refused(['check', '--model', 'buddy', '--timeout', v], `--timeout must be a positive decimal number of seconds`);
  });

  it('--workers beyond the cores is capped, with a message', async () => {
    const r = await cli('check', '--model', 'buddy', '--workers', '64', '--max-states', '200');
    expect(r.err).toMatch(/--workers 64: this machine runs \d+ threads? at once; using \d+/);
  });
});
