/**
 * Tables for BENCHMARKS.md: a Markdown code block scrolls, so a table written there is never
 * folded to the width a report is fitted to (80 columns when stdout is a pipe).
 */
import { formatTable } from '../src/report/text.ts';

/** {@link formatTable} at its natural width. */
export function benchTable(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string {
  return formatTable(header, rows, numeric, { width: Number.POSITIVE_INFINITY });
}

/** The median of measurements (the upper one of an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The range of measured seconds, `lo–hi`, or one figure when both print alike. */
export function secondsRange(xs: readonly number[]): string {
  const f = (x: number) => (x < 0.1 ? x.toFixed(3) : x.toFixed(2));
  const lo = f(Math.min(...xs));
  const hi = f(Math.max(...xs));
  return lo === hi ? lo : `${lo}–${hi}`;
}
