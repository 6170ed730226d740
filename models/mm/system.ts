/**
 * Assembles an explorable {@link System} from compiled kernel-path machines, the operations the
 * workload may start, and the properties. Threads: one task per CPU, plus one interrupt context
 * per CPU when configured. A transition is either a step of a thread inside an operation, or the
 * start of an operation (with its arguments) together with its first step.
 *
 * Interrupt contexts: while a CPU's interrupt context runs an operation, that CPU's task cannot
 * move; an interrupt cannot start while the task holds zone->lock (taken with IRQs saved).
 */
import type { CoverageEvent } from '../../src/coverage/events.ts';
import { CoverageRecorder } from '../../src/coverage/recorder.ts';
import type { OverrideRef } from '../../src/variant/vacuity.ts';
import type { Finding, StepInfo, SuccessorVisitor, TransitionId } from '../../src/engine/types.ts';
import type { Schedulable } from '../../src/fuzz/types.ts';
import type { CompiledMachine } from '../../src/machine/compile.ts';
import { BLOCKED, FINISHED, STOPPED, canStep, runStep, runStepCovered, type StepRecord } from '../../src/machine/runtime.ts';
import { InternalError } from '../../src/util/unreachable.ts';
import type { Property } from '../../properties/types.ts';
import type { CostCounter, FieldDifference, IsolatableSystem } from '../../src/validate/types.ts';
import { COST, COST_LABELS, Mm, type CostName } from './kernel.ts';
import { MmLayout, TW } from './layout.ts';
import { CpuRenaming, type SymmetrySpec } from './symmetry.ts';
import { MmView } from './view.ts';
import { MEMORY_LEGEND, renderMemory } from './render.ts';
import { describeObservationDiff } from './observe.ts';
import { CORE_PROPERTIES, CoreCheck } from '../../properties/core.ts';
import { Footprint, Locality, type PorSpec } from './por.ts';
import { checkReturnUnlocked, locksHeldBy, type LockWord } from '../../properties/p17-locks-at-return.ts';
import { DeadRegisterCheck, RegisterLearner, deadMasks, deadRegisters, type DeadMasks, type RegisterRecord, type RegisterWatch } from '../../src/machine/liveness.ts';

/** Random runs recorded to learn what each guard and action reads and writes (live registers). */
const LIVE_RUNS = 64;
/** States expanded by those runs at most, all runs together (a bound on the cost at large configurations). */
const LIVE_MAX_EXPANSIONS = 4000;
/** Their seed: a fixed one, so that a configuration's reduced search is the same every time. */
const LIVE_SEED = 0x5eed;

const COST_COUNTERS: readonly CostCounter[] = (Object.keys(COST) as CostName[]).map((key) => ({ key, label: COST_LABELS[key] }));

/** Which threads may start an operation. */
export type OpContext = 'task' | 'irq' | 'any';

/** An operation a workload may call: a top-level kernel path with its arguments. */
export interface OpDef {
  /** Name shown in traces (the kernel entry point, e.g. `__free_pages`). */
  readonly name: string;
  /** Id of the machine that runs it. */
  readonly machine: string;
  /** Argument names, in order. */
  readonly argNames: readonly string[];
  /** Every argument tuple the workload may pass (fixed per configuration). */
  readonly argSets: readonly (readonly number[])[];
  readonly context: OpContext;
  /** Budget counter the call consumes, or null when the call is free (frees of held blocks). */
  readonly budget: number | null;
  /** Budget counter the call consumes in an interrupt context, when it differs from `budget`. */
  readonly irqBudget?: number | null;
  /**
   * The first argument is a pfn and the call needs a block held in the pool headed there (a
   * caller frees or references what it holds): only the pfns that head one are tried, and
   * `enabled` is asked of those only. The argument sets must list their pfns in increasing order.
   */
  readonly poolHeadArg?: boolean;
  /** Whether the call may start now, with these arguments, on the bound thread (read-only). */
  enabled(k: Mm, args: readonly number[]): boolean;
  /** Sets the registers (and ghost holdings) for the call. */
  start(k: Mm, args: readonly number[]): void;
  /** Formats an argument value for traces (for example a migratetype name). */
  formatArg?(name: string, value: number): string;
}

/** A budget counter per thread (allocation calls, speculative references, ...). */
export interface BudgetDef {
  readonly name: string;
  /** Initial value for thread t. */
  initial(L: MmLayout, t: number): number;
}

/** Everything needed to assemble a system. */
export interface MmSystemSpec {
  readonly layout: MmLayout;
  readonly machines: ReadonlyMap<string, CompiledMachine<Mm>>;
  readonly ops: readonly OpDef[];
  readonly budgets: readonly BudgetDef[];
  /** State properties, checked in order after every step. */
  readonly stateProperties: readonly Property[];
  /** Properties of terminal states. */
  readonly quiescentProperties: readonly Property[];
  /** Builds the kernel part of the initial state (threads are filled in by the system). */
  initKernel(k: Mm, s: Uint16Array): void;
  /** Brings a terminal state to quiescence before the quiescent checks (for example drains PCPs). */
  quiesce?(k: Mm, s: Uint16Array): void;
  /**
   * How CPUs appear in the state beyond what the system knows (thread blocks, the zone->lock
   * holder, ghost holders, per-CPU pageset fields), for the CPU symmetry reduction; `false`
   * when the model's behaviour depends on CPU numbers (for example a loop over CPUs in order)
   * and the reduction would be unsound.
   */
  readonly symmetry?: SymmetrySpec | false;
  /**
   * What the partial-order reduction needs to know beyond the layout (see por.ts); `false` when
   * the model does not declare it and the reduction is not offered.
   */
  readonly por?: PorSpec | false;
  /**
   * Names of `extra` word arrays that callers cannot observe (a variant's private memo, for
   * example): left out of {@link MmSystem.observe}.
   */
  readonly unobservable?: readonly string[];
  /** Allocator events the model's actions report with `k.covered(...)` (default: none). */
  readonly coverage?: readonly CoverageEvent[];
  /**
   * Locks beyond zone->lock and the pcp->locks (mutexes held across steps, as words holding the
   * holder's thread index + 1): a call that returns holding one is a P17 finding.
   */
  readonly locks?: readonly LockWord[];
  /**
   * Brings an observation (the kernel words of a state, see {@link MmSystem.observe}) to the form
   * in which two variants' results are compared, in place: for example the zone after a full
   * drain, with its free blocks in pfn order, when the variants differ only in where free pages
   * wait. Default: observations are compared as they are.
   */
  normalizeObservation?(o: Uint16Array): void;
}

