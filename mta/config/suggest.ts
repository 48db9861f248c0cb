/**
 * "Did you mean …?" for misspelt directive and tag names, by edit distance.
 */

/** Levenshtein distance, giving up (returning `limit + 1`) once it cannot be within `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      best = Math.min(best, row[j]);
    }
    if (best > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length];
}

/** How far off a name may be and still be suggested: short names need closer matches. */
function tolerance(name: string): number {
  return name.length <= 4 ? 1 : name.length <= 11 ? 2 : 3;
}

/**
 * The closest candidate within tolerance, or null. `preferred` candidates (e.g. the names valid in the
 * current block) win ties, so `max-smtp-outt` inside `<domain>` suggests the domain directive.
 */
export function closest(
  name: string,
  candidates: Iterable<string>,
  preferred: (candidate: string) => boolean = () => false,
): string | null {
  const limit = tolerance(name);
  let best: { name: string; score: number } | null = null;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate, limit);
    if (d > limit) continue;
    const score = d * 2 + (preferred(candidate) ? 0 : 1);
    if (!best || score < best.score) best = { name: candidate, score };
  }
  return best?.name ?? null;
}

/** ` (did you mean "x"?)` or "". */
export function didYouMean(suggestion: string | null, wrap: (s: string) => string = (s) => `"${s}"`): string {
  return suggestion ? ` (did you mean ${wrap(suggestion)}?)` : "";
}
