/**
 * The names a variant may use, read off the models: `pagecheck list --names`, and
 * docs/reference.md generated from them and from the code's TSDoc (it must be current).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { MODELS, findModel } from '../../models/registry.ts';
import { machineRegistry } from '../../models/mm/build.ts';
import { namesOf } from '../../src/variant/names.ts';
import { REFERENCE_PATH, reference } from '../../scripts/reference.ts';

describe('the names a variant may use', () => {
  it('lists every machine a variant may replace, every guard and action, and the model registers and words', () => {
    for (const m of MODELS) {
      const n = namesOf(m);
      expect(n.machines.map((x) => x.id).sort()).toEqual([...machineRegistry(m.entries).keys()].sort());
      expect(n.guards).toEqual(Object.keys(m.impl.guards).sort());
      expect(n.actions).toEqual(Object.keys(m.impl.actions).sort());
      // Every guard and action a machine names is one the model has (or the machine could not compile).
      for (const x of n.machines) {
        for (const g of x.guards) expect(m.impl.guards).toHaveProperty(g);
        for (const a of x.actions) expect(m.impl.actions).toHaveProperty(a);
      }
    }
    const pb = namesOf(findModel('pcp-buddy'));
    expect(pb.registers.filter((r) => r.set === 'RB').map((r) => r.name)).toEqual(['viaOwner', 'pieces', 'block', 'remembered', 'cursor', 'claimed', 'target']);
    expect(pb.words.map((w) => w.name)).toEqual(expect.arrayContaining(['pageblock_data.owner', 'pcp->owned_blocks']));
    expect(pb.threadWords.map((w) => w.name)).toEqual(['op', 'pc']);
    const buddy = namesOf(findModel('buddy'));
    expect(buddy.machines.find((x) => x.id === 'alloc_pages')).toMatchObject({ entry: true, labels: ['spin_lock', 'zone_locked'], calls: ['__rmqueue_smallest'] });
    // The buddy layout keeps registers up to tailOrder only.
    expect(buddy.registers.at(-1)).toMatchObject({ set: 'R', name: 'tailOrder' });
  });

  it('prints them with pagecheck list --model M --names, and as JSON', async () => {
    const r = await cli('list', '--model', 'contig', '--names');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^model contig\n/);
    expect(r.out).toMatch(/\n {4}free_contig_range \(entry: an operation\)\n/);
    expect(r.out).toMatch(/registers: R\.pfn .* CR\.start /);
    const j = await cli('list', '--model', 'pcp', '--names', '--json');
    const names = JSON.parse(j.out).names;
    expect(names.map((x: { model: string }) => x.model)).toEqual(['pcp']);
    expect(names[0].words.map((w: { name: string }) => w.name)).toContain('pcpu_drain_mutex');
    expect((await cli('list', '--model', 'nope', '--names')).code).toBe(2);
  });

  it('docs/reference.md is what scripts/reference.ts writes from the code now', () => {
    expect(readFileSync(REFERENCE_PATH, 'utf8')).toBe(reference());
  });
});
