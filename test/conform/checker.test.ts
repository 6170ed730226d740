/**
 * The checker on real traces (Debian 6.1.192 under QEMU): unmodified traces have no finding, and
 * each corruption injected into them is found at the injected line. Injection points are chosen
 * by fixed rules (the first line that fits), so every run checks the same lines.
 */
import { describe, expect, it } from 'vitest';
import { check, fieldsOf, traceText, TRACES, withCpu } from './fixtures.ts';

/** The first index (0-based) after `from` whose line satisfies `pred`. */
function find(lines: readonly string[], pred: (l: string, i: number) => boolean, from = 0): number {
  for (let i = from; i < lines.length; i++) if (pred(lines[i], i)) return i;
  throw new Error('no line fits the injection rule');
}

describe('Checker on real 6.1 traces', () => {
  for (const name of TRACES) {
    it(`finds nothing in the unmodified ${name} trace`, async () => {
      const lines = await traceText(name);
      const r = await check(lines);
      expect(r.findings).toEqual([]);
      expect(r.events).toBeGreaterThan(15_000);
      expect(r.truncated).toBeNull();
    });
  }

  it('accepts the drain_all_pages() of a real memory offline as a remote drain', async () => {
    const r = await check(await traceText('hotplug'));
    expect(r.findings).toEqual([]);
    expect(r.remoteDrains.runs).toBeGreaterThan(0);
  });

  it('explains the boot trace with __free_pages_core frees to the buddy, and says so', async () => {
    const r = await check(await traceText('boot'));
    expect(r.steps['free-to-buddy:core-free']?.steps).toBeGreaterThan(0);
  });

  it('finds a duplicated free of an order-1 block at the duplicate', async () => {
    const lines = [...(await traceText('normal'))];
    // An order >= 1 task-context free of a block whose allocation is in the trace.
    const i = find(lines, (l, j) => {
      const f = fieldsOf(l);
      if (!f || f.event !== 'mm_page_free' || f.kv.order === '0' || f.flags[2] !== '.') return false;
      return lines.slice(0, j).some((x) => x.includes('mm_page_alloc:') && x.includes(`pfn=${f.kv.pfn} order=${f.kv.order} `));
    });
    lines.splice(i + 1, 0, lines[i]);
    const r = await check(lines);
    expect(r.findings.length).toBeGreaterThan(0);
    const f = r.findings[0];
    expect(f).toMatchObject({ kind: 'double-free', code: 'P2', line: i + 2 });
    expect(f.evidence[0].line).toBe(i + 1);
  });

  it('finds an allocation on one CPU of a page on the other CPU\'s PCP list, at that allocation', async () => {
    const lines = [...(await traceText('normal'))];
    const i = find(lines, (l) => l.includes('mm_page_free_batched:'));
    const batched = fieldsOf(lines[i])!;
    // A real order-0 allocation line whose gfp flags do not let the task sleep in a memcg charge.
    const model = lines[find(lines, (l) => l.includes('mm_page_alloc:') && l.includes(' order=0 ') && !l.includes('ACCOUNT'))];
    const other = 1 - batched.cpu;
    const injected = withCpu(model, other)
      .replace(/\d+\.\d+:/, `${batched.ts}:`)
      .replace(/pfn=0x[0-9a-f]+/, `pfn=${batched.kv.pfn}`);
    lines.splice(i + 1, 0, injected);
    const r = await check(lines);
    const f = r.findings[0];
    expect(f).toMatchObject({ kind: 'alloc-not-free', code: 'P1', line: i + 2, cpu: other });
    expect(f.message).toContain(`cpu${batched.cpu}'s PCP list`);
    expect(f.evidence[0].line).toBe(i + 1);
  });

  it('finds a drain from the wrong CPU inside another CPU\'s drain, at that drain', async () => {
    const lines = [...(await traceText('normal'))];
    // Three consecutive order-0 drains by one CPU of pages it put on its list with mm_page_free_batched.
    const lastBatched = new Map<string, { cpu: number; at: number }>();
    const batchedOn = (pfn: string, cpu: number, j: number) => {
      const b = lastBatched.get(pfn);
      return b !== undefined && b.cpu === cpu && b.at < j;
    };
    const i = find(lines, (l, j) => {
      const me = fieldsOf(l);
      if (me?.event === 'mm_page_free_batched') lastBatched.set(me.kv.pfn, { cpu: me.cpu, at: j });
      const fs = [l, lines[j + 1] ?? '', lines[j + 2] ?? ''].map(fieldsOf);
      if (fs.some((f) => !f || f.event !== 'mm_page_pcpu_drain' || f.kv.order !== '0' || f.cpu !== fs[0]!.cpu)) return false;
      return batchedOn(fs[1]!.kv.pfn, fs[1]!.cpu, j) && batchedOn(fs[2]!.kv.pfn, fs[2]!.cpu, j);
    });
    const cpu = fieldsOf(lines[i + 1])!.cpu;
    lines[i + 1] = withCpu(lines[i + 1], 1 - cpu);
    const r = await check(lines);
    const f = r.findings[0];
    expect(f).toMatchObject({ kind: 'remote-drain', code: 'P1', line: i + 2, cpu: 1 - cpu });
    expect(f.message).toContain(`from cpu${cpu}'s PCP list`);
    // The refutation: the next page was still on the list, drained right after.
    expect(f.evidence.some((e) => e.line === i + 3)).toBe(true);
  });

  it('finds a misaligned order at that line and does not cascade', async () => {
    const lines = [...(await traceText('lowmem'))];
    const i = find(lines, (l) => {
      const f = fieldsOf(l);
      return f !== null && f.event === 'mm_page_free' && f.kv.order === '0' && parseInt(f.kv.pfn, 16) % 2 === 1;
    });
    lines[i] = lines[i].replace(' order=0', ' order=1');
    const r = await check(lines);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ kind: 'misaligned', code: 'P5', line: i + 1 });
  });

  it('reports other events and malformed lines with their line numbers, skips them, and finds nothing', async () => {
    const lines = [...(await traceText('lowmem'))];
    const clean = await check(lines);
    const at = 100;
    const kmalloc = '            bash-1234    [000] .....    10.600000: kmalloc: call_site=__alloc_skb+0x8b/0x1e0 ptr=ffff8880046f7800 bytes_req=704 bytes_alloc=1024 gfp_flags=GFP_KERNEL';
    const truncatedField = lines[at + 5].replace(/ order=\d+.*$/, '');
    lines.splice(at, 0, kmalloc, 'this is not a trace line');
    lines[at + 7] = truncatedField;
    const r = await check(lines);
    expect(r.unknownLines).toEqual([{ line: at + 1, text: kmalloc, reason: 'event kmalloc is not a kmem page-allocator event' }]);
    expect(r.unknownEvents).toEqual({ kmalloc: 1 });
    expect(r.malformed).toBe(2);
    expect(r.malformedLines.map((m) => m.line)).toEqual([at + 2, at + 8]);
    expect(r.malformedLines[1].reason).toMatch(/without order/);
    expect(r.events).toBe(clean.events - 1);
    expect(r.findings).toEqual([]);
  });

  it('forgets every place at a ring-buffer gap and reports it', async () => {
    const lines = [...(await traceText('normal'))];
    const i = find(lines, (l) => l.includes('mm_page_free_batched:'));
    // A duplicated free right after a gap is not a finding: the gap may hide the allocation.
    lines.splice(i + 1, 0, '##### CPU 1 buffer started ####', lines[i].replace('mm_page_free_batched', 'mm_page_free'));
    const r = await check(lines);
    expect(r.gaps).toHaveLength(1);
    expect(r.gaps[0].line).toBe(i + 2);
    expect(r.findings).toEqual([]);
  });
});

