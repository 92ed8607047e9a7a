import { describe, expect, it } from 'vitest';
import { buildIndex } from '../retrieval/retrieval';
import { explain, queryFromCase, scoreCase } from '../retrieval/similarity';
import { syntheticModel } from '../retrieval/synthetic';
import { featureSpace, learnedOptions, pairFeatures } from './features';

// Categorical features, a set column (rewards and penalties) and a vector block.
const index = buildIndex(syntheticModel({ n: 300, values: [3, 4, 2, 5], S: 3, missing: 0.1, items: 25, vectorDims: [2], seed: 21 }));
const space = featureSpace(index);

describe('ranking features', () => {
  it('keep the group names: source columns, then π similarity, then vector columns', () => {
    expect(space.names).toEqual(['col0', 'col1', 'tags', 'π similarity', 'vec0']);
  });

  it('sum to the model score, penalties of items only the case holds included', () => {
    let penalised = 0;
    for (const row of [0, 1, 2, 50]) {
      const q = queryFromCase(index, row);
      for (const c of [3, 4, 100, 299]) {
        const e = explain(index, q, c);
        penalised += e.contributions.filter((x) => x.weight < 0).length;
        const phi = pairFeatures(space, e);
        expect(phi.reduce((a, b) => a + b, 0)).toBeCloseTo(e.score, 12);
      }
    }
    // Summing matched contributions only (as before items had penalties) makes the test above fail.
    expect(penalised).toBeGreaterThan(0);
  });

  it('learned weights θ scale their groups: the learned score is θ · φ', () => {
    const theta = { col0: 2, col1: 0.5, tags: 3, 'π similarity': 1.5, vec0: 0.25 };
    const opts = learnedOptions(space, theta);
    for (const row of [0, 7, 42]) {
      const base = queryFromCase(index, row);
      const learned = queryFromCase(index, row, opts);
      // λ_q is a property of the query's items, not of θ: otherwise θ would not enter the score linearly.
      expect(learned.lambda).toBe(base.lambda);
      for (const c of [1, 2, 150]) {
        const phi = pairFeatures(space, explain(index, base, c));
        const dot = space.names.reduce((a, name, k) => a + theta[name as keyof typeof theta] * phi[k], 0);
        expect(scoreCase(index, learned, c)).toBeCloseTo(dot, 12);
      }
    }
  });
});
