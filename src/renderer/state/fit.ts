// Fitting from the page: start a fit (or continue one), follow its job, open the model when it ends; and
// the two models the Fit view compares side by side.
import type { FitRequest, ModelView } from '../../shared/api';
import type { JobTracker } from './jobs';
import type { ProjectStore } from './project';
import { Store } from './store';

export interface FitState {
  /** The fit this page started or continued, while it runs and after. */
  jobId: string | null;
  modelId: number | null;
  status: 'idle' | 'starting' | 'running' | 'done' | 'failed' | 'cancelled';
  error: string | null;
  /** Models chosen for side-by-side comparison (at most two) and their summaries. */
  compare: number[];
  compared: ModelView[];
}

export class FitStore extends Store<FitState> {
  constructor(
    private readonly project: ProjectStore,
    private readonly jobs: JobTracker,
  ) {
    super({ jobId: null, modelId: null, status: 'idle', error: null, compare: [], compared: [] });
  }

  async fit(req: FitRequest): Promise<void> {
    await this.follow(() => this.project.api.fit(req), (id) => `Fitting model ${id}`);
  }

  /** Continues an interrupted or cancelled fit, or runs a finished one `extend` sweeps longer. */
  async resume(modelId: number, extend?: number): Promise<void> {
    await this.follow(() => this.project.api.resume(modelId, extend ? { extend } : undefined), (id) => (extend ? `Running model ${id} longer` : `Continuing model ${id}`));
  }

  private async follow(start: () => Promise<{ jobId: string; modelId?: number }>, title: (modelId: number) => string): Promise<void> {
    this.set({ status: 'starting', error: null });
    try {
      const ref = await start();
      const modelId = ref.modelId!;
      this.set({ jobId: ref.jobId, modelId, status: 'running' });
      this.jobs.describe(ref.jobId, title(modelId), modelId);
      void this.project.refreshLists();
      const job = await this.jobs.finished(ref.jobId);
      await this.project.refreshLists();
      if (job.status === 'done') {
        await this.project.openModel(modelId);
        this.set({ status: 'done' });
      } else this.set({ status: job.status, error: job.error ?? null });
    } catch (e) {
      this.set({ status: 'failed', error: (e as Error).message });
    }
  }

  async cancel(): Promise<void> {
    const { jobId } = this.get();
    if (jobId) await this.project.api.cancel(jobId);
  }

  async toggleCompare(modelId: number): Promise<void> {
    const compare = this.get().compare.includes(modelId) ? this.get().compare.filter((m) => m !== modelId) : [...this.get().compare, modelId].slice(-2);
    this.set({ compare });
    const compared = await Promise.all(compare.map((id) => this.get().compared.find((m) => m.id === id) ?? this.project.api.getModel(id, { pi: false })));
    if (this.get().compare === compare) this.set({ compared });
  }
}
