/** Runs the CLI in-process and captures what it prints. */
import { main } from '../../src/cli/main.ts';

/** The exit status and output of one command. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `pagecheck <args>`. */
export async function cli(...args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t + '\n'), err: (t) => void (err += t + '\n'), tty: false });
  return { code, out, err };
}
