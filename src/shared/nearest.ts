// "Did you mean": the closest names to a mistyped one, by edit distance (Damerau's adjacent transposition
// counts as one edit, so `--protoypes` finds `--prototypes`).

/** Optimal string alignment distance between a and b, case-insensitive. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/**
 * The candidates closest to `name` (at most `limit`), among those within a third of its length (at least 2
 * edits) or that contain it or are contained in it; best first.
 */
export function nearest(name: string, candidates: readonly string[], limit = 3): string[] {
  const lower = name.toLowerCase();
  const budget = Math.max(2, Math.floor(name.length / 3));
  return candidates
    .map((c) => {
      const cl = c.toLowerCase();
      const contains = lower.length >= 3 && (cl.includes(lower) || lower.includes(cl));
      return { c, d: contains ? Math.min(editDistance(name, c), 1.5) : editDistance(name, c) };
    })
    .filter((x) => x.d <= budget)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, limit)
    .map((x) => x.c);
}

/** ` Did you mean "a" or "b"?`, or '' when nothing is close. */
export function didYouMean(name: string, candidates: readonly string[], quote = (s: string) => `"${s}"`): string {
  const near = nearest(name, candidates);
  if (!near.length) return '';
  return ` Did you mean ${near.length === 1 ? quote(near[0]) : `${near.slice(0, -1).map(quote).join(', ')} or ${quote(near[near.length - 1])}`}?`;
}
