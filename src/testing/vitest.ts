/**
 * Vitest matchers for {@link ModelCheck} results. Import this file once in a test file (or list it
 * in `setupFiles`):
 *
 * - `expect(check).toHold()`: the check is complete and found nothing; otherwise the failure
 *   message is the full report, counterexample included, and the command that reproduces it;
 * - `expect(check).toBeCaughtBy('P2')`: the counterexample violates that property (or is a
 *   `deadlock`); otherwise the message says what was found instead.
 */
import { expect } from 'vitest';
import type { ModelCheck } from './index.ts';

function what(c: ModelCheck): string {
  return `${c.model}/${c.variant} @ ${c.config} (${c.mode})`;
}

expect.extend({
  toHold(received: ModelCheck) {
    return {
      pass: received.holds,
      message: () =>
        received.holds
          ? `expected ${what(received)} to fail, but every property held`
          : `expected ${what(received)} to hold, but:\n\n${received.report}\n\nReproduce: ${received.reproduce}`,
    };
  },
  toBeCaughtBy(received: ModelCheck, code: string) {
    const pass = received.caughtBy === code;
    return {
      pass,
      message: () =>
        pass
          ? `expected ${what(received)} not to be caught by ${code}, but:\n\n${received.report}`
          : `expected ${what(received)} to be caught by ${code}, but ${received.caughtBy ? `it was caught by ${received.caughtBy}` : 'nothing was found'}:\n\n${received.report}\n\nReproduce: ${received.reproduce}`,
    };
  },
});

declare module 'vitest' {
  interface Matchers<T = any> {
    /** The check is complete and found no counterexample. */
    toHold(): T;
    /** The counterexample violates this property code (or is `deadlock`). */
    toBeCaughtBy(code: string): T;
  }
}
