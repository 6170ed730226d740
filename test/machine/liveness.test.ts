/**
 * Live registers (src/machine/liveness.ts): the check of a step taken from a label with cleared
 * registers, and, on random walks of every model at every configuration, the record the
 * analysis is built from: no step ever reads a register cleared as dead before writing it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../models/registry.ts';
import { resolve } from '../../src/check.ts';
import { DeadRegisterCheck, LiveRegisterError, deadMasks } from '../../src/machine/liveness.ts';
import { randomWalk } from '../helpers/laws.ts';

const labels = [{ path: 'alloc.take' }, { path: 'alloc.put' }];
/** Masks of 40 registers (two words) with `from` cleared at alloc.take and `at` at alloc.put. */
const masks = (from: number[], at: number[]) => deadMasks([Int32Array.from(from), Int32Array.from(at)], 40);

describe('the dead-register check', () => {
  it('refuses a read of a cleared register before it is written, and names the register and the label', () => {
    const c = new DeadRegisterCheck(8);
    c.begin(masks([1, 3], []), labels, 0);
    c.read(0);
    expect(() => c.read(3)).toThrow(LiveRegisterError);
    expect(() => c.read(3)).toThrow(/register 3 was cleared at alloc\.take as dead, but the step from there reads it/);
  });

  it('accepts a cleared register written and then read', () => {
    const c = new DeadRegisterCheck(8);
    c.begin(masks([3], []), labels, 0);
    c.write(3);
    c.read(3);
    c.end(masks([3], []), 1);
  });

  it('refuses a cleared register left unwritten where it is live, and accepts it where it is dead', () => {
    const c = new DeadRegisterCheck(8);
    c.begin(masks([2, 5], [5]), labels, 0);
    c.write(2);
    c.end(masks([2, 5], [5]), 1);
    c.begin(masks([2, 5], [2]), labels, 0);
    c.write(2);
    expect(() => c.end(masks([2, 5], [2]), 1)).toThrow(/register 5 was cleared at alloc\.take as dead and not written by the step from there, but is live at alloc\.put/);
  });

  it('holds registers beyond the 32 of one mask word', () => {
    const c = new DeadRegisterCheck(40);
    c.begin(masks([33, 39], [39]), labels, 0);
    c.read(32);
    expect(() => c.read(33)).toThrow(/register 33 was cleared/);
    c.write(33);
    c.read(33);
    c.end(masks([33, 39], [39]), 1);
    c.begin(masks([33, 39], [33]), labels, 0);
    expect(() => c.end(masks([33, 39], [33]), 1)).toThrow(/register 39 .* is live at alloc\.put/);
  });
});

describe('the register record, on random walks', () => {
  for (const m of MODELS)
    describe(m.name, () => {
      // Registers cleared where the walks rested, over all configurations (some clear at few labels).
      let cleared = 0;
      for (const config of Object.keys(m.configs))
        it(`never has a step read a cleared register at ${config}`, () => {
          const sys = resolve({ model: m.name, config, reductions: { liveRegisters: true } }).built.system;
          expect(sys.clearsDeadRegisters).toBe(true);
          fc.assert(
            fc.property(fc.array(fc.nat(), { maxLength: 60 }), (choices) => {
              // A wrong record throws LiveRegisterError from the step; a walk must not.
              randomWalk(sys, choices, (s) => {
                for (let t = 0; t < sys.L.nThreads; t++) cleared += sys.deadRegistersOf(s, t).length;
              });
            }),
            { seed: 17, numRuns: 60 },
          );
        });
      it('rests at labels where registers were cleared (the walks above are not vacuous)', () => expect(cleared).toBeGreaterThan(0));
    });

  it('catches a record that misses reads: the walk stops with LiveRegisterError', () => {
    const sys = resolve({ model: 'buddy', reductions: { liveRegisters: true } }).built.system;
    const real = sys.recordRegisters.bind(sys);
    // Every guard and action claimed to read nothing: every register is dead everywhere.
    sys.recordRegisters = (runs, seed) => new Map([...real(runs, seed)].map(([k, r]) => [k, { ...r, reads: new Uint8Array(r.reads.length) }]));
    let caught: unknown = null;
    try {
      for (let seed = 0; seed < 50 && caught === null; seed++) randomWalk(sys, Array.from({ length: 60 }, (_, i) => (i * 7 + seed) % 13), () => {});
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LiveRegisterError);
  });
});
