/**
 * The CPU symmetry reduction of an mm system: renaming the CPUs of a state, and the class
 * representative a search stores.
 *
 * A renaming moves the per-CPU words (thread blocks, pagesets, the model's per-CPU arrays) and
 * renames the words that hold a thread or a CPU (lock holders, ghost holders, pageblock owners,
 * CPU registers). Each renaming is made once into a plan: for every word it changes, the word it
 * is read from and how its value is renamed. All other words are the same in every renaming of
 * a state, so comparing two renamings of one state reads only the planned words.
 *
 * The representative is the renaming whose planned words are smallest in a fixed order
 * (lexicographically), over all renamings up to 4 CPUs (24): one per class, so that it is
 * exactly canonical (which member it is does not change what a search finds, only that two
 * states of a class are one). The order puts the words where renamings differ most first, so
 * that most comparisons end there, and a state that is its own representative is not copied. Beyond 4 CPUs one renaming, sorting the CPUs by their thread blocks, is used: still a
 * member of the class (so sound), but not always the same one.
 */
import { unreachable } from '../../src/util/unreachable.ts';
import { HOLD, LOCK_PLAIN, TW, type MmLayout } from './layout.ts';

/** CPU-valued words a model adds, for the symmetry reduction. */
export interface SymmetrySpec {
  /** Registers holding a CPU number + 1 (0 for none), as `Mm.cpuReg` keeps them. */
  readonly cpuRegisters?: readonly number[];
  /** Words holding a thread index + 1 (0 for none), like a lock holder. */
  readonly threadPlusOneWords?: readonly number[];
  /** Arrays with one block of `stride` words per CPU, moved with their CPU. */
  readonly perCpuArrays?: readonly { readonly offset: number; readonly stride: number }[];
  /** Words holding a CPU number + 1 (0 for none), like a pageblock owner. */
  readonly cpuPlusOneWords?: readonly { readonly offset: number; readonly count: number }[];
}

/** How a planned word's value is renamed. */
const RENAME = {
  /** Copied as it is (a moved per-CPU word). */
  copy: 0,
  /** A thread index + 1, or 0. */
  threadPlusOne: 1,
  /** A ghost holder: HOLD.thread0 + thread, or a holder that is no thread. */
  holder: 2,
  /** A pcp->lock word: holder thread + 1 beside the LOCK_PLAIN bit. */
  pcpLock: 3,
  /** A CPU number + 1, or 0. */
  cpuPlusOne: 4,
  /** A CPU register: a CPU number + 1 when 1..cpus, else left alone. */
  cpuRegister: 5,
} as const;
type Rename = (typeof RENAME)[keyof typeof RENAME];

/** One renaming of the CPUs, made into a plan over the words it changes. */
interface Plan {
  /** The renaming itself: CPU c becomes perm[c]. */
  readonly perm: Int32Array;
  /** Thread t becomes threads[t]. */
  readonly threads: Int32Array;
  /** For each word of {@link CpuRenaming.words}, in that order: the word its value is read from. */
  readonly from: Int32Array;
  /** ...and how that value is renamed ({@link Rename}). */
  readonly how: Uint8Array;
  /**
   * The words copied as they are (most of them: the moved thread blocks and pagesets), as runs
   * of consecutive words: run j copies runLength[j] words from runFrom[j] to runTo[j].
   */
  readonly runTo: Int32Array;
  readonly runFrom: Int32Array;
  readonly runLength: Int32Array;
  /** Positions in {@link CpuRenaming.words} of the words whose value is renamed. */
  readonly renamed: Int32Array;
}

/** All permutations of 0..n-1, the identity first. */
export function permutations(n: number): number[][] {
  if (n <= 1) return [[0]];
  const out: number[][] = [];
  const rec = (prefix: number[], rest: number[]) => {
    if (!rest.length) out.push(prefix);
    for (let i = 0; i < rest.length; i++) rec([...prefix, rest[i]], [...rest.slice(0, i), ...rest.slice(i + 1)]);
  };
  rec([], Array.from({ length: n }, (_, i) => i));
  return out;
}

/** Renamings of a system's CPUs, and its states' class representatives. */
export class CpuRenaming {
  /**
   * The words a renaming moves or renames, in the order renamings are compared: a word outside
   * them holds the same value in every renaming of a state.
   */
  readonly words: Int32Array;
  /** Plans of every renaming but the identity (up to 4 CPUs; none beyond). */
  private readonly plans: Plan[] = [];
  private readonly byKey = new Map<string, Plan>();
  private readonly best: Uint16Array;

