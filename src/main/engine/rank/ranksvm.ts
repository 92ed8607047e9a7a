// Linear RankSVM (Joachims 2002, "Optimizing search engines using clickthrough data"): for every pair of
// documents of one query with grade_a > grade_b, a hinge on w·(φ_a − φ_b),
//   min_w ½‖w‖² + C Σ_pairs max(0, 1 − w·(φ_a − φ_b)),
// solved as an L1-loss linear SVM on the pair differences (all labelled +1, no bias) by dual coordinate
// descent (Hsieh, Chang, Lin, Keerthi & Sundararajan 2008, Algorithm 1; LIBLINEAR's solver without
// shrinking). The visiting order is a seeded permutation, so a seed fixes the weights bit for bit.
// Weights live in the caller's feature space: nothing is standardised here, so C depends on feature scale.

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
  maxIterations?: number;
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

export function trainRankSvm(groups: readonly QueryGroup[], options: RankSvmOptions): Float64Array {
  const { C, seed = 1, tolerance = 1e-3, maxIterations = 1000 } = options;
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

/**
 * Query-level k-fold CV: queries are shuffled by a seeded Rng and dealt to folds round-robin. Metrics
 * treat each group as its own query and each document by its index in the group.
 */
export function crossValidate(groups: readonly QueryGroup[], options: CrossValidationOptions): RankSvmCrossValidation {
  const { Cs = DEFAULT_CS, folds = 5, seed = 1, baseline, nonNegative = false } = options;
  const innerFolds = options.innerFolds ?? folds;
  const judgments = new Map(groups.map((g, q) => [q, new Map(g.docs.map((doc, i) => [i, doc.grade]))]));
  const before = evaluateRankings(new Map(groups.map((g, q) => [q, rankByScore(g.docs, baseline)])), judgments);

  const fold = queryFolds(groups.length, folds, new Rng(seed));
  const learned = new Map<number, number[]>();
  const chosenC: number[] = [];
  const outer = fold.reduce((m, f) => Math.max(m, f + 1), 0);
  for (let f = 0; f < outer; f++) {
    const train = groups.filter((_, q) => fold[q] !== f);
    const C = chooseC(train, Cs, innerFolds, Rng.forChain(seed, f).nextUint32(), nonNegative);
    chosenC.push(C);
    const score = linearScore(trainRankSvm(train, { C, seed, nonNegative }));
    groups.forEach((g, q) => fold[q] === f && learned.set(q, rankByScore(g.docs, score)));
  }
  const after = evaluateRankings(learned, judgments);
  const C = chooseC(groups, Cs, innerFolds, Rng.forChain(seed, -1).nextUint32(), nonNegative);
  return { before, after, chosenC, C, weights: trainRankSvm(groups, { C, seed, nonNegative }) };
}

/** The C with the best mean held-out NDCG@10 (the first such in `Cs`); Cs[0] when CV is impossible. */
export function chooseC(groups: readonly QueryGroup[], Cs: readonly number[], folds: number, seed: number, nonNegative = false): number {
  if (groups.length < 2 || Cs.length === 1) return Cs[0];
  const fold = queryFolds(groups.length, folds, new Rng(seed));
  const k = fold.reduce((m, f) => Math.max(m, f + 1), 0);
  let best = Cs[0];
  let bestScore = -Infinity;
  for (const C of Cs) {
    let total = 0;
    for (let f = 0; f < k; f++) {
      const w = trainRankSvm(
        groups.filter((_, q) => fold[q] !== f),
        { C, seed, nonNegative },
      );
      const score = linearScore(w);
      groups.forEach((g, q) => {
        if (fold[q] !== f) return;
        total += ndcgAt(rankByScore(g.docs, score), new Map(g.docs.map((doc, i) => [i, doc.grade])), 10);
      });
    }
    if (total > bestScore) [best, bestScore] = [C, total];
  }
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
