/** `pagecheck replay FILE`: re-execute a recorded counterexample and check it reproduces. */
import type { Command } from 'commander';
import { isDeepStrictEqual } from 'node:util';
import { parseConfig } from '../../config/load.ts';
import { loadVariantArg } from '../../check.ts';
import { ReplayMismatch, replayKeys } from '../../engine/replay.ts';
import type { CheckResult } from '../../engine/types.ts';
import { resultJson } from '../../report/json.ts';
import { formatCheck } from '../../report/text.ts';
import { readTraceFile } from '../../report/trace-file.ts';
import { UsageError } from '../../util/unreachable.ts';
import { findModel, findVariant, namedConfigs } from '../../../models/registry.ts';
import { EXIT, type Io } from '../io.ts';
import { envelope } from '../../report/vocabulary.ts';

/** Registers the command. */
export function registerReplay(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('replay')
    .description('re-execute a trace file written by --trace-out; it must reproduce the same violation at the same step')
    .argument('<file>', 'trace file')
    .option('--model <name>', 'refuse the trace unless it was recorded for this model')
    .option('--json', 'print one JSON object on stdout')
    .action(async (file: string, o: { json?: boolean; model?: string }) => {
      const t = readTraceFile(file);
      if (o.model && o.model !== t.model) throw new UsageError(`trace ${file} was recorded for model ${t.model}, not ${o.model}`);
      if (t.variantFile) await loadVariantArg(t.variantFile, t.model);
      const model = findModel(t.model);
      const variant = findVariant(model, t.variant);
      const config = parseConfig(t.configObject, `recorded in ${file}`);
      const builtins = namedConfigs(model);
      if (Object.hasOwn(builtins, t.config)) {
        const builtin = parseConfig(builtins[t.config], t.config);
        if (!isDeepStrictEqual(builtin, config))
          throw new UsageError(`trace ${file} was recorded for another configuration: its '${t.config}' differs from the built-in '${t.config}' of ${model.name}`);
      }
      const system = model.build(config, variant).system;
      let rep;
      try {
        rep = replayKeys(system, t.steps.map((s) => s.transition));
      } catch (e) {
        if (e instanceof ReplayMismatch) throw new UsageError(`trace ${file} does not replay on ${model.name}/${variant.name} @ ${t.config}: ${e.message} (recorded for another model or configuration?)`);
        throw e;
      }
      const out = rep.outcome;
      const stats = { states: 0, transitions: rep.steps.length, depth: rep.steps.length, seconds: 0, statesPerSecond: 0, bytesPerState: 0, collisionProbability: 0 };
      let result: CheckResult;
      let same: boolean;
      if (out.kind === 'violation') {
        result = { status: 'violation', finding: out.finding, trace: rep.steps, initial: rep.initial, atQuiescence: out.atQuiescence, ...stats };
        same = t.status === 'violation' && t.property === out.finding.code && t.message === out.finding.message && out.step === t.steps.length && out.atQuiescence === t.atQuiescence;
      } else if (out.kind === 'deadlock') {
        result = { status: 'deadlock', message: out.message, trace: rep.steps, initial: rep.initial, ...stats };
        same = t.status === 'deadlock' && out.step === t.steps.length;
      } else {
        result = { status: 'ok', ...stats };
        same = false;
      }
      const meta = {
        model: model.name,
        variant: variant.name,
        config: t.config,
        render: (s: Uint16Array) => system.render(s),
        legend: system.legend,
        rerun: `npx pagecheck replay ${file}`,
        figures: `replayed ${rep.steps.length} recorded steps from ${file}`,
      };
      const recorded = `${t.status}${t.property ? ` ${t.property}` : ''} at step ${t.steps.length}`;
      const g = t.origin;
      // A trace that reproduces is a finding (fail, exit 1); one that does not is a bad input (exit 2).
      const notReproduced = { kind: 'input', message: `trace ${file} did not reproduce the recorded ${recorded}` } as const;
      if (o.json)
        io.out(
          JSON.stringify(
            envelope('replay', same ? 'fail' : 'error', { ...resultJson(result, meta), replay: { file, reproduced: same, recorded, ...(g ? { origin: g } : {}) }, ...(same ? {} : { error: notReproduced }) }),
          ),
        );
      else {
        io.out(formatCheck(result, meta, g ? { traceNote: 'found by randomized exploration and shrunk', elide: true } : {}));
        io.out(same ? `\nReplay: reproduced the recorded ${recorded}.` : `\nReplay: DID NOT reproduce the recorded ${recorded}.`);
        if (g)
          io.out(
            `Found by pagecheck fuzz (strategy ${g.strategy}, seed ${g.seed}, run ${g.run}, path ${g.path}) and shrunk from ` +
              `${g.original.steps} steps with ${g.original.contextSwitches} context switches to ${g.shrunk.steps} steps with ${g.shrunk.contextSwitches}.\n` +
              `Regenerate the run: ${g.rerun}`,
          );
      }
      setExit(same ? EXIT.violation : EXIT.usage);
    });
}
