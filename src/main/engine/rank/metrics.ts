// Ranking metrics over graded judgments (grades 0–3), as trec_eval computes them:
//  - NDCG@k (Järvelin & Kekäläinen 2002, with Burges et al. 2005's gain 2^g − 1): DCG@k = Σ_{r≤k}
//    (2^{g_r} − 1) / log2(r + 1), divided by the DCG@k of all of the query's judged documents sorted by grade;
//  - P@k: relevant (grade ≥ 2) documents in the top k, over k (a list shorter than k is not excused);
//  - AP: mean of P@r over the ranks r of relevant documents, divided by all relevant judged documents.
// Unjudged documents count as grade 0. A query without a relevant (or any positive-gain) judged document
// scores 0, as in trec_eval, rather than being dropped.

/** Graded judgments of one query: doc id → grade. */
export type QueryJudgments = ReadonlyMap<number, number>;

export const RELEVANT_GRADE = 2;

export interface RankingMetrics {
  'ndcg@5': number;
  'ndcg@10': number;
  'ndcg@30': number;
  'p@5': number;
  map: number;
}

export function ndcgAt(ranked: readonly number[], judged: QueryJudgments, k: number): number {
  let dcg = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) dcg += gain(judged.get(ranked[r]) ?? 0) / Math.log2(r + 2);
  const ideal = [...judged.values()].sort((a, b) => b - a);
  let idcg = 0;
  for (let r = 0; r < Math.min(k, ideal.length); r++) idcg += gain(ideal[r]) / Math.log2(r + 2);
  return idcg > 0 ? dcg / idcg : 0;
}

export function precisionAt(ranked: readonly number[], judged: QueryJudgments, k: number): number {
  let hits = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) if ((judged.get(ranked[r]) ?? 0) >= RELEVANT_GRADE) hits++;
  return hits / k;
}

export function averagePrecision(ranked: readonly number[], judged: QueryJudgments): number {
  let relevant = 0;
  for (const g of judged.values()) if (g >= RELEVANT_GRADE) relevant++;
  if (relevant === 0) return 0;
  let hits = 0;
  let sum = 0;
  const seen = new Set<number>();
  ranked.forEach((doc, r) => {
    if (seen.has(doc)) return; // a document listed twice is credited once
    seen.add(doc);
    if ((judged.get(doc) ?? 0) >= RELEVANT_GRADE) sum += ++hits / (r + 1);
  });
  return sum / relevant;
}

export function queryMetrics(ranked: readonly number[], judged: QueryJudgments): RankingMetrics {
  return {
    'ndcg@5': ndcgAt(ranked, judged, 5),
    'ndcg@10': ndcgAt(ranked, judged, 10),
    'ndcg@30': ndcgAt(ranked, judged, 30),
    'p@5': precisionAt(ranked, judged, 5),
    map: averagePrecision(ranked, judged),
  };
}

/**
 * Means over the judged queries (every key of `judgments`); a judged query with no ranking scores as an
 * empty list. Rankings of unjudged queries are ignored. All zeros when nothing is judged.
 */
export function evaluateRankings(
  rankings: ReadonlyMap<number, readonly number[]>,
  judgments: ReadonlyMap<number, QueryJudgments>,
): RankingMetrics {
  const total: RankingMetrics = { 'ndcg@5': 0, 'ndcg@10': 0, 'ndcg@30': 0, 'p@5': 0, map: 0 };
  const keys = Object.keys(total) as (keyof RankingMetrics)[];
  for (const [query, judged] of judgments) {
    const m = queryMetrics(rankings.get(query) ?? [], judged);
    for (const key of keys) total[key] += m[key];
  }
  if (judgments.size > 0) for (const key of keys) total[key] /= judgments.size;
  return total;
}

function gain(grade: number): number {
  return 2 ** grade - 1;
}
