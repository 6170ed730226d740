/**
 * The untraced steps checked against the 6.1 source (mm/page_alloc.c, mm/compaction.c,
 * mm/page_isolation.c): an interrupt's free bypasses the PCP list only on 6.1.57 and later (IRQs
 * left enabled under the PCP lock), compaction's isolation hands pages out at order 0 only, and a
 * first free that would fill a PCP list to `high` with no drain after it went to the buddy.
 * Also the reader's bounds: no page event is nothing checked (exit 2), a CPU number beyond any
 * kernel's is a malformed line, and a truncated input is said with its own exit status whatever
 * was found.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileOf } from '../../src/conform/profile.ts';
import { parseZoneinfo } from '../../src/conform/zoneinfo.ts';
import { cli } from '../helpers/cli.ts';
import { check } from './fixtures.ts';

const ev = (cpu: number, flags: string, ts: string, event: string, pfn: number, rest: string) =>
  `          task-10      [${String(cpu).padStart(3, '0')}] ${flags}     ${ts}: ${event}: page=ffd4000000400000 pfn=0x${pfn.toString(16)} ${rest}`;

describe('6.1 rules', () => {
  it('an interrupt\'s free may bypass the PCP list on 6.1.57 and later only', async () => {
    // An order-1 block freed in softirq context, then taken off the buddy with no event between.
    const lines = [
      ev(0, '.....', '1.000001', 'mm_page_alloc', 0x10000, 'order=1 migratetype=1 gfp_flags=GFP_KERNEL'),
      ev(0, '..s1.', '1.000002', 'mm_page_free', 0x10000, 'order=1'),
      ev(0, '.....', '1.000003', 'mm_page_alloc_zone_locked', 0x10000, 'order=1 migratetype=1 percpu_refill=0'),
    ];
    const late = await check(lines, { profile: profileOf('6.1.192') });
    expect(late.findings).toEqual([]);
    expect(late.steps['free-to-buddy:interrupt']?.steps).toBe(1);
    const early = await check(lines, { profile: profileOf('6.1.40') });
    expect(early.findings.map((f) => f.kind)).toEqual(['buddy-not-free']);
    expect(profileOf('6.1').irqsOnUnderPcpLock).toBe(true);
    expect(() => profileOf('6.2')).toThrow(/--kernel must be one of 6\.1 or a 6\.1 stable release/);
  });

  it('a repeated free of a block the buddy holds is explained at order 0 only', async () => {
    // Order 4 has no PCP list: the first free puts the block in the buddy, so the second is a double free.
    const lines = [ev(0, '.....', '1.000001', 'mm_page_alloc', 0x10000, 'order=4 migratetype=1 gfp_flags=GFP_KERNEL'), ev(0, '.....', '1.000002', 'mm_page_free', 0x10000, 'order=4')];
    const again = await check([...lines, ev(1, '.....', '1.000003', 'mm_page_free', 0x10000, 'order=4')]);
    expect(again.findings.map((f) => f.kind)).toEqual(['double-free']);
    expect(again.findings[0].message).toContain('hands pages out at order 0, not 4');
    expect((await check([...lines, ev(1, '.....', '1.000003', 'mm_page_free', 0x10000, 'order=0')])).findings).toEqual([]);
  });

  it('a first free that would fill the list to high with no drain after it went to the buddy, and only certain entries count toward the peak', async () => {
    const zones = parseZoneinfo(
      'Node 0, zone    DMA32\n  pages free     1000\n        spanned  1048576\n        present  1048576\n        managed  1000000\n  pagesets\n    cpu: 0\n              count: 0\n              high:  413\n              batch: 63\n  start_pfn:           4096\n',
    );
    // Deferred struct page init: order-9 blocks never seen before, freed with no drain between.
    // The CPU's next event settles each (here the next free; for the last, an allocation elsewhere).
    const lines = [
      ...Array.from({ length: 4 }, (_, i) => ev(0, '.....', `1.00000${i + 1}`, 'mm_page_free', 0x10000 + 512 * i, 'order=9')),
      ev(0, '.....', '1.000009', 'mm_page_alloc', 0x20000, 'order=0 migratetype=1 gfp_flags=GFP_KERNEL'),
    ];
    const r = await check(lines, { zones });
    expect(r.findings).toEqual([]);
    expect(r.steps['free-to-buddy:core-free']).toEqual({ steps: 4, pages: 2048 });
    expect(r.final.buddy).toBe(2048);
    expect(r.pcp.find((p) => p.cpu === 0)?.maxKnown ?? 0).toBe(0);
  });
});

describe('conform input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pagecheck-conform-'));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('exits 2 when the input holds no page event: an empty file, other events only, every line malformed', async () => {
    for (const [name, text] of [
      ['empty.txt', ''],
      ['other.txt', '  bash-1 [000] ..... 1.000000: sched_switch: prev_comm=a\n'],
      ['junk.txt', 'hello\nworld\n'],
      ['old.txt', ev(0, '.....', '1.000001', 'mm_page_free', 0x10000, 'order=0').replace(/pfn=\S+ /, '') + '\n'],
    ] as const) {
      const r = await cli('conform', file(name, text));
      expect(r.code, name).toBe(2);
      expect(r.out).toMatch(/^NOTHING CHECKED/);
      expect(r.err).toContain('holds no kmem page event, so nothing was checked');
    }
  });

  it('refuses a CPU number beyond any kernel\'s (it would wrap in the per-page field)', async () => {
    const r = await check([ev(0, '.....', '1.000001', 'mm_page_alloc', 0x10000, 'order=0 migratetype=1 gfp_flags=GFP_KERNEL').replace('[000]', '[70000]')]);
    expect(r.events).toBe(0);
    expect(r.malformedLines[0].reason).toContain("cpu 70000 is beyond any kernel's CPU numbers");
  });

  it('says a truncated input on stderr and exits 2, also when it has findings', async () => {
    const lines = [ev(0, '.....', '1.000001', 'mm_page_alloc', 0x10000, 'order=4 migratetype=1 gfp_flags=GFP_KERNEL'), ev(0, '.....', '1.000002', 'mm_page_free', 0x10000, 'order=4'), ev(0, '.....', '1.000003', 'mm_page_free', 0x10000, 'order=4')];
    const r = await cli('conform', file('cut.txt', lines.join('\n') + '\n' + lines[0].slice(0, 30)));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^1 FINDING/);
    expect(r.err).toMatch(/cut\.txt is not whole \(truncated: .*\); the 1 finding listed are of the part that was read/);
  });
});
