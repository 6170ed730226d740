/** A pcp-model system at a built-in configuration, and states reached by named steps, for property tests. */
import { parseConfig } from '../../src/config/load.ts';
import { pcpModel } from '../../models/pcp/index.ts';
import { configs } from '../../models/pcp/configs.ts';
import type { MmSystem } from '../../models/mm/system.ts';

/** The baseline system at `config`. */
export function pcpSystem(config = 'default'): MmSystem {
  return pcpModel.build(parseConfig(configs[config], config), pcpModel.variants[0]).system;
}

/** Applies transitions by key from the initial state (as in a trace file); throws on a key that is not enabled. */
export function reach(sys: MmSystem, keys: readonly string[]): Uint16Array {
  let s = sys.initial();
  for (const key of keys) {
    const tr = sys.transitionFromKey(key);
    const r = tr === undefined ? null : sys.apply(s, tr);
    if (!r) throw new Error(`'${key}' is not enabled here`);
    s = r.next;
  }
  return s;
}

/** cpu0 allocates one MOVABLE page: the refill leaves one more page on cpu0's order-0 MOVABLE list. */
export const ONE_PAGE_ON_CPU0_PCP = ['cpu0 alloc_pages(order=0, mt=MOVABLE, comp=0)', 'cpu0 step'];
