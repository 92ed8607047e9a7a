// The one API contract of Exemplar. Electron IPC (src/preload), the browser-mode server (src/main/serve.ts)
// and the CLI (src/main/cli.ts) are thin transports over one implementation (src/main/api.ts).
// Every method returns a Promise of plain JSON; long jobs return a job id and stream JobEvents.
import type { ColumnKind, ColumnSpec, ColumnSummary } from './data';

export interface ImportRequest {
  path: string;
  name?: string;
  /** Column (or `*` glob) → kind and options, overriding what was inferred. */
  overrides?: Record<string, Partial<ColumnSpec>>;
  label?: string;
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
  iterations: number;
  burnIn?: number;
  seed: number;
  chains?: number;
  checkpointEvery?: number;
}

export interface JobRef {
  jobId: string;
  /** The model a fit, resume or resample job writes. */
  modelId?: number;
}

export type JobEvent =
  | { type: 'progress'; jobId: string; phase: string; done: number; total: number; chain?: number; logJoint?: number; secondsPerSweep?: number }
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
  status: 'running' | 'done' | 'cancelled' | 'failed';
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

export interface ExemplarApi {
  importData(req: ImportRequest): Promise<JobRef>;
  listDatasets(): Promise<DatasetInfo[]>;
  fit(req: FitRequest): Promise<JobRef>;
  /** Continues a model's chains from their last checkpoints (after a crash or a cancel). */
  resume(modelId: number): Promise<JobRef>;
  listModels(): Promise<{ id: number; datasetId: number; status: string; createdAt: string }[]>;
  getModel(modelId: number): Promise<ModelView>;
  edit(req: EditRequest): Promise<JobRef>;
  undo(modelId: number, iterations?: number): Promise<JobRef>;
  predict(req: PredictRequest): Promise<Prediction[]>;
  evaluate(modelId: number): Promise<Evaluation>;
  cancel(jobId: string): Promise<void>;
  /** Resolves with the job's result when it ends; rejects when it fails or is cancelled. */
  wait(jobId: string): Promise<unknown>;
}

export const COLUMN_KINDS: ColumnKind[] = ['categorical', 'numeric', 'boolean', 'set', 'text', 'vector', 'identifier', 'label', 'ignored'];
