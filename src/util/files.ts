/**
 * Every file pagecheck reads or writes goes through here. Reading: the path must be a regular
 * file (a FIFO or a device would block or never end), of a bounded size, and text is UTF-8 with
 * an optional byte-order mark. Writing: to a temporary file beside the target, synced, then
 * renamed over it, so that a reader never sees half a file and a failed write leaves the previous
 * file as it was; and the target can be checked before a long search starts.
 */
import { accessSync, closeSync, constants, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './unreachable.ts';

/** What kind of file a stat says a path is, for messages. */
function kindOf(st: import('node:fs').Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Formats a byte count for messages. */
function bytes(n: number): string {
  return n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MiB` : `${n.toLocaleString('en-US')} bytes`;
}

/**
 * Reads a whole regular file of at most `maxBytes` bytes. `what` names it in messages (`configuration
 * file`, `checkpoint`); every problem is a UsageError naming the path.
 */
export function readInput(path: string, what: string, maxBytes: number): Buffer {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${what} ${path} does not exist` : `cannot read ${what} ${path}: ${(e as Error).message}`);
  }
  if (!st.isFile()) throw new UsageError(`${what} ${path} is ${kindOf(st)}; give a regular file`);
  if (st.size > maxBytes) throw new UsageError(`${what} ${path} is ${bytes(st.size)}; a ${what} is at most ${bytes(maxBytes)}`);
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
}

/** Reads a regular text file (see {@link readInput}): UTF-8, a leading byte-order mark dropped. */
export function readTextInput(path: string, what: string, maxBytes: number): string {
  const buf = readInput(path, what, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new UsageError(`${what} ${path} is not UTF-8 text`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Checks, before any work, that `path` can be written the way {@link writeAtomic} writes it: an
 * existing target is a regular file, its directory exists, and a file can be created there.
 * `flag` names the option in messages.
 */
export function checkWritable(path: string, flag: string): void {
  const target = resolve(path);
  let st = null;
  try {
    st = statSync(target);
  } catch {
    // Absent: it will be created.
  }
  if (st && !st.isFile()) throw new UsageError(`${flag} ${path} is ${kindOf(st)}; give the path of a regular file`);
  const dir = dirname(target);
  let dst;
  try {
    dst = statSync(dir);
  } catch {
    throw new UsageError(`${flag} ${path}: directory ${dir} does not exist`);
  }
  if (!dst.isDirectory()) throw new UsageError(`${flag} ${path}: ${dir} is not a directory`);
  const probe = `${target}.pagecheck-probe-${process.pid}`;
  try {
    accessSync(dir, constants.W_OK);
    closeSync(openSync(probe, 'w'));
    unlinkSync(probe);
  } catch (e) {
    throw new UsageError(`${flag} ${path} cannot be written: ${(e as Error).message}`);
  }
}

/** A file that could not be written; the previous file at its path, if any, is unchanged. */
export class WriteError extends UsageError {
  constructor(
    readonly path: string,
    readonly what: string,
    readonly reason: string,
  ) {
    super(`cannot write ${what} ${path}: ${reason}`);
    this.name = 'WriteError';
  }
}

/**
 * Writes `parts` to `path` atomically: into a temporary file in the same directory, synced to
 * disk, then renamed over `path` (and the directory synced, so that the rename survives a crash).
 * On failure the temporary file is removed and a {@link WriteError} is thrown.
 */
export function writeAtomic(path: string, what: string, parts: readonly Uint8Array[]): void {
  const tmp = `${path}.tmp-${process.pid}`;
  let fd = -1;
  try {
    fd = openSync(tmp, 'w');
    for (const p of parts) {
      let off = 0;
      while (off < p.byteLength) off += writeSync(fd, p, off, p.byteLength - off);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, path);
  } catch (e) {
    if (fd >= 0)
      try {
        closeSync(fd);
      } catch {
        // The write already failed; the error below says why.
      }
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing was created, or it is gone already.
    }
    throw new WriteError(path, what, (e as Error).message);
  }
  try {
    const d = openSync(dirname(resolve(path)), 'r');
    try {
      fsyncSync(d);
    } finally {
      closeSync(d);
    }
  } catch {
    // Some file systems cannot sync a directory; the file itself is synced.
  }
}
