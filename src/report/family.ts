/**
 * The text of a configuration family's run (`check|validate --scope`, and `pagecheck merge` of
 * its shards): the family's size and bound, every member that did not simply pass, per member of
 * a validation what it exercised and where it diverged, the totals, and the first failure with
 * the file its configuration was written to. Formatting only.
 */
import type { FamilyJson, MemberRow } from '../family/run.ts';
import { describeOverride, isVacuous } from '../variant/vacuity.ts';
import { num } from './text.ts';
import { pc } from './colour.js';
import type { Status } from './vocabulary.ts';

/** What the run explored: `variant X of M` or `X against Y of M`. */
function whatOf(f: FamilyJson): string {
  return f.mode.kind === 'check' ? `${f.model}/${f.mode.variant}` : `${f.model}: ${f.mode.after} against ${f.mode.before}`;
}

/** One member's line. */
function memberLine(r: MemberRow): string {
  const finding = r.property ? `${r.property === r.outcome ? '' : ` ${r.property}`}${r.steps !== null ? ` at step ${r.steps}` : ''}` : '';
  const where = r.diverges ? ` in ${r.diverges.start}` : '';
  const line = `  #${r.index} ${r.outcome.toUpperCase()}${finding}${where} (${num(r.states)} states): ${r.summary}`;
  return r.status === 'fail' || r.status === 'error' ? pc.red(line) : r.status === 'ok' ? line : pc.yellow(line);
}

/**
 * The exercised overrides of a member, one short clause. After a failure the counts cover the
 * exploration up to it only (a divergence is found in runs compared outside the exploration,
 * which are not counted), so nothing is called vacuous there.
 */
function exercisedOf(r: MemberRow): string {
  if (!r.exercised?.length) return '';
  const partial = r.status === 'fail';
  return r.exercised.map((c) => describeOverride(c) + (!partial && isVacuous(c) ? ' (vacuous)' : '')).join('; ') + (partial ? (r.property === 'divergence' ? ' (counted over the exploration before the divergence; the operations compared alone, where it diverged, are not counted)' : ' (counted over the exploration until the failure)') : '');
}

/** Members of one status listed by a check's text. */
const MAX_LISTED = 10;

const VERDICT: Readonly<Record<Status, string>> = {
  ok: 'OK',
  fail: 'FAILED',
  incomplete: 'INCOMPLETE',
  vacuous: 'VACUOUS',
  error: 'ERROR',
};

/**
 * The text of a family run. `perMember` lists every member (what a validation exercised at
 * each); otherwise only those that did not pass, and a count of the others.
 */
export function formatFamily(f: FamilyJson, status: Status, opts: { readonly perMember?: boolean; readonly shardNote?: string } = {}): string {
  const t = f.totals;
  const refused = Object.values(f.rejected).reduce((a, b) => a + b, 0);
  const lines = [
    `${whatOf(f)}: configuration family of scope ${f.scope.spec} (${f.scope.bound})`,
    `  ${num(f.size)} configurations: ${num(f.generated)} generated, ${num(refused)} refused by the configuration reader or the model, ${num(f.duplicates)} equal to another up to CPU symmetry`,
  ];
  if (opts.shardNote) lines.push(`  ${opts.shardNote}`);
  for (const [reason, n] of Object.entries(f.rejected)) lines.push(pc.dim(`    refused ${num(n)}×: ${reason}`));
  lines.push('');
  const shown = opts.perMember ? f.members : f.members.filter((r) => r.status !== 'ok');
  // Failures first, then the rest; a check lists a few of each (the --json output has them all).
  const order: Status[] = ['error', 'fail', 'incomplete', 'vacuous', 'ok'];
  const listed = opts.perMember ? shown : order.flatMap((s) => shown.filter((r) => r.status === s).slice(0, MAX_LISTED));
  for (const r of listed) {
    lines.push(memberLine(r));
    const ex = exercisedOf(r);
    if (opts.perMember && ex) lines.push(pc.dim(`      exercised: ${ex}`));
  }
  if (listed.length < shown.length) lines.push(pc.dim(`  (${num(shown.length - listed.length)} more not listed: at most ${MAX_LISTED} of each status; --json lists every configuration)`));
  if (!opts.perMember && shown.length < f.members.length) lines.push(`  ${num(f.members.length - shown.length)} other configuration${f.members.length - shown.length === 1 ? '' : 's'}: ${f.mode.kind === 'check' ? 'every property holds' : 'equivalent, every property holds'}`);
  const counts = Object.entries(t.byStatus)
    .map(([s, n]) => `${num(n)} ${s}`)
    .join(', ');
  lines.push(
    '',
    `${VERDICT[status]}: ${num(t.explored)} configuration${t.explored === 1 ? '' : 's'} explored exhaustively (${counts}); ${num(t.states)} states, ${num(t.transitions)} transitions, ${t.seconds.toFixed(1)} s`,
    pc.dim(`  the family is a bound: only configurations within ${f.scope.bound} were generated`),
  );
  if (f.failure) {
    lines.push(`  first failure: #${f.failure.index} ${f.failure.property ?? ''}${f.failure.steps !== null ? ` at step ${f.failure.steps}` : ''}: ${f.failure.summary}`);
    if (f.failure.configFile) lines.push(`  its configuration is written to ${f.failure.configFile}; check it again with: ${f.failure.rerun}`);
  }
  return lines.join('\n');
}
