/**
 * The one colour switch of every report.
 *
 * Colour is on only when standard output is a terminal (and `TERM` is not
 * `dumb`), or when `FORCE_COLOR` (other than `0`) or `--color` asks for it;
 * `NO_COLOR` or `--no-color` turns it off. Unlike picocolors' own default, a
 * `CI` variable alone does not turn colour on: reports written to a pipe or a
 * log stay plain text, so that what a test or a script reads is what a
 * reviewer pastes.
 */
import picocolors from 'picocolors';

/** Whether colour is wanted, given the environment, the arguments and whether stdout is a terminal. */
export function colourWanted(env: NodeJS.ProcessEnv, argv: readonly string[], isTty: boolean): boolean {
  if ('NO_COLOR' in env || argv.includes('--no-color')) return false;
  if ((env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') || argv.includes('--color')) return true;
  return isTty && env.TERM !== 'dumb';
}

/** Whether reports are coloured in this process (decided once, at load). */
export const colourEnabled: boolean = colourWanted(process.env, process.argv, process.stdout.isTTY === true);

/** The colour functions every report uses; identity functions when {@link colourEnabled} is false. */
export const pc = picocolors.createColors(colourEnabled);
