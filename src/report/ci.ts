/**
 * Output for CI systems: KTAP version 1, as KUnit and kselftest print it, and JUnit XML. Each
 * command hands over its result as test points (one per row: a model, variant and configuration);
 * this file only formats them. Formatting only: the status of each point is decided by the
 * command (../report/vocabulary.ts).
 *
 * KTAP (Documentation/dev-tools/ktap.rst): `KTAP version 1`, the plan `1..N`, then one result
 * line per test point, `ok N name` or `not ok N name`, diagnostics as lines starting with `# `
 * (before the result line they explain). A status `incomplete` or `vacuous` is
 * `ok N name # SKIP <status>: <reason>`: neither a pass nor a failure. A status `error` is always
 * `not ok`, never SKIP, so that a bug in pagecheck or a bad input is never read as a skip. The last
 * line is kselftest's `# Totals: pass:P fail:F xfail:0 xpass:0 skip:S error:E`.
 */
import { unreachable } from '../util/unreachable.ts';
import type { Status } from './vocabulary.ts';

/** One test point: a row of a command's result. */
export interface TestPoint {
  /** Unique within the run, stable across runs (the row's work item id, e.g. `check buddy/baseline@default`). */
  readonly name: string;
  /** The JUnit class of the point (e.g. `pagecheck.suite.buddy`). */
  readonly classname: string;
  readonly status: Status;
  /** The row's verdict in a few words (`ok`, `caught P2 at step 8`, `MISSED`, ...). */
  readonly summary: string;
  /** Lines that explain the verdict (the finding, the command that checks the row again). */
  readonly diagnostics: readonly string[];
  readonly seconds?: number;
}

/** Counts of test points by how KTAP and kselftest count them. */
export interface Totals {
  readonly pass: number;
  readonly fail: number;
  readonly skip: number;
  readonly error: number;
}

/** The totals of some points. */
export function totalsOf(points: readonly Pick<TestPoint, 'status'>[]): Totals {
  const t = { pass: 0, fail: 0, skip: 0, error: 0 };
  for (const p of points) t[ktapClass(p.status)]++;
  return t;
}

/** How a status is counted: `pass`, `fail`, `skip` (incomplete, vacuous) or `error`. */
export function ktapClass(status: Status): keyof Totals {
  switch (status) {
    case 'ok':
      return 'pass';
    case 'fail':
      return 'fail';
    case 'vacuous':
    case 'incomplete':
      return 'skip';
    case 'error':
      return 'error';
    default:
      return unreachable(status);
  }
}

/** A KTAP test name: one line, no `#` (which would start a directive). */
export function ktapName(name: string): string {
  return name.replace(/[\r\n]+/g, ' ').replace(/#/g, '_');
}

/** A diagnostic line (one `# ` line per line of text). */
export function ktapDiagnostics(lines: readonly string[]): string[] {
  return lines.flatMap((l) => l.split('\n')).map((l) => (l.length ? `# ${l}` : '#'));
}

/** The first lines of a KTAP document of `count` test points. */
export function ktapHeader(count: number, comment?: string): string[] {
  return ['KTAP version 1', ...(comment ? ktapDiagnostics([comment]) : []), `1..${count}`];
}

/** The diagnostics and result line of the `n`-th test point (1-based). */
export function ktapPoint(n: number, p: TestPoint): string[] {
  const name = ktapName(p.name);
  const diag = ktapDiagnostics(p.status === 'ok' ? [`${name}: ${p.summary}`] : [`${name}: ${p.summary}`, ...p.diagnostics]);
  const c = ktapClass(p.status);
  switch (c) {
    case 'pass':
      return [...diag, `ok ${n} ${name}`];
    case 'skip':
      // The reason in a few words: its first clause.
      return [...diag, `ok ${n} ${name} # SKIP ${p.status}: ${ktapName(p.summary.split(/;\s/)[0])}`];
    case 'fail':
    case 'error':
      return [...diag, `not ok ${n} ${name}`];
    default:
      return unreachable(c);
  }
}

/** kselftest's closing line. */
export function ktapTotals(t: Totals): string {
  return `# Totals: pass:${t.pass} fail:${t.fail} xfail:0 xpass:0 skip:${t.skip} error:${t.error}`;
}

/** A whole KTAP document. */
export function formatKtap(points: readonly TestPoint[], comment?: string): string {
  return [...ktapHeader(points.length, comment), ...points.flatMap((p, i) => ktapPoint(i + 1, p)), ktapTotals(totalsOf(points))].join('\n');
}

/**
 * The KTAP document of a command that ended in an error before or instead of its test points:
 * one point, `not ok`, with the message (never a SKIP).
 */
export function ktapError(name: string, kind: string, message: string): string {
  return [...ktapHeader(1), ...ktapDiagnostics([`error (${kind}): ${message}`]), `not ok 1 ${ktapName(name)}`, ktapTotals({ pass: 0, fail: 0, skip: 0, error: 1 })].join('\n');
}

/** Text escaped for an XML attribute or element; characters XML 1.0 cannot carry are dropped. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** What a JUnit document says about the run as a whole. */
export interface JunitRun {
  /** The suite's name (e.g. `pagecheck suite`). */
  readonly name: string;
  readonly seconds: number;
  /** `<properties>` of the suite (the pagecheck version, the command line, the status). */
  readonly properties: Readonly<Record<string, string>>;
}

/**
 * A JUnit XML document (the schema Jenkins, GitLab and GitHub's test reporters read): one
 * `<testsuite>` in `<testsuites>`, one `<testcase>` per point; a `fail` is a `<failure>`, an
 * `error` an `<error>`, `incomplete` and `vacuous` are `<skipped>` with their reason.
 */
export function formatJunit(points: readonly TestPoint[], run: JunitRun): string {
  const t = totalsOf(points);
  const attrs = `name="${xmlEscape(run.name)}" tests="${points.length}" failures="${t.fail}" errors="${t.error}" skipped="${t.skip}" time="${run.seconds.toFixed(3)}"`;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${attrs}>`, `  <testsuite ${attrs}>`, '    <properties>'];
  for (const [k, v] of Object.entries(run.properties)) out.push(`      <property name="${xmlEscape(k)}" value="${xmlEscape(v)}"/>`);
  out.push('    </properties>');
  for (const p of points) {
    const head = `    <testcase classname="${xmlEscape(p.classname)}" name="${xmlEscape(p.name)}" time="${(p.seconds ?? 0).toFixed(3)}"`;
    const body = xmlEscape([p.summary, ...p.diagnostics].join('\n'));
    const c = ktapClass(p.status);
    switch (c) {
      case 'pass':
        out.push(`${head}/>`);
        break;
      case 'skip':
        out.push(`${head}>`, `      <skipped message="${xmlEscape(`${p.status}: ${p.summary}`)}"/>`, `      <system-out>${body}</system-out>`, '    </testcase>');
        break;
      case 'fail':
        out.push(`${head}>`, `      <failure message="${xmlEscape(p.summary)}" type="fail">${body}</failure>`, '    </testcase>');
        break;
      case 'error':
        out.push(`${head}>`, `      <error message="${xmlEscape(p.summary)}" type="error">${body}</error>`, '    </testcase>');
        break;
      default:
        unreachable(c);
    }
  }
  out.push('  </testsuite>', '</testsuites>', '');
  return out.join('\n');
}
