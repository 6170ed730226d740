/**
 * The `--json` form of `pagecheck report`: every verdict the report states, with the rows as
 * `suite --json` and `mutants --json` give them (../cli/runs.ts), so that a consumer reads one
 * vocabulary. Formatting only: src/findings.ts computes the verdicts.
 */
import type { FindingsResult } from '../findings.ts';
import type { ModelReport, PairValidation, PatchReport } from '../model-report.ts';
import type { ModelDef, Variant } from '../../models/types.ts';
import { rowJson } from '../cli/runs.ts';
import { separateStatus, validateJson, validateStatus, validationStatus } from './validate.ts';
import { pairMeta, patchVerdict } from './model-report.ts';
import { envelope } from './vocabulary.ts';

/** The body of the JSON object of the findings report (the command adds the envelope of ./vocabulary.ts). */
export function reportJson(f: FindingsResult): Record<string, unknown> {
  return {
    form: 'findings',
    model: f.model.name,
    asRecorded: f.asRecorded,
    configs: f.configs.map(rowJson),
    properties: f.properties.map((p) => ({ property: p.property.code, title: p.property.title, rows: p.rows.map(rowJson), brokenBy: p.brokenBy.map((r) => r.variant) })),
    questions: f.questions.map((q) => ({ key: q.key, answers: q.answers.map((a) => ({ answer: a.answer, variant: a.variant.name, asRecorded: a.asRecorded, row: rowJson(a.row) })) })),
    costs: f.costs.map((c) => ({ before: c.before.variant.name, after: c.after.variant.name, config: c.configSpec, outcome: separateStatus(c.result) })),
    mutants: f.mutants.map(rowJson),
    patches: f.patches.map((p) => ({ variant: p.variant.name, ...(p.variant.file ? { file: p.variant.file } : {}), rows: p.rows.map(rowJson) })),
  };
}

/** A variant as a report's JSON names it: its name, and its file's path for a variant file. */
function variantJson(v: Variant): Record<string, unknown> {
  return { variant: v.name, ...(v.file ? { file: v.source ?? v.file } : {}) };
}

/** One validation of a pair: the object `validate --json` prints for that configuration (with where a vacuous change runs). */
function validationJson(model: ModelDef, before: Variant, after: Variant, v: PairValidation): Record<string, unknown> {
  const r = v.outcome.result;
  return envelope('validate', validationStatus(validateStatus(r)), validateJson(r, { ...pairMeta(model, before, after, v), ...(v.witness ? { witness: v.witness } : {}) }));
}

/** The body of `report --model M --json` for a model without a findings report: what its text form states. */
export function modelReportJson(m: ModelReport): Record<string, unknown> {
  return {
    form: 'model',
    model: m.model.name,
    kernel: m.model.kernel,
    abstracts: m.model.abstracts,
    properties: m.model.properties.map((p) => ({ property: p.code, title: p.title })),
    baseline: m.baseline.map(rowJson),
    mutants: m.mutants.map(rowJson),
    pairs: m.pairs.map((p) => ({
      before: variantJson(p.before),
      after: variantJson(p.after),
      verdict: patchVerdict({ model: m.model, before: p.before, after: p.after, beforeArg: '', afterArg: '', validations: [p.validation] }),
      validation: validationJson(m.model, p.before, p.after, p.validation),
    })),
  };
}

/** The body of `report --before B --after A --json`: the verdict over the configurations asked for, and each validation. */
export function patchReportJson(r: PatchReport): Record<string, unknown> {
  return {
    form: 'patch',
    model: r.model.name,
    kernel: r.model.kernel,
    before: variantJson(r.before),
    after: variantJson(r.after),
    verdict: patchVerdict(r),
    validations: r.validations.map((v) => validationJson(r.model, r.before, r.after, v)),
  };
}
