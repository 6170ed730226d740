/**
 * Exploring the members of a configuration family (./generate.ts), each exhaustively: a check of
 * one variant, or the differential check of a pair (`validate`). Each member's result is one
 * JSON-ready row (what it exercised, where it diverged); the family's JSON object is what
 * `check|validate --scope --json` prints and what `pagecheck merge` combines.
 */
import { resolve } from '../check.ts';
import type { ConfigInput } from '../config/schema.ts';
import { explore } from '../engine/explore.ts';
import type { Bounds, CheckResult } from '../engine/types.ts';
import { combinedStatus } from '../campaign/merge.ts';
import { withVacuity } from '../report/vacuity.ts';
import { checkOutcome, checkStatus, type Status } from '../report/vocabulary.ts';
import { validationStatus, validateStatus } from '../report/validate.ts';
import { validate } from '../validate/validate.ts';
import type { OverrideCount } from '../variant/vacuity.ts';
import { UsageError } from '../util/unreachable.ts';
import type { Family, FamilyMember } from './generate.ts';
import { scopeText } from './scope.ts';

/** What a family run explores: one variant, or a before/after pair. */
export type FamilyMode = { readonly kind: 'check'; readonly variant: string } | { readonly kind: 'validate'; readonly before: string; readonly after: string };

/** The name a member's configuration has in its own run (and in its reports). */
export function memberName(m: Pick<FamilyMember, 'index'>): string {
  return `family#${m.index}`;
}

/** One explored member, as JSON. */
export interface MemberRow {
  readonly index: number;
  readonly id: string;
  readonly summary: string;
  readonly status: Status;
  /** The detail word: holds, violation, deadlock, bound, error (check); equivalent, vacuous, divergence, ... (validate). */
  readonly outcome: string;
  readonly property: string | null;
  readonly steps: number | null;
  readonly states: number;
  readonly transitions: number;
  readonly seconds: number;
  /** The variant's overrides at this member: how often each ran and differed from the code it replaces (absent: none counted). */
  readonly exercised?: readonly OverrideCount[];
  /** Where the after variant diverged (validate): the operation and the transition that started it. */
  readonly diverges?: { readonly operation: string; readonly start: string } | null;
  /** A harness error's message. */
  readonly message?: string;
}

/** The words of a run's findings. */
function findingOf(r: CheckResult): { property: string | null; steps: number | null } {
  if (r.status === 'violation') return { property: r.finding.code, steps: r.trace.length };
  if (r.status === 'deadlock') return { property: 'deadlock', steps: r.trace.length };
  return { property: null, steps: null };
}

/** Explores one member exhaustively (within `bounds`, if any). */
export function runMember(model: string, mode: FamilyMode, member: FamilyMember, bounds: Bounds = {}): MemberRow {
  const name = memberName(member);
  const scenarios: Record<string, ConfigInput> = { [name]: member.config };
  const head = { index: member.index, id: member.id, summary: member.summary };
  const t0 = performance.now();
  try {
    if (mode.kind === 'check') {
      const r = resolve({ model, variant: mode.variant, config: name, scenarios });
      const sys = r.built.system;
      // Overrides are counted only where there are some (a baseline costs nothing extra).
      const rec = r.overrides.length ? sys.collectCoverage(true) : null;
      const result = explore(sys, bounds);
      const coverage = rec?.summary();
      sys.collectCoverage(false);
      return {
        ...head,
        status: withVacuity(checkStatus(result), coverage),
        outcome: result.status === 'ok' && coverage && withVacuity('ok', coverage) === 'vacuous' ? 'vacuous' : checkOutcome(result),
        ...findingOf(result),
        states: result.states,
        transitions: result.transitions,
        seconds: Number(result.seconds.toFixed(3)),
        ...(result.status === 'error' ? { message: result.message } : {}),
        ...(coverage?.overrides ? { exercised: coverage.overrides } : {}),
      };
    }
    const out = validate({ model, before: mode.before, after: mode.after, config: name, scenarios }, bounds);
    const ex = out.result.exploration;
    const v = validateStatus(out.result);
    const d = out.result.divergence;
    return {
      ...head,
      status: validationStatus(v),
      outcome: v,
      ...(d ? { property: 'divergence', steps: ex.status === 'violation' ? ex.trace.length : null } : findingOf(ex)),
      states: ex.states,
      transitions: ex.transitions,
      seconds: Number(ex.seconds.toFixed(3)),
      ...(ex.status === 'error' ? { message: ex.message } : {}),
      ...(out.result.coverage?.overrides ? { exercised: out.result.coverage.overrides } : {}),
      diverges: d ? { operation: d.operation, start: d.start } : null,
    };
  } catch (e) {
    // Every member passed the reader and the model's build when the family was generated.
    if (!(e instanceof UsageError)) throw e;
    return { ...head, status: 'error', outcome: 'error', property: null, steps: null, states: 0, transitions: 0, seconds: Number(((performance.now() - t0) / 1000).toFixed(3)), message: e.message };
  }
}

