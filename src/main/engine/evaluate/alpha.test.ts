import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { ALPHA_MAX, ALPHA_MIN, learnSymmetricAlpha } from './alpha';

/** Counts indexed by <case, cluster>: θ_i ~ Dir(α·1), then `tokens` categorical draws from θ_i. */
function dirichletMultinomial(rng: Rng, alpha: number, S: number, n: number, tokens: number): Int32Array {
  const counts = new Int32Array(n * S);
  const theta = new Float64Array(S);
  const a = new Float64Array(S).fill(alpha);
  for (let i = 0; i < n; i++) {
    rng.dirichlet(a, theta);
    for (let t = 0; t < tokens; t++) counts[i * S + rng.categorical(theta)]++;
  }
  return counts;
}

describe("Minka's fixed-point α", () => {
  for (const alpha of [0.3, 2]) {
    it(`recovers α = ${alpha} from 2000 cases × 60 tokens, S = 10`, () => {
      const counts = dirichletMultinomial(new Rng(42), alpha, 10, 2000, 60);
      for (const start of [0.01, 1, 50]) {
        const est = learnSymmetricAlpha(counts, 2000, 10, start);
        expect(est.converged).toBe(true);
        expect(Math.abs(est.alpha - alpha) / alpha).toBeLessThan(0.1);
      }
    });
  }

  it('is a fixed point of its own update', () => {
    const counts = dirichletMultinomial(new Rng(1), 0.5, 5, 300, 20);
    const est = learnSymmetricAlpha(counts, 300, 5, 1, { tolerance: 1e-12 });
    const again = learnSymmetricAlpha(counts, 300, 5, est.alpha, { maxIterations: 1 });
    expect(again.alpha).toBeCloseTo(est.alpha, 9);
  });

  it('stays inside its guard and ignores empty cases', () => {
    // Perfectly even counts: the likelihood grows without bound in α.
    const even = new Int32Array(20 * 4).fill(5);
    expect(learnSymmetricAlpha(even, 20, 4, 1).alpha).toBe(ALPHA_MAX);
    // One cluster per case: the likelihood grows as α → 0.
    const pure = new Int32Array(20 * 4);
    for (let i = 0; i < 20; i++) pure[i * 4 + (i % 4)] = 30;
    expect(learnSymmetricAlpha(pure, 20, 4, 1).alpha).toBe(ALPHA_MIN);
    expect(learnSymmetricAlpha(new Int32Array(8), 2, 4, 0.7).alpha).toBe(0.7);
  });
});
