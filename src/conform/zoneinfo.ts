/**
 * `/proc/zoneinfo`: each populated zone's pfn range and, per CPU, the PCP list's `count`, `high`
 * and `batch` at the time it was read. The checker uses the ranges to tell which zone's PCP list a
 * page belongs to, and `high`/`batch` to compare the refills and drains it sees.
 */
import { readTextInput } from '../util/files.ts';
import { UsageError } from '../util/unreachable.ts';
import type { ZoneRange } from './profile.ts';

/** One CPU's pageset in one zone. */
export interface PcpSettings {
  readonly cpu: number;
  readonly count: number;
  readonly high: number;
  readonly batch: number;
}

/** One populated zone. */
export interface ZoneInfo extends ZoneRange {
  readonly node: number;
  readonly spanned: number;
  readonly present: number;
  readonly managed: number;
  readonly pcp: readonly PcpSettings[];
}

/** Parses the text of `/proc/zoneinfo`; zones that span no pages are left out. */
export function parseZoneinfo(text: string, source = 'zoneinfo'): ZoneInfo[] {
  const zones: ZoneInfo[] = [];
  type Draft = { node: number; name: string; spanned: number; present: number; managed: number; start: number | null; pcp: PcpSettings[] };
  let z: Draft | null = null;
  let cpu: { cpu: number; count?: number; high?: number; batch?: number } | null = null;
  const flushCpu = () => {
    if (z && cpu && cpu.count !== undefined && cpu.high !== undefined && cpu.batch !== undefined)
      z.pcp.push({ cpu: cpu.cpu, count: cpu.count, high: cpu.high, batch: cpu.batch });
    cpu = null;
  };
  const flush = () => {
    flushCpu();
    if (z && z.spanned > 0) {
      if (z.start === null) throw new UsageError(`${source}: zone ${z.name} of node ${z.node} has no start_pfn line`);
      zones.push({ node: z.node, name: z.name, startPfn: z.start, endPfn: z.start + z.spanned, spanned: z.spanned, present: z.present, managed: z.managed, pcp: z.pcp });
    }
    z = null;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const head = /^Node (\d+), zone\s+(\S+)/.exec(line);
    if (head) {
      flush();
      z = { node: Number(head[1]), name: head[2], spanned: 0, present: 0, managed: 0, start: null, pcp: [] };
      continue;
    }
    if (!z) continue;
    const kv = /^(spanned|present|managed|start_pfn:|cpu:|count:|high:|batch:)\s+(\d+)$/.exec(line);
    if (!kv) continue;
    const v = Number(kv[2]);
    switch (kv[1]) {
      case 'spanned':
        z.spanned = v;
        break;
      case 'present':
        z.present = v;
        break;
      case 'managed':
        z.managed = v;
        break;
      case 'start_pfn:':
        z.start = v;
        break;
      case 'cpu:':
        flushCpu();
        cpu = { cpu: v };
        break;
      case 'count:':
      case 'high:':
      case 'batch:':
        if (cpu) cpu[kv[1].slice(0, -1) as 'count' | 'high' | 'batch'] = v;
        break;
    }
  }
  flush();
  if (zones.length === 0) throw new UsageError(`${source}: no populated zone found; is this a copy of /proc/zoneinfo?`);
  return zones;
}

/** Reads and parses a zoneinfo file; a UsageError naming the flag when it cannot. */
export function readZoneinfo(path: string, flag = '--zoneinfo'): ZoneInfo[] {
  return parseZoneinfo(readTextInput(path, `${flag} file`, 16 * 2 ** 20), `${flag} ${path}`);
}
