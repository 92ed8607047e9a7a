// Relevance judgments and learning to rank: judgments stored per dataset, exported as qrels or SVMrank, and
// a RankSVM (in a worker thread) that learns readable weights for `similar`.
import { BadRequest, Conflict } from '../boundary';
import type { RankReport } from '../../shared/api';
import { explain, queryFromCase } from '../engine/retrieval';
import type { RetrievalQuery } from '../engine/retrieval';
import { featureSpace, pairFeatures, readableWeights, type RankFeatureSpace } from '../engine/rank/features';
import type { QueryGroup, RankSvmCrossValidation } from '../engine/rank/ranksvm';
import { formatQrels, formatSvmRank } from '../engine/rank/judgments';
import { runWorker } from '../jobs';
import * as store from '../store';
import type { RankWorkerInput } from '../workers/rank';
import type { ServiceContext } from './context';
import { retrieval } from './retrieval';

/**
 * RankSVM's C grid: the legal-retrieval work sweeps 0.005–1; ours spans 0.01–100 in decades because our
 * features (grouped similarity terms, each a fraction of a score of about 1.5) are small numbers, so useful
 * C values are larger than for unit-scale features.
 */
const RANK_CS = [0.01, 0.1, 1, 10, 100];

export function addJudgments(ctx: ServiceContext, req: { datasetId: number; judgments: { query: number; doc: number; grade: number }[]; source?: string }) {
  const { cases } = ctx.loadDataset(req.datasetId);
  for (const j of req.judgments)
    if (j.query >= cases.n || j.doc >= cases.n) throw new BadRequest(`Judgment (${j.query}, ${j.doc}): rows must be below ${cases.n}.`);
  store.upsertJudgments(
    ctx.project,
    req.judgments.map((j) => ({ datasetId: req.datasetId, queryRow: j.query, docRow: j.doc, grade: j.grade as 0 | 1 | 2 | 3, source: req.source ?? 'user' })),
  );
  return { stored: req.judgments.length };
}

export function listJudgments(ctx: ServiceContext, datasetId: number) {
  ctx.loadDataset(datasetId);
  return store.listJudgments(ctx.project, datasetId).map((j) => ({ query: j.queryRow, doc: j.docRow, grade: j.grade, source: j.source }));
}

/**
 * Query groups for RankSVM: each judged query's candidates are its judged cases plus the model's top 30
 * (unjudged ones count as grade 0), each with the similarity's terms grouped by column (rank/features.ts).
 */
async function rankGroups(ctx: ServiceContext, modelId: number): Promise<{ groups: QueryGroup[]; space: RankFeatureSpace; judgments: number }> {
  const m = ctx.model(modelId);
  const judged = store.listJudgments(ctx.project, m.datasetId);
  if (!judged.length) throw new Conflict('No judgments for this dataset yet: grade some similar cases, or import a qrels file.');
  const { index, retriever } = await retrieval(ctx, modelId);
  const space = featureSpace(index);
  const byQuery = new Map<number, Map<number, number>>();
  for (const j of judged) {
    if (!byQuery.has(j.queryRow)) byQuery.set(j.queryRow, new Map());
    byQuery.get(j.queryRow)!.set(j.docRow, j.grade);
  }
  const queryRows = [...byQuery.keys()];
  const queries = queryRows.map((row) => queryFromCase(index, row));
  const tops = await retriever.topK(queries, Math.min(30, index.n - 1));
  const groups = queryRows.map((row, k) => {
    const grades = byQuery.get(row)!;
    const candidates = new Set([...grades.keys(), ...tops[k].map((h) => h.row)]);
    candidates.delete(row);
    return {
      query: row,
      docs: [...candidates].map((doc) => ({ doc, features: pairFeatures(space, explain(index, queries[k], doc)), grade: grades.get(doc) ?? 0 })),
    };
  });
  return { groups, space, judgments: judged.length };
}

/**
 * The judgments as a TREC qrels file, or as SVMrank training data whose features are the ones RankSVM
 * learns from (rank/features.ts; a comment line names them) for the model's similarity.
 */
export async function exportJudgments(ctx: ServiceContext, modelId: number, format: 'qrels' | 'svmrank'): Promise<{ text: string; judgments: number }> {
  const m = ctx.model(modelId);
  const judged = store.listJudgments(ctx.project, m.datasetId);
  if (format === 'qrels') return { text: formatQrels(judged.map((j) => ({ query: j.queryRow, doc: j.docRow, grade: j.grade }))), judgments: judged.length };
  const { index } = await retrieval(ctx, modelId);
  const space = featureSpace(index);
  const queries = new Map<number, RetrievalQuery>();
  const lines = judged.map((j) => {
    if (!queries.has(j.queryRow)) queries.set(j.queryRow, queryFromCase(index, j.queryRow));
    const phi = pairFeatures(space, explain(index, queries.get(j.queryRow)!, j.docRow));
    const nonzero = [...phi.keys()].filter((k) => phi[k] !== 0);
    return { grade: j.grade, query: j.queryRow, doc: j.docRow, index: Int32Array.from(nonzero, (k) => k + 1), value: Float64Array.from(nonzero, (k) => phi[k]) };
  });
  return { text: `# features: ${space.names.map((name, k) => `${k + 1}=${name}`).join(' ')}\n${formatSvmRank(lines)}`, judgments: judged.length };
}

export async function evaluateRanker(ctx: ServiceContext, modelId: number): Promise<RankReport> {
  const { groups, space, judgments } = await rankGroups(ctx, modelId);
  const folds = Math.min(5, groups.length);
  if (folds < 2) throw new Conflict('Learning to rank needs judgments for at least 2 queries (query-fold cross-validation).');
  // Learned weights are kept ≥ 0 so a match never lowers a score (the retrieval scorer requires it).
  const input: RankWorkerInput = { groups, options: { folds, innerFolds: 3, seed: 1, Cs: RANK_CS, nonNegative: true } };
  const cv = await runWorker<RankSvmCrossValidation>('rank', input);
  return {
    before: cv.before,
    after: cv.after,
    queries: groups.length,
    judgments,
    folds,
    chosenC: cv.chosenC,
    C: cv.C,
    weights: readableWeights(space, cv.weights),
  };
}

export async function trainRanker(ctx: ServiceContext, modelId: number): Promise<RankReport> {
  const report = await evaluateRanker(ctx, modelId);
  store.saveRanker(ctx.project, modelId, report.weights, report.C, { before: report.before, after: report.after, queries: report.queries, folds: report.folds, chosenC: report.chosenC });
  return report;
}
