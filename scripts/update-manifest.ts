/** Regenerates models/manifest.json from exhaustive runs (review the diff before committing). */
import { writeManifest, MANIFEST_PATH } from '../src/manifest.ts';

const { entries, coverage } = writeManifest();
console.log(`wrote ${entries.length} entries and the coverage of ${coverage.length} models to ${MANIFEST_PATH}`);
for (const e of entries) console.log(`  ${e.model}/${e.variant} @ ${e.config}: ${e.verdict}, ${e.states} states`);
const r = (t: { reached: number; total: number }) => `${t.reached}/${t.total}`;
for (const c of coverage) console.log(`  ${c.model} coverage: edges ${r(c.edges)}, events ${r(c.events)}, calls ${r(c.calls)}; ${c.unreached.length} never reached`);
