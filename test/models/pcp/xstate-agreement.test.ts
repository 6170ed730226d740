import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import type { TransitionId } from '../../../src/engine/types.ts';
import { Mm } from '../../../models/mm/kernel.ts';
import type { MmSystem } from '../../../models/mm/system.ts';
import { configs } from '../../../models/pcp/configs.ts';
import { pcpModel } from '../../../models/pcp/index.ts';
import type { BuiltModel } from '../../../models/types.ts';

/** A small deterministic PRNG (mulberry32), so that every run walks the same states. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The argument tuple of a start transition, found back from its key. */
function argsOf(sys: MmSystem, tr: TransitionId): { machine: string; args: readonly number[]; start: (k: Mm, a: readonly number[]) => void } {
  const key = sys.transitionKey(tr);
  for (const op of sys.spec.ops)
    for (const a of op.argSets) {
      const call = `${op.name}(${op.argNames.map((n, j) => `${n}=${op.formatArg ? op.formatArg(n, a[j]) : a[j]}`).join(', ')})`;
      if (key.endsWith(` ${call}`)) return { machine: op.machine, args: a, start: (k, x) => op.start(k, x) };
    }
  throw new Error(`no operation matches ${key}`);
}

/**
 * Runs the operation started by `tr` alone in the compiled system and in xstate (the same
 * machine configuration with the same guards and actions); returns the first step whose kernel
 * words differ, or -1 when they agree at every step.
 */
function disagreement(built: BuiltModel, s0: Uint16Array, tr: TransitionId): number {
  const sys = built.system;
  const t = sys.threadOf(tr);
  const compiled: Uint16Array[] = [];
  let r = sys.apply(s0, tr);
  while (r) {
    compiled.push(r.next);
    if (r.finding || sys.threadIdle(r.next, t)) break;
    r = sys.apply(r.next, sys.stepTransition(t));
  }
  const { machine, args, start } = argsOf(sys, tr);
  const k = new Mm(sys.L);
  const s = s0.slice();
  start(k.bind(s, t), args);
  const actor = createActor(built.xstate.get(machine)!, { input: { k, s, t, finding: null } });
  actor.start();
  const kw = sys.L.kernelWords;
  for (let i = 0; i < compiled.length; i++) {
    actor.send({ type: 'STEP' });
    const xs = (actor.getSnapshot().context as { s: Uint16Array }).s;
    for (let w = 0; w < kw; w++) if (xs[w] !== compiled[i][w]) return i + 1;
  }
  actor.stop();
  return -1;
}

describe('pcp machines in xstate', () => {
  for (const config of ['default', 'decay', 'local-drain', 'fragmented', 'cma'])
    it(`agree with the compiled step tables along random walks at ${config} (seed 3)`, () => {
      // Arrange
      const built = pcpModel.build(parseConfig(configs[config], config), pcpModel.variants[0]);
      const sys = built.system;
      const rnd = prng(3);
      let compared = 0;
      for (let walk = 0; walk < 12; walk++) {
        let s = sys.initial();
        for (let depth = 0; depth < 20; depth++) {
          // Act: every operation that can start here, alone, both ways.
          for (const tr of sys.startTransitions(s)) {
            const step = disagreement(built, s, tr);
            // Assert (the walk is fixed by the seed; print the state's key to replay it)
            expect(step, `${config}: ${sys.transitionKey(tr)} disagrees at its step ${step}`).toBe(-1);
            compared++;
          }
          const next: TransitionId[] = [];
          sys.successors(s, (tr) => (next.push(tr), true));
          if (!next.length) break;
          s = sys.apply(s, next[Math.floor(rnd() * next.length)])!.next;
        }
      }
      expect(compared).toBeGreaterThan(100);
    });
});
