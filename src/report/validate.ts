/**
 * Reports of `pagecheck validate`: the verdict (equivalent, divergence, or the after variant's
 * own violation), the two isolated runs of a diverging operation side by side with what differs,
 * and the cost table. Formatting only.
 */
import { pc } from './colour.js';
import { layout } from './layout.ts';
import type { CheckResult } from '../engine/types.ts';
import { unreachable } from '../util/unreachable.ts';
import { outcomeText } from '../validate/differential.ts';
import type { CostTotals, DifferentialResult, IsolatedRun, SeparateResult } from '../validate/types.ts';
import type { RunCosts, RunTotals } from '../validate/runs.ts';
import { resultJson } from './json.ts';
import { AT_END } from '../validate/types.ts';
import { formatCheck, formatStats, formatTable, formatTrace, num, type ReportMeta } from './text.ts';
import { stepJson } from './trace-file.ts';
import { checkOutcome, checkStatus, type Status } from './vocabulary.ts';
import { formatOverrides, isVacuousCoverage, vacuityJson, vacuousReason } from './vacuity.ts';
import { coverageJson, coverageVerdictLine } from './coverage.ts';

/** Where a validation comes from. */
export interface ValidateMeta extends Omit<ReportMeta, 'variant'> {
  readonly before: string;
  readonly after: string;
}

/**
 * `equivalent`, `vacuous` (equivalent, but an override of the after variant never ran or never
 * differed from the before variant's code: src/variant/vacuity.ts), `divergence`, or the
 * exploration's status (violation, deadlock, bound, error).
 */
export type ValidateStatus = 'equivalent' | 'vacuous' | 'divergence' | Exclude<CheckResult['status'], 'ok'>;

/** The status of a differential result. */
export function validateStatus(r: DifferentialResult): ValidateStatus {
  if (r.divergence) return 'divergence';
  if (r.exploration.status !== 'ok') return r.exploration.status;
  return isVacuousCoverage(r.coverage) ? 'vacuous' : 'equivalent';
}

