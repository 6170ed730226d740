/**
 * Tables for BENCHMARKS.md: a Markdown code block scrolls, so a table written there is never
 * folded to the width a report is fitted to (80 columns when stdout is a pipe).
 */
import { formatTable } from '../src/report/text.ts';

/** {@link formatTable} at its natural width. */
export function benchTable(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string {
  return formatTable(header, rows, numeric, { width: Number.POSITIVE_INFINITY });
}
