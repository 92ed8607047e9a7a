// Linear RankSVM (Joachims 2002, "Optimizing search engines using clickthrough data"): for every pair of
// documents of one query with grade_a > grade_b, a hinge on w·(φ_a − φ_b),
//   min_w ½‖w‖² + C Σ_pairs max(0, 1 − w·(φ_a − φ_b)),
// solved as an L1-loss linear SVM on the pair differences (all labelled +1, no bias) by dual coordinate
// descent with shrinking (Hsieh, Chang, Lin, Keerthi & Sundararajan 2008, Algorithm 1 and §3.2: LIBLINEAR's
// solve_l2r_l1l2_svc). The visiting order is a seeded permutation, so a seed fixes the weights bit for bit.
// Weights live in the caller's feature space: nothing is standardised here, so C depends on feature scale.
//
// Cross-validation trains about a hundred times on overlapping query sets, so the pairs are built once
// (pairMatrix), each training copies its queries' rows into one compact block, and the C grid is walked
// upwards with warm starts. trainRankSvmPlain keeps the plain dense solver as the reference.

import { Rng } from '../rng';
import { evaluateRankings, ndcgAt, type RankingMetrics } from './metrics';

export interface RankDoc {
  features: Float64Array;
  /** Graded judgment, 0–3. */
  grade: number;
}

export interface QueryGroup {
  query: number;
  docs: RankDoc[];
}

export interface RankSvmOptions {
  C: number;
  /**
   * Clamp negative weights to 0 after training (a projection, not a constrained optimum): for scorers that
   * need every term to count for, never against, a match.
   */
  nonNegative?: boolean;
  seed?: number;
  /** Stop when the spread of projected gradients over one pass is below this (LIBLINEAR's ε). */
  tolerance?: number;
  /** Most passes (LIBLINEAR's 1000 by default); with shrinking, most passes visit a few pairs only. */
  maxIterations?: number;
  /** Drop pairs stuck at a bound from the passes (LIBLINEAR's shrinking); default true. Same optimum. */
  shrinking?: boolean;
}

export interface PairSet {
  /** φ_a − φ_b for each pair with grade_a > grade_b, indexed by <pair, feature>. */
  X: Float64Array;
  pairs: number;
  d: number;
}

/** Pair differences within each query; a query with fewer than two distinct grades gives none. */
export function pairDifferences(groups: readonly QueryGroup[]): PairSet {
  const d = groups.find((g) => g.docs.length > 0)?.docs[0].features.length ?? 0;
  let pairs = 0;
  for (const { docs } of groups) for (const a of docs) for (const b of docs) if (a.grade > b.grade) pairs++;
  const X = new Float64Array(pairs * d);
  let p = 0;
  for (const { docs } of groups) {
    for (const a of docs) {
      for (const b of docs) {
        if (!(a.grade > b.grade)) continue;
        for (let j = 0; j < d; j++) X[p * d + j] = a.features[j] - b.features[j];
        p++;
      }
    }
  }
  return { X, pairs: p, d };
}

/**
 * Pair differences as sparse rows (CSR). Two candidates of one query agree on most similarity terms, so about
 * three quarters of the differences are 0 (digits, 64 pixel columns); skipping them changes no sum, since
 * adding w_j·0 leaves a float sum as it was.
 */
export interface PairRows {
  d: number;
  /** Row p's entries are rowStart[p] … rowStart[p + 1] − 1; indexed by <pair + 1>. */
  rowStart: Int32Array;
  /** Feature of each entry, indexed by <entry> (16 bits: a quarter less memory to stream than 32). */
  column: Uint16Array;
  /** φ_a − φ_b of each entry, indexed by <entry>. */
  value: Float64Array;
  /** ‖φ_a − φ_b‖², indexed by <pair>. */
  norm: Float64Array;
}

const MAX_FEATURES = 65536;

/** The pairs of every query, built once and shared by all the trainings of a cross-validation. */
export interface PairMatrix extends PairRows {
  /** The pairs of group q are rows queryStart[q] … queryStart[q + 1] − 1; indexed by <group + 1>. */
  queryStart: Int32Array;
}

