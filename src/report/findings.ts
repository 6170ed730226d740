/**
 * The findings report (`pagecheck report --model M [--md]`): the model's text with the verdicts
 * src/findings.ts computed, as plain text or as Markdown, written to be posted in reply to the
 * proposal. Formatting only.
 */
import type { FindingsResult } from '../findings.ts';
import type { ModelDef } from '../../models/types.ts';
import { PAGECHECK_VERSION } from './vocabulary.ts';
import { verdictWord } from '../findings.ts';
import type { Row } from '../cli/runs.ts';
import { propertyByCode } from '../../properties/index.ts';
import { AT_END } from '../validate/types.ts';
import type { RunCosts } from '../validate/runs.ts';
import { formatFinding, formatTable, formatTrace, num, stripAnsi } from './text.ts';
import { fitText, layout, widthOf, wrap } from './layout.ts';
import { formatRunCosts, spread, type ValidateMeta } from './validate.ts';

/** A piece of a report, rendered as text or Markdown (this report's and src/report/model-report.ts's). */
export type Block =
  | { readonly kind: 'h1' | 'h2' | 'h3'; readonly text: string }
  | { readonly kind: 'p'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] }
  /** Preformatted lines, already indented for the text form. */
  | { readonly kind: 'pre'; readonly text: string };

/** Blocks as plain text. */
export function renderText(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'h1':
      case 'h2': {
        const t = wrap(b.text);
        out.push(t, (b.kind === 'h1' ? '=' : '-').repeat(Math.max(...t.split('\n').map(widthOf))), '');
        break;
      }
      case 'h3':
        out.push(wrap(b.text), '');
        break;
      case 'p':
        out.push(wrap(b.text), '');
        break;
      case 'list':
        for (const i of b.items) out.push(wrap(i, undefined, '    ', '  - '));
        out.push('');
        break;
      case 'table':
        out.push(formatTable(b.header, b.rows, [], { width: layout().width - 2 }).replace(/^/gm, '  '), '');
        break;
      case 'pre':
        out.push(b.text, '');
        break;
    }
  }
  return out.join('\n').trimEnd();
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** Blocks as Markdown. */
export function renderMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'h1':
        out.push(`# ${b.text}`, '');
        break;
      case 'h2':
        out.push(`## ${b.text}`, '');
        break;
      case 'h3':
        out.push(`### ${b.text}`, '');
        break;
      case 'p':
        out.push(b.text, '');
        break;
      case 'list':
        out.push(...b.items.map((i) => `- ${i}`), '');
        break;
      case 'table': {
        const md = [`| ${b.header.map(mdCell).join(' | ')} |`, `| ${b.header.map(() => '---').join(' | ')} |`, ...b.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)];
        // A Markdown table cannot wrap: one wider than the page is printed as a text table.
        if (md.every((l) => widthOf(l) <= layout().width)) out.push(...md, '');
        else out.push('```', formatTable(b.header, b.rows), '```', '');
        break;
      }
      case 'pre':
        out.push('```', stripAnsi(b.text), '```', '');
        break;
    }
  }
  return out.join('\n').trimEnd();
}

/** The header every report starts with: pagecheck's version, the model and the kernel it follows. */
export function headerBlock(model: ModelDef): Block {
  const k = model.kernel;
  return { kind: 'p', text: `pagecheck ${PAGECHECK_VERSION}, model ${model.name}. Kernel followed: ${k.version}; read from ${k.read}${k.notes ? `; ${k.notes}` : ''}.` };
}

/** `holds (1,154 states)`, `violated: P10 at step 4`, `deadlock after step 2`. */
function verdictText(r: Row): string {
  const res = r.result;
  switch (res.status) {
    case 'ok':
      return `holds (${num(res.states)} states explored)`;
    case 'violation':
      return `violated: ${res.finding.code} ${propertyByCode(res.finding.code)?.title ?? ''} at step ${res.trace.length}`.replace('  ', ' ');
    case 'deadlock':
      return `deadlock: no thread can move after step ${res.trace.length}`;
    case 'bound':
      return `incomplete (bound ${res.bound})`;
    case 'error':
      return `error: ${res.message}`;
  }
}

