// The one API contract of Exemplar. Electron IPC (src/preload), the browser-mode server (src/main/serve.ts)
// and the CLI (src/main/cli.ts) are thin transports over one implementation (src/main/api.ts).
// Every method returns a Promise of plain JSON; long jobs return a job id and stream JobEvents.
import type { ColumnKind, ColumnSpec, ColumnSummary, ImageShape } from './data';
import type { ReportRequest } from './report/types';

export interface ImportRequest {
  /** The file to read, by path: only from the command line (the CLI runs in the service's own process). */
  path?: string;
  /** The file to read, by the id `openDataFile` returned (an upload, or a file the user picked): how the app names one. */
  file?: string;
  name?: string;
  /** Column (or `*` glob) → kind and options, overriding what was inferred. */
  overrides?: Record<string, Partial<ColumnSpec>>;
  label?: string;
  /** Cases are pictures of this many rows × cols (pixel columns row-major); inferred from `px_R_C`-style names when left out. */
  image?: { rows: number; cols: number };
}

export interface BcmHyperparameters {
  alpha?: number;
  q?: number;
  lambda?: number;
  c?: number;
  learnAlpha?: boolean;
}

export interface FitRequest extends BcmHyperparameters {
  datasetId: number;
  prototypes: number;
  /** Sweeps (default DEFAULT_ITERATIONS); the first half is burn-in unless burnIn says otherwise. */
  iterations?: number;
  burnIn?: number;
  /** Default: a random seed, stored with the model (and shown) so the fit can be repeated. */
  seed?: number;
  /** Chains run in parallel and compared by split-R̂ (default: DEFAULT_CHAINS, fewer on a machine with fewer cores). */
  chains?: number;
  checkpointEvery?: number;
}

export interface JobRef {
  jobId: string;
  /** The model a fit, resume or resample job writes. */
  modelId?: number;
}

export type JobEvent =
  /** A fit's `done`/`total` count sweeps over all chains; `chain` and `sweep` name the one chain and its own sweep that `logJoint` belongs to. */
  | { type: 'progress'; jobId: string; phase: string; done: number; total: number; chain?: number; sweep?: number; logJoint?: number; secondsPerSweep?: number }
  | { type: 'done'; jobId: string; result: unknown }
  | { type: 'failed'; jobId: string; error: string }
  | { type: 'cancelled'; jobId: string };

export interface DatasetInfo {
  id: number;
  name: string;
  source: string;
  format: string;
  rows: number;
  columns: ColumnSpec[];
  summaries: ColumnSummary[];
  features: { name: string; column: string; values: string[]; edges?: number[] }[];
  labelColumn: string | null;
  warnings: string[];
  /** When the cases are pictures (the digits): the grid and its pixel columns, to draw cases and prototypes. */
  image?: ImageShape;
}

export interface ImportResult {
  dataset: DatasetInfo;
}

export interface PrototypeView {
  cluster: number;
  /** 0-based data row of the prototype case. */
  row: number;
  /** Posterior frequency of this case as the prototype. */
  frequency: number;
  alternatives: { row: number; frequency: number }[];
  /** Feature names with P(ω = 1) ≥ 0.5, most probable first. */
  subspace: string[];
  /** P(ω = 1) for every feature, indexed by feature. */
  subspaceProbability: number[];
  /** Cases whose largest π is this cluster. */
  size: number;
  /** The prototype's value of each subspace feature. */
  values: Record<string, string>;
  pinned: boolean;
  /** The prototype case's label (null without a label column, or when it is missing). */
  label: string | null;
  /** Labels of the cases whose largest π is this cluster, most frequent first (empty without labels). */
  labelMix: { label: string; count: number; share: number }[];
}

/** A model as listed: enough to choose one. */
export interface ModelSummary {
  id: number;
  datasetId: number;
  status: ModelView['status'];
  createdAt: string;
  params: ModelView['params'];
  progress: ModelView['progress'];
  /** Split-R̂ of the log joint over chains when the fit finished with several (null otherwise). */
  rhat: number | null;
  /** iBCM edits in force. */
  edits: number;
}

export interface ChainView {
  chain: number;
  seed: number;
  sweeps: number;
  secondsPerSweep: number;
  meanLogJoint: number;
}