/** The same pairs as pairDifferences, in the same order, as sparse rows. */
export function pairMatrix(groups: readonly QueryGroup[]): PairMatrix {
  const d = groups.find((g) => g.docs.length > 0)?.docs[0].features.length ?? 0;
  if (d > MAX_FEATURES) throw new Error(`RankSVM takes at most ${MAX_FEATURES} ranking features, got ${d}.`);
  let pairs = 0;
  let entries = 0;
  for (const { docs } of groups)
    for (const a of docs)
      for (const b of docs) {
        if (!(a.grade > b.grade)) continue;
        pairs++;
        for (let j = 0; j < d; j++) if (a.features[j] !== b.features[j]) entries++;
      }
  const queryStart = new Int32Array(groups.length + 1);
  const rowStart = new Int32Array(pairs + 1);
  const column = new Uint16Array(entries);
  const value = new Float64Array(entries);
  const norm = new Float64Array(pairs);
  let p = 0;
  let e = 0;
  groups.forEach(({ docs }, q) => {
    for (const a of docs) {
      for (const b of docs) {
        if (!(a.grade > b.grade)) continue;
        const begin = e;
        for (let j = 0; j < d; j++) {
          const x = a.features[j] - b.features[j];
          if (x === 0) continue;
          column[e] = j;
          value[e++] = x;
          norm[p] += x * x;
        }
        if (!(norm[p] > 0)) e = begin; // differences too small to square are none: a pair has entries iff ‖x‖² > 0
        rowStart[++p] = e;
      }
    }
    queryStart[q + 1] = p;
  });
  return { d, queryStart, rowStart, column, value, norm };
}

/**
 * A training set: the given groups' pairs, in pair order, copied together so that a solver's passes read
 * them from one compact block. Pairs with identical features are left out: they cannot be separated, never
 * move w, and would hold the projected gradient at −1 for ever. The block lives in a buffer kept with P and
 * reused, so it is valid until the next rowsOf(P, …): fresh arrays of a few MB for each of a
 * cross-validation's two dozen training sets cost more (page faults, zeroing) than the copying.
 */
function rowsOf(P: PairMatrix, queries: Iterable<number>): PairRows {
  let buffer = buffers.get(P);
  if (!buffer) {
    const [pairs, entries] = [P.norm.length, P.value.length];
    buffer = {
      d: P.d,
      rowStart: new Int32Array(pairs + 1),
      column: new Uint16Array(entries),
      value: new Float64Array(entries),
      norm: new Float64Array(pairs),
    };
    buffers.set(P, buffer);
  }
  const { queryStart, rowStart: start, norm: squared } = P;
  const { rowStart, column, value, norm } = buffer;
  let i = 0;
  let e = 0;
  for (const q of queries) {
    // A query's rows are contiguous in P: one copy per query. A left-out pair has no entries.
    const [first, last] = [queryStart[q], queryStart[q + 1]];
    const [from, to] = [start[first], start[last]];
    column.set(P.column.subarray(from, to), e);
    value.set(P.value.subarray(from, to), e);
    const shift = e - from;
    for (let p = first; p < last; p++) {
      if (!(squared[p] > 0)) continue;
      norm[i] = squared[p];
      rowStart[++i] = start[p + 1] + shift;
    }
    e += to - from;
  }
  return { d: P.d, rowStart: rowStart.subarray(0, i + 1), column: column.subarray(0, e), value: value.subarray(0, e), norm: norm.subarray(0, i) };
}

/** rowsOf's buffer for each pair matrix, as large as all its rows. */
const buffers = new WeakMap<PairMatrix, PairRows>();

/** The dual variables and the weights they make, w = Σ α_i x_i; carried from one C to the next. */
export interface DualState {
  /** indexed by <pair of the PairRows block> */
  alpha: Float64Array;
  /** indexed by <feature> */
  w: Float64Array;
}

export interface DualOptions {
  rng: Rng;
  tolerance: number;
  maxIterations: number;
  shrinking: boolean;
}

