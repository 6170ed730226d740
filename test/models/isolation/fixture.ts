/** Isolation-model systems at built-in configurations, isolated runs and list walks, for tests. */
import { parseConfig } from '../../../src/config/load.ts';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { isolationModel } from '../../../models/isolation/index.ts';
import { configs } from '../../../models/isolation/configs.ts';
import { findVariant } from '../../../models/registry.ts';
import type { MmSystem } from '../../../models/mm/system.ts';
export { listAt, runAlone } from '../contig/fixture.ts';
export { reach } from '../../properties/pcp-fixture.ts';

/** The system of a variant at a built-in configuration (or one given). */
export function isolationSystem(variant = 'baseline', config: string | ConfigInput = 'contig'): MmSystem {
  const input = typeof config === 'string' ? configs[config] : config;
  return isolationModel.build(parseConfig(input, typeof config === 'string' ? config : 'test'), findVariant(isolationModel, variant)).system;
}

/** The head word of free_area[order].free_list[mt]. */
export function freeList(sys: MmSystem, order: number, mt: number): number {
  return sys.L.freeHead + order * sys.L.geo.nMt + mt;
}
