// The similarity that retrieval ranks by, in plain TypeScript: query weights, the exact score, the reference
// top-k (the slow, readable scorer the ONNX path is tested against) and explanations.
//
// A fitted BCM gives π (<case, cluster>, rows sum to 1, S clusters), the subspace probabilities
// P(ω_sf = 1) (<cluster, feature>) and a prototype case per cluster. For a query q — a case, or a partly
// filled form whose π_q the caller obtains by folding it into the model — with x_qf = -1 for unknown
// features, and a candidate case c:
//
//   I_f         information of a match on f (information.ts): for an item of a set or text column its
//               inverse document frequency −log p̂(present); for any other feature −log Σ_v p̂_v²
//   m_f(q) = ε + Σ_s π_qs · P(ω_sf = 1)                      model importance of feature f for this query
//   a_f(q) = u_f · m_f(q) · I_f
//
// The features the query knows split in two: P, the items (of set and text columns) the query lacks, and R,
// all the others (the items it holds, every other feature). Matching on R is rewarded; holding an item of P
// is penalised, and sharing an absence is worth nothing:
//
//   W_q = Σ_{f∈R} a_f(q)
//   w_f(q) = θ_g(f) · a_f(q) / W_q  for f ∈ R,     θ_g(f) · λ_q · a_f(q) / W_q  for f ∈ P
//   score(q, c) = Σ_{f∈R} w_f(q) · [x_cf = x_qf]  −  Σ_{f∈P} w_f(q) · [x_cf ≠ absent]
//               + β · θ_π · cos(π_q, π_c)
//               + Σ_b γ_b · cos(v_qb, v_cb)
//
// u_f is the user's weight of feature f (default 1), θ_g a learned weight of the feature's source column
// g(f) (default 1), θ_π that of the π term (default 1), ε = 1, β = 0.05, γ_b = 0.5 for each dense vector
// block b (a 'vector' column; optional). A missing x_cf never matches (and, for an item, takes the
// penalty); a missing or zero vector has cosine 0. Features the query leaves unknown carry no weight, so a
// form with three filled fields ranks by those three (and by π). m_f lets the model decide which features
// matter for this query: the features in the subspaces of the query's clusters weigh up to twice as much as
// the others, which keep the floor ε. I_f makes a shared rare item count far more than a shared common one (IDF), and the items
// weigh nothing where both cases lack them: before, 132 shared absences outweighed every shared ingredient
// of the recipes.
//
// λ_q, the price of an item the query lacks relative to the reward of one it shares, is set per query so that
// the items behave as a weighted Jaccard index J(q, c) = Σ_{f∈A, x_cf present} a_f / (Σ_{f∈A} a_f +
// Σ_{f∈P, x_cf ≠ absent} a_f), A the query's items. For any t, J(q, c) ≥ t exactly when
// Σ_{A shared} a_f − t · Σ_{P held} a_f ≥ t · Σ_A a_f (Dinkelbach's linearisation of a ratio), so with
// λ_q = the k-th largest J(q, c) over the other cases (k = 10) the items' part of the score keeps exactly
// the top k of the weighted Jaccard index while staying linear in the case: what the ONNX graph computes
// and what the explanation splits into terms. A fixed λ cannot do this: on the packages text the best fixed
// λ was about 0.2 with a 200-word vocabulary and 0.05 with 3,000 words, and λ_q finds medians of 0.21 and
// 0.07 by itself (bench/similar_text.ts prints them).
//
// β fell from 0.5 to 0.05 with this. Shared absences no longer lift every case to a feature score near 1:
// for a query of items alone the k-th neighbour's feature score is exactly λ_q, and a π term of 0.5
// drowned it. Label precision@10 on the packages text (rows ≡ 5, 10, 20, 25 mod 30; 3,000 words, S = 6,
// ε = 0.05):
// β = 0: 0.696, 0.05: 0.689, 0.1: 0.678, 0.25: 0.657; on digits every β in 0–0.25 gives 0.88 ± 0.01
// over fit seeds 1–3. It stays above 0 so that π keeps breaking ties in a short form and RankSVM keeps a
// π term to weigh. ε rose from 0.05 to 1 for the same reason: once every feature carries its own
// information, a subspace that weighs its features 20 times the others overrides it. On digits (rows ≡ 0
// and ≡ 5 mod 10, fits of 100 and 200 sweeps, seeds 1–3) ε = 0.05 gave 0.878–0.899 and 0.850–0.870,
// below Hamming kNN's 0.882 or 0.862 in three fits of six; ε = 1 gives 0.887–0.896 and 0.864–0.873. On
// the packages rows above (6,000 words) it costs 0.003–0.007: 0.708 and 0.712 for fit seeds 1 and 2, then
// 0.705 and 0.705.
//
// The score is linear in a one-hot encoding of the cases, which is what the ONNX path computes:
//   E_c = [one-hot of x_c (D_x = Σ_f V_f slots, feature-major), π_c/|π_c| (S), v_cb/|v_cb| per block]
//   Q_q = [w_f(q) at slot (f, x_qf), β θ_π π_q/|π_q|, γ_b v_qb/|v_qb| per block]
//   score(q, c) = Q_q · E_c − o_q,   o_q = Σ_{f∈P} w_f(q)
// since −Σ_{f∈P} w_f [x_cf ≠ absent] = Σ_{f∈P} w_f [x_cf = absent] − o_q: the penalty sits on the absent
// slot, so every weight stays ≥ 0 (the graph's weights are unsigned 8-bit).
//
// An explanation lists, for a result, each query feature: matched ones with w_f (0 for a shared absence),
// an item the case holds and the query lacks with −w_f, other mismatches with 0; then the `π similarity`
// term and each vector block's term (they sum to the score), and the shared prototype: the prototype case
// of the cluster s maximising π_qs · π_cs. A query built from a case excludes that case from its own
// results unless asked.

