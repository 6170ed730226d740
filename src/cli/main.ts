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
import { registerCheck } from './commands/check.ts';
import { registerConform } from './commands/conform.ts';
import { registerFuzz } from './commands/fuzz.ts';
import { registerList } from './commands/list.ts';
import { registerMutants } from './commands/mutants.ts';
import { registerReplay } from './commands/replay.ts';
import { registerReport } from './commands/report.ts';
import { registerSuite } from './commands/suite.ts';
import { registerValidate } from './commands/validate.ts';
import { errorJson, PAGECHECK_VERSION, SCHEMA_VERSION, type CommandName, type ErrorKind } from '../report/vocabulary.ts';

/** What `pagecheck --version` prints. */
export const VERSION_TEXT = `pagecheck ${PAGECHECK_VERSION} (JSON schema version ${SCHEMA_VERSION})`;

/** Runs the CLI with the given arguments (without `node` and the script); returns the exit status. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exit: number = EXIT.ok;
  const setExit = (n: number) => {
    exit = n;
  };
  const program = new Command('pagecheck')
    .description('A model checker for the Linux page allocator')
    .version(VERSION_TEXT, '-V, --version', 'print the version of pagecheck and of its JSON output')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run with --help for usage)');
  registerList(program, io);
  registerCheck(program, io, setExit);
  registerFuzz(program, io, setExit);
  registerReplay(program, io, setExit);
  registerMutants(program, io, setExit);
  registerSuite(program, io, setExit);
  registerConform(program, io, setExit);
  registerValidate(program, io, setExit);
  registerReport(program, io, setExit);
  for (const c of program.commands) c.exitOverride();
  const command = (program.commands.map((c) => c.name()).find((n) => n === argv.find((a) => !a.startsWith('-'))) ?? null) as CommandName | null;
  const json = argv.includes('--json');
  const failed = (kind: ErrorKind, message: string, text = message): number => {
    io.err(text);
    if (json) io.out(JSON.stringify(errorJson(command, kind, message)));
    return kind === 'internal' ? EXIT.internal : EXIT.usage;
  };
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      // commander has printed the message already.
      if (json) io.out(JSON.stringify(errorJson(command, 'usage', e.message.replace(/^error: /, ''))));
      return EXIT.usage;
    }
    if (e instanceof UsageError) return failed('usage', e.message, `pagecheck: ${e.message}`);
    if (e instanceof InternalError) return failed('internal', e.message);
    return failed('internal', e instanceof Error ? e.message : String(e), `[pagecheck internal bug] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}
