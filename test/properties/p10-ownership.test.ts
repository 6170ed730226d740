import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { MmView } from '../../models/mm/view.ts';
import { PG } from '../../models/mm/layout.ts';
import { configs } from '../../models/pcp-buddy/configs.ts';
import { pcpBuddyModel } from '../../models/pcp-buddy/index.ts';
import { OWN, extraAt } from '../../models/pcp-buddy/state.ts';
import { checkOwnership } from '../../properties/p10-ownership.ts';
import { reach } from './pcp-fixture.ts';

const sys = pcpBuddyModel.build(parseConfig(configs.default, 'default'), pcpBuddyModel.variants[0]).system;
const view = new MmView(sys.L);
const L = sys.L;
/** cpu0 allocates one page: phase 1 claims pageblock 0 (pfn 0..1), cpu0 gets pfn 0, pfn 1 stays on its pageset. */
const CLAIMED = reach(sys, ['cpu0 alloc_pages(order=0, mt=MOVABLE, comp=0)', 'cpu0 step']);
const owner = extraAt(L, OWN.owner);

describe('P10 ownership', () => {
  it('holds at boot and after a claim', () => {
    expect(checkOwnership(view.bind(sys.initial()))).toBeNull();
    expect(checkOwnership(view.bind(CLAIMED))).toBeNull();
    expect(CLAIMED[owner]).toBe(1);
  });

  it('finds an owned piece on a pageset whose CPU does not own its block', () => {
    const s = CLAIMED.slice();
    s[owner] = 2; // pageblock 0 now owned by cpu1, its piece still on cpu0's pageset
    expect(checkOwnership(view.bind(s))?.message).toBe("pfn 1 is a PagePCPBuddy piece on cpu0's pageset, but cpu1 owns pageblock 0 (pfn 0..1)");
  });

  it('finds a page of an owned block on a pageset as an ordinary page', () => {
    const s = CLAIMED.slice();
    s[L.flags + 1] &= ~PG.pcpBuddy;
    expect(checkOwnership(view.bind(s))?.message).toBe("pfn 1 of pageblock 0 (pfn 0..1), owned by cpu0, is on cpu0's pageset as an ordinary page (not PagePCPBuddy)");
  });

  it('finds a block on an owned_blocks list it is not owned by (two owners)', () => {
    const s = CLAIMED.slice();
    s[extraAt(L, OWN.listed) + 1] = 1; // on cpu1's list
    expect(checkOwnership(view.bind(s))?.message).toBe("pageblock 0 (pfn 0..1) is on cpu1's owned_blocks, but cpu0 owns it: two CPUs claim it");
  });

  it('finds a free piece of an owned block that its owner does not remember, unless the block is isolated', () => {
    // pageblock 2 (pfn 4..5) is free in the buddy; make cpu0 own it without remembering it
    const s = sys.initial();
    s[owner + 2] = 1;
    expect(checkOwnership(view.bind(s))?.message).toMatch(/^free pfn 4\.\.7 on the zone's free lists lies in pageblock 2 \(pfn 4\.\.5\), owned by cpu0, which is not on cpu0's owned_blocks/);
    s[extraAt(L, OWN.listed)] = 1 << 2;
    expect(checkOwnership(view.bind(s))).toBeNull();
    s[extraAt(L, OWN.listed)] = 0;
    s[extraAt(L, OWN.isolated) + 2] = 1;
    expect(checkOwnership(view.bind(s))).toBeNull();
  });
});
