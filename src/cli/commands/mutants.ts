/**
 * `pagecheck mutants`: every known-bad variant, checked exhaustively at its default configuration
 * (or the mutant files given), each of which must be caught by the property it targets; `--tap`
 * and `--junit FILE` give one test point per mutant (../ci.ts). With
 * `--shard K/N` it checks a deterministic share of them, and `pagecheck merge` puts the shards
 * back together.
 */
import type { Command } from 'commander';
import { MODELS, findModel, findVariant } from '../../../models/registry.ts';
import type { Shard, WorkItem } from '../../campaign/shard.ts';
import { loadVariantArg } from '../../check.ts';
import { shardLine } from '../../report/campaign.ts';
import { formatMutants, mutantsStatus } from '../../report/suite.ts';
import { envelope, exitOf } from '../../report/vocabulary.ts';
import { UsageError } from '../../util/unreachable.ts';
import type { Io } from '../io.ts';
import { rowJson, runRow } from '../runs.ts';
import { addShardOptions, planShard } from '../shard.ts';
import { addCiOptions, CiOutput, rowPoint, type CiOptions } from '../ci.ts';
import { tryFamily } from '../family.ts';
import { parseScope } from '../../family/scope.ts';
import type { Family } from '../../family/generate.ts';
import { rowCommand, suiteItems, type SuiteCheck, type SuiteRowJson } from './suite.ts';

/** Registers the command. */
export function registerMutants(program: Command, io: Io, setExit: (n: number) => void): void {
  const cmd = program
    .command('mutants')
    .description('check every mutant (known-bad variant) exhaustively; each must be caught by its property')
    .option('--model <name>', 'only this model')
    .option('--variant <file...>', 'check these mutant files (written outside the repository) instead of the built-in mutants')
    .option('--json', 'print one JSON object on stdout')
    .option('--scope <spec>', "when a mutant survives its own configuration, try it over the model's configuration family within this bound (see check --scope), member by member until one catches it");
  addCiOptions(addShardOptions(cmd, false)).action(async (o: { model?: string; json?: boolean; variant?: string[]; shard?: Shard; scope?: string } & CiOptions) => {
    if (o.scope !== undefined) parseScope(o.scope);
    const families = new Map<string, Family>();
    // The campaign's items: the mutant files in the order given, or the built-in mutants in suite order, costed as the suite costs them.
    const files = o.variant ?? [];
    const checks: (SuiteCheck & WorkItem & { readonly rerun: string })[] = [];
    for (const file of files) {
      const { model, variant } = await loadVariantArg(file, o.model);
      const m = findModel(model!);
      const v = findVariant(m, variant);
      if (v.kind !== 'mutant') throw new UsageError(`${file} declares a ${v.kind}, not a mutant: check it with \`pagecheck check --variant ${file}\``);
      checks.push({ model: m, variant: v, config: v.config ?? m.defaultConfig, id: `mutant file ${file}`, cost: 1, rerun: `npx pagecheck check --variant ${file}` });
    }
    if (!files.length)
      for (const it of suiteItems(o.model ? [findModel(o.model)] : MODELS))
        if (it.search === 'exhaustive' && it.variant.kind === 'mutant') checks.push({ ...it, id: `mutant ${it.model.name}/${it.variant.name}@${it.config}`, rerun: rowCommand(it, 'exhaustive') });
    const identity = files.map((f) => `${f} sha256 ${checks.find((c) => c.id === `mutant file ${f}`)!.variant.fileSha256 ?? ''}`);
    const command = `npx pagecheck mutants${o.model ? ` --model ${o.model}` : ''}${files.length ? ` --variant ${files.join(' ')}` : ''}${o.scope !== undefined ? ` --scope ${o.scope}` : ''}`;
    const plan = planShard(checks, o.shard, command, identity);
    const index = new Map(checks.map((c, i) => [c.id, i]));
    const ci = new CiOutput(io, o, { command: 'mutants', commandLine: command, count: plan.items.length });
    const rows: SuiteRowJson[] = plan.items.map((c) => {
      const r = runRow(c.model, c.variant, c.config);
      let row: SuiteRowJson = { ...rowJson(r), index: index.get(c.id)!, rerun: c.rerun };
      // A survivor is tried over the family; a catch there is reported as where it was caught.
      const fam = o.scope !== undefined && !r.caught && r.result.status !== 'error' ? tryFamily(c.model.name, c.variant, o.scope, families) : null;
      if (fam?.member) {
        const asExpected = fam.member.property === c.variant.expect;
        row = {
          ...row,
          caught: true,
          property: fam.member.property,
          steps: fam.member.steps,
          status: asExpected ? 'ok' : 'fail',
          verdict: `caught ${fam.member.property} at step ${fam.member.steps} at family member #${fam.member.index} of scope ${fam.scope} (missed at ${r.config})${asExpected ? '' : ` (expected ${c.variant.expect})`}`,
          rerun: `npx pagecheck check --model ${c.model.name} --variant ${c.variant.file ? c.rerun.replace(/^npx pagecheck check --variant /, '') : c.variant.name} --scope ${fam.scope}`,
        };
      } else if (fam) row = { ...row, verdict: `${row.verdict} (also at every one of the ${fam.size} configurations of scope ${fam.scope})` };
      if (!o.json && !ci.tap) io.err(`  ${row.model}/${row.variant} @ ${row.config}: ${row.verdict}`);
      ci.point(rowPoint('mutants', 'mutant', row));
      return row;
    });
    const status = mutantsStatus(rows);
    ci.finish(status);
    // Under --tap, stdout is KTAP only.
    if (o.json) io.out(JSON.stringify(envelope('mutants', status, { total: rows.length, caught: rows.filter((r) => r.caught).length, asExpected: rows.filter((r) => r.status === 'ok').length, mutants: rows, ...(plan.fields ?? {}) })));
    else if (!ci.tap) {
      const out = [formatMutants(rows)];
      if (plan.shard) out.push(`  ${shardLine(plan.shard, plan.items.length, plan.all.length, 'mutant')}; merge the shards' --json results with: npx pagecheck merge RESULT...  (the whole run: ${command})`);
      io.out(out.join('\n'));
    }
    setExit(exitOf(status));
  });
}
