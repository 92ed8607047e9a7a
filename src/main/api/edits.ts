// Interactive BCM: pin a prototype, force, forbid or free a subspace feature, undo; each edit is recorded in
// the project and the summarised chain resamples under the constraints then in force.
import { BadRequest, Conflict } from '../boundary';
import type { EditRequest, IbcmEdit, JobRef } from '../../shared/api';
import type { EncodedCases } from '../../shared/data';
import * as store from '../store';
import type { ServiceContext, StoredParams, StoredResult } from './context';
import { runChains } from './fits';
import { constraints } from './models';

function checkEdit(edit: IbcmEdit, S: number, cases: EncodedCases): void {
  if (!Number.isInteger(edit.cluster) || edit.cluster < 0 || edit.cluster >= S) throw new BadRequest(`Cluster must be between 0 and ${S - 1}.`);
  if (edit.kind === 'pin' && !(Number.isInteger(edit.row) && edit.row >= 0 && edit.row < cases.n)) throw new BadRequest(`Row must be between 0 and ${cases.n - 1}.`);
  if (edit.kind === 'subspace' && !cases.features.some((x) => x.name === edit.feature))
    throw new BadRequest(`No feature "${edit.feature}". Features: ${cases.features.slice(0, 8).map((x) => x.name).join(', ')}${cases.features.length > 8 ? ', …' : ''}`);
}

export function edit(ctx: ServiceContext, req: EditRequest): JobRef {
  const m = ctx.model(req.modelId);
  const params = m.params as StoredParams;
  const { cases } = ctx.loadDataset(m.datasetId);
  checkEdit(req.edit, params.S, cases);
  if (!m.result) throw new Conflict(`Model ${req.modelId} has no result to edit yet (status: ${ctx.status(m)}).`);
  claim(ctx, req.modelId);
  // The sweeps go with the edit, so a report can print the command that repeats it exactly.
  const iterations = req.iterations ?? RESAMPLE_SWEEPS;
  store.recordEdit(ctx.project, req.modelId, req.edit.kind, { ...req.edit, iterations });
  return resample(ctx, req.modelId, iterations);
}

export function undo(ctx: ServiceContext, modelId: number, iterations?: number): JobRef {
  ctx.model(modelId);
  claim(ctx, modelId);
  if (!store.undoEdit(ctx.project, modelId)) throw new Conflict(`Model ${modelId} has no edit to undo.`);
  return resample(ctx, modelId, iterations);
}

export function redo(ctx: ServiceContext, modelId: number, iterations?: number): JobRef {
  ctx.model(modelId);
  claim(ctx, modelId);
  if (!store.redoEdit(ctx.project, modelId)) throw new Error(`Model ${modelId} has no undone edit to redo.`);
  return resample(ctx, modelId, iterations);
}

/** Sweeps an edit, undo or redo resamples, unless told otherwise. */
const RESAMPLE_SWEEPS = 200;

/** Refuses an edit while the model is being written, here or by another process. */
function claim(ctx: ServiceContext, modelId: number): void {
  if (ctx.activeModels.has(modelId)) throw new Conflict(`Model ${modelId} is being fitted or resampled: wait for it to finish.`);
  ctx.lease(modelId);
}

/** Continues the summarised chain under the current constraints; the new summary covers only these sweeps. */
function resample(ctx: ServiceContext, modelId: number, iterations = RESAMPLE_SWEEPS): JobRef {
  const m = ctx.model(modelId);
  const params = m.params as StoredParams;
  const r = m.result as StoredResult;
  const chain = r.summarisedChain;
  const checkpoint = store.loadLatestCheckpoints(ctx.project, modelId).find((c) => c.chain === chain);
  if (!checkpoint) throw new Conflict(`Model ${modelId} has no saved state to resample from.`);
  const { cases } = ctx.loadDataset(m.datasetId);
  const c = constraints(ctx, modelId, params.S, cases);
  const from = checkpoint.sweep;
  const resampleParams: StoredParams = { ...params, alpha: r.alpha, learnAlpha: false, sweeps: from + iterations, burnIn: from + Math.floor(iterations / 2), chains: 1 };
  const jobId = ctx.jobs.start('resample', (job) => runChains(ctx, job, modelId, resampleParams, [{ chain, resume: checkpoint.state }], c, true));
  return { jobId, modelId };
}
