import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

describe('pagecheck report', () => {
  it('prints the pcp-buddy findings in Markdown and exits 0 when every verdict is as recorded', async () => {
    const r = await cli('report', '--model', 'pcp-buddy', '--md');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# mm: page_alloc: pcp buddy allocator/);
    expect(r.out).toContain('### 3.1 How does a free take the owner');
  });

  it('refuses a model without a findings report (exit 2, no stack trace)', async () => {
    const r = await cli('report', '--model', 'pcp');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/model pcp has no findings report; models of a proposal have one: pcp-buddy/);
    expect(r.err).not.toMatch(/at .*\.ts/);
  });

  it('requires --model', async () => {
    const r = await cli('report');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--model/);
  });
});
