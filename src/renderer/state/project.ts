// The project as the page sees it: its datasets and models, the open dataset and model (its summary, map
// and statistics), and caches of cases. Views read this store and call its actions; only stores call the API.
import type { CaseDetail, CaseMatch, ClusterView, DatasetInfo, DatasetStats, MapView, ModelSummary, ModelView } from '../../shared/api';
import { decodeBytes, decodeFloat32, decodeUint16, decodeUint8 } from '../../shared/encoding';
import { imageShape, type ImageShape } from './image';
import { Store } from './store';
import type { Transport } from './transport';

/** MapView with its arrays decoded. */
export interface MapData {
  modelId: number;
  n: number;
  S: number;
  /** indexed by case: coordinates in [-1, 1]. */
  x: Float32Array;
  y: Float32Array;
  /** indexed by case: largest-π cluster. */
  cluster: Uint8Array | Uint16Array;
  /** indexed by case: that cluster's π. */
  weight: Float32Array;
  labels: { column: string; names: string[]; index: Uint16Array } | null;
  anchors: MapView['anchors'];
  prototypes: MapView['prototypes'];
}

export interface ProjectState {
  datasets: DatasetInfo[];
  models: ModelSummary[];
  datasetId: number | null;
  dataset: DatasetInfo | null;
  stats: DatasetStats | null;
  image: ImageShape | null;
  /** The largest pixel value among the prototypes: every picture of this dataset is drawn on this scale. */
  imageMax: number;
  modelId: number | null;
  /** The open model without per-case π (getMap and getCaseDetails carry that). */
  model: ModelView | null;
  map: MapData | null;
  /** Raw cells of the prototype cases, by row. */
  prototypeCases: Map<number, Record<string, string | null>>;
  /** The first load is done (an empty project is a state too). */
  loaded: boolean;
  error: string | null;
}

export function decodeMap(m: MapView): MapData {
  return {
    modelId: m.modelId,
    n: m.n,
    S: m.S,
    x: decodeFloat32(m.x),
    y: decodeFloat32(m.y),
    cluster: m.S > 255 ? decodeUint16(m.cluster) : decodeUint8(m.cluster),
    weight: decodeFloat32(m.weight),
    labels: m.labels ? { column: m.labels.column, names: m.labels.names, index: decodeUint16(m.labels.index) } : null,
    anchors: m.anchors,
    prototypes: m.prototypes,
  };
}

/** Base64 characters decoded between two turns of the event loop (a multiple of 4: 192 KiB of bytes, a few ms). */
const SLICE_CHARS = 4 * 65_536;

/** One base64 array decoded a slice at a time, `pause` awaited between slices; the same bytes as decodeBytes. */
export async function decodeBytesInSlices(text: string, pause: () => Promise<void>, sliceChars = SLICE_CHARS): Promise<Uint8Array> {
  if (sliceChars % 4 !== 0) throw new Error('sliceChars must be a multiple of 4');
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  for (let start = 0; start < text.length; start += sliceChars) {
    if (start > 0) await pause();
    out.set(decodeBytes(text.slice(start, start + sliceChars)), (start / 4) * 3);
  }
  return out;
}

/**
 * decodeMap without one long task: at 100k cases the five arrays are 1.5 MB of base64, 15–40 ms to decode in
 * one go on the page's thread (the one task over 50 ms while a fit ends and the model reopens). Each slice
 * is a task of its own; the result is the same.
 */
export async function decodeMapInSlices(m: MapView, pause: () => Promise<void> = nextTask): Promise<MapData> {
  const bytes = (text: string) => decodeBytesInSlices(text, pause);
  const x = new Float32Array((await bytes(m.x)).buffer);
  const y = new Float32Array((await bytes(m.y)).buffer);
  const clusterBytes = await bytes(m.cluster);
  const cluster = m.S > 255 ? new Uint16Array(clusterBytes.buffer) : clusterBytes;
  const weight = new Float32Array((await bytes(m.weight)).buffer);
  const labels = m.labels ? { column: m.labels.column, names: m.labels.names, index: new Uint16Array((await bytes(m.labels.index)).buffer) } : null;
  return { modelId: m.modelId, n: m.n, S: m.S, x, y, cluster, weight, labels, anchors: m.anchors, prototypes: m.prototypes };
}

/** Lets the event loop turn (input, frames, other responses) before the caller goes on. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A small least-recently-used cache. */
class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}
  get(k: K): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined) {
      this.map.delete(k);
      this.map.set(k, v);
    }
    return v;
  }
  set(k: K, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }
  clear(): void {
    this.map.clear();
  }
}

export class ProjectStore extends Store<ProjectState> {
  private readonly raw = new Lru<string, Record<string, string | null>>(20_000);
  private readonly details = new Lru<string, CaseDetail>(5_000);
  /** Bumped by every openModel, so a slow earlier load cannot overwrite a later one. */
  private generation = 0;

  constructor(private readonly t: Transport) {
    super({
      datasets: [], models: [], datasetId: null, dataset: null, stats: null, image: null, imageMax: 1,
      modelId: null, model: null, map: null, prototypeCases: new Map(), loaded: false, error: null,
    });
  }

  get api() {
    return this.t.api;
  }

