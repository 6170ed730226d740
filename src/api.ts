/**
 * pagecheck's public API: what a user-written variant file imports as `'pagecheck'` (the import
 * resolves to this module wherever the file lives), and the types it is checked against.
 *
 * A variant file's default export declares a variant of a built-in model:
 *
 * ```ts
 * import { defineVariant, R } from 'pagecheck';
 * export default defineVariant({
 *   model: 'buddy',
 *   name: 'merge-one-order-less',
 *   kind: 'mutant',
 *   description: '__free_one_page stops merging one order early',
 *   guards: { order_is_max: (k) => k.r(R.order) >= k.g.maxOrder - 1 },
 *   expect: 'Q1',
 * });
 * ```
 *
 * See docs/variants.md for what can be overridden and what one step of a machine means.
 */
import type { ConfigInput } from './config/schema.ts';
import type { Mm } from '../models/mm/kernel.ts';

export { R, NIL, PG, HOLD, NREG, TW } from '../models/mm/layout.ts';
/**
 * The PCP model's named state words (`k.word(EXTRA.freeCount, cpu)`): pcp->free_count per CPU,
 * pcpu_drain_mutex's holder, and the rmqueue_mode memo only a mutant keeps.
 */
export { EXTRA } from '../models/pcp/impl.ts';
/**
 * The pcp-buddy model's own registers (after the shared {@link R}: `k.r(RB.block)`) and its
 * named state words (pageblock owners, isolation, pcp->owned_blocks, CPU offline state).
 */
export { RB } from '../models/pcp-buddy/impl.ts';
export { OWN, CPU_STATE } from '../models/pcp-buddy/state.ts';
/** The contig model's named state words (alloc_pages_bulk's page arrays) and P9's prepared-page marks. */
export { CONTIG_EXTRA } from '../models/contig/impl.ts';
export { PREPARED_MARKS } from '../properties/p9-ranges.ts';
/**
 * The contig model's own registers (the local variables of free_contig_range,
 * __free_contig_range, free_pages_bulk and alloc_pages_bulk; see models/contig/impl.ts) and the
 * fpi_t flags it knows (`FPI.PREPARED`). Read and written like {@link R}: `k.r(CR.start)`.
 */
export { CR, FPI } from '../models/contig/impl.ts';
/**
 * The isolation model's own registers, after the contig model's (the range a call works on, the
 * pageblock being isolated or given back, return codes; see models/isolation/impl.ts), and its
 * return codes (`RET.EBUSY`) and isolation modes (`MODE.MEM_OFFLINE`).
 */
export { IR, RET, MODE } from '../models/isolation/impl.ts';
export { checkModel } from './testing/index.ts';
export type { Finding } from './engine/types.ts';
export type { ConfigInput } from './config/schema.ts';

/**
 * The step context every guard and action receives: the packed state bound to the thread that
 * runs the step, with the kernel helpers (free lists, PageBuddy, refcounts, pageblock types,
 * struct page walks, locks, ghost holdings). Read registers with `k.r(R.pfn)`, write them with
 * `k.set(R.pfn, v)`; raise a finding at the step with `k.fail(code, message)`.
 */
export type StepContext = Mm;

/**
 * A guard: decides whether a transition is taken. It must not write the state. An override
 * receives the guard it replaces as its second argument (the model's, or that of the variant
 * named as `baseline`): `order_is_max: (k, orderIsMax) => orderIsMax(k) || k.r(R.order) === 2`.
 */
export type GuardFn = (k: StepContext, replaced: (k: StepContext) => boolean) => boolean;
/**
 * An action: one piece of an atomic step; it may write the state through the context. An
 * override receives the action it replaces as its second argument:
 * `zone_lock: (k, zoneLock) => { zoneLock(k); k.set(R.tmp, 1); }`.
 */
export type ActionFn = (k: StepContext, replaced: (k: StepContext) => void) => void;
/** A guard the model does not have (under `newGuards`): nothing to replace. */
export type NewGuardFn = (k: StepContext) => boolean;
/** An action the model does not have (under `newActions`). */
export type NewActionFn = (k: StepContext) => void;

/** A transition of a machine state: a target state name, with an optional guard and actions (by name). */
export type TransitionSpec = string | { readonly target: string; readonly guard?: string; readonly actions?: string | readonly string[] };

/**
 * A state of a machine:
 * - `on: { STEP: ... }` makes it a label: the thread rests here between two atomic steps;
 * - `always: [...]` makes it transient: the same atomic step continues (the list must end
 *   with an unguarded transition);
 * - `call: '<machine id>'` inlines one of the model's machines (by its kernel name), continuing
 *   with `onDone` when it returns;
 * - `type: 'final'` returns from the machine.
 */
export interface StateSpec {
  readonly on?: { readonly STEP: TransitionSpec | readonly TransitionSpec[] };
  readonly always?: TransitionSpec | readonly TransitionSpec[];
  readonly call?: string;
  readonly onDone?: TransitionSpec | readonly TransitionSpec[];
  readonly type?: 'final';
  readonly initial?: string;
  readonly states?: Readonly<Record<string, StateSpec>>;
}

/** A whole machine replacing the model's machine with the same id. Its initial state must be a label. */
export interface MachineSpec {
  readonly id?: string;
  readonly initial: string;
  readonly states: Readonly<Record<string, StateSpec>>;
}

/** A property a variant adds: checked after every step; `check` returns a message when violated. */
export interface PropertySpec {
  /** A code of your own (not one of the built-in P1..P11, Q1, Q2). */
  readonly code: string;
  readonly title: string;
  readonly meaning: string;
  /** Reads the state through a step context bound to it; returns null when the property holds. */
  readonly check: (k: StepContext) => string | null;
}

/** The default export of a variant file. */
export interface VariantSpec {
  /** The built-in model the variant changes (see `pagecheck list`). */
  readonly model: string;
  readonly name: string;
  /**
   * patch: a proposed change that must keep every property; mutant: a change that must be caught;
   * candidate: another reading of an open question of a model of a proposal (`question` names it),
   * shown with its verdict by `pagecheck report`.
   */
  readonly kind: 'patch' | 'mutant' | 'candidate';
  readonly description: string;
  /** The variant this one changes (default: `baseline`); its overrides apply first. */
  readonly baseline?: string;
  /** Guards replacing the model's guards of the same names. */
  readonly guards?: Readonly<Record<string, GuardFn>>;
  /** Actions replacing the model's actions of the same names. */
  readonly actions?: Readonly<Record<string, ActionFn>>;
  /** Whole machines replacing the model's machines of the same ids (kernel names). */
  readonly machines?: Readonly<Record<string, MachineSpec>>;
  /** New guards and actions the variant's machines use (names the model does not have). */
  readonly newGuards?: Readonly<Record<string, NewGuardFn>>;
  readonly newActions?: Readonly<Record<string, NewActionFn>>;
  /**
   * For mutants: the property code (or `deadlock`) expected to catch it. For candidates: the
   * verdict recorded for it (`ok`, a property code or `deadlock`); the report says when the
   * checker's verdict differs.
   */
  readonly expect?: string;
  /** For candidates: the key of the open question it answers (`pagecheck report --model M` lists them). */
  readonly question?: string;
  /** Configuration to check it at by default: a built-in name or one of `configs`. */
  readonly config?: string;
  /** Extra properties. */
  readonly properties?: readonly PropertySpec[];
  /** Extra named configurations (scenarios). */
  readonly configs?: Readonly<Record<string, ConfigInput>>;
}

/** Declares a variant (an identity function that gives the object its type). */
export function defineVariant<T extends VariantSpec>(v: T): T {
  return v;
}
