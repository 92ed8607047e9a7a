// Worker thread for the memorisation score (refits of the model on random halves: seconds to minutes of
// CPU), so the service keeps answering meanwhile. Progress goes out after every refit; the stop flag is a
// shared word, read between refits, because the refits never yield to this thread's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import type { BcmParams } from '../engine/bcm/model';
import { memorizationScores } from '../engine/audit/memorization';

export interface MemorizeWorkerInput {
  /** indexed by <case, feature>. */
  x: Int32Array;
  n: number;
  /** indexed by feature: number of values. */
  V: Int32Array;
  labels: (string | null)[];
  params: Pick<BcmParams, 'S' | 'alpha' | 'q' | 'lambda' | 'c'>;
  draws: number;
  sweeps: number;
  seed: number;
  /** Int32 word 0: set to 1 to stop. */
  stop: SharedArrayBuffer;
}

export type MemorizeWorkerMessage = { type: 'progress'; done: number; total: number } | { type: 'done'; scores: { row: number; score: number }[] | null };

const input = workerData as MemorizeWorkerInput;
const stop = new Int32Array(input.stop);
const post = (m: MemorizeWorkerMessage) => parentPort!.postMessage(m);
const scores = memorizationScores(input.x, input.n, input.V, input.labels, input.params, {
  draws: input.draws,
  sweeps: input.sweeps,
  seed: input.seed,
  onProgress: (done, total) => post({ type: 'progress', done, total }),
  shouldStop: () => Atomics.load(stop, 0) === 1,
});
post({ type: 'done', scores });
