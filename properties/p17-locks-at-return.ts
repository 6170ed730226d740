/**
 * P17 locks released at return: every call returns with no lock held and interrupts restored:
 * zone->lock (taken with spin_lock_irqsave, so a task that keeps it also keeps its CPU's
 * interrupts off), every CPU's pcp->lock, and the mutexes a model declares (pcpu_drain_mutex,
 * pcp_batch_high_lock). Raised by the system at the step in which the call returns, so that a
 * leaked lock is a finding with its trace, not a later deadlock nor a quiescence drain that
 * cannot run; the same check runs on a terminal state before it is drained.
 */
import type { Mm } from '../models/mm/kernel.ts';
import { LOCK_PLAIN, type MmLayout } from '../models/mm/layout.ts';
import type { Property } from './types.ts';

/** A lock beyond zone->lock and the pcp->locks: a state word holding its holder's thread index + 1. */
export interface LockWord {
  /** The kernel name (`pcpu_drain_mutex`). */
  readonly name: string;
  readonly word: number;
}

/**
 * The locks thread `t` holds in state `s`, by kernel name (`zone->lock`, `cpu1's pcp->lock`).
 * Reads `s` itself, never through a step's recording view: what the checker reads is not a
 * dependency of the step (the partial-order reduction).
 */
export function locksHeldBy(L: MmLayout, s: Uint16Array, t: number, others: readonly LockWord[]): string[] {
  const held: string[] = [];
  if (s[L.zoneLock] === t + 1) held.push(L.isIrq(t) ? 'zone->lock' : 'zone->lock (and interrupts stay disabled: spin_lock_irqsave without spin_unlock_irqrestore)');
  for (let cpu = 0; L.pcpOrders.length && cpu < L.geo.cpus; cpu++) if ((s[L.pcpLock + cpu] & ~LOCK_PLAIN) === t + 1) held.push(`cpu${cpu}'s pcp->lock`);
  for (const l of others) if (s[l.word] === t + 1) held.push(l.name);
  return held;
}

/**
 * Called by the system when thread `t` (bound in `k`) returns from `op` in state `s`: raises P17
 * when it still holds a lock, and returns whether it did.
 */
export function checkReturnUnlocked(k: Mm, s: Uint16Array, t: number, op: string, others: readonly LockWord[]): boolean {
  const held = locksHeldBy(k.L, s, t, others);
  if (!held.length) return false;
  k.fail('P17', `${k.L.threadName(t)} returns from ${op} still holding ${held.join(' and ')}`, {
    cpus: [k.L.cpuOf(t)],
    hint: 'A path out of the call skips its unlock: look for an early return or a goto between the lock and its unlock (or a helper documented as returning unlocked that does not).',
  });
  return true;
}

/** P17 locks released at return. */
export const P17: Property = {
  code: 'P17',
  title: 'locks released at return',
  meaning: 'every call returns with no zone->lock, pcp->lock or mutex held, and with interrupts restored',
  kind: 'step',
};
