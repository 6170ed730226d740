/**
 * Every built-in configuration's expected verdict and distinct-state count, as recorded in
 * models/manifest.json, is what an exhaustive search finds today.
 */
import { describe, expect, it } from 'vitest';
import { manifestKeys, readManifest, runEntry } from '../../src/manifest.ts';

describe('manifest', () => {
  const manifest = readManifest();

  it('covers exactly the suite: every baseline at every configuration, every other variant at its own', () => {
    const key = (e: { model: string; variant: string; config: string }) => `${e.model}/${e.variant}@${e.config}`;
    expect(manifest.map(key).sort()).toEqual(manifestKeys().map(key).sort());
  });

  for (const entry of manifest) {
    it(`${entry.model}/${entry.variant} @ ${entry.config}: ${entry.verdict}, ${entry.states} states`, () => {
      const got = runEntry(entry);
      // On a mismatch: run `npx pagecheck check --model ${entry.model} --variant ${entry.variant} --config ${entry.config}`.
      expect({ verdict: got.verdict, states: got.states, transitions: got.transitions, depth: got.depth }).toEqual({
        verdict: entry.verdict,
        states: entry.states,
        transitions: entry.transitions,
        depth: entry.depth,
      });
    });
  }
});
