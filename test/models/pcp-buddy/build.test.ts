/** Configurations the pcp-buddy model refuses, each with the field named, and the others refusing its section. */
import { describe, expect, it } from 'vitest';
import { resolve } from '../../../src/check.ts';
import { UsageError } from '../../../src/util/unreachable.ts';
import { cli } from '../../helpers/cli.ts';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function file(config: unknown): string {
  const f = join(mkdtempSync(join(tmpdir(), 'pagecheck-pcp-buddy-')), 'c.json');
  writeFileSync(f, JSON.stringify(config));
  return f;
}

const base = { pages: 8, pagesPerSection: 8, maxOrder: 2, pageblockOrder: 1, cpus: 2, pcp: { batch: 1, high: 2, orders: [0], costlyOrder: 0 } };

describe('pcp-buddy configurations', () => {
  it('refuses roles whose counts would be ignored', () => {
    expect(() => resolve({ model: 'pcp-buddy', config: file({ ...base, pcpBuddy: { roles: [['alloc', 'free'], ['alloc']] } }) })).toThrow(/set pcpBuddy\.freesPerCpu/);
    expect(() => resolve({ model: 'pcp-buddy', config: file({ ...base, pcpBuddy: { roles: [['offline'], []] } }) })).toThrow(/pcpBuddy\.offlinesPerCpu is 0/);
    expect(() => resolve({ model: 'pcp-buddy', config: file({ ...base, pcpBuddy: { roles: [['drain'], []] } }) })).toThrow(/pcp\.drainsPerCpu is 0/);
  });

  it('refuses PCP orders without order 0, and more pageblocks than owned_blocks can hold', () => {
    expect(() => resolve({ model: 'pcp-buddy', config: file({ ...base, pageblockOrder: 2, pcp: { orders: [1], costlyOrder: 1 } }) })).toThrow(UsageError);
    expect(() => resolve({ model: 'pcp-buddy', config: file({ ...base, pages: 64, pagesPerSection: 64, pcp: { orders: [0], costlyOrder: 0 } }) })).toThrow(/at most 16 pageblocks/);
  });

  it('is refused by the models that do not read it (exit 2, the section named)', async () => {
    for (const model of ['buddy', 'pcp']) {
      const r = await cli('check', '--model', model, '--config', file({ ...base, pcpBuddy: {} }));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/pcpBuddy \(pageblock ownership\) is read only by the pcp-buddy model/);
    }
  });
});
