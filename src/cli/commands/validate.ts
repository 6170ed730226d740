/**
 * `pagecheck validate`: is the after variant equivalent to the before variant for every caller,
 * does it keep every property, and what does it cost? Exit 0 when equivalent and every property
 * holds; 1 on a divergence, violation or deadlock; 3 when a bound cut the exploration short.
 */
import type { Command } from 'commander';
import { traceFileOf } from '../../report/trace-file.ts';
import { divergenceDocument, traceDocument, type ViewDocument } from '../../view/document.ts';
import { viewerNote, writeViewer } from '../../view/html.ts';
import { traceDecoderOf } from '../../../models/mm/snapshot.ts';
import type { Io } from '../io.ts';
import { intOption, secondsOption } from '../options.ts';
import { addConfigOptions, overridesOf, witnessesFor } from './check.ts';
import { configFlags, variantArg } from '../report-meta.ts';
import { loadVariantArg, type Resolved } from '../../check.ts';
import type { ConfigOverrides } from '../../config/load.ts';
import { validate, validateSeparately } from '../../validate/validate.ts';
import { formatSeparate, formatValidate, separateJson, separateStatus, validateJson, validateStatus, validationStatus, type SeparateStatus, type ValidateMeta, type ValidateStatus } from '../../report/validate.ts';
import { envelope, exitOf } from '../../report/vocabulary.ts';
import { UsageError } from '../../util/unreachable.ts';
import { formatCoverage } from '../../report/coverage.ts';
import { num } from '../../report/text.ts';
import { addScopeOptions, checkScopeFlags, runFamilyCommand } from '../family.ts';
import { findModel, findVariant } from '../../../models/registry.ts';

/** Exit status of a validation. */
export function validateExit(status: ValidateStatus | SeparateStatus): number {
  return exitOf(validationStatus(status));
}

