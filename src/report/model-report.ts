/**
 * `pagecheck report` for a model without a findings report, and for a patch (`--before`,
 * `--after`): plain text to post in reply, folded to the layout's width (src/report/layout.ts), or
 * Markdown. What was checked (configurations, the kernel the model follows, the properties, what
 * the model leaves out), the verdict, the coverage of the change, the cost, the shortest
 * counterexample of each finding and the commands that reproduce each. Formatting only.
 *
 * The text has no timings: run again, a report prints the same, so that the examples in
 * docs/reports/ can be checked to be current.
 */
import type { ModelReport, PairValidation, PatchReport } from '../model-report.ts';
import { variantName } from '../model-report.ts';
import type { ModelDef, Variant } from '../../models/types.ts';
import type { Row } from '../cli/runs.ts';
import { configFlags } from '../cli/report-meta.ts';
import { verdictWord } from '../findings.ts';
import { unreachable } from '../util/unreachable.ts';
import { coverageVerdictLine } from './coverage.ts';
import { headerBlock, renderMarkdown, renderText, type Block } from './findings.ts';
import { fitText } from './layout.ts';
import { formatCheck, num } from './text.ts';
import { formatOverrides, vacuousReason } from './vacuity.ts';
import { formatCost, formatValidate, validateStatus, type ValidateMeta } from './validate.ts';

/** A search's figures without its timings (`12 states, 30 transitions, depth 5`). */
export function withoutTimings(text: string): string {
  return text.replace(/, depth (\d+), [\d.]+ s \([\d,]+ states\/s, [\d.]+ bytes\/state(?:, fingerprint collision probability (?:≤|<=) [\d.e+-]+)?\)/g, ', depth $1');
}

function states(n: number): string {
  return `${num(n)} state${n === 1 ? '' : 's'}`;
}

/** The configurations of a model, one item each: its name, description and what was explored there. */
function configItems(model: ModelDef, explored: (config: string) => string): string[] {
  return Object.entries(model.configs).map(([name, c]) => `${name}: ${c.description ?? ''}${explored(name)}`);
}

function propertyItems(model: ModelDef): string[] {
  return model.properties.map((p) => `${p.code} ${p.title}: ${p.meaning}`);
}

/** The validate command of a pair at a configuration, naming a variant file by its path. */
function validateCommand(model: ModelDef, before: Variant, after: Variant, config: string): string {
  return `npx pagecheck validate --model ${model.name} --before ${variantName(before)} --after ${variantName(after)} ${configFlags(config).join(' ')}`;
}

/** What `validate`'s formatting needs of one validation of a pair (its re-run command names a variant file by its path). */
export function pairMeta(model: ModelDef, before: Variant, after: Variant, v: PairValidation): ValidateMeta {
  const sys = v.outcome.after.built.system;
  return { model: model.name, before: before.name, after: after.name, config: v.config, render: (s) => sys.render(s), legend: sys.legend, reductions: [], rerun: validateCommand(model, before, after, v.config) };
}

/** One line: the verdict of a pair at a configuration. */
function verdictLine(v: PairValidation, after: string): string {
  const r = v.outcome.result;
  const ex = r.exploration;
  const status = validateStatus(r);
  switch (status) {
    case 'equivalent':
      return `EQUIVALENT at ${v.config}: every property holds for ${after} (${states(ex.states)} explored), and each of the ${num(r.comparisons)} operations run alone on both variants ends the same for its caller.`;
    case 'vacuous':
      return `VACUOUS at ${v.config}: every property holds for ${after} (${states(ex.states)} explored) and every operation ends the same, but the change was not exercised there: ${vacuousReason(r.coverage!.overrides!)}. This is not an equivalence.`;
    case 'divergence':
      return `DIVERGENCE at ${v.config}: ${r.divergence!.start}, run alone, ends differently.`;
    case 'violation':
      return ex.status === 'violation' ? `VIOLATION at ${v.config}: ${ex.finding.code} at step ${ex.trace.length} of ${after}.` : `VIOLATION at ${v.config}.`;
    case 'deadlock':
      return `DEADLOCK at ${v.config}: no thread of ${after} can move after step ${ex.status === 'deadlock' ? ex.trace.length : '?'}.`;
    case 'bound':
      return `INCOMPLETE at ${v.config}: a bound cut the exploration short (${states(ex.states)} explored); nothing is claimed beyond them.`;
    case 'error':
      return `ERROR at ${v.config}: ${ex.status === 'error' ? ex.message : ''}`;
    default:
      return unreachable(status);
  }
}

