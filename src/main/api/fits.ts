// Fitting: chains in worker threads, checkpointed into the project, resumed after a crash or a cancel, and
// the best chain's posterior summary stored as the model's result.
import { BadRequest, Conflict } from '../boundary';
import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { type BcmHyperparameters, DEFAULT_CHAINS, DEFAULT_ITERATIONS, type FitRequest, type JobRef } from '../../shared/api';
import type { EncodedCases } from '../../shared/data';
import { type BcmConstraints, type BcmData, DEFAULT_PARAMS, noConstraints } from '../engine/bcm/model';
import type { ChainResult } from '../engine/bcm/chain';
import { splitRhat } from '../engine/evaluate/rhat';
import { CancelledError, type JobContext, startWorker } from '../jobs';
import * as store from '../store';
import type { FitWorkerInput, FitWorkerMessage } from '../workers/fit';
import type { ServiceContext, StoredParams, StoredResult } from './context';
import { constraints } from './models';

export function fit(ctx: ServiceContext, req: FitRequest): JobRef {
  const { cases } = ctx.loadDataset(req.datasetId);
  if (cases.features.length === 0) throw new BadRequest('The dataset has no modelled features: every column is an identifier, label or ignored.');
  if (!(req.prototypes >= 1 && req.prototypes <= cases.n)) throw new BadRequest(`The number of prototypes must be between 1 and the number of cases (${cases.n}).`);
  // Chains run in parallel, one worker thread each: no more by default than the machine has cores.
  const chains = req.chains ?? Math.max(1, Math.min(DEFAULT_CHAINS, availableParallelism()));
  const iterations = req.iterations ?? DEFAULT_ITERATIONS;
  // A seed is always stored (and shown), so any fit can be repeated exactly.
  const seed = req.seed ?? randomInt(0, 2 ** 31);
  const params: StoredParams = {
    ...DEFAULT_PARAMS,
    ...definedOnly(req),
    S: req.prototypes,
    sweeps: iterations,
    burnIn: req.burnIn ?? Math.floor(iterations / 2),
    seed,
    chains,
    checkpointEvery: req.checkpointEvery ?? Math.max(10, Math.floor(iterations / 20)),
  };
  // Chain k draws from Rng.forChain(seed, k): the stored seed is the fit's, the chain number tells them apart.
  const seeds = Array.from({ length: chains }, () => seed);
  const modelId = store.createModel(ctx.project, req.datasetId, params, seeds, ctx.owner);
  const runs = seeds.map((_, chain) => ({ chain, resume: null }));
  const jobId = ctx.jobs.start('fit', (job) => runChains(ctx, job, modelId, params, runs, noConstraints(params.S, cases.features.length), false));
  return { jobId, modelId };
}

/**
 * Continues a model's chains from their last checkpoints: an interrupted or cancelled fit runs on to its
 * planned sweeps; `extend` adds that many sweeps to the plan (so a finished fit can run longer too).
 */
export function resume(ctx: ServiceContext, modelId: number, opts: { extend?: number } = {}): JobRef {
  const model = ctx.model(modelId);
  const params = { ...(model.params as StoredParams) };
  const status = ctx.status(model);
  if (status === 'running') ctx.lease(modelId); // says who is writing it (another process)…
  if (status === 'running' || ctx.activeModels.has(modelId)) throw new Conflict(`Model ${modelId} is already being fitted.`); // …or this one
  if (status === 'done' && !opts.extend) throw new Conflict(`Model ${modelId} is finished: to run it longer, extend it by a number of sweeps.`);
  ctx.lease(modelId);
  const checkpoints = store.loadLatestCheckpoints(ctx.project, modelId);
  const runs = Array.from({ length: params.chains }, (_, chain) => ({ chain, resume: checkpoints.find((k) => k.chain === chain)?.state ?? null }));
  if (opts.extend) params.sweeps += opts.extend;
  store.updateModel(ctx.project, modelId, { status: 'running', error: null, params });
  const { cases } = ctx.loadDataset(model.datasetId);
  const c = constraints(ctx, modelId, params.S, cases);
  const jobId = ctx.jobs.start('fit', (job) => runChains(ctx, job, modelId, params, runs, c, false));
  return { jobId, modelId };
}

/**
 * Runs one worker per chain (in parallel) from a fresh start or from states, checkpointing into the
 * project file, then summarises the best chain and stores the result.
 */
