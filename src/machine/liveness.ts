/**
 * Live registers: a register is *dead* at a label when no step reachable from that label reads it
 * before writing it. Two states that differ only in dead registers have the same futures, so a
 * search that clears the dead registers at every label explores one state where it explored
 * several, with the same verdicts and counterexamples.
 *
 * Three pieces:
 * - the record ({@link RegisterRecord}): which registers each guard and action reads before
 *   writing them (`reads`, what it may read) and which it writes on every run (`writes`, what it
 *   always defines), learned by {@link RegisterLearner} from recorded runs of the model;
 * - the analysis ({@link deadRegisters}): backward liveness over a compiled machine's step
 *   tables, from the record (a guard or action never recorded reads every register and defines
 *   none);
 * - the check ({@link DeadRegisterCheck}): a step taken from a label where registers were
 *   cleared is watched, and reading a cleared register before writing it, or resting at a label
 *   where a register the step left uncleared is dead... is live, is an error of the analysis
 *   ({@link LiveRegisterError}), never a silent change of the search. So the reduced search is the
 *   full one, up to the cleared registers, on every state it visits, whatever the record missed.
 *
 * Registers are read and written through the step context's register accessors, which report to
 * a {@link RegisterWatch}.
 */
import type { CompiledMachine } from './compile.ts';

/** Told of every register access of the bound thread while set in the step context. */
export interface RegisterWatch {
  read(i: number): void;
  write(i: number): void;
}

/** What one guard or action does to the registers. */
export interface RegisterRecord {
  /** Registers it read, on some run, before writing them in that run. */
  readonly reads: Uint8Array;
  /** Registers it wrote on every recorded run. */
  readonly writes: Uint8Array;
  /** Recorded runs. */
  runs: number;
}

/** Key of a guard or an action in a record: names are unique per kind, not across kinds. */
export function recordKey(kind: 'guard' | 'action', name: string): string {
  return `${kind}:${name}`;
}

/** Learns the {@link RegisterRecord} of each guard and action from the runs it watches. */
export class RegisterLearner implements RegisterWatch {
  readonly records = new Map<string, RegisterRecord>();
  private cur: RegisterRecord | null = null;
  private readonly written: Uint8Array;

  constructor(readonly nreg: number) {
    this.written = new Uint8Array(nreg);
  }

  /** A run of guard or action `key` starts. */
  begin(key: string): void {
    let r = this.records.get(key);
    if (!r) {
      r = { reads: new Uint8Array(this.nreg), writes: new Uint8Array(this.nreg).fill(1), runs: 0 };
      this.records.set(key, r);
    }
    this.cur = r;
    this.written.fill(0);
  }

  /** The run ends (also when it threw): what it did not write is not always written. */
  end(): void {
    const r = this.cur;
    if (!r) return;
    for (let i = 0; i < this.nreg; i++) if (!this.written[i]) r.writes[i] = 0;
    r.runs++;
    this.cur = null;
  }

  read(i: number): void {
    if (this.cur && !this.written[i]) this.cur.reads[i] = 1;
  }

  write(i: number): void {
    if (this.cur) this.written[i] = 1;
  }

  /**
   * A copy of a machine whose guards and actions run under this learner (the step context's
   * watch set to it by `watch`), for the recorded runs.
   */
  wrap<K>(m: CompiledMachine<K>, watch: (k: K, w: RegisterWatch | null) => void): CompiledMachine<K> {
    const states = m.states.map((st) => ({
      ...st,
      transitions: st.transitions.map((t) => {
        const g = t.guard;
        const gk = t.guardName === null ? '' : recordKey('guard', t.guardName);
        return {
          ...t,
          guard:
            g === null
              ? null
              : (k: K) => {
                  watch(k, this);
                  this.begin(gk);
                  try {
                    return g(k);
                  } finally {
                    this.end();
                    watch(k, null);
                  }
                },
          actions: t.actions.map((a, j) => {
            const ak = recordKey('action', t.actionNames[j]);
            return (k: K) => {
              watch(k, this);
              this.begin(ak);
              try {
                a(k);
              } finally {
                this.end();
                watch(k, null);
              }
            };
          }),
        };
      }),
    }));
    return { ...m, states };
  }
}

/**
 * Registers live at every state of a machine (1 = live), by backward liveness over its step
 * tables. At a state, every guard of its transition list may be evaluated; a transition's
 * actions run in order, then its target's step continues; an operation's return clears every
 * register (nothing is live after it).
 */
