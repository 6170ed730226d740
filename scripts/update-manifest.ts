/** Regenerates models/manifest.json from exhaustive runs (review the diff before committing). */
import { writeManifest, MANIFEST_PATH } from '../src/manifest.ts';

const entries = writeManifest();
console.log(`wrote ${entries.length} entries to ${MANIFEST_PATH}`);
for (const e of entries) console.log(`  ${e.model}/${e.variant} @ ${e.config}: ${e.verdict}, ${e.states} states`);
