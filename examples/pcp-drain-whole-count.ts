/**
 * A tiny patch to the PCP drain: drain_pages_zone() frees the whole pcp->count it read in one
 * free_pcppages_bulk() under one zone->lock hold, instead of at most
 * `batch << CONFIG_PCP_BATCH_SCALE_MAX` pages per hold.
 *
 *   npx pagecheck check --variant examples/pcp-drain-whole-count.ts
 *   npx pagecheck validate --model pcp --before baseline --after examples/pcp-drain-whole-count.ts
 */
import { defineVariant, R } from 'pagecheck';

export default defineVariant({
  model: 'pcp',
  name: 'drain-whole-count',
  kind: 'patch',
  description: 'drain_pages_zone frees the whole count it read under one zone->lock hold',
  // A pageset that can hold more than one batch (batch 1, high 4, CONFIG_PCP_BATCH_SCALE_MAX 0),
  // so that the drain's per-hold limit matters.
  configs: {
    'deep-pageset': {
      description: '16 pfns, 2 sections of 8, PCP order 0, 1 CPU (batch 1, high 4, scale max 0); 3 allocations, 1 drain',
      pages: 16,
      pagesPerSection: 8,
      maxOrder: 2,
      pageblockOrder: 1,
      cpus: 1,
      vmemmap: false,
      pcp: { batch: 1, high: 4, orders: [0], drainsPerCpu: 1, scaleMax: 0 },
      workload: { allocOrders: [0], allocsPerCpu: 3, allocMigratetypes: ['MOVABLE'] },
    },
  },
  config: 'deep-pageset',
  actions: {
    // `to_drain = count; count = 0`: one batch, however large.
    drain_batch: (k) => {
      k.set(R.cnt, k.r(R.n));
      k.set(R.n, 0);
      k.set(R.tmp, 0);
    },
  },
});
