// Near-duplicate cases: pairs equal on all modelled features but at most d (leakage between train and test
// splits, and what a model can memorise). Pigeonhole blocking: cut the features into d + 1 blocks; two cases
// differing in at most d features agree exactly on at least one block, so only cases sharing a block's
// values are compared. Each pair is counted at the first block it agrees on, so it is counted once.

export interface NearDuplicates {
  /** Pairs differing in at most `maxDiffering` features (a missing value is a value of its own). */
  count: number;
  /** Of them, pairs equal on every feature. */
  identical: number;
  /** The first `limit` pairs: identical ones first, then by a and b. */
  pairs: { a: number; b: number; differing: number }[];
  /** Pairs compared (the work blocking left). */
  compared: number;
}

/** x: indexed by <case, feature> (n × f), value index or -1 = missing. */
export function nearDuplicates(x: Int32Array, n: number, f: number, opts: { maxDiffering?: number; limit?: number } = {}): NearDuplicates {
  const d = Math.max(0, Math.min(opts.maxDiffering ?? 1, f));
  const limit = opts.limit ?? 1000;
  const blocks = Math.min(d + 1, Math.max(1, f));
  // Block b holds features [start[b], start[b + 1]).
  const start = Array.from({ length: blocks + 1 }, (_, b) => Math.round((b * f) / blocks));
  const key = (i: number, b: number) => {
    let s = '';
    for (let j = start[b]; j < start[b + 1]; j++) s += x[i * f + j] + ',';
    return s;
  };
  const agrees = (i: number, k: number, b: number) => {
    for (let j = start[b]; j < start[b + 1]; j++) if (x[i * f + j] !== x[k * f + j]) return false;
    return true;
  };
  let count = 0;
  let identical = 0;
  let compared = 0;
  const pairs: NearDuplicates['pairs'] = [];
  for (let b = 0; b < blocks; b++) {
    const buckets = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const k = key(i, b);
      const bucket = buckets.get(k);
      if (bucket) bucket.push(i);
      else buckets.set(k, [i]);
    }
    for (const bucket of buckets.values()) {
      for (let p = 0; p < bucket.length; p++)
        for (let q = p + 1; q < bucket.length; q++) {
          const i = bucket[p];
          const k = bucket[q];
          let earlier = false;
          for (let e = 0; e < b && !earlier; e++) earlier = agrees(i, k, e);
          if (earlier) continue;
          compared++;
          let differing = 0;
          for (let j = 0; j < f && differing <= d; j++) if (x[i * f + j] !== x[k * f + j]) differing++;
          if (differing > d) continue;
          count++;
          if (differing === 0) identical++;
          pairs.push({ a: i, b: k, differing });
        }
    }
  }
  pairs.sort((p, q) => p.differing - q.differing || p.a - q.a || p.b - q.b);
  return { count, identical, pairs: pairs.slice(0, limit), compared };
}
