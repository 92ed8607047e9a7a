// The privacy audit from the page: run it for the open model when asked (never on its own: it reads every
// case), keep the last result per model, and say when the model has changed since (an edit, an undo, a
// longer run). Memorisation is the audit again with refits, as a job of its own (progress, cancel); the
// coarser-bins fix re-imports the dataset without leaving the audit.
import type { AuditReport, DatasetInfo, ModelView } from '../../shared/api';
import type { ColumnSpec } from '../../shared/data';
import type { JobTracker } from './jobs';
import type { ProjectStore } from './project';
import { Store } from './store';

/** A model's state as far as an audit is concerned: its prototypes, its edits and its sweeps. */
export function modelStamp(model: Pick<ModelView, 'prototypes' | 'edits' | 'params' | 'status'>): string {
  const edits = model.edits.map((e) => `${e.undone ? 'u' : 'a'}`).join('');
  return `${model.status}|${model.params.sweeps}|${edits}|${model.prototypes.map((p) => p.row).join(',')}`;
}

export interface AuditEntry {
  report: AuditReport;
  /** modelStamp of the model the audit was of. */
  stamp: string;
  /** Page time (Date.now()) it finished. */
  at: number;
}

export interface MemorizationRun {
  modelId: number;
  /** The refits' job, once its first event named it. */
  jobId: string | null;
  status: 'running' | 'cancelled' | 'failed';
  error: string | null;
}

export interface CoarserBins {
  status: 'running' | 'done' | 'failed';
  columns: { column: string; from: number; to: number }[];
  dataset: DatasetInfo | null;
  error: string | null;
}

export interface AuditState {
  /** The last audit of each model. */
  byModel: ReadonlyMap<number, AuditEntry>;
  /** The model whose audit is running (without memorisation), or null. */
  running: number | null;
  memorization: MemorizationRun | null;
  error: string | null;
  /** Per model, the quasi-identifier columns chosen (none chosen yet: the audit proposes them). */
  quasi: ReadonlyMap<number, string[]>;
  /** Per model, the threshold k chosen. */
  k: ReadonlyMap<number, number>;
  coarser: CoarserBins | null;
}

/** A numeric column's bins, halved (at least 2); null where halving changes nothing. */
export function halvedBins(bins: number): number | null {
  const to = Math.max(2, Math.floor(bins / 2));
  return to < bins ? to : null;
}

/**
 * The numeric columns a prototype's warning involves (its quasi-identifiers, and the columns of its subspace
 * features), each with its bins now and halved; only those that halving changes.
 */
export function coarserColumns(dataset: DatasetInfo, p: Pick<AuditReport['prototypes'][number], 'quasiIdentifiers' | 'subspace'>): { column: string; from: number; to: number }[] {
  const byFeature = new Map(dataset.features.map((f) => [f.name, f]));
  const columns = new Set([...p.quasiIdentifiers, ...p.subspace.map((f) => byFeature.get(f)?.column ?? f)]);
  const out: { column: string; from: number; to: number }[] = [];
  for (const c of dataset.columns) {
    if (!columns.has(c.name) || c.kind !== 'numeric') continue;
    const from = dataset.features.find((f) => f.column === c.name)?.values.length ?? c.bins ?? 0;
    const to = halvedBins(from);
    if (to !== null) out.push({ column: c.name, from, to });
  }
  return out;
}

export class AuditStore extends Store<AuditState> {
  constructor(
    private readonly project: ProjectStore,
    private readonly jobs: JobTracker,
  ) {
    super({ byModel: new Map(), running: null, memorization: null, error: null, quasi: new Map(), k: new Map(), coarser: null });
  }

  /** The open model's last audit, if any. */
  current(): AuditEntry | null {
    const id = this.project.get().modelId;
    return id === null ? null : (this.get().byModel.get(id) ?? null);
  }

  /** Has the open model changed since its shown audit? */
  stale(): boolean {
    const entry = this.current();
    const model = this.project.get().model;
    return !!entry && !!model && entry.report.modelId === model.id && modelStamp(model) !== entry.stamp;
  }

  setQuasi(modelId: number, quasi: string[]): void {
    this.set({ quasi: new Map(this.get().quasi).set(modelId, quasi) });
  }

