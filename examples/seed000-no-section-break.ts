/**
 * Seed 000 with a deliberate bug: the run is never broken at a memdesc_section() change. With a
 * per-section memmap, free_prepared_contig_range() then walks `page + i` from the run's first
 * struct page into the next section's memmap, which is not there (reference §3, §8 item 18).
 *
 *   npx pagecheck validate --model contig --before before --after examples/seed000-no-section-break.ts
 *   npx pagecheck mutants --variant examples/seed000-no-section-break.ts
 *
 * Everything else is the patch of seed000-free-contig-range.ts, imported as any module would be.
 */
import { defineVariant } from 'pagecheck';
import seed000 from './seed000-free-contig-range.ts';

export default defineVariant({
  ...seed000,
  name: 'seed000-no-section-break',
  kind: 'mutant',
  description: 'seed 000 without the section break: a run crosses from one memory section into the next',
  newGuards: { ...seed000.newGuards, section_changed: () => false },
  // The default configuration has a per-section memmap and a range across the boundary.
  expect: 'P3',
});
