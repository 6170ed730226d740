import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../../src/check.ts';

describe('buddy __free_pages tail loop', () => {
  it('frees the tails of an order-2 non-compound block held by a speculative reference without a false double free', () => {
    // Arrange: split_large_buddy() runs inside the tail loop; it must not clobber the loop's block start.
    const dir = mkdtempSync(join(tmpdir(), 'pagecheck-'));
    const file = join(dir, 'tails.json');
    writeFileSync(
      file,
      JSON.stringify({
        pages: 16,
        pagesPerSection: 8,
        maxOrder: 2,
        pageblockOrder: 1,
        cpus: 2,
        vmemmap: false,
        workload: { allocOrders: [2], allocsPerCpu: 1, compound: 'never', specRefsPerCpu: 1 },
      }),
    );
    // Act
    const { result } = check({ model: 'buddy', config: file });
    // Assert (replay: npx pagecheck check --model buddy --config <that file>)
    expect(result.status).toBe('ok');
    expect(result.states).toBe(1367);
  });
});
