import { describe, expect, it } from 'vitest';
import { compileMachine, inline, MachineDefinitionError } from '../../src/machine/compile.ts';
import { runStep, BLOCKED, FINISHED } from '../../src/machine/runtime.ts';

type Ctx = { v: number; log: string[]; finding: null };
const impl = {
  guards: { small: (k: Ctx) => k.v < 3, never: () => false },
  actions: { inc: (k: Ctx) => void (k.v++, k.log.push('inc')), note: (k: Ctx) => void k.log.push('note') },
};

const callee = { config: { id: 'callee', initial: 'loop', states: { loop: { always: [{ guard: 'small', actions: 'inc', target: 'loop' }, { target: 'out' }] }, out: { type: 'final' } } } };

function compileErr(cfg: unknown): string {
  try {
    compileMachine(cfg, impl);
  } catch (e) {
    expect(e).toBeInstanceOf(MachineDefinitionError);
    return (e as Error).message;
  }
  throw new Error('expected a MachineDefinitionError');
}

describe('compileMachine', () => {
  it('flattens labels, transient states and inlined calls, and one STEP runs to the next label', () => {
    const m = compileMachine(
      {
        id: 'top',
        initial: 'a',
        states: {
          a: { on: { STEP: { actions: 'note', target: 'callee' } } },
          callee: { ...inline(callee), onDone: 'b' },
          b: { on: { STEP: 'done' } },
          done: { type: 'final' },
        },
      },
      impl,
    );
    expect(m.states.map((s) => `${s.path}:${s.kind}:${s.fn}`)).toEqual(['a:label:top', 'callee.loop:transient:callee', 'callee.out:transient:callee', 'b:label:top', 'done:final:top']);
    const k: Ctx = { v: 0, log: [], finding: null };
    const rec = { actions: [] as string[] };
    const pc = runStep(k, m, m.initial, rec);
    expect(m.states[pc].path).toBe('b');
    expect(k.v).toBe(3);
    expect(rec.actions).toEqual(['note', 'inc', 'inc', 'inc']);
    expect(runStep(k, m, pc)).toBe(FINISHED);
  });

  it('reports a label whose guards all fail as blocked', () => {
    const m = compileMachine({ id: 'w', initial: 'wait', states: { wait: { on: { STEP: [{ guard: 'never', target: 'done' }] } }, done: { type: 'final' } } }, impl);
    expect(runStep({ v: 0, log: [], finding: null }, m, m.initial)).toBe(BLOCKED);
  });

  it('names an unknown guard with the closest names', () => {
    const msg = compileErr({ id: 'x', initial: 'a', states: { a: { on: { STEP: { guard: 'smal', target: 'b' } } }, b: { type: 'final' } } });
    expect(msg).toContain("unknown guard 'smal'");
    expect(msg).toContain('small');
  });

  it('names an unknown action and a missing target', () => {
    expect(compileErr({ id: 'x', initial: 'a', states: { a: { on: { STEP: { actions: 'incc', target: 'b' } } }, b: { type: 'final' } } })).toContain("unknown action 'incc'");
    expect(compileErr({ id: 'x', initial: 'a', states: { a: { on: { STEP: { target: 'c' } } }, b: { type: 'final' } } })).toContain("target 'c' is not a state");
  });

  it('rejects a state that cannot be reached', () => {
    expect(compileErr({ id: 'x', initial: 'a', states: { a: { on: { STEP: 'b' } }, b: { type: 'final' }, lost: { on: { STEP: 'b' } } } })).toContain("'lost' cannot be reached");
  });

  it('rejects a state that never returns control', () => {
    expect(compileErr({ id: 'x', initial: 'a', states: { a: { on: { STEP: 'stuck' } }, stuck: {}, b: { type: 'final' } } })).toContain('never returns control');
    expect(compileErr({ id: 'x', initial: 'a', states: { a: { on: { STEP: 'spin' } }, spin: { on: { STEP: 'spin' } }, b: { type: 'final' } } })).toMatch(/can never reach a final state|cannot be reached/);
  });

  it('rejects an initial state that is not a label, a transient list without fallback, and unsupported keys', () => {
    expect(compileErr({ id: 'x', initial: 'a', states: { a: { always: 'b' }, b: { type: 'final' } } })).toContain('must be a label');
    expect(compileErr({ id: 'x', initial: 'a', states: { a: { on: { STEP: 't' } }, t: { always: [{ guard: 'small', target: 'b' }] }, b: { type: 'final' } } })).toContain('unguarded');
    expect(compileErr({ id: 'x', initial: 'a', states: { a: { entry: 'note', on: { STEP: 'b' } }, b: { type: 'final' } } })).toContain("uses 'entry'");
  });

  it('substitutes an overriding machine for every inlined copy', () => {
    const other = { id: 'callee', initial: 'x', states: { x: { always: { actions: 'note', target: 'y' } }, y: { type: 'final' } } };
    const m = compileMachine(
      { id: 'top', initial: 'a', states: { a: { on: { STEP: 'callee' } }, callee: { ...inline(callee), onDone: 'done' }, done: { type: 'final' } } },
      impl,
      { callee: other },
    );
    expect(m.states.map((s) => s.path)).toEqual(['a', 'callee.x', 'callee.y', 'done']);
  });
});