import type { Contribution, Explanation, Hit, RetrievalIndex, RetrievalQuery, SimilarityOptions } from './types';
import { ABSENT, PRESENT, valueStats } from './information';
import { missingCode } from './types';

export const SIMILARITY_DEFAULTS = { epsilon: 1, beta: 0.05, thetaPi: 1, theta: 1, userWeight: 1, gamma: 0.5, lambdaRank: 10 } as const;

export const PI_FEATURE_NAME = 'π similarity';

/** One-hot slot offsets: slot (f, v) = offsets[f] + v; offsets[F] = D_x. */
export function featureOffsets(index: RetrievalIndex): Int32Array {
  const F = index.features.length;
  const off = new Int32Array(F + 1);
  for (let f = 0; f < F; f++) off[f + 1] = off[f] + index.features[f].values.length;
  return off;
}

/** Length of Q_q and E_c: D_x + S + Σ_b dim_b. */
export function encodedDim(index: RetrievalIndex): number {
  return featureOffsets(index)[index.features.length] + denseDim(index);
}

/** Length of the dense part: S + Σ_b dim_b. */
export function denseDim(index: RetrievalIndex): number {
  let d = index.S;
  for (const b of index.vectors) d += b.dim;
  return d;
}

/** The feature weights of a query (the formula above). */
export interface QueryWeights {
  /** indexed by <feature>: w_f(q) ≥ 0, 0 for unknown features. */
  w: Float64Array;
  /** indexed by <feature>: 1 where w_f is a penalty (an item the query lacks). */
  penalty: Uint8Array;
  lambda: number;
}

/**
 * Query weights w_f(q) from the formula above. x: <feature> value index or -1; pi: <cluster>; row: the
 * query's own case, left out when λ_q is set (null for a form).
 */
