// Near-duplicate cases: pairs equal on all modelled features but at most d (leakage between train and test
// splits, and what a model can memorise). Identical rows are first grouped by their full key, so a dataset
// holding many copies costs its distinct rows, not its pairs. Then pigeonhole blocking over the distinct rows:
// cut the features into d + 1 blocks; two rows differing in at most d features agree exactly on at least one
// block, so only rows sharing a block's values are compared. Each pair of rows is counted at the first block
// it agrees on, so once.

export interface NearDuplicates {
  /** Pairs of cases differing in at most `maxDiffering` features (a missing value is a value of its own). */
  count: number;
  /** Of them, pairs equal on every feature. */
  identical: number;
  /** The first `limit` pairs: identical ones first, then by a and b (a < b). */
  pairs: { a: number; b: number; differing: number }[];
  /** Pairs of distinct rows compared feature by feature (the work blocking left). */
  compared: number;
}

type Pair = NearDuplicates['pairs'][number];
const before = (p: Pair, q: Pair) => p.differing - q.differing || p.a - q.a || p.b - q.b;

/** The `limit` smallest pairs seen, without holding them all (millions when a dataset repeats its rows). */
class FirstPairs {
  private kept: Pair[] = [];
  constructor(private readonly limit: number) {}
  /** The largest pair that could still be kept, once `limit` are held. */
  worst: Pair | null = null;
  add(p: Pair): void {
    if (this.worst && before(p, this.worst) >= 0) return;
    this.kept.push(p);
    if (this.kept.length >= 2 * this.limit) this.trim();
  }
  private trim(): void {
    this.kept.sort(before);
    if (this.kept.length >= this.limit) {
      this.kept.length = this.limit;
      this.worst = this.kept[this.limit - 1] ?? null;
    }
  }
  result(): Pair[] {
    this.trim();
    return this.kept;
  }
}

/** x: indexed by <case, feature> (n × f), value index or -1 = missing. */
export function nearDuplicates(x: Int32Array, n: number, f: number, opts: { maxDiffering?: number; limit?: number } = {}): NearDuplicates {
  const d = Math.max(0, Math.min(opts.maxDiffering ?? 1, f));
  const limit = opts.limit ?? 1000;
  const keep = new FirstPairs(limit);
  const rowKey = (i: number, from: number, to: number) => {
    let s = '';
    for (let j = from; j < to; j++) s += x[i * f + j] + ',';
    return s;
  };

  // Groups of identical rows, by first member; members ascending.
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const k = rowKey(i, 0, f);
    const g = byKey.get(k);
    if (g) g.push(i);
    else byKey.set(k, [i]);
  }
  const groups = [...byKey.values()];
  let identical = 0;
  for (const g of groups) {
    identical += (g.length * (g.length - 1)) / 2;
    // Only the first `limit` + 1 members can be in the first `limit` pairs: (g[0], g[q]) follows q − 1 smaller ones.
    const m = Math.min(g.length, limit + 1);
    for (let p = 0; p < m; p++) {
      if (keep.worst && keep.worst.differing === 0 && g[p] > keep.worst.a) break;
      for (let q = p + 1; q < m; q++) keep.add({ a: g[p], b: g[q], differing: 0 });
    }
  }

  let count = identical;
  let compared = 0;
  if (d > 0) {
    const reps = groups.map((g) => g[0]);
    const blocks = Math.min(d + 1, f);
    // Block b holds features [start[b], start[b + 1]).
    const start = Array.from({ length: blocks + 1 }, (_, b) => Math.round((b * f) / blocks));
    const agrees = (i: number, k: number, b: number) => {
      for (let j = start[b]; j < start[b + 1]; j++) if (x[i * f + j] !== x[k * f + j]) return false;
      return true;
    };
    for (let b = 0; b < blocks; b++) {
      const buckets = new Map<string, number[]>(); // block key → indices into groups
      reps.forEach((r, g) => {
        const k = rowKey(r, start[b], start[b + 1]);
        const bucket = buckets.get(k);
        if (bucket) bucket.push(g);
        else buckets.set(k, [g]);
      });
      for (const bucket of buckets.values())
        for (let p = 0; p < bucket.length; p++)
          for (let q = p + 1; q < bucket.length; q++) {
            const G = groups[bucket[p]];
            const H = groups[bucket[q]];
            const i = G[0];
            const k = H[0];
            let earlier = false;
            for (let e = 0; e < b && !earlier; e++) earlier = agrees(i, k, e);
            if (earlier) continue;
            compared++;
            let differing = 0;
            for (let j = 0; j < f && differing <= d; j++) if (x[i * f + j] !== x[k * f + j]) differing++;
            if (differing > d) continue;
            count += G.length * H.length;
            // Only the first `limit` members of each group can be in the first `limit` pairs: (G[s], H[t]) follows
            // (G[r], H[t]) for every r < s.
            for (let s = 0; s < Math.min(G.length, limit); s++)
              for (let t = 0; t < Math.min(H.length, limit); t++) {
                const a = Math.min(G[s], H[t]);
                if (keep.worst && (keep.worst.differing < differing || (keep.worst.differing === differing && a > keep.worst.a))) break;
                keep.add({ a, b: Math.max(G[s], H[t]), differing });
              }
          }
    }
  }
  return { count, identical, pairs: keep.result(), compared };
}