/** The coverage of the change at a configuration: what the exploration exercised and each override's counts. */
function coverageText(v: PairValidation): string {
  const cov = v.outcome.result.coverage;
  if (!cov) return '  not counted';
  return [`  ${coverageVerdictLine(cov)}`, ...(cov.overrides?.length ? [formatOverrides(cov.overrides, v.witness)] : ['  (the after variant overrides nothing: it is the model\'s own code)'])].join('\n');
}

/** The counterexample of a finding: formatValidate's text up to its cost table. */
function findingText(model: ModelDef, before: Variant, after: Variant, v: PairValidation): string {
  const text = formatValidate(v.outcome.result, pairMeta(model, before, after, v));
  const cut = text.indexOf('\n\nCost (totals over');
  return withoutTimings(cut < 0 ? text : text.slice(0, cut));
}

function isFinding(v: PairValidation): boolean {
  const s = validateStatus(v.outcome.result);
  return s === 'divergence' || s === 'violation' || s === 'deadlock' || s === 'error';
}

/** The overall verdict word of a patch report. */
export function patchVerdict(r: PatchReport): string {
  const s = r.validations.map((v) => validateStatus(v.outcome.result));
  if (s.some((x) => x === 'divergence' || x === 'violation' || x === 'deadlock')) return 'FINDINGS';
  if (s.some((x) => x === 'error')) return 'ERROR';
  if (s.some((x) => x === 'bound')) return 'INCOMPLETE';
  if (s.every((x) => x === 'vacuous')) return 'VACUOUS';
  return 'EQUIVALENT';
}

