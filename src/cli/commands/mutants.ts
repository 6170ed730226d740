/** `pagecheck mutants`: every known-bad variant, checked exhaustively at its default configuration. */
import type { Command } from 'commander';
import { pc } from '../../report/colour.js';
import { MODELS, findModel, findVariant } from '../../../models/registry.ts';
import { loadVariantArg } from '../../check.ts';
import { UsageError } from '../../util/unreachable.ts';
import { formatTable, num } from '../../report/text.ts';
import type { Io } from '../io.ts';
import { rowJson, rowStatus, runRow } from '../runs.ts';
import { envelope, exitOf, type Status } from '../../report/vocabulary.ts';

/** Registers the command. */
export function registerMutants(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('mutants')
    .description('check every mutant (known-bad variant) exhaustively; each must be caught by its property')
    .option('--model <name>', 'only this model')
    .option('--variant <file...>', 'check these mutant files (written outside the repository) instead of the built-in mutants')
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: { model?: string; json?: boolean; variant?: string[] }) => {
      let rows;
      if (o.variant?.length) {
        rows = [];
        for (const file of o.variant) {
          const { model, variant } = await loadVariantArg(file, o.model);
          const m = findModel(model!);
          const v = findVariant(m, variant);
          if (v.kind !== 'mutant') throw new UsageError(`${file} declares a ${v.kind}, not a mutant: check it with \`pagecheck check --variant ${file}\``);
          rows.push(runRow(m, v));
        }
      } else {
        const models = o.model ? [findModel(o.model)] : MODELS;
        rows = models.flatMap((m) => m.variants.filter((v) => v.kind === 'mutant').map((v) => runRow(m, v)));
      }
      const caught = rows.filter((r) => r.caught).length;
      const status: Status = rows.every((r) => r.pass) ? 'ok' : rows.some((r) => rowStatus(r) === 'error') ? 'error' : 'fail';
      if (o.json) io.out(JSON.stringify(envelope('mutants', status, { total: rows.length, caught, asExpected: rows.filter((r) => r.pass).length, mutants: rows.map(rowJson) })));
      else {
        io.out(
          formatTable(
            ['model', 'mutant', 'config', 'expected', 'verdict', 'states', 'seconds'],
            rows.map((r) => [r.model, r.variant, r.config, r.expect ?? '', r.pass ? pc.green(r.verdict) : pc.red(r.verdict), num(r.result.states), r.result.seconds.toFixed(2)]),
            [5, 6],
          ),
        );
        io.out(`\n${caught} of ${rows.length} mutants caught; ${rows.filter((r) => r.pass).length} by the property they target.`);
      }
      setExit(exitOf(status));
    });
}
