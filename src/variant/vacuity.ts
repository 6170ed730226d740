/**
 * Vacuity: did a variant's overrides ever run, and did they ever make a difference? A verdict
 * about a patch means something only if the patched code ran, and a guard or action that always
 * computes what the code it replaces computes cannot be told apart from it: an OK or an
 * EQUIVALENT over such a search is VACUOUS.
 *
 * The overrides of a variant are the guards, actions and machines it names whose implementation
 * differs from that of its *reference* (the variant it is compared with: its `baseline` variant
 * for `check`, the `--before` variant for `validate`, the model's own code where the reference
 * overrides nothing). While coverage is counted (src/coverage/recorder.ts), each overridden guard
 * or action is evaluated twice on the same state: the override on the state itself, the
 * reference's implementation on a copy (with no coverage, findings or cost counted); the two
 * differ when a guard returns another value, or an action leaves another state or raises another
 * finding. A machine override counts how many transitions took an edge inside it.
 *
 * Counts follow the recorder's rule: only the transitions the search explores count.
 */
import type { Action, Guard, Impl } from '../machine/compile.ts';
import type { Mm } from '../../models/mm/kernel.ts';
import type { Variant } from '../../models/types.ts';

/** What an override replaces. */
export type OverrideKind = 'guard' | 'action' | 'machine';

/** One override of a variant, by kind and name (a machine by its id). */
export interface OverrideRef {
  readonly kind: OverrideKind;
  readonly name: string;
}

/** How often one override ran and made a difference over the counted transitions. */
export interface OverrideCount extends OverrideRef {
  /** Guard evaluations, action runs, or transitions through the machine's edges. */
  readonly ran: number;
  /** Runs whose result differed from the reference's on the same state; null when not compared (a machine, or a name the reference does not have). */
  readonly differed: number | null;
}

/** The key a sink receives for an override: `guard buddy_can_merge`. */
export function overrideKey(kind: OverrideKind, name: string): string {
  return `${kind} ${name}`;
}

/**
 * The overrides of `variant` against `reference` (undefined: the model's own code): every guard,
 * action and machine either names whose implementation is not the same object in both. A guard
 * or action only the reference names is one where `variant` runs the model's own code (`own`),
 * so it counts only when the model has it: a name of the reference's own machine (a `--before`
 * that replaces a whole path) is not code the variant can run, and the machine override covers it.
 */
export function overridesAgainst(variant: Variant, reference: Variant | undefined, own: Impl<Mm>): OverrideRef[] {
  const out: OverrideRef[] = [];
  const diff = <F>(kind: OverrideKind, a: Readonly<Record<string, F>> | undefined, b: Readonly<Record<string, F>> | undefined, model: Readonly<Record<string, unknown>> | undefined) => {
    const names = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
    for (const n of [...names].sort()) if (a?.[n] !== b?.[n] && (a?.[n] !== undefined || model === undefined || model[n] !== undefined)) out.push({ kind, name: n });
  };
  diff('guard', variant.guards, reference?.guards, own.guards);
  diff('action', variant.actions, reference?.actions, own.actions);
  diff('machine', variant.machines, reference?.machines, undefined);
  return out;
}

/** An override that makes the verdict vacuous: it never ran, or (a guard or action) never differed. */
export function isVacuous(c: OverrideCount): boolean {
  // A name of the variant's own that nothing else has cannot differ from anything: only its runs count.
  return c.ran === 0 || c.differed === 0;
}

/** The overrides that make a verdict vacuous, in the order given. */
export function vacuousOverrides(counts: readonly OverrideCount[] | undefined): OverrideCount[] {
  return (counts ?? []).filter(isVacuous);
}

/** One line about an override's counts: `action add_to_free_list: ran 120 times, never differed`. */
export function describeOverride(c: OverrideCount): string {
  if (c.kind === 'machine') return `${c.kind} ${c.name}: ${c.ran === 0 ? 'never ran' : `its edges taken ${c.ran.toLocaleString('en-US')} times`}`;
  const ran = c.ran === 0 ? 'never ran' : `ran ${c.ran.toLocaleString('en-US')} time${c.ran === 1 ? '' : 's'}`;
  if (c.differed === null || c.ran === 0) return `${c.kind} ${c.name}: ${ran}`;
  return `${c.kind} ${c.name}: ${ran}, ${c.differed === 0 ? 'never differed from the code it replaces' : `differed ${c.differed.toLocaleString('en-US')} time${c.differed === 1 ? '' : 's'}`}`;
}

