/** Runs the CLI in-process and captures what it prints. */
import { main } from '../../src/cli/main.ts';

/** The exit status and output of one command. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs `pagecheck <args>`. Its text is laid out 1,000 columns wide unless the arguments give
 * `--width` (test/report/width.test.ts checks the real widths), so that tests read whole lines.
 */
export async function cli(...args: string[]): Promise<CliRun> {
  return cliAt(1000, ...args);
}

/** Runs `pagecheck <args>` with its text fitted to `width` columns when no `--width` is given (undefined: as on a pipe, 80). */
export async function cliAt(width: number | undefined, ...args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t + '\n'), err: (t) => void (err += t + '\n'), tty: false, width });
  return { code, out, err };
}
