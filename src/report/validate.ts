/**
 * Reports of `pagecheck validate`: the verdict (equivalent, divergence, or the after variant's
 * own violation), the two isolated runs of a diverging operation side by side with what differs,
 * and the cost table. Formatting only.
 */
import pc from 'picocolors';
import type { CheckResult } from '../engine/types.ts';
import { unreachable } from '../util/unreachable.ts';
import { outcomeText } from '../validate/differential.ts';
import type { CostTotals, DifferentialResult, IsolatedRun } from '../validate/types.ts';
import { resultJson } from './json.ts';
import { formatCheck, formatStats, formatTable, formatTrace, num, type ReportMeta } from './text.ts';
import { stepJson } from './trace-file.ts';

/** Where a validation comes from. */
export interface ValidateMeta extends Omit<ReportMeta, 'variant'> {
  readonly before: string;
  readonly after: string;
}

/** `equivalent`, `divergence`, or the exploration's status (violation, deadlock, bound, error). */
export type ValidateStatus = 'equivalent' | 'divergence' | Exclude<CheckResult['status'], 'ok'>;

/** The status of a differential result. */
export function validateStatus(r: DifferentialResult): ValidateStatus {
  if (r.divergence) return 'divergence';
  return r.exploration.status === 'ok' ? 'equivalent' : r.exploration.status;
}

