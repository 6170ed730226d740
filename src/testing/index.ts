/**
 * Checking models from a test: `checkModel(...)` explores a model (exhaustively, or with a fuzz
 * campaign) and returns the typed result together with the report `pagecheck` would print and the
 * command line that reproduces it. With the matchers of `./vitest.ts`, a failing expectation
 * prints the counterexample.
 *
 * ```ts
 * import { checkModel } from 'pagecheck/src/testing/index.ts';
 * import 'pagecheck/src/testing/vitest.ts';
 *
 * test('the baseline holds at 256 pfns', () => {
 *   expect(checkModel({ model: 'buddy', mode: 'fuzz', fuzz: { runs: 20 } })).toHold();
 * });
 * ```
 * Fuzz campaigns default to seed 1 here, so that a test explores the same runs every time.
 */
import { check, resolve, type CheckRequest } from '../check.ts';
import { explore, type ExploreOptions } from '../engine/explore.ts';
import type { CheckResult } from '../engine/types.ts';
import type { FuzzOptions, FuzzResult } from '../fuzz/fuzz.ts';
import { fuzzModel } from '../fuzz/model.ts';
import type { Schedulable } from '../fuzz/types.ts';
import { formatFuzz } from '../report/fuzz.ts';
import { formatCheck } from '../report/text.ts';
import { fuzzRerunCommand, metaOf, rerunCommand } from '../cli/report-meta.ts';
import { UsageError } from '../util/unreachable.ts';
import { validateInvariants, withInvariants, type Invariant } from './invariants.ts';

export type { Invariant } from './invariants.ts';

/** What to check, and how. */
export interface ModelCheckRequest extends CheckRequest {
  /** `exhaustive` (default): every interleaving; `fuzz`: a randomized campaign. */
  readonly mode?: 'exhaustive' | 'fuzz';
  /** Bounds of an exhaustive search. */
  readonly bounds?: ExploreOptions;
  /** Settings of a fuzz campaign (seed 1 unless given). */
  readonly fuzz?: FuzzOptions;
  /** Invariants of the test, checked after every step with the model's own properties. */
  readonly invariants?: readonly Invariant[];
}

/** A finished check, as a test sees it. */
export type ModelCheck = {
  readonly model: string;
  readonly variant: string;
  readonly config: string;
  /** True when the check is complete and found nothing (a fuzz campaign: every run asked for passed). */
  readonly holds: boolean;
  /** Property code of the counterexample, or `deadlock`; null when none was found. */
  readonly caughtBy: string | null;
  /** The report `pagecheck check` or `pagecheck fuzz` prints for it, counterexample included. */
  readonly report: string;
  /** The command line that reproduces it (the test's own invariants are not part of it). */
  readonly reproduce: string;
} & ({ readonly mode: 'exhaustive'; readonly result: CheckResult } | { readonly mode: 'fuzz'; readonly result: FuzzResult });

/** Explores a model and returns the typed result with its report. */
export function checkModel(req: ModelCheckRequest): ModelCheck {
  const invs = req.invariants ?? [];
  validateInvariants(invs);
  // An invariant may name CPUs, and would then not be invariant under permuting them.
  if (invs.length && req.reductions?.symmetry) throw new UsageError("the symmetry reduction is not available with a test's own invariants (they may name CPUs)");
  const wrap = (s: Schedulable) => (invs.length ? withInvariants(s, invs) : s);
  const note = invs.length ? ` (without the test's invariants ${invs.map((i) => i.code).join(', ')})` : '';
  const overrides = req.overrides ?? {};
  if (req.mode === 'fuzz') {
    const o = fuzzModel(req, { seed: 1, ...req.fuzz }, wrap);
    const meta = metaOf(o, fuzzRerunCommand(o, o.configSpec, overrides, o.result.settings));
    const r = o.result;
    const caughtBy = r.status === 'failure' ? (r.failure.failure.kind === 'violation' ? r.failure.failure.finding.code : 'deadlock') : null;
    return {
      mode: 'fuzz',
      model: o.model.name,
      variant: o.variant.name,
      config: o.configName,
      holds: r.status === 'ok',
      caughtBy,
      report: formatFuzz(r, meta),
      reproduce: (r.status === 'failure' ? `${meta.rerun} --replay ${r.failure.path}` : meta.rerun) + note,
      result: r,
    };
  }
  const resolved = invs.length ? resolve(req) : null;
  const o = resolved ? { ...resolved, result: explore(wrap(resolved.built.system), req.bounds) } : check(req, req.bounds);
  const configSpec = req.config ?? o.variant.config ?? o.model.defaultConfig;
  const meta = metaOf(o, rerunCommand(o, configSpec, overrides));
  const r = o.result;
  return {
    mode: 'exhaustive',
    model: o.model.name,
    variant: o.variant.name,
    config: o.configName,
    holds: r.status === 'ok',
    caughtBy: r.status === 'violation' ? r.finding.code : r.status === 'deadlock' ? 'deadlock' : null,
    report: formatCheck(r, meta),
    reproduce: meta.rerun + note,
    result: r,
  };
}
