/**
 * Compiles kernel-path machines, authored as xstate machine configurations, into flat step tables
 * that the explorer runs over packed states.
 *
 * The meaning of a machine (shared with xstate's own `transition()`, which a test checks):
 * - a leaf state with `on: { STEP: ... }` is a **label**: the thread rests there between two
 *   atomic steps, and one `STEP` runs the first transition whose guard holds;
 * - a leaf state with `always: [...]` is **transient**: it continues the same atomic step;
 * - a compound state is an inlined call of another kernel path; its `onDone` continues the step
 *   when the callee reaches a final state;
 * - a final state of the top machine ends the operation and returns control to the workload.
 * A label whose guards all fail is *blocked* (for example on a held lock).
 */
import { closest } from '../util/bits.ts';

/** A guard: reads the kernel state through the step context and decides; must not write. */
export type Guard<K> = (k: K) => boolean;
/** An action: one named piece of a kernel step, writing the state through the step context. */
export type Action<K> = (k: K) => void;

/** The named guards and actions a model's machines refer to. */
export interface Impl<K> {
  readonly guards: Readonly<Record<string, Guard<K>>>;
  readonly actions: Readonly<Record<string, Action<K>>>;
}

/** One compiled transition. */
export interface CTransition<K> {
  readonly guard: Guard<K> | null;
  readonly guardName: string | null;
  readonly actions: readonly Action<K>[];
  readonly actionNames: readonly string[];
  /** Index of the target leaf state in {@link CompiledMachine.states}. */
  readonly target: number;
  /** Index of this transition in {@link CompiledMachine.edges} (what coverage counts). */
  readonly edge: number;
}

/**
 * One compiled edge, as coverage reports it: the state it leaves, the guard outcomes that chose
 * it (every earlier guard of the list false, its own true), and the state it enters.
 */
export interface CEdge {
  readonly index: number;
  /** Dotted path of the state the edge leaves. */
  readonly from: string;
  /** The kernel function that state belongs to. */
  readonly fn: string;
  /** Every machine the state lies inside, outermost (the compiled machine) first, {@link fn} last. */
  readonly within: readonly string[];
  /** Dotted path of the state the edge enters, or `return` when it ends the operation. */
  readonly to: string;
  /** The guard outcomes that choose it: `!name` for an earlier guard that failed, `name` for its own. */
  readonly guards: readonly string[];
  readonly actions: readonly string[];
}

/** One leaf state of a compiled machine. */
export interface CState<K> {
  readonly index: number;
  /** Dotted path from the machine root, e.g. `free_one_page.__free_one_page.find_buddy`. */
  readonly path: string;
  /** The kernel function the state belongs to (the innermost inlined machine). */
  readonly fn: string;
  /** The state's own name (the label). */
  readonly name: string;
  readonly kind: 'label' | 'transient' | 'final';
  /** STEP transitions of a label, or the always/onDone transitions of a transient state. */
  readonly transitions: readonly CTransition<K>[];
}

/** A machine flattened to leaf states; `initial` is a label. */
export interface CompiledMachine<K> {
  readonly id: string;
  readonly states: readonly CState<K>[];
  readonly initial: number;
  /** Leaf index by dotted path, for replay and for agreement with xstate's state values. */
  readonly byPath: ReadonlyMap<string, number>;
  /** Every transition of every state, in state order: {@link CTransition.edge} indexes it. */
  readonly edges: readonly CEdge[];
}

/** A problem in a machine definition: unknown names, unreachable states, states that never return. */
export class MachineDefinitionError extends Error {
  constructor(
    readonly machine: string,
    message: string,
  ) {
    super(`machine ${machine}: ${message}`);
    this.name = 'MachineDefinitionError';
  }
}

type Json = Record<string, unknown>;

interface Node {
  key: string;
  path: string;
  fn: string;
  cfg: Json;
  parent: Node | null;
  children: Map<string, Node> | null;
  leafIndex: number;
}

const SUPPORTED_STATE_KEYS = new Set(['on', 'always', 'type', 'initial', 'states', 'onDone', 'meta', 'description', 'tags']);

/** Marker that a compound state is an inlined copy of the machine with this id. */
export interface InlineMeta {
  inline: string;
}

/**
 * Inlines another kernel path as a compound state, xstate-style: its `initial` and `states`
 * become children, and the caller continues with `onDone` when it finishes. The `meta.inline`
 * marker lets a variant that overrides the callee replace every inlined copy.
 */
export function inline(machine: { config: { id?: string; initial?: unknown; states?: unknown } }): {
  initial: string;
  // The callee was type-checked by its own createMachine(); here its states are opaque.
  states: Record<string, never>;
  meta: InlineMeta;
} {
  const cfg = machine.config;
  if (!cfg.id) throw new MachineDefinitionError('(anonymous)', 'an inlined machine needs an id (its kernel name)');
  return { initial: cfg.initial as string, states: cfg.states as Record<string, never>, meta: { inline: cfg.id } };
}

