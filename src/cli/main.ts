/**
 * The `pagecheck` command line. Commands format results; the engine decides them. Every command
 * ends with one of the status words of ../report/vocabulary.ts and its exit status: 0 `ok`,
 * 1 `fail`, 2 `error` from bad input, usage or the user's own variant code, 3 `incomplete` or
 * `vacuous`, 4 `error` of kind `internal` (a bug in pagecheck). Under `--json` an error is also
 * printed as a JSON object on stdout, so that a consumer always reads one object.
 */
import { Command, CommanderError } from 'commander';
import { InternalError, UsageError } from '../util/unreachable.ts';
import { EXIT, processIo, type Io } from './io.ts';
import { UserCodeError, formatUserCodeError } from '../variant/overrides.ts';
import { changedGlobals, forgetReportedGlobals } from '../variant/globals.ts';
import { registerCheck } from './commands/check.ts';
import { registerConform } from './commands/conform.ts';
import { registerFuzz } from './commands/fuzz.ts';
import { registerList } from './commands/list.ts';
import { registerMerge } from './commands/merge.ts';
import { registerMutants } from './commands/mutants.ts';
import { registerReplay } from './commands/replay.ts';
import { registerReport } from './commands/report.ts';
import { registerSuite } from './commands/suite.ts';
import { registerValidate } from './commands/validate.ts';
import { registerView } from './commands/view.ts';
import { ciAbort, exitStyleOf, forgetCiStream, mapExit, EXIT_STYLES } from './ci.ts';
import { choiceOption } from './options.ts';
import { fitText, layoutFor, MIN_WIDTH, setLayout, type Layout } from '../report/layout.ts';
import { errorJson, PAGECHECK_VERSION, SCHEMA_VERSION, type CommandName, type ErrorKind } from '../report/vocabulary.ts';

/** What `pagecheck --version` prints. */
export const VERSION_TEXT = `pagecheck ${PAGECHECK_VERSION} (JSON schema version ${SCHEMA_VERSION})`;

/** A shell-quoted `npx pagecheck ...` command line of `argv`, with `options` set (replacing their values). */
export function commandLine(argv: readonly string[], options: Readonly<Record<string, string>> = {}): string {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.split('=')[0];
    if (Object.hasOwn(options, name)) {
      if (!a.includes('=')) i++;
      continue;
    }
    args.push(a);
  }
  for (const [k, v] of Object.entries(options)) args.push(k, v);
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return `npx pagecheck ${args.map(quote).join(' ')}`;
}

/**
/**
 * Runs the CLI with the given arguments (without `node` and the script); returns the exit status,
 * in the convention `--exit-codes` (or `PAGECHECK_EXIT_CODES`) chooses. Text output is laid out
 * (src/report/layout.ts) for `--width N`, else the terminal's width, else 80 columns; ASCII with
 * `--ascii`, and by default for `report`, whose text is posted to mailing lists (`--no-ascii`
 * keeps the symbols).
 */
export async function main(argv: readonly string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { style, error } = exitStyleOf(argv, env);
  if (error) {
    io.err(`pagecheck: ${error}`);
    if (argv.includes('--json')) io.out(JSON.stringify(errorJson(null, 'usage', error)));
    else if (argv.includes('--tap')) io.out(ciAbort(null, 'usage', error));
    return EXIT.usage;
  }
  let page: Layout;
  try {
    page = layoutOf(argv, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`pagecheck: ${e.message}`);
    if (argv.includes('--json')) io.out(JSON.stringify(errorJson(null, 'usage', e.message)));
    return mapExit(EXIT.usage, style);
  }
  const prev = setLayout(page);
  try {
    return mapExit(await run(argv, fitted(io, page, argv.includes('--json'), argv.includes('--tap')), page), style);
  } finally {
    setLayout(prev);
  }
}

/** The layout of a command's text: `--width`, `--ascii` / `--no-ascii`, the terminal. */
function layoutOf(argv: readonly string[], io: Io): Layout {
  let width: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a !== '--width' && !a.startsWith('--width=')) continue;
    const v = a === '--width' ? argv[i + 1] : a.slice('--width='.length);
    if (v === undefined || !/^\d+$/.test(v) || Number(v) < MIN_WIDTH || Number(v) > 10_000)
      throw new UsageError(`--width must be a number of columns from ${MIN_WIDTH} to 10000, got '${v ?? ''}'`);
    width = Number(v);
  }
  const command = argv.find((a, i) => !a.startsWith('-') && argv[i - 1] !== '--width');
  const ascii = argv.includes('--ascii') ? true : argv.includes('--no-ascii') ? false : command === 'report';
  return layoutFor({ width: width ?? io.width, ascii }, io.tty, io.columns);
}