export function queryWeights(
  index: RetrievalIndex,
  x: ArrayLike<number>,
  pi: ArrayLike<number>,
  opts: SimilarityOptions = {},
  row: number | null = null,
): QueryWeights {
  const F = index.features.length;
  const S = index.S;
  const stats = valueStats(index);
  const eps = opts.epsilon ?? SIMILARITY_DEFAULTS.epsilon;
  const a = new Float64Array(F); // indexed by <feature>: a_f(q) = u_f · m_f(q) · I_f
  const penalty = new Uint8Array(F);
  let W = 0;
  for (let f = 0; f < F; f++) {
    if (x[f] < 0) continue;
    let m = eps;
    for (let s = 0; s < S; s++) m += pi[s] * index.subspace[s * F + f];
    const u = opts.userWeights?.[index.features[f].name] ?? SIMILARITY_DEFAULTS.userWeight;
    if (!(u >= 0)) throw new Error(`user weight of ${index.features[f].name} must be ≥ 0, got ${u}`);
    a[f] = u * m * (opts.information === false ? 1 : stats.information[f]);
    if (stats.item[f] && x[f] === ABSENT) penalty[f] = 1;
    else W += a[f];
  }
  const lambda = opts.lambda ?? adaptiveLambda(index, a, x, penalty, row, SIMILARITY_DEFAULTS.lambdaRank);
  if (!(lambda >= 0)) throw new Error(`λ must be ≥ 0, got ${lambda}`);
  const w = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    if (x[f] < 0 || W === 0) continue;
    const theta = opts.theta?.[index.features[f].column] ?? SIMILARITY_DEFAULTS.theta;
    if (!(theta >= 0)) throw new Error(`θ of column ${index.features[f].column} must be ≥ 0, got ${theta}`);
    w[f] = (theta * a[f] * (penalty[f] ? lambda : 1)) / W;
  }
  return { w, penalty, lambda };
}

/**
 * λ_q: the k-th largest weighted Jaccard index of the query's items against the other cases (the formula
 * above), 0 when the query holds no item or lacks none. a: <feature> a_f(q). One pass over the items the
 * cases hold (information.ts keeps them sparse), so it costs what the query's text costs, not n × F.
 */
export function adaptiveLambda(
  index: RetrievalIndex,
  a: Float64Array,
  x: ArrayLike<number>,
  penalty: Uint8Array,
  row: number | null,
  k: number,
): number {
  const stats = valueStats(index);
  let held = 0; // Σ_{f∈A} a_f
  let lacks = false;
  for (let f = 0; f < a.length; f++) {
    if (!stats.item[f] || x[f] < 0) continue;
    if (penalty[f]) lacks = true;
    else held += a[f];
  }
  if (held === 0 || !lacks) return 0;
  const best = new Float64Array(k).fill(-1); // the k largest J so far, descending
  const { itemStart, itemFeature } = stats;
  const F = index.features.length;
  for (let c = 0; c < index.n; c++) {
    if (c === row) continue;
    let shared = 0;
    let extra = 0;
    for (let i = itemStart[c]; i < itemStart[c + 1]; i++) {
      const f = itemFeature[i];
      if (penalty[f]) extra += a[f];
      else if (x[f] === PRESENT && index.x[c * F + f] === PRESENT) shared += a[f];
    }
    const j = shared / (held + extra);
    if (j <= best[k - 1]) continue;
    let i = k - 1;
    while (i > 0 && best[i - 1] < j) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = j;
  }
  // Fewer than k other cases: the smallest there is.
  for (let i = k - 1; i >= 0; i--) if (best[i] >= 0) return best[i];
  return 0;
}

/** Builds the query of case `row`: its values, its π and its vectors. */
export function queryFromCase(index: RetrievalIndex, row: number, opts: SimilarityOptions = {}): RetrievalQuery {
  if (!(row >= 0 && row < index.n)) throw new Error(`row ${row} out of range 0..${index.n - 1}`);
  const F = index.features.length;
  const miss = missingCode(index.valueType);
  const x = new Int32Array(F);
  for (let f = 0; f < F; f++) {
    const v = index.x[row * F + f];
    x[f] = v === miss ? -1 : v;
  }
  const pi = Float64Array.from(index.pi.subarray(row * index.S, (row + 1) * index.S));
  const vectors: Record<string, ArrayLike<number>> = {};
  for (const b of index.vectors) vectors[b.column] = b.data.subarray(row * b.dim, (row + 1) * b.dim);
  return makeQuery(index, x, pi, vectors, row, opts);
}

