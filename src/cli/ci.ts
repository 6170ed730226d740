/**
 * The CI forms of a command's result: `--tap` (KTAP on stdout, one test point per row, printed as
 * each row is done) and `--junit FILE` (JUnit XML), for `suite`, `mutants`, `check` and `merge`;
 * and `--exit-codes kselftest`, which maps the exit statuses onto kselftest's where a kselftest
 * runner reads them (docs/ci.md has both tables side by side).
 */
import type { Command } from 'commander';
import { formatJunit, ktapDiagnostics, ktapError, ktapHeader, ktapPoint, ktapTotals, totalsOf, type TestPoint } from '../report/ci.ts';
import { PAGECHECK_VERSION, SCHEMA_VERSION, STATUS_WORD, type Status } from '../report/vocabulary.ts';
import { checkWritable, writeAtomic } from '../util/files.ts';
import { UsageError } from '../util/unreachable.ts';
import type { Io } from './io.ts';
import { EXIT } from './io.ts';

/** The options {@link addCiOptions} adds. */
export interface CiOptions {
  readonly tap?: boolean;
  readonly junit?: string;
  readonly json?: boolean;
}

/** Adds `--tap` and `--junit FILE`. */
export function addCiOptions(cmd: Command): Command {
  return cmd
    .option('--tap', 'print KTAP (version 1, as KUnit and kselftest print it) on stdout: one test point per row, diagnostics as # lines (docs/ci.md)')
    .option('--junit <file>', 'also write the result as JUnit XML to this file (one testcase per row)');
}

/** Whether a command has opened a KTAP stream, so that an error ending it closes it (see {@link ciAbort}). */
let open = false;

/** Forgets an open stream (each run of main starts afresh). */
export function forgetCiStream(): void {
  open = false;
}

/**
 * What `--tap` prints when a command ends in an error: the whole KTAP document of a failed run
 * when none was started (one `not ok` point, never a SKIP), or the error and `Bail out!` when
 * some test points were printed already.
 */
export function ciAbort(command: string | null, kind: string, message: string): string {
  if (!open) return ktapError(`pagecheck ${command ?? ''}`.trim(), kind, message);
  const lines = [...ktapDiagnostics([`error (${kind}): ${message}`]), `Bail out! ${message.split('\n')[0]}`];
  open = false;
  return lines.join('\n');
}

/** What a command tells the CI outputs about itself. */
export interface CiRun {
  /** `suite`, `mutants`, `check`, `merge`. */
  readonly command: string;
  /** The command line of the run (the unsharded one for a shard). */
  readonly commandLine: string;
  /** Test points expected, for the KTAP plan. */
  readonly count: number;
}

/**
 * The CI outputs of one run: created before the work starts (it checks the flags and that the
 * JUnit file can be written), told each test point as it is done, finished with the status.
 */
export class CiOutput {
  private readonly points: TestPoint[] = [];
  private readonly t0 = performance.now();

  constructor(
    private readonly io: Io,
    private readonly o: CiOptions,
    private readonly run: CiRun,
  ) {
    if (o.tap && o.json) throw new UsageError('--tap and --json both print on stdout: choose one (--junit FILE goes with either)');
    if (o.junit) checkWritable(o.junit, '--junit');
    if (o.tap) {
      io.out(ktapHeader(run.count, `pagecheck ${PAGECHECK_VERSION} ${run.commandLine}`).join('\n'));
      open = true;
    }
  }

  /** True when stdout is KTAP (the command prints nothing else there, and no row lines on stderr). */
  get tap(): boolean {
    return Boolean(this.o.tap);
  }

  /** One test point done. */
  point(p: TestPoint): void {
    this.points.push(p);
    if (this.o.tap) this.io.out(ktapPoint(this.points.length, p).join('\n'));
  }

