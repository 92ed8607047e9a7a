// Similar cases: the model's retrieval index (stored in the project, so reopening does not re-encode), its
// onnxruntime sessions, and queries by row or by a partly filled form, each result explained.
import { BadRequest } from '../boundary';
import type { SimilarQuery, SimilarRequest, SimilarResponse } from '../../shared/api';
import { foldIn } from '../engine/bcm/foldin';
import { encodeForm } from '../engine/import/form';
import { buildIndex, deserializeIndex, explain, queryFromCase, queryFromForm, Retriever, serializeIndex } from '../engine/retrieval';
import type { RetrievalIndex, RetrievalQuery, SimilarityOptions } from '../engine/retrieval';
import { featureSpace, learnedOptions } from '../engine/rank/features';
import { Rng } from '../engine/rng';
import * as store from '../store';
import { quietProviders } from './providers';
import type { OpenRetrieval, ServiceContext, StoredParams } from './context';

export type SimilarBatchRequest = { modelId: number; queries: SimilarQuery[]; top?: number; includeQuery?: boolean; learned?: boolean };

export function retrieval(ctx: ServiceContext, modelId: number): Promise<OpenRetrieval> {
  let r = ctx.retrievals.get(modelId);
  if (!r) {
    r = openRetrieval(ctx, modelId);
    ctx.retrievals.set(modelId, r);
    r.catch(() => ctx.retrievals.delete(modelId));
  }
  return r;
}

/** The model's index from the project file, built and stored on first use. */
async function openRetrieval(ctx: ServiceContext, modelId: number): Promise<OpenRetrieval> {
  const stored = store.loadRetrievalIndex(ctx.project, modelId, 'bcm');
  let index: RetrievalIndex;
  if (stored) index = deserializeIndex(stored.data);
  else {
    const s = ctx.summary(modelId);
    const { cases } = ctx.loadDataset(ctx.model(modelId).datasetId);
    index = buildIndex({ cases, pi: s.pi, S: s.S, subspace: s.subspace, prototypes: s.prototypes.map((p) => p.row) });
    store.saveRetrievalIndex(ctx.project, modelId, 'bcm', { cases: index.n, features: index.features.length }, serializeIndex(index));
  }
  if (!ctx.quietProviders) return { index, retriever: await Retriever.create(index, ctx.retrieverOptions), notes: [] };
  const { providers, notes } = quietProviders();
  return { index, retriever: await Retriever.create(index, { ...ctx.retrieverOptions, providers: ctx.retrieverOptions.providers ?? providers }), notes };
}

function query(ctx: ServiceContext, modelId: number, index: RetrievalIndex, q: SimilarQuery, opts: SimilarityOptions): RetrievalQuery {
  if (q.row !== undefined) {
    if (!(q.row >= 0 && q.row < index.n)) throw new BadRequest(`Row must be between 0 and ${index.n - 1}.`);
    return queryFromCase(index, q.row, opts);
  }
  const m = ctx.model(modelId);
  const { cases, record } = ctx.loadDataset(m.datasetId);
  const x = encodeForm(record.columns, cases.features, q.form ?? {});
  // A form's π comes from folding it into the model.
  const { pi } = foldIn(ctx.summary(modelId), x, new Rng((m.params as StoredParams).seed));
  return queryFromForm(index, x, pi, opts);
}

export async function similar(ctx: ServiceContext, req: SimilarRequest): Promise<SimilarResponse> {
  const [response] = await similarBatch(ctx, { ...req, queries: [{ row: req.row, form: req.form }] }, req.weights);
  return response;
}

export async function similarBatch(ctx: ServiceContext, req: SimilarBatchRequest, userWeights?: Record<string, number>): Promise<SimilarResponse[]> {
  const { index, retriever, notes: probed } = await retrieval(ctx, req.modelId);
  const { cases } = ctx.loadDataset(ctx.model(req.modelId).datasetId);
  const ranker = req.learned === false ? null : store.latestRanker(ctx.project, req.modelId);
  const space = featureSpace(index);
  const opts: SimilarityOptions = ranker ? learnedOptions(space, ranker.weights, { userWeights }) : { userWeights };
  const queries = req.queries.map((q) => query(ctx, req.modelId, index, q, opts));
  const hits = await retriever.topK(queries, Math.min(req.top ?? 10, index.n), { includeSelf: req.includeQuery ?? false });
  const failures = retriever.info.attempts.filter((a) => !a.ok).map((a) => `${a.provider}: ${a.reason ?? 'failed'}`);
  const notes = [...new Set([...probed, ...failures, ...retriever.info.notes])];
  return hits.map((list, k) => ({
    provider: retriever.provider,
    providerNotes: notes,
    ranking: ranker ? 'learned' : 'model',
    query: { row: queries[k].row },
    results: list.map((h) => {
      const e = explain(index, queries[k], h.row);
      return {
        row: h.row,
        score: h.score,
        contributions: e.contributions,
        sharedPrototype: e.sharedPrototype.row,
        sharedCluster: e.sharedPrototype.cluster,
        matched: e.matched,
        mismatched: e.mismatched,
        label: cases.labels ? cases.labels[h.row] : null,
      };
    }),
  }));
}
