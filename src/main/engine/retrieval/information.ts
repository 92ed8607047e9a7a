// How informative a match is, from how common values are among the index's cases (similarity.ts weighs
// matches with it). Derived from the value indices alone, once per index, and never stored: an index read
// back from a project file gets the same numbers as the one that was built.
//
// Two kinds of features, two notions of a match:
// - Items — of a set or text column, or a market-basket column whose missing cells mean "absent" — are
//   sparse: most cases lack most items, and a shared absence says next to nothing. A shared item weighs its
//   inverse document frequency −log p̂(present), as IDF does in text retrieval; a case holding an item the
//   query lacks is penalised (similarity.ts), as the union in a Jaccard index penalises it.
// - Every other feature (categorical, binned numeric, boolean) keeps one weight for all its values, the
//   information of a chance agreement −log Σ_v p̂_v² (Rényi entropy of order 2): a feature on which two
//   random cases almost always agree says little when they do. Per-value information (−log p̂_v of the
//   shared value) was measured and rejected: on binarised digits it favours shared ink over shared
//   background and loses to Hamming kNN (label precision@10 0.854 against 0.882; Rényi 0.889).
// p̂ is smoothed with half a count per value (Krichevsky–Trofimov), so an item seen once is finite.

import { missingCode, type RetrievalIndex } from './types';

export interface ValueStats {
  /** indexed by <slot> (slot = featureOffsets[f] + v): cases holding value v of feature f. */
  counts: Int32Array;
  /** indexed by <feature>: cases where the feature is observed (not missing). */
  observed: Int32Array;
  /** indexed by <feature>: 1 for an item (see isItem). */
  item: Uint8Array;
  /** indexed by <feature>: information of a match, nats: an item's −log p̂(present), else −log Σ_v p̂_v². */
  information: Float64Array;
  /**
   * The items each case does not lack (present or missing), CSR over cases: case c's are
   * itemFeature[itemStart[c] .. itemStart[c+1]). What the query-adaptive penalty (similarity.ts) scans.
   */
  itemStart: Int32Array;
  itemFeature: Int32Array;
}

/** Value indices of an item feature: what the importer writes for set and text columns. */
export const ABSENT = 0;
export const PRESENT = 1;

/**
 * An item, as the importer encodes one (src/main/engine/import/encode.ts): two values, the first 'absent' —
 * an item of a set or text column (`column=item`, absent/present), or a column read with missing = absent
 * that holds one value (a market basket's `t`). Read from the values, so indexes stored before this was
 * known are recognised too.
 */
export function isItem(feature: { values: string[] }): boolean {
  const v = feature.values;
  return v.length === 2 && v[ABSENT] === 'absent';
}

const cache = new WeakMap<RetrievalIndex, ValueStats>();

/** The index's value statistics (computed on first use; an index is not changed once built). */
export function valueStats(index: RetrievalIndex): ValueStats {
  let s = cache.get(index);
  if (!s) {
    s = computeStats(index);
    cache.set(index, s);
  }
  return s;
}

function computeStats(index: RetrievalIndex): ValueStats {
  const F = index.features.length;
  const n = index.n;
  const off = new Int32Array(F + 1); // slot offsets, as similarity.ts's featureOffsets (which imports this file)
  for (let f = 0; f < F; f++) off[f + 1] = off[f] + index.features[f].values.length;
  const miss = missingCode(index.valueType);
  const item = Uint8Array.from(index.features, (f) => (isItem(f) ? 1 : 0));
  const items: number[] = [];
  for (let f = 0; f < F; f++) if (item[f]) items.push(f);
  const counts = new Int32Array(off[F]);
  const observed = new Int32Array(F);
  const itemStart = new Int32Array(n + 1);
  const held: number[] = [];
  for (let c = 0; c < n; c++) {
    const base = c * F;
    for (let f = 0; f < F; f++) {
      const v = index.x[base + f];
      if (v === miss) continue;
      counts[off[f] + v]++;
      observed[f]++;
    }
    for (const f of items) if (index.x[base + f] !== ABSENT) held.push(f);
    itemStart[c + 1] = held.length;
  }
  const information = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    const V = index.features[f].values.length;
    const p = (v: number) => (counts[off[f] + v] + 0.5) / (observed[f] + 0.5 * V);
    if (item[f]) information[f] = -Math.log(p(PRESENT));
    else {
      let agree = 0;
      for (let v = 0; v < V; v++) agree += p(v) * p(v);
      information[f] = -Math.log(agree);
    }
  }
  return { counts, observed, item, information, itemStart, itemFeature: Int32Array.from(held) };
}
