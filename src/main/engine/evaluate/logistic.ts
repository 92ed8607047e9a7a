// Multinomial (softmax) logistic regression with an L2 penalty, as a probe of how well a representation
// (e.g. BCM's mixture weights π) predicts held-out labels. Features are standardised inside (population
// standard deviation, like scikit-learn's StandardScaler); the objective is
//   Σ_i −log softmax(W x_i + b)_{y_i} + (l2 / 2) ‖W‖²      (intercepts b unpenalised),
// i.e. scikit-learn's LogisticRegression(multi_class='multinomial', C = 1 / l2) on standardised X.
// Fitted by L-BFGS (./lbfgs.ts), so the same data give the same model bit for bit.

import { Rng } from '../rng';
import { logSumExp } from '../special';
import { minimize } from './lbfgs';

export interface LogisticModel {
  classes: number;
  d: number;
  /** Per-feature mean and scale used to standardise, indexed by <feature>. */
  mean: Float64Array;
  scale: Float64Array;
  /** Weights on standardised features, indexed by <class, feature>. */
  coef: Float64Array;
  /** Indexed by <class>. */
  intercept: Float64Array;
  converged: boolean;
}

export interface LogisticOptions {
  /** L2 penalty on the weights (1 / C in scikit-learn's terms). Default 1. */
  l2?: number;
  maxIterations?: number;
  /** Stop when the largest gradient component, divided by n, falls below this. Default 1e-10. */
  tolerance?: number;
}

/** Fits on X (indexed by <case, feature>, n × d) with class indices y[i] ∈ [0, classes). */
export function fit(
  X: Float64Array,
  n: number,
  d: number,
  y: Int32Array,
  classes: number,
  options: LogisticOptions = {},
): LogisticModel {
  const { l2 = 1, maxIterations = 2000, tolerance = 1e-10 } = options;
  const { mean, scale } = standardiser(X, n, d);
  const Z = standardise(X, n, d, mean, scale); // indexed by <case, feature>
  const width = d + 1;
  const logits = new Float64Array(classes);

  // theta indexed by <class, feature + 1>: d weights then the intercept.
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let value = 0;
    for (let k = 0; k < classes; k++) {
      for (let j = 0; j < d; j++) {
        const w = theta[k * width + j];
        value += 0.5 * l2 * w * w;
        grad[k * width + j] = l2 * w;
      }
    }
    for (let i = 0; i < n; i++) {
      scores(theta, Z, i, d, classes, logits);
      const lse = logSumExp(logits, classes);
      value += lse - logits[y[i]];
      for (let k = 0; k < classes; k++) {
        const r = Math.exp(logits[k] - lse) - (k === y[i] ? 1 : 0);
        const row = k * width;
        for (let j = 0; j < d; j++) grad[row + j] += r * Z[i * d + j];
        grad[row + d] += r;
      }
    }
    return value;
  };
  const result = minimize(objective, new Float64Array(classes * width), {
    gradientTolerance: tolerance * Math.max(1, n),
    maxIterations,
  });
  const coef = new Float64Array(classes * d);
  const intercept = new Float64Array(classes);
  for (let k = 0; k < classes; k++) {
    coef.set(result.x.subarray(k * width, k * width + d), k * d);
    intercept[k] = result.x[k * width + d];
  }
  return { classes, d, mean, scale, coef, intercept, converged: result.converged };
}

/** Class probabilities, indexed by <case, class>. */
export function predictProba(model: LogisticModel, X: Float64Array, n: number): Float64Array {
  const { classes, d } = model;
  const out = new Float64Array(n * classes);
  const logits = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < classes; k++) {
      let z = model.intercept[k];
      for (let j = 0; j < d; j++) z += model.coef[k * d + j] * ((X[i * d + j] - model.mean[j]) / model.scale[j]);
      logits[k] = z;
    }
    const lse = logSumExp(logits, classes);
    for (let k = 0; k < classes; k++) out[i * classes + k] = Math.exp(logits[k] - lse);
  }
  return out;
}

/** Most probable class per case (lowest index on ties). */
export function predict(model: LogisticModel, X: Float64Array, n: number): Int32Array {
  const p = predictProba(model, X, n);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = argmax(p, i * model.classes, model.classes);
  return out;
}

export interface CrossValidationOptions extends LogisticOptions {
  folds?: number;
  seed?: number;
}

