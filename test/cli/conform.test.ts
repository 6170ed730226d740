/** `pagecheck conform` end to end: exit statuses, the three output forms, capture directories. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { FIXTURES, traceText, tracePath } from '../conform/fixtures.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pagecheck-conform-'));
const zoneinfo = join(FIXTURES, 'lowmem.before.zoneinfo.txt');

/** The lowmem excerpt with its first order-0 free of an odd pfn turned into an order-1 free. */
async function corrupted(): Promise<{ path: string; line: number }> {
  const lines = [...(await traceText('lowmem'))];
  const i = lines.findIndex((l) => / mm_page_free: .* order=0$/.test(l) && parseInt(/pfn=0x([0-9a-f]+)/.exec(l)![1], 16) % 2 === 1);
  lines[i] = lines[i].replace(' order=0', ' order=1');
  const path = join(tmp, 'corrupted.txt');
  writeFileSync(path, lines.join('\n') + '\n');
  return { path, line: i + 1 };
}

describe('pagecheck conform', () => {
  it('exits 0 on a real trace and prints the summary, the tables and the PCP sizes against zoneinfo', async () => {
    const r = await cli('conform', tracePath('lowmem'), '--zoneinfo', zoneinfo);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^NO FINDINGS .* against Linux 6\.1: 20,001 events/);
    expect(r.out).toContain('untraced steps inferred');
    expect(r.out).toContain('Events by type and order:');
    expect(r.out).toMatch(/DMA32\s+cpu0\s+835\s+7\s+171 runs, 7\/7\/7\s+171 = 7, 0 above/);
  });

  it('exits 1 and prints the finding with its line, CPU, timestamp and pfn', async () => {
    const { path, line } = await corrupted();
    const r = await cli('conform', path);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^1 FINDING /);
    expect(r.out).toMatch(new RegExp(`P5 buddy well-formedness \\(misaligned\\) at line ${line}, cpu\\d, [\\d.]+: mm_page_free pfn=0x[0-9a-f]+ order=1`));
  });

  it('prints one JSON object with --json and Markdown with --md', async () => {
    const { path, line } = await corrupted();
    const j = JSON.parse((await cli('conform', path, '--json')).out);
    expect(j).toMatchObject({ status: 'fail', outcome: 'findings', kernel: '6.1', events: 20_001 });
    expect(j.findings[0]).toMatchObject({ kind: 'misaligned', code: 'P5', line });
    const md = await cli('conform', tracePath('lowmem'), '--md');
    expect(md.out).toMatch(/^## pagecheck conform: `.*lowmem\.trace\.xz` against Linux 6\.1/);
    expect(md.out).toContain('| event | total |');
  });

  it('reads a capture directory: trace, zoneinfo and the format files', async () => {
    const dir = join(tmp, 'capture');
    cpSync(join(FIXTURES, 'formats'), dir, { recursive: true });
    cpSync(tracePath('lowmem'), join(dir, 'trace.txt.xz'));
    cpSync(zoneinfo, join(dir, 'before.zoneinfo.txt'));
    const r = await cli('conform', dir, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).options.zoneinfo).toBe(join(dir, 'before.zoneinfo.txt'));
    writeFileSync(join(dir, 'format.mm_page_free.txt'), readFileSync(join(dir, 'format.mm_page_free.txt'), 'utf8').replace(' order=%d', ''));
    const bad = await cli('conform', dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/mm_page_free prints page, pfn; the checker needs order/);
  });

  it('exits 2 with a clear message for a missing file, a bad flag, or a truncated trace', async () => {
    const missing = await cli('conform', join(tmp, 'nope.txt'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/does not exist/);
    const kernel = await cli('conform', tracePath('lowmem'), '--kernel', '5.4');
    expect(kernel.code).toBe(2);
    expect(kernel.err).toMatch(/--kernel must be one of 6\.1/);
    const bytes = readFileSync(tracePath('boot'));
    const cut = join(tmp, 'cut.xz');
    writeFileSync(cut, bytes.subarray(0, 60_000));
    const t = await cli('conform', cut);
    expect(t.code).toBe(2);
    expect(t.out).toContain('TRUNCATED');
    expect(t.err).toMatch(/truncated: the xz stream ends before its end marker/);
  });
});
