// Unsupervised accuracy of a clustering against held-back labels (Kim, Rudin & Shah 2014, §5: each case
// goes to its most probable cluster, each cluster is named by the majority label of its cases).

/** Most probable cluster of each case (lowest index on ties); pi is indexed by <case, cluster>. */
export function hardAssignments(pi: Float64Array, n: number, S: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let s = 1; s < S; s++) if (pi[i * S + s] > pi[i * S + best]) best = s;
    out[i] = best;
  }
  return out;
}

/** Number of cases whose most probable cluster is s, indexed by <cluster>. */
export function clusterSizes(pi: Float64Array, n: number, S: number): Int32Array {
  const sizes = new Int32Array(S);
  for (const s of hardAssignments(pi, n, S)) sizes[s]++;
  return sizes;
}

/**
 * Fraction of labelled cases whose cluster's majority label is their own label. Cases with a null label
 * neither vote nor count. NaN when no case is labelled.
 */
export function unsupervisedAccuracy(
  pi: Float64Array,
  n: number,
  S: number,
  labels: readonly (string | null)[],
): number {
  const assigned = hardAssignments(pi, n, S);
  const votes: Map<string, number>[] = Array.from({ length: S }, () => new Map());
  let labelled = 0;
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (label === null) continue;
    labelled++;
    const v = votes[assigned[i]];
    v.set(label, (v.get(label) ?? 0) + 1);
  }
  if (labelled === 0) return NaN;
  // The majority count is all that matters: whichever label wins a tie, the same number of cases is right.
  let correct = 0;
  for (const v of votes) correct += Math.max(0, ...v.values());
  return correct / labelled;
}
