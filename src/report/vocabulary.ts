/**
 * The result vocabulary every command shares: five status words, the exit status each maps to,
 * and the envelope every JSON object starts with (`schemaVersion`, `pagecheck`, `command`,
 * `status`). Command-specific detail lives in other fields (`outcome`, `violation`, `bound`, ...);
 * a consumer that only needs pass or fail reads `status`, or the exit status.
 *
 * | status       | meaning                                                                 | exit |
 * | ------------ | ----------------------------------------------------------------------- | ---- |
 * | `ok`         | every property holds and what was asked was explored completely         | 0    |
 * | `fail`       | a finding: violation, deadlock, divergence, missed mutant, conformance  | 1    |
 * | `vacuous`    | the search ended but the code in question never ran or made no difference | 3 |
 * | `incomplete` | a bound was reached (or Ctrl-C) with no finding                         | 3    |
 * | `error`      | bad input, usage, an error in the user's variant code (2); a pagecheck bug (4) | 2/4 |
 */
import pkg from '../../package.json' with { type: 'json' };
import type { CheckResult } from '../engine/types.ts';
import { unreachable } from '../util/unreachable.ts';

/** The status words, in order of how much they promise. */
export const STATUSES = ['ok', 'fail', 'vacuous', 'incomplete', 'error'] as const;

/** One of {@link STATUSES}. */
export type Status = (typeof STATUSES)[number];

/**
 * What kind of error a status `error` is: `usage` (a flag or argument), `input` (a file or
 * configuration that is damaged or does not fit), `user-code` (the user's own variant code
 * threw or did not compile), `internal` (a bug in pagecheck). Only `internal` exits 4.
 */
export const ERROR_KINDS = ['usage', 'input', 'user-code', 'internal'] as const;

/** One of {@link ERROR_KINDS}. */
export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * Exit statuses of every command. `violation` and `bound` are the older names of `fail` and
 * `incomplete`, kept so that callers written before this vocabulary still read.
 */
export const EXIT = {
  /** Status `ok`. */
  ok: 0,
  /** Status `fail`. */
  fail: 1,
  /** Bad input, usage, or an error in the user's own variant code (status `error`, kind other than `internal`). */
  usage: 2,
  /** Status `incomplete` or `vacuous`: nothing was found, but the result is not a proof. */
  incomplete: 3,
  /** Status `error` of kind `internal`: a bug in pagecheck. */
  internal: 4,
  /** @deprecated the same as {@link EXIT.fail} */
  violation: 1,
  /** @deprecated the same as {@link EXIT.incomplete} */
  bound: 3,
} as const;

/** The exit status of a status word (and, for `error`, its kind; an error without a kind is internal). */
export function exitOf(status: Status, kind?: ErrorKind): number {
  switch (status) {
    case 'ok':
      return EXIT.ok;
    case 'fail':
      return EXIT.fail;
    case 'vacuous':
    case 'incomplete':
      return EXIT.incomplete;
    case 'error':
      return kind === undefined || kind === 'internal' ? EXIT.internal : EXIT.usage;
    default:
      return unreachable(status);
  }
}

/** The status word of an exit status (the inverse of {@link exitOf}, `incomplete` for 3). */
export function statusOfExit(code: number): Status {
  if (code === EXIT.ok) return 'ok';
  if (code === EXIT.fail) return 'fail';
  if (code === EXIT.incomplete) return 'incomplete';
  return 'error';
}

/** How the status word is printed at the head of a text report. */
export const STATUS_WORD: Readonly<Record<Status, string>> = { ok: 'OK', fail: 'FAIL', vacuous: 'VACUOUS', incomplete: 'INCOMPLETE', error: 'ERROR' };

/** The version of the JSON output: bumped when a field changes meaning or disappears (not when one is added). */
export const SCHEMA_VERSION = 1;

/** pagecheck's own version (package.json). */
export const PAGECHECK_VERSION: string = pkg.version;

/** The commands that print JSON (other issues add theirs here). */
export type CommandName = 'list' | 'check' | 'fuzz' | 'replay' | 'validate' | 'conform' | 'mutants' | 'suite' | 'report';

/** The fields every JSON object starts with. */
export interface Envelope {
  readonly schemaVersion: number;
  readonly pagecheck: string;
  readonly command: CommandName;
  readonly status: Status;
}

/**
 * A command's JSON object: the envelope first, then the body. A body's own `status` (the
 * command's older word) is never allowed to replace the shared one.
 */
export function envelope<T extends object>(command: CommandName, status: Status, body: T): Envelope & Omit<T, keyof Envelope> {
  const { schemaVersion: _s, pagecheck: _p, command: _c, status: _st, ...rest } = body as T & Partial<Envelope>;
  return { schemaVersion: SCHEMA_VERSION, pagecheck: PAGECHECK_VERSION, command, status, ...rest } as Envelope & Omit<T, keyof Envelope>;
}

/** The JSON object of a command that ended in an error (printed on stdout under `--json`, the message also on stderr). */
export function errorJson(command: CommandName | null, kind: ErrorKind, message: string): Record<string, unknown> {
  return { schemaVersion: SCHEMA_VERSION, pagecheck: PAGECHECK_VERSION, command, status: 'error', error: { kind, message } };
}

/** The detail word of an exhaustive search's result: `holds`, `violation`, `deadlock`, `bound`, `error`. */
export type CheckOutcome = 'holds' | Exclude<CheckResult['status'], 'ok'>;

/** The shared status of an exhaustive search's result. */
export function checkStatus(r: Pick<CheckResult, 'status'>): Status {
  switch (r.status) {
    case 'ok':
      return 'ok';
    case 'violation':
    case 'deadlock':
      return 'fail';
    case 'bound':
      return 'incomplete';
    case 'error':
      return 'error';
    default:
      return unreachable(r.status);
  }
}

/** The detail word of an exhaustive search's result. */
export function checkOutcome(r: Pick<CheckResult, 'status'>): CheckOutcome {
  return r.status === 'ok' ? 'holds' : r.status;
}
