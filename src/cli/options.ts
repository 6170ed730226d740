/** Option parsers shared by the commands: each rejects bad input with a message naming the flag. */
import { InvalidArgumentError } from 'commander';

/** An integer option within [min, max]. */
export function intOption(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`${flag} must be an integer, got '${value}'`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${flag} must be between ${min} and ${max}, got ${n}`);
    return n;
  };
}

/** A positive number of seconds. */
export function secondsOption(flag: string) {
  return (value: string): number => {
    // Decimal only: Number() would also take '0x10', '1e3' or ' 5 '.
    const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} must be a positive decimal number of seconds (e.g. 20 or 0.5), got '${value}'`);
    return n;
  };
}

/** One of a fixed set of words. */
export function choiceOption<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value))
      throw new InvalidArgumentError(`${flag} must be one of ${choices.join(', ')}, got '${value}'`);
    return value as T;
  };
}
