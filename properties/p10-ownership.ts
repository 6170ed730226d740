/**
 * P10 ownership (the pcp-buddy RFC, seed 002): a page of a block a CPU owns is only on its
 * owner's pageset (marked PagePCPBuddy), held (allocated), or on the zone's free lists as a
 * remembered fragment of a block still on the owner's pcp->owned_blocks; a block has at most one
 * owner (a block on a CPU's owned_blocks is owned by that CPU); PagePCPBuddy marks only owned
 * pieces on their owner's pageset. The state half is checked after every step; the step half,
 * "a free never lands an owned page on another CPU's pageset", is raised by the free's commit
 * (`rfc_commit` in models/pcp-buddy/impl.ts). Free pieces of an isolated block are isolation's
 * business (Q2), not ownership's. Models without ownership pass trivially.
 */
import type { Finding } from '../src/engine/types.ts';
import { PG } from '../models/mm/layout.ts';
import type { MmView } from '../models/mm/view.ts';
import { blockName, blockOf, blocksCovered, hasOwnership, isolatedBlock, listedMask, ownerOf } from '../models/pcp-buddy/state.ts';
import type { Property } from './types.ts';

/** The state half of P10. */
export function checkOwnership(v: MmView): Finding | null {
  const { L, s } = v;
  if (!hasOwnership(L)) return null;
  const g = L.geo;
  for (let cpu = 0; cpu < g.cpus; cpu++) {
    const listed = listedMask(L, s, cpu);
    for (let b = 0; b < g.nPageblocks; b++) {
      if (!(listed & (1 << b))) continue;
      const owner = ownerOf(L, s, b);
      if (owner !== cpu)
        return {
          code: 'P10',
          message: `${blockName(L, b)} is on cpu${cpu}'s owned_blocks, but ${owner >= 0 ? `cpu${owner} owns it` : 'no CPU owns it'}${owner >= 0 ? ': two CPUs claim it' : ''}`,
          cpus: owner >= 0 ? [cpu, owner] : [cpu],
          hint: 'A block must leave its owner\'s owned_blocks when it changes hands, and another CPU must not claim a block someone remembers.',
        };
    }
  }
  const heads = new Uint8Array(g.nPfn);
  let f: Finding | null = null;
  v.forEachListed((pfn, order, place) => {
    if (place.kind === 'pcp') {
      heads[pfn] = 1;
      const b = blockOf(L, pfn);
      const owner = ownerOf(L, s, b);
      const marked = (s[L.flags + pfn] & PG.pcpBuddy) !== 0;
      if (marked && owner !== place.cpu)
        f = {
          code: 'P10',
          message: `pfn ${pfn} is a PagePCPBuddy piece on cpu${place.cpu}'s pageset, but ${owner >= 0 ? `cpu${owner} owns ${blockName(L, b)}` : `no CPU owns ${blockName(L, b)}`}`,
          pfns: [pfn],
          cpus: [place.cpu],
          hint: 'Owned pieces are split onto, freed to and merged on their owner\'s pageset only; ownership must be taken before the pieces are marked and dropped with them.',
        };
      else if (!marked && owner >= 0)
        f = {
          code: 'P10',
          message: `pfn ${pfn} of ${blockName(L, b)}, owned by cpu${owner}, is on cpu${place.cpu}'s pageset as an ordinary page (not PagePCPBuddy)`,
          pfns: [pfn],
          cpus: [owner, place.cpu],
          hint: 'A refill other than the owner\'s phases 0 and 1 took a piece of an owned block off the zone\'s lists: the remembered fragments are not kept for their owner.',
        };
      return f === null;
    }
    const { first, count } = blocksCovered(L, pfn, order);
    for (let b = first; b < first + count; b++) {
      const owner = ownerOf(L, s, b);
      if (owner < 0 || isolatedBlock(L, s, b) || listedMask(L, s, owner) & (1 << b)) continue;
      f = {
        code: 'P10',
        message: `free pfn ${pfn}${order ? `..${pfn + (1 << order) - 1}` : ''} on the zone's free lists lies in ${blockName(L, b)}, owned by cpu${owner}, which is not on cpu${owner}'s owned_blocks: no phase 0 will recover it, and the block stays owned`,
        pfns: [pfn],
        cpus: [owner],
        hint: 'A piece of an owned block reached the buddy without its block being remembered (or a whole block was returned without releasing its ownership).',
      };
      return false;
    }
    return true;
  });
  if (f) return f;
  for (let p = 0; p < g.nPfn; p++)
    if (s[L.flags + p] & PG.pcpBuddy && !heads[p])
      return { code: 'P10', message: `pfn ${p} is marked PagePCPBuddy but heads no block on a pageset`, pfns: [p], hint: 'PagePCPBuddy must be cleared when a piece leaves its owner\'s pageset.' };
  return null;
}

/** P10 ownership. */
export const P10: Property = {
  code: 'P10',
  title: 'ownership',
  meaning:
    "an owned block's pages are on its owner's pageset (PagePCPBuddy), held, or remembered fragments on the zone's lists; a free never puts an owned page on another CPU's pageset; a block has at most one owner",
  kind: 'state',
  check: checkOwnership,
};