/** Registers the command. */
export function registerValidate(program: Command, io: Io, setExit: (n: number) => void): void {
  const cmd = program
    .command('validate')
    .description(
      'differential check: explore the after variant under every property and, in every state reached, run each enabled operation alone on both variants; they must end the same for the caller. Prints the cost of both side by side',
    )
    .option('--model <name>', 'model (see `pagecheck list`); optional when a variant file names it')
    .requiredOption('--before <name|file>', 'the variant being replaced (e.g. the code before a patch), or a variant file (.ts/.js)')
    .requiredOption('--after <name|file>', 'the replacing variant (e.g. the patched code), or a variant file (.ts/.js)');
  addScopeOptions(addConfigOptions(cmd))
    .option('--max-states <n>', 'bound: stop after this many distinct states (default: none)', intOption('--max-states', 1))
    .option('--max-depth <n>', 'bound: do not explore beyond this depth (default: none)', intOption('--max-depth', 0))
    .option('--timeout <seconds>', 'bound: stop after this many seconds (default: none)', secondsOption('--timeout'))
    .option(
      '--separately',
      'cost each variant over its own reachable states instead of comparing them (for an after variant that changes on purpose what callers observe, such as where freed pages go); exit 0 when every property holds for both',
    )
    .option('--coverage', 'print what the exploration of the after variant exercised in full (every compiled edge with its transitions, never-reached first)')
    .option('--html <file>', 'write the divergence (both runs side by side) or the counterexample as a trace viewer page (one self-contained HTML file)')
    .option('--json', 'print one JSON object on stdout')
    .option('--no-witness', "when the verdict is vacuous, do not explore the model's other configurations for where the after variant's change runs and differs")
    .action(async (o: Record<string, unknown>) => {
      const overrides = overridesOf(o);
      const before = await loadVariantArg(o.before as string, o.model as string | undefined);
      const after = await loadVariantArg(o.after as string, before.model ?? (o.model as string | undefined));
      const model = after.model ?? before.model;
      if (!model) throw new UsageError("required option '--model <name>' not specified");
      if (before.model && after.model && before.model !== after.model)
        throw new UsageError(`--before is a variant of ${before.model} but --after is a variant of ${after.model}: both must be variants of one model`);
      if (checkScopeFlags(o)) {
        const m = findModel(model);
        const arg = (name: string) => {
          const v = findVariant(m, name);
          return v.file ? (v.source ?? v.file) : v.name;
        };
        const flags = `--model ${m.name} --before ${arg(before.variant)} --after ${arg(after.variant)}`;
        const shas = [before.variant, after.variant].map((n) => findVariant(m, n)).filter((v) => v.fileSha256).map((v) => `${arg(v.name)} sha256 ${v.fileSha256}`);
        runFamilyCommand(io, setExit, o, {
          command: 'validate',
          model: m.name,
          mode: { kind: 'validate', before: before.variant, after: after.variant },
          commandLine: `npx pagecheck validate ${flags} --scope ${String(o.scope)}`,
          identity: shas,
          rerun: (file) => `npx pagecheck validate ${flags} --config ${file}`,
        });
        return;
      }
      const req = { model, before: before.variant, after: after.variant, config: o.config as string | undefined, overrides };
      const bounds = { maxStates: o.maxStates as number | undefined, maxDepth: o.maxDepth as number | undefined, timeoutSeconds: o.timeout as number | undefined };
      if (o.separately) {
        const sep = validateSeparately(req, bounds);
        const meta = metaOf(sep, overrides, true);
        io.out(o.json ? JSON.stringify(envelope('validate', validationStatus(separateStatus(sep.result)), separateJson(sep.result, meta))) : formatSeparate(sep.result, meta));
        setExit(validateExit(separateStatus(sep.result)));
        return;
      }
      const out = validate(req, bounds);
      const cov0 = out.result.coverage;
      const vacuous = validateStatus(out.result) === 'vacuous' && cov0 && o.witness !== false;
      const meta = { ...metaOf(out, overrides, false), ...(vacuous ? { witness: witnessesFor(out.after, cov0, out.before.variant.name) } : {}) };
      const page = o.html ? validateViewer(out, meta) : null;
      if (page) writeViewer(o.html as string, page);
      io.out(o.json ? JSON.stringify(envelope('validate', validationStatus(validateStatus(out.result)), validateJson(out.result, meta))) : formatValidate(out.result, meta));
      if (o.html && !o.json) io.out(viewerNote(o.html as string, page !== null));
      const cov = out.result.coverage;
      if (o.coverage && cov && !o.json) io.out('\n' + formatCoverage(cov, { model, what: `${num(cov.transitions)} transitions of the exploration of ${out.after.variant.name}`, full: true }));
      setExit(validateExit(validateStatus(out.result)));
    });
}

/** The report metadata of a validation (the re-run command repeats `--separately`). */
function metaOf(out: { before: Resolved; after: Resolved; configSpec: string }, overrides: ConfigOverrides, separately: boolean): ValidateMeta {
  return {
    model: out.after.model.name,
    before: out.before.variant.name,
    after: out.after.variant.name,
    config: out.after.configName,
    render: (s) => out.after.built.system.render(s),
    legend: out.after.built.system.legend,
    reductions: [],
    rerun: [
      `npx pagecheck validate --model ${out.after.model.name}`,
      `--before ${variantArg(out.before)} --after ${variantArg(out.after)}`,
      ...(separately ? ['--separately'] : []),
      ...configFlags(out.configSpec, overrides),
    ].join(' '),
  };
}

/** The viewer page of a validation: its divergence side by side, or the exploration's counterexample; null when it found neither. */
function validateViewer(out: ReturnType<typeof validate>, meta: ValidateMeta): ViewDocument | null {
  const r = out.result;
  const ex = r.exploration;
  const decoder = traceDecoderOf(out.after.built.system, out.after.model.registers?.values);
  if (ex.status !== 'violation' && ex.status !== 'deadlock') return null;
  if (r.divergence) {
    const path = ex.trace.slice(0, ex.trace.length - r.divergence.after.steps.length);
    return divergenceDocument(r.divergence, path, { ...meta, decoder, initial: ex.initial });
  }
  const trace = traceFileOf(ex, { model: meta.model, variant: meta.after, config: meta.config, configObject: out.after.config, render: meta.render, decoder });
  return traceDocument(trace, meta.rerun);
}
