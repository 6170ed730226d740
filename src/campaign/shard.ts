/**
 * Shards: a deterministic slice of a campaign's work, so that N processes started by any
 * scheduler (a Kubernetes Indexed Job, a Slurm job array, a CI matrix, GNU parallel) together do
 * exactly the work of the unsharded run, each item once. pagecheck schedules nothing itself: a
 * shard only says which items it takes, and `pagecheck merge` puts the results together.
 *
 * Shard numbers are 1-based on the command line (`--shard 2/4`), as test runners number them;
 * the schedulers' own 0-based indices are converted where they are read.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../util/unreachable.ts';

/** One shard of a campaign. */
export interface Shard {
  /** 1-based index, at most {@link count}. */
  readonly index: number;
  readonly count: number;
  /** Where the index came from: `--shard` itself, or the variable that gave it. */
  readonly source: string;
}

/** The most shards a campaign may be split into. */
export const MAX_SHARDS = 10_000;

/** The environment variables a shard specification may read. */
export type Env = Readonly<Record<string, string | undefined>>;

function integer(text: string | undefined, what: string): number {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) throw new UsageError(`--shard: ${what} must be a non-negative integer, got ${text === undefined ? 'nothing (the variable is not set)' : `'${text}'`}`);
  return Number(text);
}

function checked(index: number, count: number, source: string): Shard {
  if (count < 1 || count > MAX_SHARDS) throw new UsageError(`--shard: the number of shards must be between 1 and ${MAX_SHARDS}, got ${count}`);
  if (index < 1 || index > count) throw new UsageError(`--shard: shard ${index} of ${count} does not exist (${source}); shards are numbered 1 to ${count}`);
  return { index, count, source };
}

/**
 * Parses a shard specification:
 * - `K/N`: shard K (1 to N) of N;
 * - `auto` or `auto/N`: from the scheduler's variables, `SLURM_ARRAY_TASK_ID` with
 *   `SLURM_ARRAY_TASK_MIN` and `SLURM_ARRAY_TASK_COUNT` (a Slurm job array), or the 0-based
 *   `JOB_COMPLETION_INDEX` of a Kubernetes Indexed Job, whose N (the Job's `completions`) must
 *   then be given;
 * - `env:NAME/N`: shard K of N where the variable NAME holds K (1 to N), as a CI matrix
 *   variable such as `shard: [1, 2, 3, 4]` does.
 */
export function parseShard(spec: string, env: Env = process.env): Shard {
  const s = spec.trim();
  let m = /^(\d+)\/(\d+)$/.exec(s);
  if (m) return checked(Number(m[1]), Number(m[2]), `--shard ${s}`);
  m = /^env:([A-Za-z_][A-Za-z0-9_]*)\/(\d+)$/.exec(s);
  if (m) {
    const name = m[1];
    return checked(integer(env[name], `the variable ${name}`), Number(m[2]), `${name}=${env[name]}`);
  }
  m = /^auto(?:\/(\d+))?$/.exec(s);
  if (m) {
    const given = m[1] !== undefined ? Number(m[1]) : undefined;
    if (env.SLURM_ARRAY_TASK_ID !== undefined) {
      const id = integer(env.SLURM_ARRAY_TASK_ID, 'SLURM_ARRAY_TASK_ID');
      const min = env.SLURM_ARRAY_TASK_MIN !== undefined ? integer(env.SLURM_ARRAY_TASK_MIN, 'SLURM_ARRAY_TASK_MIN') : 0;
      const count = env.SLURM_ARRAY_TASK_COUNT !== undefined ? integer(env.SLURM_ARRAY_TASK_COUNT, 'SLURM_ARRAY_TASK_COUNT') : given;
      if (count === undefined) throw new UsageError('--shard auto: SLURM_ARRAY_TASK_COUNT is not set; give the number of shards as --shard auto/N');
      if (given !== undefined && given !== count) throw new UsageError(`--shard auto/${given}: the Slurm array has ${count} tasks (SLURM_ARRAY_TASK_COUNT)`);
      // Arrays such as --array=0-3 and --array=1-4 both number their tasks from SLURM_ARRAY_TASK_MIN; a stepped or sparse array is not a set of shards.
      return checked(id - min + 1, count, `SLURM_ARRAY_TASK_ID=${id}, SLURM_ARRAY_TASK_MIN=${min}, SLURM_ARRAY_TASK_COUNT=${count}`);
    }
    if (env.JOB_COMPLETION_INDEX !== undefined) {
      const idx = integer(env.JOB_COMPLETION_INDEX, 'JOB_COMPLETION_INDEX');
      if (given === undefined) throw new UsageError("--shard auto: JOB_COMPLETION_INDEX gives this shard's index but not the number of shards; give it as --shard auto/N (the Job's completions)");
      return checked(idx + 1, given, `JOB_COMPLETION_INDEX=${idx}`);
    }
    throw new UsageError('--shard auto: neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set; use --shard K/N or --shard env:NAME/N');
  }
  throw new UsageError(`--shard must be K/N (e.g. 2/4), auto, auto/N or env:NAME/N, got '${spec}'`);
}

/** One unit of a campaign's work: a stable id (the same in every shard and every run) and a cost estimate. */
export interface WorkItem {
  readonly id: string;
  /** Relative cost (for example states to explore), used only to balance the shards. */
  readonly cost: number;
}

/**
 * The items of one shard, in campaign order. Items are dealt longest first to the least loaded
 * shard (ties to the lowest shard), which depends only on the list: every shard computes the same
 * assignment, and the N shards together hold every item exactly once.
 */
export function shardItems<T extends WorkItem>(items: readonly T[], shard: Shard): T[] {
  const load = new Array<number>(shard.count).fill(0);
  const owner = new Array<number>(items.length);
  const order = items.map((_, i) => i).sort((a, b) => items[b].cost - items[a].cost || a - b);
  for (const i of order) {
    let best = 0;
    for (let k = 1; k < shard.count; k++) if (load[k] < load[best]) best = k;
    owner[i] = best;
    load[best] += Math.max(items[i].cost, 0);
  }
  return items.filter((_, i) => owner[i] === shard.index - 1);
}

/** The runs [start, start + count) of a campaign of `runs` runs that one shard executes: contiguous, sizes differing by at most one. */
export function shardRuns(runs: number, shard: Shard): { readonly start: number; readonly count: number } {
  const start = Math.floor((runs * (shard.index - 1)) / shard.count);
  const end = Math.floor((runs * shard.index) / shard.count);
  return { start, count: end - start };
}

/**
 * The identity of a campaign: a digest of what it is made of (the command's words that define
 * the work, and every item id in order). Shards of one campaign carry the same one; `merge`
 * refuses results of different campaigns.
 */
export function campaignId(parts: readonly string[], items: readonly WorkItem[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  h.update('\x01');
  for (const it of items) h.update(it.id).update('\0');
  return h.digest('hex').slice(0, 16);
}
