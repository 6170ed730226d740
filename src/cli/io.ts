/** Where the CLI writes: injectable so that tests can run commands in-process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (progress lines are shown only then). */
  readonly tty: boolean;
  /** The terminal's width, when stdout is one (text output fits it, src/report/layout.ts). */
  readonly columns?: number;
  /** The width text output fits when `--width` does not say (default: {@link columns} on a terminal, else 80). */
  readonly width?: number;
}

/** The process's stdout and stderr. */
export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  tty: Boolean(process.stdout.isTTY),
  get columns() {
    return process.stdout.columns;
  },
};

/** Exit statuses of every command (defined with the status words in ../report/vocabulary.ts). */
export { EXIT } from '../report/vocabulary.ts';
