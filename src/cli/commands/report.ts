/**
 * `pagecheck report --model M [--md]`: the findings report of a model of a proposal (its
 * properties, its open questions with the verdict of each reading, the cost of the scenarios,
 * the mistakes caught), every verdict computed by exhaustive search now. Exit 0 when every
 * verdict is the one recorded in the model, 1 otherwise (the report then says which).
 */
import type { Command } from 'commander';
import { findings } from '../../findings.ts';
import { formatFindings, formatFindingsMarkdown } from '../../report/findings.ts';
import { EXIT, type Io } from '../io.ts';

/** Registers the command. */
export function registerReport(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('report')
    .description('the findings report of a model of a proposal (pcp-buddy): properties, open questions and the verdict of each reading, cost, mistakes caught; text to post in reply')
    .requiredOption('--model <name>', 'model (one with a findings report, see `pagecheck list`)')
    .option('--md', 'Markdown instead of plain text')
    .action((o: { model: string; md?: boolean }) => {
      io.err(`pagecheck: checking every configuration and reading of ${o.model} (exhaustive breadth-first search)`);
      const f = findings(o.model);
      io.out(o.md ? formatFindingsMarkdown(f) : formatFindings(f));
      if (!f.asRecorded) io.err('pagecheck: some verdicts differ from those recorded in the model: the report says which');
      setExit(f.asRecorded ? EXIT.ok : EXIT.violation);
    });
}
