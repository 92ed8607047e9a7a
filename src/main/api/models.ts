// Reading a model: its settings, traces, prototypes with their subspaces, π and φ, and the iBCM edits in force.
import type { EditView, IbcmEdit, ModelSummary, ModelView, ModelViewOptions } from '../../shared/api';
import type { EncodedCases } from '../../shared/data';
import { type BcmConstraints, type BcmSummary, noConstraints } from '../engine/bcm/model';
import { BcmSampler } from '../engine/bcm/sampler';
import { hardAssignments } from '../engine/evaluate/clusters';
import * as store from '../store';
import type { ServiceContext, StoredParams, StoredResult } from './context';
import { bcmData } from './fits';

export function listModels(ctx: ServiceContext): ModelSummary[] {
  // R̂ alone, without parsing each stored result.
  const rhat = ctx.project.db.prepare("SELECT json_extract(result_json, '$.rhat') FROM models WHERE id = ?").pluck();
  return store.listModels(ctx.project).map((m) => ({
    id: m.id,
    datasetId: m.datasetId,
    status: ctx.status(m),
    createdAt: m.createdAt,
    params: viewParams(m.params as StoredParams),
    progress: progress(m),
    rhat: (rhat.get(m.id) as number | null | undefined) ?? null,
    edits: store.listEdits(ctx.project, m.id).length,
  }));
}

const viewParams = (p: StoredParams): ModelView['params'] => ({
  alpha: p.alpha, q: p.q, lambda: p.lambda, c: p.c, learnAlpha: p.learnAlpha, S: p.S, sweeps: p.sweeps, burnIn: p.burnIn, seed: p.seed, chains: p.chains,
});

/** Sweeps done: the fewest any chain has checkpointed. */
const progress = (m: store.ModelInfo): ModelView['progress'] => ({
  sweep: m.chains.length ? Math.min(...m.chains.map((c) => c.sweepsDone)) : 0,
  sweeps: (m.params as StoredParams).sweeps,
});

/**
 * The summary of an unfinished fit, from the last checkpoint of its best chain so far (highest mean log
 * joint over the second half of its trace), or null when no chain has checkpointed yet.
 */
function checkpointSummary(
  ctx: ServiceContext,
  m: store.ModelRecord,
  cases: EncodedCases,
  c: BcmConstraints,
  traces: number[][],
): { summary: BcmSummary; chain: number } | null {
  const checkpoints = store.loadLatestCheckpoints(ctx.project, m.id);
  if (!checkpoints.length) return null;
  const score = (chain: number) => {
    const half = (traces[chain] ?? []).slice(Math.floor((traces[chain]?.length ?? 0) / 2));
    return half.length ? half.reduce((a, b) => a + b, 0) / half.length : -Infinity;
  };
  const best = checkpoints.reduce((a, b) => (score(b.chain) > score(a.chain) ? b : a));
  const sampler = BcmSampler.restore(bcmData(cases), m.params as StoredParams, best.state, c);
  return { summary: sampler.summary(), chain: best.chain };
}

