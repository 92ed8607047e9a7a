// The one implementation of the shared API (src/shared/api.ts) over the engine and the project file.
// Electron IPC, the browser-mode server and the CLI all call this object.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type {
  BcmHyperparameters,
  DatasetInfo,
  EditRequest,
  EditView,
  Evaluation,
  ExemplarApi,
  FitRequest,
  IbcmEdit,
  ImportRequest,
  JobRef,
  ModelView,
  Prediction,
  PredictRequest,
  RankReport,
  SimilarQuery,
  SimilarRequest,
  SimilarResponse,
} from '../shared/api';
import type { EncodedCases } from '../shared/data';
import { importTable } from './engine/import';
import { type BcmConstraints, type BcmData, type BcmParams, type BcmSummary, DEFAULT_PARAMS, noConstraints } from './engine/bcm/model';
import { foldIn, criticisms } from './engine/bcm/foldin';
import { encodeForm } from './engine/import/form';
import { Rng } from './engine/rng';
import { splitRhat } from './engine/evaluate/rhat';
import { crossValidatedAccuracy } from './engine/evaluate/logistic';
import { unsupervisedAccuracy } from './engine/evaluate/clusters';
import type { ChainResult } from './engine/bcm/chain';
import { buildIndex, deserializeIndex, explain, queryFromCase, queryFromForm, Retriever, serializeIndex } from './engine/retrieval';
import type { RetrievalIndex, RetrievalQuery, RetrieverOptions, SimilarityOptions } from './engine/retrieval';
import { featureSpace, learnedOptions, pairFeatures, readableWeights, type RankFeatureSpace } from './engine/rank/features';
import type { QueryGroup, RankSvmCrossValidation } from './engine/rank/ranksvm';
import { formatQrels, formatSvmRank } from './engine/rank/judgments';
import * as store from './store';
import { CancelledError, type JobContext, Jobs, runWorker, startWorker } from './jobs';
import type { FitWorkerInput, FitWorkerMessage } from './workers/fit';
import type { RankWorkerInput } from './workers/rank';

/**
 * RankSVM's C grid: the legal-retrieval work sweeps 0.005–1; ours spans 0.01–100 in decades because our
 * features (grouped similarity terms, each a fraction of a score of about 1.5) are small numbers, so useful
 * C values are larger than for unit-scale features.
 */
const RANK_CS = [0.01, 0.1, 1, 10, 100];

/** What a model row stores as params (JSON). */
interface StoredParams extends BcmParams {
  chains: number;
  checkpointEvery: number;
}

/** What a model row stores as result (JSON); the big arrays go alongside as BLOBs. */
interface StoredResult {
  alpha: number;
  kept: number;
  prototypes: BcmSummary['prototypes'];
  sizes: number[];
  summarisedChain: number;
  rhat: number | null;
  secondsPerSweep: number;
  chains: { chain: number; seed: number; sweeps: number; secondsPerSweep: number; meanLogJoint: number }[];
}

export class ExemplarService implements ExemplarApi {
  readonly jobs = new Jobs();
  private readonly datasets = new Map<number, { record: store.DatasetRecord; cases: EncodedCases }>();
  /** Posterior summaries of finished models, as read from the project. */
  private readonly summaries = new Map<number, BcmSummary>();
  /** Open retrieval per model: the index (stored in the project) and its onnxruntime sessions. */
  private readonly retrievals = new Map<number, Promise<{ index: RetrievalIndex; retriever: Retriever }>>();

  /** retriever: options for retrieval; a one-shot process (the CLI) turns off the resident GPU scorer, whose set-up pays off only over many queries. */
  constructor(
    readonly project: store.Project,
    private readonly retrieverOptions: RetrieverOptions = {},
  ) {}

  static open(path: string, opts: { create?: boolean; retriever?: RetrieverOptions } = {}): ExemplarService {
    return new ExemplarService(store.openProject(path, { create: opts.create ?? false }), opts.retriever);
  }

