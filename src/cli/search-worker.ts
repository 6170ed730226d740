/**
 * The thread a variant file's search runs in (see runSearchIsolated in search.ts): it rebuilds
 * the system, runs the same sliced search as the main thread would, and posts its progress,
 * its messages and its result. The main thread can end it when the variant's code loops.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemFromSpec } from '../check.ts';
import { UsageError } from '../util/unreachable.ts';
import { UserCodeError, serializeUserCodeError, setOverrideDebug } from '../variant/overrides.ts';
import { changedGlobals } from '../variant/globals.ts';
import type { MmSystem } from '../../models/mm/system.ts';
import { runSearch, type IsolatedData, type IsolatedMessage } from './search.ts';

const port = parentPort!;
const post = (m: IsolatedMessage) => port.postMessage(m);
const run = workerData as IsolatedData;
setOverrideDebug(run.debug);
let stop = false;
port.on('message', (m: { kind: string }) => {
  if (m.kind === 'stop') stop = true;
});

try {
  const sys = (await systemFromSpec(run.spec)) as MmSystem;
  const recorder = run.coverage ? sys.collectCoverage(true) : null;
  post({ kind: 'started' });
  const io = { out: (text: string) => post({ kind: 'err', text }), err: (text: string) => post({ kind: 'err', text }), tty: false };
  const result = await runSearch(sys, io, { ...run, progress: false, stop: () => stop, report: (p) => post({ kind: 'progress', p }) });
  post({ kind: 'result', result, coverage: recorder?.summary() ?? null, replacedGlobals: changedGlobals() });
} catch (e) {
  if (e instanceof UserCodeError) post({ kind: 'user-code', error: serializeUserCodeError(e) });
  else if (e instanceof UsageError) post({ kind: 'usage', message: e.message });
  else post({ kind: 'internal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
port.close();
