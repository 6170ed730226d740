/** True when `n` is a positive power of two. */
export function isPow2(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/** Floor of log2(n) for n >= 1 (the kernel's `ilog2`). */
export function ilog2(n: number): number {
  return 31 - Math.clz32(n);
}

/** Index of the lowest set bit (the kernel's `__ffs`); undefined for 0, so callers must check. */
export function ffs(n: number): number {
  return 31 - Math.clz32(n & -n);
}

/** Levenshtein distance, used to suggest the closest name when the user misspells one. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The names closest to `name` (at most three), for "did you mean" hints. */
export function closest(name: string, candidates: readonly string[]): string[] {
  return candidates
    .map((c) => ({ c, d: editDistance(name.toLowerCase(), c.toLowerCase()) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(c.length / 3)))
    .sort((x, y) => x.d - y.d)
    .slice(0, 3)
    .map(({ c }) => c);
}
