// Worker thread for RankSVM's query-fold cross-validation (about a hundred trainings: seconds of CPU), so the
// process serving the UI keeps answering meanwhile. The CV's units (one per outer fold, one final) are
// independent: this worker deals them round-robin to itself and up to `threads − 1` helper workers (this
// same file, started with `units`), and every unit computes the same thing wherever it runs.
import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import {
  combineCrossValidation,
  crossValidationUnit,
  crossValidationUnits,
  pairMatrix,
  type CrossValidationUnit,
  type QueryGroup,
  type UnitOptions,
} from '../engine/rank/ranksvm';

export interface RankWorkerInput {
  groups: QueryGroup[];
  /** Everything but the baseline, which is the model's own score: the sum of the features. */
  options: UnitOptions;
  /** Threads to spread the units over, this one included; default: the machine's available parallelism. */
  threads?: number;
}

interface HelperInput extends RankWorkerInput {
  units: number[];
}

function runUnits(groups: QueryGroup[], options: UnitOptions, units: readonly number[]): CrossValidationUnit[] {
  const P = pairMatrix(groups);
  return units.map((u) => crossValidationUnit(groups, options, u, P));
}

/**
 * A helper: this same script, found by its own URL (a packaged app starts workers from app.asar.unpacked, so
 * that is where this one lies too; src/main/jobs.ts, which finds workers otherwise, is out of a worker's reach).
 */
function helper(input: HelperInput): Promise<CrossValidationUnit[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`rank helper worker exited with code ${code}`)));
  });
}

async function main(input: RankWorkerInput | HelperInput): Promise<unknown> {
  const { groups, options } = input;
  if ('units' in input) return runUnits(groups, options, input.units);
  const count = crossValidationUnits(groups, options);
  const threads = Math.max(1, Math.min(count, input.threads ?? availableParallelism()));
  const share = Array.from({ length: threads }, (_, t) => Array.from({ length: count }, (_, u) => u).filter((u) => u % threads === t));
  const helpers = share.slice(1).map((units) => helper({ groups, options, units }));
  const mine = runUnits(groups, options, share[0]);
  const theirs = await Promise.all(helpers);
  const results: CrossValidationUnit[] = new Array(count);
  share[0].forEach((u, k) => (results[u] = mine[k]));
  share.slice(1).forEach((units, t) => units.forEach((u, k) => (results[u] = theirs[t][k])));
  return combineCrossValidation(groups, { ...options, baseline: (features) => features.reduce((a, b) => a + b, 0) }, results);
}

// A failure rejects this promise, which ends the worker with an 'error' event for its parent.
void main(workerData as RankWorkerInput | HelperInput).then((result) => parentPort!.postMessage(result));
