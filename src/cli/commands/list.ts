/** `pagecheck list`: models, their variants and configurations, and the properties. */
import type { Command } from 'commander';
import { PROPERTIES } from '../../../properties/index.ts';
import { MODELS } from '../../../models/registry.ts';
import { formatTable } from '../../report/text.ts';
import type { Io } from '../io.ts';
import { envelope } from '../../report/vocabulary.ts';

/** Registers the command. */
export function registerList(program: Command, io: Io): void {
  program
    .command('list')
    .description('list models, variants, configurations and properties')
    .option('--json', 'print one JSON object on stdout')
    .action((o: { json?: boolean }) => {
      const models = MODELS.map((m) => ({
        name: m.name,
        description: m.description,
        defaultConfig: m.defaultConfig,
        configs: Object.entries(m.configs).map(([name, c]) => ({ name, description: c.description ?? '' })),
        ...(m.fuzzConfigs ? { fuzzConfigs: Object.entries(m.fuzzConfigs).map(([name, c]) => ({ name, description: c.description ?? '' })) } : {}),
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
