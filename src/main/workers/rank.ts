// Worker thread for RankSVM's query-fold cross-validation (hundreds of trainings: seconds of CPU), so the
// process serving the UI keeps answering meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import { crossValidate, type CrossValidationOptions, type QueryGroup } from '../engine/rank/ranksvm';

export interface RankWorkerInput {
  groups: QueryGroup[];
  /** Everything but the baseline, which is the model's own score: the sum of the features. */
  options: Omit<CrossValidationOptions, 'baseline'>;
}

const { groups, options } = workerData as RankWorkerInput;
parentPort!.postMessage(crossValidate(groups, { ...options, baseline: (features) => features.reduce((a, b) => a + b, 0) }));
