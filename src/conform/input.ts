/**
 * Reading a trace file as a stream of lines, plain, xz- or gzip-compressed (chosen by the file's
 * magic bytes, not its name), in constant memory. A file that ends inside a compressed stream or
 * in the middle of a line is reported as truncated rather than read as if it were whole.
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import xz from 'xz-decompress';
import { UsageError } from '../util/unreachable.ts';

/** How the file is compressed. */
export type Compression = 'none' | 'xz' | 'gzip';

/** What went wrong with the end of the input, if anything. */
export interface InputProblem {
  readonly kind: 'truncated' | 'corrupt';
  readonly message: string;
}

/** Filled in when the line stream ends. */
export interface InputEnd {
  compression: Compression;
  /** Bytes of text read (after decompression). */
  bytes: number;
  problem: InputProblem | null;
}

const XZ_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const GZIP_MAGIC = [0x1f, 0x8b];
const TRACE_DAT_MAGIC = [0x17, 0x08, 0x44];

function startsWith(buf: Uint8Array, magic: readonly number[]): boolean {
  return buf.length >= magic.length && magic.every((b, i) => buf[i] === b);
}

/** Opens `path` and tells its compression; a UsageError for a missing file or a binary trace-cmd file. */
export function sniff(path: string): Compression {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new UsageError(`cannot read trace file '${path}': no such file`);
  }
  if (st.isDirectory()) throw new UsageError(`trace file '${path}' is a directory; give the 'trace' file inside it`);
  // A FIFO or a device would block or never end; capture the trace to a file first.
  if (!st.isFile()) throw new UsageError(`trace file '${path}' is not a regular file (a FIFO, device or socket); save the trace to a file first`);
  const head = new Uint8Array(8);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const h = head.subarray(0, n);
  if (startsWith(h, XZ_MAGIC)) return 'xz';
  if (startsWith(h, GZIP_MAGIC)) return 'gzip';
  if (startsWith(h, TRACE_DAT_MAGIC))
    throw new UsageError(`'${path}' is a binary trace-cmd file; convert it with 'trace-cmd report -R' or 'trace-cmd report' first`);
  return 'none';
}

/** xz-embedded's return codes, as the decompressor reports them. */
function xzProblem(e: unknown): InputProblem {
  const msg = e instanceof Error ? e.message : String(e);
  const code = /error code (\d+)/.exec(msg)?.[1];
  if (code === '8') return { kind: 'truncated', message: 'the xz stream ends before its end marker (the file was cut short)' };
  if (code === '7') return { kind: 'corrupt', message: 'the xz data is corrupt (checksum or data error)' };
  if (code === '5' || code === '6') return { kind: 'corrupt', message: 'the xz data is not in a format the decompressor supports' };
  return { kind: 'corrupt', message: `the xz data cannot be decompressed (${msg})` };
}

async function* bytesOf(path: string, compression: Compression, end: InputEnd): AsyncGenerator<Uint8Array> {
  switch (compression) {
    case 'none':
      yield* createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;
      return;
    case 'gzip': {
      const gz = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(createGunzip());
      try {
        yield* gz as AsyncIterable<Uint8Array>;
      } catch (e) {
        const code = (e as { code?: string }).code;
        end.problem =
          code === 'Z_BUF_ERROR'
            ? { kind: 'truncated', message: 'the gzip stream ends before its end marker (the file was cut short)' }
            : { kind: 'corrupt', message: `the gzip data is corrupt (${(e as Error).message})` };
      }
      return;
    }
    case 'xz': {
      const web = Readable.toWeb(createReadStream(path, { highWaterMark: 1 << 20 })) as ReadableStream<Uint8Array>;
      const stream = new xz.XzReadableStream(web);
      try {
        for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) yield chunk;
      } catch (e) {
        end.problem = xzProblem(e);
      }
      return;
    }
  }
}

/**
 * The lines of a trace file, without their newlines, decompressed on the fly. `end` is filled in
 * when the generator finishes: a last line with no newline marks the file as truncated.
 */
export async function* traceLines(path: string, end: InputEnd): AsyncGenerator<string> {
  const compression = sniff(path);
  end.compression = compression;
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  for await (const chunk of bytesOf(path, compression, end)) {
    end.bytes += chunk.length;
    const text = rest + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const lineEnd = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield text.slice(start, lineEnd);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.decode();
  if (rest.length > 0) {
    if (!end.problem) end.problem = { kind: 'truncated', message: 'the last line has no newline: the file ends in the middle of a line' };
    yield rest;
  }
}
