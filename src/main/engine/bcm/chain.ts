// Runs one Gibbs chain to its end, reporting each sweep, checkpointing every K sweeps and stopping when
// asked. Used the same way by the fit worker and by tests.
import type { BcmSampler } from './sampler';
import type { BcmSummary } from './model';

export interface ChainHooks {
  /** Called after every sweep with the log joint of the new state. */
  onSweep?: (sweep: number, logJoint: number, secondsPerSweep: number) => void;
  /** Checkpoint every this many sweeps (0 = never). */
  checkpointEvery?: number;
  onCheckpoint?: (sweep: number, state: Uint8Array) => void;
  /** Polled between sweeps; true stops the chain after the current sweep. */
  shouldStop?: () => boolean;
}

export interface ChainResult {
  summary: BcmSummary;
  /** indexed by sweep - firstSweep: log joint after that sweep. */
  trace: Float64Array;
  firstSweep: number;
  secondsPerSweep: number;
  stopped: boolean;
  /** Final state, to resume or to resample after an iBCM edit. */
  state: Uint8Array;
}

export function runChain(sampler: BcmSampler, hooks: ChainHooks = {}): ChainResult {
  const total = sampler.params.sweeps;
  const firstSweep = sampler.sweep;
  const trace = new Float64Array(Math.max(0, total - firstSweep));
  let seconds = 0;
  let stopped = false;
  while (sampler.sweep < total) {
    if (hooks.shouldStop?.()) {
      stopped = true;
      break;
    }
    const t0 = performance.now();
    sampler.step();
    seconds += (performance.now() - t0) / 1000;
    const lj = sampler.logJoint();
    trace[sampler.sweep - 1 - firstSweep] = lj;
    const done = sampler.sweep - firstSweep;
    hooks.onSweep?.(sampler.sweep, lj, seconds / done);
    if (hooks.checkpointEvery && sampler.sweep % hooks.checkpointEvery === 0 && sampler.sweep < total)
      hooks.onCheckpoint?.(sampler.sweep, sampler.checkpoint());
  }
  const done = sampler.sweep - firstSweep;
  return {
    summary: sampler.summary(),
    trace: trace.subarray(0, done),
    firstSweep,
    secondsPerSweep: done ? seconds / done : 0,
    stopped,
    state: sampler.checkpoint(),
  };
}