/** Reductions a search may enable. */
export interface Reductions {
  /** Identify states that differ only by a permutation of identical CPUs. */
  readonly symmetry?: boolean;
  /**
   * Clear, at every label, the registers no later step reads before writing them (default: off
   * until the manifest's counts move to the reduced search; off keeps every register as the
   * kernel functions left it, the twin's plain counts).
   * Exact: the verdicts and counterexamples are those of the full search.
   */
  readonly liveRegisters?: boolean;
  /** Partial-order reduction: take a CPU-local step alone where it forms a persistent set (por.ts). */
  readonly por?: boolean;
}

interface Slot {
  readonly op: number;
  readonly args: readonly number[];
}

/** The {@link System} of an allocator model; {@link Schedulable} for randomized exploration. */
export class MmSystem implements Schedulable, IsolatableSystem {
  readonly words: number;
  readonly L: MmLayout;
  readonly threads: readonly string[];
  readonly operations: readonly string[];
  readonly coverageEvents: readonly CoverageEvent[];
  /** The variant's overrides counted for vacuity (see {@link declareOverrides}). */
  private overrides: readonly OverrideRef[] = [];
  /** The recorder while coverage is collected (see {@link collectCoverage}); null otherwise. */
  private cov: CoverageRecorder | null = null;
  /** Per operation: the first edge of its machine in the recorder's numbering. */
  private readonly edgeBase: Int32Array;
  private readonly k: Mm;
  private readonly v: MmView;
  private readonly out: Uint16Array;
  private readonly slots: Slot[] = [];
  /** [first, end) slot indices of each operation, in pairs. */
  private readonly opSlots: Int32Array;
  /** The machine of each operation (replaced by recording copies while {@link recordRegisters} runs). */
  private readonly opMachines: CompiledMachine<Mm>[];
  /** Per operation with {@link OpDef.poolHeadArg}: the slot of each pfn, -1 for none; else null. */
  private readonly poolSlots: (Int32Array | null)[];
  private readonly nTr: number;
  /** Transition ids are `thread * nTr + slot`: all below this. */
  readonly transitionCount: number;
  private readonly keys = new Map<string, number>();
  private readonly stateChecks: ((v: MmView) => Finding | null)[];
  /** State checks the fused core pass does not cover; they run after every step. */
  private readonly otherChecks: ((v: MmView) => Finding | null)[];
  private readonly core: CoreCheck;
  private readonly quiescentChecks: ((v: MmView) => Finding | null)[];
  private readonly locks: readonly LockWord[];

  constructor(readonly spec: MmSystemSpec) {
    this.locks = spec.locks ?? [];
    this.L = spec.layout;
    this.words = this.L.words;
    this.k = new Mm(this.L);
    this.k.opNames = spec.ops.map((op) => op.name);
    this.v = new MmView(this.L);
    this.out = new Uint16Array(this.words);
    this.opMachines = spec.ops.map((op) => {
      const m = spec.machines.get(op.machine);
      if (!m) throw new InternalError(`operation ${op.name} runs machine ${op.machine}, which was not compiled`);
      return m;
    });
    this.opSlots = new Int32Array(spec.ops.length * 2);
    spec.ops.forEach((op, i) => {
      this.opSlots[2 * i] = this.slots.length;
      op.argSets.forEach((args) => this.slots.push({ op: i, args }));
      this.opSlots[2 * i + 1] = this.slots.length;
    });
    this.poolSlots = spec.ops.map((op, o) => {
      if (!op.poolHeadArg) return null;
      const map = new Int32Array(this.L.geo.nPfn).fill(-1);
      op.argSets.forEach(([pfn], j) => {
        if (!(pfn < this.L.geo.nPfn) || (j > 0 && !(op.argSets[j - 1][0] < pfn)))
          throw new InternalError(`operation ${op.name} takes a held block's pfn, but its argument sets do not list pfns of the zone in increasing order`);
        map[pfn] = this.opSlots[2 * o] + j;
      });
      return map;
    });
    this.nTr = this.slots.length + 1;
    this.transitionCount = this.nTr * this.L.nThreads;
    this.threads = Array.from({ length: this.L.nThreads }, (_, t) => this.L.threadName(t));
    this.operations = spec.ops.map((op) => op.name);
    this.coverageEvents = spec.coverage ?? [];
    const machineIds = [...new Set(this.opMachines.map((m) => m.id))];
    this.edgeBase = Int32Array.from(this.opMachines, (m) => machineIds.indexOf(m.id));
    for (let t = 0; t < this.L.nThreads; t++) {
      this.keys.set(this.transitionKey(t * this.nTr), t * this.nTr);
      for (let i = 0; i < this.slots.length; i++) this.keys.set(this.transitionKey(t * this.nTr + i + 1), t * this.nTr + i + 1);
    }
    this.stateChecks = spec.stateProperties.map((p) => {
      if (!p.check) throw new InternalError(`state property ${p.code} has no check`);
      return p.check;
    });
    this.otherChecks = spec.stateProperties.filter((p) => !CORE_PROPERTIES.includes(p)).map((p) => p.check!);
    this.core = new CoreCheck(this.L);
    this.quiescentChecks = spec.quiescentProperties.map((p) => {
      if (!p.check) throw new InternalError(`quiescent property ${p.code} has no check`);
      return p.check;
    });
  }

