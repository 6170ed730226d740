/**
 * The findings report of the pcp-buddy model: every verdict computed now is the one recorded in
 * the model (baselines hold, each reading of an open question as its variant records, mutants
 * caught), and both renderings carry every section, the traces of the readings that break a
 * property, and the command that reproduces each.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { findings, type FindingsResult } from '../src/findings.ts';
import { formatFindings, formatFindingsMarkdown } from '../src/report/findings.ts';
import { stripAnsi } from '../src/report/text.ts';
import { overWidth } from '../src/report/layout.ts';
import { UsageError } from '../src/util/unreachable.ts';

describe('findings', () => {
  let f: FindingsResult;
  beforeAll(() => {
    f = findings('pcp-buddy');
  });

  it('computes every verdict as recorded in the model (on failure: npx pagecheck report --model pcp-buddy)', () => {
    expect(f.configs.every((r) => r.result.status === 'ok')).toBe(true);
    for (const q of f.questions) for (const a of q.answers) expect(a.asRecorded, `${q.key}: ${a.variant.name}`).toBe(true);
    expect(f.mutants.every((r) => r.pass)).toBe(true);
    expect(f.asRecorded).toBe(true);
  });

  it('answers every open question with the baseline and at least one other reading', () => {
    for (const q of f.questions) {
      const kinds = q.answers.map((a) => a.variant.kind);
      expect(kinds, q.key).toContain('baseline');
      expect(kinds.filter((k) => k === 'candidate').length, q.key).toBeGreaterThan(0);
    }
  });

  it('leaves no reading out: every candidate is an answer of the question it names', () => {
    for (const v of f.model.variants.filter((x) => x.kind === 'candidate')) {
      const q = f.spec.questions.find((x) => x.key === v.question);
      expect(q, `${v.name}: question ${v.question}`).toBeDefined();
      expect(q!.answers.map((a) => a.variant)).toContain(v.name);
    }
  });

  it('costs both scenarios per complete run with and without ownership', () => {
    for (const c of f.costs) {
      expect(c.result.runs.before.status).toBe('ok');
      expect(c.result.runs.after.status).toBe('ok');
    }
  });

  it('renders as text: every section, a trace and a reproduction command per broken reading', () => {
    const text = stripAnsi(formatFindings(f));
    for (const h of ['1. Configurations', '2. Properties', '3. Open questions', '4. Cost', '5. Mistakes the checker catches', '6. What the model leaves out']) expect(text).toContain(h);
    for (const q of f.spec.questions) expect(text).toContain(q.title);
    for (const q of f.questions)
      for (const a of q.answers)
        if (a.variant.kind === 'candidate') expect(text).toMatch(new RegExp(`reproduce:\\s+npx pagecheck check --model pcp-buddy --variant ${a.variant.name} --config ${a.row.config}\\n`));
    for (const r of f.mutants) expect(text).toContain(`${r.variant}: caught by ${r.caughtBy}`);
    // 80 columns (src/report/layout.ts), a command line excepted.
    expect(overWidth(text, 80)).toEqual([]);
  });

  it('renders as Markdown: headings, fenced traces, tables, no terminal colours', () => {
    const md = formatFindingsMarkdown(f);
    expect(md.startsWith('# ')).toBe(true);
    expect(md).toContain('## 3. Open questions');
    expect(md).toMatch(/```\n {2}step {2}memory/);
    // The cost table is wider than 80 columns: a text table in a code block.
    expect(md).toMatch(/```\nvariant +zone->lock in allocations per run/);
    // eslint-disable-next-line no-control-regex
    expect(md).not.toMatch(/\x1b\[/);
  });

  it('refuses a model that has no findings report, naming those that have one', () => {
    expect(() => findings('buddy')).toThrow(UsageError);
    expect(() => findings('buddy')).toThrow(/pcp-buddy/);
  });
});