/** The first failure of a family: its member, and its configuration as `--config` takes it. */
export interface FamilyFailure {
  readonly index: number;
  readonly id: string;
  readonly summary: string;
  readonly property: string | null;
  readonly steps: number | null;
  readonly config: ConfigInput;
  /** Where the configuration was written (absent when it could not be). */
  readonly configFile?: string;
  /** The command that checks it again. */
  readonly rerun?: string;
}

/** The `family` field of `check|validate --scope --json`. */
export interface FamilyJson {
  readonly model: string;
  readonly mode: FamilyMode;
  /** The scope as given and its canonical text. */
  readonly scope: { readonly spec: string; readonly bound: string };
  /** Members of the whole family (not only this shard's). */
  readonly size: number;
  readonly generated: number;
  readonly rejected: Readonly<Record<string, number>>;
  readonly duplicates: number;
  /** The members explored here, in family order. */
  readonly members: readonly MemberRow[];
  readonly totals: FamilyTotals;
  readonly failure: FamilyFailure | null;
}

/** Totals over explored members. */
export interface FamilyTotals {
  readonly explored: number;
  readonly states: number;
  readonly transitions: number;
  readonly seconds: number;
  /** Members by status. */
  readonly byStatus: Readonly<Partial<Record<Status, number>>>;
}

/** Totals of some rows. */
export function familyTotals(rows: readonly MemberRow[]): FamilyTotals {
  const byStatus: Partial<Record<Status, number>> = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  return {
    explored: rows.length,
    states: rows.reduce((a, r) => a + r.states, 0),
    transitions: rows.reduce((a, r) => a + r.transitions, 0),
    seconds: Number(rows.reduce((a, r) => a + r.seconds, 0).toFixed(3)),
    byStatus,
  };
}

/** The status of a family: the strongest of its members' (error, fail, incomplete, vacuous, ok). */
export function familyStatus(rows: readonly Pick<MemberRow, 'status'>[]): Status {
  return combinedStatus(rows.map((r) => r.status));
}

/** The first failing member (lowest index) among rows, if any. */
export function firstFailure(rows: readonly MemberRow[]): MemberRow | null {
  return rows.filter((r) => r.status === 'fail').sort((a, b) => a.index - b.index)[0] ?? null;
}

/** Runs the given members in order; `onRow` sees each row as it is done. */
export function runMembers(model: string, mode: FamilyMode, members: readonly FamilyMember[], bounds: Bounds = {}, onRow?: (r: MemberRow) => void): MemberRow[] {
  return members.map((m) => {
    const r = runMember(model, mode, m, bounds);
    onRow?.(r);
    return r;
  });
}

/** The family object of a run (before its failure's file is written). */
export function familyJson(family: Family, spec: string, mode: FamilyMode, rows: readonly MemberRow[]): FamilyJson {
  const f = firstFailure(rows);
  const member = f ? family.members.find((m) => m.index === f.index)! : null;
  return {
    model: family.model,
    mode,
    scope: { spec, bound: scopeText(family.scope) },
    size: family.members.length,
    generated: family.generated,
    rejected: family.rejected,
    duplicates: family.duplicates,
    members: rows,
    totals: familyTotals(rows),
    failure: f && member ? { index: f.index, id: f.id, summary: f.summary, property: f.property, steps: f.steps, config: { name: `${family.model} ${memberName(member)} (scope ${spec})`, ...member.config } } : null,
  };
}