/**
 * Builds the query of a partly filled form. x: <feature> value index, -1 = unknown; pi: <cluster>, π_q
 * from folding the form into the fitted model (the caller's job); vectors: by column, optional.
 */
export function queryFromForm(
  index: RetrievalIndex,
  x: ArrayLike<number>,
  pi: ArrayLike<number>,
  opts: SimilarityOptions & { vectors?: Record<string, ArrayLike<number>> } = {},
): RetrievalQuery {
  const F = index.features.length;
  if (x.length !== F) throw new Error(`form has ${x.length} values, the index ${F} features`);
  if (pi.length !== index.S) throw new Error(`π_q has ${pi.length} entries, the index ${index.S} clusters`);
  const xi = new Int32Array(F);
  for (let f = 0; f < F; f++) {
    const v = x[f];
    if (v >= index.features[f].values.length || !Number.isInteger(v)) throw new Error(`value ${v} of feature ${index.features[f].name} is out of range`);
    xi[f] = v < 0 ? -1 : v;
  }
  return makeQuery(index, xi, Float64Array.from(pi), opts.vectors ?? {}, null, opts);
}

function makeQuery(
  index: RetrievalIndex,
  x: Int32Array,
  pi: Float64Array,
  vectors: Record<string, ArrayLike<number>>,
  row: number | null,
  opts: SimilarityOptions,
): RetrievalQuery {
  const { w, penalty, lambda } = queryWeights(index, x, pi, opts, row);
  let offset = 0;
  for (let f = 0; f < x.length; f++) if (penalty[f]) offset += w[f];
  const piWeight = (opts.beta ?? SIMILARITY_DEFAULTS.beta) * (opts.thetaPi ?? SIMILARITY_DEFAULTS.thetaPi);
  const vq = index.vectors.map((b) => {
    const v = vectors[b.column];
    if (v !== undefined && v.length !== b.dim) throw new Error(`vector ${b.column} has ${v.length} dims, the index ${b.dim}`);
    return { column: b.column, dim: b.dim, v: v === undefined ? null : Float32Array.from(v), gamma: opts.gammas?.[b.column] ?? SIMILARITY_DEFAULTS.gamma };
  });
  const query: RetrievalQuery = { x, w, penalty, lambda, offset, pi, piWeight, vectors: vq, row, q: new Float32Array(0) };
  const off = featureOffsets(index);
  const D = off[index.features.length] + denseDim(index);
  const q = new Float32Array(D);
  for (let f = 0; f < x.length; f++) if (x[f] >= 0) q[off[f] + x[f]] = w[f];
  q.set(queryDense(query), off[index.features.length]);
  query.q = q;
  return query;
}

/** The dense part of Q_q: β θ_π π_q/|π_q|, then γ_b v_qb/|v_qb| per block (zeros for a missing vector). */
export function queryDense(query: RetrievalQuery): Float64Array {
  const out = new Float64Array(query.vectors.reduce((a, b) => a + b.dim, query.pi.length));
  let o = writeUnit(query.pi, query.piWeight, out, 0);
  for (const b of query.vectors) o = b.v === null ? o + b.dim : writeUnit(b.v, b.gamma, out, o);
  return out;
}

/** out[o..o+len) = scale · a/|a| (zeros when |a| is 0 or not finite); returns o + len. */
function writeUnit(a: ArrayLike<number>, scale: number, out: Float64Array, o: number): number {
  let nn = 0;
  for (let i = 0; i < a.length; i++) nn += a[i] * a[i];
  const inv = nn > 0 && Number.isFinite(nn) ? scale / Math.sqrt(nn) : 0;
  for (let i = 0; i < a.length; i++) out[o + i] = inv === 0 ? 0 : a[i] * inv;
  return o + a.length;
}