  setK(modelId: number, k: number): void {
    this.set({ k: new Map(this.get().k).set(modelId, k) });
  }

  /** Runs the audit of the open model with the chosen columns and k (the audit's proposal on a first run). */
  async run(): Promise<void> {
    const { modelId, model } = this.project.get();
    if (modelId === null || !model || this.get().running !== null || this.get().memorization?.status === 'running') return;
    this.set({ running: modelId, error: null });
    try {
      const report = await this.project.api.audit({ modelId, quasi: this.get().quasi.get(modelId), k: this.get().k.get(modelId) });
      this.keep(report, model);
    } catch (e) {
      this.set({ error: (e as Error).message });
    } finally {
      this.set({ running: null });
    }
  }

  /**
   * The audit with memorisation scores: the refits run as a job (phase `memorization`) that the status line
   * and the Audit view follow and can cancel; the audit call resolves when they are done.
   */
  async memorize(): Promise<void> {
    const { modelId, model } = this.project.get();
    if (modelId === null || !model || this.get().running !== null || this.get().memorization?.status === 'running') return;
    const shown = this.get().byModel.get(modelId)?.report;
    const known = new Set(this.jobs.running().map((j) => j.jobId));
    this.set({ memorization: { modelId, jobId: null, status: 'running', error: null }, error: null });
    // The job's id arrives with its first event (the audit call only returns at the end).
    const off = this.jobs.subscribe((j) => {
      if (j.kind !== 'memorize' || known.has(j.jobId) || this.get().memorization?.jobId) return;
      known.add(j.jobId);
      this.jobs.describe(j.jobId, `Memorisation of model ${modelId}`, modelId);
      const m = this.get().memorization;
      if (m && m.status === 'running') this.set({ memorization: { ...m, jobId: j.jobId } });
    });
    try {
      const report = await this.project.api.audit({ modelId, quasi: this.get().quasi.get(modelId) ?? shown?.quasi, k: this.get().k.get(modelId) ?? shown?.k, memorization: true });
      this.keep(report, model);
      this.set({ memorization: null });
    } catch (e) {
      const message = (e as Error).message;
      const cancelled = /cancel/i.test(message);
      this.set({ memorization: { modelId, jobId: this.get().memorization?.jobId ?? null, status: cancelled ? 'cancelled' : 'failed', error: cancelled ? null : message } });
    } finally {
      off();
    }
  }

  async cancelMemorization(): Promise<void> {
    const jobId = this.get().memorization?.jobId;
    if (jobId) await this.project.api.cancel(jobId);
  }

  /** Re-imports the open dataset with these numeric columns in fewer bins: a new dataset, the old one kept. */
  async coarsen(columns: { column: string; from: number; to: number }[]): Promise<void> {
    const { datasetId } = this.project.get();
    if (datasetId === null || !columns.length || this.get().coarser?.status === 'running') return;
    this.set({ coarser: { status: 'running', columns, dataset: null, error: null } });
    try {
      const overrides: Record<string, Partial<ColumnSpec>> = {};
      for (const c of columns) overrides[c.column] = { kind: 'numeric', bins: c.to };
      const { jobId } = await this.project.api.reimport({ datasetId, overrides });
      this.jobs.describe(jobId, `Re-importing with ${columns.map((c) => c.column).join(', ')} in fewer bins`);
      const job = await this.jobs.finished(jobId);
      if (job.status !== 'done') throw new Error(job.error ?? `The re-import was ${job.status}.`);
      await this.project.refreshLists();
      this.set({ coarser: { status: 'done', columns, dataset: (job.result as { dataset: DatasetInfo }).dataset, error: null } });
    } catch (e) {
      this.set({ coarser: { status: 'failed', columns, dataset: null, error: (e as Error).message } });
    }
  }

  private keep(report: AuditReport, model: ModelView): void {
    // The stamp is of the model when the audit started: an edit that ended meanwhile shows it stale.
    const stamp = modelStamp(model);
    this.set({
      byModel: new Map(this.get().byModel).set(report.modelId, { report, stamp, at: Date.now() }),
      quasi: new Map(this.get().quasi).set(report.modelId, report.quasi),
      k: new Map(this.get().k).set(report.modelId, report.k),
    });
  }
}