describe('Checker explanations', () => {
  /** The normal excerpt with the allocation of a batched page moved to the other CPU, with these gfp flags. */
  async function crossCpuAlloc(gfp: string): Promise<string[]> {
    const lines = [...(await traceText('normal'))];
    // The first batched free whose page is next named by an allocation on the same CPU.
    const batched = new Map<string, number>();
    const j = find(lines, (l) => {
      const f = fieldsOf(l);
      if (!f) return false;
      const cpu = batched.get(f.kv.pfn);
      batched.delete(f.kv.pfn);
      if (f.event === 'mm_page_free_batched') batched.set(f.kv.pfn, f.cpu);
      return cpu === f.cpu && f.event === 'mm_page_alloc' && f.kv.order === '0';
    });
    const a = fieldsOf(lines[j])!;
    lines[j] = withCpu(lines[j], 1 - a.cpu).replace(/gfp_flags=\S+/, `gfp_flags=${gfp}`);
    return lines;
  }

  it('explains an allocation on another CPU by a task that may sleep in its memcg charge', async () => {
    const r = await check(await crossCpuAlloc('GFP_KERNEL_ACCOUNT'));
    expect(r.findings).toEqual([]);
    expect(r.steps['task-migrated']).toEqual({ steps: 1, pages: 1 });
  });

  it('explains it for any allocation with --preempt, and not without', async () => {
    const lines = await crossCpuAlloc('GFP_NOWAIT');
    expect((await check(lines, { preempt: true })).findings).toEqual([]);
    expect((await check(lines)).findings.map((f) => f.kind)).toEqual(['alloc-not-free']);
  });

  it('explains a free of a page on the list by a failed memcg charge when a NULL allocation follows', async () => {
    const lines = [...(await traceText('normal'))];
    const i = find(lines, (l, j) => {
      const f = fieldsOf(l);
      if (!f || f.event !== 'mm_page_free' || f.kv.order !== '1' || f.flags[2] !== '.') return false;
      return lines.slice(0, j).some((x) => x.includes('mm_page_alloc:') && x.includes(`pfn=${f.kv.pfn} order=1 `));
    });
    const f = fieldsOf(lines[i])!;
    const failed = lines[i].replace(/mm_page_free: .*$/, 'mm_page_alloc: page=0000000000000000 pfn=0x0 order=1 migratetype=0 gfp_flags=GFP_KERNEL_ACCOUNT');
    lines.splice(i + 1, 0, lines[i], failed);
    const r = await check(lines);
    expect(r.findings).toEqual([]);
    expect(r.steps['charge-failed']).toEqual({ steps: 1, pages: 2 });
    expect(r.failedAllocs).toBe(1);
    expect(f.kv.order).toBe('1');
  });

  it('lets --isolation explain a repeated free at order 0 only (6.1 hands isolated pages out at order 0)', async () => {
    // An order-1 block allocated and freed, then freed again. With isolated pageblocks the first
    // free may have gone to the buddy, and compaction's or alloc_contig_range's
    // __isolate_free_page() may have taken the block since; split_map_pages() hands its pages out
    // at order 0, so an order-0 free of its head is explained, an order-1 free is not.
    const line = (ts: string, ev: string, rest: string) => `          task-10      [000] .....     ${ts}: ${ev}: page=ffd4000000400000 pfn=0x10000 ${rest}`;
    const head = [line('1.000001', 'mm_page_alloc', 'order=1 migratetype=1 gfp_flags=GFP_KERNEL'), line('1.000002', 'mm_page_free', 'order=1')];
    const order0 = await check([...head, line('1.000003', 'mm_page_free', 'order=0')], { isolation: true });
    expect(order0.findings).toEqual([]);
    expect(order0.steps['free-to-buddy:isolation']?.steps).toBe(1);
    expect(order0.steps['isolate-free']?.steps).toBe(1);
    const order1 = await check([...head, line('1.000003', 'mm_page_free', 'order=1')], { isolation: true });
    expect(order1.findings.map((f) => f.kind)).toEqual(['double-free']);
    // And without --isolation neither is explained.
    expect((await check([...head, line('1.000003', 'mm_page_free', 'order=0')])).findings.map((f) => f.kind)).toEqual(['double-free']);
  });
});