  initial(): Uint16Array {
    const s = new Uint16Array(this.words);
    this.k.bind(s, 0);
    // The boot state is written by the checker, not by a kernel path under its locks.
    this.k.checked = false;
    try {
      this.spec.initKernel(this.k, s);
    } finally {
      this.k.checked = true;
    }
    for (let t = 0; t < this.L.nThreads; t++) {
      const b = this.L.threadBase(t) + TW.regs + this.L.nreg;
      this.spec.budgets.forEach((bd, i) => (s[b + i] = bd.initial(this.L, t)));
    }
    return s;
  }

  /** True when thread t may move at all (its CPU's interrupt context is not running over it). */
  private runnable(s: Uint16Array, t: number): boolean {
    const L = this.L;
    if (!L.opts.irq || L.isIrq(t)) return true;
    return s[L.threadBase(t + L.geo.cpus) + TW.op] === 0;
  }

  /** Interrupts of thread t's CPU are disabled: its task holds zone->lock (spin_lock_irqsave). */
  private irqsOff(s: Uint16Array, t: number): boolean {
    const task = this.L.cpuOf(t);
    return s[this.L.zoneLock] === task + 1;
  }

  /**
   * Runs one step of thread t in `out` (already a copy of the state). Returns false when the
   * thread is blocked. Leaves the finding, if any, in the context.
   */
  private stepThread(out: Uint16Array, t: number, rec?: StepRecord, fp?: Footprint): boolean {
    const base = this.L.threadBase(t);
    const op = out[base + TW.op];
    const m = this.opMachines[op - 1];
    const k = this.k.bind(out, t, fp?.view(out));
    const cov = this.cov;
    const live = this.live;
    const from = out[base + TW.pc];
    // Only a step from a label where registers were cleared is watched.
    const watched = live !== null && live.masks[op - 1].any[from] !== 0;
    if (watched) {
      live.check.begin(live.masks[op - 1], m.states, from);
      k.regs = live.check;
    }
    let pc: number;
    try {
      if (cov === null) pc = runStep(k, m, from, rec);
      else {
        cov.begin();
        pc = runStepCovered(k, m, from, cov, cov.machineBase[this.edgeBase[op - 1]], rec);
      }
    } finally {
      k.regs = null;
    }
    if (pc === BLOCKED) return false;
    if (pc === FINISHED) {
      // P17: the call returns; it must leave no lock held (checked before its registers go).
      checkReturnUnlocked(k, out, t, this.spec.ops[op - 1].name, this.locks);
      out[base + TW.op] = 0;
      out[base + TW.pc] = 0;
      out.fill(0, base + TW.regs, base + TW.regs + this.L.nreg);
    } else if (pc !== STOPPED) {
      out[base + TW.pc] = pc;
      if (live !== null) {
        // The registers no later step reads before writing them are cleared: equal futures, one state.
        const dead = live.dead[op - 1][pc];
        if (watched) live.check.end(live.masks[op - 1], pc);
        const rb = base + TW.regs;
        for (let i = 0; i < dead.length; i++) out[rb + dead[i]] = 0;
      }
    }
    return true;
  }

  /** Starts slot `i` on thread t in `out`; false when its first step is blocked. */
  private startSlot(out: Uint16Array, t: number, i: number, rec?: StepRecord): boolean {
    this.prepareSlot(out, t, i);
    return this.stepThread(out, t, rec);
  }

  /**
   * Writes the start of slot `i` on thread t into `out` (arguments, budget, op, initial label),
   * before its first step; with `fp`, what the operation's start reads and writes is recorded.
   */
  private prepareSlot(out: Uint16Array, t: number, i: number, fp?: Footprint): void {
    const slot = this.slots[i];
    const op = this.spec.ops[slot.op];
    const base = this.L.threadBase(t);
    op.start(this.k.bind(out, t, fp?.view(out)), slot.args);
    const budget = this.budgetWord(op, t);
    if (budget >= 0) out[budget]--;
    out[base + TW.op] = slot.op + 1;
    out[base + TW.pc] = this.opMachines[slot.op].initial;
  }

  /** The slot of a pool operation for pfn p, or -1 when p heads no block in the pool or has no slot. */
  private poolSlot(s: Uint16Array, pool: Int32Array, p: number): number {
    return s[this.L.gUnit + p] === 0 ? -1 : pool[p];
  }

  /** Whether operation `opIndex`'s first label has an unguarded transition (its start never blocks). */
  private firstStepFree(opIndex: number): boolean {
    const m = this.opMachines[opIndex];
    return m.states[m.initial].transitions.some((tr) => tr.guard === null);
  }

  /** Whether thread t, inside an operation in `s`, can take a step (without taking it). */
  private canStepThread(s: Uint16Array, t: number): boolean {
    const base = this.L.threadBase(t);
    return canStep(this.k.bind(s, t), this.opMachines[s[base + TW.op] - 1], s[base + TW.pc]);
  }

  private startable(s: Uint16Array, t: number, i: number): boolean {
    const slot = this.slots[i];
    return this.opStartable(s, t, slot.op) && this.spec.ops[slot.op].enabled(this.k.bind(s, t), slot.args);
  }

