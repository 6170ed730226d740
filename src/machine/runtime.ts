/**
 * Runs one atomic step of a compiled machine: the first enabled STEP transition of the current
 * label, then every transient state after it, until the thread rests at a label or finishes.
 */
import type { Finding } from '../engine/types.ts';
import type { CompiledMachine } from './compile.ts';

/** What a step context must offer the runtime. */
export interface StepContextLike {
  finding: Finding | null;
}

/** The label's guards all failed: the thread cannot move (for example it waits for a lock). */
export const BLOCKED = -1;
/** The machine reached its top-level final state: the operation returned. */
export const FINISHED = -2;
/** A finding was raised; the step stopped where it was raised. */
export const STOPPED = -3;

/** Transient states visited in one step before the runtime gives up (a loop that never yields). */
export const MAX_MICROSTEPS = 100_000;

/** A machine looped inside one atomic step without reaching a label: a defect of the model. */
export class StepLoopError extends Error {
  constructor(machine: string, state: string) {
    super(`machine ${machine} runs more than ${MAX_MICROSTEPS} transient transitions in one step without reaching a label (last at '${state}')`);
    this.name = 'StepLoopError';
  }
}

/** Optional recording of a step, for counterexamples. */
export interface StepRecord {
  /** Actions run, in order. */
  actions: string[];
}

/**
 * Whether a thread at label `pc` can take a step: some transition's guard holds there (guards do
 * not write, so `k` is left as it was). The same decision as {@link runStep}'s BLOCKED, without
 * running the step.
 */
export function canStep<K extends StepContextLike>(k: K, m: CompiledMachine<K>, pc: number): boolean {
  const trs = m.states[pc].transitions;
  for (let i = 0; i < trs.length; i++) {
    const g = trs[i].guard;
    if (g === null || g(k)) return true;
  }
  return false;
}

/**
 * Executes one step from label `pc`.
 * @returns the label the thread rests at, or {@link BLOCKED}, {@link FINISHED} or {@link STOPPED}
 */
export function runStep<K extends StepContextLike>(k: K, m: CompiledMachine<K>, pc: number, rec?: StepRecord): number {
  const states = m.states;
  let st = states[pc];
  let trs = st.transitions;
  let i = 0;
  for (; i < trs.length; i++) {
    const g = trs[i].guard;
    if (g === null || g(k)) break;
  }
  if (i === trs.length) return BLOCKED;
  for (let n = 0; ; n++) {
    const tr = trs[i];
    const acts = tr.actions;
    for (let a = 0; a < acts.length; a++) {
      acts[a](k);
      if (rec) rec.actions.push(tr.actionNames[a]);
      if (k.finding !== null) return STOPPED;
    }
    st = states[tr.target];
    if (st.kind === 'label') return st.index;
    if (st.kind === 'final') return FINISHED;
    if (n > MAX_MICROSTEPS) throw new StepLoopError(m.id, st.path);
    trs = st.transitions;
    for (i = 0; i < trs.length; i++) {
      const g = trs[i].guard;
      if (g === null || g(k)) break;
    }
    // Transient states end with an unguarded transition (checked at compile time), but an onDone
    // list may be all guarded: then the step has nowhere to go.
    if (i === trs.length) throw new StepLoopError(m.id, st.path);
  }
}

/** Where {@link runStepCovered} reports the edges a step takes. */
export interface EdgeLog {
  /** The step took edge `base + edge` (see CompiledMachine.edges). */
  edge(index: number): void;
}

/**
 * {@link runStep}, reporting every edge the step takes to `log` at `base + edge`. A separate
 * function, so that a search without coverage runs the plain loop unchanged.
 */
export function runStepCovered<K extends StepContextLike>(k: K, m: CompiledMachine<K>, pc: number, log: EdgeLog, base: number, rec?: StepRecord): number {
  const states = m.states;
  let st = states[pc];
  let trs = st.transitions;
  let i = 0;
  for (; i < trs.length; i++) {
    const g = trs[i].guard;
    if (g === null || g(k)) break;
  }
  if (i === trs.length) return BLOCKED;
  for (let n = 0; ; n++) {
    const tr = trs[i];
    log.edge(base + tr.edge);
    const acts = tr.actions;
    for (let a = 0; a < acts.length; a++) {
      acts[a](k);
      if (rec) rec.actions.push(tr.actionNames[a]);
      if (k.finding !== null) return STOPPED;
    }
    st = states[tr.target];
    if (st.kind === 'label') return st.index;
    if (st.kind === 'final') return FINISHED;
    if (n > MAX_MICROSTEPS) throw new StepLoopError(m.id, st.path);
    trs = st.transitions;
    for (i = 0; i < trs.length; i++) {
      const g = trs[i].guard;
      if (g === null || g(k)) break;
    }
    if (i === trs.length) throw new StepLoopError(m.id, st.path);
  }
}
