/**
 * Q2 no owned state survives CPU offline or isolation (the pcp-buddy RFC, seed 002, whose text
 * says nothing of either). Once page_alloc_cpu_dead() has finished with a CPU, that CPU owns no
 * pageblock, remembers none, and its pageset stays empty (no free may land there: nothing would
 * ever drain it). Once a pageblock is isolated, no CPU owns it, remembers it, or holds an owned
 * piece of it on a pageset: raised by the isolation itself (`ghost_isolation_postcondition` in
 * models/pcp-buddy/impl.ts). The offline half is checked after every step.
 */
import type { Finding } from '../src/engine/types.ts';
import type { MmView } from '../models/mm/view.ts';
import { CPU_STATE, blockName, cpuState, hasOwnership, listedMask, ownerOf } from '../models/pcp-buddy/state.ts';
import type { Property } from './types.ts';

/** The offline half of Q2. */
export function checkOfflineState(v: MmView): Finding | null {
  const { L, s } = v;
  if (!hasOwnership(L)) return null;
  const g = L.geo;
  for (let cpu = 0; cpu < g.cpus; cpu++) {
    if (cpuState(L, s, cpu) !== CPU_STATE.offline) continue;
    const owned: string[] = [];
    for (let b = 0; b < g.nPageblocks; b++) if (ownerOf(L, s, b) === cpu) owned.push(blockName(L, b));
    if (owned.length)
      return {
        code: 'Q2',
        message: `cpu${cpu} is offline but still owns ${owned.join(', ')}: frees of those pages go to a pageset nobody drains`,
        cpus: [cpu],
        hint: 'page_alloc_cpu_dead() must release every block the dead CPU owns, not only those on its owned_blocks (blocks whose pages are all allocated are not listed).',
      };
    if (listedMask(L, s, cpu) !== 0) return { code: 'Q2', message: `cpu${cpu} is offline but its owned_blocks list is not empty`, cpus: [cpu] };
    const pages: number[] = [];
    v.forEachListed((pfn, _o, place) => {
      if (place.kind === 'pcp' && place.cpu === cpu) pages.push(pfn);
    });
    if (pages.length)
      return {
        code: 'Q2',
        message: `cpu${cpu} is offline but pfn ${pages.join(', ')} ${pages.length > 1 ? 'are' : 'is'} on its pageset: stranded, nothing drains it again`,
        pfns: pages,
        cpus: [cpu],
        hint: "A free read the dead CPU as the owner and committed to its pageset after page_alloc_cpu_dead() drained it: re-read the owner under the owner's pcp->lock, and release ownership before the last drain.",
      };
  }
  return null;
}

/** Q2 no owned state survives CPU offline or isolation. */
export const Q2: Property = {
  code: 'Q2',
  title: 'no owned state after offline or isolation',
  meaning: 'a CPU that went offline owns and remembers no block and its pageset stays empty; an isolated block has no owner, is remembered by none, and has no owned piece on a pageset',
  kind: 'state',
  check: checkOfflineState,
};
