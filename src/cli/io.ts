/** Where the CLI writes: injectable so that tests can run commands in-process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (progress lines are shown only then). */
  readonly tty: boolean;
}

/** The process's stdout and stderr. */
export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  tty: Boolean(process.stdout.isTTY),
};

/** Exit statuses of every command. */
export const EXIT = {
  /** Every property holds and the search was complete. */
  ok: 0,
  /** A violation or a deadlock was found (or a mutant was missed). */
  violation: 1,
  /** Usage error or bad input. */
  usage: 2,
  /** A bound was reached with no violation. */
  bound: 3,
  /** Internal error (a bug in pagecheck). */
  internal: 4,
} as const;
