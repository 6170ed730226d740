/** /proc/zoneinfo and the events' format files of the captured 6.1.192 kernel. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFormats, printedFields } from '../../src/conform/formats.ts';
import { parseZoneinfo, readZoneinfo } from '../../src/conform/zoneinfo.ts';
import { EVENT_NAMES } from '../../src/conform/events.ts';
import { UsageError } from '../../src/util/unreachable.ts';
import { FIXTURES } from './fixtures.ts';

describe('zoneinfo', () => {
  it('reads the populated zones and each CPU\'s PCP count, high and batch', () => {
    const zones = readZoneinfo(join(FIXTURES, 'normal.before.zoneinfo.txt'));
    expect(zones.map((z) => [z.name, z.startPfn, z.endPfn])).toEqual([
      ['DMA', 1, 4096],
      ['DMA32', 4096, 4096 + 126940],
    ]);
    expect(zones[1].pcp).toEqual([
      { cpu: 0, count: 160, high: 3598, batch: 31 },
      { cpu: 1, count: 90, high: 3598, batch: 31 },
    ]);
  });

  it('refuses a file that is not zoneinfo', () => {
    expect(() => parseZoneinfo('MemTotal: 1 kB\n')).toThrow(UsageError);
  });
});

describe('event formats', () => {
  it('accepts the format files of the captured kernel', () => {
    expect(printedFields(readFileSync(join(FIXTURES, 'formats', 'format.mm_page_alloc_zone_locked.txt'), 'utf8'))).toEqual(['page', 'pfn', 'order', 'migratetype', 'percpu_refill']);
    expect(checkFormats(join(FIXTURES, 'formats'))).toEqual([...EVENT_NAMES]);
  });

  it('refuses a kernel whose event prints other fields, naming the event and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pagecheck-formats-'));
    cpSync(join(FIXTURES, 'formats'), dir, { recursive: true });
    const f = join(dir, 'format.mm_page_alloc_zone_locked.txt');
    writeFileSync(f, readFileSync(f, 'utf8').replace(' percpu_refill=%d', ''));
    expect(() => checkFormats(dir)).toThrow(/mm_page_alloc_zone_locked prints page, pfn, order, migratetype; the checker needs percpu_refill/);
  });
});