/**
 * Dual coordinate descent for min_α ½ αᵀQα − Σα, 0 ≤ α ≤ C (Q_ij = x_i·x_j) on the pairs of X, from the
 * state given (α = 0 for a cold start; the solution at a smaller C for a warm start: still feasible, since
 * α ≤ C_old ≤ C). LIBLINEAR's solve_l2r_l1l2_svc for the L1 loss: visit the active pairs in a seeded random
 * order, and with shrinking drop a pair from the active set while its α sits at a bound and its gradient
 * points out of the box by more than the last pass's largest violation (Hsieh et al. 2008, §3.2); once the
 * active set meets the tolerance, every pair is checked again before stopping. Stops when the spread of
 * projected gradients over a pass is ≤ tolerance (LIBLINEAR's ε). Returns the passes made.
 */
export function dualCoordinateDescent(X: PairRows, C: number, state: DualState, options: DualOptions): number {
  const { rng, tolerance, maxIterations, shrinking } = options;
  const { rowStart, column, value, norm } = X;
  const { alpha, w } = state;
  const l = norm.length;
  const index = new Int32Array(l); // the active set is index[0 … active)
  for (let i = 0; i < l; i++) index[i] = i;
  let active = l;
  // Shrinking thresholds (LIBLINEAR's PGmax_old, PGmin_old): the previous pass's extreme projected gradients.
  let maxOld = Infinity;
  let minOld = -Infinity;
  let iter = 0;
  while (iter < maxIterations && l > 0) {
    const full = active === l;
    for (let i = active - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = index[i];
      index[i] = index[j];
      index[j] = t;
    }
    let maxNew = -Infinity;
    let minNew = Infinity;
    let shrunk = false;
    for (let s = 0; s < active; s++) {
      const i = index[s];
      const end = rowStart[i + 1];
      let G = -1;
      for (let e = rowStart[i]; e < end; e++) G += w[column[e]] * value[e];
      const a = alpha[i];
      let PG = 0;
      if (a === 0) {
        if (shrinking && G > maxOld) {
          index[s--] = index[--active];
          index[active] = i;
          shrunk = true;
          continue;
        }
        if (G < 0) PG = G;
      } else if (a === C) {
        if (shrinking && G < minOld) {
          index[s--] = index[--active];
          index[active] = i;
          shrunk = true;
          continue;
        }
        if (G > 0) PG = G;
      } else PG = G;
      if (PG > maxNew) maxNew = PG;
      if (PG < minNew) minNew = PG;
      if (PG === 0) continue;
      const next = Math.min(Math.max(a - G / norm[i], 0), C);
      const delta = next - a;
      alpha[i] = next;
      for (let e = rowStart[i]; e < end; e++) w[column[e]] += delta * value[e];
    }
    iter++;
    // A pair shrunk during a pass over all pairs had a projected gradient of 0: it counts, as LIBLINEAR's
    // final unshrunk pass would count it.
    if (full && shrunk) [maxNew, minNew] = [Math.max(maxNew, 0), Math.min(minNew, 0)];
    if (!(maxNew - minNew > tolerance)) {
      if (full) break;
      // Converged on the active set: check every pair before stopping. Unlike LIBLINEAR, this pass already
      // shrinks the pairs that sit at a bound beyond the tolerance, so a failed check costs one pass over
      // all pairs, not two.
      active = l;
      maxOld = tolerance;
      minOld = -tolerance;
      continue;
    }
    maxOld = maxNew > 0 ? maxNew : Infinity;
    minOld = minNew < 0 ? minNew : -Infinity;
  }
  return iter;
}

const DEFAULT_TOLERANCE = 1e-3;
const DEFAULT_MAX_ITERATIONS = 1000;

function solverOptions(options: Pick<RankSvmOptions, 'seed' | 'tolerance' | 'maxIterations' | 'shrinking'>): DualOptions {
  return {
    rng: new Rng(options.seed ?? 1),
    tolerance: options.tolerance ?? DEFAULT_TOLERANCE,
    maxIterations: options.maxIterations ?? DEFAULT_MAX_ITERATIONS,
    shrinking: options.shrinking ?? true,
  };
}

function coldState(X: PairRows): DualState {
  return { alpha: new Float64Array(X.norm.length), w: new Float64Array(X.d) };
}