/** The shortest counterexample of a row, with its finding and the command that reproduces it. */
function traceOf(f: FindingsResult, r: Row): string {
  const res = r.result;
  if (res.status !== 'violation' && res.status !== 'deadlock') return '';
  const pic = f.picture(r);
  const meta = { model: r.model, variant: r.variant, config: r.config, render: pic.render, legend: pic.legend, rerun: '' };
  const lines = [formatTrace(res.initial, res.trace, meta, { legend: false })];
  lines.push(res.status === 'violation' ? formatFinding(res.finding).replace(/^/gm, '  ') : `  deadlock: ${res.message}`);
  lines.push(`  reproduce: npx pagecheck check --model ${r.model} --variant ${r.variant} --config ${r.config}`);
  return lines.join('\n');
}

function costLines(c: RunCosts, op: string): { calls: number; zone: [number, number, number] } | null {
  if (c.status !== 'ok') return null;
  const o = c.operations.find((x) => x.operation === op);
  if (!o) return { calls: 0, zone: [0, 0, 0] };
  const i = c.counters.findIndex((k) => k.key === 'zoneLock');
  return { calls: o.calls.mean, zone: [o.mean[i], o.min[i], o.max[i]] };
}

/** The report's pieces. */
function blocksOf(f: FindingsResult): Block[] {
  const { spec, model } = f;
  const b: Block[] = [{ kind: 'h1', text: spec.title }, headerBlock(model)];
  for (const p of spec.intro) b.push({ kind: 'p', text: p });

  b.push({ kind: 'h2', text: '1. Configurations' });
  b.push({
    kind: 'p',
    text: `Every interleaving of every configuration below is explored, and every property is checked after every step. The RFC as modelled (variant baseline, with the open questions of section 3 answered as its readings say) at each:`,
  });
  b.push({
    kind: 'list',
    items: f.configs.map((r) => `${r.config} (${num(r.result.states)} states): ${r.result.status === 'ok' ? 'every property holds' : verdictText(r)}. ${model.configs[r.config]?.description ?? ''}.`),
  });
  for (const p of f.patches) {
    b.push({ kind: 'p', text: `The patch ${p.variant.name} (${p.variant.source ?? p.variant.name}): ${p.variant.description}. At each configuration:` });
    b.push({ kind: 'list', items: p.rows.map((r) => `${r.config} (${num(r.result.states)} states): ${r.result.status === 'ok' ? 'every property holds' : verdictText(r)}.`) });
    for (const r of p.rows) {
      const t = traceOf(f, r);
      if (t) b.push({ kind: 'pre', text: t });
    }
  }

  b.push({ kind: 'h2', text: '2. Properties' });
  b.push({
    kind: 'list',
    items: f.properties.map((p) => {
      const all = p.rows.length === f.configs.length;
      const states = p.rows.reduce((n, r) => n + r.result.states, 0);
      const held = p.rows.every((r) => r.result.status === 'ok');
      const where = all ? `every configuration (${num(states)} states)` : `${p.rows.map((r) => `${r.config} (${num(r.result.states)} states)`).join(', ')}; the other configurations cannot break it`;
      const broken = p.brokenBy.length ? ` Broken by the readings ${p.brokenBy.map((r) => `${r.variant} (at step ${r.steps})`).join(', ')}: see section 3.` : '';
      return `${p.property.code} ${p.property.title} (${p.property.meaning}): ${held ? 'holds' : 'VIOLATED'} at ${where}.${broken}`;
    }),
  });

  b.push({ kind: 'h2', text: '3. Open questions' });
  f.spec.questions.forEach((q, i) => {
    const res = f.questions.find((x) => x.key === q.key)!;
    b.push({ kind: 'h3', text: `3.${i + 1} ${q.title}` });
    b.push({ kind: 'p', text: q.text });
    for (const a of res.answers) {
      const recorded = a.asRecorded ? '' : ` (this differs from the verdict recorded for ${a.variant.name}, ${a.variant.expect ?? 'ok'}: the conclusion below is out of date)`;
      b.push({ kind: 'list', items: [`${a.answer} [${a.row.variant} @ ${a.row.config}]: ${verdictText(a.row)}${recorded}`] });
      const t = traceOf(f, a.row);
      if (t) b.push({ kind: 'pre', text: t });
    }
    b.push({ kind: 'p', text: q.conclusion });
  });

  b.push({ kind: 'h2', text: '4. Cost' });
  for (const [i, c] of f.costs.entries()) {
    const s = f.spec.costs[i];
    b.push({ kind: 'h3', text: `4.${i + 1} ${s.title} (${c.after.configName})` });
    b.push({ kind: 'p', text: s.text });
    const r = c.result;
    const meta: ValidateMeta = { model: model.name, before: c.before.variant.name, after: c.after.variant.name, config: c.after.configName, render: () => '', legend: '', rerun: '' };
    const rows: string[][] = [];
    for (const [name, runs] of [[meta.before, r.runs.before], [meta.after, r.runs.after]] as const) {
      const alloc = costLines(runs, 'alloc_pages');
      const free = costLines(runs, '__free_pages');
      const end = costLines(runs, AT_END);
      if (!alloc || !free || !end) {
        rows.push([name, runs.status !== 'ok' ? runs.message : '', '', '', '', '']);
        continue;
      }
      const perPage = (zone: number, pages: number) => (pages ? (zone / pages).toFixed(2) : '-');
      rows.push([
        name,
        spread(alloc.zone[0], alloc.zone[1], alloc.zone[2]),
        perPage(alloc.zone[0], alloc.calls),
        spread(free.zone[0], free.zone[1], free.zone[2]),
        spread(end.zone[0], end.zone[1], end.zone[2]),
        perPage(free.zone[0] + end.zone[0], free.calls),
      ]);
    }
    b.push({
      kind: 'table',
      header: ['variant', 'zone->lock in allocations per run', 'per page allocated', 'in frees per run', 'draining what is left', 'per page freed'],
      rows,
    });
    b.push({ kind: 'p', text: `Explored under every property: ${meta.before} ${num(r.before.states)} states, ${meta.after} ${num(r.after.states)} states. Every counter, per complete run (mean [smallest-largest]):` });
    b.push({ kind: 'pre', text: formatRunCosts(r, meta).replace(/^/gm, '  ') });
    b.push({ kind: 'p', text: `Reproduce: npx pagecheck validate --model ${model.name} --before ${meta.before} --after ${meta.after} --separately --config ${c.configSpec}` });
  }

  b.push({ kind: 'h2', text: '5. Mistakes the checker catches' });
  b.push({
    kind: 'p',
    text: 'Each of these plausible slips in implementing the RFC is a variant of the model; the exhaustive search catches every one, by the property named, with a counterexample of the length given (divergence: found by comparing each operation with the baseline run from the same state).',
  });
  b.push({
    kind: 'list',
    items: f.mutants.map((r) => {
      const v = f.variantOf(r);
      const caught = r.steps !== undefined ? `caught by ${verdictWord(r)}, counterexample of ${r.steps} step${r.steps === 1 ? '' : 's'} (${r.config})` : 'MISSED';
      return `${r.variant}: ${caught}. ${v.description}.`;
    }),
  });

  b.push({ kind: 'h2', text: '6. What the model leaves out' });
  b.push({ kind: 'list', items: [...f.spec.limits] });
  const files = [...f.patches.map((p) => p.variant), ...f.questions.flatMap((q) => q.answers.map((a) => a.variant)), ...f.mutants.map((r) => f.variantOf(r))]
    .filter((v) => v.file !== undefined)
    .map((v) => v.source ?? v.file!);
  const given = [...new Set(files)].map((x) => ` --variant ${x}`).join('');
  b.push({ kind: 'p', text: `Reproduce this report: npx pagecheck report --model ${model.name}${given} (--md for Markdown).` });
  return b;
}

/** The report as plain text. */
export function formatFindings(f: FindingsResult): string {
  return fitText(renderText(blocksOf(f)));
}

/** The report as Markdown. */
export function formatFindingsMarkdown(f: FindingsResult): string {
  return fitText(renderMarkdown(blocksOf(f)));
}
