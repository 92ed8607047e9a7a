// Memorisation score per case (Feldman & Zhang 2020, "What neural networks memorize and why", their
// subsampling estimator, adapted): mem(i) = E[P(correct label of i) | i in the training half]
// − E[P(correct label of i) | i left out], over refits on random halves. The classifier is the one the app
// uses, BCM's π then logistic regression, given each case's feature values as well (one-hot): on π alone
// (S numbers a case) no case can be told apart from its neighbours, so nothing could be memorised and every
// score would be 0; with the values it can, as a flexible model does. Two more adaptations: each draw fits both a half and
// its complement (every case is in exactly half the refits, which pairs the two means), and the score uses
// the probability of the true label rather than a 0/1 hit (less variance with few refits). A case whose
// label the model predicts only when it has seen that very case (an atypical case, a singleton label) scores
// near 1; a typical case near 0.
import { foldIn } from '../bcm/foldin';
import { runChain } from '../bcm/chain';
import type { BcmParams } from '../bcm/model';
import { BcmSampler } from '../bcm/sampler';
import { fit as fitLogistic, predictProba } from '../evaluate/logistic';
import { Rng } from '../rng';

/** Weak L2, so that one case of a label can move the classifier (scikit-learn's C = 100). */
const L2 = 0.01;

export interface MemorizationOptions {
  /** Draws of a half and its complement (refits: twice this). Default 10. */
  draws?: number;
  /** Sweeps per refit, half of them burn-in. Default 100. */
  sweeps?: number;
  seed: number;
  /** After each refit: refits done of the total. */
  onProgress?: (done: number, total: number) => void;
  /** Polled between refits; true stops, and the scores are null. */
  shouldStop?: () => boolean;
}

/**
 * x: indexed by <case, feature> (n × f), value index or -1 = missing; V: values per feature. labels: per case,
 * null = unlabelled (such cases get no score). Scores of labelled cases, highest first; null when stopped.
 */
export function memorizationScores(
  x: Int32Array,
  n: number,
  V: Int32Array,
  labels: readonly (string | null)[],
  params: Pick<BcmParams, 'S' | 'alpha' | 'q' | 'lambda' | 'c'>,
  opts: MemorizationOptions,
): { row: number; score: number }[] | null {
  const f = V.length;
  // indexed by feature: where its values start among the one-hot inputs.
  const offsets = new Int32Array(f + 1);
  for (let j = 0; j < f; j++) offsets[j + 1] = offsets[j] + V[j];
  const T = offsets[f];
  const draws = opts.draws ?? 10;
  const sweeps = opts.sweeps ?? 100;
  const names = [...new Set(labels.filter((l): l is string => l !== null))].sort();
  const classOf = new Map(names.map((name, k) => [name, k]));
  const rng = new Rng(opts.seed);
  // indexed by case: sums and counts of P(true label) when in the training half, and when out.
  const inSum = new Float64Array(n);
  const outSum = new Float64Array(n);
  const inCount = new Int32Array(n);
  const outCount = new Int32Array(n);
  const total = 2 * draws;
  let done = 0;
  for (let t = 0; t < draws; t++) {
    const order = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const half = n >> 1;
    for (const members of [order.subarray(0, half), order.subarray(half)]) {
      if (opts.shouldStop?.()) return null;
      const m = members.length;
      const sub = new Int32Array(m * f);
      members.forEach((i, r) => sub.set(x.subarray(i * f, (i + 1) * f), r * f));
      const bcm: BcmParams = { ...params, sweeps, burnIn: sweeps >> 1, thin: 1, learnAlpha: false, seed: rng.int(2 ** 31) };
      const summary = runChain(new BcmSampler({ n: m, f, V, x: sub }, bcm, new Rng(bcm.seed))).summary;
      const S = summary.S;
      // π of every case: the refit's own for its members, fold-in for the others. indexed by <case, cluster>.
      const pi = new Float64Array(n * S);
      const isMember = new Uint8Array(n);
      members.forEach((i, r) => {
        isMember[i] = 1;
        pi.set(summary.pi.subarray(r * S, (r + 1) * S), i * S);
      });
      const foldRng = new Rng(bcm.seed + 1);
      for (let i = 0; i < n; i++) if (!isMember[i]) pi.set(foldIn(summary, x.subarray(i * f, (i + 1) * f), foldRng, { sweeps: 20, burnIn: 5 }).pi, i * S);
      // indexed by <case, π then one-hot value>: the classifier's inputs.
      const d = S + T;
      const inputs = new Float64Array(n * d);
      for (let i = 0; i < n; i++) {
        inputs.set(pi.subarray(i * S, (i + 1) * S), i * d);
        for (let j = 0; j < f; j++) if (x[i * f + j] >= 0) inputs[i * d + S + offsets[j] + x[i * f + j]] = 1;
      }
      const train = Array.from(members).filter((i) => labels[i] !== null);
      const X = new Float64Array(train.length * d);
      train.forEach((i, r) => X.set(inputs.subarray(i * d, (i + 1) * d), r * d));
      const y = Int32Array.from(train, (i) => classOf.get(labels[i]!)!);
      const model = fitLogistic(X, train.length, d, y, names.length, { l2: L2, maxIterations: 500, tolerance: 1e-6 });
      const p = predictProba(model, inputs, n); // indexed by <case, class>
      for (let i = 0; i < n; i++) {
        if (labels[i] === null) continue;
        const correct = p[i * names.length + classOf.get(labels[i]!)!];
        if (isMember[i]) {
          inSum[i] += correct;
          inCount[i]++;
        } else {
          outSum[i] += correct;
          outCount[i]++;
        }
      }
      opts.onProgress?.(++done, total);
    }
  }
  const scores: { row: number; score: number }[] = [];
  for (let i = 0; i < n; i++) if (labels[i] !== null && inCount[i] && outCount[i]) scores.push({ row: i, score: inSum[i] / inCount[i] - outSum[i] / outCount[i] });
  return scores.sort((a, b) => b.score - a.score || a.row - b.row);
}
