/**
 * The `--json` form of `pagecheck report`: every verdict the report states, with the rows as
 * `suite --json` and `mutants --json` give them (../cli/runs.ts), so that a consumer reads one
 * vocabulary. Formatting only: src/findings.ts computes the verdicts.
 */
import type { FindingsResult } from '../findings.ts';
import { rowJson } from '../cli/runs.ts';
import { separateStatus } from './validate.ts';

/** The body of the JSON object of `report` (the command adds the envelope of ./vocabulary.ts). */
export function reportJson(f: FindingsResult): Record<string, unknown> {
  return {
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
