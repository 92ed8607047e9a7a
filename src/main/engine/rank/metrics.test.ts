import { describe, expect, it } from 'vitest';
import { averagePrecision, evaluateRankings, ndcgAt, precisionAt, queryMetrics } from './metrics';

// Hand example: judged grades, one unjudged doc (99) in the ranking.
const judged = new Map([
  [10, 3],
  [11, 2],
  [12, 0],
  [13, 1],
  [14, 2],
]);
const ranked = [12, 10, 99, 14, 13, 11];

// A larger query made once by reference/metrics.py (numpy 1.24.2 / scikit-learn 1.2.1):
//   rng = default_rng(5); grades = rng.choice([0,0,0,1,1,2,3], 40); order = rng.permutation(40)
//   ndcg_score([2**grades - 1], [scores], k), scores strictly decreasing along `order`;
//   average_precision_score(grades >= 2, scores).
const grades = [
  1, 2, 0, 2, 1, 1, 1, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0, 1, 2, 0, 0, 1, 0, 3, 0, 3, 2, 2, 0, 0, 1, 1, 1, 1, 1, 0,
];
const order = [
  34, 4, 11, 33, 14, 35, 26, 1, 16, 12, 17, 3, 22, 21, 30, 31, 6, 9, 0, 32, 29, 18, 37, 20, 38, 27, 25, 13, 19, 24, 28,
  39, 2, 36, 5, 8, 7, 23, 15, 10,
];
const sklearn = { 'ndcg@5': 0.08542565557935286, 'ndcg@10': 0.13831495118820056, 'ndcg@30': 0.46655267358606234, ap: 0.24248996533479292 };

describe('ranking metrics', () => {
  it('computes NDCG@k by hand: gain 2^g − 1, log2 discount, ideal from all judged docs', () => {
    const dcg5 = 0 + 7 / Math.log2(3) + 0 + 3 / Math.log2(5) + 1 / Math.log2(6);
    const idcg5 = 7 + 3 / Math.log2(3) + 3 / 2 + 1 / Math.log2(5) + 0;
    expect(ndcgAt(ranked, judged, 5)).toBeCloseTo(dcg5 / idcg5, 14);
    // The same values from sklearn.metrics.ndcg_score (gains 2^g − 1 passed as y_true).
    expect(ndcgAt(ranked, judged, 3)).toBeCloseTo(0.42495889834839407, 14);
    expect(ndcgAt(ranked, judged, 5)).toBeCloseTo(0.563164411336184, 14);
    expect(ndcgAt(ranked, judged, 10)).toBeCloseTo(0.6618963313344081, 14);
  });

  it('computes P@k and AP by hand with relevance = grade ≥ 2', () => {
    expect(precisionAt(ranked, judged, 5)).toBe(2 / 5); // 10 and 14 in the top 5
    expect(precisionAt(ranked.slice(0, 2), judged, 5)).toBe(1 / 5); // short lists are not excused
    expect(averagePrecision(ranked, judged)).toBeCloseTo((1 / 2 + 2 / 4 + 3 / 6) / 3, 15);
    // A relevant judged doc never retrieved still counts in the denominator.
    expect(averagePrecision([10, 14], judged)).toBeCloseTo((1 + 1) / 3, 15);
  });

  it('matches scikit-learn on a 40-document query', () => {
    const j = new Map(grades.map((g, doc) => [doc, g]));
    const m = queryMetrics(order, j);
    expect(m['ndcg@5']).toBeCloseTo(sklearn['ndcg@5'], 14);
    expect(m['ndcg@10']).toBeCloseTo(sklearn['ndcg@10'], 14);
    expect(m['ndcg@30']).toBeCloseTo(sklearn['ndcg@30'], 14);
    expect(m.map).toBeCloseTo(sklearn.ap, 14);
  });

  it('is 1 for the ideal ranking and 0 for a query with nothing relevant', () => {
    const ideal = [10, 11, 14, 13, 12];
    expect(queryMetrics(ideal, judged)).toEqual({ 'ndcg@5': 1, 'ndcg@10': 1, 'ndcg@30': 1, 'p@5': 3 / 5, map: 1 });
    expect(queryMetrics([1, 2], new Map([[1, 0]]))).toEqual({ 'ndcg@5': 0, 'ndcg@10': 0, 'ndcg@30': 0, 'p@5': 0, map: 0 });
  });

  it('averages over judged queries, scoring a missing ranking as empty', () => {
    const rankings = new Map([
      [1, [10, 11, 14, 13, 12]],
      [3, [5, 6]], // unjudged: ignored
    ]);
    const judgments = new Map([
      [1, judged],
      [2, judged],
    ]);
    const m = evaluateRankings(rankings, judgments);
    expect(Object.keys(m).sort()).toEqual(['map', 'ndcg@10', 'ndcg@30', 'ndcg@5', 'p@5']);
    expect(m['ndcg@10']).toBe(0.5);
    expect(m.map).toBe(0.5);
    expect(m['p@5']).toBeCloseTo(0.3, 15);
  });
});