/** The weights to rank with: a copy, clamped at 0 when asked (the state keeps the solver's own w). */
function finalWeights(w: Float64Array, nonNegative: boolean | undefined): Float64Array {
  const out = w.slice();
  if (nonNegative) for (let j = 0; j < out.length; j++) out[j] = Math.max(0, out[j]);
  return out;
}

export function trainRankSvm(groups: readonly QueryGroup[], options: RankSvmOptions): Float64Array {
  const P = pairMatrix(groups);
  const rows = rowsOf(P, groups.keys());
  const state = coldState(rows);
  dualCoordinateDescent(rows, options.C, state, solverOptions(options));
  return finalWeights(state.w, options.nonNegative);
}

/**
 * Weights for each C of an ascending grid, each solve warm-started from the previous one's dual solution
 * (one seeded visiting order throughout). Same optimum per C as trainRankSvm, fewer passes in all.
 */
export function rankSvmPath(groups: readonly QueryGroup[], Cs: readonly number[], options: Omit<RankSvmOptions, 'C'> = {}): Float64Array[] {
  const P = pairMatrix(groups);
  const rows = rowsOf(P, groups.keys());
  const state = coldState(rows);
  const solver = solverOptions(options);
  return ascending(Cs).map((C) => {
    dualCoordinateDescent(rows, C, state, solver);
    return finalWeights(state.w, options.nonNegative);
  });
}

function ascending(Cs: readonly number[]): readonly number[] {
  for (let k = 1; k < Cs.length; k++) if (!(Cs[k] > Cs[k - 1])) throw new Error(`RankSVM: the C grid must ascend, got ${Cs.join(', ')}`);
  return Cs;
}

/**
 * The slow, readable reference: the same dual coordinate descent on dense pair differences, every pair
 * visited in every pass, no shrinking, no warm start. The fast solver is tested against it.
 */
