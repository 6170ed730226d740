/**
 * pagecheck and the SPIN twin of the buddy model (../shared/anchors/spin/twin-buddy.pml) count
 * the same distinct states and transitions on the twin's small configurations: an independent
 * check of the explorer's soundness. Needs spin and gcc (.ci/run installs spin).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../src/check.ts';
import { TWIN_CONFIGS, buildTwin, disposeTwin, runPan, twinUnavailable, type TwinBuild } from '../../bench/twin.ts';

const why = twinUnavailable();
const builds: TwinBuild[] = [];
afterAll(() => builds.forEach(disposeTwin));

function pan(config: string, deadReset = false) {
  const b = buildTwin({ config, deadReset, optimize: false });
  builds.push(b);
  return runPan(b);
}

describe('the SPIN twin of buddy', () => {
  if (why) {
    it('cannot be built here, and says why', () => {
      console.warn(`twin not checked: ${why}`);
      expect(why).toMatch(/not installed|missing/);
    });
    return;
  }
  for (const config of Object.keys(TWIN_CONFIGS))
    it(`counts pagecheck's states and transitions at ${config}`, () => {
      const twin = pan(config);
      const ours = check({ model: 'buddy', config }).result;
      expect(ours.status).toBe('ok');
      expect(twin.errors).toBe(0);
      expect({ states: ours.states, transitions: ours.transitions }).toEqual({ states: twin.states, transitions: twin.transitions });
    }, 60_000);
  for (const config of Object.keys(TWIN_CONFIGS))
    it(`clears dead registers as the twin's -DDEADRESET does at ${config}`, () => {
      const twin = pan(config, true);
      const ours = check({ model: 'buddy', config, reductions: { liveRegisters: true } }).result;
      expect(ours.status).toBe('ok');
      expect({ states: ours.states, transitions: ours.transitions }).toEqual({ states: twin.states, transitions: twin.transitions });
    }, 60_000);
});
