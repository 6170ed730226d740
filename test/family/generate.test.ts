import { describe, expect, it } from 'vitest';
import { MODELS, findModel, findVariant } from '../../models/registry.ts';
import { parseConfig } from '../../src/config/load.ts';
import { shardItems } from '../../src/campaign/shard.ts';
import { generateFamily, symmetryKey } from '../../src/family/generate.ts';
import { parseScope, scopeText, SCOPES } from '../../src/family/scope.ts';
import { UsageError } from '../../src/util/unreachable.ts';

describe('configuration families: the generator', () => {
  const tiny = parseScope('tiny');

  it('reads scopes: named bounds, key=N and key=LO..HI, and refuses what it cannot read', () => {
    expect(parseScope('small')).toEqual(SCOPES.small);
    const s = parseScope('small,cpus=1..2,pages=4..8');
    expect(s.cpus).toEqual([1, 2]);
    expect(s.pages).toEqual([4, 8]);
    expect(s.maxOrder).toEqual(SCOPES.small.maxOrder);
    // The canonical text reads back as the same scope.
    expect(parseScope(scopeText(s))).toEqual(s);
    for (const bad of ['', 'huge', 'cpus=3', 'pages=5..7', 'cpus=2..1', 'blocks=1..4', 'cpus=1,cpus=2', 'small,tiny', 'colour=1'])
      expect(() => parseScope(bad), bad).toThrow(UsageError);
  });

  for (const m of MODELS)
    it(`${m.name}: every member is read by the configuration reader and built by the model, none twice, in the same order every time`, () => {
      const a = generateFamily(m, tiny);
      const b = generateFamily(m, tiny);
      expect(a.members.length).toBeGreaterThan(10);
      expect(b.members.map((x) => x.id)).toEqual(a.members.map((x) => x.id));
      expect(b.members.map((x) => x.config)).toEqual(a.members.map((x) => x.config));
      const keys = new Set<string>();
      const baseline = findVariant(m, 'baseline');
      for (const x of a.members) {
        const c = parseConfig(structuredClone(x.config), `member ${x.id}`);
        expect(() => m.build(c, baseline)).not.toThrow();
        keys.add(symmetryKey(c));
      }
      expect(keys.size).toBe(a.members.length);
      expect(new Set(a.members.map((x) => x.id)).size).toBe(a.members.length);
      // What was generated is accounted for: members, refusals, duplicates.
      expect(a.members.length + a.duplicates + Object.values(a.rejected).reduce((p, q) => p + q, 0)).toBe(a.generated);
    });

  it('generates what the built-in configurations lack: adjacent pageblocks of different mergeable types, CMA, every allocation order up to MAX_PAGE_ORDER, VMEMMAP both ways', () => {
    const f = generateFamily(findModel('pcp'), parseScope('small'));
    const cs = f.members.map((x) => parseConfig(structuredClone(x.config), x.id));
    const mixed = cs.filter((c) => c.pageblockTypes?.some((t, i) => i > 0 && t !== c.pageblockTypes![i - 1] && [t, c.pageblockTypes![i - 1]].every((u) => u !== 'CMA')));
    expect(mixed.length).toBeGreaterThan(0);
    expect(cs.some((c) => c.pageblockTypes?.includes('CMA'))).toBe(true);
    expect(cs.some((c) => c.workload.allocOrders.includes(c.pageblockOrder) && c.workload.allocOrders.includes(c.maxOrder) && c.pageblockOrder < c.maxOrder)).toBe(true);
    expect(new Set(cs.filter((c) => c.pages / c.pagesPerSection > 1).map((c) => c.vmemmap))).toEqual(new Set([true, false]));
    expect(cs.some((c) => c.preallocated?.some((b) => b.pinned))).toBe(true);
  });

  it('refuses through the reader: a boot state the kernel cannot reach is not a member', () => {
    const f = generateFamily(findModel('buddy'), tiny);
    expect(Object.keys(f.rejected).some((r) => r.includes('wholly free buddies at boot'))).toBe(true);
    expect(Object.keys(f.rejected).some((r) => r.includes('must fit in one section'))).toBe(true);
  });

  it('identifies configurations equal up to a permutation of the CPUs', () => {
    const base = { pages: 8, pagesPerSection: 8, maxOrder: 2, pageblockOrder: 1, cpus: 2, migratetypes: ['UNMOVABLE', 'MOVABLE'], pcp: { batch: 1, high: 2, orders: [0], costlyOrder: 0, drainsPerCpu: 1 } } as const;
    const a = parseConfig({ ...base, pcpBuddy: { roles: [['alloc'], ['free', 'drain']], freesPerCpu: 2 } }, 'a');
    const b = parseConfig({ ...base, pcpBuddy: { roles: [['free', 'drain'], ['alloc']], freesPerCpu: 2 } }, 'b');
    const c = parseConfig({ ...base, pcpBuddy: { roles: [['alloc'], ['free']], freesPerCpu: 2 } }, 'c');
    expect(symmetryKey(a)).toBe(symmetryKey(b));
    expect(symmetryKey(a)).not.toBe(symmetryKey(c));
    // VMEMMAP means nothing in a zone of one section.
    expect(symmetryKey(parseConfig({ ...base, vmemmap: false }, 'd'))).toBe(symmetryKey(parseConfig({ ...base, vmemmap: true }, 'e')));
  });

  it('deals a family into shards that together are the whole, each member once', () => {
    const f = generateFamily(findModel('contig'), tiny);
    for (const n of [1, 2, 4, 7]) {
      const parts = Array.from({ length: n }, (_, k) => shardItems(f.members, { index: k + 1, count: n, source: '--shard' }));
      const ids = parts.flat().map((x) => x.id);
      expect(ids.length).toBe(f.members.length);
      expect(new Set(ids)).toEqual(new Set(f.members.map((x) => x.id)));
      // Each shard keeps family order.
      for (const p of parts) expect(p.map((x) => x.index)).toEqual([...p.map((x) => x.index)].sort((x, y) => x - y));
    }
  });
});