  async close(): Promise<void> {
    for (const r of this.retrievals.values()) await r.then((x) => x.retriever.close(), () => {});
    this.project.close();
  }

  // ---- datasets -----------------------------------------------------------------------------------------

  async importData(req: ImportRequest): Promise<JobRef> {
    const jobId = this.jobs.start('import', async (ctx) => {
      // Raw rows are spooled to a temporary file (one JSON array a line) until the one transaction that
      // stores the dataset, so a large table is never held in memory.
      const spool = new RowSpool();
      try {
        const result = await importTable(req.path, {
          overrides: req.overrides,
          label: req.label,
          signal: ctx.signal,
          onProgress: (done, total, phase) => ctx.progress(phase, done, total),
          onRow: (_row, cells) => spool.write(cells),
        });
        if (ctx.signal.aborted) throw new CancelledError();
        const meta: store.DatasetMeta = {
          name: req.name ?? basename(req.path),
          sourcePath: req.path,
          format: result.format,
          columns: result.columns,
          summaries: result.summaries,
          warnings: result.warnings,
        };
        const id = store.insertDataset(this.project, meta, result.cases, spool.rows());
        return { dataset: this.datasetInfo(id) };
      } finally {
        spool.close();
      }
    });
    return { jobId };
  }

  async listDatasets(): Promise<DatasetInfo[]> {
    return store.listDatasets(this.project).map((d) => this.datasetInfo(d.id));
  }

  datasetInfo(id: number): DatasetInfo {
    const d = store.getDataset(this.project, id);
    if (!d) throw new Error(`No dataset ${id} in ${this.project.path}.`);
    return {
      id: d.id,
      name: d.name,
      source: d.sourcePath ?? '',
      format: d.format,
      rows: d.nRows,
      columns: d.columns,
      summaries: d.summaries,
      features: d.features.map((f) => ({ name: f.name, column: f.column, values: f.values, edges: f.edges })),
      labelColumn: d.labelColumn,
      warnings: d.warnings,
    };
  }

  loadDataset(id: number): { record: store.DatasetRecord; cases: EncodedCases } {
    let d = this.datasets.get(id);
    if (!d) {
      const { dataset, cases } = store.loadDataset(this.project, id);
      d = { record: dataset, cases };
      this.datasets.set(id, d);
    }
    return d;
  }

  /** Raw cells of some rows of a dataset, by column name. */
  caseRows(datasetId: number, rows: number[]): { row: number; values: Record<string, string | null> }[] {
    const { record } = this.loadDataset(datasetId);
    return store.getCaseRows(this.project, datasetId, rows).map(({ row, cells }) => ({
      row,
      values: Object.fromEntries(record.columns.map((c, k) => [c.name, cells[k] ?? null])),
    }));
  }

  // ---- fitting ------------------------------------------------------------------------------------------

  async fit(req: FitRequest): Promise<JobRef> {
    const { cases } = this.loadDataset(req.datasetId);
    if (cases.features.length === 0) throw new Error('The dataset has no modelled features: every column is an identifier, label or ignored.');
    if (!(req.prototypes >= 1 && req.prototypes <= cases.n)) throw new Error(`The number of prototypes must be between 1 and the number of cases (${cases.n}).`);
    const chains = req.chains ?? 1;
    const params: StoredParams = {
      ...DEFAULT_PARAMS,
      ...definedOnly(req),
      S: req.prototypes,
      sweeps: req.iterations,
      burnIn: req.burnIn ?? Math.floor(req.iterations / 2),
      seed: req.seed,
      chains,
      checkpointEvery: req.checkpointEvery ?? Math.max(10, Math.floor(req.iterations / 20)),
    };
    // Chain k draws from Rng.forChain(seed, k): the stored seed is the fit's, the chain number tells them apart.
    const seeds = Array.from({ length: chains }, () => req.seed);
    const modelId = store.createModel(this.project, req.datasetId, params, seeds);
    const runs = seeds.map((_, chain) => ({ chain, resume: null }));
    const jobId = this.jobs.start('fit', (ctx) => this.runChains(ctx, modelId, params, runs, noConstraints(params.S, cases.features.length), false));
    return { jobId, modelId };
  }

