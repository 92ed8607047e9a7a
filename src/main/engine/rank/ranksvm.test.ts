import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import {
  combineCrossValidation,
  crossValidate,
  crossValidationUnit,
  crossValidationUnits,
  linearScore,
  pairDifferences,
  pairMatrix,
  queryFolds,
  rankByScore,
  rankSvmObjective,
  rankSvmPath,
  trainRankSvm,
  trainRankSvmPlain,
  type QueryGroup,
} from './ranksvm';

/** Queries whose grades come from a hidden linear score plus noise, cut at fixed thresholds. */
function synthetic(rng: Rng, hidden: number[], queries: number, docs: number, noise: number): QueryGroup[] {
  const d = hidden.length;
  return Array.from({ length: queries }, (_, query) => ({
    query,
    docs: Array.from({ length: docs }, () => {
      const features = Float64Array.from({ length: d }, () => rng.normal());
      const s = hidden.reduce((acc, w, j) => acc + w * features[j], 0) + noise * rng.normal();
      return { features, grade: s > 1.5 ? 3 : s > 0.5 ? 2 : s > -0.5 ? 1 : 0 };
    }),
  }));
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let j = 0; j < a.length; j++) [ab, aa, bb] = [ab + a[j] * b[j], aa + a[j] ** 2, bb + b[j] ** 2];
  return ab / Math.sqrt(aa * bb);
}

const hidden = [0.8, -0.5, 0.3, 0, 0.1];

