/**
 * The bridge between kernel-level guards and actions (functions of a step context) and xstate's
 * implementations (functions of a machine context). Models author their machines with
 * `setup({ guards: xGuards(g), actions: xActions(a) }).createMachine(...)`; the explorer compiles
 * the same configuration (see compile.ts), and a test runs both side by side.
 *
 * The xstate context carries the packed state and the step context object; every action copies
 * the state before writing, so xstate's snapshots stay immutable.
 */
import { assign, setup as xstateSetup, type AnyStateMachine } from 'xstate';
import type { Finding } from '../engine/types.ts';
import type { Action, Guard } from './compile.ts';

/** What a step context offers the bridge. */
export interface Bindable {
  finding: Finding | null;
  bind(s: Uint16Array, t: number): unknown;
}

/** The xstate context of a kernel-path machine. */
export interface KernelContext<K extends Bindable = Bindable> {
  /** The step context used to run guards and actions (shared, re-bound at every call). */
  readonly k: K;
  /** The packed state. */
  readonly s: Uint16Array;
  /** The thread running the machine. */
  readonly t: number;
  /** Always null between actions: an action that raises a finding stops the step (see {@link FindingStop}). */
  readonly finding: Finding | null;
}

/** The only event: one atomic step of the thread. */
export type StepEvent = { type: 'STEP' };

type XArgs<K extends Bindable> = { context: KernelContext<K> };

/** Wraps kernel-level guards as xstate guards (evaluated on the context's state, unmodified). */
export function xGuards<K extends Bindable, G extends Record<string, Guard<K>>>(
  guards: G,
): { [N in keyof G]: (args: XArgs<K>) => boolean } {
  const out: Record<string, (args: XArgs<K>) => boolean> = {};
  for (const [name, g] of Object.entries(guards)) {
    out[name] = ({ context }) => {
      // After a finding the compiled runtime has stopped; the actions below are skipped here, so
      // a loop whose exit depends on them would spin for ever: every guard fails instead, which
      // leads the step to a label or a final state.
      if (context.finding) return false;
      context.k.bind(context.s, context.t);
      return g(context.k);
    };
  }
  return out as { [N in keyof G]: (args: XArgs<K>) => boolean };
}

/**
 * Thrown by a wrapped action that raised a finding, with the finding and the state it left: the
 * compiled runtime ends the step at the first finding, and so does xstate's `transition()`, which
 * lets the exception through (carrying on would run the rest of the step's loops without their
 * actions, which need not terminate).
 */
export class FindingStop extends Error {
  constructor(
    readonly finding: Finding,
    readonly s: Uint16Array,
  ) {
    super(`step stopped at a ${finding.code} finding: ${finding.message}`);
    this.name = 'FindingStop';
  }
}

/** Wraps kernel-level actions as xstate `assign` actions over a copy of the state; see {@link FindingStop}. */
export function xActions<K extends Bindable, A extends Record<string, Action<K>>>(
  actions: A,
): { [N in keyof A]: ReturnType<typeof assign<KernelContext<K>, StepEvent, undefined, StepEvent, never>> } {
  const out: Record<string, unknown> = {};
  for (const [name, a] of Object.entries(actions)) {
    out[name] = assign<KernelContext<K>, StepEvent, undefined, StepEvent, never>(({ context }) => {
      const s = context.s.slice();
      context.k.bind(s, context.t);
      a(context.k);
      if (context.k.finding) throw new FindingStop(context.k.finding, s);
      return { s, finding: null };
    });
  }
  return out as { [N in keyof A]: ReturnType<typeof assign<KernelContext<K>, StepEvent, undefined, StepEvent, never>> };
}

/**
 * A machine whose xstate object is built when first used. The explorer reads only the
 * configuration (`machine.config`, the object given to `createMachine`); building xstate's state
 * nodes for every path of every model at load time would cost more than a small search.
 */
function deferredMachine(config: unknown, make: () => AnyStateMachine): AnyStateMachine {
  let machine: AnyStateMachine | undefined;
  const real = (): AnyStateMachine => (machine ??= make());
  return new Proxy(Object.create(null) as AnyStateMachine, {
    get: (_t, p) => (p === 'config' ? config : Reflect.get(real(), p)),
    has: (_t, p) => p === 'config' || Reflect.has(real(), p),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_t, p) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), p);
      return d && { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}

/**
 * xstate's `setup()`, with the same types, whose `createMachine` defers building the machine
 * (see {@link deferredMachine}); models author their paths with it.
 */
export const setup: typeof xstateSetup = ((...args: Parameters<typeof xstateSetup>) => {
  const s = xstateSetup(...args);
  const create = s.createMachine.bind(s) as (config: unknown) => AnyStateMachine;
  return { ...s, createMachine: (config: unknown) => deferredMachine(config, () => create(config)) };
}) as typeof xstateSetup;
