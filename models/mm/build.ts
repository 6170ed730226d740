/**
 * Shared assembly of allocator models: compile the operations' machines with the variant's
 * overrides, and produce the xstate machines with the same implementations for agreement tests.
 */
import { createMachine, type AnyStateMachine } from 'xstate';
import { compileMachine, type Action, type CompiledMachine, type Guard, type Impl } from '../../src/machine/compile.ts';
import { xActions, xGuards } from '../../src/machine/xstate.ts';
import { wrapOverrides } from '../../src/variant/overrides.ts';
import type { Variant } from '../types.ts';
import type { Mm } from './kernel.ts';

/**
 * The model's implementations with the variant's overrides applied: the one place they are, each
 * override through the wrapper of src/variant/overrides.ts (the model's own when there is none).
 */
export function implFor(base: Impl<Mm>, variant: Variant): Impl<Mm> {
  return wrapOverrides(base, variant);
}

/** Replaces inlined machines (by id) inside a configuration, for xstate (compile does it itself). */
function substitute(cfg: unknown, overrides: Readonly<Record<string, AnyStateMachine>>): unknown {
  if (!cfg || typeof cfg !== 'object' || Array.isArray(cfg)) return cfg;
  const c = cfg as Record<string, unknown>;
  const meta = c.meta as { inline?: string } | undefined;
  let out: Record<string, unknown> = { ...c };
  if (meta?.inline && overrides[meta.inline]) {
    const o = overrides[meta.inline].config as Record<string, unknown>;
    out = { ...out, initial: o.initial, states: o.states };
  }
  if (out.states && typeof out.states === 'object') {
    out.states = Object.fromEntries(Object.entries(out.states as Record<string, unknown>).map(([k, v]) => [k, substitute(v, overrides)]));
  }
  return out;
}

/**
 * Compiles every entry machine (the operations' top-level paths) for a variant, and gives the
 * matching xstate machines on demand (only the agreement test runs them; building them costs more
 * than a small search).
 */
export function compileAll(
  entries: readonly AnyStateMachine[],
  base: Impl<Mm>,
  variant: Variant,
): { compiled: Map<string, CompiledMachine<Mm>>; xstate: () => Map<string, AnyStateMachine> } {
  const impl = implFor(base, variant);
  const overrides = variant.machines ?? {};
  const cfgOverrides = Object.fromEntries(Object.entries(overrides).map(([id, m]) => [id, m.config]));
  const compiled = new Map<string, CompiledMachine<Mm>>();
  for (const entry of entries) compiled.set(entry.config.id as string, compileMachine(entry.config, impl, cfgOverrides));
  let xstate: Map<string, AnyStateMachine> | undefined;
  const xstateMachines = (): Map<string, AnyStateMachine> => {
    if (xstate) return xstate;
    xstate = new Map();
    const xImpl = { guards: xGuards<Mm, Record<string, Guard<Mm>>>(impl.guards), actions: xActions<Mm, Record<string, Action<Mm>>>(impl.actions) };
    for (const entry of entries) {
      const id = entry.config.id as string;
      const top = overrides[id] ?? entry;
      // provide() swaps implementations; a machine override also needs the configuration rebuilt.
      const x = Object.keys(overrides).length
        ? createMachine(substitute(top.config, overrides) as never, top.implementations as never).provide(xImpl as never)
        : top.provide(xImpl as never);
      xstate.set(id, x);
    }
    return xstate;
  };
  return { compiled, xstate: xstateMachines };
}

/**
 * Every machine a model's entries use, by id: the entries themselves and every machine inlined
 * in them (found through the `meta.inline` markers), with the configuration to inline.
 */
export function machineRegistry(entries: readonly AnyStateMachine[]): Map<string, { initial: unknown; states: unknown }> {
  const out = new Map<string, { initial: unknown; states: unknown }>();
  const walk = (cfg: Record<string, unknown>) => {
    const meta = cfg.meta as { inline?: string } | undefined;
    if (meta?.inline && !out.has(meta.inline)) out.set(meta.inline, { initial: cfg.initial, states: cfg.states });
    for (const child of Object.values((cfg.states as Record<string, Record<string, unknown>> | undefined) ?? {})) walk(child);
  };
  for (const e of entries) {
    const cfg = e.config as Record<string, unknown>;
    out.set(cfg.id as string, { initial: cfg.initial, states: cfg.states });
    walk(cfg);
  }
  return out;
}
