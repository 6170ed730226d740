/**
 * `pagecheck suite` (what `npm start` runs): every built-in model, its baseline at every
 * configuration and each other variant at its default configuration, explored exhaustively,
 * one row each; then the fuzz budget on the configurations too large for exhaustive search
 * (see ../fuzz-runs.ts).
 */
import type { Command } from 'commander';
import { pc } from '../../report/colour.js';
import { MODELS, findModel } from '../../../models/registry.ts';
import { formatTable, num } from '../../report/text.ts';
import type { Io } from '../io.ts';
import { rowJson, rowStatus, runRow, type Row } from '../runs.ts';
import { SUITE_FUZZ, fuzzRowJson, fuzzRowStatus, suiteFuzzRows } from '../fuzz-runs.ts';
import { envelope, exitOf, type Status } from '../../report/vocabulary.ts';

/** The rows of the suite, in order; `onRow` sees each as soon as it is done. */
export function suiteRows(models = MODELS, onRow?: (r: Row) => void): Row[] {
  const rows: Row[] = [];
  for (const m of models) {
    for (const v of m.variants) {
      const configs = v.kind === 'baseline' ? Object.keys(m.configs) : [v.config ?? m.defaultConfig];
      for (const c of configs) {
        const r = runRow(m, v, c);
        rows.push(r);
        onRow?.(r);
      }
    }
  }
  return rows;
}

/** Registers the command. */
export function registerSuite(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('suite')
    .description('the default verification suite: every model and variant, explored exhaustively')
    .option('--model <name>', 'only this model')
    .option('--json', 'print one JSON object on stdout')
    .action((o: { model?: string; json?: boolean }) => {
      const t0 = performance.now();
      const models = o.model ? [findModel(o.model)] : MODELS;
      if (!o.json) io.err('pagecheck: default verification suite (exhaustive breadth-first search)');
      const rows = suiteRows(models, (r) => {
        if (!o.json) io.err(`  ${r.model}/${r.variant} @ ${r.config}: ${r.verdict}`);
      });
      if (!o.json) io.err(`pagecheck: fuzz budget on the large configurations (strategy ${SUITE_FUZZ.strategy}, seed ${SUITE_FUZZ.seed})`);
      const fuzzRows = suiteFuzzRows(models, (r) => {
        if (!o.json) io.err(`  ${r.model}/${r.variant} @ ${r.config}: ${r.verdict}`);
      });
      const seconds = (performance.now() - t0) / 1000;
      const failed = [...rows, ...fuzzRows].filter((r) => !r.pass);
      const all = [...rows.map(rowStatus), ...fuzzRows.map(fuzzRowStatus)];
      const status: Status = !failed.length ? 'ok' : all.includes('error') ? 'error' : all.includes('fail') ? 'fail' : 'incomplete';
      if (o.json) io.out(JSON.stringify(envelope('suite', status, { seconds: Number(seconds.toFixed(2)), rows: rows.map(rowJson), fuzz: fuzzRows.map(fuzzRowJson) })));
      else {
        io.out(
          formatTable(
            ['model', 'variant', 'kind', 'configuration', 'states', 'transitions', 'depth', 'seconds', 'verdict'],
            rows.map((r) => [
              r.model,
              r.variant,
              r.kind,
              r.config,
              num(r.result.states),
              num(r.result.transitions),
              String(r.result.depth),
              r.result.seconds.toFixed(2),
              r.pass ? pc.green(r.verdict) : pc.red(r.verdict),
            ]),
            [4, 5, 6, 7],
          ),
        );
        if (fuzzRows.length) {
          io.out(`\nFuzz budget (configurations too large for exhaustive search; strategy ${SUITE_FUZZ.strategy}, seed ${SUITE_FUZZ.seed}, shrinking bounded at ${SUITE_FUZZ.shrinkSeconds} s):`);
          io.out(
            formatTable(
              ['model', 'variant', 'kind', 'configuration', 'runs', 'steps', 'seconds', 'verdict'],
              fuzzRows.map((r) => [
                r.model,
                r.variant,
                r.kind,
                r.config,
                num(r.result.stats.runs),
                num(r.result.stats.steps),
                (r.result.stats.seconds + (r.result.status === 'failure' ? (r.result.failure.shrink?.seconds ?? 0) : 0)).toFixed(2),
                r.pass ? pc.green(r.verdict) : pc.red(r.verdict),
              ]),
              [4, 5, 6],
            ),
          );
        }
        const mutants = rows.filter((r) => r.kind === 'mutant');
        const candidates = rows.filter((r) => r.kind === 'candidate');
        const held = rows.filter((r) => r.kind === 'baseline' || r.kind === 'patch');
        io.out(
          `\n${rows.length} checks in ${seconds.toFixed(1)} s: ${held.filter((r) => r.pass).length}/${held.length} baselines and patches hold, ` +
            `${mutants.filter((r) => r.caught).length}/${mutants.length} mutants caught (${mutants.filter((r) => r.pass).length} by their target property).` +
            (candidates.length ? ` Open-question candidates: ${candidates.filter((r) => r.pass).length}/${candidates.length} as recorded.` : '') +
            (fuzzRows.length ? ` Fuzz budget: ${fuzzRows.filter((r) => r.pass).length}/${fuzzRows.length} rows as expected.` : '') +
            (failed.length ? pc.red(`\nFAILED: ${failed.map((r) => `${r.model}/${r.variant}@${r.config}`).join(', ')}`) : ''),
        );
      }
      setExit(exitOf(status));
    });
}
