// Numeric columns enter the model as bins: quantile edges from the data (or edges the user gives), and
// names for the bins that read as what they hold.

/**
 * Quantile bin edges from a column's values: the values at k/bins of the sorted sample, keeping only edges
 * above the minimum and strictly increasing, so that every bin holds at least one value. When ties leave
 * no edge at all (a column that is mostly its minimum, as the border pixels of the digits are), the edge
 * goes at the smallest value above the minimum: "the minimum" against "more", rather than one bin that
 * makes the column a constant.
 * @param sorted ascending
 */
export function quantileEdges(sorted: Float64Array, bins: number): number[] {
  const n = sorted.length;
  const edges: number[] = [];
  if (n === 0) return edges;
  for (let k = 1; k < bins; k++) {
    const q = sorted[Math.floor((k * n) / bins)];
    if (q > sorted[0] && (edges.length === 0 || q > edges[edges.length - 1])) edges.push(q);
  }
  if (edges.length === 0 && bins > 1 && sorted[n - 1] > sorted[0]) {
    let lo = 0;
    let hi = n - 1; // sorted[hi] > sorted[0]: find the first such index
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] > sorted[0]) hi = mid;
      else lo = mid + 1;
    }
    edges.push(sorted[lo]);
  }
  return edges;
}

/**
 * The same edges from a histogram (distinct values ascending, and how often each occurs), so that a family
 * of columns can share edges without concatenating their values.
 */
export function quantileEdgesOfHistogram(values: Float64Array, counts: Float64Array, bins: number): number[] {
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i];
  const edges: number[] = [];
  if (n === 0) return edges;
  let i = 0;
  let below = 0; // values before values[i]
  for (let k = 1; k < bins; k++) {
    const rank = Math.floor((k * n) / bins);
    while (below + counts[i] <= rank) below += counts[i++];
    const q = values[i];
    if (q > values[0] && (edges.length === 0 || q > edges[edges.length - 1])) edges.push(q);
  }
  if (edges.length === 0 && bins > 1 && values.length > 1) edges.push(values[1]);
  return edges;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

/**
 * Display names of the bins: `< a`, `[a, b)`, …, `[z, max]` (or `≥ z` if the data stop below z). A bin that
 * holds one value is named by it: `[16, 16]` is `16`, and for whole numbers `[4, 5)` is `4` and `< 1` is
 * the minimum when that is 0.
 * @param integer whether every value is a whole number
 */
export function binNames(edges: number[], min: number, max: number, integer = false): string[] {
  if (edges.length === 0) return [min === max ? fmt(min) : `[${fmt(min)}, ${fmt(max)}]`];
  const single = (lo: number, hi: number): boolean => integer && Number.isInteger(lo) && hi - lo === 1;
  const names = [single(min, edges[0]) ? fmt(min) : `< ${fmt(edges[0])}`];
  for (let k = 1; k < edges.length; k++) {
    const lo = edges[k - 1];
    const hi = edges[k];
    names.push(single(lo, hi) ? fmt(lo) : `[${fmt(lo)}, ${fmt(hi)})`);
  }
  const last = edges[edges.length - 1];
  names.push(max > last ? `[${fmt(last)}, ${fmt(max)}]` : max === last ? fmt(last) : `≥ ${fmt(last)}`);
  return names;
}

/** Bin of v: the number of edges ≤ v (edges[k-1] <= v < edges[k] → bin k). */
export function binOf(edges: number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
