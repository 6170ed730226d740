/**
 * What a caller can observe of a zone after an operation, named field by field, for the
 * differential check: the free lists in list order, the per-CPU lists (the exact sequence of
 * blocks a refill put there), the counters, the pageblock types, the struct page fields, the
 * locks, and which blocks callers hold. Two observations are compared word by word; this module
 * only explains a difference in kernel terms.
 */
import type { FieldDifference } from '../../src/validate/types.ts';
import { HOLD, LOCK_PLAIN, NIL, PG, type MmLayout } from './layout.ts';

function listOf(L: MmLayout, s: Uint16Array, head: number): string {
  const out: number[] = [];
  for (let p = s[head], n = 0; p !== NIL && n <= L.geo.nPfn; p = s[L.next + p], n++) out.push(p);
  return `[${out.join(', ')}]`;
}

function flagsText(f: number): string {
  const names = Object.entries(PG)
    .filter(([, bit]) => f & bit)
    .map(([n]) => n);
  return names.length ? names.join('|') : '-';
}

function holderText(L: MmLayout, h: number): string {
  switch (h) {
    case HOLD.none:
      return 'kernel';
    case HOLD.pool:
      return 'caller';
    case HOLD.ref:
      return 'speculative refs';
    case HOLD.leaked:
      return 'leaked';
    default:
      return `in flight on ${L.threadName(h - HOLD.thread0)}`;
  }
}

function lockText(L: MmLayout, w: number): string {
  if (w === 0) return 'free';
  return `held by ${L.threadName((w & ~LOCK_PLAIN) - 1)}${w & LOCK_PLAIN ? ' (spin_lock)' : ''}`;
}

/** The observable fields of an observation (kernel words of a state), by name. */
export function observedFields(L: MmLayout, s: Uint16Array, skipExtra: readonly string[] = []): Map<string, string> {
  const g = L.geo;
  const f = new Map<string, string>();
  f.set('zone->lock', lockText(L, s[L.zoneLock]));
  f.set('NR_FREE_PAGES', String(s[L.nrFreePages]));
  for (let o = 0; o < g.nOrders; o++) {
    f.set(`free_area[${o}].nr_free`, String(s[L.nrFree + o]));
    for (let mt = 0; mt < g.nMt; mt++) f.set(`free_area[${o}].free_list[${g.mts[mt]}]`, listOf(L, s, L.freeHead + o * g.nMt + mt));
  }
  if (L.pcpOrders.length)
    for (let cpu = 0; cpu < g.cpus; cpu++) {
      f.set(`cpu${cpu} pcp->count`, String(s[L.pcpCount + cpu]));
      f.set(`cpu${cpu} pcp->lock`, lockText(L, s[L.pcpLock + cpu]));
      for (const { order, mt } of L.pcpPindex) f.set(`cpu${cpu} PCP list (order ${order}, ${g.mts[mt]})`, listOf(L, s, L.pcpListHead(cpu, order, mt)));
    }
  for (let b = 0; b < g.nPageblocks; b++) f.set(`pageblock ${b} (pfn ${b << g.pageblockOrder}..${((b + 1) << g.pageblockOrder) - 1}) type`, g.mts[s[L.pbType + b]] ?? String(s[L.pbType + b]));
  for (let p = 0; p < g.nPfn; p++)
    f.set(`pfn ${p}`, `refcount ${s[L.ref + p]}, flags ${flagsText(s[L.flags + p])}, private ${s[L.priv + p]}, ${holderText(L, s[L.gHold + p])}`);
  const held: string[] = [];
  for (let p = 0; p < g.nPfn; p++) if (s[L.gUnit + p] && s[L.gHold + p] === HOLD.pool) held.push(`pfn ${p} (order ${s[L.gUnit + p] - 1})`);
  f.set('blocks held by callers', held.length ? held.join(', ') : 'none');
  for (const [name, at] of Object.entries(L.extra)) {
    if (skipExtra.includes(name)) continue;
    const n = L.opts.extra?.[name] ?? 0;
    f.set(name, `[${Array.from(s.subarray(at, at + n)).join(', ')}]`);
  }
  return f;
}

/** The observable fields that differ, what callers hold first, then the lists, then the rest. */
export function describeObservationDiff(L: MmLayout, before: Uint16Array, after: Uint16Array, skipExtra: readonly string[] = []): FieldDifference[] {
  const a = observedFields(L, before, skipExtra);
  const b = observedFields(L, after, skipExtra);
  const out: FieldDifference[] = [];
  const rank = (k: string) => (k === 'blocks held by callers' ? 0 : k.includes('list') ? 1 : k.startsWith('pfn ') ? 3 : 2);
  for (const k of [...a.keys()].sort((x, y) => rank(x) - rank(y))) if (a.get(k) !== b.get(k)) out.push({ field: k, before: a.get(k)!, after: b.get(k)! });
  return out;
}
