/**
 * The findings report of a model of a proposal (`pagecheck report`): every verdict it states is
 * computed here, each by the check the suite runs (src/cli/runs.ts) or by `validate
 * --separately`; nothing is taken from the manifest. The text is the model's
 * (ModelDef.findings); src/report/findings.ts formats both.
 */
import { UsageError } from './util/unreachable.ts';
import { MODELS, findModel, findVariant } from '../models/registry.ts';
import type { FindingsSpec, ModelDef, Variant } from '../models/types.ts';
import type { Property } from '../properties/types.ts';
import { runRow, type Row } from './cli/runs.ts';
import { validateSeparately, type SeparateOutcome } from './validate/validate.ts';
import { resolve } from './check.ts';

/** One reading of a question, checked. */
export interface AnswerResult {
  readonly answer: string;
  readonly variant: Variant;
  readonly row: Row;
  /** The verdict is the one the variant records (`expect`, `ok` for the baseline). */
  readonly asRecorded: boolean;
}

/** A property and the baseline's verdict at each configuration that exercises it. */
export interface PropertyResult {
  readonly property: Property;
  readonly rows: readonly Row[];
  /** Readings of the open questions (candidates) that break it. */
  readonly brokenBy: readonly Row[];
}

/** Everything the report states, computed. */
export interface FindingsResult {
  readonly model: ModelDef;
  readonly spec: FindingsSpec;
  /** The baseline at every configuration. */
  readonly configs: readonly Row[];
  readonly properties: readonly PropertyResult[];
  readonly questions: readonly { readonly key: string; readonly answers: readonly AnswerResult[] }[];
  readonly costs: readonly SeparateOutcome[];
  readonly mutants: readonly Row[];
  /** Every check is as recorded: baselines hold, candidates as recorded, mutants caught by their property. */
  readonly asRecorded: boolean;
  /** How a row's states are pictured (its system's memory map and legend). */
  picture(r: Row): { readonly render: (s: Uint16Array) => string; readonly legend: string };
}

/** The verdict word of a row: `ok`, a property code, or `deadlock`. */
export function verdictWord(r: Row): string {
  return r.caughtBy ?? (r.result.status === 'ok' ? 'ok' : r.result.status);
}

/** Computes the findings report of a model; a UsageError when the model has none. */
export function findings(name: string): FindingsResult {
  const model = findModel(name);
  const spec = model.findings;
  if (!spec)
    throw new UsageError(`model ${model.name} has no findings report; models of a proposal have one: ${MODELS.filter((m) => m.findings).map((m) => m.name).join(', ') || 'none'}`);
  const cache = new Map<string, Row>();
  const row = (v: Variant, config?: string): Row => {
    const key = `${v.name}@${config ?? v.config ?? model.defaultConfig}`;
    let r = cache.get(key);
    if (!r) cache.set(key, (r = runRow(model, v, config)));
    return r;
  };
  const baseline = findVariant(model, 'baseline');
  const configs = Object.keys(model.configs).map((c) => row(baseline, c));
  const candidates = model.variants.filter((v) => v.kind === 'candidate').map((v) => row(v));
  const properties = model.properties.map((property) => {
    const names = spec.propertyConfigs?.[property.code] ?? Object.keys(model.configs);
    return { property, rows: names.map((c) => row(baseline, c)), brokenBy: candidates.filter((r) => r.caughtBy === property.code) };
  });
  const questions = spec.questions.map((q) => ({
    key: q.key,
    answers: q.answers.map((a) => {
      const variant = findVariant(model, a.variant);
      const r = row(variant, a.config);
      return { answer: a.answer, variant, row: r, asRecorded: verdictWord(r) === (variant.expect ?? 'ok') };
    }),
  }));
  const costs = spec.costs.map((c) => validateSeparately({ model: model.name, before: c.before, after: c.after, config: c.config }));
  const mutants = model.variants.filter((v) => v.kind === 'mutant').map((v) => row(v));
  const asRecorded =
    configs.every((r) => r.pass) &&
    questions.every((q) => q.answers.every((a) => a.asRecorded)) &&
    costs.every((c) => c.result.before.status === 'ok' && c.result.after.status === 'ok') &&
    mutants.every((r) => r.pass);
  const picture = (r: Row) => {
    const sys = resolve({ model: model.name, variant: r.variant, config: r.config }).built.system;
    return { render: (st: Uint16Array) => sys.render(st), legend: sys.legend };
  };
  return { model, spec, configs, properties, questions, costs, mutants, asRecorded, picture };
}