  async resume(modelId: number): Promise<JobRef> {
    const model = this.model(modelId);
    const params = model.params as StoredParams;
    const checkpoints = store.loadLatestCheckpoints(this.project, modelId);
    const runs = Array.from({ length: params.chains }, (_, chain) => ({ chain, resume: checkpoints.find((k) => k.chain === chain)?.state ?? null }));
    store.updateModel(this.project, modelId, { status: 'running', error: null });
    const { cases } = this.loadDataset(model.datasetId);
    const constraints = this.constraints(modelId, params.S, cases);
    const jobId = this.jobs.start('fit', (ctx) => this.runChains(ctx, modelId, params, runs, constraints, false));
    return { jobId, modelId };
  }

  /**
   * Runs one worker per chain (in parallel) from a fresh start or from states, checkpointing into the
   * project file, then summarises the best chain and stores the result.
   */
  private async runChains(
    ctx: JobContext,
    modelId: number,
    params: StoredParams,
    runs: { chain: number; resume: Uint8Array | null }[],
    constraints: BcmConstraints,
    resetSummaries: boolean,
  ): Promise<{ modelId: number }> {
    const model = this.model(modelId);
    const { cases } = this.loadDataset(model.datasetId);
    const data = bcmData(cases);
    const stop = new SharedArrayBuffer(4);
    const stopFlag = new Int32Array(stop);
    const onAbort = () => Atomics.store(stopFlag, 0, 1);
    ctx.signal.addEventListener('abort', onAbort);
    const done = new Array<number>(runs.length).fill(0);
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
                ctx.progress('sampling', done.reduce((a, b) => a + b, 0), params.sweeps * runs.length, { chain, logJoint: m.logJoint, secondsPerSweep: m.secondsPerSweep });
              } else if (m.type === 'checkpoint') {
                const first = m.sweep - m.trace.length + 1;
                store.saveCheckpoint(this.project, modelId, chain, m.sweep, m.state, Array.from(m.trace, (logJoint, k) => ({ sweep: first + k, logJoint })));
                saved[k] = m.sweep;
              } else {
                // The final state is a checkpoint too: a cancelled fit resumes from it, an iBCM edit resamples from it.
                const r = m.result;
                store.saveCheckpoint(this.project, modelId, chain, r.firstSweep + r.trace.length, r.state, tracePoints(r, Math.max(saved[k], r.firstSweep)));
                resolve(r);
              }
            });
            worker.on('error', reject);
            worker.on('exit', (code) => code !== 0 && reject(new Error(`sampler worker exited with code ${code}`)));
          }),
        ),
      );
      if (ctx.signal.aborted || results.some((r) => r.stopped)) {
        store.updateModel(this.project, modelId, { status: 'cancelled' });
        throw new CancelledError();
      }
      this.saveSummary(modelId, params, runs.map((r) => r.chain), results);
      return { modelId };
    } catch (e) {
      if (!(e instanceof CancelledError)) store.updateModel(this.project, modelId, { status: 'failed', error: (e as Error).message });
      throw e;
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
  }

  /** Summaries come from the chain with the highest mean log joint after burn-in; R̂ compares all chains. */
  private saveSummary(modelId: number, params: StoredParams, chainIds: number[], results: ChainResult[]): void {
    const model = this.model(modelId);
    const traces = chainIds.map((chain) => store.getTraces(this.project, modelId, chain).map((t) => t.logJoint));
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
    store.saveResult(this.project, modelId, result, { pi: s.pi, subspace: s.subspace, phi: s.phi, offsets: s.offsets });
    this.summaries.delete(modelId);
    this.dropRetrieval(modelId);
    store.updateModel(this.project, modelId, { status: 'done', secondsPerSweep: results[best].secondsPerSweep });
  }

  // ---- reading a model ----------------------------------------------------------------------------------

  private model(modelId: number): store.ModelRecord {
    const m = store.loadModel(this.project, modelId);
    if (!m) throw new Error(`No model ${modelId} in ${this.project.path}.`);
    return m;
  }

  /** The stored posterior summary of a finished model, read once per result (saveSummary drops it). */
  summary(modelId: number): BcmSummary {
    const cached = this.summaries.get(modelId);
    if (cached) return cached;
    const m = this.model(modelId);
    const r = m.result as StoredResult | null;
    if (!r) throw new Error(`Model ${modelId} has no result yet (status: ${m.status}).`);
    const a = store.loadResultArrays(this.project, modelId);
    const params = m.params as StoredParams;
    const { cases } = this.loadDataset(m.datasetId);
    const summary: BcmSummary = {
      S: params.S,
      n: cases.n,
      f: cases.features.length,
      kept: r.kept,
      alpha: r.alpha,
      prototypes: r.prototypes,
      subspace: a.subspace as Float64Array,
      pi: a.pi as Float64Array,
      phi: a.phi as Float64Array,
      offsets: a.offsets as Int32Array,
      sizes: Int32Array.from(r.sizes),
    };
    this.summaries.set(modelId, summary);
    return summary;
  }

  async listModels() {
    return store.listModels(this.project).map((m) => ({ id: m.id, datasetId: m.datasetId, status: m.status, createdAt: m.createdAt }));
  }

  async getModel(modelId: number): Promise<ModelView> {
    const m = this.model(modelId);
    const params = m.params as StoredParams;
    const r = m.result as StoredResult | null;
    const { cases } = this.loadDataset(m.datasetId);
    const features = cases.features;
    const f = features.length;
    const traces = Array.from({ length: params.chains }, (_, c) => store.getTraces(this.project, modelId, c).map((t) => t.logJoint));
    const edits = this.editViews(modelId);
    const constraints = this.constraints(modelId, params.S, cases);
    const view: ModelView = {
      id: m.id,
      datasetId: m.datasetId,
      status: m.status,
      params: { alpha: params.alpha, q: params.q, lambda: params.lambda, c: params.c, learnAlpha: params.learnAlpha, S: params.S, sweeps: params.sweeps, burnIn: params.burnIn, seed: params.seed, chains: params.chains },
      alpha: r?.alpha ?? params.alpha,
      prototypes: [],
      pi: [],
      logLikelihood: traces[r?.summarisedChain ?? 0] ?? [],
      traces,
      chains: r?.chains ?? [],
      summarisedChain: r?.summarisedChain ?? 0,
      rhat: r?.rhat ?? null,
      secondsPerSweep: r?.secondsPerSweep ?? m.secondsPerSweep ?? 0,
      features: features.map((x) => x.name),
      featureValues: features.map((x) => x.values),
      phi: [],
      edits,
    };
    if (!r) return view;
    const s = this.summary(modelId);
    view.pi = Array.from({ length: cases.n }, (_, i) => Array.from(s.pi.subarray(i * s.S, (i + 1) * s.S)));
    const T = s.offsets[f];
    view.phi = Array.from({ length: s.S }, (_, k) =>
      features.map((_, j) => Array.from(s.phi.subarray(k * T + s.offsets[j], k * T + s.offsets[j + 1]))),
    );
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
        pinned: constraints.pinned[cluster] >= 0,
      };
    });
    return view;
  }

  // ---- interactive BCM ----------------------------------------------------------------------------------

  private editViews(modelId: number): EditView[] {
    return store.listEdits(this.project, modelId, { includeUndone: true }).map((e) => ({
      seq: e.seq,
      edit: e.payload as IbcmEdit,
      undone: e.undone,
      createdAt: e.createdAt,
    }));
  }

  /** The constraints of all edits still in force, later edits overriding earlier ones. */
  private constraints(modelId: number, S: number, cases: EncodedCases): BcmConstraints {
    const f = cases.features.length;
    const c = noConstraints(S, f);
    for (const e of store.listEdits(this.project, modelId)) {
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

  private checkEdit(edit: IbcmEdit, S: number, cases: EncodedCases): void {
    if (!Number.isInteger(edit.cluster) || edit.cluster < 0 || edit.cluster >= S) throw new Error(`Cluster must be between 0 and ${S - 1}.`);
    if (edit.kind === 'pin' && !(Number.isInteger(edit.row) && edit.row >= 0 && edit.row < cases.n)) throw new Error(`Row must be between 0 and ${cases.n - 1}.`);
    if (edit.kind === 'subspace' && !cases.features.some((x) => x.name === edit.feature))
      throw new Error(`No feature "${edit.feature}". Features: ${cases.features.slice(0, 8).map((x) => x.name).join(', ')}${cases.features.length > 8 ? ', …' : ''}`);
  }

  async edit(req: EditRequest): Promise<JobRef> {
    const m = this.model(req.modelId);
    const params = m.params as StoredParams;
    const { cases } = this.loadDataset(m.datasetId);
    this.checkEdit(req.edit, params.S, cases);
    if (!m.result) throw new Error(`Model ${req.modelId} has no result to edit yet (status: ${m.status}).`);
    store.recordEdit(this.project, req.modelId, req.edit.kind, req.edit);
    return this.resample(req.modelId, req.iterations);
  }

  async undo(modelId: number, iterations?: number): Promise<JobRef> {
    if (!store.undoEdit(this.project, modelId)) throw new Error(`Model ${modelId} has no edit to undo.`);
    return this.resample(modelId, iterations);
  }

  /** Continues the summarised chain under the current constraints; the new summary covers only these sweeps. */
  private resample(modelId: number, iterations = 200): JobRef {
    const m = this.model(modelId);
    const params = m.params as StoredParams;
    const r = m.result as StoredResult;
    const chain = r.summarisedChain;
    const checkpoint = store.loadLatestCheckpoints(this.project, modelId).find((c) => c.chain === chain);
    if (!checkpoint) throw new Error(`Model ${modelId} has no saved state to resample from.`);
    const { cases } = this.loadDataset(m.datasetId);
    const constraints = this.constraints(modelId, params.S, cases);
    const from = checkpoint.sweep;
    const resampleParams: StoredParams = { ...params, alpha: r.alpha, learnAlpha: false, sweeps: from + iterations, burnIn: from + Math.floor(iterations / 2), chains: 1 };
    const jobId = this.jobs.start('resample', (ctx) => this.runChains(ctx, modelId, resampleParams, [{ chain, resume: checkpoint.state }], constraints, true));
    return { jobId, modelId };
  }

  // ---- using a model ------------------------------------------------------------------------------------

  async predict(req: PredictRequest): Promise<Prediction[]> {
    const m = this.model(req.modelId);
    const { cases, record } = this.loadDataset(m.datasetId);
    const s = this.summary(req.modelId);
    const rng = new Rng((m.params as StoredParams).seed);
    return req.cases.map((c) => {
      const r = foldIn(s, encodeForm(record.columns, cases.features, c), rng);
      return { pi: Array.from(r.pi), logLikelihood: r.logLikelihood, nearest: r.nearest };
    });
  }

  async evaluate(modelId: number): Promise<Evaluation> {
    const m = this.model(modelId);
    const { cases } = this.loadDataset(m.datasetId);
    const s = this.summary(modelId);
    const folds = 5;
    const labels = cases.labels;
    return {
      modelId,
      labelColumn: cases.labelColumn,
      piAccuracy: labels ? crossValidatedAccuracy(s.pi, cases.n, s.S, labels, { folds, seed: 1 }).accuracy : null,
      folds,
      unsupervisedAccuracy: labels ? unsupervisedAccuracy(s.pi, cases.n, s.S, labels) : null,
      criticisms: criticisms(s, cases.x, cases.n, (m.params as StoredParams).seed, 10),
    };
  }

  async getCases(datasetId: number, rows: number[]) {
    return this.caseRows(datasetId, rows);
  }

  // ---- similar cases ------------------------------------------------------------------------------------

  private retrieval(modelId: number): Promise<{ index: RetrievalIndex; retriever: Retriever }> {
    let r = this.retrievals.get(modelId);
    if (!r) {
      r = this.openRetrieval(modelId);
      this.retrievals.set(modelId, r);
      r.catch(() => this.retrievals.delete(modelId));
    }
    return r;
  }

  /** The model's index from the project file, built and stored on first use (reopening does not re-encode). */
  private async openRetrieval(modelId: number): Promise<{ index: RetrievalIndex; retriever: Retriever }> {
    const stored = store.loadRetrievalIndex(this.project, modelId, 'bcm');
    let index: RetrievalIndex;
    if (stored) index = deserializeIndex(stored.data);
    else {
      const s = this.summary(modelId);
      const { cases } = this.loadDataset(this.model(modelId).datasetId);
      index = buildIndex({ cases, pi: s.pi, S: s.S, subspace: s.subspace, prototypes: s.prototypes.map((p) => p.row) });
      store.saveRetrievalIndex(this.project, modelId, 'bcm', { cases: index.n, features: index.features.length }, serializeIndex(index));
    }
    return { index, retriever: await Retriever.create(index, this.retrieverOptions) };
  }

  private dropRetrieval(modelId: number): void {
    store.deleteRetrievalIndexes(this.project, modelId);
    const r = this.retrievals.get(modelId);
    this.retrievals.delete(modelId);
    r?.then((x) => x.retriever.close(), () => {});
  }

  private query(modelId: number, index: RetrievalIndex, q: SimilarQuery, opts: SimilarityOptions): RetrievalQuery {
    if (q.row !== undefined) {
      if (!(q.row >= 0 && q.row < index.n)) throw new Error(`Row must be between 0 and ${index.n - 1}.`);
      return queryFromCase(index, q.row, opts);
    }
    const m = this.model(modelId);
    const { cases, record } = this.loadDataset(m.datasetId);
    const x = encodeForm(record.columns, cases.features, q.form ?? {});
    // A form's π comes from folding it into the model.
    const { pi } = foldIn(this.summary(modelId), x, new Rng((m.params as StoredParams).seed));
    return queryFromForm(index, x, pi, opts);
  }

  async similar(req: SimilarRequest): Promise<SimilarResponse> {
    const [response] = await this.similarBatch({ ...req, queries: [{ row: req.row, form: req.form }] }, req.weights);
    return response;
  }

  async similarBatch(
    req: { modelId: number; queries: SimilarQuery[]; top?: number; includeQuery?: boolean; learned?: boolean },
    userWeights?: Record<string, number>,
  ): Promise<SimilarResponse[]> {
    const { index, retriever } = await this.retrieval(req.modelId);
    const ranker = req.learned === false ? null : store.latestRanker(this.project, req.modelId);
    const space = featureSpace(index);
    const opts: SimilarityOptions = ranker ? learnedOptions(space, ranker.weights, { userWeights }) : { userWeights };
    const queries = req.queries.map((q) => this.query(req.modelId, index, q, opts));
    const hits = await retriever.topK(queries, Math.min(req.top ?? 10, index.n), { includeSelf: req.includeQuery ?? false });
    const failures = retriever.info.attempts.filter((a) => !a.ok).map((a) => `${a.provider}: ${a.reason ?? 'failed'}`);
    const notes = [...new Set([...failures, ...retriever.info.notes])];
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
        };
      }),
    }));
  }

  // ---- judgments and learning to rank -------------------------------------------------------------------

  async addJudgments(req: { datasetId: number; judgments: { query: number; doc: number; grade: number }[]; source?: string }) {
    const { cases } = this.loadDataset(req.datasetId);
    for (const j of req.judgments)
      if (j.query >= cases.n || j.doc >= cases.n) throw new Error(`Judgment (${j.query}, ${j.doc}): rows must be below ${cases.n}.`);
    store.upsertJudgments(
      this.project,
      req.judgments.map((j) => ({ datasetId: req.datasetId, queryRow: j.query, docRow: j.doc, grade: j.grade as 0 | 1 | 2 | 3, source: req.source ?? 'user' })),
    );
    return { stored: req.judgments.length };
  }

  async listJudgments(datasetId: number) {
    return store.listJudgments(this.project, datasetId).map((j) => ({ query: j.queryRow, doc: j.docRow, grade: j.grade, source: j.source }));
  }

  /**
   * Query groups for RankSVM: each judged query's candidates are its judged cases plus the model's top 30
   * (unjudged ones count as grade 0), each with the similarity's terms grouped by column (rank/features.ts).
   */
  private async rankGroups(modelId: number): Promise<{ groups: QueryGroup[]; space: RankFeatureSpace; judgments: number }> {
    const m = this.model(modelId);
    const judged = store.listJudgments(this.project, m.datasetId);
    if (!judged.length) throw new Error('No judgments for this dataset: import some with `exemplar judge` first.');
    const { index, retriever } = await this.retrieval(modelId);
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
  async exportJudgments(modelId: number, format: 'qrels' | 'svmrank'): Promise<string> {
    const m = this.model(modelId);
    const judged = store.listJudgments(this.project, m.datasetId);
    if (format === 'qrels') return formatQrels(judged.map((j) => ({ query: j.queryRow, doc: j.docRow, grade: j.grade })));
    const { index } = await this.retrieval(modelId);
    const space = featureSpace(index);
    const queries = new Map<number, RetrievalQuery>();
    const lines = judged.map((j) => {
      if (!queries.has(j.queryRow)) queries.set(j.queryRow, queryFromCase(index, j.queryRow));
      const phi = pairFeatures(space, explain(index, queries.get(j.queryRow)!, j.docRow));
      const nonzero = [...phi.keys()].filter((k) => phi[k] !== 0);
      return { grade: j.grade, query: j.queryRow, doc: j.docRow, index: Int32Array.from(nonzero, (k) => k + 1), value: Float64Array.from(nonzero, (k) => phi[k]) };
    });
    return `# features: ${space.names.map((name, k) => `${k + 1}=${name}`).join(' ')}\n${formatSvmRank(lines)}`;
  }

  async evaluateRanker(modelId: number): Promise<RankReport> {
    const { groups, space, judgments } = await this.rankGroups(modelId);
    const folds = Math.min(5, groups.length);
    if (folds < 2) throw new Error('Learning to rank needs judgments for at least 2 queries (query-fold cross-validation).');
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

  async trainRanker(modelId: number): Promise<RankReport> {
    const report = await this.evaluateRanker(modelId);
    store.saveRanker(this.project, modelId, report.weights, report.C, { before: report.before, after: report.after });
    return report;
  }

  async cancel(jobId: string): Promise<void> {
    this.jobs.cancel(jobId);
  }

  async wait(jobId: string): Promise<unknown> {
    return this.jobs.wait(jobId);
  }
}

/** Rows written to a temporary file as JSON lines, read back once, in order. */
class RowSpool {
  private readonly dir = mkdtempSync(join(tmpdir(), 'exemplar-import-'));
  private readonly path = join(this.dir, 'rows.jsonl');
  private readonly fd = openSync(this.path, 'w+');
  private buffer: string[] = [];
  private size = 0;

  write(cells: (string | null)[]): void {
    const line = JSON.stringify(cells) + '\n';
    this.buffer.push(line);
    this.size += line.length;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
  }

  *rows(): Generator<store.RawRow> {
    this.flush();
    const chunk = Buffer.alloc(1 << 20);
    const decoder = new TextDecoder();
    let position = 0;
    let rest = '';
    for (;;) {
      const read = readSync(this.fd, chunk, 0, chunk.length, position);
      position += read;
      const text = rest + decoder.decode(chunk.subarray(0, read), { stream: read > 0 });
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) yield JSON.parse(line) as store.RawRow;
      if (read === 0) break;
    }
  }

  close(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
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
