import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { normalQuantile } from './normal';
import { convergence, effectiveSampleSize, splitRhat } from './rhat';

// Fixtures made once by reference/rhat.py, an independent numpy 1.24.2 / scipy 1.10.1 implementation of
// split-R̂ (BDA3 §11.4), rank-normalised folded R̂ and ESS (Vehtari et al. 2021; autocovariance by FFT, ranks by
// scipy.stats.rankdata, scores by scipy.stats.norm.ppf). Chains are AR(1) draws from
// np.random.default_rng(2024): A = 4 chains × 50, φ = 0.7, rounded to 3 decimals;
// B = 3 chains × 41 (odd: the middle draw is dropped), φ = 0.3, third chain shifted by 1.5, rounded to
// 1 decimal (many ties, to exercise average ranks).
const A: number[][] = [
  [2.362, 2.8, 0.987, -0.702, -0.424, 0.564, 0.904, 2.443, 2.461, 2.363, 0.922, -0.462, 1.161, 0.862, 1.415,
    -0.386, -0.707, -1.786, -2.026, -0.515, -1.841, -1.823, -1.112, -1.447, -1.265, -1.107, -0.357, -0.681,
    -0.205, -0.086, 0.364, 0.48, 1.994, 0.732, 1.711, 0.795, -0.401, 0.93, 0.212, -0.239, -1.556, -3.188,
    -1.597, -2.283, -0.82, 1.274, 0.777, -0.583, -0.014, 0.752],
  [-0.166, 1.219, 2.119, 2.193, 0.669, 0.415, 0.893, 0.413, -0.321, -0.99, -1.325, -1.599, -1.57, 0.046,
    -0.768, 0.349, 0.662, 0.603, -0.405, -0.74, 1.455, 1.118, 1.321, 1.587, 2.167, 1.279, 0.285, 0.14, -0.163,
    0.677, 0.663, 0.704, 0.638, 1.675, 0.63, -0.038, 0.859, 0.495, 0.707, -0.234, -0.14, 0.334, -1.094, -1.461,
    -0.599, 1.829, 1.743, 1.161, -0.033, 0.369],
  [-1.801, -1.591, -1.633, 1.177, -1.649, -1.177, -0.755, -0.061, -1.644, -1.618, -2.628, -1.967, -1.181,
    -0.662, -0.662, -0.277, -0.017, 0.393, 0.301, -1.572, -1.915, -0.995, -1.607, -1.923, -1.233, -0.909,
    0.258, 0.692, 0.049, 0.149, -2.755, -2.726, -2.055, -3.826, -3.001, -1.849, -0.259, 0.221, 2.039, 2.955,
    0.434, 0.078, -0.102, 0.021, -0.558, 0.22, 0.899, -0.895, 0.319, -0.424],
  [1.304, 0.782, 2.536, 2.665, 1.898, 1.578, 3.519, 3.881, 3.666, 2.782, 2.51, 1.905, -0.192, 0.751, 0.941,
    -0.692, -1.127, -1.037, -0.4, 1.449, 1.032, -1.219, -0.203, -0.31, -1.96, -3.654, -3.622, -2.157, -2.268,
    -0.988, -0.973, -0.497, 0.355, 0.827, -0.473, 1.597, -0.86, -0.79, -1.574, 0.088, -1.249, -1.908, -2.475,
    -3.111, -2.75, -1.745, -2.191, -3.228, -2.541, -1.824],
];
const B: number[][] = [
  [-0.6, -0.4, 0.8, -0.8, -0.3, -0.5, -1.6, -0.6, 0.9, 2.5, -0.7, 0.7, 1.3, 1.6, 0.0, 0.3, -0.5, 0.4, 1.3, 0.1,
    0.3, 0.9, 1.0, -0.4, 1.3, 0.9, 0.4, 0.2, 0.7, 1.2, -0.9, -1.1, -2.1, -0.2, 0.3, -0.3, -1.2, 1.0, 1.9, 2.1,
    0.7],
  [0.2, -0.1, -1.3, -1.0, 0.5, 0.2, -0.4, -0.4, 1.6, 2.0, 1.7, 0.7, -1.0, -0.1, -0.4, 0.5, 1.2, -0.3, 1.2, 0.4,
    0.2, -0.5, -0.3, -0, -0.2, -0.4, -0.5, 1.9, 0.4, 0.9, 0.3, -2.8, 2.3, 0.7, -0.3, 1.2, 1.8, -0, -0.8, -1.1,
    0.0],
  [2.3, 1.6, 1.0, 1.5, 0.9, 2.0, 2.1, 2.2, 2.2, 1.3, -0.3, 2.2, 2.8, 1.1, 2.3, 1.9, 1.5, 1.5, 0.7, 1.1, 1.4,
    1.7, 0.9, 1.7, 1.0, 0.8, 1.4, 1.0, 0.3, 0.6, 0.5, 1.3, 2.1, 2.3, 1.1, 1.0, 1.6, -0.1, 1.9, 2.8, 2.6],
];

