// What bench/retrieval.ts needs to hand the same problem to FAISS and to check that a peer returned the same
// top-k as the engine: the one-hot bit codes of the match-count special case, the equal-weight query of
// that case, and the comparison "identical up to ties".

import { featureOffsets, queryFromCase, scoreCase } from '../../src/main/engine/retrieval/similarity';
import { missingCode, type RetrievalIndex, type RetrievalQuery } from '../../src/main/engine/retrieval/types';

/** Bytes of one case's bit code: D_x one-hot bits, padded to whole 64-bit words (FAISS's fast Hamming sizes). */
export function bitCodeBytes(index: RetrievalIndex): number {
  return Math.ceil(featureOffsets(index)[index.features.length] / 64) * 8;
}

/**
 * The one-hot bit code of case `row` at out[o..o+bitCodeBytes): bit offsets[f] + x_cf set, bit i of the code
 * being bit (i & 7) of byte i >> 3. Two codes with every feature present differ in 2 bits per mismatched
 * feature, so Hamming = 2 (F − matches). A missing value would set no bit (Hamming 1, not 2, against a
 * present one), so the encoding refuses it rather than return a distance that is not the match count.
 */
export function oneHotBits(index: RetrievalIndex, row: number, off: Int32Array, out: Uint8Array, o = 0): void {
  const F = index.features.length;
  const miss = missingCode(index.valueType);
  out.fill(0, o, o + bitCodeBytes(index));
  for (let f = 0; f < F; f++) {
    const v = index.x[row * F + f];
    if (v === miss) throw new Error(`case ${row}: ${index.features[f].name} is missing; the match-count encoding needs every value`);
    const bit = off[f] + v;
    out[o + (bit >> 3)] |= 1 << (bit & 7);
  }
}

/** Number of features on which cases a and b agree (both present). */
export function matchCount(index: RetrievalIndex, a: number, b: number): number {
  const F = index.features.length;
  const miss = missingCode(index.valueType);
  let m = 0;
  for (let f = 0; f < F; f++) {
    const v = index.x[a * F + f];
    if (v !== miss && v === index.x[b * F + f]) m++;
  }
  return m;
}

/**
 * The engine's own similarity reduced to a match count: with every P(ω_sf = 1) equal (here 0), m_f(q) = ε
 * for every feature, and without information weights (I_f = 1), so w_f(q) = 1/F for each observed feature;
 * β = 0 drops the π term. So score(q, c) = matches(q, c) · w, the same w for every feature. Returns the index to build queries from and the
 * queries' options; throws if the weights come out unequal (a change of the weighting in similarity.ts).
 */
export function matchCountSetup(index: RetrievalIndex): { index: RetrievalIndex; query: (row: number) => RetrievalQuery } {
  const flat: RetrievalIndex = { ...index, subspace: new Float64Array(index.subspace.length) };
  const query = (row: number): RetrievalQuery => {
    const q = queryFromCase(flat, row, { beta: 0, information: false });
    const w0 = q.w.find((_, f) => q.x[f] >= 0);
    if (q.piWeight !== 0 || q.w.some((w, f) => q.x[f] >= 0 && w !== w0) || q.vectors.some((b) => b.v !== null && b.gamma !== 0)) {
      throw new Error('match-count queries: the similarity options no longer give equal feature weights and no π term');
    }
    return q;
  };
  return { index: flat, query };
}

export interface Agreement {
  /** The peer's rows, each scored by the formula, are the reference's scores (same multiset, to tol). */
  sameUpToTies: boolean;
  /** Positions where the peer returned the very row the reference did. */
  sameRows: number;
  /** Why not, when not. */
  why: string | null;
}

/**
 * Does `rows` (a peer's top-k for `query`) equal `ref` (the engine's, exact and ordered) up to ties? Each
 * peer row is rescored by the formula; the peer agrees when its rows are distinct, not excluded, and their
 * sorted scores equal ref's sorted scores. Since ref is an exact top-k, that forces every case scoring above
 * the k-th score to be among the peer's rows; only which of the cases tied at the k-th score may differ.
 */
export function agreeUpToTies(index: RetrievalIndex, query: RetrievalQuery, ref: { row: number; score: number }[], rows: number[], tol = 1e-9): Agreement {
  const sameRows = rows.filter((r, i) => ref[i]?.row === r).length;
  if (rows.length !== ref.length) return { sameUpToTies: false, sameRows, why: `${rows.length} rows against ${ref.length}` };
  if (new Set(rows).size !== rows.length) return { sameUpToTies: false, sameRows, why: 'a row returned twice' };
  if (query.row !== null && rows.includes(query.row)) return { sameUpToTies: false, sameRows, why: 'the query case itself returned' };
  if (rows.some((r) => !(r >= 0 && r < index.n))) return { sameUpToTies: false, sameRows, why: 'a row out of range' };
  const mine = rows.map((r) => scoreCase(index, query, r)).sort((a, b) => b - a);
  const theirs = ref.map((h) => h.score).sort((a, b) => b - a);
  for (let i = 0; i < mine.length; i++) {
    if (Math.abs(mine[i] - theirs[i]) > tol) {
      return { sameUpToTies: false, sameRows, why: `score #${i + 1}: ${mine[i]} against the engine's ${theirs[i]}` };
    }
  }
  return { sameUpToTies: true, sameRows, why: null };
}
