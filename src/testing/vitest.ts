/**
 * `pagecheck/vitest`: {@link checkModel} and the Vitest matchers for its results. Importing this
 * module registers the matchers:
 *
 * ```ts
 * import { checkModel, loadVariant } from 'pagecheck/vitest';
 * test('my patch keeps every property', async () => {
 *   const patch = await loadVariant('./my-patch.ts');
 *   expect(checkModel(patch)).toHold();
 * });
 * ```
 *
 * - `expect(check).toHold()`: the check is complete and found nothing; otherwise the failure
 *   message is the full report, counterexample included, and the command that reproduces it;
 * - `expect(check).toBeCaughtBy('P2')`: the counterexample violates that property (or is a
 *   `deadlock`); otherwise the message says what was found instead.
 */
import { expect } from 'vitest';
import type { ModelCheck } from './index.ts';
import { loadVariantArg } from '../check.ts';
import { isVariantPath } from '../variant/load.ts';
import { UsageError } from '../util/unreachable.ts';

export { checkModel, type ModelCheck, type ModelCheckRequest, type Invariant } from './index.ts';

/**
 * Loads a variant file (as `--variant FILE` does: bundled, type-checked, validated) and makes it
 * known to {@link checkModel}; returns the model and variant names to check it by.
 */
export async function loadVariant(file: string): Promise<{ model: string; variant: string }> {
  if (!isVariantPath(file)) throw new UsageError(`loadVariant: '${file}' is not a variant file (a path, or a name ending in .ts or .js)`);
  const r = await loadVariantArg(file);
  return { model: r.model!, variant: r.variant };
}

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
