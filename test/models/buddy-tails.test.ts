import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkModel } from '../../src/testing/index.ts';
import '../../src/testing/vitest.ts';

const config = fileURLToPath(new URL('../fixtures/buddy-order2-tails.json', import.meta.url));

describe('buddy: __free_pages of a non-compound order-2 block still referenced', () => {
  // Regression: the tail loop kept its base in the register split_large_buddy reuses, so the
  // second tail was computed from the wrong pfn (found by random runs at 256 pfns).
  it('frees each tail once, in every interleaving', () => {
    const c = checkModel({ model: 'buddy', config });
    expect(c).toHold();
    expect(c.mode === 'exhaustive' && c.result.states).toBeGreaterThan(1000);
  });
});
