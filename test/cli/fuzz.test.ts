import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const exit = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), tty: false, width: 1000 });
  return { exit, out: out.join('\n'), err: err.join('\n') };
}

describe('pagecheck fuzz', () => {
  it('reports a failure before and after shrinking, the replay line and the coverage; exit 1', async () => {
    const r = await run('fuzz', '--model', 'buddy', '--variant', 'pagehead-after-put', '--seed', '1', '--runs', '50');
    expect(r.exit).toBe(1);
    expect(r.out).toMatch(/FAILURE {2}buddy\/pagehead-after-put @ large: P2 in run \d+ \(path \d+\)/);
    expect(r.out).toMatch(/original: \d+ steps, \d+ context switches, \d+ calls/);
    expect(r.out).toMatch(/shrunk: {3}8 steps, 4 context switches, 3 calls/);
    expect(r.out).toMatch(/Replay this run: {3}npx pagecheck fuzz --model buddy --variant pagehead-after-put --config large --strategy random --steps 1000 --seed 1 --replay \d+/);
    expect(r.out).toContain('Coverage (');
    expect(r.out).toMatch(/splits +\d[\d,]* +order 1: /);
  });

  it('replays one run from the printed seed and path', async () => {
    const first = await run('fuzz', '--model', 'buddy', '--variant', 'pagehead-after-put', '--seed', '1', '--runs', '50', '--json');
    const j = JSON.parse(first.out);
    const again = await run('fuzz', '--model', 'buddy', '--variant', 'pagehead-after-put', '--seed', '1', '--replay', j.failure.path, '--json');
    const k = JSON.parse(again.out);
    expect(again.exit).toBe(1);
    expect(k.stats.runs).toBe(1);
    expect(k.failure.original.trace).toEqual(j.failure.original.trace);
    expect(k.failure.shrunk.trace).toEqual(j.failure.shrunk.trace);
  });

  it('with --vary-config, draws each run its configuration and replays it from the path', async () => {
    const args = ['fuzz', '--model', 'buddy', '--variant', 'pagehead-after-put', '--seed', '3', '--vary-config'];
    const first = await run(...args, '--json');
    const j = JSON.parse(first.out);
    expect(j.settings.varyConfig).toBe(true);
    expect(j.failure.replay).toContain('--vary-config');
    const again = await run(...args, '--replay', j.failure.path, '--json');
    const k = JSON.parse(again.out);
    expect(k.failure.original.trace).toEqual(j.failure.original.trace);
    expect(k.failure.shrunk.trace).toEqual(j.failure.shrunk.trace);
    const text = await run(...args, '--replay', j.failure.path);
    expect(text.out).toMatch(/drawn: {4}\S/);
  });

  it('finds nothing in the baseline at its large configuration; exit 0, not called a proof', async () => {
    const r = await run('fuzz', '--model', 'buddy', '--seed', '2', '--runs', '3');
    expect(r.exit).toBe(0);
    expect(r.out).toMatch(/NO FAILURE {2}buddy\/baseline @ large: 3 runs, [\d,]+ steps/);
    expect(r.out).toContain('not a proof');
  });

  it('prints the PCT guarantee for the chosen depth', async () => {
    const r = await run('fuzz', '--model', 'buddy', '--config', 'default', '--strategy', 'pct', '--pct-depth', '2', '--pct-steps', '20', '--seed', '1', '--runs', '2');
    expect(r.out).toContain('PCT depth d = 2: each run finds a bug of depth 2 with probability at least 1/(n·k^(d-1)) = 1/(2·20) = 2.50e-2');
    expect(r.out).toContain('over 2 runs at least 4.94e-2');
  });

  it('reports the campaign time limit as a bound; exit 3', async () => {
    const r = await run('fuzz', '--model', 'buddy', '--seed', '1', '--runs', '100000', '--time', '0.5');
    expect(r.exit).toBe(3);
    expect(r.out).toContain('BOUND');
    expect(r.out).toContain('the time limit (0.5 s) stopped the campaign');
  });

  it('rejects bad flags with a message naming the flag; exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--steps', '0'], /--steps must be between 1 and/],
      [['--runs', 'many'], /--runs must be an integer/],
      [['--strategy', 'dfs'], /--strategy must be one of random, pct, swarm/],
      [['--replay', 'x1'], /--replay must be a run path/],
      [['--pct-depth', '2'], /--pct-depth applies only with --strategy pct/],
      [['--config', 'nope'], /unknown configuration 'nope'/],
    ];
    for (const [flags, message] of cases) {
      const r = await run('fuzz', '--model', 'buddy', ...flags);
      expect(r.exit, flags.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});
