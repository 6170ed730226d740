import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/io.ts';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), tty: false, width: 1000 };
}

describe('pagecheck validate', () => {
  it('prints the cost table of seed 003, VACUOUS at fragmented (the CMA memo never runs there), and exits 3', async () => {
    const io = capture();
    const code = await main(['validate', '--model', 'pcp', '--before', 'before', '--after', 'after'], io);
    const text = io.stdout.join('\n');
    expect(code).toBe(3);
    expect(text).toMatch(/^VACUOUS {2}pcp: before → after @ fragmented: .*action remember_mode_cma never ran/);
    expect(text).toMatch(/action remember_mode_steal: ran [\d,]+ times, differed [\d,]+ times/);
    expect(text).toMatch(/9,140 operations run alone on both variants/);
    expect(text).toMatch(/orders scanned by fallback searches +11,620 +11,124 +-4\.3%/);
  });

  it('prints one JSON object with the divergence and its trace, and exits 1', async () => {
    const io = capture();
    const code = await main(['validate', '--model', 'pcp', '--before', 'after', '--after', 'rmqueue-mode-kept-across-unlock', '--json'], io);
    expect(code).toBe(1);
    const j = JSON.parse(io.stdout.join('')) as Record<string, any>;
    expect(j).toMatchObject({ status: 'fail', outcome: 'divergence' });
    expect(j.equivalent).toBe(false);
    expect(j.divergence.start).toBe('cpu1 alloc_pages(order=0, mt=MOVABLE, comp=0)');
    expect(j.divergence.trace).toHaveLength(9);
    expect(j.divergence.after.steps.length).toBeGreaterThan(0);
    expect(Object.keys(j.cost)).toEqual(['counters', 'before', 'after']);
    expect(j.cost.before.alloc_pages.runs).toBe(j.cost.after.alloc_pages.runs);
    expect(j.rerun).toBe('npx pagecheck validate --model pcp --before after --after rmqueue-mode-kept-across-unlock --config fragmented');
  });

  it('costs two variants separately, each over its own states and per complete run, and exits 0', async () => {
    const io = capture();
    const code = await main(['validate', '--model', 'pcp-buddy', '--before', 'ownership-off', '--after', 'baseline', '--separately', '--config', 'exit', '--json'], io);
    expect(code).toBe(0);
    const j = JSON.parse(io.stdout.join('')) as Record<string, any>;
    expect(j).toMatchObject({ status: 'ok', outcome: 'costed' });
    expect(Object.keys(j.explorations)).toEqual(['ownership-off', 'baseline']);
    expect(j.explorations.baseline).toMatchObject({ status: 'ok', outcome: 'holds' });
    expect(j.cost.before.__free_pages.runs).toBeGreaterThan(0);
    // Every complete run frees the four pages: four calls of __free_pages in each, in both variants.
    for (const side of ['before', 'after']) expect(j.perRun[side].operations.__free_pages.calls).toEqual({ mean: 4, min: 4, max: 4 });
    expect(j.perRun.after.operations['drain at the end']).toBeDefined();
    expect(j.rerun).toBe('npx pagecheck validate --model pcp-buddy --before ownership-off --after baseline --separately --config exit');
  });

  it('prints the separate costing as text, per call and per complete run', async () => {
    const io = capture();
    const code = await main(['validate', '--model', 'pcp-buddy', '--before', 'ownership-off', '--after', 'baseline', '--separately', '--config', 'exit'], io);
    const text = io.stdout.join('\n');
    expect(code).toBe(0);
    expect(text).toMatch(/^COSTED SEPARATELY {2}pcp-buddy: ownership-off → baseline @ exit/);
    expect(text).toMatch(/Cost per call/);
    expect(text).toMatch(/Cost per complete run of the scenario/);
  });

  it('reports the after variant failing a property like `check` does', async () => {
    const io = capture();
    const code = await main(['validate', '--model', 'pcp', '--before', 'baseline', '--after', 'drain-count-unlocked', '--json'], io);
    expect(code).toBe(1);
    const j = JSON.parse(io.stdout.join('')) as Record<string, any>;
    expect(j).toMatchObject({ status: 'fail', outcome: 'violation' });
    expect(j.violation.property).toBe('P6');
  });

  it('validates a variant file written outside the repository against a built-in variant', async () => {
    // Arrange: a patch that keeps CLAIM mode after a successful claim (claim-keeps-mode, as a user would write it)
    const dir = mkdtempSync(join(tmpdir(), 'pagecheck-validate-'));
    const file = join(dir, 'claim-twice.ts');
    writeFileSync(
      file,
      [
        "import { defineVariant, R } from 'pagecheck';",
        'export default defineVariant({',
        "  model: 'pcp', name: 'claim-twice', kind: 'patch', baseline: 'after', config: 'fragmented',",
        "  description: 'after a successful claim, stay in CLAIM mode',",
        '  actions: { claim_resets_mode: (k) => k.set(R.mode, 2) },',
        '});',
      ].join('\n'),
    );
    const io = capture();
    // Act
    const code = await main(['validate', '--before', 'after', '--after', file, '--json'], io);
    // Assert
    expect(code).toBe(1);
    const j = JSON.parse(io.stdout.join('')) as Record<string, any>;
    expect(j).toMatchObject({ status: 'fail', outcome: 'divergence' });
    expect(j.after).toBe('claim-twice');
    expect(j.rerun).toBe(`npx pagecheck validate --model pcp --before after --after ${file} --config fragmented`);
  });

  it('rejects an unknown variant with exit 2 and the closest names', async () => {
    const io = capture();
    const code = await main(['validate', '--model', 'pcp', '--before', 'befor', '--after', 'after'], io);
    expect(code).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/unknown variant 'befor' of model pcp.*Did you mean 'before'\?/s);
  });

  it('requires both variants', async () => {
    const io = capture();
    expect(await main(['validate', '--model', 'pcp', '--before', 'before'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/--after/);
  });
});

describe('pagecheck validate: the contig pairs', () => {
  it('finds seed 000 equivalent to freeing page by page, with fewer PCP insertions and zone->lock acquisitions', async () => {
    const io = capture();
    const code = await main(['validate', '--model', 'contig', '--before', 'before', '--after', 'after', '--json'], io);
    expect(code).toBe(0);
    const j = JSON.parse(io.stdout.join('')) as Record<string, any>;
    expect(j).toMatchObject({ status: 'ok', outcome: 'equivalent' });
    expect(j.config).toBe('default');
    const b = j.cost.before.free_contig_range;
    const a = j.cost.after.free_contig_range;
    expect(a.runs).toBe(b.runs);
    expect(a.pcpListAdds * 2).toBeLessThan(b.pcpListAdds);
    expect(a.zoneLock).toBeLessThan(b.zoneLock);
    expect(a.merges).toBeLessThan(b.merges);
  });

  it('reports the bulk allocator that gives up without the single-page allocator as a divergence from single allocations', async () => {
    const io = capture();
    const code = await main(['validate', '--model', 'contig', '--before', 'bulk-before', '--after', 'bulk-no-single-page'], io);
    expect(code).toBe(1);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/^DIVERGENCE {2}contig: bulk-before → bulk-no-single-page @ bulk: cpu\d alloc_pages_bulk\(nr=4\), run alone, ends differently/);
    expect(text).toMatch(/- blocks held by callers: bulk-before: pfn 3 \(order 0\), pfn 6 \(order 0\), pfn 9 \(order 0\), pfn 12 \(order 0\); bulk-no-single-page: pfn 3 \(order 0\), pfn 9 \(order 0\), pfn 12 \(order 0\)/);
  });
});
