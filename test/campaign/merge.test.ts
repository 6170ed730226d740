import { describe, expect, it } from 'vitest';
import { checkCampaign, combinedStatus, shardResultOf } from '../../src/campaign/merge.ts';
import { PAGECHECK_VERSION, SCHEMA_VERSION } from '../../src/report/vocabulary.ts';

function result(index: number, count: number, covered: string[], extra: Record<string, unknown> = {}) {
  return {
    schemaVersion: SCHEMA_VERSION,
    pagecheck: PAGECHECK_VERSION,
    command: 'suite',
    status: 'ok',
    shard: { index, count, source: `--shard ${index}/${count}` },
    campaign: { id: 'abc', items: 4, covered, command: 'pagecheck suite' },
    ...extra,
  };
}
const four = [result(1, 3, ['a']), result(2, 3, ['b', 'c']), result(3, 3, ['d'])].map((j, i) => shardResultOf(`s${i + 1}.json`, j));

describe('shardResultOf', () => {
  it('refuses what is not a shard result, naming the file', () => {
    expect(() => shardResultOf('x.json', [])).toThrow(/x.json: not a pagecheck result/);
    expect(() => shardResultOf('x.json', { pagecheck: '1', command: 'suite', schemaVersion: SCHEMA_VERSION, status: 'ok' })).toThrow(/run whole, not of a shard/);
    expect(() => shardResultOf('x.json', { ...result(1, 2, []), schemaVersion: 99 })).toThrow(/schemaVersion 99/);
    expect(() => shardResultOf('x.json', { ...result(1, 2, []), shard: { index: 3, count: 2, source: '' } })).toThrow(/1 <= index <= count/);
    expect(() => shardResultOf('x.json', { ...result(1, 2, []), status: 'pass' })).toThrow(/status "pass"/);
  });
});

describe('checkCampaign', () => {
  it('accepts every shard once, in any order, and sorts them', () => {
    const c = checkCampaign([four[2], four[0], four[1]]);
    expect(c.shards.map((s) => s.shard.index)).toEqual([1, 2, 3]);
    expect(c.items).toBe(4);
  });
  it('names a missing shard and a repeated one', () => {
    expect(() => checkCampaign([four[0], four[2]])).toThrow(/shard 2\/3 is missing/);
    expect(() => checkCampaign([four[0], four[1], four[1], four[2]])).toThrow(/shard 2\/3 is given 2 times \(s2.json, s2.json\)/);
  });
  it('refuses files of different campaigns, versions or shard counts', () => {
    const other = shardResultOf('o.json', { ...result(3, 3, ['d']), campaign: { id: 'zzz', items: 4, covered: ['d'], command: 'pagecheck suite --model buddy' } });
    expect(() => checkCampaign([four[0], four[1], other])).toThrow(/not of one campaign.*o.json has zzz/);
    const newer = shardResultOf('n.json', { ...result(3, 3, ['d']), pagecheck: '9.9.9' });
    expect(() => checkCampaign([four[0], four[1], newer])).toThrow(/pagecheck version/);
    expect(() => checkCampaign([four[0], shardResultOf('t.json', result(2, 4, ['b']))])).toThrow(/shard count/);
  });
  it('refuses shards whose items overlap or fall short of the campaign', () => {
    const dup = shardResultOf('d.json', result(3, 3, ['a']));
    expect(() => checkCampaign([four[0], four[1], dup])).toThrow(/a was done by two shards/);
    const short = shardResultOf('s.json', result(3, 3, []));
    expect(() => checkCampaign([four[0], four[1], short])).toThrow(/did 3 of the campaign's 4 items/);
  });
});

describe('combinedStatus', () => {
  it('keeps the strongest word', () => {
    expect(combinedStatus(['ok', 'ok'])).toBe('ok');
    expect(combinedStatus(['ok', 'vacuous'])).toBe('vacuous');
    expect(combinedStatus(['vacuous', 'incomplete'])).toBe('incomplete');
    expect(combinedStatus(['incomplete', 'fail', 'ok'])).toBe('fail');
    expect(combinedStatus(['fail', 'error'])).toBe('error');
  });
});