  /** Lists datasets and models; opens `modelId` (or the newest finished model, or the newest dataset). */
  async load(want: { modelId?: number | null; datasetId?: number | null } = {}): Promise<void> {
    const [datasets, models] = await Promise.all([this.api.listDatasets(), this.api.listModels()]);
    this.set({ datasets, models });
    const model = models.find((m) => m.id === want.modelId) ?? (want.datasetId ? undefined : [...models].reverse().find((m) => m.status === 'done'));
    if (model) await this.openModel(model.id);
    else {
      const dataset = datasets.find((d) => d.id === want.datasetId) ?? datasets[datasets.length - 1];
      if (dataset) await this.openDataset(dataset.id);
    }
    this.set({ loaded: true });
  }

  async refreshLists(): Promise<void> {
    const [datasets, models] = await Promise.all([this.api.listDatasets(), this.api.listModels()]);
    this.set({ datasets, models });
  }

  async openDataset(datasetId: number, keepModel = false): Promise<void> {
    if (this.get().datasetId === datasetId && this.get().dataset) {
      if (!keepModel && this.get().model?.datasetId !== datasetId) this.set({ modelId: null, model: null, map: null });
      return;
    }
    const [dataset, stats] = await Promise.all([this.api.getDataset(datasetId), this.api.getDatasetStats(datasetId)]);
    this.set({ datasetId, dataset, stats, image: imageShape(dataset), ...(keepModel ? {} : { modelId: null, model: null, map: null }) });
  }

  /** Opens a model: its summary, then (for a finished one) its map and its prototypes' cases. */
  async openModel(modelId: number): Promise<void> {
    const generation = ++this.generation;
    // The dataset is known from the model list: its schema loads alongside the model.
    const listed = this.get().models.find((m) => m.id === modelId);
    const [model] = await Promise.all([this.api.getModel(modelId, { pi: false }), listed ? this.openDataset(listed.datasetId, true) : null]);
    if (generation !== this.generation) return;
    if (!listed) await this.openDataset(model.datasetId, true);
    this.details.clear();
    const protoRows = await this.rawCases(model.datasetId, model.prototypes.map((p) => p.row));
    if (generation !== this.generation) return;
    const prototypeCases = new Map(protoRows.map((r, k) => [model.prototypes[k].row, r]));
    // The prototypes show now; the map (every case, megabytes at 100k) follows. The same model's old map
    // stays meanwhile, another model's does not.
    const same = this.get().map?.modelId === modelId;
    this.set({ modelId, model, prototypeCases, imageMax: this.pictureMax([...prototypeCases.values()]), ...(same ? {} : { map: null }) });
    performance.mark('exemplar:model-shown');
    const map = model.prototypes.length > 0 && !model.partial ? await decodeMapInSlices(await this.api.getMap(modelId)) : null;
    if (generation !== this.generation) return;
    this.set({ map });
    performance.mark('exemplar:map-loaded');
  }

  /** Reloads the open model (after a fit, a resample or an undo) and the lists. */
  async reloadModel(): Promise<void> {
    await this.refreshLists();
    const id = this.get().modelId;
    if (id !== null) await this.openModel(id);
  }

  private pictureMax(cases: Record<string, string | null>[]): number {
    const image = this.get().image;
    if (!image) return 1;
    let max = 0;
    for (const c of cases) for (const col of image.columns) max = Math.max(max, Number(c[col] ?? 0) || 0);
    return max || 1;
  }

  /** Raw cells of some cases (cached), in the order asked. */
  async rawCases(datasetId: number, rows: number[]): Promise<Record<string, string | null>[]> {
    const missing = [...new Set(rows.filter((r) => !this.raw.get(`${datasetId}:${r}`)))];
    for (let k = 0; k < missing.length; k += 10_000) {
      const got = await this.api.getCases(datasetId, missing.slice(k, k + 10_000));
      for (const c of got) this.raw.set(`${datasetId}:${c.row}`, c.values);
    }
    return rows.map((r) => this.raw.get(`${datasetId}:${r}`) ?? {});
  }

  /** Cases with π under the open model (cached per model). */
  async caseDetails(rows: number[]): Promise<CaseDetail[]> {
    const modelId = this.get().modelId;
    if (modelId === null) throw new Error('No model is open.');
    const key = (r: number) => `${modelId}:${r}`;
    const missing = [...new Set(rows.filter((r) => !this.details.get(key(r))))];
    if (missing.length) for (const d of await this.api.getCaseDetails(modelId, missing)) this.details.set(key(d.row), d);
    return rows.map((r) => this.details.get(key(r))!);
  }

  /** A page of a cluster's members (by π) and its criticisms, under the open model. */
  cluster(cluster: number, offset = 0, limit = 48): Promise<ClusterView> {
    const modelId = this.get().modelId;
    if (modelId === null) return Promise.reject(new Error('No model is open.'));
    return this.api.getCluster(modelId, cluster, { offset, limit });
  }

  /** Cases whose row, name, label or cells contain the text. */
  search(text: string, limit = 12): Promise<CaseMatch[]> {
    const datasetId = this.get().datasetId;
    return datasetId === null ? Promise.resolve([]) : this.api.searchCases(datasetId, text, limit);
  }

  /** A case's display name: its identifier, else `#row`. */
  caseName(row: number, name?: string | null): string {
    return name ? name : `#${row}`;
  }
}
