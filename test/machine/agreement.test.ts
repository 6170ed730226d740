/**
 * The compiled step tables and xstate's own `transition()` agree step for step: random walks
 * over every variant of the buddy, pcp, pcp-buddy and contig models, starting operations and stepping threads in a random order, compare
 * the label, the completion and the kernel state after every step. A call's return is checked by
 * the system, not by its machine (P17: no lock held), so the xstate side applies the same check
 * when its snapshot is done.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { buddyModel } from '../../models/buddy/index.ts';
import { pcpModel } from '../../models/pcp/index.ts';
import { pcpBuddyModel } from '../../models/pcp-buddy/index.ts';
import { contigModel } from '../../models/contig/index.ts';
import { TW } from '../../models/mm/layout.ts';
import { Mm } from '../../models/mm/kernel.ts';
import { parseConfig } from '../../src/config/load.ts';
import { FindingStop } from '../../src/machine/xstate.ts';
import { namedConfigs } from '../../models/registry.ts';
import { locksHeldBy } from '../../properties/p17-locks-at-return.ts';

function pathOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const [k, v] = Object.entries(value as Record<string, unknown>)[0];
  return `${k}.${pathOf(v)}`;
}

/** Words of the state outside the thread area, plus the running thread's registers. */
function comparable(s: Uint16Array, kernelWords: number): number[] {
  return Array.from(s.subarray(0, kernelWords));
}

describe('compiled machines agree with xstate', () => {
  // As the suite runs them: every baseline at every configuration, every other variant at its own.
  const runs = [buddyModel, pcpModel, pcpBuddyModel, contigModel].flatMap((model) =>
    model.variants.flatMap((variant) => (variant.kind === 'baseline' ? Object.keys(model.configs) : [variant.config ?? model.defaultConfig]).map((name) => ({ model, variant, name }))),
  );
  for (const { model, variant, name } of runs) {
    it(`agrees step for step on random walks: ${model.name}/${variant.name} @ ${name}`, () => {
      const config = parseConfig({ ...namedConfigs(model), ...(variant.configs ?? {}) }[name], name);
      const built = model.build(config, variant);
      const sys = built.system;
      const L = sys.L;
      fc.assert(
        fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), (choices) => {
          let s = sys.initial();
          const snaps = new Map<number, { machine: AnyStateMachine; snap: AnyMachineSnapshot }>();
          const k = new Mm(L);
          for (const c of choices) {
            const trs: number[] = [];
            sys.successors(s, (tr) => {
              trs.push(tr);
              return true;
            });
            if (!trs.length) break;
            const tr = trs[c % trs.length];
            const { thread, start } = sys.decode(tr);
            const before = sys.prepare(s, tr)!;
            const compiled = sys.apply(s, tr)!;
            // xstate side: a fresh snapshot at the operation's initial label, or the thread's
            // snapshot re-based on the current global state.
            let entry = snaps.get(thread);
            if (start) {
              const machine = built.xstate().get(start.op.machine)!;
              const [snap] = initialTransition(machine, { k, s: before, t: thread, finding: null });
              entry = { machine, snap };
            } else {
              entry = { machine: entry!.machine, snap: entry!.machine.resolveState({ value: entry!.snap.value, context: { ...entry!.snap.context, s: before, finding: null } }) };
            }
            let next: AnyMachineSnapshot | null = null;
            let stop: FindingStop | null = null;
            try {
              [next] = transition(entry.machine, entry.snap, { type: 'STEP' });
            } catch (e) {
              if (!(e instanceof FindingStop)) throw e;
              stop = e;
            }
            const ctx = next?.context as { s: Uint16Array } | undefined;
            const returnsLocked = !stop && next?.status === 'done' && locksHeldBy(L, ctx!.s, thread, sys.spec.locks ?? []).length > 0;
            expect(stop?.finding.code ?? (returnsLocked ? 'P17' : null)).toBe(compiled.finding?.code ?? null);
            // Both stop the step at the finding; the walk ends there.
            if (stop || !next || returnsLocked) {
              expect(comparable(stop?.s ?? ctx!.s, L.kernelWords)).toEqual(comparable(compiled.next, L.kernelWords));
              return;
            }
            expect(comparable(ctx!.s, L.kernelWords)).toEqual(comparable(compiled.next, L.kernelWords));
            const opWord = compiled.next[L.threadBase(thread) + TW.op];
            if (opWord === 0) {
              expect(next.status).toBe('done');
              snaps.delete(thread);
            } else {
              expect(next.status).toBe('active');
              const m = built.compiled.get(entry.machine.config.id as string)!;
              expect(pathOf(next.value)).toBe(m.states[compiled.next[L.threadBase(thread) + TW.pc]].path);
              snaps.set(thread, { machine: entry.machine, snap: next });
            }
            s = compiled.next;
          }
        }),
        { seed: 20261122, numRuns: 40 },
      );
    });
  }

  it('guards never write the state', () => {
    const config = parseConfig(buddyModel.configs.default, 'default');
    const built = buddyModel.build(config, buddyModel.variants[0]);
    const sys = built.system;
    const k = new Mm(sys.L);
    const guards = Object.values(built.compiled.get('__free_pages')!.states.flatMap((st) => st.transitions.map((t) => t.guard)).filter((g) => g !== null));
    let s = sys.initial();
    for (let i = 0; i < 200; i++) {
      for (let t = 0; t < sys.L.nThreads; t++)
        for (const g of guards) {
          const copy = s.slice();
          g!(k.bind(copy, t));
          expect(Array.from(copy)).toEqual(Array.from(s));
        }
      const trs: number[] = [];
      sys.successors(s, (tr) => {
        trs.push(tr);
        return true;
      });
      if (!trs.length) break;
      s = sys.apply(s, trs[(i * 7919) % trs.length])!.next;
    }
  });
});