export function getModel(ctx: ServiceContext, modelId: number, opts: ModelViewOptions = {}): ModelView {
  const m = ctx.model(modelId);
  const params = m.params as StoredParams;
  const r = m.result as StoredResult | null;
  const { cases } = ctx.loadDataset(m.datasetId);
  const features = cases.features;
  const f = features.length;
  const traces = Array.from({ length: params.chains }, (_, c) => store.getTraces(ctx.project, modelId, c).map((t) => t.logJoint));
  const edits = editViews(ctx, modelId);
  const c = constraints(ctx, modelId, params.S, cases);
  const status = ctx.status(m);
  // A running or interrupted fit shows its last checkpoint (a resumed or extended fit keeps its old result until it ends).
  const partial = r && status !== 'running' && status !== 'interrupted' ? null : checkpointSummary(ctx, m, cases, c, traces);
  const view: ModelView = {
    id: m.id,
    datasetId: m.datasetId,
    status,
    progress: progress(m),
    partial: partial !== null,
    params: viewParams(params),
    alpha: r?.alpha ?? params.alpha,
    prototypes: [],
    pi: [],
    logLikelihood: traces[partial?.chain ?? r?.summarisedChain ?? 0] ?? [],
    traces,
    chains: r?.chains ?? [],
    summarisedChain: partial?.chain ?? r?.summarisedChain ?? 0,
    rhat: r?.rhat ?? null,
    secondsPerSweep: r?.secondsPerSweep ?? m.secondsPerSweep ?? 0,
    features: features.map((x) => x.name),
    featureValues: features.map((x) => x.values),
    phi: [],
    edits,
  };
  if (!partial && !r) return view;
  const s = partial ? partial.summary : ctx.summary(modelId);
  if (partial) view.alpha = s.alpha;
  if (opts.pi !== false) view.pi = Array.from({ length: cases.n }, (_, i) => Array.from(s.pi.subarray(i * s.S, (i + 1) * s.S)));
  const T = s.offsets[f];
  view.phi = Array.from({ length: s.S }, (_, k) =>
    features.map((_, j) => Array.from(s.phi.subarray(k * T + s.offsets[j], k * T + s.offsets[j + 1]))),
  );
  const mixes = labelMixes(cases, s);
  view.prototypes = s.prototypes.map((p, cluster) => {
    const probs = Array.from(s.subspace.subarray(cluster * f, (cluster + 1) * f));
    // Features whose prototype value is a presence (set/text items, booleans) read best first: a recipe's
    // subspace is its key ingredients, then the many items it shares the absence of.
    const present = (j: number) => (['present', 'true'].includes(features[j].values[cases.x[p.row * f + j]]) ? 1 : 0);
    const order = probs
      .map((pr, j) => [pr, j] as const)
      .filter(([pr]) => pr >= 0.5)
      .sort((a, b) => present(b[1]) - present(a[1]) || b[0] - a[0] || a[1] - b[1]);
    const values: Record<string, string> = {};
    for (const [, j] of order) {
      const v = cases.x[p.row * f + j];
      values[features[j].name] = v >= 0 ? features[j].values[v] : '?';
    }
    return {
      cluster,
      row: p.row,
      frequency: p.frequency,
      alternatives: p.alternatives,
      subspace: order.map(([, j]) => features[j].name),
      subspaceProbability: probs,
      size: s.sizes[cluster],
      values,
      pinned: c.pinned[cluster] >= 0,
      label: cases.labels ? cases.labels[p.row] : null,
      labelMix: mixes[cluster],
    };
  });
  return view;
}

/** Each cluster's labels among the cases whose largest π is that cluster, most frequent first. */
function labelMixes(cases: EncodedCases, s: BcmSummary): { label: string; count: number; share: number }[][] {
  const counts = Array.from({ length: s.S }, () => new Map<string, number>());
  if (cases.labels) {
    const cluster = hardAssignments(s.pi, s.n, s.S);
    for (let i = 0; i < cases.n; i++) {
      const label = cases.labels[i];
      if (label !== null) counts[cluster[i]].set(label, (counts[cluster[i]].get(label) ?? 0) + 1);
    }
  }
  return counts.map((m) => {
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([label, count]) => ({ label, count, share: count / total }));
  });
}

export function editViews(ctx: ServiceContext, modelId: number): EditView[] {
  return store.listEdits(ctx.project, modelId, { includeUndone: true }).map((e) => ({
    seq: e.seq,
    edit: e.payload as IbcmEdit,
    undone: e.undone,
    createdAt: e.createdAt,
  }));
}

/** The constraints of all edits still in force, later edits overriding earlier ones. */
export function constraints(ctx: ServiceContext, modelId: number, S: number, cases: EncodedCases): BcmConstraints {
  const f = cases.features.length;
  const c = noConstraints(S, f);
  for (const e of store.listEdits(ctx.project, modelId)) {
    const edit = e.payload as IbcmEdit;
    if (edit.kind === 'pin') c.pinned[edit.cluster] = edit.row;
    else if (edit.kind === 'unpin') c.pinned[edit.cluster] = -1;
    else {
      const j = cases.features.findIndex((x) => x.name === edit.feature);
      c.omega[edit.cluster * f + j] = edit.state === 'force' ? 1 : edit.state === 'forbid' ? 0 : -1;
    }
  }
  return c;
}
