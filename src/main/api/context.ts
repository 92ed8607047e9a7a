// What every area of the service shares: the open project file, the job runner, and the caches of what was
// read from the project (datasets, posterior summaries, retrieval sessions), with the look-ups that fail with
// a clear message when an id is unknown.
import { Conflict } from '../boundary';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AuditReport, DatasetInfo, Evaluation, ModelView } from '../../shared/api';
import type { EncodedCases } from '../../shared/data';
import type { BcmParams, BcmSummary } from '../engine/bcm/model';
import type { LogisticModel } from '../engine/evaluate/logistic';
import type { RetrievalIndex, Retriever, RetrieverOptions } from '../engine/retrieval';
import { imageOf } from '../engine/import';
import { Jobs } from '../jobs';
import * as store from '../store';

/** A request names something the project does not hold (HTTP 404). */
export class NotFound extends Error {}

/** What a model row stores as params (JSON). */
export interface StoredParams extends BcmParams {
  chains: number;
  checkpointEvery: number;
}

/** What a model row stores as result (JSON); the big arrays go alongside as BLOBs. */
export interface StoredResult {
  alpha: number;
  kept: number;
  prototypes: BcmSummary['prototypes'];
  sizes: number[];
  summarisedChain: number;
  rhat: number | null;
  secondsPerSweep: number;
  chains: { chain: number; seed: number; sweeps: number; secondsPerSweep: number; meanLogJoint: number }[];
}

export interface OpenRetrieval {
  index: RetrievalIndex;
  retriever: Retriever;
  /** Providers left out after a probe in another process, and why. */
  notes: string[];
}

/** Whether a process of this machine still runs (signal 0 tests without sending; EPERM: it runs as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class ServiceContext {
  readonly jobs = new Jobs();
  private readonly datasets = new Map<number, { record: store.DatasetRecord; cases: EncodedCases }>();
  /** Posterior summaries of finished models, as read from the project. */
  readonly summaries = new Map<number, BcmSummary>();
  /** Open retrieval per model: the index (stored in the project) and its onnxruntime sessions. */
  readonly retrievals = new Map<number, Promise<OpenRetrieval>>();
  /** π → label classifiers of finished models (null: no labels to learn). */
  readonly classifiers = new Map<number, { model: LogisticModel; names: string[] } | null>();
  /** evaluate()'s answer per finished model (its cross-validation takes seconds at 50k cases; reports ask again). */
  readonly evaluations = new Map<number, Evaluation>();
  /** audit()'s answers without memorisation, per finished model and request (a report repeats the Audit view's). */
  readonly audits = new Map<number, Map<string, AuditReport>>();
  /** Models this service's jobs are writing now. */
  readonly activeModels = new Set<number>();

  /** This service's name in model leases: host, pid and a nonce (two services in one process differ). */
  readonly owner = `${hostname()} ${process.pid} ${randomBytes(6).toString('hex')}`;

  constructor(
    readonly project: store.Project,
    readonly retrieverOptions: RetrieverOptions = {},
    /** Probe GPU providers in a child process, so native libraries' messages stay out of this terminal (CLI without --verbose). */
    readonly quietProviders = false,
  ) {}

  loadDataset(id: number): { record: store.DatasetRecord; cases: EncodedCases } {
    let d = this.datasets.get(id);
    if (!d) {
      if (!store.getDataset(this.project, id)) throw new NotFound(`No dataset ${id} in ${this.project.path}.`);
      const { dataset, cases } = store.loadDataset(this.project, id);
      d = { record: dataset, cases };
      this.datasets.set(id, d);
    }
    return d;
  }

  datasetInfo(id: number): DatasetInfo {
    const d = store.getDataset(this.project, id);
    if (!d) throw new NotFound(`No dataset ${id} in ${this.project.path}.`);
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
      image: imageOf(d.columns) ?? undefined,
    };
  }

  model(modelId: number): store.ModelRecord {
    const m = store.loadModel(this.project, modelId);
    if (!m) throw new NotFound(`No model ${modelId} in ${this.project.path}.`);
    return m;
  }

  /** The stored posterior summary of a finished model, read once per result (a new result drops it). */
  summary(modelId: number): BcmSummary {
    const cached = this.summaries.get(modelId);
    if (cached) return cached;
    const m = this.model(modelId);
    const r = m.result as StoredResult | null;
    if (!r) throw new Conflict(`Model ${modelId} has no result yet (status: ${m.status}).`);
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

  /** Whether the process named in a lease still runs (a process on another host is taken to; its heartbeat decides). */
  isAlive = (owner: string): boolean => {
    const [host, pid] = owner.split(' ');
    return host !== hostname() || Number(pid) === process.pid || processAlive(Number(pid));
  };

  /**
   * A model's status as the user should read it: 'running' only while a live process holds its lease; a
   * model left running by a process that died (kill -9, a crash, power loss) is 'interrupted'.
   */
  status(m: store.ModelInfo): ModelView['status'] {
    if (m.status !== 'running') return m.status;
    const lease = store.modelLease(this.project, m.id);
    return lease && this.isAlive(lease.owner) && Date.now() - lease.heartbeatAt < store.LEASE_STALE_MS ? 'running' : 'interrupted';
  }

  /** Takes a model's lease for this service, or says who holds it. */
  lease(modelId: number): void {
    const held = store.acquireModel(this.project, modelId, this.owner, Date.now(), this.isAlive);
    if (held) {
      const [host, pid] = held.owner.split(' ');
      throw new Conflict(`Model ${modelId} is being written by another process (pid ${pid}${host !== hostname() ? ` on ${host}` : ''}): wait for it to finish, or stop it first.`);
    }
  }

  /** Forgets a model's summary and retrieval index: its result changed. */
  dropResult(modelId: number): void {
    this.summaries.delete(modelId);
    this.classifiers.delete(modelId);
    this.evaluations.delete(modelId);
    this.audits.delete(modelId);
    store.deleteRetrievalIndexes(this.project, modelId);
    const r = this.retrievals.get(modelId);
    this.retrievals.delete(modelId);
    r?.then((x) => x.retriever.close(), () => {});
  }

  async close(): Promise<void> {
    for (const r of this.retrievals.values()) await r.then((x) => x.retriever.close(), () => {});
    this.project.close();
  }
}