export function trainRankSvmPlain(groups: readonly QueryGroup[], options: RankSvmOptions): Float64Array {
  const { C, seed = 1, tolerance = DEFAULT_TOLERANCE, maxIterations = DEFAULT_MAX_ITERATIONS } = options;
  const { X, pairs, d } = pairDifferences(groups);
  const w = new Float64Array(d);
  const alpha = new Float64Array(pairs); // indexed by <pair>
  const Q = new Float64Array(pairs); // ‖x_p‖², indexed by <pair>
  for (let p = 0; p < pairs; p++) for (let j = 0; j < d; j++) Q[p] += X[p * d + j] ** 2;
  const order = Int32Array.from({ length: pairs }, (_, p) => p);
  const rng = new Rng(seed);

  for (let iter = 0; iter < maxIterations && pairs > 0; iter++) {
    for (let i = pairs - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    let maxPG = -Infinity;
    let minPG = Infinity;
    for (const p of order) {
      if (Q[p] === 0) continue; // identical features: the pair cannot be separated
      let G = -1;
      for (let j = 0; j < d; j++) G += w[j] * X[p * d + j];
      const PG = alpha[p] === 0 ? Math.min(G, 0) : alpha[p] === C ? Math.max(G, 0) : G;
      maxPG = Math.max(maxPG, PG);
      minPG = Math.min(minPG, PG);
      if (PG === 0) continue;
      const old = alpha[p];
      alpha[p] = Math.min(Math.max(old - G / Q[p], 0), C);
      const delta = alpha[p] - old;
      for (let j = 0; j < d; j++) w[j] += delta * X[p * d + j];
    }
    if (!(maxPG - minPG > tolerance)) break;
  }
  if (options.nonNegative) for (let j = 0; j < d; j++) w[j] = Math.max(0, w[j]);
  return w;
}

/** The primal objective ½‖w‖² + C Σ_pairs max(0, 1 − w·(φ_a − φ_b)), to compare solvers by. */
export function rankSvmObjective(groups: readonly QueryGroup[], w: Float64Array, C: number): number {
  const { X, pairs, d } = pairDifferences(groups);
  let loss = 0;
  for (let p = 0; p < pairs; p++) {
    let margin = 0;
    for (let j = 0; j < d; j++) margin += w[j] * X[p * d + j];
    loss += Math.max(0, 1 - margin);
  }
  let norm = 0;
  for (let j = 0; j < d; j++) norm += w[j] ** 2;
  return 0.5 * norm + C * loss;
}

/** Doc indices by descending score; ties keep the documents' given order. */
export function rankByScore(docs: readonly RankDoc[], score: (features: Float64Array) => number): number[] {
  const s = docs.map((doc) => score(doc.features));
  return s.map((_, i) => i).sort((a, b) => s[b] - s[a] || a - b);
}

export function linearScore(w: Float64Array): (features: Float64Array) => number {
  return (features) => {
    let s = 0;
    for (let j = 0; j < w.length; j++) s += w[j] * features[j];
    return s;
  };
}

export interface CrossValidationOptions {
  Cs?: number[];
  folds?: number;
  /** Folds of the inner CV that picks C on each outer fold's training queries; default `folds`. */
  innerFolds?: number;
  seed?: number;
  /** Score of the ranking to beat (e.g. the retrieval similarity), per document. */
  baseline: (features: Float64Array) => number;
  /** See RankSvmOptions.nonNegative. */
  nonNegative?: boolean;
  /** See RankSvmOptions. */
  tolerance?: number;
  maxIterations?: number;
  shrinking?: boolean;
}

export interface RankSvmCrossValidation {
  /** Metrics of the baseline ranking over all queries. */
  before: RankingMetrics;
  /** Metrics of the learned rankings, each query ranked by the model of the fold that held it out. */
  after: RankingMetrics;
  /** C picked by inner CV (mean NDCG@10) in each outer fold. */
  chosenC: number[];
  /** C picked by CV over all queries, and the weights trained with it on all queries. */
  C: number;
  weights: Float64Array;
}

export const DEFAULT_CS = [0.005, 0.01, 0.05, 0.1, 0.5, 1];

type SolverSettings = Pick<CrossValidationOptions, 'nonNegative' | 'tolerance' | 'maxIterations' | 'shrinking'>;

/**
 * Query-level k-fold CV: queries are shuffled by a seeded Rng and dealt to folds round-robin. Metrics
 * treat each group as its own query and each document by its index in the group. Each outer fold picks C
 * by an inner CV on its training queries, trains with it and ranks its held-out queries; a last unit picks
 * C over all queries and trains the weights to keep. The units are independent (crossValidationUnit), so
 * they can run on several threads (workers/rank.ts) with the same result.
 */
export function crossValidate(groups: readonly QueryGroup[], options: CrossValidationOptions): RankSvmCrossValidation {
  const P = pairMatrix(groups);
  const units = Array.from({ length: crossValidationUnits(groups, options) }, (_, u) => crossValidationUnit(groups, options, u, P));
  return combineCrossValidation(groups, options, units);
}

/** crossValidate's options but the baseline, which only combineCrossValidation uses (a worker gets these). */
export type UnitOptions = Omit<CrossValidationOptions, 'baseline'>;

/** What one unit of crossValidate found: the C it picked and the weights trained with it. */
export interface CrossValidationUnit {
  C: number;
  weights: Float64Array;
}

/** Units of crossValidate: one per outer fold, then the final one over all queries. */
export function crossValidationUnits(groups: readonly QueryGroup[], options: UnitOptions): number {
  return outerFolds(groups, options).count + 1;
}

/**
 * Unit u of crossValidate: outer fold u (u < the number of folds) or the final choice over all queries.
 * P: pairMatrix(groups), when the caller has it already.
 */
export function crossValidationUnit(groups: readonly QueryGroup[], options: UnitOptions, u: number, P = pairMatrix(groups)): CrossValidationUnit {
  const { Cs = DEFAULT_CS, folds = 5, seed = 1 } = options;
  const innerFolds = options.innerFolds ?? folds;
  const { fold, count } = outerFolds(groups, options);
  const train = u < count ? [...groups.keys()].filter((q) => fold[q] !== u) : [...groups.keys()];
  const C = pickC(P, groups, train, Cs, innerFolds, Rng.forChain(seed, u < count ? u : -1).nextUint32(), options);
  return { C, weights: fit(P, train, C, seed, options) };
}

/** crossValidate's result from its units' (in unit order). */
export function combineCrossValidation(
  groups: readonly QueryGroup[],
  options: CrossValidationOptions,
  units: readonly CrossValidationUnit[],
): RankSvmCrossValidation {
  const judgments = new Map(groups.map((g, q) => [q, new Map(g.docs.map((doc, i) => [i, doc.grade]))]));
  const before = evaluateRankings(new Map(groups.map((g, q) => [q, rankByScore(g.docs, options.baseline)])), judgments);
  const { fold, count } = outerFolds(groups, options);
  const learned = new Map<number, number[]>();
  groups.forEach((g, q) => learned.set(q, rankByScore(g.docs, linearScore(units[fold[q]].weights))));
  const after = evaluateRankings(learned, judgments);
  return { before, after, chosenC: units.slice(0, count).map((x) => x.C), C: units[count].C, weights: units[count].weights };
}

function outerFolds(groups: readonly QueryGroup[], options: UnitOptions): { fold: Int32Array; count: number } {
  const fold = queryFolds(groups.length, options.folds ?? 5, new Rng(options.seed ?? 1));
  return { fold, count: fold.reduce((m, f) => Math.max(m, f + 1), 0) };
}

/** The C with the best mean held-out NDCG@10 (the first such in `Cs`); Cs[0] when CV is impossible. */
export function chooseC(groups: readonly QueryGroup[], Cs: readonly number[], folds: number, seed: number, nonNegative = false): number {
  return pickC(pairMatrix(groups), groups, [...groups.keys()], Cs, folds, seed, { nonNegative });
}

/** RankSVM on the pairs of the queries `train` (indices into the groups P was built from), from α = 0. */
function fit(P: PairMatrix, train: readonly number[], C: number, seed: number, settings: SolverSettings): Float64Array {
  const rows = rowsOf(P, train);
  const state = coldState(rows);
  dualCoordinateDescent(rows, C, state, solverOptions({ ...settings, seed }));
  return finalWeights(state.w, settings.nonNegative);
}

/**
 * chooseC over the queries `among` (indices into groups, folds dealt over their positions). Each inner fold
 * walks the grid in ascending C, warm-starting each solve from the last: a small C's solution is feasible
 * for a larger one and near it (on the digits bench the grid 0.01…100 then takes about 60% of the time of
 * solving each C from α = 0, and twice that of the largest C alone).
 */
function pickC(
  P: PairMatrix,
  groups: readonly QueryGroup[],
  among: readonly number[],
  Cs: readonly number[],
  folds: number,
  seed: number,
  settings: SolverSettings,
): number {
  if (among.length < 2 || Cs.length === 1) return Cs[0];
  const fold = queryFolds(among.length, folds, new Rng(seed));
  const k = fold.reduce((m, f) => Math.max(m, f + 1), 0);
  const path = Cs.map((_, c) => c).sort((a, b) => Cs[a] - Cs[b]); // grid positions by ascending C
  const total = new Float64Array(Cs.length); // summed held-out NDCG@10, indexed by <grid position>
  for (let f = 0; f < k; f++) {
    const rows = rowsOf(
      P,
      among.filter((_, t) => fold[t] !== f),
    );
    const state = coldState(rows);
    const solver = solverOptions({ ...settings, seed });
    for (const c of path) {
      dualCoordinateDescent(rows, Cs[c], state, solver);
      const score = linearScore(finalWeights(state.w, settings.nonNegative));
      among.forEach((q, t) => {
        if (fold[t] !== f) return;
        const g = groups[q];
        total[c] += ndcgAt(rankByScore(g.docs, score), new Map(g.docs.map((doc, i) => [i, doc.grade])), 10);
      });
    }
  }
  let best = Cs[0];
  let bestScore = -Infinity;
  Cs.forEach((C, c) => total[c] > bestScore && ([best, bestScore] = [C, total[c]]));
  return best;
}

/** Fold of each query: a seeded shuffle dealt round-robin; never more folds than queries. */
export function queryFolds(count: number, folds: number, rng: Rng): Int32Array {
  const k = Math.max(1, Math.min(folds, count));
  const order = Int32Array.from({ length: count }, (_, q) => q);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const fold = new Int32Array(count);
  order.forEach((q, t) => (fold[q] = t % k));
  return fold;
}
