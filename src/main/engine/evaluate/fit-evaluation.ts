// How well a fit describes its data, as `evaluate` reports it: π → label accuracy by stratified k-fold
// cross-validation of a logistic regression (the BCM paper's measure), the accuracy of the hard assignments
// with each cluster named by its majority label, and the criticisms (the cases the model explains worst).
// Pure, so the service runs it on a reader thread or, inside a job, in a worker (src/main/workers/evaluate.ts).
import { criticisms } from '../bcm/foldin';
import type { BcmSummary } from '../bcm/model';
import { unsupervisedAccuracy } from './clusters';
import { crossValidatedAccuracy } from './logistic';

export interface FitEvaluation {
  piAccuracy: number | null;
  folds: number;
  unsupervisedAccuracy: number | null;
  criticisms: { row: number; logLikelihood: number }[];
}

/** x indexed by <case, feature>; labels by case (null: none, or the data has no label column). */
export function evaluateFit(s: BcmSummary, x: Int32Array, labels: readonly (string | null)[] | null, seed: number, folds = 5): FitEvaluation {
  return {
    piAccuracy: labels ? crossValidatedAccuracy(s.pi, s.n, s.S, labels, { folds, seed: 1 }).accuracy : null,
    folds,
    unsupervisedAccuracy: labels ? unsupervisedAccuracy(s.pi, s.n, s.S, labels) : null,
    criticisms: criticisms(s, x, s.n, seed, 10),
  };
}
