/**
 * The large fuzz configurations reach every PCP list: with a fixed seed, a short campaign at each
 * `large*` configuration of every model with PCP lists puts a block on, and takes one off, every
 * list the configuration has: every PCP order, the THP order (pageblock_order) included, and every
 * list migratetype.
 */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../models/registry.ts';
import { parseConfig } from '../../src/config/load.ts';
import { fuzzModel } from '../../src/fuzz/model.ts';

const SEED = 1;
const RUNS = 20;

const cases = MODELS.flatMap((m) => Object.keys(m.fuzzConfigs ?? {}).filter((c) => c.startsWith('large')).map((config) => ({ m, config })));

describe('large fuzz configurations reach every PCP list', () => {
  it('every model has a large configuration', () => {
    for (const m of MODELS) expect(cases.some((c) => c.m === m), m.name).toBe(true);
  });

  for (const { m, config } of cases)
    it(`${m.name} @ ${config}`, () => {
      // On failure: npx pagecheck fuzz --model <model> --config <config> --seed 1 --runs 20
      const { result } = fuzzModel({ model: m.name, config }, { seed: SEED, runs: RUNS });
      expect(result.status).toBe('ok');
      if (result.coverage.notModelled.includes('pcp-add')) return; // the buddy model has no PCP lists
      const cfg = parseConfig(m.fuzzConfigs![config], config);
      for (const event of ['pcp-add', 'pcp-del'] as const) {
        const items = result.coverage.events.find((e) => e.event === event)?.items ?? [];
        // The THP list (pageblock_order) is among the lists, and so is every PCP order below it.
        expect(items.some((i) => i.key.startsWith(`order ${cfg.pageblockOrder} `)), `${event}: no THP-order list`).toBe(true);
        const missed = items.filter((i) => i.count === 0).map((i) => i.key);
        expect(missed, `${event} never reached`).toEqual([]);
      }
    });
});