export interface ModelView {
  id: number;
  datasetId: number;
  /** 'interrupted': the process fitting it died (it resumes from its last checkpoint); 'cancelled': stopped by the user. */
  status: 'running' | 'done' | 'cancelled' | 'failed' | 'interrupted';
  /** Sweeps done (the fewest over chains, from the last checkpoints) and planned. */
  progress: { sweep: number; sweeps: number };
  /** True when the summaries shown come from the last checkpoint of an unfinished fit, not from a finished one. */
  partial: boolean;
  params: Required<BcmHyperparameters> & { S: number; sweeps: number; burnIn: number; seed: number; chains: number };
  /** α at the end of the fit (learned when learnAlpha). */
  alpha: number;
  prototypes: PrototypeView[];
  /** indexed by case: π over clusters. */
  pi: number[][];
  /** log joint per sweep of the summarised chain. */
  logLikelihood: number[];
  /** log joint per sweep of every chain. */
  traces: number[][];
  chains: ChainView[];
  /** The chain whose summaries are shown (highest mean log joint after burn-in). */
  summarisedChain: number;
  /** Split-R̂ of the log joint over chains (null with one chain). */
  rhat: number | null;
  secondsPerSweep: number;
  features: string[];
  /** Display names of each feature's values, indexed by feature. */
  featureValues: string[][];
  /** Posterior mean of φ, indexed [cluster][feature][value]: each cluster's distribution of each feature. */
  phi: number[][][];
  edits: EditView[];
}

export type IbcmEdit =
  | { kind: 'pin'; cluster: number; row: number }
  | { kind: 'unpin'; cluster: number }
  | { kind: 'subspace'; cluster: number; feature: string; state: 'force' | 'forbid' | 'free' };

export interface EditView {
  seq: number;
  edit: IbcmEdit;
  undone: boolean;
  createdAt: string;
}

export interface EditRequest {
  modelId: number;
  edit: IbcmEdit;
  iterations?: number;
}

export interface PredictRequest {
  modelId: number;
  /** Cases as column → raw value (missing columns are unknown). */
  cases: Record<string, string | null>[];
}

export interface Prediction {
  pi: number[];
  logLikelihood: number;
  nearest: { cluster: number; prototype: number; weight: number }[];
  /** With a label column: the label the π classifier (logistic regression on every case's π) predicts, and its probability. */
  label: { value: string; probability: number } | null;
}

export interface Evaluation {
  modelId: number;
  labelColumn: string | null;
  /** π → multinomial logistic regression, k-fold cross-validated. */
  piAccuracy: number | null;
  folds: number;
  /** Majority label of each argmax cluster. */
  unsupervisedAccuracy: number | null;
  criticisms: { row: number; logLikelihood: number }[];
}

export interface SimilarQuery {
  /** Query by an existing case (0-based row)… */
  row?: number;
  /** …or by a partly filled case: column → raw value (columns left out are unknown). */
  form?: Record<string, string | null>;
}

export interface SimilarRequest extends SimilarQuery {
  modelId: number;
  /** How many results (default 10). */
  top?: number;
  /** Keep the query case among its own results (default false). */
  includeQuery?: boolean;
  /** User weight u_f per feature name (default 1). */
  weights?: Record<string, number>;
  /** Rank with the weights learned from judgments when the model has them (default true). */
  learned?: boolean;
}

export interface SimilarContribution {
  /** A feature name, `π similarity`, or a vector column. */
  feature: string;
  /**
   * What this term adds to the score: positive for a shared value (a rare shared item most), 0 for a shared
   * absence or a mismatch, negative for an item only the case holds (λ_q times its weight).
   */
  weight: number;
  kind: 'matched' | 'mismatched' | 'pi' | 'vector';
  /** Display values, for features: the query's and the case's (null = missing). */
  queryValue?: string;
  caseValue?: string | null;
  /**
   * How many cases hold the value this term is about (the shared value; the item, for set and text
   * features), of those where the feature is observed: "basil, in 3 of 56 recipes".
   */
  frequency?: { cases: number; of: number };
  /** The information of a match on this feature, in nats (an item's −log p̂; else −log Σ_v p̂_v²; similarity.ts). */
  information?: number;
}

