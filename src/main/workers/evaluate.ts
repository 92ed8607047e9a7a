// Worker thread for the parts of a fit's evaluation that fold in every case (seconds at 50,000 cases), so the
// service thread that asked keeps answering meanwhile: a report's accuracy and criticisms (`evaluate`), and the
// audit's criticisms with the features that make them (`criticisms`).
import { parentPort, workerData } from 'node:worker_threads';
import type { Feature } from '../../shared/data';
import { explainedCriticisms } from '../engine/audit/criticisms';
import type { BcmSummary } from '../engine/bcm/model';
import { evaluateFit } from '../engine/evaluate/fit-evaluation';

interface FitInput {
  summary: BcmSummary;
  /** indexed by <case, feature>. */
  x: Int32Array;
  seed: number;
}

export type EvaluateWorkerInput =
  | (FitInput & { task: 'evaluate'; labels: (string | null)[] | null })
  | (FitInput & { task: 'criticisms'; features: Feature[]; count: number; top: number });

const input = workerData as EvaluateWorkerInput;
parentPort!.postMessage(
  input.task === 'evaluate'
    ? evaluateFit(input.summary, input.x, input.labels, input.seed)
    : explainedCriticisms(input.summary, input.x, input.summary.n, input.features, input.seed, { count: input.count, top: input.top }),
);
