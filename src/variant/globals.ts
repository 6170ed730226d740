/**
 * Whether a variant file's code replaced one of the language's or Node's globals (`Math.max`,
 * `Array.prototype.push`, `JSON.stringify`, ...). pagecheck's own code, its properties and its
 * messages rely on them, so a replaced global can fake a violation or break a report: it is the
 * file author's error. A snapshot of the identities is taken before a variant file is first
 * imported and compared after the import, after every override call in debug mode, and when the
 * command ends.
 */

/** Globals whose identity, and whose own properties' identities, are kept. */
const NAMESPACES = ['Math', 'JSON', 'Reflect', 'Object', 'Array', 'Number', 'String', 'Symbol', 'Promise'] as const;
const GLOBALS = [
  ...NAMESPACES,
  'Boolean', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Uint8Array', 'Uint16Array', 'Uint32Array', 'Int32Array', 'Float64Array', 'ArrayBuffer',
  'SharedArrayBuffer', 'DataView', 'Atomics', 'Proxy', 'Error', 'TypeError', 'RangeError', 'SyntaxError', 'Date', 'BigInt', 'RegExp',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'structuredClone', 'setTimeout', 'setImmediate', 'clearTimeout', 'performance', 'Buffer',
  'TextEncoder', 'TextDecoder', 'URL', 'queueMicrotask', 'process',
] as const;

function prototypes(): [string, object][] {
  const typed = Object.getPrototypeOf(Uint16Array.prototype) as object;
  return [
    ['Object.prototype', Object.prototype],
    ['Array.prototype', Array.prototype],
    ['String.prototype', String.prototype],
    ['Number.prototype', Number.prototype],
    ['Function.prototype', Function.prototype],
    ['Map.prototype', Map.prototype],
    ['Set.prototype', Set.prototype],
    ['TypedArray.prototype', typed],
    ['Uint16Array.prototype', Uint16Array.prototype],
    ['Promise.prototype', Promise.prototype],
    ['Error.prototype', Error.prototype],
  ];
}

/** The data properties kept: holder, key, value and a name for messages, in parallel arrays. */
interface Snapshot {
  readonly holders: Record<PropertyKey, unknown>[];
  readonly keys: PropertyKey[];
  readonly values: unknown[];
  readonly names: string[];
}

function take(): Snapshot {
  const snap: Snapshot = { holders: [], keys: [], values: [], names: [] };
  const keep = (name: string, holder: object, key: PropertyKey) => {
    const d = Reflect.getOwnPropertyDescriptor(holder, key);
    // Accessors are left alone: reading one may run code (process.stdout creates the stream).
    if (!d || !('value' in d)) return;
    snap.holders.push(holder as Record<PropertyKey, unknown>);
    snap.keys.push(key);
    snap.values.push(d.value);
    snap.names.push(name);
  };
  const g = globalThis as Record<string, unknown>;
  for (const name of GLOBALS) keep(name, g, name);
  const own = (name: string, o: unknown) => {
    if (o && (typeof o === 'object' || typeof o === 'function')) for (const key of Reflect.ownKeys(o)) keep(`${name}.${String(key)}`, o, key);
  };
  for (const name of NAMESPACES) own(name, g[name]);
  for (const [name, p] of prototypes()) own(name, p);
  return snap;
}

let snapshot: Snapshot | null = null;
/** Globals another thread (a variant's search thread) saw replaced there. */
const elsewhere = new Set<string>();

/** Forgets what other threads reported (each command starts afresh: tests run many in one process). */
export function forgetReportedGlobals(): void {
  elsewhere.clear();
}

/** Records globals a variant's code replaced in another thread: {@link changedGlobals} includes them. */
export function reportReplacedGlobals(names: readonly string[]): void {
  for (const n of names) elsewhere.add(n);
}

/** Takes the snapshot (once: the identities before any variant file ran). */
export function keepGlobals(): void {
  snapshot ??= take();
}

/** The globals changed since {@link keepGlobals}, by name (empty when none, or when no snapshot was taken). */
export function changedGlobals(): string[] {
  const s = snapshot;
  if (!s) return [...elsewhere];
  let out: string[] | null = elsewhere.size ? [...elsewhere] : null;
  for (let i = 0; i < s.keys.length; i++) {
    const h = s.holders[i];
    const k = s.keys[i];
    // Object.is: NaN constants stay equal to themselves.
    if (!Object.is(h[k], s.values[i]) || !Object.hasOwn(h, k)) (out ??= []).push(s.names[i]);
  }
  return out ?? [];
}