function asArray(x: unknown): unknown[] {
  if (x === undefined) return [];
  return Array.isArray(x) ? x : [x];
}

function names(x: unknown): string[] {
  return asArray(x).map((a) => {
    if (typeof a === 'string') return a;
    if (a && typeof a === 'object' && typeof (a as Json).type === 'string') return (a as Json).type as string;
    throw new Error(`an action or guard must be named by a string, got ${JSON.stringify(a)}`);
  });
}

/**
 * Compiles one top-level machine configuration.
 *
 * @param config the xstate configuration object (`machine.config`)
 * @param impl the guards and actions, by name
 * @param overrides machine configurations replacing inlined callees, by machine id
 * @throws MachineDefinitionError for any name, target or structure the semantics cannot run
 */
export function compileMachine<K>(
  config: unknown,
  impl: Impl<K>,
  overrides: Readonly<Record<string, unknown>> = {},
): CompiledMachine<K> {
  if (!config || typeof config !== 'object') throw new MachineDefinitionError('(unknown)', 'configuration is not an object');
  const rootCfg = config as Json;
  const id = typeof rootCfg.id === 'string' ? rootCfg.id : '(anonymous)';
  const err = (m: string) => new MachineDefinitionError(id, m);
  const leaves: Node[] = [];

  const build = (key: string, cfg: Json, parent: Node | null, fn: string): Node => {
    for (const k of Object.keys(cfg)) {
      if (parent && !SUPPORTED_STATE_KEYS.has(k))
        throw err(`state '${key}' uses '${k}', which the step semantics does not support (use on.STEP, always, onDone, type: 'final')`);
    }
    let effective = cfg;
    let fnName = fn;
    const meta = cfg.meta as Partial<InlineMeta> | undefined;
    if (meta?.inline) {
      fnName = meta.inline;
      const o = overrides[meta.inline] as Json | undefined;
      if (o) effective = { ...cfg, initial: o.initial, states: o.states };
    }
    const path = parent ? (parent.path ? `${parent.path}.${key}` : key) : '';
    const node: Node = { key, path, fn: fnName, cfg: effective, parent, children: null, leafIndex: -1 };
    const states = effective.states as Json | undefined;
    if (states && Object.keys(states).length) {
      node.children = new Map();
      for (const [ck, cc] of Object.entries(states)) {
        if (!cc || typeof cc !== 'object') throw err(`state '${path ? path + '.' : ''}${ck}' is not an object`);
        node.children.set(ck, build(ck, cc as Json, node, fnName));
      }
      const init = effective.initial;
      if (typeof init !== 'string' || !node.children.has(init))
        throw err(`state '${path || id}' needs an 'initial' naming one of its states (${[...node.children.keys()].join(', ')})`);
    } else {
      if (!parent) throw err('has no states');
      node.leafIndex = leaves.length;
      leaves.push(node);
    }
    return node;
  };

  let rootConfig = rootCfg;
  if (overrides[id]) rootConfig = overrides[id] as Json;
  const root = build('', rootConfig, null, id);

  const entry = (n: Node): number => {
    let cur = n;
    while (cur.children) cur = cur.children.get(cur.cfg.initial as string)!;
    return cur.leafIndex;
  };

  const resolveTarget = (from: Node, scope: Node, target: unknown): number => {
    if (typeof target !== 'string')
      throw err(`state '${from.path}': a transition needs a target state name (got ${JSON.stringify(target)})`);
    const sib = scope.children?.get(target);
    if (!sib) {
      const near = closest(target, [...(scope.children?.keys() ?? [])]);
      throw err(
        `state '${from.path}': target '${target}' is not a state of '${scope.path || id}'` +
          (near.length ? ` (did you mean '${near[0]}'?)` : ''),
      );
    }
    return entry(sib);
  };

  // Edges are numbered as the states are compiled, which is state order (leaves are compiled in order).
  let nextEdge = 0;
  const guardNames = Object.keys(impl.guards);
  const actionNames = Object.keys(impl.actions);
  const compileTransitions = (from: Node, scope: Node, list: unknown): CTransition<K>[] =>
    asArray(list).map((raw) => {
      const t: Json = typeof raw === 'string' ? { target: raw } : (raw as Json);
      let gName: string | null = null;
      if (t.guard !== undefined) {
        const g = names(t.guard);
        gName = g[0];
        if (!Object.hasOwn(impl.guards, gName)) {
          const near = closest(gName, guardNames);
          throw err(
            `state '${from.path}': unknown guard '${gName}'` + (near.length ? `; closest: ${near.join(', ')}` : ''),
          );
        }
      }
      const aNames = names(t.actions);
      for (const a of aNames) {
        if (!Object.hasOwn(impl.actions, a)) {
          const near = closest(a, actionNames);
          throw err(`state '${from.path}': unknown action '${a}'` + (near.length ? `; closest: ${near.join(', ')}` : ''));
        }
      }
      return {
        guard: gName ? impl.guards[gName] : null,
        guardName: gName,
        actions: aNames.map((a) => impl.actions[a]),
        actionNames: aNames,
        target: resolveTarget(from, scope, t.target),
        edge: nextEdge++,
      };
    });

  const states: CState<K>[] = leaves.map((n) => {
    const cfg = n.cfg;
    const parent = n.parent!;
    const on = cfg.on as Json | undefined;
    if (on) {
      const other = Object.keys(on).filter((e) => e !== 'STEP');
      if (other.length) throw err(`state '${n.path}' reacts to ${other.join(', ')}; only STEP events exist`);
    }
    if (cfg.type === 'final') {
      if (on || cfg.always) throw err(`final state '${n.path}' must not have transitions`);
      if (parent === root) return { index: n.leafIndex, path: n.path, fn: n.fn, name: n.key, kind: 'final', transitions: [] };
      // Reaching a final child hands control to the enclosing compound's onDone, in the same step.
      if (parent.cfg.onDone === undefined)
        throw err(`state '${parent.path}' has a final state '${n.key}' but no onDone: control would never return`);
      const transitions = compileTransitions(n, parent.parent!, parent.cfg.onDone);
      if (!transitions.length || transitions[transitions.length - 1].guard !== null)
        throw err(`state '${parent.path}' must end its onDone list with an unguarded transition, or the step could stop outside a label`);
      return { index: n.leafIndex, path: n.path, fn: n.fn, name: n.key, kind: 'transient', transitions };
    }
    if (on?.STEP !== undefined && cfg.always !== undefined)
      throw err(`state '${n.path}' has both on.STEP and always; a state is either a label or transient`);
    if (on?.STEP !== undefined)
      return { index: n.leafIndex, path: n.path, fn: n.fn, name: n.key, kind: 'label', transitions: compileTransitions(n, parent, on.STEP) };
    if (cfg.always !== undefined) {
      const ts = compileTransitions(n, parent, cfg.always);
      if (!ts.length || ts[ts.length - 1].guard !== null)
        throw err(`transient state '${n.path}' must end its always list with an unguarded transition, or the step could stop outside a label`);
      return { index: n.leafIndex, path: n.path, fn: n.fn, name: n.key, kind: 'transient', transitions: ts };
    }
    throw err(`state '${n.path}' has no transitions and is not final: a thread reaching it never returns control`);
  });

  const initial = entry(root);
  if (states[initial].kind !== 'label')
    throw err(`initial state '${states[initial].path}' must be a label (on.STEP), so that starting an operation is one step`);

  // Every state must be reachable from the initial one, and every state must be able to reach a final one.
  const reach = new Set<number>([initial]);
  const stack = [initial];
  while (stack.length) {
    const i = stack.pop()!;
    for (const t of states[i].transitions)
      if (!reach.has(t.target)) {
        reach.add(t.target);
        stack.push(t.target);
      }
  }
  const unreachable = states.filter((s) => !reach.has(s.index)).map((s) => s.path);
  if (unreachable.length) throw err(`state(s) ${unreachable.map((p) => `'${p}'`).join(', ')} cannot be reached from '${states[initial].path}'`);
  const canFinish = new Set(states.filter((s) => s.kind === 'final').map((s) => s.index));
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of states)
      if (!canFinish.has(s.index) && s.transitions.some((t) => canFinish.has(t.target))) {
        canFinish.add(s.index);
        changed = true;
      }
  }
  const stuck = states.filter((s) => !canFinish.has(s.index)).map((s) => s.path);
  if (stuck.length) throw err(`state(s) ${stuck.map((p) => `'${p}'`).join(', ')} can never reach a final state: the operation would never return control`);

  const edges: CEdge[] = [];
  const within = (n: Node): string[] => {
    const chain: string[] = [];
    for (let x: Node | null = n; x; x = x.parent) if (chain[0] !== x.fn) chain.unshift(x.fn);
    return chain;
  };
  for (const st of states)
    st.transitions.forEach((t, i) => {
      const target = states[t.target];
      const guards = st.transitions.slice(0, i).flatMap((e) => (e.guardName ? [`!${e.guardName}`] : []));
      if (t.guardName) guards.push(t.guardName);
      edges[t.edge] = { index: t.edge, from: st.path, fn: st.fn, within: within(leaves[st.index]), to: target.kind === 'final' ? 'return' : target.path, guards, actions: t.actionNames };
    });
  return { id, states, initial, byPath: new Map(states.map((s) => [s.path, s.index])), edges };
}
