/**
 * Reporting vacuity (src/variant/vacuity.ts): the status an OK or EQUIVALENT becomes when an
 * override never ran or never differed from the code it replaces, the lines that say which and
 * where it does, and their JSON. Formatting only.
 */
import { pc } from './colour.js';
import type { CoverageSummary } from '../coverage/summary.ts';
import { describeOverride, isVacuous, overrideKey, vacuousOverrides, type OverrideCount } from '../variant/vacuity.ts';
import type { WitnessReport } from '../variant/witness.ts';
import type { Status } from './vocabulary.ts';


/** The status of a verdict once vacuity is known: an `ok` over vacuous overrides is `vacuous`. */
export function withVacuity(status: Status, coverage: CoverageSummary | undefined): Status {
  return status === 'ok' && vacuousOverrides(coverage?.overrides).length ? 'vacuous' : status;
}

/** Whether a search's coverage makes its verdict vacuous. */
export function isVacuousCoverage(coverage: CoverageSummary | undefined): boolean {
  return vacuousOverrides(coverage?.overrides).length > 0;
}

/** The head line's explanation of a VACUOUS verdict. */
export function vacuousReason(counts: readonly OverrideCount[]): string {
  const v = vacuousOverrides(counts);
  const never = v.filter((c) => c.ran === 0).map((c) => `${c.kind} ${c.name}`);
  const same = v.filter((c) => c.ran > 0).map((c) => `${c.kind} ${c.name}`);
  return [
    never.length ? `${never.join(', ')} never ran` : '',
    same.length ? `${same.join(', ')} never differed from the code ${same.length === 1 ? 'it replaces' : 'they replace'}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** The lines of every override's counts, and for the vacuous ones where they do run and differ. */
export function formatOverrides(counts: readonly OverrideCount[], witness?: WitnessReport): string {
  const lines = [`  overrides (against the code they replace, over the counted transitions):`];
  for (const c of counts) {
    const line = `    ${describeOverride(c)}`;
    lines.push(isVacuous(c) ? pc.yellow(line) : line);
    if (!isVacuous(c) || !witness) continue;
    const at = witness.where[overrideKey(c.kind, c.name)] ?? [];
    lines.push(
      at.length
        ? `      runs${c.differed === null ? '' : ' and differs'} at: ${at.join(', ')}`
        : pc.yellow(`      runs${c.differed === null ? '' : ' and differs'} at none of the ${witness.tried.length} other configurations tried`),
    );
  }
  if (witness) {
    lines.push(
      pc.dim(
        `  configurations tried for the vacuous overrides (each explored up to ${witness.maxStates.toLocaleString('en-US')} states${witness.bounded.length ? `; ${witness.bounded.join(', ')} reached that bound` : ''}): ${witness.tried.join(', ') || 'none'}`,
      ),
    );
  }
  return lines.join('\n');
}

/** The `--json` form: every override's counts, the vacuous ones, and where those run and differ. */
export function vacuityJson(counts: readonly OverrideCount[], witness?: WitnessReport): Record<string, unknown> {
  return {
    overrides: counts,
    vacuous: vacuousOverrides(counts).map((c) => ({
      kind: c.kind,
      name: c.name,
      reason: c.ran === 0 ? 'never ran' : 'never differed',
      ...(witness ? { witnesses: witness.where[overrideKey(c.kind, c.name)] ?? [] } : {}),
    })),
    ...(witness ? { tried: witness.tried, maxStatesPerConfig: witness.maxStates, bounded: witness.bounded } : {}),
  };
}