  /** The operation-level rules of a start: context, interrupts, budget (not the arguments). */
  private opStartable(s: Uint16Array, t: number, opIndex: number): boolean {
    const op = this.spec.ops[opIndex];
    if (!this.contextAllows(op, t)) return false;
    if (this.L.isIrq(t) && this.irqsOff(s, t)) return false;
    const budget = this.budgetWord(op, t);
    return budget < 0 || s[budget] !== 0;
  }

  /** Whether thread t's context (task or interrupt) may run the operation at all. */
  private contextAllows(op: OpDef, t: number): boolean {
    const irq = this.L.isIrq(t);
    return !(op.context === 'task' && irq) && !(op.context === 'irq' && !irq);
  }

  /** The state word of the budget an operation consumes on thread t; -1 when it consumes none. */
  private budgetWord(op: OpDef, t: number): number {
    const budget = this.budgetOf(op, t);
    return budget === null ? -1 : this.L.threadBase(t) + TW.regs + this.L.nreg + budget;
  }

  /** The budget counter an operation consumes on thread t. */
  private budgetOf(op: OpDef, t: number): number | null {
    return this.L.isIrq(t) && op.irqBudget !== undefined ? op.irqBudget : op.budget;
  }

  /** The thread a transition moves, and the operation and arguments it starts (null for a step). */
  decode(tr: TransitionId): { thread: number; start: { op: OpDef; args: readonly number[] } | null } {
    const thread = Math.floor(tr / this.nTr);
    const i = tr % this.nTr;
    if (i === 0) return { thread, start: null };
    const slot = this.slots[i - 1];
    return { thread, start: { op: this.spec.ops[slot.op], args: slot.args } };
  }

  /**
   * The state after a transition's operation has set its arguments, before its first step (or
   * the state itself for a step). Lets a test run the same step through xstate's interpreter.
   */
  prepare(s: Uint16Array, tr: TransitionId): Uint16Array | null {
    const { thread, start } = this.decode(tr);
    if (!start) return s.slice();
    const i = (tr % this.nTr) - 1;
    if (s[this.L.threadBase(thread) + TW.op] !== 0 || !this.startable(s, thread, i)) return null;
    const out = s.slice();
    const slot = this.slots[i];
    this.spec.ops[slot.op].start(this.k.bind(out, thread), slot.args);
    return out;
  }

  successors(s: Uint16Array, visit: SuccessorVisitor): number {
    if (this.liveWanted) this.clearDeadRegisters();
    const out = this.out;
    let n = 0;
    for (let t = 0; t < this.L.nThreads; t++) {
      if (!this.runnable(s, t)) continue;
      const base = this.L.threadBase(t);
      if (s[base + TW.op] !== 0) {
        out.set(s);
        if (!this.stepThread(out, t)) continue;
        n++;
        if (this.cov !== null) this.cov.commit(-1);
        if (!visit(t * this.nTr, out, this.k.finding)) return n;
        continue;
      }
      // Context, interrupt and budget rules are per operation: checked once, then each argument.
      const ranges = this.opSlots;
      for (let o = 0; o < ranges.length; o += 2) {
        const from = ranges[o];
        const to = ranges[o + 1];
        if (from === to || !this.opStartable(s, t, this.slots[from].op)) continue;
        const opIndex = this.slots[from].op;
        const op = this.spec.ops[opIndex];
        const pool = this.poolSlots[opIndex];
        // Bound again after every start: the start, or the visitor, may re-bind the context.
        let k: Mm | null = null;
        for (let c = pool ? 0 : from, end = pool ? pool.length : to; c < end; c++) {
          const i = pool ? this.poolSlot(s, pool, c) : c;
          if (i < 0 || !op.enabled((k ??= this.k.bind(s, t)), this.slots[i].args)) continue;
          k = null;
          out.set(s);
          if (!this.startSlot(out, t, i)) continue;
          n++;
          if (this.cov !== null) this.cov.commit(opIndex);
          if (!visit(t * this.nTr + i + 1, out, this.k.finding)) return n;
        }
      }
    }
    return n;
  }

  /**
   * The transitions {@link successors} visits in `s`, in the same order, appended to `out`,
   * without taking their steps: a start is prepared on a scratch copy and only the guards of its
   * first label are evaluated. A randomized run, which takes one of them, needs no more.
   */
  enabled(s: Uint16Array, out: TransitionId[]): void {
    if (this.liveWanted) this.clearDeadRegisters();
    const scratch = this.out;
    for (let t = 0; t < this.L.nThreads; t++) {
      if (!this.runnable(s, t)) continue;
      const base = this.L.threadBase(t);
      if (s[base + TW.op] !== 0) {
        scratch.set(s);
        if (this.canStepThread(scratch, t)) out.push(t * this.nTr);
        continue;
      }
      const ranges = this.opSlots;
      for (let o = 0; o < ranges.length; o += 2) {
        const from = ranges[o];
        const to = ranges[o + 1];
        if (from === to || !this.opStartable(s, t, this.slots[from].op)) continue;
        const opIndex = this.slots[from].op;
        const op = this.spec.ops[opIndex];
        const pool = this.poolSlots[opIndex];
        // A first label with an unguarded transition never blocks: no need to prepare the start.
        const free = this.firstStepFree(opIndex);
        for (let c = pool ? 0 : from, end = pool ? pool.length : to; c < end; c++) {
          const i = pool ? this.poolSlot(s, pool, c) : c;
          if (i < 0 || !op.enabled(this.k.bind(s, t), this.slots[i].args)) continue;
          if (!free) {
            scratch.set(s);
            this.prepareSlot(scratch, t, i);
            if (!this.canStepThread(scratch, t)) continue;
          }
          out.push(t * this.nTr + i + 1);
        }
      }
    }
  }

