// Datasets: importing a table into the project, and reading its schema and raw cases back.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { DatasetInfo, ImportRequest, JobRef, ReimportRequest } from '../../shared/api';
import type { ColumnSpec } from '../../shared/data';
import { BadRequest } from '../boundary';
import { importTable, type ImportOptions } from '../engine/import';
import { CancelledError, type JobContext } from '../jobs';
import * as store from '../store';
import type { ServiceContext } from './context';

export function importData(ctx: ServiceContext, req: ImportRequest): JobRef {
  // `file` ids are resolved to paths by the front door that gave them out (src/main/service/host.ts).
  const path = req.path;
  if (!path) throw new BadRequest('importData needs the file to read: this front door gives out no file ids.');
  const jobId = ctx.jobs.start('import', (job) =>
    importAsDataset(ctx, job, path, { overrides: req.overrides, label: req.label, image: req.image }, { name: req.name ?? basename(path), sourcePath: path }),
  );
  return { jobId };
}

/**
 * Reads a table and stores it as a new dataset in one transaction. Raw rows are spooled to a temporary file
 * (one JSON array a line) until then, so a large table is never held in memory.
 */
async function importAsDataset(
  ctx: ServiceContext,
  job: JobContext,
  path: string,
  options: Pick<ImportOptions, 'overrides' | 'label' | 'image'>,
  about: { name: string; sourcePath: string | null; format?: string },
): Promise<{ dataset: DatasetInfo }> {
  const spool = new RowSpool();
  try {
    const result = await importTable(path, {
      ...options,
      signal: job.signal,
      onProgress: (done, total, phase) => job.progress(phase, done, total),
      onRow: (_row, cells) => spool.write(cells),
    });
    if (job.signal.aborted) throw new CancelledError();
    const meta: store.DatasetMeta = {
      name: uniqueName(ctx, about.name),
      sourcePath: about.sourcePath,
      format: about.format ?? result.format,
      columns: result.columns,
      summaries: result.summaries,
      warnings: result.warnings,
    };
    const id = store.insertDataset(ctx.project, meta, result.cases, spool.rows());
    return { dataset: ctx.datasetInfo(id) };
  } finally {
    spool.close();
  }
}

/** `name`, or `name (2)`, `name (3)`, … when the project holds a dataset of that name: two imports of one file stay apart. */
export function uniqueName(ctx: ServiceContext, name: string): string {
  const taken = new Set(store.listDatasets(ctx.project).map((d) => d.name));
  if (!taken.has(name)) return name;
  const base = name.replace(/ \(\d+\)$/, '');
  let k = 2;
  while (taken.has(`${base} (${k})`)) k++;
  return `${base} (${k})`;
}

/**
 * Imports a dataset again with changed kinds, from the raw rows the project holds (the source file may be
 * gone, or be an upload): they are written to a temporary JSON Lines file, which keeps every cell's text
 * exactly, and imported from there as a new dataset.
 */
export function reimport(ctx: ServiceContext, req: ReimportRequest): JobRef {
  const { record } = ctx.loadDataset(req.datasetId);
  const jobId = ctx.jobs.start('import', async (job) => {
    const dir = mkdtempSync(join(tmpdir(), 'exemplar-reimport-'));
    const path = join(dir, 'rows.jsonl');
    try {
      const fd = openSync(path, 'w');
      try {
        const names = record.columns.map((c) => c.name);
        const n = record.nRows;
        for (let start = 0; start < n; start += 5000) {
          if (job.signal.aborted) throw new CancelledError();
          const rows = store.getCaseRows(ctx.project, req.datasetId, Array.from({ length: Math.min(5000, n - start) }, (_, k) => start + k));
          writeSync(fd, rows.map(({ cells }) => JSON.stringify(Object.fromEntries(names.map((c, k) => [c, cells[k] ?? null])))).join('\n') + '\n');
          job.progress('copy', start + rows.length, n);
        }
      } finally {
        closeSync(fd);
      }
      // The dataset's kinds, then the requested changes on top (a glob in them still applies).
      const changed = Object.keys(req.overrides ?? {}).map(globRegExp);
      const overrides: Record<string, Partial<ColumnSpec>> = {};
      for (const c of record.columns) if (c.kind !== 'label' && !changed.some((g) => g.test(c.name))) overrides[c.name] = c;
      Object.assign(overrides, req.overrides ?? {});
      const label = req.label ?? record.labelColumn ?? undefined;
      if (label) delete overrides[label];
      return await importAsDataset(ctx, job, path, { overrides, label }, { name: req.name ?? record.name, sourcePath: record.sourcePath, format: record.format });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return { jobId };
}

/** A column name pattern with `*` wildcards, as overrides take it. */
const globRegExp = (glob: string) => new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** Raw cells of some rows of a dataset, by column name. */
export function getCases(ctx: ServiceContext, datasetId: number, rows: number[]): { row: number; values: Record<string, string | null> }[] {
  const { record } = ctx.loadDataset(datasetId);
  return store.getCaseRows(ctx.project, datasetId, rows).map(({ row, cells }) => ({
    row,
    values: Object.fromEntries(record.columns.map((c, k) => [c.name, cells[k] ?? null])),
  }));
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