  constructor(
    private readonly L: MmLayout,
    private readonly spec: SymmetrySpec,
  ) {
    this.best = new Uint16Array(L.words);
    const cpus = L.geo.cpus;
    // Which words a renaming moves or renames does not depend on the renaming (every per-CPU
    // block moves somewhere): the identity's plan lists them. The thread blocks come first: two
    // CPUs' tasks are seldom at the same label, so two renamings mostly differ there.
    const identity = Int32Array.from({ length: cpus }, (_, c) => c);
    const inThreads = (w: number) => (w >= L.threads ? 0 : 1);
    this.words = Int32Array.from([...this.rawPlan(identity).from.keys()].sort((a, b) => inThreads(a) - inThreads(b) || a - b));
    if (cpus <= 4) for (const p of permutations(cpus).slice(1)) this.plans.push(this.planOf(this.rawPlan(Int32Array.from(p))));
  }

  /**
   * Mirrors a renaming word by word, in the order its parts apply (a later part overrides an
   * earlier one on the same word), into where each changed word is read from and how.
   */
  private rawPlan(perm: Int32Array): { perm: Int32Array; threads: Int32Array; from: Map<number, number>; how: Map<number, Rename> } {
    const { L, spec } = this;
    const cpus = L.geo.cpus;
    const threads = Int32Array.from({ length: L.nThreads }, (_, t) => (t >= cpus ? cpus + perm[t - cpus] : perm[t]));
    const from = new Map<number, number>();
    const how = new Map<number, Rename>();
    const set = (w: number, f: number, h: Rename) => {
      from.set(w, f);
      how.set(w, h);
    };
    set(L.zoneLock, L.zoneLock, RENAME.threadPlusOne);
    for (const w of spec.threadPlusOneWords ?? []) set(w, w, RENAME.threadPlusOne);
    for (let p = 0; p < L.geo.nPfn; p++) set(L.gHold + p, L.gHold + p, RENAME.holder);
    const arrays = [...(spec.perCpuArrays ?? [])];
    if (L.pcpOrders.length)
      arrays.push({ offset: L.pcpHead, stride: L.pcpLists }, { offset: L.pcpCount, stride: 1 }, { offset: L.pcpLock, stride: 1 }, { offset: L.pcpHigh, stride: 1 }, { offset: L.pcpBatch, stride: 1 });
    for (const { offset, stride } of arrays)
      for (let c = 0; c < cpus; c++) for (let k = 0; k < stride; k++) set(offset + perm[c] * stride + k, offset + c * stride + k, RENAME.copy);
    // The pcp->lock words are renamed after their move: the moved word's holder.
    if (L.pcpOrders.length) for (let c = 0; c < cpus; c++) how.set(L.pcpLock + c, RENAME.pcpLock);
    for (const { offset, count } of spec.cpuPlusOneWords ?? []) for (let i = 0; i < count; i++) set(offset + i, offset + i, RENAME.cpuPlusOne);
    for (let t = 0; t < L.nThreads; t++) {
      const to = L.threadBase(threads[t]);
      const base = L.threadBase(t);
      for (let k = 0; k < L.threadWords; k++) set(to + k, base + k, RENAME.copy);
      for (const r of spec.cpuRegisters ?? []) how.set(to + TW.regs + r, RENAME.cpuRegister);
    }
    return { perm, threads, from, how };
  }

  private planOf(r: ReturnType<CpuRenaming['rawPlan']>): Plan {
    const from = Int32Array.from(this.words, (w) => r.from.get(w)!);
    const how = Uint8Array.from(this.words, (w) => r.how.get(w)!);
    const copies = [...this.words.keys()].filter((i) => how[i] === RENAME.copy).map((i) => ({ to: this.words[i], from: from[i] }));
    copies.sort((a, b) => a.to - b.to);
    const runs: { to: number; from: number; length: number }[] = [];
    for (const c of copies) {
      const last = runs.at(-1);
      if (last && last.to + last.length === c.to && last.from + last.length === c.from) last.length++;
      else runs.push({ ...c, length: 1 });
    }
    return {
      perm: r.perm,
      threads: r.threads,
      from,
      how,
      runTo: Int32Array.from(runs, (x) => x.to),
      runFrom: Int32Array.from(runs, (x) => x.from),
      runLength: Int32Array.from(runs, (x) => x.length),
      renamed: Int32Array.from([...this.words.keys()].filter((i) => how[i] !== RENAME.copy)),
    };
  }