function patchBlocks(r: PatchReport, argv: string): Block[] {
  const { model, before, after } = r;
  const verdict = patchVerdict(r);
  const b: Block[] = [{ kind: 'h1', text: `pagecheck: ${model.name}, ${before.name} -> ${after.name}: ${verdict}` }, headerBlock(model)];
  if (after.source) b.push({ kind: 'p', text: `The change: ${after.source}.` });
  b.push({ kind: 'list', items: [`${r.beforeArg} (the code being replaced): ${before.description}`, `${r.afterArg} (the patched code): ${after.description}`] });

  b.push({ kind: 'h2', text: '1. Verdict' });
  b.push({ kind: 'list', items: r.validations.map((v) => verdictLine(v, after.name)) });
  const summary: Record<string, string> = {
    FINDINGS: 'The after variant is not a drop-in replacement for the before variant at the configurations above: see section 5 for the shortest counterexample of each finding.',
    ERROR: 'A check could not run: see section 5.',
    INCOMPLETE: 'A bound cut an exploration short: no verdict is claimed for what it did not explore.',
    VACUOUS: 'Nothing is claimed: the change never ran, or never differed from the code it replaces, at the configurations checked. Section 3 names where it does.',
    EQUIVALENT: 'At every configuration checked, every property holds for the after variant, and every operation run alone from every state it reaches ends the same for its caller as with the before variant.',
  };
  b.push({ kind: 'p', text: summary[verdict] });

  b.push({ kind: 'h2', text: '2. What was checked' });
  b.push({
    kind: 'p',
    text: `Differential check (pagecheck validate): the after variant is explored exhaustively, every interleaving of the configuration's threads, with every property below checked after every step; in every distinct state reached, each enabled operation is run alone on both variants, and what its caller can observe afterwards (the zone after a full drain, the pages it got back) must be the same. The configurations checked:`,
  });
  const checked = new Map(r.validations.map((v) => [v.config, v]));
  b.push({
    kind: 'list',
    items: configItems(model, (c) => {
      const v = checked.get(c);
      return v ? `; checked: ${states(v.outcome.result.exploration.states)} of ${after.name} explored` : ' (not checked here)';
    }).filter((line) => !line.endsWith('(not checked here)')),
  });
  const others = Object.keys(model.configs).filter((c) => !checked.has(c));
  if (others.length) b.push({ kind: 'p', text: `The model's other configurations (${others.join(', ')}) were not checked for this report; --config all checks every one.` });
  b.push({ kind: 'p', text: 'Properties, each checked after every step:' });
  b.push({ kind: 'list', items: propertyItems(model) });
  b.push({ kind: 'p', text: 'What the model leaves out, on purpose:' });
  b.push({ kind: 'list', items: [...model.abstracts] });

  b.push({ kind: 'h2', text: '3. Coverage of the change' });
  b.push({
    kind: 'p',
    text: "Each override of the after variant (a guard, an action or a machine that replaces the before variant's) is counted over the transitions explored: how often it ran, and how often it decided differently from the code it replaces on the same state. An override that never ran or never differed makes the verdict VACUOUS.",
  });
  for (const v of r.validations) b.push({ kind: 'h3', text: `At ${v.config}:` }, { kind: 'pre', text: coverageText(v) });

  b.push({ kind: 'h2', text: '4. Cost' });
  b.push({ kind: 'p', text: 'Counters kept outside the explored states, totalled over the operations run alone on both variants, over every run and over the runs where the two differ.' });
  for (const v of r.validations) b.push({ kind: 'h3', text: `At ${v.config} (${num(v.outcome.result.comparisons)} operations run alone):` }, { kind: 'pre', text: formatCost(v.outcome.result) });

  const findings = r.validations.filter(isFinding);
  b.push({ kind: 'h2', text: '5. Findings' });
  if (!findings.length) b.push({ kind: 'p', text: 'None at the configurations checked.' });
  for (const v of findings) b.push({ kind: 'h3', text: `At ${v.config}:` }, { kind: 'pre', text: findingText(model, before, after, v) });

  b.push({ kind: 'h2', text: '6. Reproduce' });
  b.push({ kind: 'p', text: 'Each configuration again, then this report:' });
  b.push({ kind: 'pre', text: [...r.validations.map((v) => validateCommand(model, before, after, v.config)), argv].map((c) => `  ${c}`).join('\n') });
  return b;
}

/** `ok`, `caught P1 at step 3`, `MISSED`: a row's verdict as the report says it. */
function rowVerdict(r: Row): string {
  const res = r.result;
  if (res.status === 'ok') return `every property holds (${states(res.states)})`;
  if (r.kind === 'mutant') return r.caught ? `caught by ${verdictWord(r)}, counterexample of ${r.steps} step${r.steps === 1 ? '' : 's'}${r.pass ? '' : ` (expected ${r.expect})`}` : `MISSED (${r.verdict})`;
  return r.verdict;
}

