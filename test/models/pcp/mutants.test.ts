import { describe, expect, it } from 'vitest';
import { runRow } from '../../../src/cli/runs.ts';
import { pcpModel } from '../../../models/pcp/index.ts';

/** Each mutant, caught by what it targets, with the length of its shortest counterexample. */
const CAUGHT: Record<string, { by: string; steps: number }> = {
  'rmqueue-mode-kept-across-unlock': { by: 'divergence', steps: 11 },
  'claim-keeps-mode': { by: 'divergence', steps: 2 },
  'drain-count-unlocked': { by: 'P6', steps: 6 },
  'bulk-no-clamp': { by: 'deadlock', steps: 8 },
  'trylock-nests-on-drain': { by: 'P7', steps: 4 },
  'drain-cached-migratetype': { by: 'P8', steps: 9 },
};

describe('pcp mutants', () => {
  it('pins every mutant of the model', () => {
    expect(pcpModel.variants.filter((v) => v.kind === 'mutant').map((v) => v.name).sort()).toEqual(Object.keys(CAUGHT).sort());
  });

  for (const variant of pcpModel.variants.filter((v) => v.kind === 'mutant'))
    it(`catches ${variant.name} by ${variant.expect}`, () => {
      // Act
      const row = runRow(pcpModel, variant);
      // Assert (replay: npx pagecheck check|validate --model pcp --variant ... as printed by `pagecheck mutants`)
      expect(row.caughtBy, `${variant.name}: ${row.verdict}`).toBe(CAUGHT[variant.name].by);
      expect(row.pass).toBe(true);
      expect(row.steps).toBe(CAUGHT[variant.name].steps);
    });

  it('validates seed 003 after against before in the suite row', () => {
    const after = pcpModel.variants.find((v) => v.name === 'after')!;
    const row = runRow(pcpModel, after);
    expect(row.verdict).toBe('ok');
    expect(row.result.states).toBe(6_666);
  });
});
