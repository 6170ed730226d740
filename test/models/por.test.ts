/**
 * Partial-order reduction of the allocator models (models/mm/por.ts):
 * - the declaration holds: in every state of the full search of every configuration, no other
 *   thread's enabled transition touches the words local to a thread whose step may be taken
 *   alone (and a declaration with a remote operation left out is caught);
 * - the reduced search reaches the same terminal states as the full one, with and without the
 *   symmetry reduction, and the state counts recorded in the manifest;
 * (por-variants.test.ts: every variant keeps its verdict.)
 */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../models/registry.ts';
import { MmSystem } from '../../models/mm/system.ts';
import { resolve } from '../../src/check.ts';
import { explore } from '../../src/engine/explore.ts';
import type { CheckResult } from '../../src/engine/types.ts';
import { readManifest } from '../../src/manifest.ts';

const key = (s: Uint16Array) => Array.from(s).join(',');

/** Whether a state is terminal: idle, nothing enabled. */
const terminal = (sys: MmSystem, s: Uint16Array) => sys.isIdle(s) && sys.successors(s, () => true) === 0;

/** The terminal states a search reaches, by key of `canon(s)`. */
function terminalStates(sys: MmSystem, canon: (s: Uint16Array) => Uint16Array = (s) => s): { result: CheckResult; terminal: Set<string> } {
  const found = new Set<string>();
  const result = explore(sys, {
    visit: (s) => {
      const copy = s.slice();
      if (terminal(sys, copy)) found.add(key(canon(copy)));
      return null;
    },
  });
  return { result, terminal: found };
}

/**
 * The full search of a system with the reduction declared, checking the declaration in every
 * state (a violation names the transition, the word, and the operation to declare remote), and
 * collecting the terminal states.
 */
function declarationCheck(sys: MmSystem): { result: CheckResult; terminal: Set<string> } {
  // The search itself does not take the reduction: every reachable state is checked.
  sys.persistent = undefined;
  const found = new Set<string>();
  const result = explore(sys, {
    visit: (s) => {
      const copy = s.slice();
      if (terminal(sys, copy)) found.add(key(copy));
      const intrusion = sys.footprintIntrusion(copy);
      return intrusion ? { code: 'FOOTPRINT', message: intrusion } : null;
    },
  });
  return { result, terminal: found };
}

const code = (r: CheckResult) => (r.status === 'violation' ? r.finding.code : r.status);

describe('partial-order reduction', () => {
  const manifest = readManifest();
  for (const m of MODELS)
    for (const config of Object.keys(m.configs)) {
      it(`${m.name} @ ${config}: no thread touches what another's step taken alone owns, and the reduced search reaches the same terminal states`, () => {
        const plain = declarationCheck(resolve({ model: m.name, config, reductions: { por: true } }).built.system);
        expect(plain.result.status === 'violation' ? plain.result.finding.message : plain.result.status).toBe('ok');
        const recorded = manifest.find((e) => e.model === m.name && e.variant === 'baseline' && e.config === config)?.reduced;
        const por = terminalStates(resolve({ model: m.name, config, reductions: { por: true } }).built.system);
        expect(code(por.result)).toBe('ok');
        expect([...por.terminal].sort()).toEqual([...plain.terminal].sort());
        const symSys = resolve({ model: m.name, config, reductions: { symmetry: true } }).built.system;
        // Without symmetry here, the class of a state is the state itself.
        const canon = symSys.canonical ? (s: Uint16Array) => symSys.canonical!(s).slice() : undefined;
        const sym = terminalStates(symSys, canon);
        const both = terminalStates(resolve({ model: m.name, config, reductions: { symmetry: true, por: true } }).built.system, canon);
        expect([...both.terminal].sort()).toEqual([...sym.terminal].sort());
        // On a mismatch after a change of model: `npm run manifest`, and review the diff.
        expect({ symmetry: sym.result.states, por: por.result.states, symmetryPor: both.result.states }).toEqual(recorded);
        expect(por.result.states).toBeLessThanOrEqual(plain.result.states);
        expect(both.result.states).toBeLessThanOrEqual(sym.result.states);
      });
    }

  it('catches a declaration that leaves out an operation reaching into other CPUs', () => {
    const { built } = resolve({ model: 'contig', config: 'default', reductions: { por: true } });
    const spec = built.system.spec;
    if (!spec.por) throw new Error('contig declares its partial-order reduction');
    const wrong = new MmSystem({ ...spec, por: { ...spec.por, remoteOps: spec.por.remoteOps.filter((op) => op !== 'free_contig_range') } });
    wrong.reduce({ por: true });
    const r = declarationCheck(wrong).result;
    expect(r.status === 'violation' ? r.finding.message : r.status).toMatch(/free_contig_range .*touches .*declare free_contig_range remote/);
  });
});
