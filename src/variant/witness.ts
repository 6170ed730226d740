/**
 * Where does an override run and make a difference? When a verdict is vacuous (./vacuity.ts),
 * the report names, for each vacuous override, the configurations where it does: each candidate
 * configuration is explored (bounded) with the same variant and reference, counting overrides only.
 */
import { resolve } from '../check.ts';
import { explore } from '../engine/explore.ts';
import type { ConfigInput } from '../config/schema.ts';
import { isVacuous, overrideKey, type OverrideCount, type OverrideRef } from './vacuity.ts';

/** A configuration to try: a built-in name, or a generated one with its name. */
export interface WitnessCandidate {
  readonly name: string;
  /** The configuration itself (a generated one); absent: `name` is a named configuration of the model or variant. */
  readonly config?: ConfigInput;
}

/** What the search for witnesses found. */
export interface WitnessReport {
  /** Per vacuous override (by {@link overrideKey}): the configurations where it ran and differed. */
  readonly where: Readonly<Record<string, readonly string[]>>;
  /** The configurations tried, in order. */
  readonly tried: readonly string[];
  /** The bound on each configuration's exploration (states). */
  readonly maxStates: number;
  /** Configurations whose exploration reached the bound (their counts are partial). */
  readonly bounded: readonly string[];
}

/** Default bound of each configuration's exploration in a witness search. */
export const WITNESS_MAX_STATES = 200_000;

/** Whether a count is a witness: the override ran and, where compared, differed. */
function witnesses(c: OverrideCount): boolean {
  return !isVacuous(c);
}

/**
 * Explores `variant` of `model` at each candidate configuration (up to `maxStates` states each)
 * with its overrides counted against `comparedWith`, and lists for each of `vacuous` the
 * configurations where it ran and differed. A configuration that does not suit the model is skipped.
 */
export function findWitnesses(
  req: { readonly model: string; readonly variant: string; readonly comparedWith?: string },
  vacuous: readonly OverrideRef[],
  candidates: readonly WitnessCandidate[],
  opts: { readonly maxStates?: number } = {},
): WitnessReport {
  const maxStates = opts.maxStates ?? WITNESS_MAX_STATES;
  const where: Record<string, string[]> = Object.fromEntries(vacuous.map((o) => [overrideKey(o.kind, o.name), []]));
  const tried: string[] = [];
  const bounded: string[] = [];
  for (const c of candidates) {
    let r;
    try {
      r = resolve({ ...req, config: c.name, scenarios: c.config ? { [c.name]: c.config } : undefined });
    } catch {
      continue;
    }
    tried.push(c.name);
    const sys = r.built.system;
    const rec = sys.collectCoverage(true);
    const res = explore(sys, { maxStates });
    const counts = rec?.summary().overrides ?? [];
    sys.collectCoverage(false);
    if (res.status === 'bound') bounded.push(c.name);
    for (const o of counts) {
      const k = overrideKey(o.kind, o.name);
      if (k in where && witnesses(o)) where[k].push(c.name);
    }
  }
  return { where, tried, maxStates, bounded };
}
