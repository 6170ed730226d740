/** Reading trace files: compression by magic bytes, and truncated or corrupt files reported as such. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sniff } from '../../src/conform/input.ts';
import { LINUX_6_1 } from '../../src/conform/profile.ts';
import { conformFile } from '../../src/conform/run.ts';
import { UsageError } from '../../src/util/unreachable.ts';
import { traceText, tracePath } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'pagecheck-input-'));
const write = (name: string, data: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};
const run = (path: string) => conformFile(path, { profile: LINUX_6_1 });

describe('trace input', () => {
  it('reads xz, gzip and plain text alike', async () => {
    const lines = await traceText('lowmem');
    const xz = await run(tracePath('lowmem'));
    const plain = await run(write('lowmem.txt', lines.join('\n') + '\n'));
    const gz = await run(write('lowmem.gz', gzipSync(lines.join('\n') + '\n')));
    expect([xz.compression, plain.compression, gz.compression]).toEqual(['xz', 'none', 'gzip']);
    expect(plain.events).toBe(xz.events);
    expect(gz.events).toBe(xz.events);
    expect([xz.truncated, plain.truncated, gz.truncated]).toEqual([null, null, null]);
  });

  it('reports an xz file cut short as truncated, after checking what it holds', async () => {
    const bytes = readFileSync(tracePath('boot'));
    const r = await run(write('cut.xz', bytes.subarray(0, Math.floor(bytes.length / 2))));
    expect(r.truncated).toMatch(/^truncated: the xz stream ends before its end marker/);
    expect(r.events).toBeGreaterThan(1000);
  });

  it('reports a text file that ends in the middle of a line as truncated', async () => {
    const text = (await traceText('lowmem')).join('\n');
    const r = await run(write('cut.txt', text.slice(0, text.length - 40)));
    expect(r.truncated).toMatch(/^truncated: the last line has no newline/);
    expect(r.malformedLines.at(-1)?.line).toBe(r.lines);
  });

  it('reports a file with fewer events than its header says as truncated', async () => {
    const lines = await traceText('boot');
    const r = await run(write('short.txt', lines.slice(0, 30_000).join('\n') + '\n'));
    expect(r.header).toEqual({ entriesInBuffer: 48528, entriesWritten: 48528 });
    expect(r.truncated).toBe(`truncated: the header says the buffer held 48528 events, but the file has ${r.events}`);
  });

  it('refuses a missing file, a directory and a binary trace-cmd file with a clear message', () => {
    expect(() => sniff(join(dir, 'nope'))).toThrow(UsageError);
    expect(() => sniff(dir)).toThrow(/is a directory/);
    expect(() => sniff(write('trace.dat', new Uint8Array([0x17, 0x08, 0x44, 0x74, 0x72, 0x61])))).toThrow(/trace-cmd report/);
  });
});
