// Importing a file from the page: upload (Transport.openDataFile, with byte progress), then the import job
// (its phases as progress events); a bad file's `file:line:column` error is located in the user's own file
// so the Data view can show the line. Also re-import with changed kinds.
import type { ColumnSpec } from '../../shared/data';
import type { DatasetInfo, ImportRequest } from '../../shared/api';
import type { JobTracker } from './jobs';
import type { ProjectStore } from './project';
import { Store } from './store';
import type { Transport } from './transport';

/** What the service helper's transport adds: upload a File (browser) or pick one (Electron). */
export type OpenDataFile = (file?: File, onProgress?: (sent: number, total: number) => void) => Promise<{ file: string; name: string } | null>;

export interface ImportFailure {
  message: string;
  line: number | null;
  /** 1-based field number (or byte position for an encoding error), or a column name. */
  column: number | string | null;
  /** Lines of the user's file around the bad one (1-based numbers). */
  context: { line: number; text: string }[];
  /** The file's first line (for a column given by name). */
  header: string | null;
}

export interface ImportState {
  status: 'idle' | 'uploading' | 'importing' | 'done' | 'failed' | 'cancelled';
  /** Bytes sent of the file, while uploading. */
  sent: number;
  total: number;
  jobId: string | null;
  fileName: string | null;
  failure: ImportFailure | null;
  /** The dataset the last import made. */
  imported: DatasetInfo | null;
}

/** `name:line:column: message` → its parts (the importer's one format for bad input; column is a field number or a column name). */
export function parseLocation(message: string): { line: number; column: number | string | null } | null {
  const m = /:(\d+):([^:\s]+): /.exec(message);
  if (m) return { line: Number(m[1]), column: /^\d+$/.test(m[2]) ? Number(m[2]) : m[2] };
  const l = /:(\d+): /.exec(message);
  return l ? { line: Number(l[1]), column: null } : null;
}

/** Lines line−2 … line+2 of a File, read in chunks (the file may be large; nothing else of it is kept). */
export async function linesAround(file: Blob, line: number, radius = 2): Promise<{ line: number; text: string }[]> {
  const from = Math.max(1, line - radius);
  const to = line + radius;
  const out: { line: number; text: string }[] = [];
  const decoder = new TextDecoder();
  let current = 1;
  let partial = '';
  const CHUNK = 1 << 20;
  for (let offset = 0; offset < file.size && current <= to; offset += CHUNK) {
    const text = partial + decoder.decode(new Uint8Array(await file.slice(offset, offset + CHUNK).arrayBuffer()), { stream: offset + CHUNK < file.size });
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const p of parts) {
      if (current >= from && current <= to) out.push({ line: current, text: p.replace(/\r$/, '') });
      current++;
      if (current > to) break;
    }
  }
  if (current >= from && current <= to && partial) out.push({ line: current, text: partial.replace(/\r$/, '') });
  return out;
}

export class ImportStore extends Store<ImportState> {
  constructor(
    private readonly t: Transport,
    private readonly project: ProjectStore,
    private readonly jobs: JobTracker,
  ) {
    super({ status: 'idle', sent: 0, total: 0, jobId: null, fileName: null, failure: null, imported: null });
  }

  get openDataFile(): OpenDataFile | null {
    const f = (this.t as Transport & { openDataFile?: OpenDataFile }).openDataFile;
    return typeof f === 'function' ? f.bind(this.t) : null;
  }

  async importFile(file: File | undefined, options: { name?: string; label?: string; overrides?: Record<string, Partial<ColumnSpec>> } = {}): Promise<void> {
    const open = this.openDataFile;
    if (!open) {
      this.set({ status: 'failed', failure: { message: 'This build cannot send files to the service yet: import with `exemplar import FILE --out PROJECT.exemplar`, then reload.', line: null, column: null, context: [], header: null } });
      return;
    }
    this.set({ status: 'uploading', sent: 0, total: file?.size ?? 0, failure: null, fileName: file?.name ?? null, jobId: null });
    try {
      const opened = await open(file, (sent, total) => this.set({ sent, total }));
      if (!opened) return this.set({ status: 'idle' });
      this.set({ fileName: opened.name });
      const req = { file: opened.file, name: options.name || undefined, label: options.label || undefined, overrides: options.overrides } as unknown as ImportRequest;
      await this.follow(() => this.project.api.importData(req), `Importing ${opened.name}`, file);
    } catch (e) {
      await this.fail((e as Error).message, file);
    }
  }

  async reimport(datasetId: number, overrides: Record<string, Partial<ColumnSpec>>, label?: string): Promise<void> {
    const name = this.project.get().datasets.find((d) => d.id === datasetId)?.name ?? 'dataset';
    this.set({ status: 'importing', failure: null, fileName: name, sent: 0, total: 0 });
    try {
      await this.follow(() => this.project.api.reimport({ datasetId, overrides, label }), `Re-importing ${name}`);
    } catch (e) {
      await this.fail((e as Error).message);
    }
  }

  private async follow(start: () => Promise<{ jobId: string }>, title: string, file?: File): Promise<void> {
    this.set({ status: 'importing' });
    const { jobId } = await start();
    this.set({ jobId });
    this.jobs.describe(jobId, title);
    const job = await this.jobs.finished(jobId);
    if (job.status === 'done') {
      const { dataset } = job.result as { dataset: DatasetInfo };
      await this.project.refreshLists();
      await this.project.openDataset(dataset.id);
      this.set({ status: 'done', imported: dataset, jobId: null });
    } else if (job.status === 'cancelled') this.set({ status: 'cancelled', jobId: null });
    else await this.fail(job.error ?? 'The import failed.', file);
  }

  private async fail(message: string, file?: File): Promise<void> {
    const at = parseLocation(message);
    const context = at && file ? await linesAround(file, at.line).catch(() => []) : [];
    const header = file && typeof at?.column === 'string' ? ((await linesAround(file, 1, 0).catch(() => []))[0]?.text ?? null) : null;
    this.set({ status: 'failed', jobId: null, failure: { message, line: at?.line ?? null, column: at?.column ?? null, context, header } });
  }

  async cancel(): Promise<void> {
    const { jobId } = this.get();
    if (jobId) await this.project.api.cancel(jobId);
  }
}