/** The shared status of a validation's detail word (./vocabulary.ts). */
export function validationStatus(v: ValidateStatus | SeparateStatus): Status {
  switch (v) {
    case 'equivalent':
    case 'costed':
      return 'ok';
    case 'vacuous':
      return 'vacuous';
    case 'divergence':
    case 'violation':
    case 'deadlock':
      return 'fail';
    case 'bound':
      return 'incomplete';
    case 'error':
      return 'error';
    default:
      return unreachable(v);
  }
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
  const whole = formatTable(['operation', 'runs', 'counted', 'before', 'after', 'change', 'runs differing', 'before', 'after', 'change'], rows, [1, 3, 4, 5, 6, 7, 8, 9], { width: Infinity });
  if (whole.split('\n').every((l) => l.length <= layout().width)) return whole;
  // Too wide for the page: every run, then the runs where the two variants' counters differ
  // (an operation's rows are kept or dropped together: they share its count of differing runs).
  const differing = rows.filter((r) => r[7] !== '').map((r) => [r[0], r[6], r[2], r[7], r[8], r[9]]);
  return [
    formatTable(['operation', 'runs', 'counted', 'before', 'after', 'change'], rows.map((r) => r.slice(0, 6)), [1, 3, 4, 5]),
    '',
    differing.length
      ? ['Over the runs where the two variants\' counters differ:', formatTable(['operation', 'runs', 'counted', 'before', 'after', 'change'], differing, [1, 3, 4, 5])].join('\n')
      : 'No run\'s counters differ between the two variants.',
  ].join('\n');
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
  // A divergence stops the exploration: its figures are those up to the divergence.
  const explored = `  ${meta.after} explored under every property${status === 'divergence' ? ' until the divergence was found' : ''}: ${formatStats(r.exploration)}`;
  const compared = `  ${num(r.comparisons)} operations run alone on both variants (one per distinct zone state and operation enabled there)`;
  switch (status) {
    case 'equivalent':
      out.push(`${pc.green('EQUIVALENT')}  ${head}: every property holds for ${meta.after}, and every operation ends the same for its caller in both variants.`);
      out.push(explored, compared);
      if (r.coverage) out.push(`  ${coverageVerdictLine(r.coverage)}`);
      if (r.coverage?.overrides?.length) out.push(formatOverrides(r.coverage.overrides, meta.witness));
      break;
    case 'vacuous':
      out.push(
        `${pc.yellow('VACUOUS')}  ${head}: every property holds for ${meta.after} and every operation ends the same in both variants, but the change was not exercised: ${vacuousReason(r.coverage!.overrides!)}. This is not an equivalence.`,
      );
      out.push(explored, compared);
      if (r.coverage) out.push(`  ${coverageVerdictLine(r.coverage)}`);
      out.push(formatOverrides(r.coverage!.overrides!, meta.witness));
      out.push(`  hint: check it where the change runs and differs${meta.witness && Object.values(meta.witness.where).some((w) => w.length) ? ' (above)' : ''}, or over a family of configurations (--scope); reproduce: ${meta.rerun}`);
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

/** The body of the `--json` object of a validation (the command adds the envelope); `outcome` is {@link validateStatus}. */
export function validateJson(r: DifferentialResult, meta: ValidateMeta): Record<string, unknown> {
  const status = validateStatus(r);
  const d = r.divergence;
  const exploration = resultJson(r.exploration, { ...meta, variant: meta.after });
  const { violation, deadlock, bound, limit, error } = exploration as Record<string, unknown>;
  return {
    outcome: status,
    model: meta.model,
    before: meta.before,
    after: meta.after,
    config: meta.config,
    equivalent: r.equivalent,
    ...(r.coverage ? { coverage: coverageJson(r.coverage) } : {}),
    ...(r.coverage?.overrides ? { vacuity: vacuityJson(r.coverage.overrides, meta.witness) } : {}),
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

/** `costed` when both variants were explored completely with every property holding; else the first other status. */
export type SeparateStatus = 'costed' | Exclude<CheckResult['status'], 'ok'>;

/** The status of a separate costing (the before variant's exploration is judged first). */
export function separateStatus(r: SeparateResult): SeparateStatus {
  for (const e of [r.before, r.after]) if (e.status !== 'ok') return e.status;
  return 'costed';
}

/** A counter's total divided by the runs, to two decimals; `-` without runs. */
export function perRun(total: number, runs: number): string {
  return runs ? (total / runs).toFixed(2) : '-';
}

/**
 * The cost table of a separate costing: per operation and counter, each variant's total over its
 * own runs and the mean per run (per call), and the change of that mean.
 */
export function formatSeparateCost(r: SeparateResult): string {
  const rows: string[][] = [];
  for (const c of r.cost) {
    let first = true;
    r.counters.forEach((counter, i) => {
      const b = c.before[i];
      const a = c.after[i];
      if (b === 0 && a === 0) return;
      const pb = c.beforeRuns ? b / c.beforeRuns : 0;
      const pa = c.afterRuns ? a / c.afterRuns : 0;
      rows.push([
        first ? c.operation : '',
        counter.label,
        first ? num(c.beforeRuns) : '',
        num(b),
        perRun(b, c.beforeRuns),
        first ? num(c.afterRuns) : '',
        num(a),
        perRun(a, c.afterRuns),
        c.beforeRuns && c.afterRuns ? change(Number(pb.toFixed(6)), Number(pa.toFixed(6))) : '',
      ]);
      first = false;
    });
  }
  if (!rows.length) return '  (no operation did any counted work)';
  return formatTable(['operation', 'counted', 'runs', 'before', 'per call', 'runs', 'after', 'per call', 'change per call'], rows, [2, 3, 4, 5, 6, 7, 8]);
}

/** The text report of `validate --separately`. */
export function formatSeparate(r: SeparateResult, meta: ValidateMeta): string {
  const head = `${meta.model}: ${meta.before} → ${meta.after} @ ${meta.config}`;
  const out: string[] = [];
  const status = separateStatus(r);
  switch (status) {
    case 'costed':
      out.push(
        `${pc.green('COSTED SEPARATELY')}  ${head}: every property holds for both; each variant was explored and costed over its own reachable states (what callers observe is not compared: the after variant places pages differently on purpose).`,
      );
      out.push(`  ${meta.before}: ${formatStats(r.before)}`, `  ${meta.after}: ${formatStats(r.after)}`);
      break;
    case 'violation':
    case 'deadlock':
    case 'bound':
    case 'error': {
      const bad = r.before.status !== 'ok' ? { name: meta.before, e: r.before } : { name: meta.after, e: r.after };
      out.push(`${pc.red('NOT COSTED')}  ${head}: the exploration of ${bad.name} ended with ${status}`);
      out.push(formatCheck(bad.e, { ...meta, variant: bad.name }));
      break;
    }
    default:
      unreachable(status);
  }
  out.push('');
  out.push('Cost per call (each operation run alone from every distinct state of its own variant in which it can start; counters are kept outside the explored states):');
  out.push(formatSeparateCost(r));
  out.push('');
  out.push(`Cost per complete run of the scenario (every interleaving counted once; what a run leaves on the pagesets is drained at the end, as '${AT_END}'):`);
  out.push(formatRunCosts(r, meta));
  return out.join('\n');
}

/** `2.33 [2-3]`: a mean with the smallest and largest value. */
export function spread(mean: number, min: number, max: number): string {
  const m = Number.isInteger(mean) ? String(mean) : mean.toFixed(2);
  return min === max ? m : `${m} [${min}-${max}]`;
}

/** The complete-run table of a separate costing: per operation and counter, each variant's mean, smallest and largest total per run. */
export function formatRunCosts(r: SeparateResult, meta: ValidateMeta): string {
  const { before, after } = r.runs;
  const notes: string[] = [];
  for (const [name, c] of [[meta.before, before], [meta.after, after]] as const) if (c.status !== 'ok') notes.push(`  ${name}: not costed per run: ${c.message}`);
  if (before.status !== 'ok' || after.status !== 'ok') return notes.join('\n');
  const find = (c: RunCosts & { status: 'ok' }, op: string): RunTotals | undefined => c.operations.find((o) => o.operation === op);
  const ops = [...new Set([...after.operations, ...before.operations].filter((o) => o.calls.max > 0).map((o) => o.operation))];
  const rows: string[][] = [];
  for (const op of ops) {
    const b = find(before, op);
    const a = find(after, op);
    let first = true;
    r.counters.forEach((counter, i) => {
      if (!(b?.max[i] ?? 0) && !(a?.max[i] ?? 0)) return;
      const cell = (t: RunTotals | undefined) => (t ? spread(t.mean[i], t.min[i], t.max[i]) : '-');
      const calls = (t: RunTotals | undefined) => (t ? spread(t.calls.mean, t.calls.min, t.calls.max) : '-');
      rows.push([first ? op : '', counter.label, first ? calls(b) : '', cell(b), first ? calls(a) : '', cell(a)]);
      first = false;
    });
  }
  return [
    `  ${meta.before}: ${num(before.runs)} complete runs; ${meta.after}: ${num(after.runs)} complete runs (mean [smallest-largest] per run)`,
    formatTable(['operation', 'counted', 'calls', meta.before, 'calls', meta.after], rows),
  ].join('\n');
}

/** The body of the `--json` object of `validate --separately`; `outcome` is {@link separateStatus}. */
export function separateJson(r: SeparateResult, meta: ValidateMeta): Record<string, unknown> {
  const side = (e: CheckResult, name: string) => {
    const j = resultJson(e, { ...meta, variant: name }) as Record<string, unknown>;
    return { status: checkStatus(e), outcome: checkOutcome(e), states: e.states, transitions: e.transitions, depth: e.depth, seconds: Number(e.seconds.toFixed(3)), ...(j.violation ? { violation: j.violation } : {}), ...(j.deadlock ? { deadlock: j.deadlock } : {}) };
  };
  const totals = (runs: number, v: readonly number[]) => ({ runs, ...Object.fromEntries(r.counters.map((k, i) => [k.key, v[i]])) });
  return {
    outcome: separateStatus(r),
    model: meta.model,
    before: meta.before,
    after: meta.after,
    config: meta.config,
    explorations: { [meta.before]: side(r.before, meta.before), [meta.after]: side(r.after, meta.after) },
    cost: {
      counters: Object.fromEntries(r.counters.map((k) => [k.key, k.label])),
      before: Object.fromEntries(r.cost.map((c) => [c.operation, totals(c.beforeRuns, c.before)])),
      after: Object.fromEntries(r.cost.map((c) => [c.operation, totals(c.afterRuns, c.after)])),
    },
    perRun: { before: perRunJson(r, r.runs.before), after: perRunJson(r, r.runs.after) },
    rerun: meta.rerun,
  };
}

function perRunJson(r: SeparateResult, c: RunCosts): Record<string, unknown> {
  if (c.status !== 'ok') return { status: c.status, message: c.message };
  const per = (v: readonly number[]) => Object.fromEntries(r.counters.map((k, i) => [k.key, v[i]]));
  return {
    status: 'ok',
    runs: c.runs,
    operations: Object.fromEntries(c.operations.filter((o) => o.calls.max > 0).map((o) => [o.operation, { calls: o.calls, mean: per(o.mean), min: per(o.min), max: per(o.max) }])),
  };
}
