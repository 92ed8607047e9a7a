// Types of the retrieval engine: the compact index kept in the project file, a query, a hit, an explanation.
import type { SimilarContribution } from '../../../shared/api';

/** Element type of the stored value indices; the missing code is the type's largest value (or -1). */
export type ValueType = 'uint8' | 'uint16' | 'int32';

/** What retrieval keeps of a fitted BCM and its cases: value indices + π, never the expanded encoding. */
export interface RetrievalIndex {
  n: number;
  /** Number of clusters. */
  S: number;
  features: { name: string; column: string; values: string[] }[];
  valueType: ValueType;
  /** indexed by <case, feature>: value index, or missingCode(valueType) when missing. */
  x: Uint8Array | Uint16Array | Int32Array;
  /** indexed by <case, cluster>: π of the fitted model, rows sum to 1. */
  pi: Float32Array;
  /** indexed by <cluster, feature>: P(ω_sf = 1). */
  subspace: Float64Array;
  /** indexed by <cluster>: the case row of the cluster's prototype (-1 when none). */
  prototypes: Int32Array;
  /** Dense vector blocks, one per vector column: data indexed by <case, dim>; a row with a non-finite entry is missing. */
  vectors: { column: string; dim: number; data: Float32Array }[];
}

/** Weights of the similarity (similarity.ts). Defaults: epsilon 1, beta 0.05, every θ, u_f and γ_b as stated. */
export interface SimilarityOptions {
  /** ε, floor of the model importance m_f (default 1; 0.05 before the information weights, see similarity.ts). */
  epsilon?: number;
  /** β, weight of cos(π_q, π_c) (default 0.05; 0.5 before the information weights, see similarity.ts). */
  beta?: number;
  /**
   * λ, the penalty of an item (set/text) the case holds and the query lacks, relative to the reward of one
   * they share; default: set per query to the 10th largest weighted Jaccard index (similarity.ts).
   */
  lambda?: number;
  /**
   * Weigh a match by its information I_f (default true); false counts every match as one (I_f = 1), e.g. to
   * reduce the similarity to a match count.
   */
  information?: boolean;
  /** θ_π, learned weight of the π term (default 1). */
  thetaPi?: number;
  /** θ_g by source column (default 1). */
  theta?: Record<string, number>;
  /** u_f, user weight by feature name (default 1); must be ≥ 0. */
  userWeights?: Record<string, number>;
  /** γ_b by vector column (default 0.5). */
  gammas?: Record<string, number>;
}

/** One query, in the two forms the engine needs: the structured one (formula, explanations) and the linear Q. */
export interface RetrievalQuery {
  /** indexed by <feature>: the query's value index, -1 = unknown. */
  x: Int32Array;
  /** indexed by <feature>: w_f(q) ≥ 0; 0 where x_qf = -1. */
  w: Float64Array;
  /**
   * indexed by <feature>: 1 where w_f is a penalty, an item of a set or text column that the query lacks
   * (the case loses w_f when it holds the item), 0 where it rewards a match.
   */
  penalty: Uint8Array;
  /** λ_q: a penalty weight over the reward the same item would earn when shared. */
  lambda: number;
  /** o_q = Σ of the penalty weights: score = Q_q · E_c − o_q. */
  offset: number;
  /** indexed by <cluster>: π_q. */
  pi: Float64Array;
  /** β θ_π, the weight of cos(π_q, π_c). */
  piWeight: number;
  /** Per vector block of the index: the query's vector (null = none) and γ_b. */
  vectors: { column: string; dim: number; v: Float32Array | null; gamma: number }[];
  /** The query case's row (excluded from its own results unless asked), or null for a form. */
  row: number | null;
  /**
   * Q_q of the linear form score = Q_q · E_c − o_q, length D = D_x + S + Σ_b dim_b: w_f(q) at the one-hot
   * slot (f, x_qf) (slots ordered by feature then value; for a penalty that is the absent slot), then
   * β θ_π π_q/|π_q|, then γ_b v_qb/|v_qb| per block.
   */
  q: Float32Array;
}

export interface Hit {
  row: number;
  score: number;
}

/** One term of a score (the same shape the API answers with: a feature, `π similarity`, or a vector column). */
export type Contribution = SimilarContribution;

export interface Explanation {
  row: number;
  score: number;
  /** Sum to score (up to rounding). */
  contributions: Contribution[];
  matched: string[];
  mismatched: string[];
  /** The cluster s maximising π_qs·π_cs and its prototype's case row (-1 when the cluster has none). */
  sharedPrototype: { cluster: number; row: number };
}

export function missingCode(t: ValueType): number {
  return t === 'uint8' ? 255 : t === 'uint16' ? 65535 : -1;
}
