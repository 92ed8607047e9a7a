// "Did you mean": the column names nearest to a mistyped one, by edit distance.

/**
 * Levenshtein distance where a difference of case alone costs nothing (`Digit` for `digit` is surely
 * meant) and `*` in `a` matches any run of characters at no cost (for globs such as `pix_*`).
 * Stops early and returns `limit + 1` once every path costs more than `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const m = a.length;
  const n = b.length;
  // prev[j], cur[j]: distance between a[0, i) and b[0, j)
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  const al = a.toLowerCase();
  const bl = b.toLowerCase();
  for (let i = 1; i <= m; i++) {
    const star = a[i - 1] === '*';
    cur[0] = star ? prev[0] : prev[0] + 1;
    let best = cur[0];
    for (let j = 1; j <= n; j++) {
      let d: number;
      if (star) d = Math.min(prev[j], cur[j - 1]); // the star matches nothing more, or one more character
      else {
        const same = al[i - 1] === bl[j - 1] ? 0 : 1;
        d = Math.min(prev[j - 1] + same, prev[j] + 1, cur[j - 1] + 1);
      }
      cur[j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/**
 * Up to `max` names within a distance that grows with the length (about one edit in three, at least 2),
 * nearest first, ties in file order.
 */
export function nearestNames(key: string, names: readonly string[], max = 3): string[] {
  const literal = key.replace(/\*/g, '').length;
  const limit = Math.max(2, Math.floor(literal / 3));
  const hits: { name: string; d: number; k: number }[] = [];
  names.forEach((name, k) => {
    const d = editDistance(key, name, limit);
    if (d <= limit) hits.push({ name, d, k });
  });
  hits.sort((x, y) => x.d - y.d || x.k - y.k);
  return hits.slice(0, max).map((h) => h.name);
}

/** `did you mean "a", "b" or "c"?`, or a short list of the columns when nothing is near. */
export function didYouMean(key: string, names: readonly string[]): string {
  const near = nearestNames(key, names);
  if (near.length > 0) {
    const q = near.map((s) => JSON.stringify(s));
    return `did you mean ${q.length === 1 ? q[0] : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`}?`;
  }
  const shown = names.slice(0, 12).map((s) => JSON.stringify(s)).join(', ');
  return `the columns are ${shown}${names.length > 12 ? `, … (${names.length} in all)` : ''}`;
}