export async function runChains(
  ctx: ServiceContext,
  job: JobContext,
  modelId: number,
  params: StoredParams,
  runs: { chain: number; resume: Uint8Array | null }[],
  constraints: BcmConstraints,
  resetSummaries: boolean,
): Promise<{ modelId: number }> {
  const model = ctx.model(modelId);
  const { cases } = ctx.loadDataset(model.datasetId);
  const data = bcmData(cases);
  const stop = new SharedArrayBuffer(4);
  const stopFlag = new Int32Array(stop);
  const onAbort = () => Atomics.store(stopFlag, 0, 1);
  job.signal.addEventListener('abort', onAbort);
  const done = new Array<number>(runs.length).fill(0);
  // The lease says this process is alive and writing the model; a fit that lost it (taken for dead) stops.
  ctx.activeModels.add(modelId);
  let leaseLost = false;
  const heartbeat = setInterval(() => {
    if (!store.renewLease(ctx.project, modelId, ctx.owner, Date.now())) {
      leaseLost = true;
      onAbort();
    }
  }, 5_000);
  heartbeat.unref();
  // Sweep of each chain's last saved checkpoint: the final save adds only the trace points after it.
  const saved = new Array<number>(runs.length).fill(-1);
  try {
    const results = await Promise.all(
      runs.map(({ chain, resume }, k) =>
        new Promise<ChainResult>((resolve, reject) => {
          const input: FitWorkerInput = { data, params, chain, constraints, resume, resetSummaries, checkpointEvery: params.checkpointEvery, stop };
          const worker = startWorker('fit', input);
          worker.on('message', (m: FitWorkerMessage) => {
            if (m.type === 'sweep') {
              done[k] = m.sweep;
              job.progress('sampling', done.reduce((a, b) => a + b, 0), params.sweeps * runs.length, { chain, sweep: m.sweep, logJoint: m.logJoint, secondsPerSweep: m.secondsPerSweep });
            } else if (m.type === 'checkpoint') {
              const first = m.sweep - m.trace.length + 1;
              store.saveCheckpoint(ctx.project, modelId, chain, m.sweep, m.state, Array.from(m.trace, (logJoint, k) => ({ sweep: first + k, logJoint })));
              saved[k] = m.sweep;
            } else {
              // The final state is a checkpoint too: a cancelled fit resumes from it, an iBCM edit resamples from it.
              const r = m.result;
              store.saveCheckpoint(ctx.project, modelId, chain, r.firstSweep + r.trace.length, r.state, tracePoints(r, Math.max(saved[k], r.firstSweep)));
              resolve(r);
            }
          });
          worker.on('error', reject);
          worker.on('exit', (code) => code !== 0 && reject(new Error(`sampler worker exited with code ${code}`)));
        }),
      ),
    );
    if (leaseLost) throw new Error(`Another process took over model ${modelId}; this one stopped writing it.`);
    if (job.signal.aborted || results.some((r) => r.stopped)) {
      store.updateModel(ctx.project, modelId, { status: 'cancelled' });
      throw new CancelledError();
    }
    saveSummary(ctx, modelId, params, runs.map((r) => r.chain), results);
    return { modelId };
  } catch (e) {
    if (!(e instanceof CancelledError)) store.updateModel(ctx.project, modelId, { status: 'failed', error: (e as Error).message });
    throw e;
  } finally {
    clearInterval(heartbeat);
    ctx.activeModels.delete(modelId);
    store.releaseModel(ctx.project, modelId, ctx.owner);
    job.signal.removeEventListener('abort', onAbort);
  }
}

/** Summaries come from the chain with the highest mean log joint after burn-in; R̂ compares all chains. */
function saveSummary(ctx: ServiceContext, modelId: number, params: StoredParams, chainIds: number[], results: ChainResult[]): void {
  const model = ctx.model(modelId);
  const traces = chainIds.map((chain) => store.getTraces(ctx.project, modelId, chain).map((t) => t.logJoint));
  const kept = traces.map((t) => t.slice(Math.min(params.burnIn, t.length - 1)));
  const means = kept.map((t) => t.reduce((a, b) => a + b, 0) / Math.max(1, t.length));
  const best = means.indexOf(Math.max(...means));
  const rhat = results.length > 1 ? splitRhat(kept) : null;
  const s = results[best].summary;
  const result: StoredResult = {
    alpha: s.alpha,
    kept: s.kept,
    prototypes: s.prototypes,
    sizes: Array.from(s.sizes),
    summarisedChain: chainIds[best],
    rhat: rhat !== null && Number.isFinite(rhat) ? rhat : null,
    secondsPerSweep: results[best].secondsPerSweep,
    chains: results.map((r, k) => ({
      chain: chainIds[k],
      seed: model.chains.find((c) => c.chain === chainIds[k])?.seed ?? chainIds[k],
      sweeps: r.firstSweep + r.trace.length,
      secondsPerSweep: r.secondsPerSweep,
      meanLogJoint: means[k],
    })),
  };
  store.saveResult(ctx.project, modelId, result, { pi: s.pi, subspace: s.subspace, phi: s.phi, offsets: s.offsets });
  ctx.dropResult(modelId);
  store.updateModel(ctx.project, modelId, { status: 'done', secondsPerSweep: results[best].secondsPerSweep });
}

export function bcmData(cases: EncodedCases): BcmData {
  return { n: cases.n, f: cases.features.length, V: Int32Array.from(cases.features, (x) => x.values.length), x: cases.x };
}

function definedOnly(h: BcmHyperparameters): Partial<BcmHyperparameters> {
  const out: Partial<BcmHyperparameters> = {};
  for (const k of ['alpha', 'q', 'lambda', 'c', 'learnAlpha'] as const) if (h[k] !== undefined) (out as Record<string, unknown>)[k] = h[k];
  return out;
}

/** Trace points of a finished chain after the sweep of its last saved checkpoint. */
function tracePoints(r: ChainResult, afterSweep: number): store.TracePoint[] {
  const points: store.TracePoint[] = [];
  r.trace.forEach((logJoint, k) => {
    const sweep = r.firstSweep + k + 1;
    if (sweep > afterSweep) points.push({ sweep, logJoint });
  });
  return points;
}
