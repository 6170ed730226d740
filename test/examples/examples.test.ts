/**
 * The worked examples in examples/, loaded as a user would: copied to a temporary directory
 * outside the repository and given to the CLI by path.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pagecheck-examples-'));
const copy = (name: string) => {
  const to = join(dir, name);
  copyFileSync(new URL(`../../examples/${name}`, import.meta.url), to);
  return to;
};
const seed000 = copy('seed000-free-contig-range.ts');
const noBreak = copy('seed000-no-section-break.ts');
const drain = copy('pcp-drain-whole-count.ts');

/** The after variant's costs in a validate --json report. */
const afterCost = (json: string) => JSON.parse(json).cost.after;

describe('examples', () => {
  it('seed 000 written from scratch agrees with before, costs what the built-in after costs, and is vacuous at default: its flush of the run still open at the end never runs there', async () => {
    const mine = await cli('validate', '--model', 'contig', '--before', 'before', '--after', seed000, '--json', '--no-witness');
    expect(mine.code).toBe(3);
    const builtIn = await cli('validate', '--model', 'contig', '--before', 'before', '--after', 'after', '--json');
    expect(builtIn.code).toBe(0);
    const [a, b] = [JSON.parse(mine.out), JSON.parse(builtIn.out)];
    expect(a).toMatchObject({ status: 'vacuous', outcome: 'vacuous', equivalent: true });
    expect(a.vacuity.vacuous).toEqual([{ kind: 'action', name: 'run_to_range_end', reason: 'never ran' }]);
    expect(b).toMatchObject({ status: 'ok', outcome: 'equivalent' });
    expect([a.states, a.transitions, a.comparisons]).toEqual([b.states, b.transitions, b.comparisons]);
    expect(afterCost(mine.out)).toEqual(afterCost(builtIn.out));
    // Chunking cuts free_contig_range's zone->lock acquisitions from 368 to 228 over its 92 runs.
    expect([a.cost.before.free_contig_range.zoneLock, a.cost.after.free_contig_range.zoneLock]).toEqual([368, 228]);
  });

  it('seed 000 without the section break diverges from before with a P3 walk across the boundary', async () => {
    const r = await cli('validate', '--model', 'contig', '--before', 'before', '--after', noBreak);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^DIVERGENCE {2}contig: before → seed000-no-section-break @ default/);
    expect(r.out).toMatch(/P3 finding: cpu0 in free_prepared_contig_range walks struct pages from pfn 1 \(section 0\) by 7 into section 1/);
    expect(r.out).toContain(`Reproduce: npx pagecheck validate --model contig --before before --after ${noBreak} --config default`);
  });

  it('seed 000 without the section break is caught by P3 as the mutant it declares', async () => {
    const r = await cli('mutants', '--variant', noBreak);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/seed000-no-section-break +default +P3 +caught P3 at step 16/);
  });

  it('the PCP drain patch is equivalent and takes zone->lock fewer times in its drain', async () => {
    const r = await cli('validate', '--model', 'pcp', '--before', 'baseline', '--after', drain, '--config', 'deep-pageset');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^EQUIVALENT {2}pcp: baseline → drain-whole-count @ deep-pageset/);
    expect(r.out).toMatch(/drain_pages_zone +[\d,]+ +zone->lock acquisitions +[\d,]+ +[\d,]+ +-\d+\.\d%/);
  });
});
