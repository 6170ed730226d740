/** Builds the report metadata (renderer, legend, re-run command) of a resolved check. */
import { traceDecoderOf } from '../../models/mm/snapshot.ts';
import type { Resolved } from '../check.ts';
import type { ConfigOverrides } from '../config/load.ts';
import { defaultSteer, type FuzzSettings } from '../fuzz/fuzz.ts';
import type { ReportMeta } from '../report/text.ts';

/** How a command line names a resolved variant: its file for a user-written one, else its name. */
export function variantArg(r: Resolved): string {
  return r.variant.file ? (r.variant.source ?? r.variant.file) : r.variant.name;
}

/** The command line that reproduces a check (or, with `command`, another command's run). */
export function rerunCommand(r: Resolved, configSpec: string, overrides: ConfigOverrides = {}, strategy = 'bfs', command = 'check'): string {
  const flags: string[] = [`--model ${r.model.name}`];
  if (r.variant.file || r.variant.name !== 'baseline') flags.push(`--variant ${variantArg(r)}`);
  flags.push(...configFlags(configSpec, overrides));
  if (strategy !== 'bfs') flags.push(`--strategy ${strategy}`);
  if (command === 'check' && r.reductions.includes('symmetry')) flags.push('--symmetry');
  if (command === 'check' && r.reductions.includes('por')) flags.push('--por');
  if (command === 'check' && r.reductions.includes('live-registers')) flags.push('--live-registers');
  return `npx pagecheck ${command} ${flags.join(' ')}`;
}

/** `--config` and the override flags that reproduce a configuration. */
export function configFlags(configSpec: string, overrides: ConfigOverrides = {}): string[] {
  const flags = [`--config ${configSpec}`];
  const map: Record<keyof ConfigOverrides, string> = {
    cpus: '--cpus',
    pages: '--pages',
    pagesPerSection: '--pages-per-section',
    maxOrder: '--max-order',
    pageblockOrder: '--pageblock-order',
    vmemmap: '--vmemmap',
    allocsPerCpu: '--allocs',
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) continue;
    const flag = map[k as keyof ConfigOverrides];
    flags.push(typeof v === 'boolean' ? (v ? flag : '--no-vmemmap') : `${flag} ${v}`);
  }
  return flags;
}

/** Report metadata for a resolved check. */
export function metaOf(r: Resolved, rerun: string): ReportMeta {
  return {
    model: r.model.name,
    variant: r.variant.name,
    config: r.configName,
    render: (s) => r.built.system.render(s),
    legend: r.built.system.legend,
    rerun,
    reductions: r.reductions,
    decoderFor: (system) => traceDecoderOf(system, r.model.registers?.values),
  };
}

/** The command line that repeats a fuzz campaign (same seed and settings); add `--replay PATH` for one run. */
export function fuzzRerunCommand(r: Resolved, configSpec: string, overrides: ConfigOverrides, s: FuzzSettings): string {
  const flags = [`--steps ${s.steps}`];
  if (s.pct?.depthSource === 'given') flags.push(`--pct-depth ${s.pct.depth}`);
  if (s.pct?.kSource === 'given') flags.push(`--pct-steps ${s.pct.k}`);
  if (s.varyConfig) flags.push('--vary-config');
  // Steering changes every run after the first: a replay needs it as the campaign had it.
  if (s.steer !== defaultSteer(s.strategy)) flags.push(s.steer ? '--steer' : '--no-steer');
  flags.push(`--seed ${s.seed}`);
  return `${rerunCommand(r, configSpec, overrides, s.strategy, 'fuzz')} ${flags.join(' ')}`;
}
