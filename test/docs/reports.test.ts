/**
 * docs/reports/ is what scripts/reports.ts writes now: the reply `pagecheck report` prints for the
 * patch of each seed, at 80 columns in ASCII, with no line wider (a command line excepted).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, REPORTS_DIR, indexText, printed } from '../../scripts/reports.ts';
import { overWidth } from '../../src/report/layout.ts';

describe('docs/reports', () => {
  it('the index lists every seed', () => {
    expect(readFileSync(join(REPORTS_DIR, 'README.md'), 'utf8')).toBe(indexText());
    expect(EXAMPLES.map((e) => e.seed)).toEqual(['000', '001', '002', '003', '004']);
  });

  for (const e of EXAMPLES)
    it(`${e.file} is current (npx pagecheck ${e.argv.join(' ')}; on failure: node bin/run-ts.js scripts/reports.ts)`, async () => {
      const { text, code } = await printed(e.argv);
      expect(code).toBe(e.exit);
      expect(readFileSync(join(REPORTS_DIR, e.file), 'utf8')).toBe(text);
      expect(overWidth(text, 80)).toEqual([]);
      // eslint-disable-next-line no-control-regex
      expect(text).toMatch(/^[\x00-\x7f]*$/);
    });
});
