// Worker thread for a fit's evaluation inside a job (a report): the cross-validated accuracy and the
// criticisms take seconds at 50,000 cases, and the service thread that runs the jobs keeps answering meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import type { BcmSummary } from '../engine/bcm/model';
import { evaluateFit } from '../engine/evaluate/fit-evaluation';

export interface EvaluateWorkerInput {
  summary: BcmSummary;
  /** indexed by <case, feature>. */
  x: Int32Array;
  labels: (string | null)[] | null;
  seed: number;
}

const input = workerData as EvaluateWorkerInput;
parentPort!.postMessage(evaluateFit(input.summary, input.x, input.labels, input.seed));