  apply(s: Uint16Array, tr: TransitionId): { next: Uint16Array; finding: Finding | null; info: StepInfo } | null {
    if (this.liveWanted) this.clearDeadRegisters();
    const t = Math.floor(tr / this.nTr);
    const i = tr % this.nTr;
    if (t < 0 || t >= this.L.nThreads || !this.runnable(s, t)) return null;
    const base = this.L.threadBase(t);
    const next = s.slice();
    const rec: StepRecord = { actions: [] };
    let opIndex: number;
    let args: Record<string, number | string> = {};
    if (i === 0) {
      if (s[base + TW.op] === 0) return null;
      opIndex = s[base + TW.op] - 1;
    } else {
      if (s[base + TW.op] !== 0 || !this.startable(s, t, i - 1)) return null;
      const slot = this.slots[i - 1];
      opIndex = slot.op;
      args = this.formatArgs(slot);
    }
    const m = this.opMachines[opIndex];
    const from = i === 0 ? m.states[s[base + TW.pc]] : m.states[m.initial];
    const ok = i === 0 ? this.stepThread(next, t, rec) : this.startSlot(next, t, i - 1, rec);
    if (!ok) return null;
    if (this.cov !== null) this.cov.commit(i === 0 ? -1 : opIndex);
    const finding = this.k.finding;
    const to = next[base + TW.op] === 0 ? 'return' : m.states[next[base + TW.pc]].path;
    const info: StepInfo = {
      thread: this.L.threadName(t),
      cpu: this.L.cpuOf(t),
      op: this.spec.ops[opIndex].name,
      args,
      from: from.path,
      fn: from.fn,
      to: finding ? `${to} (stopped at the finding)` : to,
      actions: rec.actions,
      starts: i !== 0,
    };
    return { next, finding, info };
  }

  private formatArgs(slot: Slot): Record<string, number | string> {
    const op = this.spec.ops[slot.op];
    const out: Record<string, number | string> = {};
    op.argNames.forEach((n, j) => (out[n] = op.formatArg ? op.formatArg(n, slot.args[j]) : slot.args[j]));
    return out;
  }

  /**
   * The live-register reduction, when on: per operation and label, the registers cleared there,
   * and the check of every step taken from a label (see src/machine/liveness.ts).
   */
  private live: { readonly dead: readonly (readonly Int32Array[])[]; readonly masks: readonly DeadMasks[]; readonly check: DeadRegisterCheck } | null = null;
  /** The reduction was asked for and is set up at the first step. */
  private liveWanted = false;

  /** Whether the search clears dead registers at every label (see {@link Reductions.liveRegisters}). */
  get clearsDeadRegisters(): boolean {
    return this.live !== null || this.liveWanted;
  }

  /** The registers cleared for thread t at the label it rests at in s (none when it is idle or the reduction is off). */
  deadRegistersOf(s: Uint16Array, t: number): readonly number[] {
    if (this.liveWanted) this.clearDeadRegisters();
    const base = this.L.threadBase(t);
    const op = s[base + TW.op];
    return this.live === null || op === 0 ? [] : [...this.live.dead[op - 1][s[base + TW.pc]]];
  }

  /**
   * Turns the live-register reduction on: records what each guard and action reads and writes
   * on random runs of this configuration, then clears the registers dead at each label.
   */
  private clearDeadRegisters(): void {
    this.liveWanted = false;
    const records = this.recordRegisters(LIVE_RUNS, LIVE_SEED);
    const nreg = this.L.nreg;
    const byMachine = new Map<CompiledMachine<Mm>, Int32Array[]>();
    const dead = this.opMachines.map((m) => {
      let d = byMachine.get(m);
      if (!d) byMachine.set(m, (d = deadRegisters(m, records, nreg)));
      return d;
    });
    const masks = dead.map((d) => deadMasks(d, nreg));
    this.live = { dead, masks, check: new DeadRegisterCheck(nreg) };
  }

