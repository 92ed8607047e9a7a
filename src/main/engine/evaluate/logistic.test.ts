import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { crossValidatedAccuracy, fit, predict, predictProba, stratifiedFolds } from './logistic';

// Fixture made once by reference/logistic.py with scikit-learn 1.2.1 (numpy 1.24.2):
//   rng = np.random.default_rng(7); y = arange(30) % 3
//   X = round(centers[y] + rng.normal(scale=1.2, size=(30, 3)) * [1, 2, 0.5], 2),
//       centers = [[0,0,1],[1.5,-1,0],[-1,2,0.5]]
//   Z = StandardScaler().fit_transform(X)
//   LogisticRegression(multi_class='multinomial', solver='newton-cg', C=1/l2, tol=1e-14).fit(Z, y)
// newton-cg because the default lbfgs stops on its ftol with a gradient of ~1e-4 (checked: its
// coefficients differ from a tight scipy BFGS optimum in the 5th decimal); newton-cg's has gradient < 1e-8.
// Intercepts are printed centred (minus their mean over classes); probabilities are for rows 0..5.
const X = Float64Array.from([
  0, 0.72, 0.84, 0.43, -2.09, -0.59, -0.93, 5.22, 0.2, -0.74, 1.18, 1.21, 1.63, -3.23, -0.02, -0.17, -1.23, 0.23,
  -2.28, -3.09, -0.11, 1.22, -4.04, 0.16, -0.81, 1.55, -1.01, -0.65, -0.12, 1.07, -0.34, -2.15, -0.59, -1.97, 4.55,
  0.02, -0.04, 2.12, 0.65, 1.37, -0.73, 0.04, -2.47, 2.18, 1.32, -1.86, 2.06, 1.07, 0.73, 3.8, 0.46, -2.44, 2.18,
  0.85, -0.23, 1.64, 0.96, 2.3, 2.45, -0.41, -0.76, 0.89, 0.58, -1.42, -1.39, 0.88, 2.58, 1.75, -0.79, -1.95, 3.55,
  -0.7, -0.56, -0.23, 1.75, 2.33, -1.79, -0.22, -1.3, 5.66, 0.24, -0.36, 0.85, 0.93, 1.26, -3.67, -0.01, -1.53, 4.8,
  0.89,
]);
const y = Int32Array.from({ length: 30 }, (_, i) => i % 3);
const sklearn = {
  1: {
    coef: [-0.3053590553, -0.475022649, 1.0597195869, 1.4107391608, -0.3684282421, -0.6768495582, -1.1053801055, 0.8434508912, -0.3828700287],
    intercept: [0.1857418022, -0.2613272465, 0.0755854443],
    proba: [
      0.6638703501, 0.1679892944, 0.1681403555, 0.0630719636, 0.8746398489, 0.0622881875, 0.0605665969, 0.0300408964,
      0.9093925067, 0.791304566, 0.0330276564, 0.1756677775, 0.069274304, 0.9246861994, 0.0060394966, 0.4411871243,
      0.390896795, 0.1679160807,
    ],
  },
  0.1: {
    coef: [-0.9621094078, -1.049676754, 1.8809010459, 3.2924877505, -0.2191114229, -1.3875168499, -2.3303783428, 1.2687881769, -0.493384196],
    intercept: [0.3656143839, -0.7120944609, 0.346480077],
    proba: [
      8.3779947006e-1, 6.0846559275e-2, 1.0135397066e-1, 1.0269307489e-2, 9.7990689171e-1, 9.8238008019e-3,
      7.4394285165e-3, 2.8459794984e-3, 9.8971459199e-1, 9.0562009001e-1, 1.4505432899e-3, 9.2929366702e-2,
      6.1903389612e-3, 9.9371168028e-1, 9.7980761671e-5, 6.0880058415e-1, 2.6122707688e-1, 1.2997233897e-1,
    ],
  },
};

describe('multinomial logistic regression', () => {
  for (const l2 of [1, 0.1] as const) {
    it(`matches scikit-learn at l2 = ${l2}`, () => {
      const model = fit(X, 30, 3, y, 3, { l2 });
      expect(model.converged).toBe(true);
      const ref = sklearn[l2];
      model.coef.forEach((w, k) => expect(w).toBeCloseTo(ref.coef[k], 6));
      const meanB = model.intercept.reduce((s, b) => s + b, 0) / 3;
      model.intercept.forEach((b, k) => expect(b - meanB).toBeCloseTo(ref.intercept[k], 6));
      const p = predictProba(model, X.subarray(0, 18), 6);
      p.forEach((v, k) => expect(v).toBeCloseTo(ref.proba[k], 7));
    });
  }

  it('is deterministic and predicts the most probable class', () => {
    const a = fit(X, 30, 3, y, 3);
    const b = fit(X, 30, 3, y, 3);
    expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
    const p = predictProba(a, X, 30);
    const c = predict(a, X, 30);
    for (let i = 0; i < 30; i++) {
      const row = Array.from(p.subarray(i * 3, i * 3 + 3));
      expect(c[i]).toBe(row.indexOf(Math.max(...row)));
    }
  });

  it('reaches accuracy 1 on separable data, skipping unlabelled cases', () => {
    const rng = new Rng(3);
    const n = 90;
    const d = 4;
    const data = new Float64Array(n * d);
    const labels: (string | null)[] = [];
    for (let i = 0; i < n; i++) {
      const c = i % 3;
      for (let j = 0; j < d; j++) data[i * d + j] = 0.3 * rng.normal() + (j === c ? 5 : 0);
      labels.push(i % 10 === 9 ? null : ['a', 'b', 'c'][c]);
    }
    const result = crossValidatedAccuracy(data, n, d, labels, { folds: 5, seed: 11, l2: 1 });
    expect(result.accuracy).toBe(1);
    expect(result.perFold).toEqual([1, 1, 1, 1, 1]);
  });

  it('is near chance on labels unrelated to the features', () => {
    const rng = new Rng(5);
    const n = 200;
    const data = Float64Array.from({ length: n * 2 }, () => rng.normal());
    const labels = Array.from({ length: n }, () => (rng.next() < 0.5 ? 'x' : 'y'));
    const { accuracy } = crossValidatedAccuracy(data, n, 2, labels, { seed: 1 });
    expect(accuracy).toBeGreaterThan(0.35);
    expect(accuracy).toBeLessThan(0.65);
  });

  it('stratifies folds: each label is spread evenly, unlabelled cases get no fold', () => {
    const labels = [...Array(23).fill('a'), ...Array(12).fill('b'), null, null];
    const fold = stratifiedFolds(labels, 5, new Rng(9));
    expect(fold[35]).toBe(-1);
    expect(fold[36]).toBe(-1);
    for (const name of ['a', 'b']) {
      const counts = [0, 0, 0, 0, 0];
      labels.forEach((l, i) => l === name && counts[fold[i]]++);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    expect(Array.from(stratifiedFolds(labels, 5, new Rng(9)))).toEqual(Array.from(fold));
    expect(Math.max(...stratifiedFolds(['a', 'b'], 5, new Rng(1)))).toBe(1);
  });
});
