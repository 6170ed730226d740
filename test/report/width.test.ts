/**
 * Every command's text output fits its width (80 columns when stdout is not a terminal, or
 * `--width N`): counterexamples fold, tables wrap or split, prose wraps; a command line is the
 * one thing never split, and it then stands on a line of its own. `report` is ASCII by default.
 */
import { describe, expect, it } from 'vitest';
import { cliAt, type CliRun } from '../helpers/cli.ts';
import { commandStart, fitLine, overWidth, progressText, toAscii, wrap } from '../../src/report/layout.ts';
import { formatTable, splitMap } from '../../src/report/text.ts';
import { join } from 'node:path';
import { FIXTURES, tracePath } from '../conform/fixtures.ts';

/** Runs a command as on a pipe (no --width: 80 columns) or at `width`, and checks every line. */
async function fits(width: number | undefined, ...args: string[]): Promise<CliRun> {
  const r = await cliAt(undefined, ...args, ...(width ? ['--width', String(width)] : []));
  const w = width ?? 80;
  expect(overWidth(r.out, w), `${args.join(' ')}: lines wider than ${w}`).toEqual([]);
  expect(overWidth(r.err, w), `${args.join(' ')} (stderr): lines wider than ${w}`).toEqual([]);
  return r;
}

describe('text output fits its width', () => {
  it('list, at 80 (not a terminal) and at 60', async () => {
    const r = await fits(undefined, 'list');
    expect(r.out).toContain('model contig');
    expect(r.out).toMatch(/kernel: mainline v6\.19\/v7\.0-rc/);
    await fits(60, 'list');
  });

  it('a table never narrows a column below a word it cannot cut, where its continuation lines start', () => {
    // The cell's continuation lines start one column in: a 32-column identifier needs 33.
    const rows = [['  offline-beside-unmovable', 'the large zone with unreserve_highatomic_pageblock() on cpu2 (no full-merge check at quiescence)']];
    for (const width of [60, 61, 62, 70]) expect(overWidth(formatTable(['  configuration', 'description'], rows, [], { width }), width), `width ${width}`).toEqual([]);
  });

  it('a counterexample whose rows fold (pcp-buddy, contig), with the command that reproduces it whole', async () => {
    for (const [model, variant] of [
      ['pcp-buddy', 'whole-block-keeps-owner'],
      ['contig', 'contig-chunk-order-from-length'],
    ]) {
      const r = await fits(undefined, 'check', '--model', model, '--variant', variant);
      expect(r.code).toBe(1);
      // The reproduce line is one line, unsplit.
      expect(r.out).toContain(`\n  npx pagecheck check --model ${model} --variant ${variant} --config default\n`);
      await fits(60, 'check', '--model', model, '--variant', variant);
    }
  });

  it('an OK check', async () => {
    expect((await fits(undefined, 'check', '--model', 'buddy', '--config', 'section-edge')).code).toBe(0);
  });

  it('validate: EQUIVALENT (seed 000) with its cost table, and a DIVERGENCE', async () => {
    const eq = await fits(undefined, 'validate', '--model', 'contig', '--before', 'before', '--after', 'after');
    expect(eq.out).toMatch(/^EQUIVALENT/);
    expect(eq.out).toContain("Over the runs where the two variants' counters differ:");
    const div = await fits(undefined, 'validate', '--model', 'pcp', '--before', 'baseline', '--after', 'claim-keeps-mode');
    expect(div.out).toMatch(/^DIVERGENCE/);
    // A change whose operations never cost differently says so, rather than print an empty table.
    const same = await fits(undefined, 'validate', '--model', 'buddy', '--before', 'baseline', '--after', 'examples/buddy-merge-no-tail.ts');
    expect(same.out).toMatch(/^VACUOUS/);
    expect(same.out).toContain("No run's counters differ between the two variants.");
    expect(same.out).not.toContain("Over the runs where the two variants' counters differ:");
  });

  it('a fuzz failure, shrunk, with its replay line', async () => {
    const r = await fits(undefined, 'fuzz', '--model', 'buddy', '--variant', 'pagehead-after-put', '--seed', '1');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/\n\s*npx pagecheck fuzz --model buddy --variant pagehead-after-put .*--replay \S+\n/);
  });

  it('conform', async () => {
    await fits(undefined, 'conform', tracePath('lowmem'), '--zoneinfo', join(FIXTURES, 'lowmem.before.zoneinfo.txt'));
  });

  it('mutants and suite', async () => {
    await fits(undefined, 'mutants', '--model', 'buddy');
    await fits(undefined, 'suite', '--model', 'buddy');
  });

  it('report: plain text in ASCII by default, and Markdown', async () => {
    const r = await fits(undefined, 'report', '--model', 'pcp-buddy');
    // eslint-disable-next-line no-control-regex
    expect(r.out).toMatch(/^[\x00-\x7f]*$/);
    await fits(undefined, 'report', '--model', 'pcp-buddy', '--md');
  });

  it('--width is checked', async () => {
    const r = await cliAt(undefined, 'list', '--width', '10');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--width must be a number of columns from 40/);
  });
});

describe('layout', () => {
  it('never splits a command line; puts it on a line of its own when it does not fit', () => {
    const cmd = 'npx pagecheck check --model contig --variant contig-chunk-order-from-length --config default';
    expect(fitLine(`Reproduce: ${cmd}`, 80)).toEqual(['Reproduce:', `  ${cmd}`]);
    expect(wrap(`then run \`${cmd}\` and read the trace`, 60).split('\n')).toContain(`\`${cmd}\``);
    expect(overWidth(`Reproduce:\n  ${cmd}`, 80)).toEqual([]);
    expect(overWidth(`Reproduce: ${cmd}`, 80)).toHaveLength(1);
    expect(commandStart('pagecheck report says so')).toBe(-1);
  });

  it('spells symbols in ASCII', () => {
    expect(toAscii('a → b ≤ c … §4 — ok')).toBe('a -> b <= c ... section 4 -- ok');
  });

  it('cuts a memory map at section boundaries', () => {
    expect(splitMap('|0123|4567|89ab| own ..', 12)).toEqual(['|0123|4567|', '|89ab|', 'own ..']);
  });

  it('drops the least important fields of the progress line first', () => {
    const fields = [
      { text: '1,234,567 states', rank: 0 },
      { text: '123,456 states/s', rank: 5 },
      { text: 'frontier 12,345', rank: 4 },
      { text: 'depth 23', rank: 1 },
      { text: '512 MB', rank: 3 },
      { text: '42 s', rank: 2 },
    ];
    expect(progressText(fields, 200)).toBe('  1,234,567 states | 123,456 states/s | frontier 12,345 | depth 23 | 512 MB | 42 s');
    expect(progressText(fields, 60)).toBe('  1,234,567 states | depth 23 | 512 MB | 42 s');
    expect(progressText(fields, 40)).toBe('  1,234,567 states | depth 23 | 42 s');
  });
});