const reference = {
  A: { rhat: 1.17114146152, rankRhat: 1.17091622858, ess: 19.5379112793, bulkEss: 19.5632250547 },
  B: { rhat: 1.18661570791, rankRhat: 1.1870289645, ess: 14.184710682, bulkEss: 14.1512551079 },
};

describe('convergence diagnostics', () => {
  for (const [name, chains] of [['A', A], ['B', B]] as const) {
    it(`matches the numpy reference on chains ${name}`, () => {
      const got = convergence(chains);
      const ref = reference[name];
      expect(got.rhat).toBeCloseTo(ref.rhat, 9);
      expect(got.rankRhat).toBeCloseTo(ref.rankRhat, 9);
      expect(got.ess).toBeCloseTo(ref.ess, 7);
      expect(got.bulkEss).toBeCloseTo(ref.bulkEss, 7);
    });
  }

  it('is near 1 with ESS near the draw count for independent, well-mixed chains', () => {
    const rng = new Rng(8);
    const chains = Array.from({ length: 4 }, () => Float64Array.from({ length: 1000 }, () => rng.normal()));
    expect(splitRhat(chains)).toBeLessThan(1.01);
    expect(splitRhat(chains, { rankNormalized: true })).toBeLessThan(1.01);
    const ess = effectiveSampleSize(chains);
    expect(ess).toBeGreaterThan(3000);
    expect(ess).toBeLessThan(5000);
  });

  it('flags chains stuck at different levels, and a trend within one chain', () => {
    const rng = new Rng(9);
    const stuck = [0, 0, 3].map((mu) => Array.from({ length: 200 }, () => mu + rng.normal()));
    expect(splitRhat(stuck)).toBeGreaterThan(1.5);
    const trend = [Array.from({ length: 200 }, (_, i) => i / 20 + rng.normal())];
    expect(splitRhat(trend)).toBeGreaterThan(1.5);
  });

  it('cuts unequal chains to their last draws and handles degenerate input', () => {
    const long = [...Array(10).fill(99), ...A[0]];
    expect(splitRhat([long, A[1], A[2], A[3]])).toBe(splitRhat(A));
    expect(splitRhat([[1, 2, 3]])).toBeNaN();
    expect(splitRhat([[1, 1, 1, 1]])).toBeNaN();
    expect(effectiveSampleSize([[2, 2, 2, 2], [2, 2, 2, 2]])).toBe(8);
  });

  it('computes normal quantiles as scipy.stats.norm.ppf does', () => {
    // scipy 1.10.1 norm.ppf at these p.
    const p = [1e-300, 1e-10, 0.001, 0.02425, 0.3, 0.5, 0.7, 0.975, 1 - 1e-12];
    const ref = [
      -37.0470962993612, -6.361340902404056, -3.090232306167813, -1.972961051311885, -0.5244005127080409, 0,
      0.5244005127080407, 1.959963984540054, 7.0344869100478356,
    ];
    p.forEach((x, k) => expect(normalQuantile(x)).toBeCloseTo(ref[k], 12));
  });
});
