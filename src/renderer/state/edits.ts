// Interactive BCM from the page: an edit (pin, unpin, force, forbid, free), undo and redo each start a
// resampling job; when it ends the model is reloaded and compared with the model before, so the user sees
// what their correction changed.
import type { IbcmEdit, JobRef, ModelView } from '../../shared/api';
import type { JobTracker } from './jobs';
import type { MapData, ProjectStore } from './project';
import { Store } from './store';

export interface EditDiff {
  /** What was done, as a sentence. */
  action: string;
  prototypes: { cluster: number; before: number; after: number }[];
  subspaces: { cluster: number; gained: string[]; lost: string[] }[];
  /** Cases whose largest-π cluster changed, and the largest flows between clusters. */
  moved: number;
  flows: { from: number; to: number; count: number }[];
  n: number;
}

export interface EditsState {
  jobId: string | null;
  /** The sentence of the edit being applied. */
  pending: string | null;
  diff: EditDiff | null;
  error: string | null;
  /** Sweeps to resample after an edit. */
  iterations: number;
}

/** An edit as the history reads it: "forced `px_3_4` into cluster 2". */
export function describeEdit(e: IbcmEdit): string {
  if (e.kind === 'pin') return `pinned case #${e.row} as the prototype of cluster ${e.cluster}`;
  if (e.kind === 'unpin') return `freed the prototype of cluster ${e.cluster}`;
  if (e.state === 'force') return `forced \`${e.feature}\` into cluster ${e.cluster}`;
  if (e.state === 'forbid') return `forbade \`${e.feature}\` in cluster ${e.cluster}`;
  return `freed \`${e.feature}\` in cluster ${e.cluster}`;
}

interface Snapshot {
  model: ModelView;
  map: MapData | null;
}

export function diffModels(action: string, a: Snapshot, b: Snapshot): EditDiff {
  const prototypes = b.model.prototypes
    .filter((p) => a.model.prototypes[p.cluster] && a.model.prototypes[p.cluster].row !== p.row)
    .map((p) => ({ cluster: p.cluster, before: a.model.prototypes[p.cluster].row, after: p.row }));
  const subspaces = b.model.prototypes
    .map((p) => {
      const old = new Set(a.model.prototypes[p.cluster]?.subspace ?? []);
      const now = new Set(p.subspace);
      return { cluster: p.cluster, gained: p.subspace.filter((f) => !old.has(f)), lost: [...old].filter((f) => !now.has(f)) };
    })
    .filter((d) => d.gained.length || d.lost.length);
  let moved = 0;
  const flows = new Map<string, number>();
  const n = b.map?.n ?? 0;
  if (a.map && b.map && a.map.n === b.map.n) {
    for (let i = 0; i < n; i++)
      if (a.map.cluster[i] !== b.map.cluster[i]) {
        moved++;
        const key = `${a.map.cluster[i]}>${b.map.cluster[i]}`;
        flows.set(key, (flows.get(key) ?? 0) + 1);
      }
  }
  return {
    action,
    prototypes,
    subspaces,
    moved,
    n,
    flows: [...flows]
      .map(([k, count]) => ({ from: Number(k.split('>')[0]), to: Number(k.split('>')[1]), count }))
      .sort((x, y) => y.count - x.count)
      .slice(0, 5),
  };
}

export class EditsStore extends Store<EditsState> {
  constructor(
    private readonly project: ProjectStore,
    private readonly jobs: JobTracker,
  ) {
    super({ jobId: null, pending: null, diff: null, error: null, iterations: 100 });
  }

  get busy(): boolean {
    return this.get().jobId !== null;
  }

  apply(edit: IbcmEdit): Promise<void> {
    return this.run(describeEdit(edit), (modelId, iterations) => this.project.api.edit({ modelId, edit, iterations }));
  }

  undo(): Promise<void> {
    const last = this.project.get().model?.edits.filter((e) => !e.undone).pop();
    return this.run(last ? `undid: ${describeEdit(last.edit)}` : 'undo', (modelId, iterations) => this.project.api.undo(modelId, iterations));
  }

  redo(): Promise<void> {
    const next = this.project.get().model?.edits.find((e) => e.undone);
    return this.run(next ? `redid: ${describeEdit(next.edit)}` : 'redo', (modelId, iterations) => this.project.api.redo(modelId, iterations));
  }

  private async run(action: string, start: (modelId: number, iterations: number) => Promise<JobRef>): Promise<void> {
    const { model, map, modelId } = this.project.get();
    if (modelId === null || !model || this.busy) return;
    const before: Snapshot = { model, map };
    this.set({ error: null, pending: action });
    try {
      const ref = await start(modelId, this.get().iterations);
      this.set({ jobId: ref.jobId });
      this.jobs.describe(ref.jobId, `Resampling: ${action}`, modelId);
      const job = await this.jobs.finished(ref.jobId);
      if (job.status !== 'done') throw new Error(job.error ?? `Resampling ${job.status}.`);
      await this.project.reloadModel();
      const after = this.project.get();
      this.set({ diff: after.model ? diffModels(action, before, { model: after.model, map: after.map }) : null });
    } catch (e) {
      this.set({ error: (e as Error).message });
      await this.project.reloadModel().catch(() => {});
    } finally {
      this.set({ jobId: null, pending: null });
    }
  }
}
