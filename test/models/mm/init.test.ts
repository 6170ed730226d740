import { describe, expect, it } from 'vitest';
import { geometryOf } from '../../../src/config/geometry.ts';
import { parseConfig } from '../../../src/config/load.ts';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { checkInitialTypes } from '../../../models/mm/init.ts';

/** 8 pfns, MAX_PAGE_ORDER 2, pageblock_order 1: pageblocks 0-1 and 2-3 form one max-order block each. */
const zone = (pageblockTypes: ConfigInput['pageblockTypes'], preallocated?: ConfigInput['preallocated']) =>
  geometryOf(parseConfig({ pages: 8, pagesPerSection: 8, maxOrder: 2, pageblockOrder: 1, cpus: 1, migratetypes: ['UNMOVABLE', 'MOVABLE', 'CMA'], pageblockTypes, preallocated }, 'test'));

describe('the boot rule of pageblock types', () => {
  it('refuses two wholly free buddies of different mergeable types: boot would merge them and retype one', () => {
    expect(() => checkInitialTypes(zone(['UNMOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE']))).toThrow(/pageblockTypes\[0\] \(UNMOVABLE\) and pageblockTypes\[1\] \(MOVABLE\) are wholly free buddies at boot \(pfn 0\.\.3\)/);
  });

  it('keeps them when a page held at boot keeps them apart, as after a claim retyped one pageblock', () => {
    expect(() => checkInitialTypes(zone(['UNMOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE'], [{ pfn: 1, order: 0 }]))).not.toThrow();
    // The held page is in the other max-order block: pageblocks 0 and 1 are still wholly free buddies.
    expect(() => checkInitialTypes(zone(['UNMOVABLE', 'MOVABLE', 'MOVABLE', 'MOVABLE'], [{ pfn: 5, order: 0 }]))).toThrow(/pageblockTypes\[0\]/);
  });

  it('keeps a non-mergeable type next to any other, and equal types anywhere', () => {
    expect(() => checkInitialTypes(zone(['CMA', 'MOVABLE', 'UNMOVABLE', 'UNMOVABLE']))).not.toThrow();
    expect(() => checkInitialTypes(zone(['MOVABLE', 'MOVABLE', 'UNMOVABLE', 'UNMOVABLE']))).not.toThrow();
  });
});