export function liveRegisters<K>(m: CompiledMachine<K>, records: ReadonlyMap<string, RegisterRecord>, nreg: number): Uint8Array[] {
  const all = new Uint8Array(nreg).fill(1);
  const none = new Uint8Array(nreg);
  const use = (key: string) => records.get(key)?.reads ?? all;
  const def = (key: string) => records.get(key)?.writes ?? none;
  const live = m.states.map(() => new Uint8Array(nreg));
  const acc = new Uint8Array(nreg);
  const cur = new Uint8Array(nreg);
  for (let changed = true; changed; ) {
    changed = false;
    for (let si = m.states.length - 1; si >= 0; si--) {
      const st = m.states[si];
      if (st.kind === 'final') continue;
      acc.fill(0);
      for (const t of st.transitions) {
        if (t.guardName !== null) {
          const u = use(recordKey('guard', t.guardName));
          for (let i = 0; i < nreg; i++) acc[i] |= u[i];
        }
        cur.set(m.states[t.target].kind === 'final' ? none : live[t.target]);
        for (let a = t.actionNames.length - 1; a >= 0; a--) {
          const key = recordKey('action', t.actionNames[a]);
          const d = def(key);
          const u = use(key);
          for (let i = 0; i < nreg; i++) cur[i] = u[i] | (cur[i] & (d[i] ^ 1));
        }
        for (let i = 0; i < nreg; i++) acc[i] |= cur[i];
      }
      const l = live[si];
      for (let i = 0; i < nreg; i++)
        if (l[i] !== acc[i]) {
          l[i] = acc[i];
          changed = true;
        }
    }
  }
  return live;
}

/** Per state of a machine, the registers dead there (empty for states that are not labels). */
export function deadRegisters<K>(m: CompiledMachine<K>, records: ReadonlyMap<string, RegisterRecord>, nreg: number): Int32Array[] {
  const live = liveRegisters(m, records, nreg);
  return m.states.map((st, si) => {
    if (st.kind !== 'label') return new Int32Array(0);
    const dead: number[] = [];
    for (let i = 0; i < nreg; i++) if (!live[si][i]) dead.push(i);
    return Int32Array.from(dead);
  });
}

/** The live-register analysis was wrong about a step: a defect of the harness, not of the model. */
export class LiveRegisterError extends Error {
  constructor(message: string) {
    super(`[pagecheck internal bug] live registers: ${message}`);
    this.name = 'LiveRegisterError';
  }
}

/**
 * The registers dead at each state of a machine as bit masks, `words` 32-bit words per state
 * (register i is bit i % 32 of word i / 32), and whether any is dead there: what the search's
 * inner loop reads, where {@link deadRegisters}' lists would cost a loop per step.
 */
export interface DeadMasks {
  readonly words: number;
  /** State si's mask at `bits[si * words ..]`. */
  readonly bits: Int32Array;
  /** 1 where the state clears a register. */
  readonly any: Uint8Array;
}

/** The masks of per-state dead-register lists (as {@link deadRegisters} gives them) for `nreg` registers. */
export function deadMasks(dead: readonly Int32Array[], nreg: number): DeadMasks {
  const words = Math.max(1, Math.ceil(nreg / 32));
  const bits = new Int32Array(dead.length * words);
  const any = new Uint8Array(dead.length);
  dead.forEach((d, si) => {
    for (let j = 0; j < d.length; j++) bits[si * words + (d[j] >>> 5)] |= 1 << (d[j] & 31);
    any[si] = d.length > 0 ? 1 : 0;
  });
  return { words, bits, any };
}

/**
 * Watches one step taken from a label whose dead registers were cleared: a cleared register
 * must be written before it is read, and a cleared register the step did not write must be dead
 * where the step rests (else its 0 would stand in for a value a later step reads). Sets are bit
 * masks, so that watching costs a test per register access, in the search's inner loop.
 */
export class DeadRegisterCheck implements RegisterWatch {
  /** Bit i set for a register cleared at the step's label and not written since. */
  private readonly cleared: Int32Array;
  private labels: readonly { readonly path: string }[] = [];
  private from = 0;

  constructor(readonly nreg: number) {
    this.cleared = new Int32Array(Math.max(1, Math.ceil(nreg / 32)));
  }

  /** A step from state `from` of a machine whose states are `labels` (named for messages) and dead registers `masks` starts. */
  begin(masks: DeadMasks, labels: readonly { readonly path: string }[], from: number): void {
    const w = masks.words;
    for (let i = 0; i < w; i++) this.cleared[i] = masks.bits[from * w + i];
    this.labels = labels;
    this.from = from;
  }

  read(i: number): void {
    if ((this.cleared[i >>> 5] & (1 << (i & 31))) !== 0) throw new LiveRegisterError(`register ${i} was cleared at ${this.labels[this.from].path} as dead, but the step from there reads it before writing it`);
  }

  write(i: number): void {
    this.cleared[i >>> 5] &= ~(1 << (i & 31));
  }

  /** The step rests at state `at` of the same machine. */
  end(masks: DeadMasks, at: number): void {
    const w = masks.words;
    for (let j = 0; j < w; j++) {
      const live = this.cleared[j] & ~masks.bits[at * w + j];
      if (live === 0) continue;
      const i = j * 32 + 31 - Math.clz32(live & -live);
      throw new LiveRegisterError(`register ${i} was cleared at ${this.labels[this.from].path} as dead and not written by the step from there, but is live at ${this.labels[at].path}`);
    }
  }
}
