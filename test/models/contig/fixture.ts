/** Contig-model systems at built-in configurations, states reached by transition keys, and isolated runs, for tests. */
import { parseConfig } from '../../../src/config/load.ts';
import { runIsolated } from '../../../src/validate/differential.ts';
import type { IsolatedRun } from '../../../src/validate/types.ts';
import { contigModel } from '../../../models/contig/index.ts';
import { configs } from '../../../models/contig/configs.ts';
import { findVariant } from '../../../models/registry.ts';
import type { MmSystem } from '../../../models/mm/system.ts';
export { reach } from '../../properties/pcp-fixture.ts';

/** The system of a variant at a built-in configuration. */
export function contigSystem(variant = 'baseline', config = 'default'): MmSystem {
  return contigModel.build(parseConfig(configs[config], config), findVariant(contigModel, variant)).system;
}

/** Runs the operation started by `key` from `s`, alone, recording its steps. */
export function runAlone(sys: MmSystem, s: Uint16Array, key: string): IsolatedRun {
  const tr = sys.transitionFromKey(key);
  if (tr === undefined) throw new Error(`'${key}' is not a transition of this system`);
  return runIsolated(sys, s, tr, 1000, true);
}

/** The pfns on a list whose head is at `head` (buddy or PCP), in list order. */
export function listAt(sys: MmSystem, s: Uint16Array, head: number): number[] {
  const out: number[] = [];
  for (let p = s[head]; p !== 0xffff && out.length <= sys.L.geo.nPfn; p = s[sys.L.next + p]) out.push(p);
  return out;
}

export const FREE_RANGE = 'cpu0 free_contig_range(pfn=1, nr=10)';
