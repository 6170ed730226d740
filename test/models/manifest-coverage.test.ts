/**
 * Every model's coverage recorded in models/manifest.json (what its baseline's exhaustive checks
 * reach over all its configurations together, and every item none reaches) is what the checks
 * reach today, and its declarations of unreachable items and open gaps hold: a change that loses coverage, or
 * gains it, shows in the manifest's diff (`npm run manifest`), and a stale declaration fails here.
 */
import { describe, expect, it } from 'vitest';
import { manifestCoverage, modelCoverage, readManifestFile } from '../../src/manifest.ts';
import { MODELS } from '../../models/registry.ts';

describe('manifest coverage', () => {
  const recorded = readManifestFile().coverage;

  it('records every model once', () => {
    expect(recorded.map((c) => c.model)).toEqual(MODELS.map((m) => m.name));
  });

  for (const m of MODELS) {
    it(`${m.name}: the coverage recorded is what its configurations reach, and its declarations hold`, () => {
      const c = modelCoverage(m);
      // On a mismatch: `npm run manifest`, and review what was lost or gained in the diff.
      expect(manifestCoverage(c)).toEqual(recorded.find((r) => r.model === m.name));
      expect(c.errors).toEqual([]);
      // What the suite fails on: an item never reached that is neither declared nor an open gap.
      expect(c.neverReached).toEqual([]);
    });
  }
});
