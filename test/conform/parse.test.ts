/** The line parser: every line of the real traces, and each shape of line it must tell apart. */
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/conform/parse.ts';
import { CTX } from '../../src/conform/events.ts';
import { traceText, TRACES } from './fixtures.ts';

describe('parseLine', () => {
  for (const name of TRACES) {
    it(`parses every event of the real ${name} trace`, async () => {
      const lines = await traceText(name);
      const kinds = new Map<string, number>();
      let events = 0;
      const wrong: number[] = [];
      lines.forEach((l, i) => {
        const p = parseLine(l, i + 1);
        kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
        if (p.kind !== 'event') return;
        events++;
        if (p.event.line !== i + 1 || !Number.isInteger(p.event.pfn) || p.event.pfn < 0 || !Number.isInteger(p.event.order)) wrong.push(i + 1);
      });
      expect(wrong).toEqual([]);
      expect(kinds.get('malformed')).toBeUndefined();
      expect(kinds.get('other')).toBeUndefined();
      expect(events).toBe(lines.filter((l) => !l.startsWith('#')).length);
    });
  }

  it('reads the fields of each event kind as the kernel prints them', () => {
    const alloc = parseLine('           <...>-1782    [001] d..3.    16.061152: mm_page_alloc: page=ffd4000000134d00 pfn=0x4d34 order=1 migratetype=0 gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO', 7);
    expect(alloc).toEqual({
      kind: 'event',
      event: { name: 'mm_page_alloc', line: 7, comm: '<...>', pid: 1782, cpu: 1, ctx: CTX.task, ts: 16.061152, pfn: 0x4d34, order: 1, mt: 0, gfp: 'GFP_KERNEL_ACCOUNT|__GFP_ZERO', ok: true },
    });
    const zl = parseLine('  kworker/u4:0-9 (    9) [000] d.s3.  1.5: mm_page_alloc_zone_locked: page=ffd4000000134d00 pfn=0x4d34 order=0 migratetype=2 percpu_refill=1', 1);
    expect(zl.kind === 'event' && zl.event).toMatchObject({ name: 'mm_page_alloc_zone_locked', comm: 'kworker/u4:0', ctx: CTX.softirq, refill: true });
    const ext = parseLine('sh-107 [000] d..3. 8.171022: mm_page_alloc_extfrag: page=ffd4000000360000 pfn=0xd800 alloc_order=2 fallback_order=10 pageblock_order=9 alloc_migratetype=0 fallback_migratetype=1 fragmenting=0 change_ownership=1', 1);
    expect(ext.kind === 'event' && ext.event).toMatchObject({ order: 10, allocOrder: 2, allocMt: 0, fallbackMt: 1, changeOwnership: true });
  });

  it('tells a failed allocation (NULL page) from pfn 0', () => {
    const p = parseLine('a-1 [000] ..... 1.0: mm_page_alloc: page=0000000000000000 pfn=0x0 order=3 migratetype=1 gfp_flags=GFP_NOWAIT', 1);
    expect(p.kind === 'event' && p.event.name === 'mm_page_alloc' && p.event.ok).toBe(false);
  });

  it('reads the context from the flags column, and accepts lines without it', () => {
    const ctx = (flags: string) => {
      const p = parseLine(`a-1 [000] ${flags} 1.0: mm_page_free: page=f pfn=0x10 order=0`, 1);
      return p.kind === 'event' ? p.event.ctx : null;
    };
    expect([ctx('d.h2.'), ctx('..s1.'), ctx('d.H2.'), ctx('d.Z1.'), ctx('....')]).toEqual([CTX.hardirq, CTX.softirq, CTX.hardirq, CTX.nmi, CTX.task]);
    const bare = parseLine('bash-12 [003] 100.25: mm_page_free: page=f pfn=0x20 order=2', 1);
    expect(bare.kind === 'event' && bare.event).toMatchObject({ cpu: 3, ctx: CTX.task, order: 2, pfn: 0x20 });
  });

  it('tells other events, malformed lines, gaps and headers apart', () => {
    expect(parseLine('a-1 [000] ..... 1.0: kfree: call_site=x ptr=y', 1)).toEqual({ kind: 'other', name: 'kfree' });
    expect(parseLine('a-1 [000] ..... 1.0: mm_page_free: page=f order=0', 1)).toEqual({ kind: 'malformed', reason: 'mm_page_free without pfn' });
    expect(parseLine('a-1 [000] ..... 1.0: mm_page_free: page=f pfn=12 order=0', 1).kind).toBe('malformed');
    expect(parseLine('a-1 [000] ..... 1.0: mm_page_free: page=f pfn=0x12 order=x', 1).kind).toBe('malformed');
    expect(parseLine('garbage', 1).kind).toBe('malformed');
    expect(parseLine('##### CPU 1 buffer started ####', 1)).toMatchObject({ kind: 'gap', cpu: 1, lost: null });
    expect(parseLine('CPU:0 [LOST 1234 EVENTS]', 1)).toMatchObject({ kind: 'gap', cpu: 0, lost: 1234 });
    expect(parseLine('# entries-in-buffer/entries-written: 48528/48530   #P:2', 1)).toEqual({ kind: 'header', entriesInBuffer: 48528, entriesWritten: 48530, cpus: 2 });
    expect(parseLine('   ', 1)).toEqual({ kind: 'blank' });
  });
});
