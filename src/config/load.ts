/**
 * Turning user input (a built-in name, a JSON file, command-line overrides) into a validated
 * {@link Config}. Every failure is a {@link UsageError} whose message names the field and the rule.
 */
import { readFileSync, existsSync } from 'node:fs';
import { z } from 'zod';
import { ConfigSchema, type Config, type ConfigInput } from './schema.ts';
import { UsageError } from '../util/unreachable.ts';
import { closest } from '../util/bits.ts';

/** Formats zod issues as `field.path: message` lines. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = 'config'): string {
  return issues
    .map((i) => {
      const path = i.path.length ? i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') : '';
      return `  ${prefix}${path}: ${i.message}`;
    })
    .join('\n');
}

/** Validates a raw configuration object; throws a {@link UsageError} naming each bad field. */
export function parseConfig(raw: unknown, source: string): Config {
  const r = ConfigSchema.safeParse(raw);
  if (!r.success) throw new UsageError(`invalid configuration ${source}:\n${formatIssues(r.error.issues)}`);
  return r.data;
}

/** Command-line overrides of individual configuration fields (`--cpus`, `--pages`, ...). */
export interface ConfigOverrides {
  cpus?: number;
  pages?: number;
  pagesPerSection?: number;
  maxOrder?: number;
  pageblockOrder?: number;
  vmemmap?: boolean;
  allocsPerCpu?: number;
}

/**
 * Resolves `--config NAME|FILE` against a model's named configurations, then applies overrides.
 * A name that is neither a built-in configuration nor an existing file is an error with the
 * closest built-in names.
 */
export function resolveConfig(
  spec: string,
  builtins: Readonly<Record<string, ConfigInput>>,
  overrides: ConfigOverrides = {},
): { name: string; config: Config } {
  let raw: ConfigInput;
  let name: string;
  if (Object.hasOwn(builtins, spec)) {
    raw = structuredClone(builtins[spec]);
    name = spec;
  } else if (existsSync(spec)) {
    let text: string;
    try {
      text = readFileSync(spec, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read configuration file ${spec}: ${(e as Error).message}`);
    }
    try {
      raw = JSON.parse(text) as ConfigInput;
    } catch (e) {
      throw new UsageError(`configuration file ${spec} is not valid JSON: ${(e as Error).message}`);
    }
    name = typeof (raw as { name?: unknown }).name === 'string' ? (raw as { name: string }).name : spec;
  } else {
    const near = closest(spec, Object.keys(builtins));
    throw new UsageError(
      `unknown configuration '${spec}': not a built-in configuration of this model and not a file.` +
        ` Built-in: ${Object.keys(builtins).join(', ')}.` +
        (near.length ? ` Did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : ''),
    );
  }
  const o = overrides;
  const withOverrides: Record<string, unknown> = { ...raw };
  if (o.cpus !== undefined) withOverrides.cpus = o.cpus;
  if (o.pages !== undefined) withOverrides.pages = o.pages;
  if (o.pagesPerSection !== undefined) withOverrides.pagesPerSection = o.pagesPerSection;
  if (o.maxOrder !== undefined) withOverrides.maxOrder = o.maxOrder;
  if (o.pageblockOrder !== undefined) withOverrides.pageblockOrder = o.pageblockOrder;
  if (o.vmemmap !== undefined) withOverrides.vmemmap = o.vmemmap;
  if (o.allocsPerCpu !== undefined)
    withOverrides.workload = { ...(raw.workload ?? {}), allocsPerCpu: o.allocsPerCpu };
  const changed = Object.entries(o).filter(([, v]) => v !== undefined);
  if (changed.length) {
    name += '+' + changed.map(([k, v]) => `${k}=${String(v)}`).join(',');
  }
  return { name, config: parseConfig(withOverrides, `'${name}'`) };
}