export interface SimilarResult {
  row: number;
  score: number;
  /** Sum to the score. */
  contributions: SimilarContribution[];
  /** The prototype row of the cluster both cases belong to most (argmax_s π_qs·π_cs). */
  sharedPrototype: number;
  sharedCluster: number;
  matched: string[];
  mismatched: string[];
  /** The case's label, when the data has a label column. */
  label: string | null;
}

export interface SimilarResponse {
  /** The onnxruntime execution provider that scored the cases ('cpu', 'cuda', 'webgpu', …). */
  provider: string;
  /** Why faster providers were not used. */
  providerNotes: string[];
  /** 'learned' when judgments' RankSVM weights ranked, else 'model'. */
  ranking: 'model' | 'learned';
  query: { row: number | null };
  results: SimilarResult[];
}

export type RankingMetrics = Record<'ndcg@5' | 'ndcg@10' | 'ndcg@30' | 'p@5' | 'map', number>;

export interface RankReport {
  /** The model's own ranking, and the learned one, both by query-fold cross-validation. */
  before: RankingMetrics;
  after: RankingMetrics;
  queries: number;
  judgments: number;
  folds: number;
  /** C chosen in each outer fold, and for the final weights. */
  chosenC: number[];
  C: number;
  /** Learned weight per feature group, relative to the model's (1 = as the model weighs it). */
  weights: Record<string, number>;
}

/** getModel options. */
export interface ModelViewOptions {
  /** Include π of every case (default true). The app leaves it out: n × S numbers are megabytes at 100k cases; getMap and getCaseDetails carry π compactly or per case. */
  pi?: boolean;
}

/**
 * Every case placed in 2-D by its mixture π, compact enough for 100k+ cases. Typed arrays travel as base64
 * of their little-endian bytes (`decodeFloat32`/`decodeUint8`/`decodeUint16` in src/shared/encoding.ts).
 */
export interface MapView {
  modelId: number;
  n: number;
  S: number;
  /**
   * 'simplex': each cluster has an anchor on the unit circle and a case sits at Σ_s π_s · anchor_s (its π as
   * barycentric weights), so a case near an anchor belongs to that cluster and a mixed case lies between its
   * clusters. Anchors are ordered so that clusters sharing cases are neighbours.
   */
  method: 'simplex';
  /** base64 Float32Array(n): coordinates, both in [-1, 1]. */
  x: string;
  y: string;
  /** base64 Uint8Array(n) (Uint16Array when S > 255): each case's largest-π cluster. */
  cluster: string;
  /** base64 Float32Array(n): each case's largest π (how clearly it belongs to its cluster). */
  weight: string;
  /** The label of each case: distinct names (numbers in numeric order) and base64 Uint16Array(n) of indices, 65535 = missing; null without a label column. */
  labels: { column: string; names: string[]; index: string } | null;
  anchors: { cluster: number; x: number; y: number }[];
  /** Each cluster's prototype case and where it sits. */
  prototypes: { cluster: number; row: number; x: number; y: number }[];
}

/** One cluster's cases: its members ranked by π, and the members the model explains worst. */
export interface ClusterView {
  modelId: number;
  cluster: number;
  /** Cases whose largest π is this cluster. */
  size: number;
  /** A page (offset, limit) of the members, highest π of this cluster first. */
  members: { row: number; pi: number; label: string | null; name: string | null }[];
  offset: number;
  /**
   * Criticisms: members with the lowest mean log-likelihood per observed feature, log Σ_s π_is φ_s,j,x_ij
   * (their own π and the posterior mean φ), worst first.
   */
  criticisms: { row: number; pi: number; logLikelihood: number; label: string | null; name: string | null }[];
}

/** One case as the app shows it: raw values, its π and how well the model explains it. */
export interface CaseDetail {
  row: number;
  values: Record<string, string | null>;
  /** The identifier column's value, when the data has one. */
  name: string | null;
  label: string | null;
  /** π over clusters. */
  pi: number[];
  /** Its largest-π cluster. */
  cluster: number;
  /** Mean log-likelihood per observed feature under its π and φ (criticisms have the lowest). */
  logLikelihood: number;
}

/** A case found by searchCases, and where the text matched. */
export interface CaseMatch {
  row: number;
  name: string | null;
  label: string | null;
  match: 'row' | 'identifier' | 'label' | 'cell';
  /** The cell that matched (column and value); absent for a row number. */
  column?: string;
  value?: string;
}

