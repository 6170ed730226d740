/**
 * `pagecheck report --model M [--variant FILE...] [--md]`: the findings report of a model of a
 * proposal (its properties, its open questions with the verdict of each reading, the cost of the
 * scenarios, the mistakes caught), with the variants of the files given added, every verdict
 * computed by exhaustive search now. Exit 0 when every verdict is the one recorded (in the model
 * or in the file), 1 otherwise (the report then says which).
 */
import type { Command } from 'commander';
import { findings } from '../../findings.ts';
import { formatFindings, formatFindingsMarkdown } from '../../report/findings.ts';
import { EXIT, type Io } from '../io.ts';
import { loadVariantArg } from '../../check.ts';
import { findModel, findVariant } from '../../../models/registry.ts';
import type { Variant } from '../../../models/types.ts';
import { isVariantPath } from '../../variant/load.ts';
import { UsageError } from '../../util/unreachable.ts';
import { reportJson } from '../../report/report-json.ts';
import { envelope } from '../../report/vocabulary.ts';

/** Registers the command. */
export function registerReport(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('report')
    .description('the findings report of a model of a proposal (pcp-buddy): properties, open questions and the verdict of each reading, cost, mistakes caught; text to post in reply')
    .requiredOption('--model <name>', 'model (one with a findings report, see `pagecheck list`)')
    .option('--md', 'Markdown instead of plain text')
    .option('--json', 'print one JSON object on stdout: every verdict of the report')
    .option('--variant <file...>', 'variant files to add: a candidate joins the open question it names, a mutant the mistakes caught, a patch is checked at every configuration')
    .action(async (o: { model: string; md?: boolean; json?: boolean; variant?: string[] }) => {
      const model = findModel(o.model);
      const extra: Variant[] = [];
      for (const file of o.variant ?? []) {
        if (!isVariantPath(file)) throw new UsageError(`--variant ${file}: report takes variant files (a path ending in .ts or .js); the built-in variants are already in the report`);
        const named = await loadVariantArg(file, model.name);
        extra.push(findVariant(model, named.variant));
      }
      io.err(`pagecheck: checking every configuration and reading of ${o.model} (exhaustive breadth-first search)`);
      const f = findings(o.model, extra);
      if (o.json) io.out(JSON.stringify(envelope('report', f.asRecorded ? 'ok' : 'fail', reportJson(f))));
      else io.out(o.md ? formatFindingsMarkdown(f) : formatFindings(f));
      if (!f.asRecorded) io.err('pagecheck: some verdicts differ from those recorded in the model: the report says which');
      setExit(f.asRecorded ? EXIT.ok : EXIT.violation);
    });
}
