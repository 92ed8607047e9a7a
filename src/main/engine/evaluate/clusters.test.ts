import { describe, expect, it } from 'vitest';
import { clusterSizes, hardAssignments, unsupervisedAccuracy } from './clusters';

// pi indexed by <case, cluster>, 6 cases × 3 clusters.
const pi = Float64Array.from([
  0.8, 0.1, 0.1, // → 0
  0.6, 0.3, 0.1, // → 0
  0.2, 0.7, 0.1, // → 1
  0.1, 0.5, 0.4, // → 1
  0.4, 0.4, 0.2, // tie → 0
  0.1, 0.2, 0.7, // → 2
]);

describe('cluster accuracy', () => {
  it('assigns by argmax, lowest index on ties, and counts sizes', () => {
    expect(Array.from(hardAssignments(pi, 6, 3))).toEqual([0, 0, 1, 1, 0, 2]);
    expect(Array.from(clusterSizes(pi, 6, 3))).toEqual([3, 2, 1]);
  });

  it('labels each cluster by its majority and counts the fraction right', () => {
    // cluster 0: a, a, b → a (2 right); cluster 1: b, c → 1 right; cluster 2: c → 1 right. 4 / 6.
    expect(unsupervisedAccuracy(pi, 6, 3, ['a', 'a', 'b', 'c', 'b', 'c'])).toBeCloseTo(4 / 6, 15);
  });

  it('skips unlabelled cases and is 1 for a perfect clustering', () => {
    expect(unsupervisedAccuracy(pi, 6, 3, ['a', 'a', 'b', 'b', null, 'c'])).toBe(1);
    expect(unsupervisedAccuracy(pi, 6, 3, [null, null, null, null, null, null])).toBeNaN();
  });

  it('gives the label share of the largest label when all cases fall in one cluster', () => {
    const one = Float64Array.from([1, 0, 1, 0, 1, 0, 1, 0]);
    expect(unsupervisedAccuracy(one, 4, 2, ['x', 'y', 'x', 'x'])).toBe(0.75);
  });
});