  /** A word's value `v` renamed by the plan `p`, as `how` says. */
  private static rename(how: Rename, v: number, p: Plan, cpus: number): number {
    switch (how) {
      case RENAME.copy:
        return v;
      case RENAME.threadPlusOne:
        return v === 0 ? 0 : p.threads[v - 1] + 1;
      case RENAME.holder:
        return v >= HOLD.thread0 ? HOLD.thread0 + p.threads[v - HOLD.thread0] : v;
      case RENAME.pcpLock: {
        const holder = v & ~LOCK_PLAIN;
        return holder === 0 ? v : ((p.threads[holder - 1] + 1) | (v & LOCK_PLAIN)) & 0xffff;
      }
      case RENAME.cpuPlusOne:
        return v === 0 ? 0 : p.perm[v - 1] + 1;
      case RENAME.cpuRegister:
        return v !== 0 && v <= cpus ? p.perm[v - 1] + 1 : v;
      default:
        return unreachable(how);
    }
  }

  /** Writes into `out` the state with CPU c renamed perm[c] everywhere. */
  permute(s: Uint16Array, perm: Int32Array, out: Uint16Array): void {
    const key = perm.join(',');
    let p = this.byKey.get(key);
    if (!p) this.byKey.set(key, (p = this.planOf(this.rawPlan(perm))));
    out.set(s);
    this.write(s, p, out);
  }

  /** Writes the planned words of the renaming `p` of `s` into `out` (which holds `s` elsewhere). */
  private write(s: Uint16Array, p: Plan, out: Uint16Array): void {
    const { words } = this;
    const cpus = this.L.geo.cpus;
    const { runTo, runFrom, runLength, renamed, from, how } = p;
    // A scalar loop costs more than a copy of the run from a view, made once per source buffer.
    const views = this.viewsOf(s, p);
    for (let j = 0; j < runTo.length; j++) {
      const n = runLength[j];
      if (n >= 4) out.set(views[j], runTo[j]);
      else for (let k = 0; k < n; k++) out[runTo[j] + k] = s[runFrom[j] + k];
    }
    for (let j = 0; j < renamed.length; j++) {
      const i = renamed[j];
      out[words[i]] = CpuRenaming.rename(how[i] as Rename, s[from[i]], p, cpus);
    }
  }

  /** Views of the source buffer the runs are copied from, per plan, kept for the last buffer seen. */
  private viewsFor: Uint16Array | null = null;
  private readonly views = new Map<Plan, Uint16Array[]>();
  private viewsOf(s: Uint16Array, p: Plan): Uint16Array[] {
    if (s !== this.viewsFor) {
      this.viewsFor = s;
      this.views.clear();
    }
    let v = this.views.get(p);
    if (!v) this.views.set(p, (v = Array.from(p.runFrom, (f, k) => s.subarray(f, f + p.runLength[k]))));
    return v;
  }

  /**
   * The class representative of `s`: `s` itself when no renaming is smaller, else a buffer
   * this object owns (valid until the next call).
   */
  canonical(s: Uint16Array): Uint16Array {
    const { words, plans, best } = this;
    if (plans.length === 0) return this.sorted(s);
    const cpus = this.L.geo.cpus;
    const n = words.length;
    let cur = s;
    for (let k = 0; k < plans.length; k++) {
      const p = plans[k];
      const { from, how } = p;
      let i = 0;
      let a = 0;
      let b = 0;
      for (; i < n; i++) {
        const h = how[i];
        a = h === RENAME.copy ? s[from[i]] : CpuRenaming.rename(h as Rename, s[from[i]], p, cpus);
        b = cur[words[i]];
        if (a !== b) break;
      }
      if (i === n || a > b) continue;
      // This renaming is smaller: it becomes the representative so far (its unplanned words are s's).
      if (cur === s) best.set(s);
      this.write(s, p, best);
      cur = best;
    }
    return cur;
  }

  /** One renaming: CPUs ordered by their thread blocks (task, then interrupt context). */
  private sorted(s: Uint16Array): Uint16Array {
    const L = this.L;
    const c = L.geo.cpus;
    const key = (cpu: number) => {
      const a = s.subarray(L.threadBase(cpu), L.threadBase(cpu) + L.threadWords);
      return L.opts.irq ? [...a, ...s.subarray(L.threadBase(c + cpu), L.threadBase(c + cpu) + L.threadWords)] : [...a];
    };
    const keys = Array.from({ length: c }, (_, i) => key(i));
    const order = Array.from({ length: c }, (_, i) => i).sort((x, y) => {
      for (let i = 0; i < keys[x].length; i++) if (keys[x][i] !== keys[y][i]) return keys[x][i] - keys[y][i];
      return x - y;
    });
    const perm = new Int32Array(c);
    order.forEach((cpu, rank) => (perm[cpu] = rank));
    this.permute(s, perm, this.best);
    return this.best;
  }
}
