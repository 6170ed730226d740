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
 * Watches one step taken from a label whose dead registers were cleared: a cleared register
 * must be written before it is read, and a cleared register the step did not write must be dead
 * where the step rests (else its 0 would stand in for a value a later step reads).
 */
export class DeadRegisterCheck implements RegisterWatch {
  /** 1 for a register cleared at the step's label and not written since. */
  private readonly cleared: Uint8Array;
  private pending = 0;
  private where = '';

  constructor(readonly nreg: number) {
    this.cleared = new Uint8Array(nreg);
  }

  /** A step from a label whose cleared registers are `dead` starts; `where` names the label for messages. */
  begin(dead: Int32Array, where: string): void {
    this.cleared.fill(0);
    for (let i = 0; i < dead.length; i++) this.cleared[dead[i]] = 1;
    this.pending = dead.length;
    this.where = where;
  }

  read(i: number): void {
    if (this.cleared[i] !== 0) throw new LiveRegisterError(`register ${i} was cleared at ${this.where} as dead, but the step from there reads it before writing it`);
  }

  write(i: number): void {
    if (this.cleared[i] !== 0) {
      this.cleared[i] = 0;
      this.pending--;
    }
  }

  /** The step rests at a label whose dead registers are `dead` (named `at`). */
  end(dead: Int32Array, at: string): void {
    if (this.pending === 0) return;
    for (let i = 0; i < this.nreg; i++) {
      if (this.cleared[i] === 0) continue;
      let ok = false;
      for (let j = 0; j < dead.length; j++) if (dead[j] === i) ok = true;
      if (!ok) throw new LiveRegisterError(`register ${i} was cleared at ${this.where} as dead and not written by the step from there, but is live at ${at}`);
    }
  }
}
