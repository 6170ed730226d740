/**
 * `pagecheck list`: models, their variants and configurations, and the properties; `--json` gives
 * each configuration's values as a `--config FILE` takes them.
 */
import type { Command } from 'commander';
import { PROPERTIES } from '../../../properties/index.ts';
import { MODELS, findModel } from '../../../models/registry.ts';
import { namesOf, type ModelNames } from '../../variant/names.ts';
import { formatTable } from '../../report/text.ts';
import type { Io } from '../io.ts';
import { envelope } from '../../report/vocabulary.ts';

/** Registers the command. */
export function registerList(program: Command, io: Io): void {
  program
    .command('list')
    .description('list models, variants, configurations and properties')
    .option('--model <name>', 'only this model')
    .option('--names', 'every name a variant may use: machines with their labels, calls, guards and actions; guards, actions, registers, state words (docs/reference.md says what each is)')
    .option('--json', 'print one JSON object on stdout')
    .action((o: { json?: boolean; model?: string; names?: boolean }) => {
      if (o.names) {
        const names = (o.model ? [findModel(o.model)] : MODELS).map(namesOf);
        if (o.json) io.out(JSON.stringify(envelope('list', 'ok', { names })));
        else for (const n of names) io.out(formatNames(n));
        return;
      }
      // A configuration's values are what a --config FILE takes: `list --json` gives a file to start from.
      const models = (o.model ? [findModel(o.model)] : MODELS).map((m) => ({
        name: m.name,
        description: m.description,
        kernel: m.kernel,
        defaultConfig: m.defaultConfig,
        configs: Object.entries(m.configs).map(([name, c]) => ({ name, description: c.description ?? '', values: c })),
        ...(m.fuzzConfigs ? { fuzzConfigs: Object.entries(m.fuzzConfigs).map(([name, c]) => ({ name, description: c.description ?? '', values: c })) } : {}),
        ...(m.defaultFuzzConfig ? { defaultFuzzConfig: m.defaultFuzzConfig } : {}),
        variants: m.variants.map((v) => ({
          name: v.name,
          kind: v.kind,
          description: v.description,
          ...(v.baseline ? { baseline: v.baseline } : {}),
          ...(v.expect ? { expect: v.expect } : {}),
          ...(v.config ? { config: v.config } : {}),
          ...(v.source ? { source: v.source } : {}),
        })),
        properties: m.properties.map((p) => p.code),
      }));
      const properties = PROPERTIES.map((p) => ({ code: p.code, title: p.title, meaning: p.meaning, kind: p.kind }));
      if (o.json) {
        io.out(JSON.stringify(envelope('list', 'ok', { models, properties })));
        return;
      }
      for (const m of models) {
        io.out(`model ${m.name}: ${m.description}`);
        io.out(`  kernel: ${m.kernel.version}; read from ${m.kernel.read}${m.kernel.notes ? `; ${m.kernel.notes}` : ''}`);
        io.out(`  properties: ${m.properties.join(' ')}`);
        io.out(
          formatTable(
            ['  configuration', 'description'],
            [
              ...m.configs.map((c) => [`  ${c.name}${c.name === m.defaultConfig ? ' (default)' : ''}`, c.description]),
              ...(m.fuzzConfigs ?? []).map((c) => [`  ${c.name} (fuzz${c.name === m.defaultFuzzConfig ? ', default' : ''})`, c.description]),
            ],
          ),
        );
        io.out(formatTable(['  variant', 'kind', 'caught by', 'description'], m.variants.map((v) => [`  ${v.name}`, v.kind, v.expect ?? '', v.description])));
        io.out('');
      }
      io.out(formatTable(['property', 'title', 'checked', 'meaning'], properties.map((p) => [p.code, p.title, p.kind, p.meaning])));
    });
}

/** The names of one model, as `list --names` prints them. */
function formatNames(n: ModelNames): string {
  const lines = [`model ${n.model}`, '  machines (replace with machines: { <id>: ... }; labels are where a thread rests between steps):'];
  for (const m of n.machines) {
    lines.push(`    ${m.id}${m.entry ? ' (entry: an operation)' : ''}`);
    if (m.labels.length) lines.push(`      labels:  ${m.labels.join(' ')}`);
    if (m.calls.length) lines.push(`      calls:   ${m.calls.join(' ')}`);
    if (m.guards.length) lines.push(`      guards:  ${m.guards.join(' ')}`);
    if (m.actions.length) lines.push(`      actions: ${m.actions.join(' ')}`);
  }
  lines.push(`  guards (${n.guards.length}): ${n.guards.join(' ')}`, `  actions (${n.actions.length}): ${n.actions.join(' ')}`);
  lines.push(`  registers: ${n.registers.map((r) => `${r.set}.${r.name}`).join(' ')}`);
  lines.push(`  thread words: ${n.threadWords.map((w) => `TW.${w.name}`).join(' ')} (k.L.threadBase(t) + TW.op is 0 when thread t is idle)`);
  if (n.words.length) lines.push(`  state words (k.word(name, i)): ${n.words.map((w) => `'${w.name}' [${w.length}]${w.only ? ` (only ${w.only.join(', ')})` : ''}`).join(', ')}`);
  return lines.join('\n') + '\n';
}