function change(before: number, after: number): string {
  if (before === after) return '0%';
  if (before === 0) return 'new';
  const pct = ((after - before) / before) * 100;
  return `${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

/**
 * The cost table: one row per operation and counter, before and after side by side, over every
 * run and over the runs where the two variants' counters differ.
 */
export function formatCost(r: DifferentialResult): string {
  const rows: string[][] = [];
  for (const c of r.cost) {
    let first = true;
    r.counters.forEach((counter, i) => {
      const b = c.before[i];
      const a = c.after[i];
      if (b === 0 && a === 0) return;
      const db = c.differing.before[i];
      const da = c.differing.after[i];
      rows.push([
        first ? c.operation : '',
        first ? num(c.runs) : '',
        counter.label,
        num(b),
        num(a),
        change(b, a),
        first ? num(c.differing.runs) : '',
        c.differing.runs ? num(db) : '',
        c.differing.runs ? num(da) : '',
        c.differing.runs ? change(db, da) : '',
      ]);
      first = false;
    });
  }
  if (!rows.length) return '  (no operation did any counted work)';
  return formatTable(['operation', 'runs', 'counted', 'before', 'after', 'change', 'runs differing', 'before', 'after', 'change'], rows, [1, 3, 4, 5, 6, 7, 8, 9]);
}

function runText(name: string, run: IsolatedRun, meta: ValidateMeta, from: Uint16Array): string {
  const steps = run.steps.map((s, i) => ({ index: i + 1, key: s.key, info: s.info, state: s.state }));
  return [`${name} (${outcomeText(run.outcome)}, ${run.steps.length} steps):`, formatTrace(from, steps, { ...meta, variant: meta.after })].join('\n');
}

/** The text report of a validation. */
export function formatValidate(r: DifferentialResult, meta: ValidateMeta): string {
  const head = `${meta.model}: ${meta.before} → ${meta.after} @ ${meta.config}`;
  const out: string[] = [];
  const status = validateStatus(r);
  const explored = `  ${meta.after} explored under every property: ${formatStats(r.exploration)}`;
  const compared = `  ${num(r.comparisons)} operations run alone on both variants (one per distinct zone state and operation enabled there)`;
  switch (status) {
    case 'equivalent':
      out.push(`${pc.green('EQUIVALENT')}  ${head}: every property holds for ${meta.after}, and every operation ends the same for its caller in both variants.`);
      out.push(explored, compared);
      break;
    case 'divergence': {
      const d = r.divergence!;
      out.push(`${pc.red('DIVERGENCE')}  ${head}: ${d.start}, run alone, ends differently`);
      out.push(explored, compared);
      out.push('');
      const path = r.exploration.status === 'violation' ? r.exploration.trace.slice(0, r.exploration.trace.length - d.after.steps.length) : [];
      const initial = r.exploration.status === 'violation' ? r.exploration.initial : d.from;
      out.push(`Path to the state the operation starts from (${path.length} steps of ${meta.after}, shortest for breadth-first search):`);
      out.push(formatTrace(initial, path, { ...meta, variant: meta.after }));
      out.push('');
      out.push(runText(`${meta.before}`, d.before, meta, d.from));
      out.push('');
      out.push(runText(`${meta.after}`, d.after, meta, d.from));
      out.push('');
      out.push(`${pc.bold(pc.red('divergence'))}: what the caller can observe after ${d.operation} differs:`);
      for (const x of d.differences) out.push(`  - ${x.field}: ${meta.before}: ${x.before}; ${meta.after}: ${x.after}`);
      out.push(`  hint: ${meta.after} is not equivalent to ${meta.before}; a memo or shortcut is used where its assumption does not hold.`);
      out.push('');
      out.push(`Reproduce: ${meta.rerun}`);
      break;
    }
    case 'violation':
    case 'deadlock':
    case 'bound':
    case 'error':
      out.push(`${pc.red('NOT VALIDATED')}  ${head}: the exploration of ${meta.after} ended with ${status}`);
      out.push(formatCheck(r.exploration, { ...meta, variant: meta.after }));
      break;
    default:
      unreachable(status);
  }
  out.push('');
  out.push(`Cost (totals over the ${num(r.comparisons)} operations run alone; counters are kept outside the explored states):`);
  out.push(formatCost(r));
  return out.join('\n');
}

function runJson(run: IsolatedRun, render: (s: Uint16Array) => string): Record<string, unknown> {
  return { outcome: outcomeText(run.outcome), steps: run.steps.map((s, i) => stepJson({ index: i + 1, key: s.key, info: s.info, state: s.state }, render)) };
}

function costJson(r: DifferentialResult, side: 'before' | 'after'): Record<string, unknown> {
  const totals = (t: CostTotals) => ({ runs: t.runs, ...Object.fromEntries(r.counters.map((k, i) => [k.key, t[side][i]])) });
  return Object.fromEntries(r.cost.map((c) => [c.operation, { ...totals(c), whereTheyDiffer: totals(c.differing) }]));
}

/** The `--json` form of a validation. */
export function validateJson(r: DifferentialResult, meta: ValidateMeta): Record<string, unknown> {
  const status = validateStatus(r);
  const d = r.divergence;
  const exploration = resultJson(r.exploration, { ...meta, variant: meta.after });
  const { violation, deadlock, bound, limit, error } = exploration as Record<string, unknown>;
  return {
    status,
    model: meta.model,
    before: meta.before,
    after: meta.after,
    config: meta.config,
    equivalent: r.equivalent,
    states: r.exploration.states,
    transitions: r.exploration.transitions,
    depth: r.exploration.depth,
    seconds: Number(r.exploration.seconds.toFixed(3)),
    comparisons: r.comparisons,
    ...(d
      ? {
          divergence: {
            operation: d.operation,
            start: d.start,
            differences: d.differences,
            trace: r.exploration.status === 'violation' ? r.exploration.trace.slice(0, r.exploration.trace.length - d.after.steps.length).map((s) => stepJson(s, meta.render)) : [],
            fromMemory: meta.render(d.from),
            before: runJson(d.before, meta.render),
            after: runJson(d.after, meta.render),
          },
        }
      : status === 'violation'
        ? { violation }
        : {}),
    ...(deadlock ? { deadlock } : {}),
    ...(bound ? { bound, limit } : {}),
    ...(error ? { error } : {}),
    cost: { counters: Object.fromEntries(r.counters.map((k) => [k.key, k.label])), before: costJson(r, 'before'), after: costJson(r, 'after') },
    rerun: meta.rerun,
  };
}
