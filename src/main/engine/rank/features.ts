// The features RankSVM learns from: per query–case pair, the similarity's own terms grouped so the learned
// weights read as "how much more the experts weigh this than the model did". One feature per source column
// (the summed contributions of its features: the rewards of its matches less the penalties of the items only
// the case holds, retrieval/similarity.ts), one for π similarity, one per vector block. With every weight 1
// the learned score is the model's score; a learned weight θ multiplies its term (θ_g scales a column's
// rewards and penalties alike, and λ_q does not depend on θ, so the score stays linear in θ).
import type { Explanation, RetrievalIndex, SimilarityOptions } from '../retrieval/types';

export interface RankFeatureSpace {
  /** Feature names: the source columns, then `π similarity`, then the vector columns. */
  names: string[];
  /** indexed by index feature: its position in `names`. */
  groupOf: Map<string, number>;
  piAt: number;
  vectorAt: Map<string, number>;
}

export function featureSpace(index: RetrievalIndex): RankFeatureSpace {
  const columns = [...new Set(index.features.map((f) => f.column))];
  const groupOf = new Map(index.features.map((f) => [f.name, columns.indexOf(f.column)]));
  const piAt = columns.length;
  const vectorAt = new Map(index.vectors.map((b, k) => [b.column, piAt + 1 + k]));
  return { names: [...columns, 'π similarity', ...index.vectors.map((b) => b.column)], groupOf, piAt, vectorAt };
}

/** The pair's features from its explanation (whose contributions sum to the model's score). */
export function pairFeatures(space: RankFeatureSpace, e: Explanation): Float64Array {
  const phi = new Float64Array(space.names.length);
  for (const c of e.contributions) {
    if (c.kind === 'matched' || c.kind === 'mismatched') phi[space.groupOf.get(c.feature)!] += c.weight;
    else if (c.kind === 'pi') phi[space.piAt] += c.weight;
    else if (c.kind === 'vector') phi[space.vectorAt.get(c.feature)!] += c.weight;
  }
  return phi;
}

/**
 * RankSVM weights → readable θ (ranking is invariant to a positive scale, so they are scaled to a mean
 * magnitude of 1: θ = 3 reads as three times the model's own weight).
 */
export function readableWeights(space: RankFeatureSpace, w: Float64Array): Record<string, number> {
  const mean = w.reduce((a, b) => a + Math.abs(b), 0) / Math.max(1, w.length);
  return Object.fromEntries(space.names.map((name, k) => [name, mean > 0 ? w[k] / mean : 1]));
}

/** θ as similarity options, so retrieval ranks by the learned score. */
export function learnedOptions(space: RankFeatureSpace, theta: Record<string, number>, base: SimilarityOptions = {}): SimilarityOptions {
  const columns = space.names.slice(0, space.piAt);
  const gammas = { ...(base.gammas ?? {}) };
  for (const [column] of space.vectorAt) gammas[column] = (gammas[column] ?? 0.5) * (theta[column] ?? 1);
  return {
    ...base,
    theta: Object.fromEntries(columns.map((c) => [c, theta[c] ?? 1])),
    thetaPi: theta['π similarity'] ?? 1,
    gammas,
  };
}