/**
 * The score split into its terms, computed from the formula (no one-hot): features (Σ of matched w_f),
 * π (β θ_π cos) and one term per vector block. Float64 throughout; the Retriever rescores with this too,
 * so its scores are these bit for bit.
 */
export function scoreTerms(index: RetrievalIndex, query: RetrievalQuery, c: number): { features: number; pi: number; vectors: number[] } {
  const F = index.features.length;
  const x = index.x;
  let feat = 0;
  const base = c * F;
  for (let f = 0; f < F; f++) {
    if (query.x[f] < 0) continue;
    const same = x[base + f] === query.x[f];
    if (query.penalty[f]) {
      if (!same) feat -= query.w[f];
    } else if (same) feat += query.w[f];
  }
  const pi = query.piWeight === 0 ? 0 : query.piWeight * cosine(query.pi, index.pi, c * index.S, index.S);
  const vectors = query.vectors.map((b, i) => {
    const blk = index.vectors[i];
    return b.v === null || b.gamma === 0 ? 0 : b.gamma * cosine(b.v, blk.data, c * blk.dim, blk.dim);
  });
  return { features: feat, pi, vectors };
}

/** score(q, c), exactly as the formula states (scoreTerms summed, without allocating: the reference loop). */
export function scoreCase(index: RetrievalIndex, query: RetrievalQuery, c: number): number {
  const F = index.features.length;
  const x = index.x;
  const qx = query.x;
  const pen = query.penalty;
  const base = c * F;
  let s = 0;
  for (let f = 0; f < F; f++) {
    if (qx[f] < 0) continue;
    const same = x[base + f] === qx[f];
    if (pen[f]) {
      if (!same) s -= query.w[f];
    } else if (same) s += query.w[f];
  }
  if (query.piWeight !== 0) s += query.piWeight * cosine(query.pi, index.pi, c * index.S, index.S);
  for (let i = 0; i < query.vectors.length; i++) {
    const b = query.vectors[i];
    if (b.v !== null && b.gamma !== 0) s += b.gamma * cosine(b.v, index.vectors[i].data, c * b.dim, b.dim);
  }
  return s;
}

/** cos(a, b[o..o+len)); 0 when either norm is 0 or not finite. */
function cosine(a: ArrayLike<number>, b: ArrayLike<number>, o: number, len: number): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < len; i++) {
    const u = a[i];
    const v = b[o + i];
    ab += u * v;
    aa += u * u;
    bb += v * v;
  }
  if (!(aa > 0 && bb > 0) || !Number.isFinite(aa) || !Number.isFinite(bb)) return 0;
  return ab / Math.sqrt(aa * bb);
}

export interface TopKOptions {
  /** Rows never returned, for every query. */
  excludeRows?: Iterable<number>;
  /** Return a case-built query's own row too (default false). */
  includeSelf?: boolean;
}

/** Orders hits by score, descending, then row, ascending: the one order both scorers return. */
export function hitOrder(a: Hit, b: Hit): number {
  return b.score - a.score || a.row - b.row;
}

/** Keeps the k best hits seen so far, in hitOrder; k is small, so a sorted array beats a heap. */
export class TopKList {
  readonly hits: Hit[] = [];
  constructor(readonly k: number) {}

  /** The score a hit must beat to enter (−∞ until full). */
  get floor(): number {
    return this.hits.length < this.k ? -Infinity : this.hits[this.hits.length - 1].score;
  }

  push(row: number, score: number): void {
    const h = this.hits;
    if (h.length === this.k) {
      const last = h[h.length - 1];
      if (score < last.score || (score === last.score && row > last.row)) return;
      h.pop();
    }
    let i = h.length;
    while (i > 0 && (h[i - 1].score < score || (h[i - 1].score === score && h[i - 1].row > row))) i--;
    h.splice(i, 0, { row, score });
  }
}

/** The rows a query must not return. */
export function excludedFor(query: RetrievalQuery, opts: TopKOptions): Set<number> {
  const ex = new Set<number>(opts.excludeRows ?? []);
  if (query.row !== null && !opts.includeSelf) ex.add(query.row);
  return ex;
}

