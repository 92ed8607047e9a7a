// Using a model on cases: fold-in of unseen cases, and how well π classifies the labels.
import type { Evaluation, Prediction, PredictRequest } from '../../shared/api';
import { foldIn } from '../engine/bcm/foldin';
import { evaluateFit, type FitEvaluation } from '../engine/evaluate/fit-evaluation';
import { fit as fitLogistic, type LogisticModel, predictProba } from '../engine/evaluate/logistic';
import { encodeForm } from '../engine/import/form';
import { Rng } from '../engine/rng';
import { runWorker } from '../jobs';
import type { EvaluateWorkerInput } from '../workers/evaluate';
import type { ServiceContext, StoredParams } from './context';

export function predict(ctx: ServiceContext, req: PredictRequest): Prediction[] {
  const m = ctx.model(req.modelId);
  const { cases, record } = ctx.loadDataset(m.datasetId);
  const s = ctx.summary(req.modelId);
  const rng = new Rng((m.params as StoredParams).seed);
  const classifier = labelClassifier(ctx, req.modelId);
  return req.cases.map((c) => {
    const r = foldIn(s, encodeForm(record.columns, cases.features, c), rng);
    let label: Prediction['label'] = null;
    if (classifier) {
      const p = predictProba(classifier.model, Float64Array.from(r.pi), 1);
      let best = 0;
      for (let k = 1; k < classifier.names.length; k++) if (p[k] > p[best]) best = k;
      label = { value: classifier.names[best], probability: p[best] };
    }
    return { pi: Array.from(r.pi), logLikelihood: r.logLikelihood, nearest: r.nearest, label };
  });
}

/** The π → label classifier `evaluate` cross-validates, fitted on every labelled case; null without labels. */
function labelClassifier(ctx: ServiceContext, modelId: number): { model: LogisticModel; names: string[] } | null {
  const cached = ctx.classifiers.get(modelId);
  if (cached !== undefined) return cached;
  const { cases } = ctx.loadDataset(ctx.model(modelId).datasetId);
  const s = ctx.summary(modelId);
  let result: { model: LogisticModel; names: string[] } | null = null;
  const labelled = cases.labels ? [...cases.labels.keys()].filter((i) => cases.labels![i] !== null) : [];
  const names = [...new Set(labelled.map((i) => cases.labels![i] as string))].sort();
  if (names.length >= 2) {
    const index = new Map(names.map((name, k) => [name, k]));
    const X = new Float64Array(labelled.length * s.S);
    labelled.forEach((i, r) => X.set(s.pi.subarray(i * s.S, (i + 1) * s.S), r * s.S));
    const y = Int32Array.from(labelled, (i) => index.get(cases.labels![i] as string)!);
    result = { model: fitLogistic(X, labelled.length, s.S, y, names.length), names };
  }
  ctx.classifiers.set(modelId, result);
  return result;
}

export function evaluate(ctx: ServiceContext, modelId: number): Evaluation {
  const cached = ctx.evaluations.get(modelId);
  if (cached) return cached;
  const m = ctx.model(modelId);
  const { cases } = ctx.loadDataset(m.datasetId);
  const evaluation: Evaluation = { modelId, labelColumn: cases.labelColumn, ...evaluateFit(ctx.summary(modelId), cases.x, cases.labels, (m.params as StoredParams).seed) };
  ctx.evaluations.set(modelId, evaluation);
  return evaluation;
}

/** `evaluate` in a worker thread, for a job: the thread that runs the jobs (and every write) is not held for it. */
export async function evaluateInWorker(ctx: ServiceContext, modelId: number): Promise<Evaluation> {
  const cached = ctx.evaluations.get(modelId);
  if (cached) return cached;
  const m = ctx.model(modelId);
  const { cases } = ctx.loadDataset(m.datasetId);
  const input: EvaluateWorkerInput = { task: 'evaluate', summary: ctx.summary(modelId), x: cases.x, labels: cases.labels, seed: (m.params as StoredParams).seed };
  const evaluation: Evaluation = { modelId, labelColumn: cases.labelColumn, ...(await runWorker<FitEvaluation>('evaluate', input)) };
  // The model may have changed while the worker ran (an edit saves a new result): keep only a current answer.
  if (ctx.summaries.get(modelId) === input.summary) ctx.evaluations.set(modelId, evaluation);
  return evaluation;
}
