/**
 * Helpers for the conformance tests: the committed real traces (Debian 6.1.192 under QEMU, see
 * test/fixtures/ftrace/linux-6.1.192/README.md), read as lines, and the checker run on lines.
 */
import { join } from 'node:path';
import { traceLines, type InputEnd } from '../../src/conform/input.ts';
import { LINUX_6_1 } from '../../src/conform/profile.ts';
import { conformLines, type ConformOptions } from '../../src/conform/run.ts';
import type { ConformResult } from '../../src/conform/types.ts';

/** The fixture directory. */
export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ftrace', 'linux-6.1.192');

/** Real traces: excerpts of the file-churn/THP run, the low-memory run and a memory offline, and the whole boot trace. */
export const TRACES = ['normal', 'lowmem', 'hotplug', 'boot'] as const;

/** Path of a fixture trace. */
export function tracePath(name: (typeof TRACES)[number]): string {
  return join(FIXTURES, `${name}.trace.xz`);
}

const cache = new Map<string, string[]>();

/** The lines of a fixture trace (decompressed once per test file). */
export async function traceText(name: (typeof TRACES)[number]): Promise<string[]> {
  const hit = cache.get(name);
  if (hit) return hit;
  const end: InputEnd = { compression: 'none', bytes: 0, problem: null };
  const lines: string[] = [];
  for await (const l of traceLines(tracePath(name), end)) lines.push(l);
  if (end.problem) throw new Error(`fixture ${name}: ${end.problem.message}`);
  cache.set(name, lines);
  return lines;
}

/** Runs the checker on lines in memory. */
export function check(lines: readonly string[], opts: Partial<ConformOptions> = {}): Promise<ConformResult> {
  const end: InputEnd = { compression: 'none', bytes: 0, problem: null };
  return conformLines(lines, 'test', end, { profile: LINUX_6_1, ...opts });
}

/** Fields of an event line: cpu, flags, timestamp, event name, and key=value pairs. */
export function fieldsOf(line: string): { cpu: number; flags: string; ts: string; event: string; kv: Record<string, string> } | null {
  const m = /\[(\d+)\]\s+(\S+)\s+(\d+\.\d+):\s+(\w+):\s+(.*)$/.exec(line);
  if (!m) return null;
  const kv: Record<string, string> = {};
  for (const t of m[5].split(' ')) {
    const i = t.indexOf('=');
    if (i > 0) kv[t.slice(0, i)] = t.slice(i + 1);
  }
  return { cpu: Number(m[1]), flags: m[2], ts: m[3], event: m[4], kv };
}

/** The line with its CPU column replaced. */
export function withCpu(line: string, cpu: number): string {
  return line.replace(/\[\d+\]/, `[${String(cpu).padStart(3, '0')}]`);
}