/** Top k by scoring every case from the formula: the reference the ONNX path is tested against. */
export function referenceTopK(index: RetrievalIndex, queries: RetrievalQuery[], k: number, opts: TopKOptions = {}): Hit[][] {
  return queries.map((query) => {
    const ex = excludedFor(query, opts);
    const top = new TopKList(k);
    for (let c = 0; c < index.n; c++) {
      if (ex.has(c)) continue;
      const s = scoreCase(index, query, c);
      if (s >= top.floor) top.push(c, s);
    }
    return top.hits;
  });
}

/** E_c of the linear form, as float32: the vectors FAISS and the one-hot alternatives are measured on. */
export function encodeCase(index: RetrievalIndex, row: number, out: Float32Array = new Float32Array(encodedDim(index)), o = 0): Float32Array {
  const F = index.features.length;
  const off = featureOffsets(index);
  const miss = missingCode(index.valueType);
  out.fill(0, o, o + off[F] + denseDim(index));
  for (let f = 0; f < F; f++) {
    const v = index.x[row * F + f];
    if (v !== miss) out[o + off[f] + v] = 1;
  }
  const dense = caseDense(index, row);
  for (let j = 0; j < dense.length; j++) out[o + off[F] + j] = dense[j];
  return out;
}

/** The dense part of E_c: π_c/|π_c| then v_cb/|v_cb| per block (zeros when missing). */
export function caseDense(index: RetrievalIndex, row: number, out: Float64Array = new Float64Array(denseDim(index))): Float64Array {
  let o = writeUnit(index.pi.subarray(row * index.S, (row + 1) * index.S), 1, out, 0);
  for (const b of index.vectors) o = writeUnit(b.data.subarray(row * b.dim, (row + 1) * b.dim), 1, out, o);
  return out;
}

/** Why case `row` scored what it did for `query`. */
export function explain(index: RetrievalIndex, query: RetrievalQuery, row: number): Explanation {
  const F = index.features.length;
  const S = index.S;
  const miss = missingCode(index.valueType);
  const terms = scoreTerms(index, query, row);
  const contributions: Contribution[] = [];
  const matched: string[] = [];
  const mismatched: string[] = [];
  const stats = valueStats(index);
  const off = featureOffsets(index);
  for (let f = 0; f < F; f++) {
    if (query.x[f] < 0) continue;
    const feat = index.features[f];
    const cv = index.x[row * F + f];
    const caseValue = cv === miss ? null : feat.values[cv];
    const queryValue = feat.values[query.x[f]];
    // The value whose frequency tells why the term weighs what it does: the item, for items.
    const counted = stats.item[f] ? PRESENT : query.x[f];
    const about = { frequency: { cases: stats.counts[off[f] + counted], of: stats.observed[f] }, information: stats.information[f] };
    if (cv === query.x[f]) {
      matched.push(feat.name);
      contributions.push({ feature: feat.name, weight: query.penalty[f] ? 0 : query.w[f], kind: 'matched', queryValue, caseValue, ...about });
    } else {
      mismatched.push(feat.name);
      contributions.push({ feature: feat.name, weight: query.penalty[f] ? -query.w[f] : 0, kind: 'mismatched', queryValue, caseValue, ...about });
    }
  }
  contributions.push({ feature: PI_FEATURE_NAME, weight: terms.pi, kind: 'pi' });
  query.vectors.forEach((b, i) => contributions.push({ feature: b.column, weight: terms.vectors[i], kind: 'vector' }));
  let best = 0;
  let bestV = -Infinity;
  for (let s = 0; s < S; s++) {
    const v = query.pi[s] * index.pi[row * S + s];
    if (v > bestV) {
      bestV = v;
      best = s;
    }
  }
  return {
    row,
    score: scoreCase(index, query, row),
    contributions,
    matched,
    mismatched,
    sharedPrototype: { cluster: best, row: index.prototypes[best] ?? -1 },
  };
}
