/**
 * Writes docs/reference.md, the reference of everything a variant may use, from the code: every
 * public member of the step context (models/mm/kernel.ts, with its TSDoc), and per model its
 * registers, thread and state words, machines (labels, calls, guards, actions) and the guards
 * and actions it may override (with their TSDoc). A test regenerates it and compares, so that it
 * cannot go stale.
 *
 *   node bin/run-ts.js scripts/reference.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { MODELS } from '../models/registry.ts';
import { namesOf } from '../src/variant/names.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the docs' TSDoc is read from: the step context, the layouts, every model's implementation and state modules. */
const SOURCES = [
  'models/mm/kernel.ts',
  'models/mm/layout.ts',
  ...MODELS.flatMap((m) => [`models/${m.name}/impl.ts`, `models/${m.name}/state.ts`]),
  'properties/p9-ranges.ts',
];

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();
const cell = (s: string) => oneLine(s).replace(/\|/g, '\\|');

function docOf(node: ts.Node, sf: ts.SourceFile): string {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  void sf;
  return docs.map((d) => (typeof d.comment === 'string' ? d.comment : (ts.getTextOfJSDocComment(d.comment) ?? ''))).join(' ');
}

interface Extracted {
  /** Step context members, in source order, grouped by the class's section comments. */
  readonly members: { section: string; signature: string; doc: string }[];
  /** Docs of the properties of exported object literals, by object name and property. */
  readonly objects: Map<string, Map<string, string>>;
  /** Docs of properties whose value is a string literal (state word names), by that string. */
  readonly strings: Map<string, string>;
  /** Docs of guards and actions, by file and name. */
  readonly impl: Map<string, Map<string, string>>;
}

