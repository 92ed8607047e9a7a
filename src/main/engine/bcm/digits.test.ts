// On real data: the UCI digits (1797 cases, 8×8 pixels binarised at 8, S = 10), π as features of a
// multinomial logistic regression must reach at least what LDA topic proportions reach with the same kind
// of classifier: 0.770 (0.76–0.79 over seeds) by bench/lda_digits.py (scikit-learn, 10 topics, the same
// binarised pixels, standardised logistic regression, stratified 5-fold); the issue quotes ≈ 0.74.
import { expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { importTable } from '../import';
import { crossValidatedAccuracy } from '../evaluate/logistic';
import { Rng } from '../rng';
import { BcmSampler } from './sampler';
import { runChain } from './chain';
import { DEFAULT_PARAMS } from './model';

const DIGITS = fileURLToPath(new URL('../../../../resources/data/digits.csv', import.meta.url));

it('turns digits into π that classify at least as well as LDA topic proportions (≥ 0.77)', async () => {
  const { cases } = await importTable(DIGITS, { label: 'digit', overrides: { 'px_*': { kind: 'numeric', edges: [8] } } });
  const f = cases.features.length;
  const data = { n: cases.n, f, V: Int32Array.from(cases.features, (x) => x.values.length), x: cases.x };
  const S = 10;
  const { summary } = runChain(new BcmSampler(data, { ...DEFAULT_PARAMS, S, sweeps: 300, burnIn: 150, seed: 1 }, new Rng(1)));
  const { accuracy } = crossValidatedAccuracy(summary.pi, cases.n, S, cases.labels!, { folds: 5, seed: 1 });
  if (process.env.EXEMPLAR_PRINT) console.log({ accuracy });
  expect(accuracy).toBeGreaterThanOrEqual(0.77);
});