/** A column's distribution as the Data view shows it. */
export interface ColumnStats {
  column: string;
  kind: ColumnKind;
  missing: number;
  distinct: number;
  /**
   * Counts per bin (numeric), per value (categorical, boolean, label: the most frequent, then `other`), or
   * per item present (set, text: the most frequent items); empty for identifier, vector and ignored columns.
   */
  bins: { label: string; count: number }[];
  /** Values or items not shown in bins. */
  more: number;
}

/** A dataset's distributions: per column (the Data view), and per modelled feature value (the baseline a cluster's φ is read against). */
export interface DatasetStats {
  columns: ColumnStats[];
  /** indexed [feature][value]: the share of cases with that value among those where the feature is known. */
  frequency: number[][];
}

export interface ReimportRequest {
  datasetId: number;
  /** Column (or `*` glob) → kind and options, overriding the dataset's current kinds. */
  overrides?: Record<string, Partial<ColumnSpec>>;
  label?: string;
  /** Default: the dataset's name, made unique. */
  name?: string;
}

export interface AuditRequest {
  modelId: number;
  /** Quasi-identifier columns (default: the ones the audit proposes: age, sex, ZIP-like names and date columns). */
  quasi?: string[];
  /** A prototype shared by fewer than k cases is warned about (default DEFAULT_AUDIT_K). */
  k?: number;
  /** Near-duplicates: pairs differing in at most this many modelled features (default 1). */
  maxDiffering?: number;
  /** Memorisation scores by refits on random halves (slow: it refits the model). */
  memorization?: boolean;
}

/** What the privacy audit of a model found. Rows are 0-based data rows. */
export interface AuditReport {
  modelId: number;
  /** The threshold k the prototypes were held to. */
  k: number;
  /** The quasi-identifier columns used, and whether the audit proposed them (none given). */
  quasi: string[];
  quasiProposed: boolean;
  /** Warnings, most serious first, as sentences for people. */
  warnings: string[];
  /** Columns whose values could name a person, each with why. */
  identifierColumns: { column: string; reason: string }[];
  /** Per prototype: how many cases share its subspace values and quasi-identifiers (itself included). */
  prototypes: {
    cluster: number;
    row: number;
    k: number;
    quasiIdentifiers: string[];
    subspace: string[];
    warning: string | null;
    /**
     * For a prototype below the threshold: members of its cluster (the 50 of highest π looked at, most typical
     * first) whose k on the same subspace features and quasi-identifiers reaches the threshold, at most 3, to pin
     * instead. Empty when none does, and for prototypes not warned about.
     */
    replacements: { row: number; k: number }[];
  }[];
  /** Pairs of cases differing in at most maxDiffering modelled features: the first ones (identical first). */
  nearDuplicates: { a: number; b: number; differing: number }[];
  /** All such pairs, and the identical ones among them (the list above may be cut). */
  nearDuplicateCount: number;
  identicalCount: number;
  maxDiffering: number;
  /** The cases the model explains worst (fold-in log-likelihood per feature), with the features it penalises most. */
  criticisms: { row: number; logLikelihood: number; features: { feature: string; value: string; penalty: number }[] }[];
  /** Only when asked for: each case's memorisation score, highest first. */
  memorization?: { row: number; score: number }[];
}

