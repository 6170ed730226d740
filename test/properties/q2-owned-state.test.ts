import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { MmView } from '../../models/mm/view.ts';
import { configs } from '../../models/pcp-buddy/configs.ts';
import { pcpBuddyModel } from '../../models/pcp-buddy/index.ts';
import { OWN, extraAt } from '../../models/pcp-buddy/state.ts';
import { checkOfflineState } from '../../properties/q2-owned-state.ts';
import { reach } from './pcp-fixture.ts';

const sys = pcpBuddyModel.build(parseConfig(configs.default, 'default'), pcpBuddyModel.variants[0]).system;
const view = new MmView(sys.L);
const L = sys.L;
/** cpu0 allocates one page: phase 1 claims pageblock 0 (pfn 0..1), cpu0 gets pfn 0, pfn 1 stays on its pageset. */
const CLAIMED = reach(sys, ['cpu0 alloc_pages(order=0, mt=MOVABLE, comp=0)', 'cpu0 step']);
const owner = extraAt(L, OWN.owner);

describe('Q2 no owned state after CPU offline', () => {
  it('finds a block still owned by a CPU that went offline, and nothing while it is going down', () => {
    const s = CLAIMED.slice();
    const dead = extraAt(L, OWN.dead);
    s[dead] = 1;
    expect(checkOfflineState(view.bind(s))).toBeNull();
    s[dead] = 2;
    expect(checkOfflineState(view.bind(s))?.message).toBe('cpu0 is offline but still owns pageblock 0 (pfn 0..1): frees of those pages go to a pageset nobody drains');
    s[owner] = 0;
    expect(checkOfflineState(view.bind(s))?.message).toBe('cpu0 is offline but pfn 1 is on its pageset: stranded, nothing drains it again');
  });
});
