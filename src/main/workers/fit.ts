// Worker thread running one BCM chain. The main thread owns the project file: this worker only samples,
// and posts progress, checkpoints and the final result back.
import { parentPort, workerData } from 'node:worker_threads';
import { Rng } from '../engine/rng';
import { BcmSampler } from '../engine/bcm/sampler';
import { runChain } from '../engine/bcm/chain';
import type { BcmConstraints, BcmData, BcmParams } from '../engine/bcm/model';

export interface FitWorkerInput {
  data: BcmData;
  params: BcmParams;
  chain: number;
  constraints: BcmConstraints;
  /** A checkpoint to continue from, or null to start fresh. */
  resume: Uint8Array | null;
  /** Forget the summaries in `resume` (a resample after an iBCM edit summarises only its own sweeps). */
  resetSummaries: boolean;
  checkpointEvery: number;
  /** Int32 flag set to 1 by the main thread to stop the chain. */
  stop: SharedArrayBuffer;
}

export type FitWorkerMessage =
  | { type: 'sweep'; chain: number; sweep: number; logJoint: number; secondsPerSweep: number }
  /** trace: log joint of the sweeps since the previous checkpoint, the first being sweep - trace.length + 1. */
  | { type: 'checkpoint'; chain: number; sweep: number; state: Uint8Array; trace: Float64Array }
  | { type: 'done'; chain: number; result: ReturnType<typeof runChain> };

const input = workerData as FitWorkerInput;
const stop = new Int32Array(input.stop);
const sampler = input.resume
  ? BcmSampler.restore(input.data, input.params, input.resume, input.constraints)
  : new BcmSampler(input.data, input.params, Rng.forChain(input.params.seed, input.chain), input.constraints);
if (input.resetSummaries) sampler.resetSummaries();

const post = (m: FitWorkerMessage) => parentPort!.postMessage(m);
let lastPost = 0;
let sinceCheckpoint: number[] = [];
const result = runChain(sampler, {
  checkpointEvery: input.checkpointEvery,
  shouldStop: () => Atomics.load(stop, 0) === 1,
  onSweep: (sweep, logJoint, secondsPerSweep) => {
    // Every sweep goes into the trace; progress messages are throttled to ~20 per second.
    sinceCheckpoint.push(logJoint);
    const now = performance.now();
    if (now - lastPost > 50 || sweep === input.params.sweeps) {
      lastPost = now;
      post({ type: 'sweep', chain: input.chain, sweep, logJoint, secondsPerSweep });
    }
  },
  onCheckpoint: (sweep, state) => {
    post({ type: 'checkpoint', chain: input.chain, sweep, state, trace: Float64Array.from(sinceCheckpoint) });
    sinceCheckpoint = [];
  },
});
post({ type: 'done', chain: input.chain, result });