  /** The run is done: the totals line, and the JUnit file. */
  finish(status: Status): void {
    if (this.o.tap) {
      const t = totalsOf(this.points);
      this.io.out([...ktapDiagnostics([`pagecheck ${this.run.command}: ${STATUS_WORD[status]}`]), ktapTotals(t)].join('\n'));
      open = false;
    }
    if (this.o.junit) {
      const seconds = (performance.now() - this.t0) / 1000;
      const xml = formatJunit(this.points, {
        name: `pagecheck ${this.run.command}`,
        seconds,
        properties: { pagecheck: PAGECHECK_VERSION, schemaVersion: String(SCHEMA_VERSION), command: this.run.commandLine, status },
      });
      writeAtomic(this.o.junit, 'JUnit file', [new TextEncoder().encode(xml)]);
    }
  }
}

/** The exit status conventions `--exit-codes` chooses between. */
export const EXIT_STYLES = ['pagecheck', 'kselftest'] as const;

/** One of {@link EXIT_STYLES}. */
export type ExitStyle = (typeof EXIT_STYLES)[number];

/** kselftest's exit statuses (tools/testing/selftests/kselftest.h). */
export const KSFT = { pass: 0, fail: 1, xfail: 2, xpass: 3, skip: 4 } as const;

/**
 * An exit status in the chosen convention. kselftest's runner reads 4 as SKIP, so under
 * `kselftest` an incomplete or vacuous result (3) is 4, and every error (2, and pagecheck's
 * internal 4) is 1, as kselftest's own `ksft_exit_fail_msg()` exits: never a SKIP.
 */
export function mapExit(code: number, style: ExitStyle): number {
  if (style === 'pagecheck') return code;
  switch (code) {
    case EXIT.ok:
      return KSFT.pass;
    case EXIT.fail:
      return KSFT.fail;
    case EXIT.incomplete:
      return KSFT.skip;
    default:
      // usage, input or user-code errors (2), an internal error (4), anything else.
      return KSFT.fail;
  }
}

/**
 * The style named by `--exit-codes STYLE` (or `--exit-codes=STYLE`) in `argv`, else by the
 * `PAGECHECK_EXIT_CODES` variable, else `pagecheck`. Read before the command line is parsed, so
 * that a usage error is mapped too; an unknown name is an error of its own.
 */
export function exitStyleOf(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { style: ExitStyle; error?: string } {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '--exit-codes') value = argv[i + 1];
    else if (a.startsWith('--exit-codes=')) value = a.slice('--exit-codes='.length);
  }
  const from = value !== undefined ? '--exit-codes' : 'PAGECHECK_EXIT_CODES';
  value ??= env.PAGECHECK_EXIT_CODES || undefined;
  if (value === undefined) return { style: 'pagecheck' };
  if ((EXIT_STYLES as readonly string[]).includes(value)) return { style: value as ExitStyle };
  return { style: 'pagecheck', error: `${from} must be one of ${EXIT_STYLES.join(', ')}, got '${value}'` };
}

/** The fields of a JSON row (of `suite`, `mutants`, a fuzz campaign) that make its test point. */
export interface PointRow {
  readonly model?: unknown;
  readonly variant?: unknown;
  readonly config?: unknown;
  readonly status: Status;
  readonly verdict?: string;
  readonly seconds?: number;
  readonly rerun?: string;
}

/**
 * The test point of a row: named `<what> model/variant@config` (`what` is `check`, `fuzz` or
 * `mutant`, as the rows' shard items are named), with the command that checks it again.
 */
export function rowPoint(command: string, what: string, r: PointRow, name?: string): TestPoint {
  return {
    name: name ?? `${what} ${String(r.model)}/${String(r.variant)}@${String(r.config)}`,
    classname: `pagecheck.${command}.${String(r.model)}`,
    status: r.status,
    summary: r.verdict ?? r.status,
    diagnostics: r.rerun ? [`again: ${r.rerun}`] : [],
    seconds: r.seconds,
  };
}
