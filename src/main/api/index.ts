// The one implementation of the shared API (src/shared/api.ts) over the engine and the project file.
// Electron IPC, the browser-mode server and the CLI all reach this object through the boundary checks
// (boundary.ts). Each area lives in its own file; this class only names the contract and delegates.
import type {
  AuditReport,
  AuditRequest,
  CaseDetail,
  CaseMatch,
  ClusterView,
  DatasetStats,
  MapView,
  ModelViewOptions,
  ReimportRequest,
  DatasetInfo,
  EditRequest,
  Evaluation,
  ExemplarApi,
  FitRequest,
  ImportRequest,
  JobRef,
  ModelView,
  Prediction,
  PredictRequest,
  RankReport,
  RankingPin,
  SimilarQuery,
  SimilarRequest,
  SimilarResponse,
} from '../../shared/api';
import type { ReportRequest } from '../../shared/report/types';
import type { RetrieverOptions } from '../engine/retrieval';
import * as store from '../store';
import * as audits from './audit';
import { ServiceContext } from './context';
import * as datasets from './datasets';
import * as edits from './edits';
import * as explore from './explore';
import * as fits from './fits';
import * as models from './models';
import * as prediction from './predict';
import * as ranking from './ranking';
import * as reports from './report';
import * as retrieval from './retrieval';

export { NotFound, processAlive } from './context';

export class ExemplarService implements ExemplarApi {
  private readonly ctx: ServiceContext;

  /** retriever: options for retrieval; a one-shot process (the CLI) turns off the resident GPU scorer, whose set-up pays off only over many queries. */
  constructor(project: store.Project, retrieverOptions: RetrieverOptions = {}, quietProviders = false) {
    this.ctx = new ServiceContext(project, retrieverOptions, quietProviders);
  }

  /** quietProviders: probe GPU providers in a child process so native libraries' output stays out of the terminal. */
  static open(path: string, opts: { create?: boolean; retriever?: RetrieverOptions; quietProviders?: boolean } = {}): ExemplarService {
    return new ExemplarService(store.openProject(path, { create: opts.create ?? false }), opts.retriever, opts.quietProviders);
  }

  get project(): store.Project {
    return this.ctx.project;
  }

  get jobs() {
    return this.ctx.jobs;
  }

  close(): Promise<void> {
    return this.ctx.close();
  }

  // datasets
  async importData(req: ImportRequest): Promise<JobRef> {
    return datasets.importData(this.ctx, req);
  }
  async listDatasets(): Promise<DatasetInfo[]> {
    return store.listDatasets(this.ctx.project).map((d) => this.ctx.datasetInfo(d.id));
  }
  async getDataset(datasetId: number): Promise<DatasetInfo> {
    return this.ctx.datasetInfo(datasetId);
  }
  async getCases(datasetId: number, rows: number[]) {
    return datasets.getCases(this.ctx, datasetId, rows);
  }

  // fits
  async fit(req: FitRequest): Promise<JobRef> {
    return fits.fit(this.ctx, req);
  }
  async resume(modelId: number, opts?: { extend?: number }): Promise<JobRef> {
    return fits.resume(this.ctx, modelId, opts);
  }

  // models and edits
  async listModels() {
    return models.listModels(this.ctx);
  }
  async getModel(modelId: number, opts?: ModelViewOptions): Promise<ModelView> {
    return models.getModel(this.ctx, modelId, opts);
  }
  async edit(req: EditRequest): Promise<JobRef> {
    return edits.edit(this.ctx, req);
  }
  async undo(modelId: number, iterations?: number): Promise<JobRef> {
    return edits.undo(this.ctx, modelId, iterations);
  }
  async redo(modelId: number, iterations?: number): Promise<JobRef> {
    return edits.redo(this.ctx, modelId, iterations);
  }

  // what the app's views read (explore.ts)
  async getMap(modelId: number): Promise<MapView> {
    return explore.getMap(this.ctx, modelId);
  }
  async getCluster(modelId: number, cluster: number, page?: { offset?: number; limit?: number }): Promise<ClusterView> {
    return explore.getCluster(this.ctx, modelId, cluster, page);
  }
  async getCaseDetails(modelId: number, rows: number[]): Promise<CaseDetail[]> {
    return explore.getCaseDetails(this.ctx, modelId, rows);
  }
  async searchCases(datasetId: number, text: string, limit?: number): Promise<CaseMatch[]> {
    return explore.searchCases(this.ctx, datasetId, text, limit);
  }
  async getDatasetStats(datasetId: number): Promise<DatasetStats> {
    return explore.getDatasetStats(this.ctx, datasetId);
  }
  async reimport(req: ReimportRequest): Promise<JobRef> {
    return datasets.reimport(this.ctx, req);
  }

  // prediction and evaluation
  async predict(req: PredictRequest): Promise<Prediction[]> {
    return prediction.predict(this.ctx, req);
  }
  async evaluate(modelId: number): Promise<Evaluation> {
    return prediction.evaluate(this.ctx, modelId);
  }

  // retrieval and ranking
  similar(req: SimilarRequest): Promise<SimilarResponse> {
    return retrieval.similar(this.ctx, req);
  }
  similarBatch(req: retrieval.SimilarBatchRequest): Promise<SimilarResponse[]> {
    return retrieval.similarBatch(this.ctx, req);
  }
  async addJudgments(req: { datasetId: number; judgments: { query: number; doc: number; grade: number }[]; source?: string }) {
    return ranking.addJudgments(this.ctx, req);
  }
  async listJudgments(datasetId: number) {
    return ranking.listJudgments(this.ctx, datasetId);
  }
  exportJudgments(modelId: number, format: 'qrels' | 'svmrank'): Promise<{ text: string; judgments: number }> {
    return ranking.exportJudgments(this.ctx, modelId, format);
  }
  trainRanker(modelId: number): Promise<RankReport> {
    return ranking.trainRanker(this.ctx, modelId);
  }
  evaluateRanker(modelId: number): Promise<RankReport> {
    return ranking.evaluateRanker(this.ctx, modelId);
  }

  // audits
  audit(req: AuditRequest): Promise<AuditReport> {
    return audits.audit(this.ctx, req);
  }

  // reports
  async pinRanking(req: { modelId: number; query: SimilarQuery; top?: number }): Promise<RankingPin> {
    return reports.pinRanking(this.ctx, req);
  }
  async listPins(modelId: number): Promise<RankingPin[]> {
    return reports.listPins(this.ctx, modelId);
  }
  async unpinRanking(pinId: number): Promise<void> {
    reports.unpinRanking(this.ctx, pinId);
  }
  async report(req: ReportRequest): Promise<JobRef> {
    return reports.report(this.ctx, req);
  }

  // jobs
  async cancel(jobId: string): Promise<void> {
    this.ctx.jobs.cancel(jobId);
  }
  wait(jobId: string): Promise<unknown> {
    return this.ctx.jobs.wait(jobId);
  }
}