export interface ExemplarApi {
  importData(req: ImportRequest): Promise<JobRef>;
  listDatasets(): Promise<DatasetInfo[]>;
  /** One dataset's schema: columns with their kinds, bins and warnings, and the modelled features. */
  getDataset(datasetId: number): Promise<DatasetInfo>;
  fit(req: FitRequest): Promise<JobRef>;
  /**
   * Continues a model's chains from their last checkpoints (after a crash, a kill or a cancel) to its planned
   * sweeps; `extend` adds that many sweeps to the plan, so a finished fit can also run longer.
   */
  resume(modelId: number, opts?: { extend?: number }): Promise<JobRef>;
  listModels(): Promise<ModelSummary[]>;
  getModel(modelId: number, opts?: ModelViewOptions): Promise<ModelView>;
  edit(req: EditRequest): Promise<JobRef>;
  undo(modelId: number, iterations?: number): Promise<JobRef>;
  predict(req: PredictRequest): Promise<Prediction[]>;
  evaluate(modelId: number): Promise<Evaluation>;
  /** Raw cells of some cases of a dataset, by column name. */
  getCases(datasetId: number, rows: number[]): Promise<{ row: number; values: Record<string, string | null> }[]>;
  /** Similar cases, best first, each score explained. */
  similar(req: SimilarRequest): Promise<SimilarResponse>;
  /** Many queries in one scoring run. */
  similarBatch(req: { modelId: number; queries: SimilarQuery[]; top?: number; includeQuery?: boolean; learned?: boolean }): Promise<SimilarResponse[]>;
  /** Stores relevance judgments (grade 0–3) of a dataset. */
  addJudgments(req: { datasetId: number; judgments: { query: number; doc: number; grade: number }[]; source?: string }): Promise<{ stored: number }>;
  listJudgments(datasetId: number): Promise<{ query: number; doc: number; grade: number; source: string }[]>;
  /** The dataset's judgments as TREC qrels, or as SVMrank lines with the ranking features of the model's similarity. */
  exportJudgments(modelId: number, format: 'qrels' | 'svmrank'): Promise<{ text: string; judgments: number }>;
  /** RankSVM on the judgments (C by query-fold CV); stores the learned weights for `similar`. */
  trainRanker(modelId: number): Promise<RankReport>;
  /** The model's ranking and the learned one, by query-fold cross-validation, without storing anything. */
  evaluateRanker(modelId: number): Promise<RankReport>;
  cancel(jobId: string): Promise<void>;
  /** Resolves with the job's result when it ends; rejects when it fails or is cancelled. */
  wait(jobId: string): Promise<unknown>;
  /** Re-applies the first undone edit and resamples (the redo of `undo`). */
  redo(modelId: number, iterations?: number): Promise<JobRef>;
  /** Every case of a finished model placed in 2-D by its π, with its cluster and label (MapView). */
  getMap(modelId: number): Promise<MapView>;
  /** A cluster's members ranked by π (a page of them) and its criticisms. */
  getCluster(modelId: number, cluster: number, page?: { offset?: number; limit?: number }): Promise<ClusterView>;
  /** Some cases with their raw values, π and how well the model explains them. */
  getCaseDetails(modelId: number, rows: number[]): Promise<CaseDetail[]>;
  /** Cases by row number (`12` or `#12`), identifier, label or any cell containing the text; at most `limit` (default 20). */
  searchCases(datasetId: number, text: string, limit?: number): Promise<CaseMatch[]>;
  /** Every column's missing count and distribution (bins, values or items), and every feature value's share of the cases. */
  getDatasetStats(datasetId: number): Promise<DatasetStats>;
  /** Imports a dataset again from the rows the project holds, with kinds changed: a new dataset, the old one kept. */
  reimport(req: ReimportRequest): Promise<JobRef>;
  /** Privacy audit of a finished model: identifier-like columns, prototype k-anonymity, near-duplicates, criticisms. */
  audit(req: AuditRequest): Promise<AuditReport>;
  /** Pins a similar-case query to the model's report: the report ranks it again and shows the results with their grades. */
  pinRanking(req: { modelId: number; query: SimilarQuery; top?: number }): Promise<RankingPin>;
  listPins(modelId: number): Promise<RankingPin[]>;
  unpinRanking(pinId: number): Promise<void>;
  /** Builds a report of a model in the formats asked (a job: progress by section; its result is a ReportOutput). */
  report(req: ReportRequest): Promise<JobRef>;
}

/** A similar-case query pinned to a model's report. */
export interface RankingPin {
  id: number;
  modelId: number;
  createdAt: string;
  query: SimilarQuery;
  /** Results shown. */
  top: number;
}

export const DEFAULT_ITERATIONS = 1000;
/** Several chains catch one stuck in a poor mode (split-R̂ flags it; the best chain is kept). */
export const DEFAULT_CHAINS = 4;
/** A prototype shared by fewer cases than this is a privacy warning (k-anonymity's usual floor). */
export const DEFAULT_AUDIT_K = 5;

export const COLUMN_KINDS: ColumnKind[] = ['categorical', 'numeric', 'boolean', 'set', 'text', 'vector', 'identifier', 'label', 'ignored'];