function extract(): Extracted {
  const members: Extracted['members'] = [];
  const objects = new Map<string, Map<string, string>>();
  const strings = new Map<string, string>();
  const impl = new Map<string, Map<string, string>>();
  for (const file of SOURCES) {
    const path = join(ROOT, file);
    if (!ts.sys.fileExists(path)) continue;
    // Parsed alone, with parent links (what the JSDoc readers need); nothing is type-checked.
    const sf = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
    const text = sf.getFullText();
    sf.forEachChild((node) => {
      if (ts.isClassDeclaration(node) && node.name?.text === 'Mm') {
        let section = 'the context';
        for (const m of node.members) {
          const lead = text.slice(m.getFullStart(), m.getStart(sf));
          const sec = /\/\/ -{10,} ([^\n]+)/.exec(lead);
          if (sec) section = sec[1].trim();
          const mods = ts.canHaveModifiers(m) ? (ts.getModifiers(m) ?? []) : [];
          if (mods.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
          if (ts.isConstructorDeclaration(m)) continue;
          const name = m.name && ts.isIdentifier(m.name) ? m.name.text : '';
          if (!name || name.startsWith('_')) continue;
          let signature: string;
          if (ts.isMethodDeclaration(m)) signature = `${name}(${m.parameters.map((p) => p.getText(sf)).join(', ')})${m.type ? `: ${m.type.getText(sf)}` : ''}`;
          else if (ts.isGetAccessor(m)) signature = `get ${name}${m.type ? `: ${m.type.getText(sf)}` : ''}`;
          else if (ts.isPropertyDeclaration(m)) signature = `${mods.some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword) ? 'readonly ' : ''}${name}${m.type ? `: ${m.type.getText(sf)}` : ''}`;
          else continue;
          members.push({ section, signature: oneLine(signature), doc: docOf(m, sf) });
        }
      }
      if (ts.isVariableStatement(node))
        for (const d of node.declarationList.declarations) {
          if (!ts.isIdentifier(d.name) || !d.initializer) continue;
          let init: ts.Expression = d.initializer;
          while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
          if (!ts.isObjectLiteralExpression(init)) continue;
          const props = new Map<string, string>();
          for (const p of init.properties) {
            if (!(ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isShorthandPropertyAssignment(p)) || !p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
            const doc = docOf(p, sf);
            props.set(p.name.text, doc);
            if (ts.isPropertyAssignment(p) && ts.isStringLiteral(p.initializer) && doc) strings.set(p.initializer.text, doc);
          }
          const key = d.name.text;
          if (key === 'guards' || key === 'actions') impl.set(`${file}:${key}`, props);
          else objects.set(key, props);
        }
    });
  }
  return { members, objects, strings, impl };
}

/** The reference, as Markdown. */
export function reference(): string {
  const x = extract();
  const out: string[] = [
    '# Reference: what a variant may use',
    '',
    'Generated from the code by `node bin/run-ts.js scripts/reference.ts` (a test checks it is current); the names also print with',
    '`npx pagecheck list --model M --names`. See [variants.md](variants.md) for how a variant is written and what a step means.',
    '',
    '## The step context (`StepContext`)',
    '',
    'Every guard, action and property check receives it as `k`, bound to the state and to the thread that runs the step.',
  ];
  let section = '';
  for (const m of x.members) {
    if (m.section !== section) {
      section = m.section;
      out.push('', `### ${section}`, '', '| member | what it is |', '| --- | --- |');
    }
    out.push(`| \`${cell(m.signature)}\` | ${cell(m.doc) || '—'} |`);
  }
  const docFromImpl = (model: string, kind: 'guards' | 'actions', name: string): string => {
    const order = [model, ...MODELS.map((m) => m.name).filter((n) => n !== model)];
    for (const m of order) {
      const d = x.impl.get(`models/${m}/impl.ts:${kind}`)?.get(name);
      if (d) return d;
    }
    return '';
  };
  for (const model of MODELS) {
    const n = namesOf(model);
    out.push('', `## Model \`${model.name}\``, '', model.description, '');
    out.push('### Registers', '', `Read with \`k.r(R.pfn)\`, written with \`k.set(R.pfn, v)\`; \`import { R${model.registers ? `, ${model.registers.name}` : ''} } from 'pagecheck'\`.`, '', '| register | index | what it holds |', '| --- | --- | --- |');
    for (const r of n.registers) out.push(`| \`${r.set}.${r.name}\` | ${r.index} | ${cell(x.objects.get(r.set)?.get(r.name) ?? '') || '—'} |`);
    out.push('', '### Words of each thread', '', 'At `k.L.threadBase(t) + TW.<word>` (`import { TW } from \'pagecheck\'`); a thread is idle when its `op` word is 0.', '', '| word | offset | what it holds |', '| --- | --- | --- |');
    for (const w of n.threadWords) out.push(`| \`TW.${w.name}\` | ${w.offset} | ${cell(x.objects.get('TW')?.get(w.name) ?? '') || (w.name === 'op' ? 'the running operation + 1; 0 when idle' : w.name === 'pc' ? "the label the thread rests at (an index of its operation's compiled machine)" : '—')} |`);
    if (n.words.length) {
      out.push('', '### Named words of the state', '', "Read with `k.word(name, i)`, written with `k.setWord(name, i, v)` (the names are exported: `EXTRA`, `OWN`, `CONTIG_EXTRA`, `PREPARED_MARKS`).", '', '| name | words | what they hold |', '| --- | --- | --- |');
      for (const w of n.words) out.push(`| \`${w.name}\` | ${w.length}${w.only ? ` (only in ${w.only.join(', ')})` : ''} | ${cell(x.strings.get(w.name) ?? '') || '—'} |`);
    }
    out.push('', '### Machines', '', 'Replace one with `machines: { <id>: { initial, states } }`; an entry is an operation\'s top-level machine, whose initial state must be a label.', '', '| machine | labels | calls | guards | actions |', '| --- | --- | --- | --- | --- |');
    for (const m of n.machines) out.push(`| \`${m.id}\`${m.entry ? ' (entry)' : ''} | ${m.labels.map((l) => `\`${l}\``).join(' ') || '—'} | ${m.calls.map((c) => `\`${c}\``).join(' ') || '—'} | ${m.guards.join(', ') || '—'} | ${m.actions.join(', ') || '—'} |`);
    out.push('', '### Guards', '', 'Override with `guards: { <name>: (k, replaced) => boolean }`; `replaced(k)` is the guard it replaces.', '', '| guard | what it decides |', '| --- | --- |');
    for (const g of n.guards) out.push(`| \`${g}\` | ${cell(docFromImpl(model.name, 'guards', g)) || '—'} |`);
    out.push('', '### Actions', '', 'Override with `actions: { <name>: (k, replaced) => void }`; `replaced(k)` runs the action it replaces.', '', '| action | what it does |', '| --- | --- |');
    for (const a of n.actions) out.push(`| \`${a}\` | ${cell(docFromImpl(model.name, 'actions', a)) || '—'} |`);
  }
  return out.join('\n') + '\n';
}

/** Where the reference is written. */
export const REFERENCE_PATH = join(ROOT, 'docs', 'reference.md');

if (process.argv[1] && import.meta.url === pathToFileURL(resolvePath(process.argv[1])).href) {
  const text = reference();
  if (process.argv.includes('--check')) {
    if (readFileSync(REFERENCE_PATH, 'utf8') !== text) {
      console.error('docs/reference.md is stale: node bin/run-ts.js scripts/reference.ts');
      process.exit(1);
    }
  } else {
    writeFileSync(REFERENCE_PATH, text);
    console.log(`written ${REFERENCE_PATH}`);
  }
}
