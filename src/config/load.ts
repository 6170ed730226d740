/**
 * Turning user input (a built-in name, a JSON file, command-line overrides) into a validated
 * {@link Config}. Every failure is a {@link UsageError} whose message names the field and the rule.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ConfigSchema, type Config, type ConfigInput } from './schema.ts';
import { UsageError } from '../util/unreachable.ts';
import { closest } from '../util/bits.ts';
import { readTextInput } from '../util/files.ts';
import { printable, printableValue } from '../util/printable.ts';

/** Lines of issues printed at most; the rest are counted. */
const MAX_ISSUES = 20;

/** The value at a zod issue's path in the input, when there is one. */
function valueAt(input: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, k as string)) return { found: false };
    v = (v as Record<string, unknown>)[k as string];
  }
  return { found: true, value: v };
}

/**
 * Formats zod issues as `field.path: message (got value)` lines, at most {@link MAX_ISSUES} of
 * them; `input` is what was validated, from which each line quotes the offending value.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = 'config', input?: unknown): string {
  const lines = issues.slice(0, MAX_ISSUES).map((i) => {
    const path = i.path.length ? i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${printable(String(p), 60)}`)).join('') : '';
    const at = input === undefined || i.code === 'custom' || i.code === 'unrecognized_keys' ? { found: false } : valueAt(input, i.path);
    return `  ${prefix}${path}: ${i.message}${at.found ? ` (got ${printableValue(at.value)})` : ''}`;
  });
  if (issues.length > MAX_ISSUES) lines.push(`  (${issues.length - MAX_ISSUES} more problems not listed)`);
  return lines.join('\n');
}

/** The longest list a configuration may hold: every list is bounded by the pfns of a zone (at most 65,536). */
export const MAX_LIST = 65_536;
/** Configuration files are small; this bounds what is read. */
const MAX_CONFIG_BYTES = 4 * 2 ** 20;

/**
 * Refuses, before any validation, lists longer than {@link MAX_LIST} (one message, however long
 * the list: validating millions of entries one by one would take longer than the search).
 */
function checkSizes(raw: unknown, source: string, path = 'config'): void {
  if (Array.isArray(raw)) {
    if (raw.length > MAX_LIST) throw new UsageError(`invalid configuration ${source}:\n  ${path}: a list of ${raw.length.toLocaleString('en-US')} entries; no list of a configuration has more than ${MAX_LIST.toLocaleString('en-US')} (the pfns of the largest zone)`);
    raw.forEach((v, i) => checkSizes(v, source, `${path}[${i}]`));
  } else if (raw && typeof raw === 'object') for (const [k, v] of Object.entries(raw)) checkSizes(v, source, `${path}.${printable(k, 60)}`);
}

/** Validates a raw configuration object; throws a {@link UsageError} naming each bad field, its value and the rule. */
export function parseConfig(raw: unknown, source: string): Config {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new UsageError(`invalid configuration ${source}: a configuration is a JSON object of fields (pages, pagesPerSection, maxOrder, ...), got ${printableValue(raw)}`);
  checkSizes(raw, source);
  const r = ConfigSchema.safeParse(raw);
  if (!r.success) throw new UsageError(`invalid configuration ${source}:\n${formatIssues(r.error.issues, 'config', raw)}`);
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
    // The file's path names it in headers and messages, never its own `name` field: a file could
    // call itself after a built-in configuration, or print escapes.
    name = printable(spec);
    const text = readTextInput(spec, 'configuration file', MAX_CONFIG_BYTES);
    try {
      raw = JSON.parse(text) as ConfigInput;
    } catch (e) {
      throw new UsageError(`configuration file ${name} is not valid JSON: ${printable((e as Error).message)}`);
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      throw new UsageError(`configuration file ${name} must hold a JSON object of fields (pages, pagesPerSection, maxOrder, ...), got ${printableValue(raw)}`);
  } else {
    const near = closest(spec, Object.keys(builtins));
    throw new UsageError(
      `unknown configuration '${printable(spec)}': not a built-in configuration of this model and not a file.` +
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
