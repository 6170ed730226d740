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

/** The terminal states (idle, nothing enabled) a search reaches, by key of `canon(s)`. */
function terminalStates(sys: MmSystem, canon: (s: Uint16Array) => Uint16Array = (s) => s): { result: CheckResult; terminal: Set<string> } {
  const terminal = new Set<string>();
  const result = explore(sys, {
    visit: (s) => {
      const copy = s.slice();
      if (sys.isIdle(copy) && sys.successors(copy, () => true) === 0) terminal.add(key(canon(copy)));
      return null;
    },
  });
  return { result, terminal };
}

/**
 * The full search of a system with the reduction declared, checking the declaration in every
 * state: a violation names the transition, the word, and the operation to declare remote.
 */
function declarationCheck(sys: MmSystem): CheckResult {
  // The search itself does not take the reduction: every reachable state is checked.
  sys.persistent = undefined;
  return explore(sys, {
    visit: (s) => {
      const intrusion = sys.footprintIntrusion(s.slice());
      return intrusion ? { code: 'FOOTPRINT', message: intrusion } : null;
    },
  });
}

const code = (r: CheckResult) => (r.status === 'violation' ? r.finding.code : r.status);

describe('partial-order reduction', () => {
  const manifest = readManifest();
  for (const m of MODELS)
    for (const config of Object.keys(m.configs)) {
      it(`${m.name} @ ${config}: no thread touches what another's step taken alone owns`, () => {
        const r = declarationCheck(resolve({ model: m.name, config, reductions: { por: true } }).built.system);
        expect(r.status === 'violation' ? r.finding.message : r.status).toBe('ok');
      });

      it(`${m.name} @ ${config}: reaches the same terminal states as the full search`, () => {
        const recorded = manifest.find((e) => e.model === m.name && e.variant === 'baseline' && e.config === config)?.reduced;
        const plain = terminalStates(resolve({ model: m.name, config }).built.system);
        const por = terminalStates(resolve({ model: m.name, config, reductions: { por: true } }).built.system);
        expect(code(por.result)).toBe(code(plain.result));
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
    const r = declarationCheck(wrong);
    expect(r.status === 'violation' ? r.finding.message : r.status).toMatch(/free_contig_range .*touches .*declare free_contig_range remote/);
  });
});
