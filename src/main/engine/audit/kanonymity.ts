// Prototype privacy: a prototype is always a real case, so showing it shows a person. Its k is how many cases
// (itself included) share every value it shows: its subspace features and the quasi-identifier columns
// (k-anonymity, Sweeney 2002). A value the prototype lacks is not shown, so it constrains nothing.

export interface PrototypeK {
  /** Cases, the prototype included, holding the prototype's value of every subspace feature and quasi-identifier. */
  k: number;
}

/**
 * x: indexed by <case, feature> (n × f), value index or -1 = missing. features: the modelled features shown
 * (the subspace). quasi: raw values of each quasi-identifier column, indexed [column][case] (null = missing).
 */
export function prototypeK(x: Int32Array, n: number, f: number, row: number, features: readonly number[], quasi: readonly (readonly (string | null)[])[] = []): number {
  const shownFeatures = features.filter((j) => x[row * f + j] >= 0);
  const shownQuasi = quasi.filter((col) => col[row] !== null);
  let k = 0;
  for (let i = 0; i < n; i++) {
    let same = true;
    for (const j of shownFeatures)
      if (x[i * f + j] !== x[row * f + j]) {
        same = false;
        break;
      }
    if (same)
      for (const col of shownQuasi)
        if (col[i] !== col[row]) {
          same = false;
          break;
        }
    if (same) k++;
  }
  return k;
}

/** What to do about a prototype shared by fewer than `threshold` cases, said plainly. */
/** Features and quasi-identifiers a warning names at most; the others are counted (a text's subspace has hundreds). */
const NAMED = 8;

export function privacyWarning(cluster: number, row: number, k: number, threshold: number, shown: string[]): string | null {
  if (k >= threshold) return null;
  const who = k === 1 ? 'no other case' : `only ${k - 1} other case${k - 1 > 1 ? 's' : ''}`;
  const named = shown.length > NAMED ? `${shown.slice(0, NAMED).join(', ')} and ${shown.length - NAMED} more` : shown.join(', ');
  // A set's or a text's features are `column=item`; redaction is of whole columns.
  const columns = [...new Set(shown.map((s) => (s.includes('=') ? s.slice(0, s.indexOf('=')) : s)))];
  return (
    `Cluster ${cluster}'s prototype (row ${row}) shares ${shown.length ? named : 'its values'} with ${who} (k = ${k} < ${threshold}). ` +
    `Fix: generalise those columns to coarser bins, redact them on export (--redact ${columns.length ? columns.join(',') : 'COL'}), or pin another case as the prototype.`
  );
}
