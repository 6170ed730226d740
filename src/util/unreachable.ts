/**
 * Marks a branch that the type checker proves impossible, for exhaustive `switch` statements.
 *
 * Contract: only ever called with a value of type `never`. Reaching it at run time means the
 * harness itself is wrong (a new union member was not handled), so it throws an
 * {@link InternalError} rather than returning a model finding.
 */
export function unreachable(value: never): never {
  throw new InternalError(`unreachable value ${JSON.stringify(value)}`);
}

/**
 * A bug in pagecheck itself, never a finding about the modelled kernel. Messages carry the
 * `[pagecheck internal bug]` prefix so that they cannot be mistaken for a model violation.
 */
export class InternalError extends Error {
  constructor(message: string) {
    super(`[pagecheck internal bug] ${message}`);
    this.name = 'InternalError';
  }
}

/**
 * A problem with what the user gave us (a configuration, a flag, a trace file). The CLI prints
 * the message without a stack trace and exits with status 2.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
