/**
 * The one place a variant's overrides are wrapped before they run (called by `implFor` in
 * models/mm/build.ts, and by the variant loader for the properties a file brings).
 *
 * What the wrapper does today:
 * - a throw inside code a variant file wrote (a guard, an action, a property) becomes a
 *   {@link UserCodeError}: the file author's error, exit 2, kept apart from model findings and from
 *   pagecheck's own bugs; the search that ran it adds where (machine, label, state, step);
 * - a guard that returns something other than a boolean, or a property that returns something
 *   other than a string or null, is the same error (a truthy number or `undefined` would otherwise
 *   decide transitions silently);
 * - an override a variant file wrote receives the implementation it replaces as its second
 *   argument (`actions: { zone_lock: (k, zone_lock) => { zone_lock(k); ... } }`): the model's
 *   own, or the one of the built-in variant the file starts from ({@link Variant.replaces});
 * - in debug mode ({@link setOverrideDebug}, or `PAGECHECK_DEBUG_OVERRIDES=1`), which the tests
 *   use, every override, built-in variants' too, runs wrapped, and guards run on a read-only view
 *   of the state: a guard that writes the state, or raises a finding, is stopped at the write.
 *
 * Cost: a variant that overrides nothing gets the model's implementations themselves (no wrapper
 * at all). Outside debug mode only the functions a variant file wrote are wrapped; built-in
 * variants run unwrapped. Extensions (counting runs, calling the replaced implementation) belong
 * here too, so that every override goes through one wrapper.
 */
import type { Action, Guard, Impl } from '../machine/compile.ts';
import type { System, TransitionId } from '../engine/types.ts';
import type { Mm } from '../../models/mm/kernel.ts';
import type { Variant } from '../../models/types.ts';
import { fileURLToPath } from 'node:url';
import { packageUrl } from '../util/modules.ts';
import { changedGlobals } from './globals.ts';
import { countOverrides, overridesAgainst } from './vacuity.ts';

/** A file's guard and action as written: they may take the implementation they replace (api.ts's GuardFn, ActionFn). */
type UserGuard = (k: Mm, replaced?: Guard<Mm>) => unknown;
type UserAction = (k: Mm, replaced?: Action<Mm>) => void;

/** What kind of user code threw. */
export type OverrideRole = 'guard' | 'action' | 'property';

/** Where a {@link UserCodeError} happened, once the search that ran the code has located it. */
export interface UserCodeSite {
  /** 1-based step of the run during which the code ran (0: the initial state's checks). */
  readonly step: number;
  /** The transition being taken (absent for a property of the initial state). */
  readonly transition?: string;
  /** Thread, operation, machine and label the step started from (guards and actions). */
  readonly where?: string;
  /** The steps before it, by transition key. */
  readonly path: readonly string[];
  /** The memory map of the state the code ran on. */
  readonly state: string;
}

/**
 * An exception raised by code a variant file wrote (or a misuse the wrapper caught: a
 * non-boolean guard, a guard writing the state): the user's error, never a finding and never
 * pagecheck's bug. The CLI prints {@link formatUserCodeError} and exits 2.
 */
export class UserCodeError extends Error {
  /** Filled by the search that ran the code ({@link locateUserCodeError}). */
  site?: UserCodeSite;
  /** The command line that runs into it again (the CLI adds the one it was given). */
  rerun?: string;
  /** Options that single out the run it happened in (a fuzz campaign's `--seed` and `--replay`). */
  rerunOptions?: Readonly<Record<string, string>>;

  constructor(
    readonly role: OverrideRole,
    /** The guard's, action's or property's name (a property's code). */
    readonly override: string,
    /** The variant file, when the code is a file's (absent: a built-in variant, in debug mode). */
    readonly file: string | undefined,
    /** What went wrong, one line. */
    readonly problem: string,
    /** What the user's code threw, when it threw. */
    readonly thrown: unknown,
    /** The thread the step context was bound to, and a copy of the state the code ran on. */
    readonly thread: number,
    readonly state: Uint16Array,
  ) {
    super(`${role} '${override}'${file ? ` of variant file ${file}` : ''}: ${problem}`);
    this.name = 'UserCodeError';
  }
}

let debug = process.env.PAGECHECK_DEBUG_OVERRIDES === '1';