  /**
   * What every guard and action reads and writes, recorded on `runs` random runs from the
   * initial state (each to the end of the workload or a finding), seeded: the same record, and so
   * the same search, every time. A run the model's code throws in ends there.
   */
  recordRegisters(runs: number, seed: number, maxExpansions = LIVE_MAX_EXPANSIONS): Map<string, RegisterRecord> {
    const learner = new RegisterLearner(this.L.nreg);
    const plain = [...this.opMachines];
    const watch = (k: Mm, w: RegisterWatch | null) => (k.regs = w);
    const wrapped = new Map(plain.map((m) => [m, learner.wrap(m, watch)]));
    const live = this.live;
    this.live = null;
    plain.forEach((m, i) => (this.opMachines[i] = wrapped.get(m)!));
    let x = seed >>> 0;
    const rand = (n: number) => {
      // mulberry32
      x = (x + 0x6d2b79f5) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 15), z | 1);
      z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
      return (((z ^ (z >>> 14)) >>> 0) / 2 ** 32) * n;
    };
    try {
      this.withoutCoverage(() => {
        const s = new Uint16Array(this.words);
        const next = new Uint16Array(this.words);
        let seen = 0;
        // Every successor of the state is taken (and so recorded); the run goes on from one of
        // them, chosen uniformly (reservoir sampling), that raised no finding.
        const pick = (_tr: TransitionId, out: Uint16Array, finding: Finding | null): boolean => {
          if (finding === null && rand(++seen) < 1) next.set(out);
          return true;
        };
        let budget = maxExpansions;
        for (let run = 0; run < runs && budget > 0; run++) {
          s.set(this.initial());
          while (budget-- > 0) {
            seen = 0;
            try {
              this.successors(s, pick);
            } catch {
              break;
            }
            if (seen === 0) break;
            s.set(next);
          }
        }
      });
    } finally {
      plain.forEach((m, i) => (this.opMachines[i] = m));
      this.k.regs = null;
      this.live = live;
    }
    return learner.records;
  }

  /** Set by {@link reduce} when the partial-order reduction is on. */
  persistent?: (s: Uint16Array, visit: SuccessorVisitor) => boolean;
  private por: {
    locality: Locality;
    footprint: Footprint;
    /** Indices of the operations declared remote. */
    remoteOps: Int32Array;
    /** Per thread: the budget words of the operations it may start (-1: one without a budget). */
    budgets: Int32Array[];
    /** Per thread: the same, for the remote operations only. */
    remoteBudgets: Int32Array[];
  } | null = null;

  private porOf(spec: PorSpec) {
    const remoteOps = Int32Array.from(
      spec.remoteOps.map((name) => {
        const i = this.spec.ops.findIndex((op) => op.name === name);
        if (i < 0) throw new InternalError(`the partial-order reduction declares ${name} remote, but the model has no such operation`);
        return i;
      }),
    );
    // The budget words each thread's starts count, fixed per configuration.
    const budgetsOf = (t: number, only: boolean) =>
      Int32Array.from(
        this.spec.ops.flatMap((op, i) => ((only && !remoteOps.includes(i)) || op.argSets.length === 0 || !this.contextAllows(op, t) ? [] : [this.budgetWord(op, t)])),
      );
    const threads = Array.from({ length: this.L.nThreads }, (_, t) => t);
    return {
      locality: new Locality(this.L, spec),
      footprint: new Footprint(this.words),
      remoteOps,
      budgets: threads.map((t) => budgetsOf(t, false)),
      remoteBudgets: threads.map((t) => budgetsOf(t, true)),
    };
  }

  /**
   * Whether none of the budget words (see {@link porOf}) allows another start: each operation
   * counts a budget that is spent.
   */
  private static spent(s: Uint16Array, budgets: Int32Array): boolean {
    for (let i = 0; i < budgets.length; i++) if (budgets[i] < 0 || s[budgets[i]] !== 0) return false;
    return true;
  }

  /** The conditions on the other threads under which thread p's step may be taken alone (por.ts). */
  private alonePremises(s: Uint16Array, p: number): boolean {
    const L = this.L;
    const { remoteOps, budgets, remoteBudgets } = this.por!;
    if (s[L.threadBase(p) + TW.op] === 0 || !this.runnable(s, p)) return false;
    // The task's interrupt context may start over it unless every budget of its is spent; an
    // interrupt context running freezes its task.
    if (L.opts.irq && !L.isIrq(p)) {
      const irq = p + L.geo.cpus;
      if (s[L.threadBase(irq) + TW.op] !== 0 || !MmSystem.spent(s, budgets[irq])) return false;
    }
    for (let q = 0; q < L.nThreads; q++) {
      if (L.cpuOf(q) === L.cpuOf(p)) continue;
      const op = s[L.threadBase(q) + TW.op];
      if (op !== 0 && remoteOps.includes(op - 1)) return false;
      if (!MmSystem.spent(s, remoteBudgets[q])) return false;
    }
    return true;
  }

  private persistentStep(s: Uint16Array, visit: SuccessorVisitor): boolean {
    if (this.liveWanted) this.clearDeadRegisters();
    const { locality, footprint } = this.por!;
    const out = this.out;
    for (let p = 0; p < this.L.nThreads; p++) {
      if (!this.alonePremises(s, p)) continue;
      // The step untracked first: most steps that are not local write outside (zone->lock), which
      // the difference shows; only the others are run again with their reads recorded.
      out.set(s);
      if (!this.stepThread(out, p)) continue;
      locality.compute(s, p);
      if (!locality.contains(s, out, null)) continue;
      out.set(s);
      footprint.clear();
      this.stepThread(out, p, undefined, footprint);
      if (!locality.contains(s, out, footprint)) continue;
      // Counted only when the search takes it: refused by the cycle proviso, it is expanded again.
      if (visit(p * this.nTr, out, this.k.finding) && this.cov !== null) this.cov.commit(-1);
      return true;
    }
    return false;
  }

  /**
   * For tests of the declaration in {@link MmSystemSpec.por}: in state s, for every thread p
   * whose step the reduction may take alone, runs every enabled transition of the other threads
   * and reports the first one that touches a word local to p (beyond reading a page's flags).
   * Null when there is none.
   */
  footprintIntrusion(s: Uint16Array): string | null {
    if (!this.por) throw new InternalError('footprintIntrusion needs the partial-order reduction on');
    const { locality, footprint } = this.por;
    const L = this.L;
    const trs: TransitionId[] = [];
    this.enabled(s, trs);
    for (let p = 0; p < L.nThreads; p++) {
      if (!this.alonePremises(s, p)) continue;
      locality.compute(s, p);
      for (const tr of trs) {
        const q = Math.floor(tr / this.nTr);
        const i = (tr % this.nTr) - 1;
        if (q === p) continue;
        const out = s.slice();
        footprint.clear();
        const opIndex = i < 0 ? s[L.threadBase(q) + TW.op] - 1 : this.slots[i].op;
        if (i >= 0) {
          // A start: the operation's own enabling test, its start, then its first step.
          this.spec.ops[opIndex].enabled(this.k.bind(out, q, footprint.view(out)), this.slots[i].args);
          this.prepareSlot(out, q, i, footprint);
        }
        this.stepThread(out, q, undefined, footprint);
        const w = locality.intrusion(footprint);
        if (w < 0) continue;
        const name = this.spec.ops[opIndex].name;
        const at = i < 0 ? ` at ${this.opMachines[opIndex].states[s[L.threadBase(q) + TW.pc]].path}` : '';
        return `${this.transitionKey(tr)} (${name}${at}) touches ${L.fieldOf(w)}, local to ${L.threadName(p)}, whose step may be taken alone: declare ${name} remote`;
      }
    }
    return null;
  }

  /** The representative of a state's CPU-permutation class; set by {@link reduce}. */
  canonical?: (s: Uint16Array) => Uint16Array;

  /**
   * Enables reductions. Returns the names of those enabled; a model that declares itself
   * asymmetric (symmetry: false) keeps the full search, and the caller reports that.
   */
  reduce(r: Reductions): string[] {
    const on: string[] = [];
    // Set up at the first step (recording runs cost a few milliseconds a system that never searches need not pay).
    if (r.liveRegisters === true) {
      if (this.live === null) this.liveWanted = true;
      on.push('live-registers');
    }
    if (r.symmetry && this.spec.symmetry !== false && this.L.geo.cpus > 1) {
      const renaming = this.renaming;
      this.canonical = (s) => renaming.canonical(s);
      on.push('symmetry');
    }
    if (r.por && this.spec.por) {
      this.por = this.porOf(this.spec.por);
      this.persistent = (s, visit) => this.persistentStep(s, visit);
      on.push('por');
    }
    return on;
  }

  private renamingMemo: CpuRenaming | null = null;
  /** The CPU renamings of this system (made at the first use). */
  private get renaming(): CpuRenaming {
    return (this.renamingMemo ??= new CpuRenaming(this.L, this.spec.symmetry || {}));
  }

  /** Writes into `out` the state with CPU c renamed perm[c] everywhere. */
  permute(s: Uint16Array, perm: Int32Array, out: Uint16Array): void {
    this.renaming.permute(s, perm, out);
  }

  // ---------------------------------------------------------------- coverage

  /** The recorder while coverage is collected, else null. */
  get coverage(): CoverageRecorder | null {
    return this.cov;
  }

  /**
   * Starts collecting coverage with a fresh recorder (`true`), or stops (`false`, the default
   * state: the steps then run the plain loop and report nothing). Returns the recorder.
   */
  collectCoverage(on: boolean): CoverageRecorder | null {
    this.cov = on ? new CoverageRecorder(this.coverageLayout()) : null;
    this.k.cov = this.cov;
    return this.cov;
  }

  /**
   * The overrides whose runs the recorders of this system count (src/variant/vacuity.ts): those
   * the variant it was built with differs in from the code it is compared with.
   */
  declareOverrides(list: readonly OverrideRef[]): void {
    this.overrides = list;
  }

  /** Runs `fn` with coverage paused: what it computes (a replay, a validation's isolated runs) is not counted. */
  withoutCoverage<T>(fn: () => T): T {
    const cov = this.cov;
    this.cov = null;
    this.k.cov = null;
    try {
      return fn();
    } finally {
      this.cov = cov;
      this.k.cov = cov;
    }
  }

  private coverageLayout() {
    const L = this.L;
    const machines = [...new Map(this.opMachines.map((m) => [m.id, { id: m.id, edges: m.edges }])).values()];
    return {
      machines,
      operations: this.spec.ops.map((op) => op.name),
      events: this.coverageEvents,
      maxOrder: L.geo.maxOrder,
      pageblockOrder: L.geo.pageblockOrder,
      migratetypes: L.geo.mts,
      pcpLists: L.pcpPindex,
      maxPages: L.geo.nPfn,
      overrides: this.overrides,
      cost: { counters: COST_COUNTERS, meter: this.k.meter },
    };
  }

  checkState(s: Uint16Array): Finding | null {
    // The fused pass decides P1, P3, P4 and P5 at once; the individual checks only run to name
    // the violation when it fails (or when the model does not check all four).
    if (this.core.holds(s)) {
      if (this.otherChecks.length === 0) return null;
      const v = this.v.bind(s);
      for (const c of this.otherChecks) {
        const f = c(v);
        if (f) return f;
      }
      return null;
    }
    return this.checkStateFully(s);
  }

  /** Runs every state property individually, in order (the oracle of the fused pass). */
  checkStateFully(s: Uint16Array): Finding | null {
    const v = this.v.bind(s);
    for (const c of this.stateChecks) {
      const f = c(v);
      if (f) return f;
    }
    return null;
  }

  isIdle(s: Uint16Array): boolean {
    for (let t = 0; t < this.L.nThreads; t++) if (s[this.L.threadBase(t) + TW.op] !== 0) return false;
    return true;
  }

  checkQuiescent(s: Uint16Array): Finding | null {
    // A lock still held when every call has returned is the model's bug (P17), not a drain
    // that cannot run: the return step reports it first, and this covers an initial state too.
    for (let t = 0; t < this.L.nThreads; t++) {
      const held = locksHeldBy(this.L, s, t, this.locks);
      if (held.length)
        return { code: 'P17', message: `at quiescence ${this.L.threadName(t)} runs no call but holds ${held.join(' and ')}`, cpus: [this.L.cpuOf(t)], hint: 'A lock was taken outside any call, or a call returned without releasing it.' };
    }
    let q = s;
    if (this.spec.quiesce) {
      q = s.slice();
      this.spec.quiesce(this.k.bind(q, 0), q);
      if (this.k.finding) return this.k.finding;
    }
    const v = this.v.bind(q);
    for (const c of [...this.stateChecks, ...this.quiescentChecks]) {
      const f = c(v);
      if (f) return f;
    }
    return null;
  }

  describeDeadlock(s: Uint16Array): string {
    const parts: string[] = [];
    for (let t = 0; t < this.L.nThreads; t++) {
      const base = this.L.threadBase(t);
      const op = s[base + TW.op];
      if (op === 0) continue;
      const m = this.opMachines[op - 1];
      const st = m.states[s[base + TW.pc]];
      const holder = s[this.L.zoneLock];
      parts.push(
        `${this.L.threadName(t)} waits in ${this.spec.ops[op - 1].name} at ${st.path}` +
          (holder ? ` (zone->lock held by ${this.L.threadName(holder - 1)})` : ''),
      );
    }
    const k = this.k.bind(s, 0);
    for (let cpu = 0; this.L.pcpOrders.length && cpu < this.L.geo.cpus; cpu++)
      if (!k.pcpLockFree(cpu)) parts.push(`cpu${cpu}'s pcp->lock is held by ${this.L.threadName(k.pcpLockHolder(cpu) - 1)}`);
    return parts.join('; ');
  }

  render(s: Uint16Array): string {
    return renderMemory(this.v.bind(s));
  }

  /** Where thread t stands in `s`: its operation and label, or null when it is idle (for state snapshots; not the search's). */
  threadPlace(s: Uint16Array, t: number): { readonly op: string; readonly label: string } | null {
    const op = s[this.L.threadBase(t) + TW.op];
    if (op === 0) return null;
    return { op: this.spec.ops[op - 1].name, label: this.opMachines[op - 1].states[s[this.L.threadBase(t) + TW.pc]].path };
  }

  /** The legend of {@link render}'s picture, printed under a counterexample. */
  get legend(): string {
    return MEMORY_LEGEND;
  }

  threadOf(tr: TransitionId): number {
    return Math.floor(tr / this.nTr);
  }

  operationOf(tr: TransitionId): number {
    const i = tr % this.nTr;
    return i === 0 ? -1 : this.slots[i - 1].op;
  }

  transitionKey(tr: TransitionId): string {
    const t = Math.floor(tr / this.nTr);
    const i = tr % this.nTr;
    const who = this.L.threadName(t);
    if (i === 0) return `${who} step`;
    const slot = this.slots[i - 1];
    const args = this.formatArgs(slot);
    return `${who} ${this.spec.ops[slot.op].name}(${Object.entries(args).map(([k, v]) => `${k}=${v}`).join(', ')})`;
  }

  transitionFromKey(key: string): TransitionId | undefined {
    return this.keys.get(key);
  }

  // ---------------------------------------------------------------- isolated runs (validate)

  startTransitions(s: Uint16Array): TransitionId[] {
    const out: TransitionId[] = [];
    this.successors(s, (tr) => {
      if (tr % this.nTr !== 0) out.push(tr);
      return true;
    });
    return out;
  }

  stepTransition(t: number): TransitionId {
    return t * this.nTr;
  }

  threadIdle(s: Uint16Array, t: number): boolean {
    return s[this.L.threadBase(t) + TW.op] === 0;
  }

  operationName(tr: TransitionId): string {
    const { start } = this.decode(tr);
    if (!start) throw new InternalError(`transition ${tr} does not start an operation`);
    return start.op.name;
  }

  describeWait(s: Uint16Array, t: number): string {
    const base = this.L.threadBase(t);
    const op = s[base + TW.op];
    if (op === 0) throw new InternalError(`describeWait: ${this.L.threadName(t)} runs no operation`);
    const k = this.k.bind(s, 0);
    const held: string[] = [];
    if (s[this.L.zoneLock]) held.push(`zone->lock held by ${this.L.threadName(s[this.L.zoneLock] - 1)}`);
    for (let cpu = 0; this.L.pcpOrders.length && cpu < this.L.geo.cpus; cpu++)
      if (!k.pcpLockFree(cpu)) held.push(`cpu${cpu}'s pcp->lock held by ${this.L.threadName(k.pcpLockHolder(cpu) - 1)}`);
    const at = this.opMachines[op - 1].states[s[base + TW.pc]].path;
    return `${this.L.threadName(t)} waits in ${this.spec.ops[op - 1].name} at ${at}${held.length ? ` (${held.join('; ')})` : ''}`;
  }

  /**
   * Where thread t is in s, for reports of errors in a variant's code: the operation, the label
   * its next step starts from, and the machine (kernel function) that label belongs to.
   */
  describeThread(s: Uint16Array, t: number): string {
    const base = this.L.threadBase(t);
    const op = s[base + TW.op];
    if (op === 0 || op > this.opMachines.length) return `${this.L.threadName(t)} (idle)`;
    const st = this.opMachines[op - 1].states[s[base + TW.pc]];
    if (!st) return `${this.L.threadName(t)} in ${this.spec.ops[op - 1].name}`;
    return `${this.L.threadName(t)} in ${this.spec.ops[op - 1].name}, step from label ${st.path} (machine ${st.fn})`;
  }

  isolationKey(s: Uint16Array): Uint16Array {
    return s.subarray(0, this.L.kernelWords);
  }

  observe(s: Uint16Array): Uint16Array {
    const o = s.slice(0, this.L.kernelWords);
    for (const name of this.spec.unobservable ?? []) {
      const at = this.L.extra[name];
      if (at === undefined) throw new InternalError(`unobservable extra '${name}' is not in the layout`);
      o.fill(0, at, at + (this.L.opts.extra?.[name] ?? 0));
    }
    this.spec.normalizeObservation?.(o);
    return o;
  }

  describeDifference(before: Uint16Array, after: Uint16Array): FieldDifference[] {
    return describeObservationDiff(this.L, before, after, this.spec.unobservable);
  }

  get costCounters(): readonly CostCounter[] {
    return COST_COUNTERS;
  }

  resetCost(): void {
    this.k.meter.fill(0);
  }

  readCost(): readonly number[] {
    return Array.from(this.k.meter);
  }
}