/** `io` with its text folded to the layout; a JSON object (under `--json`) and KTAP (`--tap`, stdout) are written as they are. */
function fitted(io: Io, page: Layout, json: boolean, tap: boolean): Io {
  const fitOutput = (t: string) => (json && t.startsWith('{') ? t : fitText(t, page));
  return { ...io, out: (t) => io.out(tap ? t : fitOutput(t)), err: (t) => io.err(fitOutput(t)) };
}

async function run(argv: readonly string[], io: Io, page: Layout): Promise<number> {
  let exit: number = EXIT.ok;
  forgetReportedGlobals();
  forgetCiStream();
  const setExit = (n: number) => {
    exit = n;
  };
  const program = new Command('pagecheck')
    .description('A model checker for the Linux page allocator')
    .version(VERSION_TEXT, '-V, --version', 'print the version of pagecheck and of its JSON output')
    .option('--exit-codes <style>', 'exit statuses as pagecheck documents them, or mapped onto kselftest\'s for a kselftest runner (3 incomplete -> 4 SKIP, errors -> 1); also PAGECHECK_EXIT_CODES (docs/ci.md)', choiceOption('--exit-codes', EXIT_STYLES))
    // Read by ../report/colour.ts before any report is made; declared here so that they are accepted everywhere.
    .option('--color', 'colour the text output even when stdout is not a terminal (also FORCE_COLOR=1)')
    .option('--no-color', 'never colour the text output (also NO_COLOR)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run with --help for usage)')
    .option('--width <columns>', `fit text output to this many columns (default: the terminal's width, 80 when not a terminal; at least ${MIN_WIDTH}); a command line is never split`)
    .option('--ascii', 'ASCII only in text output (the default for report)')
    .option('--no-ascii', "keep arrows and symbols in report's text")
    .configureHelp({ helpWidth: page.width, showGlobalOptions: true });
  registerList(program, io);
  registerCheck(program, io, setExit);
  registerFuzz(program, io, setExit);
  registerReplay(program, io, setExit);
  registerMutants(program, io, setExit);
  registerSuite(program, io, setExit);
  registerConform(program, io, setExit);
  registerValidate(program, io, setExit);
  registerReport(program, io, setExit);
  registerView(program, io);
  registerMerge(program, io, setExit);
  for (const c of program.commands) c.exitOverride();
  const command = (program.commands.map((c) => c.name()).find((n) => n === argv.find((a) => !a.startsWith('-'))) ?? null) as CommandName | null;
  const json = argv.includes('--json');
  const tap = argv.includes('--tap');
  const failed = (kind: ErrorKind, message: string, text = message): number => {
    io.err(text);
    if (json) io.out(JSON.stringify(errorJson(command, kind, message)));
    else if (tap) io.out(ciAbort(command, kind, message));
    return kind === 'internal' ? EXIT.internal : EXIT.usage;
  };
  try {
    await program.parseAsync([...argv], { from: 'user' });
    const replaced = changedGlobals();
    if (replaced.length) {
      const message = `the variant's code replaced ${replaced.slice(0, 5).join(', ')} while it ran; pagecheck's checks and reports rely on them, so the result above cannot be trusted`;
      return failed('user-code', message, `pagecheck: ${message}`);
    }
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      // commander has printed the message already.
      if (json) io.out(JSON.stringify(errorJson(command, 'usage', e.message.replace(/^error: /, ''))));
      else if (tap) io.out(ciAbort(command, 'usage', e.message.replace(/^error: /, '')));
      return EXIT.usage;
    }
    if (e instanceof UsageError) return failed('usage', e.message, `pagecheck: ${e.message}`);
    if (e instanceof UserCodeError) {
      e.rerun ??= commandLine(argv, e.rerunOptions ?? {});
      // A built-in variant's code (seen in debug mode) is pagecheck's own.
      return failed(e.file ? 'user-code' : 'internal', e.message, formatUserCodeError(e));
    }
    if (e instanceof InternalError) return failed('internal', e.message);
    return failed('internal', e instanceof Error ? e.message : String(e), `[pagecheck internal bug] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}
