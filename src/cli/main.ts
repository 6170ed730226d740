/**
 * The `pagecheck` command line. Commands format results; the engine decides them. Exit status:
 * 0 every property holds and the search was complete; 1 a violation or deadlock was found;
 * 2 usage error or bad input; 3 a bound was reached with no violation; 4 internal error.
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

/** Runs the CLI with the given arguments (without `node` and the script); returns the exit status. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exit: number = EXIT.ok;
  const setExit = (n: number) => {
    exit = n;
  };
  const program = new Command('pagecheck')
    .description('A model checker for the Linux page allocator')
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
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof UsageError) {
      io.err(`pagecheck: ${e.message}`);
      return EXIT.usage;
    }
    if (e instanceof InternalError) {
      io.err(e.message);
      return EXIT.internal;
    }
    io.err(`[pagecheck internal bug] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return EXIT.internal;
  }
}
