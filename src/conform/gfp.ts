/**
 * What the `gfp_flags` of `mm_page_alloc` say about the allocating task, as `show_gfp_flags()`
 * prints them (`include/trace/events/mmflags.h`: the first matching composite name, then the
 * remaining `__GFP_*` bits, joined by `|`). Flags printed as a number are not decoded: the answers
 * are then "maybe", which only ever allows an explanation, never forbids one.
 */

/** Composite names that include `__GFP_DIRECT_RECLAIM` (include/linux/gfp_types.h, 6.1). */
const RECLAIMING = new Set([
  'GFP_KERNEL',
  'GFP_KERNEL_ACCOUNT',
  'GFP_NOIO',
  'GFP_NOFS',
  'GFP_USER',
  'GFP_HIGHUSER',
  'GFP_HIGHUSER_MOVABLE',
  'GFP_TRANSHUGE',
  '__GFP_RECLAIM',
  '__GFP_DIRECT_RECLAIM',
]);

function names(gfp: string): string[] {
  return gfp.split('|');
}

function undecoded(gfp: string): boolean {
  return names(gfp).some((n) => /^0x[0-9a-f]+$/i.test(n));
}

/** The allocation may enter direct reclaim or compaction, and so sleep (`__GFP_DIRECT_RECLAIM`). */
export function mayReclaim(gfp: string): boolean {
  return undecoded(gfp) || names(gfp).some((n) => RECLAIMING.has(n));
}

/** The allocation is charged to a memory cgroup (`__GFP_ACCOUNT`), which may reclaim after the page is taken. */
export function accounted(gfp: string): boolean {
  return undecoded(gfp) || names(gfp).some((n) => n === 'GFP_KERNEL_ACCOUNT' || n === '__GFP_ACCOUNT');
}
