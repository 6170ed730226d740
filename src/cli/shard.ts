/**
 * What every command that can run as a shard shares: the `--shard` option, its `--time-budget`
 * share, and the `shard` and `campaign` fields its `--json` object carries (what `pagecheck
 * merge` checks).
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { campaignId, parseShard, shardItems, type Shard, type WorkItem } from '../campaign/shard.ts';
import type { ShardFields } from '../campaign/merge.ts';
import { UsageError } from '../util/unreachable.ts';

/** Adds `--shard` (and, with `budget`, `--time-budget`) to a command. */
export function addShardOptions(cmd: Command, budget: boolean): Command {
  cmd.option(
    '--shard <K/N|auto[/N]|env:NAME/N>',
    'do only shard K of N of the work (deterministic: the N shards together do it all, each item once); auto reads SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX; merge the --json results with `pagecheck merge`',
    (v: string) => {
      try {
        return parseShard(v);
      } catch (e) {
        throw new InvalidArgumentError((e as Error).message);
      }
    },
  );
  if (budget)
    cmd.option('--time-budget <seconds>', 'bound: seconds for the whole campaign, over all its shards; each shard gets its share (the estimated cost of its items over the whole campaign)', (v: string) => {
      const n = Number(v);
      if (!/^\s*\d+(\.\d+)?\s*$/.test(v) || !(n > 0)) throw new InvalidArgumentError(`--time-budget must be a positive number of seconds, got '${v}'`);
      return n;
    });
  return cmd;
}

/** A command's work split for this process: the items it does and the fields its result carries. */
export interface ShardPlan<T extends WorkItem> {
  /** The items this process does (all of them without --shard). */
  readonly items: readonly T[];
  /** Every item of the campaign. */
  readonly all: readonly T[];
  readonly shard: Shard | null;
  /** The `shard` and `campaign` fields of the result (absent without --shard). */
  readonly fields: ShardFields | null;
  /** Seconds this process may spend (its share of --time-budget by estimated cost), if a budget was given. */
  readonly seconds?: number;
}

/**
 * Splits a campaign. `command` is the unsharded command line (without `--shard`), and `identity`
 * the words that define the work besides the items (a variant file's digest, for example).
 */
export function planShard<T extends WorkItem>(all: readonly T[], shard: Shard | undefined, command: string, identity: readonly string[] = [], budget?: number): ShardPlan<T> {
  const items = shard ? shardItems(all, shard) : all;
  const cost = (xs: readonly T[]) => xs.reduce((a, x) => a + Math.max(x.cost, 0), 0);
  const share = budget === undefined ? undefined : cost(all) > 0 ? (budget * cost(items)) / cost(all) : 0;
  if (!shard) return { items, all, shard: null, fields: null, ...(share !== undefined ? { seconds: share } : {}) };
  return {
    items,
    all,
    shard,
    fields: { shard, campaign: { id: campaignId([command, ...identity], all), items: all.length, covered: items.map((i) => i.id), command } },
    ...(share !== undefined ? { seconds: share } : {}),
  };
}

/** Refuses a sharded run whose work would differ from shard to shard. */
export function requireForShards(shard: Shard | undefined, given: boolean, what: string): void {
  if (shard && !given) throw new UsageError(`--shard needs ${what}: every shard must compute the same campaign`);
}
