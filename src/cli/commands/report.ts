/**
 * `pagecheck report --model M [--before B --after A] [--variant FILE...] [--md | --json]`: a
 * model's report, a patch's (`--before`, `--after`), or the findings report of a model of a
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
import { modelReportJson, patchReportJson, reportJson } from '../../report/report-json.ts';
import { envelope, exitOf, type Status } from '../../report/vocabulary.ts';
import { modelReport, patchReport } from '../../model-report.ts';
import { formatModelReport, formatPatchReport, patchVerdict } from '../../report/model-report.ts';

/** Registers the command. */
export function registerReport(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('report')
    .description(
      'a report to post in reply, plain text (ASCII, fitted to --width) or Markdown: for a model (what was checked, the verdict, the mistakes caught, the cost of its patches), for a patch with --before and --after (the verdict, coverage of the change, cost, the shortest counterexample of each finding, the commands to reproduce), or the findings report of a model of a proposal (pcp-buddy)',
    )
    .requiredOption('--model <name>', 'model (see `pagecheck list`)')
    .option('--before <name|file>', 'with --after: the variant being replaced (the code before the patch), or a variant file')
    .option('--after <name|file>', 'with --before: the patched variant, or a variant file (named in the report by its path)')
    .option('--config <name...>', "with --before/--after: the configurations to check (default: the after variant's own; all: every one)")
    .option('--md', 'Markdown instead of plain text')
    .option('--json', 'print one JSON object on stdout: every verdict of the report (form findings, model or patch; a patch\'s validations as validate --json prints them)')
    .option('--variant <file...>', 'for a findings report: variant files to add: a candidate joins the open question it names, a mutant the mistakes caught, a patch is checked at every configuration')
    .action(async (o: { model: string; md?: boolean; json?: boolean; variant?: string[]; before?: string; after?: string; config?: string[] }) => {
      const model = findModel(o.model);
      if (o.json && o.md) throw new UsageError('report: --json and --md are two forms of the same report; give one');
      if (o.before !== undefined || o.after !== undefined) {
        if (o.before === undefined || o.after === undefined) throw new UsageError('report: --before and --after go together (the variant being replaced and the one replacing it)');
        if (o.variant?.length) throw new UsageError('report: --variant adds to a findings report; with --before and --after, give the files there');
        const before = await loadVariantArg(o.before, model.name);
        const after = await loadVariantArg(o.after, model.name);
        io.err(`pagecheck: validating ${o.after} against ${o.before} (${model.name}; exhaustive breadth-first search)`);
        const r = patchReport(model.name, before.variant, after.variant, o.config ?? []);
        const verdict = patchVerdict(r);
        const status: Status = verdict === 'EQUIVALENT' ? 'ok' : verdict === 'FINDINGS' ? 'fail' : verdict === 'ERROR' ? 'error' : verdict === 'VACUOUS' ? 'vacuous' : 'incomplete';
        io.out(o.json ? JSON.stringify(envelope('report', status, patchReportJson(r))) : formatPatchReport(r, reportCommand(o), o.md));
        // An error here is the exploration's of a variant's code (the user's): exit 2, as validate's.
        setExit(status === 'error' ? EXIT.usage : exitOf(status));
        return;
      }
      if (o.config?.length) throw new UsageError('report: --config goes with --before and --after');
      if (!model.findings) {
        if (o.variant?.length) throw new UsageError(`report: --variant adds to a findings report, which ${model.name} has not; to report on a variant file, give it as --after (with --before)`);
        io.err(`pagecheck: checking every configuration, mutant and patch pair of ${model.name} (exhaustive breadth-first search)`);
        const m = modelReport(model.name);
        const ok = m.baseline.every((r) => r.pass) && m.mutants.every((r) => r.pass) && m.pairs.every((p) => patchVerdict({ ...p, model, beforeArg: '', afterArg: '', validations: [p.validation] }) !== 'FINDINGS');
        io.out(o.json ? JSON.stringify(envelope('report', ok ? 'ok' : 'fail', modelReportJson(m))) : formatModelReport(m, reportCommand(o), o.md));
        setExit(ok ? EXIT.ok : EXIT.fail);
        return;
      }
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

/** The command that makes the report again. */
function reportCommand(o: { model: string; md?: boolean; before?: string; after?: string; config?: string[] }): string {
  const flags = [`--model ${o.model}`];
  if (o.before !== undefined) flags.push(`--before ${o.before}`, `--after ${o.after}`);
  if (o.config?.length) flags.push(`--config ${o.config.join(' ')}`);
  if (o.md) flags.push('--md');
  return `npx pagecheck report ${flags.join(' ')}`;
}
