/**
 * The bound of a configuration family (`--scope`): the small scope within which every
 * configuration of a model is generated (./generate.ts). A scope is a named bound, `small` (what
 * the suite runs) or `tiny`, changed by `key=N` or `key=LO..HI` pairs, all separated by commas:
 * `--scope small,cpus=1..1,pages=4..8`. Its canonical text names it in reports and campaigns.
 */
import { UsageError } from '../util/unreachable.ts';
import { printable } from '../util/printable.ts';

/** The bound of a family: which values each generated dimension takes. */
export interface Scope {
  /** Zone sizes in pfns (powers of two). */
  readonly pages: readonly number[];
  /** Sections per zone. */
  readonly sections: readonly number[];
  /** MAX_PAGE_ORDER values. */
  readonly maxOrder: readonly number[];
  /** At most this many pageblocks in a zone (pageblock_order is every value up to MAX_PAGE_ORDER that keeps to it). */
  readonly blocks: number;
  /** CPU counts. */
  readonly cpus: readonly number[];
  /** Allocation calls per CPU. */
  readonly allocs: readonly number[];
  /** Pageblocks whose boot type is not MOVABLE, at most (each of the model's family types, at each place). */
  readonly odd: number;
}

/** The named bounds. */
export const SCOPES: Readonly<Record<string, Scope>> = {
  /** What `npm start` runs for every model: 8 pfns in one or two sections, MAX_PAGE_ORDER 1-2, up to 4 pageblocks, one CPU making one or two allocations. */
  small: { pages: [8], sections: [1, 2], maxOrder: [1, 2], blocks: 4, cpus: [1], allocs: [1, 2], odd: 1 },
  /** Two CPUs on the smallest zones (4 pfns), one allocation each: minutes per model, a campaign to shard. */
  pairs: { pages: [4], sections: [1, 2], maxOrder: [1, 2], blocks: 4, cpus: [2], allocs: [1], odd: 1 },
  /** One CPU, one allocation, 4 pfns: seconds (quick runs and tests). */
  tiny: { pages: [4], sections: [1, 2], maxOrder: [1, 2], blocks: 4, cpus: [1], allocs: [1], odd: 1 },
};

/** The keys a scope spec may set, with their bounds. */
const KEYS = {
  pages: { min: 2, max: 64, pow2: true },
  sections: { min: 1, max: 4, pow2: true },
  maxorder: { min: 0, max: 4, pow2: false },
  blocks: { min: 1, max: 16, pow2: false, single: true },
  cpus: { min: 1, max: 2, pow2: false },
  allocs: { min: 0, max: 3, pow2: false },
  odd: { min: 0, max: 2, pow2: false, single: true },
} as const satisfies Record<string, { min: number; max: number; pow2: boolean; single?: boolean }>;

type Key = keyof typeof KEYS;

/** The scope a spec names; a {@link UsageError} naming the problem otherwise. */
export function parseScope(spec: string): Scope {
  const bad = (m: string) => new UsageError(`--scope ${printable(spec, 120)}: ${m}`);
  const parts = spec.split(',').map((p) => p.trim());
  if (!spec.trim() || parts.some((p) => !p)) throw bad(`give a named bound (${Object.keys(SCOPES).join(', ')}) and/or key=N or key=LO..HI pairs, separated by commas`);
  let scope: { -readonly [K in keyof Scope]: Scope[K] } | null = null;
  const given = new Set<string>();
  for (const p of parts) {
    const named = Object.hasOwn(SCOPES, p) ? SCOPES[p] : undefined;
    if (named) {
      if (scope) throw bad(`the named bound ${p} must come first, and only one`);
      scope = { ...named };
      continue;
    }
    const m = /^([a-z]+)=(\d+)(?:\.\.(\d+))?$/.exec(p);
    if (!m) throw bad(`'${printable(p, 40)}' is neither a named bound (${Object.keys(SCOPES).join(', ')}) nor key=N or key=LO..HI`);
    const key = m[1] as Key;
    if (!Object.hasOwn(KEYS, key)) throw bad(`unknown key '${printable(m[1], 20)}'; keys: ${Object.keys(KEYS).join(', ')}`);
    if (given.has(key)) throw bad(`${key} is given twice`);
    given.add(key);
    const k: { min: number; max: number; pow2: boolean; single?: boolean } = KEYS[key];
    const lo = Number(m[2]);
    const hi = m[3] === undefined ? lo : Number(m[3]);
    if (lo > hi) throw bad(`${key}=${lo}..${hi} is an empty range`);
    if (lo < k.min || hi > k.max) throw bad(`${key} must lie in ${k.min}..${k.max}`);
    if (k.single && m[3] !== undefined) throw bad(`${key} is an upper bound: give one number (${key}=N)`);
    const values = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i).filter((v) => !k.pow2 || (v & (v - 1)) === 0);
    if (!values.length) throw bad(`${key}=${lo}..${hi} holds no power of two`);
    scope ??= { ...SCOPES.small };
    switch (key) {
      case 'pages':
        scope.pages = values;
        break;
      case 'sections':
        scope.sections = values;
        break;
      case 'maxorder':
        scope.maxOrder = values;
        break;
      case 'blocks':
        scope.blocks = lo;
        break;
      case 'cpus':
        scope.cpus = values;
        break;
      case 'allocs':
        scope.allocs = values;
        break;
      case 'odd':
        scope.odd = lo;
        break;
    }
  }
  return scope!;
}

/** A dimension's values as the spec gives them (the values of a parsed LO..HI are every admissible number in it, so LO..HI reads back the same). */
const range = (v: readonly number[]) => (v.length === 1 ? `${v[0]}` : `${v[0]}..${v[v.length - 1]}`);

/** The canonical text of a scope: every key with its values, in a fixed order (`pages=8,sections=1..2,...`). */
export function scopeText(s: Scope): string {
  return `pages=${range(s.pages)},sections=${range(s.sections)},maxorder=${range(s.maxOrder)},blocks=${s.blocks},cpus=${range(s.cpus)},allocs=${range(s.allocs)},odd=${s.odd}`;
}

/** The short name of a scope spec for headers: the named bound when the spec is exactly one, else the canonical text. */
export function scopeName(spec: string, s: Scope): string {
  const t = spec.trim();
  return Object.hasOwn(SCOPES, t) ? t : scopeText(s);
}