export interface CrossValidatedAccuracy {
  /** Correct predictions over all labelled cases, pooled across folds. */
  accuracy: number;
  /** Accuracy within each fold's held-out cases. */
  perFold: number[];
}

/**
 * Stratified k-fold accuracy. Cases with a null label are left out. Within each label the cases are
 * shuffled by a seeded Rng, then dealt to folds round-robin, continuing from where the previous label
 * stopped, so every fold gets each label's share to within one case.
 */
export function crossValidatedAccuracy(
  X: Float64Array,
  n: number,
  d: number,
  labels: readonly (string | null)[],
  options: CrossValidationOptions = {},
): CrossValidatedAccuracy {
  const { folds: requested = 5, seed = 1, ...fitOptions } = options;
  const fold = stratifiedFolds(labels, requested, new Rng(seed));
  const folds = fold.reduce((m, f) => Math.max(m, f + 1), 0);
  const perFold: number[] = [];
  let correct = 0;
  let total = 0;
  for (let f = 0; f < folds; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) if (fold[i] >= 0) (fold[i] === f ? test : train).push(i);
    if (test.length === 0) continue;
    // Classes are those seen in training: a label absent there cannot be predicted anyway, and an
    // unpenalised intercept for an empty class would run off to −∞.
    const names = [...new Set(train.map((i) => labels[i] as string))].sort();
    const index = new Map(names.map((name, k) => [name, k]));
    const y = Int32Array.from(train, (i) => index.get(labels[i] as string) as number);
    let predicted: Int32Array;
    if (names.length < 2) {
      predicted = new Int32Array(test.length);
    } else {
      const model = fit(rows(X, d, train), train.length, d, y, names.length, fitOptions);
      predicted = predict(model, rows(X, d, test), test.length);
    }
    let hits = 0;
    for (let t = 0; t < test.length; t++) if (names[predicted[t]] === labels[test[t]]) hits++;
    perFold.push(hits / test.length);
    correct += hits;
    total += test.length;
  }
  return { accuracy: total > 0 ? correct / total : NaN, perFold };
}

/** Fold of each case (−1 for an unlabelled case); never more folds than labelled cases. */
export function stratifiedFolds(labels: readonly (string | null)[], folds: number, rng: Rng): Int32Array {
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => {
    if (label === null) return;
    const list = byLabel.get(label) ?? [];
    list.push(i);
    byLabel.set(label, list);
  });
  const labelled = [...byLabel.values()].reduce((s, list) => s + list.length, 0);
  const k = Math.max(1, Math.min(folds, labelled));
  const out = new Int32Array(labels.length).fill(-1);
  let next = 0;
  for (const name of [...byLabel.keys()].sort()) {
    const list = byLabel.get(name) as number[];
    for (let i = list.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [list[i], list[j]] = [list[j], list[i]];
    }
    for (const i of list) {
      out[i] = next;
      next = (next + 1) % k;
    }
  }
  return out;
}

function standardiser(X: Float64Array, n: number, d: number): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += X[i * d + j];
    const m = n > 0 ? s / n : 0;
    let v = 0;
    for (let i = 0; i < n; i++) v += (X[i * d + j] - m) ** 2;
    const sd = n > 0 ? Math.sqrt(v / n) : 0;
    mean[j] = m;
    // A constant feature carries no information; scale 1 keeps it at exactly 0 after centring.
    scale[j] = sd > 0 ? sd : 1;
  }
  return { mean, scale };
}

function standardise(X: Float64Array, n: number, d: number, mean: Float64Array, scale: Float64Array): Float64Array {
  const Z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Z[i * d + j] = (X[i * d + j] - mean[j]) / scale[j];
  return Z;
}

function scores(theta: Float64Array, Z: Float64Array, i: number, d: number, classes: number, out: Float64Array): void {
  const width = d + 1;
  for (let k = 0; k < classes; k++) {
    let z = theta[k * width + d];
    for (let j = 0; j < d; j++) z += theta[k * width + j] * Z[i * d + j];
    out[k] = z;
  }
}

function rows(X: Float64Array, d: number, which: number[]): Float64Array {
  const out = new Float64Array(which.length * d);
  which.forEach((i, t) => out.set(X.subarray(i * d, i * d + d), t * d));
  return out;
}

function argmax(v: Float64Array, offset: number, length: number): number {
  let best = 0;
  for (let k = 1; k < length; k++) if (v[offset + k] > v[offset + best]) best = k;
  return best;
}
