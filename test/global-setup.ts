/**
 * Before any test: dist/ is rebuilt if a source changed since it was built, so that the tests
 * that run the `pagecheck` command (compiled) run the code under test, and do not each rebuild it.
 */
import { ensureBuilt } from '../scripts/build.mjs';

export default async function setup(): Promise<void> {
  if (!(await ensureBuilt())) throw new Error('dist/ could not be built (see above); the tests of the compiled command would run the wrong code');
}
