/** The `--json` form of a check result (one object, stable field names). */
import { vacuityJson } from './vacuity.ts';
import type { CheckResult } from '../engine/types.ts';
import { unreachable } from '../util/unreachable.ts';
import { checkOutcome } from './vocabulary.ts';
import type { ReportMeta } from './text.ts';
import { stepJson } from './trace-file.ts';
import { coverageJson } from './coverage.ts';

/**
 * The body of the JSON object printed by `check --json` (the command adds the envelope of
 * ./vocabulary.ts): `outcome` is the search's own word, the counterexample is under `violation`
 * or `deadlock`, its length in `steps`.
 */
export function resultJson(r: CheckResult, meta: ReportMeta): Record<string, unknown> {
  const base = {
    outcome: checkOutcome(r),
    model: meta.model,
    variant: meta.variant,
    config: meta.config,
    reductions: meta.reductions ?? [],
    states: r.states,
    transitions: r.transitions,
    depth: r.depth,
    seconds: Number(r.seconds.toFixed(3)),
    statesPerSecond: r.statesPerSecond,
    bytesPerState: Number(r.bytesPerState.toFixed(1)),
    collisionProbability: r.collisionProbability,
    ...(meta.coverage ? { coverage: coverageJson(meta.coverage, meta.declaredUnreachable) } : meta.coverageNote ? { coverage: null, coverageNote: meta.coverageNote } : {}),
    ...(meta.coverage?.overrides ? { vacuity: vacuityJson(meta.coverage.overrides, meta.witness) } : {}),
  };
  switch (r.status) {
    case 'ok':
      return base;
    case 'violation':
      return {
        ...base,
        violation: {
          property: r.finding.code,
          message: r.finding.message,
          hint: r.finding.hint,
          pfns: r.finding.pfns,
          orders: r.finding.orders,
          cpus: r.finding.cpus,
          steps: r.trace.length,
          atQuiescence: r.atQuiescence,
          initialMemory: meta.render(r.initial),
          trace: r.trace.map((s) => stepJson(s, meta.render)),
        },
        rerun: meta.rerun,
      };
    case 'deadlock':
      return {
        ...base,
        deadlock: { message: r.message, steps: r.trace.length, initialMemory: meta.render(r.initial), trace: r.trace.map((s) => stepJson(s, meta.render)) },
        rerun: meta.rerun,
      };
    case 'bound':
      return { ...base, bound: r.bound, limit: r.limit };
    case 'error':
      return { ...base, error: { kind: 'internal', message: r.message } };
    default:
      return unreachable(r);
  }
}
