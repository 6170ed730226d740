/**
 * Invariants a test writes itself, checked after every step exactly like the built-in state
 * properties (and in terminal states), by wrapping an allocator model's system.
 */
import type { StepInfo, SuccessorVisitor, TransitionId, Finding } from '../engine/types.ts';
import type { CoverageRecorder } from '../coverage/recorder.ts';
import type { Schedulable } from '../fuzz/types.ts';
import { UsageError } from '../util/unreachable.ts';
import { propertyByCode } from '../../properties/index.ts';
import { MmSystem } from '../../models/mm/system.ts';
import { MmView } from '../../models/mm/view.ts';

/** A state invariant written in a test. */
export interface Invariant {
  /** Code reported when it fails (e.g. `U1`); must differ from the built-in property codes. */
  readonly code: string;
  /** One line: what must hold. Shown as the hint of a violation. */
  readonly meaning: string;
  /** A message naming the pfns, orders or CPUs at fault, or null when the state is fine. */
  check(v: MmView): string | null;
}

/** Rejects invariants whose codes clash with a built-in property or with each other. */
export function validateInvariants(invs: readonly Invariant[]): void {
  const seen = new Set<string>();
  for (const inv of invs) {
    if (propertyByCode(inv.code)) throw new UsageError(`invariant code ${inv.code} is the code of a built-in property; choose another (for example U1)`);
    if (seen.has(inv.code)) throw new UsageError(`invariant code ${inv.code} is used twice`);
    seen.add(inv.code);
  }
}

/** An allocator model's system with extra invariants. */
class WithInvariants implements Schedulable {
  private readonly view: MmView;

  constructor(
    private readonly inner: MmSystem,
    private readonly invs: readonly Invariant[],
  ) {
    this.view = new MmView(inner.L);
  }

  private own(s: Uint16Array): Finding | null {
    const v = this.view.bind(s);
    for (const inv of this.invs) {
      const message = inv.check(v);
      if (message !== null) return { code: inv.code, message, hint: inv.meaning };
    }
    return null;
  }

  get words(): number {
    return this.inner.words;
  }
  get threads(): readonly string[] {
    return this.inner.threads;
  }
  get operations(): readonly string[] {
    return this.inner.operations;
  }
  collectCoverage(on: boolean): CoverageRecorder | null {
    return this.inner.collectCoverage(on);
  }
  withoutCoverage<T>(fn: () => T): T {
    return this.inner.withoutCoverage(fn);
  }
  initial(): Uint16Array {
    return this.inner.initial();
  }
  successors(s: Uint16Array, visit: SuccessorVisitor): number {
    return this.inner.successors(s, visit);
  }
  apply(s: Uint16Array, tr: TransitionId): { next: Uint16Array; finding: Finding | null; info: StepInfo } | null {
    return this.inner.apply(s, tr);
  }
  checkState(s: Uint16Array): Finding | null {
    return this.inner.checkState(s) ?? this.own(s);
  }
  isIdle(s: Uint16Array): boolean {
    return this.inner.isIdle(s);
  }
  checkQuiescent(s: Uint16Array): Finding | null {
    return this.inner.checkQuiescent(s) ?? this.own(s);
  }
  describeDeadlock(s: Uint16Array): string {
    return this.inner.describeDeadlock(s);
  }
  render(s: Uint16Array): string {
    return this.inner.render(s);
  }
  transitionKey(tr: TransitionId): string {
    return this.inner.transitionKey(tr);
  }
  transitionFromKey(key: string): TransitionId | undefined {
    return this.inner.transitionFromKey(key);
  }
  threadOf(tr: TransitionId): number {
    return this.inner.threadOf(tr);
  }
  operationOf(tr: TransitionId): number {
    return this.inner.operationOf(tr);
  }
}

/** The system with the invariants added; the system must be an allocator model's. */
export function withInvariants(sys: Schedulable, invs: readonly Invariant[]): Schedulable {
  if (!(sys instanceof MmSystem)) throw new UsageError('invariants over MmView need an allocator model (an MmSystem)');
  return new WithInvariants(sys, invs);
}
