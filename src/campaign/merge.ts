/**
 * Putting shards back together: `pagecheck merge RESULT...` takes the `--json` result files of
 * the shards of one campaign, checks that they are exactly its shards (same pagecheck version,
 * same command, same campaign, every shard once), and hands their bodies to the command's own
 * combiner. Nothing here knows what a row or a run is.
 */
import { SCHEMA_VERSION, STATUSES, type Status } from '../report/vocabulary.ts';
import { UsageError } from '../util/unreachable.ts';
import type { Shard } from './shard.ts';

/** What a shard's result file says about the campaign it belongs to. */
export interface CampaignInfo {
  /** Digest of the command's defining words and every item id (see campaignId). */
  readonly id: string;
  /** Items in the whole campaign. */
  readonly items: number;
  /** Ids of the items this shard did, in campaign order. */
  readonly covered: readonly string[];
  /** The command line of the unsharded campaign (without --shard), to run it again whole. */
  readonly command: string;
}

/** The fields a command adds to its `--json` object when it runs as a shard. */
export interface ShardFields {
  readonly shard: Shard;
  readonly campaign: CampaignInfo;
}

/** One result file, read and checked to be a shard's result. */
export interface ShardResult {
  readonly file: string;
  readonly command: string;
  readonly pagecheck: string;
  readonly status: Status;
  readonly shard: Shard;
  readonly campaign: CampaignInfo;
  /** The whole JSON object. */
  readonly body: Readonly<Record<string, unknown>>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;

/** Checks one parsed result file; the message names the file and the field. */
export function shardResultOf(file: string, json: unknown): ShardResult {
  const bad = (what: string) => new UsageError(`${file}: ${what}`);
  if (!isObject(json)) throw bad('not a pagecheck result (expected one JSON object, as printed by --json)');
  if (typeof json.pagecheck !== 'string' || typeof json.command !== 'string') throw bad('not a pagecheck result: no `pagecheck` version or `command` field');
  if (json.schemaVersion !== SCHEMA_VERSION) throw bad(`schemaVersion ${JSON.stringify(json.schemaVersion)} is not ${SCHEMA_VERSION}, the version this pagecheck reads`);
  if (!(STATUSES as readonly unknown[]).includes(json.status)) throw bad(`status ${JSON.stringify(json.status)} is not one of ${STATUSES.join(', ')}`);
  const s = json.shard;
  const c = json.campaign;
  if (s === undefined || c === undefined) throw bad(`a result of \`pagecheck ${json.command}\` run whole, not of a shard (run it with --shard K/N --json)`);
  if (!isObject(s) || !isInt(s.index, 1) || !isInt(s.count, 1) || s.index > s.count || typeof s.source !== 'string') throw bad('`shard` must be {index, count, source} with 1 <= index <= count');
  if (!isObject(c) || typeof c.id !== 'string' || !isInt(c.items, 0) || typeof c.command !== 'string' || !Array.isArray(c.covered) || !c.covered.every((x) => typeof x === 'string'))
    throw bad('`campaign` must be {id, items, covered, command}');
  return {
    file,
    command: json.command,
    pagecheck: json.pagecheck,
    status: json.status as Status,
    shard: { index: s.index, count: s.count, source: s.source },
    campaign: { id: c.id, items: c.items, covered: c.covered as string[], command: c.command },
    body: json,
  };
}

/** The shards of one campaign, checked complete, in shard order. */
export interface Campaign {
  readonly command: string;
  readonly pagecheck: string;
  readonly count: number;
  readonly id: string;
  readonly items: number;
  /** The unsharded command line. */
  readonly commandLine: string;
  readonly shards: readonly ShardResult[];
}

/**
 * Checks that `results` are the N shards of one campaign, each once; the error names every
 * file that does not belong and every shard missing or given twice.
 */
export function checkCampaign(results: readonly ShardResult[]): Campaign {
  if (!results.length) throw new UsageError('merge: no result files given');
  const first = results[0];
  const differ = (what: string, get: (r: ShardResult) => string | number) => {
    const others = results.filter((r) => get(r) !== get(first));
    if (others.length) throw new UsageError(`merge: these files are not of one campaign: ${first.file} has ${what} ${get(first)}, ${others.map((r) => `${r.file} has ${get(r)}`).join(', ')}`);
  };
  differ('pagecheck version', (r) => r.pagecheck);
  differ('command', (r) => r.command);
  differ('shard count', (r) => r.shard.count);
  differ('campaign', (r) => `${r.campaign.id} (${r.campaign.command})`);
  const count = first.shard.count;
  const byIndex = new Map<number, ShardResult[]>();
  for (const r of results) byIndex.set(r.shard.index, [...(byIndex.get(r.shard.index) ?? []), r]);
  const twice = [...byIndex.entries()].filter(([, rs]) => rs.length > 1).sort(([a], [b]) => a - b);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (twice.length || missing.length) {
    const parts = [
      ...missing.map((k) => `shard ${k}/${count} is missing`),
      ...twice.map(([k, rs]) => `shard ${k}/${count} is given ${rs.length} times (${rs.map((r) => r.file).join(', ')})`),
    ];
    throw new UsageError(`merge: ${parts.join('; ')}; every shard of \`${first.campaign.command}\` must be given exactly once`);
  }
  const shards = [...results].sort((a, b) => a.shard.index - b.shard.index);
  const seen = new Map<string, string>();
  for (const r of shards)
    for (const id of r.campaign.covered) {
      const prior = seen.get(id);
      if (prior !== undefined) throw new UsageError(`merge: ${id} was done by two shards (${prior} and ${r.file}): the files are damaged or come from different campaigns`);
      seen.set(id, r.file);
    }
  if (seen.size !== first.campaign.items) throw new UsageError(`merge: the shards did ${seen.size} of the campaign's ${first.campaign.items} items: the files are damaged or come from different campaigns`);
  return { command: first.command, pagecheck: first.pagecheck, count, id: first.campaign.id, items: first.campaign.items, commandLine: first.campaign.command, shards };
}

/** The combined status of several results: the strongest finding wins (error, then fail, incomplete, vacuous, ok). */
export function combinedStatus(statuses: readonly Status[]): Status {
  for (const s of ['error', 'fail', 'incomplete', 'vacuous'] as const) if (statuses.includes(s)) return s;
  return 'ok';
}