/** Turns debug mode on or off (see the module comment); systems built afterwards use it. */
export function setOverrideDebug(on: boolean): void {
  debug = on;
}

/** True in debug mode. */
export function overrideDebug(): boolean {
  return debug;
}

function describeThrown(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return `${typeof e === 'string' ? JSON.stringify(e) : String(e)} (a thrown ${e === null ? 'null' : typeof e})`;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined (did it forget to return?)';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object' && v !== null) return `an object`;
  return `${JSON.stringify(v) ?? String(v)} (a ${typeof v})`;
}

/**
 * A read-only view of a state array (debug mode): reads pass through, any write throws through
 * `onWrite`, which is told the word (`field` names it; `at` is the view's offset in the state).
 */
function readOnly(a: Uint16Array, onWrite: (what: string) => never, field: (w: number) => string, at = 0): Uint16Array {
  return new Proxy(a, {
    get(target, prop) {
      if (prop === 'fill' || prop === 'set' || prop === 'copyWithin' || prop === 'sort' || prop === 'reverse')
        return () => onWrite(`calls ${String(prop)}() on the state`);
      if (prop === 'subarray')
        return (from = 0, to?: number) => readOnly(target.subarray(from, to), onWrite, field, at + (from < 0 ? target.length + from : from));
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
    set(_target, prop) {
      return onWrite(`writes ${typeof prop === 'string' && /^\d+$/.test(prop) ? field(at + Number(prop)) : String(prop)}`);
    },
    defineProperty(_target, prop) {
      return onWrite(`writes ${String(prop)}`);
    },
  });
}

/**
 * Wraps one guard. Outside debug mode: a throw or a non-boolean result is a UserCodeError. In
 * debug mode the guard also runs on a read-only view of the state and must not raise a finding.
 */
function wrapGuard(name: string, g: Guard<Mm>, file: string | undefined, replaced?: Guard<Mm>): Guard<Mm> {
  const err = (k: Mm, problem: string, thrown?: unknown) => new UserCodeError('guard', name, file, problem, thrown, k.t, k.own.slice());
  if (!debug)
    return (k) => {
      let r: unknown;
      try {
        r = (g as UserGuard)(k, replaced);
      } catch (e) {
        throw e instanceof UserCodeError ? e : err(k, `threw ${describeThrown(e)}`, e);
      }
      if (r !== true && r !== false) throw err(k, `returned ${describeValue(r)}, not a boolean`);
      return r;
    };
  return (k) => {
    const s = k.s;
    const own = k.own;
    const finding = k.finding;
    let written: string | null = null;
    const view = readOnly(
      own,
      (what) => {
        written = `${what}: a guard must only read (put writes in an action)`;
        throw err(k, written);
      },
      (w) => `${k.L.fieldOf(w)} (state word ${w})`,
    );
    k.s = view;
    k.own = view;
    let r: unknown;
    try {
      r = (g as UserGuard)(k, replaced);
    } catch (e) {
      throw e instanceof UserCodeError ? e : err(k, `threw ${describeThrown(e)}`, e);
    } finally {
      k.s = s;
      k.own = own;
    }
    // A guard that caught the refusal of its write and went on is stopped all the same.
    if (written !== null) throw err(k, written);
    noGlobalReplaced(() => err(k, `replaced ${changedGlobals().join(', ')}`));
    if (k.finding !== finding) throw err(k, 'raised a finding (k.fail): a guard must only read; raise findings in an action');
    if (r !== true && r !== false) throw err(k, `returned ${describeValue(r)}, not a boolean`);
    return r;
  };
}

/** In debug mode, after each call: the globals are still the language's (see globals.ts). */
function noGlobalReplaced(error: () => UserCodeError): void {
  if (changedGlobals().length) throw error();
}

/** Wraps one action: a throw is a UserCodeError; in debug mode, so is a replaced global. */
function wrapAction(name: string, a: Action<Mm>, file: string | undefined, replaced?: Action<Mm>): Action<Mm> {
  const err = (k: Mm, problem: string, thrown?: unknown) => new UserCodeError('action', name, file, problem, thrown, k.t, k.own.slice());
  const checked = debug;
  return (k) => {
    try {
      (a as UserAction)(k, replaced);
    } catch (e) {
      throw e instanceof UserCodeError ? e : err(k, `threw ${describeThrown(e)}`, e);
    }
    if (checked) noGlobalReplaced(() => err(k, `replaced ${changedGlobals().join(', ')}`));
  };
}

/**
 * The model's implementations with the variant's overrides applied and wrapped (see the module
 * comment). Returns `base` itself when the variant overrides nothing. With
 * {@link Variant.comparedWith}, each override that differs from that variant's code is also
 * counted against it while coverage is counted (./vacuity.ts).
 */
export function wrapOverrides(base: Impl<Mm>, variant: Variant): Impl<Mm> {
  const impl = wrapOwn(base, variant);
  const ref = variant.comparedWith;
  if (!ref) return impl;
  // Each override that differs from the reference's code is also run against it (vacuity).
  return countOverrides(impl, wrapOwn(base, ref), overridesAgainst(variant, ref, base));
}

/** The model's implementations with the variant's own overrides applied and wrapped. */
function wrapOwn(base: Impl<Mm>, variant: Variant): Impl<Mm> {
  const guards = variant.guards ?? {};
  const actions = variant.actions ?? {};
  if (!Object.keys(guards).length && !Object.keys(actions).length) return base;
  const authored = variant.authored;
  const file = variant.file;
  const mine = (names: readonly string[] | undefined, name: string) => names?.includes(name) ?? false;
  const wrapped = <F>(given: Readonly<Record<string, F>>, names: readonly string[] | undefined, own: Readonly<Record<string, F>>, replaces: Readonly<Record<string, F>> | undefined, wrap: (n: string, f: F, file: string | undefined, replaced?: F) => F) =>
    Object.fromEntries(
      Object.entries(given).map(([n, f]) => {
        const user = mine(names, n);
        // A file's override is handed what it replaces (none for a new name).
        return [n, user || debug ? wrap(n, f, user ? file : undefined, user ? (replaces?.[n] ?? own[n]) : undefined) : f];
      }),
    );
  return {
    guards: { ...base.guards, ...wrapped(guards, authored?.guards, base.guards, variant.replaces?.guards, wrapGuard) },
    actions: { ...base.actions, ...wrapped(actions, authored?.actions, base.actions, variant.replaces?.actions, wrapAction) },
  };
}

/**
 * Wraps the check of a property a variant file brings: a throw, or a result that is neither a
 * message (string) nor null, is a UserCodeError of that property.
 */
export function wrapUserProperty(code: string, file: string, check: (k: Mm) => unknown): (k: Mm) => string | null {
  const err = (k: Mm, problem: string, thrown?: unknown) => new UserCodeError('property', code, file, problem, thrown, -1, k.own.slice());
  const checked = debug;
  return (k) => {
    let r: unknown;
    try {
      r = check(k);
    } catch (e) {
      throw e instanceof UserCodeError ? e : err(k, `threw ${describeThrown(e)}`, e);
    }
    if (checked) noGlobalReplaced(() => err(k, `replaced ${changedGlobals().join(', ')}`));
    if (r === null) return null;
    if (typeof r !== 'string' || r === '') throw err(k, `returned ${describeValue(r)}: a property returns null when it holds, else a message`);
    return r;
  };
}

/**
 * Locates a UserCodeError raised while a search expanded the state reached by `path`: replays
 * the path, finds the transition whose step (or whose state's properties) raises the same error,
 * and records the step, the transition, where the thread was and the state. Best effort: what
 * cannot be found again is left out.
 */
export function locateUserCodeError(e: UserCodeError, sys: System & { describeThread?(s: Uint16Array, t: number): string }, path: readonly TransitionId[]): void {
  if (e.site) return;
  const same = (x: unknown) => x instanceof UserCodeError && x.role === e.role && x.override === e.override;
  try {
    let s = sys.initial();
    const keys: string[] = [];
    for (const tr of path) {
      const r = sys.apply(s, tr);
      if (!r) return;
      keys.push(sys.transitionKey(tr));
      s = r.next;
    }
    const step = path.length + 1;
    if (path.length === 0 && e.role === 'property') {
      try {
        sys.checkState(s);
      } catch (x) {
        if (same(x)) return void (e.site = { step: 0, path: keys, state: sys.render(s) });
      }
    }
    for (let tr = 0; tr < (sys.transitionCount ?? 0); tr++) {
      let next: Uint16Array | null = null;
      try {
        const r = sys.apply(s, tr);
        if (!r) continue;
        next = r.next;
        sys.checkState(r.next);
      } catch (x) {
        if (!same(x)) continue;
        const where = next === null && e.thread >= 0 ? sys.describeThread?.(s, e.thread) : undefined;
        e.site = { step, transition: sys.transitionKey(tr), ...(where ? { where } : {}), path: keys, state: sys.render(next ?? s) };
        return;
      }
    }
    e.site = { step, path: keys, state: sys.render(s) };
  } catch {
    // Locating is a courtesy: the error itself is reported either way.
  }
}

/** pagecheck's own code (sources or bundle) and its libraries: where the user's frames end. */
const OWN = ['src', 'models', 'properties', 'dist', 'node_modules'].map((d) => fileURLToPath(packageUrl(`${d}/`)));

/** The user's own stack frames: those above the first frame of pagecheck's own code. */
function userStack(e: unknown): string[] {
  if (!(e instanceof Error) || !e.stack) return [];
  const frames = e.stack.split('\n').filter((l) => /^\s+at /.test(l));
  const out: string[] = [];
  for (const f of frames) {
    const file = /\(?((?:file:\/\/)?\/[^():]+)(?::\d+){0,2}\)?$/.exec(f)?.[1];
    const path = file?.startsWith('file://') ? fileURLToPath(file) : file;
    if (path && OWN.some((d) => path.startsWith(d))) break;
    out.push(f.trim());
  }
  return out.slice(0, 12);
}

/** Steps of the path to the error printed in its report (the rerun command reproduces them all). */
const PATH_SHOWN = 8;

/** The report of a UserCodeError, as the CLI prints it. */
export function formatUserCodeError(e: UserCodeError): string {
  const lines = [`pagecheck: error in the variant's own code: ${e.message}`];
  const site = e.site;
  if (site) {
    if (site.step === 0) lines.push(`  at the initial state, before any step`);
    else lines.push(`  at step ${site.step}${site.transition ? `: ${site.transition}` : ''}${site.where ? `, ${site.where}` : ''}`);
    const shown = site.path.slice(-PATH_SHOWN);
    const first = site.path.length - shown.length;
    if (site.path.length)
      lines.push(`  after ${first ? `${site.path.length} steps, the last ${shown.length}` : 'the steps'}: ${shown.map((k, i) => `${first + i + 1}. ${k}`).join('; ')}`);
    lines.push(`  state: ${site.state}`);
  }
  if (e.rerun) lines.push(`  reproduce it with: ${e.rerun}`);
  const stack = userStack(e.thrown);
  if (stack.length) lines.push(`  the variant's stack:`, ...stack.map((f) => `    ${f}`));
  if (!e.file) lines.push('  (a built-in variant, checked in debug mode: this is a bug in pagecheck\'s variant)');
  return lines.join('\n');
}

/** A UserCodeError as it crosses from a worker thread to the main thread (structured-clonable). */
export interface SerializedUserCodeError {
  readonly role: OverrideRole;
  readonly override: string;
  readonly file: string | undefined;
  readonly problem: string;
  /** What the user's code threw: an Error keeps its name, message and stack across threads. */
  readonly thrown: unknown;
  readonly thread: number;
  readonly state: Uint16Array;
  readonly site?: UserCodeSite;
  readonly rerunOptions?: Readonly<Record<string, string>>;
}

/** The clonable form of a UserCodeError. */
export function serializeUserCodeError(e: UserCodeError): SerializedUserCodeError {
  const thrown = e.thrown instanceof Error || e.thrown === undefined || typeof e.thrown !== 'object' ? e.thrown : String(e.thrown);
  return { role: e.role, override: e.override, file: e.file, problem: e.problem, thrown, thread: e.thread, state: e.state, site: e.site, rerunOptions: e.rerunOptions };
}

/** The UserCodeError of its clonable form. */
export function deserializeUserCodeError(s: SerializedUserCodeError): UserCodeError {
  const e = new UserCodeError(s.role, s.override, s.file, s.problem, s.thrown, s.thread, s.state);
  e.site = s.site;
  e.rerunOptions = s.rerunOptions;
  return e;
}
