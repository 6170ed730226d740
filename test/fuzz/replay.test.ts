import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { metaOf } from '../../src/cli/report-meta.ts';
import { fuzzModel } from '../../src/fuzz/model.ts';
import { fuzzTraceFile } from '../../src/report/fuzz.ts';
import { readTraceFile, writeTraceFile } from '../../src/report/trace-file.ts';
import { MODELS } from '../../models/registry.ts';
import { DIVERGENCE } from '../../src/validate/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'pagecheck-fuzz-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => out.push(t), tty: false }, text: () => out.join('\n') };
}

describe('replay of fuzz failures (every mutant of every model)', () => {
  for (const model of MODELS)
    // A divergence is found by `validate`, not by a property: no fuzz campaign can catch one.
    for (const v of model.variants.filter((x) => x.kind === 'mutant' && x.expect !== DIVERGENCE))
      it(`${model.name}/${v.name}: the same failure from {seed, path} and from the trace file`, async () => {
        const seed = 7;
        // At the mutant's own configuration, where shrinking reaches its fixed point well within
        // its time bound (a shrink cut by the clock would not be the same twice).
        const config = v.config ?? model.defaultConfig;
        const first = fuzzModel({ model: model.name, variant: v.name, config }, { seed, runs: 200 });
        expect(first.result.status).toBe('failure');
        if (first.result.status !== 'failure') return;
        const f = first.result.failure;
        const keys = (sys: typeof f.shrunk.system, trs: readonly number[]) => trs.map((tr) => sys.transitionKey(tr));

        // {seed, path}: the run alone, the same original run and the same shrunk trace.
        const again = fuzzModel({ model: model.name, variant: v.name, config }, { seed, replayPath: f.path });
        expect(again.result.status).toBe('failure');
        if (again.result.status !== 'failure') return;
        const g = again.result.failure;
        expect(again.result.stats.runs).toBe(1);
        expect(g.run).toBe(f.run);
        expect(keys(g.original.system, g.original.execution.trs)).toEqual(keys(f.original.system, f.original.execution.trs));
        expect(keys(g.shrunk.system, g.shrunk.execution.trs)).toEqual(keys(f.shrunk.system, f.shrunk.execution.trs));
        expect(g.failure).toEqual(f.failure);

        // The trace file: `pagecheck replay FILE` reproduces the shrunk failure at the same step.
        const file = join(dir, `${model.name}-${v.name}.json`);
        writeTraceFile(file, fuzzTraceFile(first.result, metaOf(first, 'npx pagecheck fuzz'), first.config));
        const t = readTraceFile(file);
        expect(t.origin?.path).toBe(f.path);
        expect(t.steps).toHaveLength(f.shrunk.length);
        const c = capture();
        const exit = await main(['replay', file], c.io);
        expect(c.text()).toContain(`Replay: reproduced the recorded ${t.status}${t.property ? ` ${t.property}` : ''} at step ${f.shrunk.length}.`);
        expect(exit).toBe(1);
      });
});
