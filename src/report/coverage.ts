/**
 * Coverage reports: what a search (or a campaign, or a family of configurations) exercised,
 * what it never reached first, then the allocator events and, in full, every compiled edge of
 * every kernel-path machine with the transitions that took it. Formatting only.
 */
import { pc } from './colour.js';
import { COVERAGE_EVENTS } from '../coverage/events.ts';
import { coverageItems, coverageLine, coverageTotals, neverReached, type CoverageSummary } from '../coverage/summary.ts';
import { formatTable, num } from './text.ts';

/** How much of a coverage report to print. */
export interface CoverageFormat {
  /** The model (for the "not reported" line). */
  readonly model: string;
  /** What was counted, e.g. `12,345 transitions of the search` or `100 runs`. */
  readonly what: string;
  /** Every edge with its count (`--coverage`); otherwise the summary, the gaps and the events. */
  readonly full?: boolean;
  /** Items declared unreachable, by name, with the reason: listed apart from the gaps. */
  readonly unreachable?: Readonly<Record<string, string>>;
  /** At most this many never-reached items listed (default: all). */
  readonly maxListed?: number;
}

/** The one line an OK or EQUIVALENT verdict carries: what the search exercised and how much it never reached. */
export function coverageVerdictLine(c: CoverageSummary, unreachable: Readonly<Record<string, string>> = {}): string {
  const gaps = coverageItems(c).filter((i) => i.count === 0 && !(i.name in unreachable));
  const edges = gaps.filter((i) => i.kind === 'edge').length;
  const other = gaps.length - edges;
  return (
    `exercised: ${coverageLine(c)}` +
    (gaps.length ? pc.yellow(`; never reached: ${edges} edge${edges === 1 ? '' : 's'}, ${other} event or call item${other === 1 ? '' : 's'} (--coverage lists them)`) : '; nothing left unreached')
  );
}

/** The coverage block: summary, never-reached items, events, and with `full` every edge. */
export function formatCoverage(c: CoverageSummary, f: CoverageFormat): string {
  const unreachable = f.unreachable ?? {};
  const lines = [`Coverage (${f.what}): ${coverageLine(c)}`];
  const never = neverReached(c);
  const gaps = never.filter((n) => !(n in unreachable));
  const declared = never.filter((n) => n in unreachable);
  if (gaps.length) {
    const shown = f.maxListed !== undefined ? gaps.slice(0, f.maxListed) : gaps;
    lines.push(pc.yellow(`  never reached (${gaps.length}):`));
    for (const n of shown) lines.push(pc.yellow(`    ${n}`));
    if (shown.length < gaps.length) lines.push(pc.yellow(`    ... and ${gaps.length - shown.length} more (--coverage lists them all)`));
  } else lines.push('  never reached: none');
  if (declared.length) {
    lines.push(pc.dim(`  declared unreachable by the model (${declared.length}):`));
    for (const n of declared) lines.push(pc.dim(`    ${n}: ${unreachable[n]}`));
  }
  const rows = c.events.map((e) => [
    `  ${COVERAGE_EVENTS[e.event].title}`,
    num(e.total),
    e.items ? e.items.map((it) => `${it.key}: ${it.count ? num(it.count) : pc.yellow('0')}`).join('  ') : '',
  ]);
  rows.push(['  calls', num(c.calls.reduce((a, b) => a + b.count, 0)), c.calls.map((x) => `${x.op}: ${x.count ? num(x.count) : pc.yellow('0')}`).join('  ')]);
  lines.push(formatTable(['  event', 'total', 'per order / PCP list / operation'], rows, [1]));
  if (c.cost.length) lines.push(`  cost counters: ${c.cost.map((x) => `${x.label} ${num(x.total)}`).join(', ')}`);
  if (c.notModelled.length) lines.push(pc.dim(`  not reported by model ${f.model}: ${c.notModelled.map((e) => COVERAGE_EVENTS[e].title).join(', ')}`));
  if (f.full)
    for (const m of c.machines) {
      lines.push(`  ${m.machine}:`);
      // Never-reached edges first, then the others in machine order.
      const edges = [...m.edges].sort((x, y) => Number(x.count > 0) - Number(y.count > 0));
      lines.push(
        formatTable(
          ['    transitions', 'from → to', 'guards'],
          edges.map((e) => [`    ${e.count ? num(e.count) : pc.yellow('0')}`, `${e.from} → ${e.to}`, e.guards.join(', ')]),
          [0],
        ),
      );
    }
  return lines.join('\n');
}

/** The `--json` form: the summary with the never-reached items first and the totals. */
export function coverageJson(c: CoverageSummary, unreachable: Readonly<Record<string, string>> = {}): Record<string, unknown> {
  const never = neverReached(c);
  return {
    totals: coverageTotals(c),
    neverReached: never.filter((n) => !(n in unreachable)),
    ...(Object.keys(unreachable).length ? { declaredUnreachable: never.filter((n) => n in unreachable).map((item) => ({ item, reason: unreachable[item] })) } : {}),
    ...c,
  };
}