function modelBlocks(m: ModelReport, argv: string): Block[] {
  const { model } = m;
  const failing = m.baseline.filter((r) => !r.pass);
  const missed = m.mutants.filter((r) => !r.pass);
  const pairFindings = m.pairs.filter((p) => isFinding(p.validation));
  const verdict = failing.length || pairFindings.length ? 'FINDINGS' : missed.length ? 'MUTANTS MISSED' : 'OK';
  const b: Block[] = [{ kind: 'h1', text: `pagecheck: model ${model.name}: ${verdict}` }, headerBlock(model), { kind: 'p', text: `${model.description}.` }];

  b.push({ kind: 'h2', text: '1. Verdict' });
  b.push({
    kind: 'list',
    items: [
      failing.length ? `the baseline breaks a property at ${failing.map((r) => r.config).join(', ')} (section 5)` : `the baseline keeps every property at every one of the ${m.baseline.length} configurations, every interleaving explored`,
      `${m.mutants.length - missed.length} of ${m.mutants.length} mutants (known-bad changes) caught by the property they target${missed.length ? `; missed or caught otherwise: ${missed.map((r) => r.variant).join(', ')}` : ''}`,
      ...m.pairs.map((p) => `${p.before.name} -> ${p.after.name}: ${verdictLine(p.validation, p.after.name)}`),
    ],
  });

  b.push({ kind: 'h2', text: '2. What was checked' });
  b.push({ kind: 'p', text: 'The baseline is explored exhaustively at each configuration (every interleaving of its threads), every property checked after every step:' });
  const rows = new Map(m.baseline.map((r) => [r.config, r]));
  b.push({ kind: 'list', items: configItems(model, (c) => `; ${rows.get(c) ? rowVerdict(rows.get(c)!) : 'not checked'}`) });
  b.push({ kind: 'p', text: 'Properties:' });
  b.push({ kind: 'list', items: propertyItems(model) });
  b.push({ kind: 'p', text: 'What the model leaves out, on purpose:' });
  b.push({ kind: 'list', items: [...model.abstracts] });

  b.push({ kind: 'h2', text: '3. Patches in the model: coverage and cost' });
  if (!m.pairs.length) b.push({ kind: 'p', text: 'The model has no before/after pair of patch variants.' });
  for (const p of m.pairs) {
    const v = p.validation;
    b.push({ kind: 'h3', text: `${p.before.name} -> ${p.after.name} at ${v.config}${p.after.source ? ` (${p.after.source})` : ''}` });
    b.push({ kind: 'p', text: `${p.after.description}.` });
    b.push({ kind: 'pre', text: `${coverageText(v)}\n\n${formatCost(v.outcome.result)}` });
  }

  b.push({ kind: 'h2', text: '4. Mistakes the checker catches' });
  b.push({ kind: 'list', items: m.mutants.map((r) => `${r.variant} (${r.config}): ${rowVerdict(r)}. ${m.model.variants.find((v) => v.name === r.variant)?.description ?? ''}.`) });

  b.push({ kind: 'h2', text: '5. Findings' });
  if (!failing.length && !pairFindings.length) b.push({ kind: 'p', text: 'None: the baseline keeps every property at every configuration, and every pair is equivalent where checked.' });
  for (const r of failing) {
    const meta = { model: model.name, variant: 'baseline', config: r.config, render: () => '', legend: '', rerun: `npx pagecheck check --model ${model.name} --config ${r.config}` };
    b.push({ kind: 'pre', text: withoutTimings(r.result.status === 'ok' ? '' : formatCheck(r.result, { ...meta, figures: `${states(r.result.states)}` })) });
  }
  for (const p of pairFindings) b.push({ kind: 'pre', text: findingText(model, p.before, p.after, p.validation) });

  b.push({ kind: 'h2', text: '6. Reproduce' });
  b.push({ kind: 'p', text: 'The baseline at every configuration, the mutants, each pair, then this report:' });
  b.push({
    kind: 'pre',
    text: [`npx pagecheck suite --model ${model.name}`, `npx pagecheck mutants --model ${model.name}`, ...m.pairs.map((p) => validateCommand(model, p.before, p.after, p.validation.config)), argv].map((c) => `  ${c}`).join('\n'),
  });
  return b;
}

/** The reply to a patch, as plain text (`md`: Markdown); `argv` is the command that made it. */
export function formatPatchReport(r: PatchReport, argv: string, md = false): string {
  const b = patchBlocks(r, argv);
  return fitText(md ? renderMarkdown(b) : renderText(b));
}

/** A model's report, as plain text (`md`: Markdown); `argv` is the command that made it. */
export function formatModelReport(m: ModelReport, argv: string, md = false): string {
  const b = modelBlocks(m, argv);
  return fitText(md ? renderMarkdown(b) : renderText(b));
}
