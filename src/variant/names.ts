/**
 * Every name a variant of a model may use, read off the model itself: its machines (with their
 * labels, the machines they call, the guards and actions their transitions name), its guards
 * and actions, its registers and the named words of its state. `pagecheck list --model M
 * --names` prints them and docs/reference.md is generated from them (scripts/reference.ts), so
 * neither can drift from the code.
 */
import { resolve } from '../check.ts';
import { machineRegistry } from '../../models/mm/build.ts';
import { NREG, R, TW } from '../../models/mm/layout.ts';
import type { ModelDef } from '../../models/types.ts';

/** One machine of a model: a kernel path a variant may replace by its id. */
export interface MachineNames {
  readonly id: string;
  /** True for an operation's top-level machine (its initial state must be a label). */
  readonly entry: boolean;
  /** Its labels (dotted paths inside it), in the order they are written. */
  readonly labels: readonly string[];
  /** The machines it calls (inlines), in the order they are written. */
  readonly calls: readonly string[];
  readonly guards: readonly string[];
  readonly actions: readonly string[];
}

/** A named word array of the model's state (`k.word(name, i)`). */
export interface WordNames {
  readonly name: string;
  /** How many words it has at the model's default configuration (0: not kept there). */
  readonly length: number;
  /** The configurations whose state keeps it, when not every one does. */
  readonly only?: readonly string[];
}

/** Every name a variant of a model may use. */
export interface ModelNames {
  readonly model: string;
  readonly machines: readonly MachineNames[];
  readonly guards: readonly string[];
  readonly actions: readonly string[];
  /** Registers (`k.r(R.pfn)`): the shared ones (set `R`) the model's layout keeps, then the model's own (its set's name: `CR`, `RB`). */
  readonly registers: readonly { readonly name: string; readonly index: number; readonly set: string }[];
  /** Words of every thread (`k.s[k.L.threadBase(t) + TW.op]`): the operation (0 when idle) and the label. */
  readonly threadWords: readonly { readonly name: string; readonly offset: number }[];
  readonly words: readonly WordNames[];
}

type Cfg = Record<string, unknown>;
const list = (x: unknown): unknown[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Labels, calls, guards and actions of one machine's configuration (not descending into the machines it calls). */
function machineNames(id: string, cfg: { initial: unknown; states: unknown }, entry: boolean): MachineNames {
  const labels: string[] = [];
  const calls: string[] = [];
  const guards = new Set<string>();
  const actions = new Set<string>();
  const transitions = (ts: unknown) => {
    for (const t of list(ts)) {
      if (!t || typeof t !== 'object') continue;
      const tr = t as Cfg;
      if (typeof tr.guard === 'string') guards.add(tr.guard);
      for (const a of list(tr.actions)) if (typeof a === 'string') actions.add(a);
    }
  };
  const walk = (states: unknown, path: string) => {
    for (const [name, st] of Object.entries((states as Record<string, Cfg> | undefined) ?? {})) {
      const here = path ? `${path}.${name}` : name;
      const inlined = (st.meta as { inline?: string } | undefined)?.inline;
      if (st.on) {
        labels.push(here);
        transitions((st.on as Cfg).STEP);
      }
      transitions(st.always);
      transitions(st.onDone);
      if (inlined) calls.includes(inlined) || calls.push(inlined);
      else if (st.states) walk(st.states, here);
    }
  };
  walk(cfg.states, '');
  return { id, entry, labels, calls, guards: [...guards].sort(), actions: [...actions].sort() };
}

/** Every name a variant of the model may use (the model is built at each of its configurations to read its layout). */
export function namesOf(model: ModelDef): ModelNames {
  const registry = machineRegistry(model.entries);
  const entryIds = new Set(model.entries.map((e) => e.config.id as string));
  const machines = [...registry.entries()].map(([id, cfg]) => machineNames(id, cfg, entryIds.has(id)));
  const layouts = Object.keys(model.configs).map((config) => [config, resolve({ model: model.name, config }).built.system.L] as const);
  const L = layouts.find(([c]) => c === model.defaultConfig)![1];
  const shared = Object.entries(R)
    .filter(([, i]) => i < Math.min(L.nreg, NREG))
    .map(([name, index]) => ({ name, index, set: 'R' }));
  const own = Object.entries(model.registers?.values ?? {}).map(([name, index]) => ({ name, index, set: model.registers!.name }));
  const wordNames = [...new Set(layouts.flatMap(([, l]) => Object.keys(l.extra)))];
  const words = wordNames.map((name) => {
    const has = layouts.filter(([, l]) => name in l.extra).map(([c]) => c);
    return { name, length: L.opts.extra?.[name] ?? 0, ...(has.length < layouts.length ? { only: has } : {}) };
  });
  return {
    model: model.name,
    machines,
    guards: Object.keys(model.impl.guards).sort(),
    actions: Object.keys(model.impl.actions).sort(),
    registers: [...shared, ...own],
    threadWords: Object.entries(TW)
      .filter(([name]) => name !== 'regs')
      .map(([name, offset]) => ({ name, offset })),
    words,
  };
}
