/**
 * The shape of a property: a stable code, a one-line meaning, and where it is checked.
 *
 * - `state` properties are checked after every step, on the state reached;
 * - `step` properties are raised by the step that breaks them (for example a double free is
 *   caught at the free itself, as the kernel's bad-page checks would catch it);
 * - `quiescent` properties are checked in terminal states, when every workload is done.
 */
import type { Finding } from '../src/engine/types.ts';
import type { MmView } from '../models/mm/view.ts';

/** Where a property is checked. */
export type PropertyKind = 'state' | 'step' | 'quiescent';

/** A property of the allocator model. */
export interface Property {
  /** Stable code (P1, P2, ..., Q1); never reused for another meaning. */
  readonly code: string;
  /** Short name. */
  readonly title: string;
  /** One-line meaning. */
  readonly meaning: string;
  readonly kind: PropertyKind;
  /** The check, for `state` and `quiescent` properties: the first violation, or null. */
  readonly check?: (v: MmView) => Finding | null;
}