/** Counts of two searches together (by kind and name; `differed` stays null for machines). */
export function mergeOverrideCounts(a: readonly OverrideCount[], b: readonly OverrideCount[]): OverrideCount[] {
  const out = new Map<string, OverrideCount>();
  for (const c of [...a, ...b]) {
    const k = overrideKey(c.kind, c.name);
    const x = out.get(k);
    out.set(
      k,
      x === undefined ? c : { kind: c.kind, name: c.name, ran: x.ran + c.ran, differed: x.differed === null || c.differed === null ? null : x.differed + c.differed },
    );
  }
  return [...out.values()];
}

function sameWords(a: Uint16Array, b: Uint16Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A guard that, while a sink counts overrides, also evaluates `ref` on the same state and reports
 * whether the two results differ. `ref` runs with no coverage sink and its finding discarded.
 */
export function countedGuard(key: string, g: Guard<Mm>, ref: Guard<Mm>): Guard<Mm> {
  return (k) => {
    const r = g(k);
    const cov = k.cov;
    if (cov === null || cov.override === undefined) return r;
    const finding = k.finding;
    k.cov = null;
    let r0: unknown;
    try {
      r0 = ref(k);
    } catch {
      r0 = undefined;
    } finally {
      k.cov = cov;
      k.finding = finding;
    }
    cov.override(key, r !== r0);
    return r;
  };
}

/**
 * An action that, while a sink counts overrides, also runs `ref` on a copy of the state it started
 * from and reports whether the two left different states or different findings. `ref` runs with
 * no coverage sink; the cost counters and the finding are those of the override.
 */
export function countedAction(key: string, a: Action<Mm>, ref: Action<Mm>): Action<Mm> {
  return (k) => {
    const cov = k.cov;
    if (cov === null || cov.override === undefined) return a(k);
    const s = k.s;
    const own = k.own;
    const copy = own.slice();
    const finding0 = k.finding;
    a(k);
    const finding = k.finding;
    const meter = k.meter.slice();
    k.s = copy;
    k.own = copy;
    k.cov = null;
    k.finding = finding0;
    let differed: boolean;
    try {
      ref(k);
      differed = !sameWords(copy, own) || (k.finding?.code ?? null) !== (finding?.code ?? null);
    } catch {
      // The replaced code cannot even run where the override did: that is a difference.
      differed = true;
    } finally {
      k.s = s;
      k.own = own;
      k.cov = cov;
      k.finding = finding;
      k.meter.set(meter);
    }
    cov.override(key, differed);
  };
}

/** A guard or action the reference does not have (a new name): only its runs are counted. */
function countedNew<F extends (k: Mm) => unknown>(key: string, f: F): F {
  return ((k: Mm) => {
    const r = f(k);
    k.cov?.override?.(key, null);
    return r;
  }) as F;
}

/**
 * Wraps the overridden guards and actions of `impl` (the variant's, already wrapped) to count
 * them against `refImpl` (the reference's, built the same way). Returns `impl` unchanged when
 * nothing differs.
 */
export function countOverrides(impl: Impl<Mm>, refImpl: Impl<Mm>, overrides: readonly OverrideRef[]): Impl<Mm> {
  const guards = { ...impl.guards };
  const actions = { ...impl.actions };
  let any = false;
  for (const o of overrides) {
    const key = overrideKey(o.kind, o.name);
    if (o.kind === 'guard' && guards[o.name]) {
      const ref = refImpl.guards[o.name];
      guards[o.name] = ref ? countedGuard(key, guards[o.name], ref) : countedNew(key, guards[o.name]);
      any = true;
    } else if (o.kind === 'action' && actions[o.name]) {
      const ref = refImpl.actions[o.name];
      actions[o.name] = ref ? countedAction(key, actions[o.name], ref) : countedNew(key, actions[o.name]);
      any = true;
    }
  }
  return any ? { guards, actions } : impl;
}