describe('RankSVM', () => {
  it('learns the hidden direction and beats a baseline with wrong weights', () => {
    const groups = synthetic(new Rng(17), hidden, 40, 12, 0.3);
    const wrong = Float64Array.from([0.1, 0.3, 0.3, 0.6, -0.2]);
    const cv = crossValidate(groups, { folds: 5, innerFolds: 3, seed: 4, baseline: linearScore(wrong) });
    expect(cv.chosenC).toHaveLength(5);
    for (const C of cv.chosenC) expect([0.005, 0.01, 0.05, 0.1, 0.5, 1]).toContain(C);
    expect(cosine(cv.weights, hidden)).toBeGreaterThan(0.9);
    expect(cv.after['ndcg@10']).toBeGreaterThan(cv.before['ndcg@10'] + 0.1);
    expect(cv.after.map).toBeGreaterThan(cv.before.map);
    expect(cv.after['ndcg@10']).toBeGreaterThan(0.85);
  });

  it('is deterministic for a seed', () => {
    const groups = synthetic(new Rng(2), hidden, 10, 8, 0.3);
    const a = trainRankSvm(groups, { C: 0.1, seed: 3 });
    const b = trainRankSvm(groups, { C: 0.1, seed: 3 });
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('gets no pairs from a query with fewer than two distinct grades, and does not crash', () => {
    const flat: QueryGroup = {
      query: 1,
      docs: [
        { features: Float64Array.from([1, 0]), grade: 2 },
        { features: Float64Array.from([0, 1]), grade: 2 },
      ],
    };
    const single: QueryGroup = { query: 2, docs: [{ features: Float64Array.from([3, 3]), grade: 1 }] };
    expect(pairDifferences([flat, single, { query: 3, docs: [] }]).pairs).toBe(0);
    expect(Array.from(trainRankSvm([flat, single], { C: 1 }))).toEqual([0, 0]);
    const useful: QueryGroup = {
      query: 4,
      docs: [
        { features: Float64Array.from([2, 0]), grade: 3 },
        { features: Float64Array.from([0, 0]), grade: 0 },
        { features: Float64Array.from([1, 0]), grade: 1 },
      ],
    };
    expect(pairDifferences([flat, useful]).pairs).toBe(3);
    const w = trainRankSvm([flat, single, useful], { C: 10 });
    expect(w[0]).toBeGreaterThan(0);
    expect(w[1]).toBeCloseTo(0, 12);
    const cv = crossValidate([flat, single, useful], { folds: 5, seed: 1, baseline: () => 0 });
    expect(cv.chosenC).toHaveLength(3);
  });

  it('solves a separable pair exactly: w = x / ‖x‖² once C is large enough', () => {
    // One pair x = (2, 0): the max-margin solution is w·x = 1 with minimal norm, i.e. w = (0.5, 0).
    const groups: QueryGroup[] = [
      {
        query: 0,
        docs: [
          { features: Float64Array.from([3, 1]), grade: 2 },
          { features: Float64Array.from([1, 1]), grade: 0 },
        ],
      },
    ];
    expect(Array.from(trainRankSvm(groups, { C: 10 }))).toEqual([0.5, 0]);
    // With C below the needed dual value (α = 1/4) the box binds: w = C·x.
    expect(Array.from(trainRankSvm(groups, { C: 0.1 }))).toEqual([0.2, 0]);
  });

  it('ranks by descending score with ties in the given order, and deals query folds evenly', () => {
    const docs = [0.5, 2, 0.5, -1].map((v) => ({ features: Float64Array.of(v), grade: 0 }));
    expect(rankByScore(docs, (f) => f[0])).toEqual([1, 0, 2, 3]);
    const fold = queryFolds(12, 5, new Rng(1));
    const counts = [0, 0, 0, 0, 0];
    for (const f of fold) counts[f]++;
    expect(counts.sort()).toEqual([2, 2, 2, 3, 3]);
    expect(Math.max(...queryFolds(2, 5, new Rng(1)))).toBe(1);
  });

  it('stores the same pairs sparsely as pairDifferences does densely', () => {
    const groups = synthetic(new Rng(8), hidden, 6, 7, 0.3);
    const [a, b] = groups[0].docs.filter((doc) => doc.grade !== groups[0].docs[0].grade).concat(groups[0].docs[0]).slice(-2);
    b.features[2] = a.features[2]; // a pair with a zero difference, left out of the sparse rows
    const dense = pairDifferences(groups);
    const P = pairMatrix(groups);
    expect(P.norm.length).toBe(dense.pairs);
    expect(P.value.length).toBeLessThan(dense.X.length);
    for (let p = 0; p < dense.pairs; p++) {
      const row = new Float64Array(dense.d);
      for (let e = P.rowStart[p]; e < P.rowStart[p + 1]; e++) row[P.column[e]] = P.value[e];
      expect(Array.from(row)).toEqual(Array.from(dense.X.subarray(p * dense.d, (p + 1) * dense.d)));
      expect(P.norm[p]).toBeCloseTo(row.reduce((a, x) => a + x * x, 0), 14);
    }
    expect(P.queryStart[groups.length]).toBe(dense.pairs);
  });

  // Shrinking and warm starts change the path, never the optimum. Planting a bug shows the test can fail:
  // stopping once the active set converges, without the final check of every pair, leaves the objective 9e-4
  // too high; a warm start that keeps α but not the w it makes (w = 0) misses by 2e-2.
  it('warm-started with shrinking, reaches the plain solver’s objective to 1e-6 along the C grid', () => {
    const groups = synthetic(new Rng(11), [0.8, -0.5, 0.3, 0, 0.1, 0.6], 20, 8, 0.3);
    const Cs = [0.01, 0.1, 1, 10, 100];
    // Both solvers stop on the spread of projected gradients, so both run to a tight one.
    const tight = { tolerance: 1e-6, maxIterations: 1_000_000, seed: 5 };
    const path = rankSvmPath(groups, Cs, tight);
    Cs.forEach((C, k) => {
      const plain = rankSvmObjective(groups, trainRankSvmPlain(groups, { C, ...tight }), C);
      const fast = rankSvmObjective(groups, path[k], C);
      expect(Math.abs(fast - plain) / plain).toBeLessThan(1e-6);
      expect(Math.abs(rankSvmObjective(groups, trainRankSvm(groups, { C, ...tight }), C) - plain) / plain).toBeLessThan(1e-6);
    });
    expect(() => rankSvmPath(groups, [1, 0.1])).toThrow(/ascend/);
  });

  it('gives the same cross-validation unit by unit, in any order, as in one call', () => {
    const groups = synthetic(new Rng(3), hidden, 12, 8, 0.4);
    const options = { folds: 4, innerFolds: 3, seed: 2, Cs: [0.1, 1, 10], baseline: linearScore(Float64Array.from(hidden)) };
    const n = crossValidationUnits(groups, options);
    expect(n).toBe(5);
    const units = Array.from({ length: n }, (_, u) => n - 1 - u).map((u) => [u, crossValidationUnit(groups, options, u)] as const);
    const inOrder = units.sort((a, b) => a[0] - b[0]).map(([, r]) => r);
    expect(combineCrossValidation(groups, options, inOrder)).toEqual(crossValidate(groups, options));
  });
});
