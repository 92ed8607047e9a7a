// Datasets: importing a table into the project, and reading its schema and raw cases back.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ImportRequest, JobRef } from '../../shared/api';
import { BadRequest } from '../boundary';
import { importTable } from '../engine/import';
import { CancelledError } from '../jobs';
import * as store from '../store';
import type { ServiceContext } from './context';

export function importData(ctx: ServiceContext, req: ImportRequest): JobRef {
  // `file` ids are resolved to paths by the front door that gave them out (src/main/service/host.ts).
  const path = req.path;
  if (!path) throw new BadRequest('importData needs the file to read: this front door gives out no file ids.');
  const jobId = ctx.jobs.start('import', async (job) => {
    // Raw rows are spooled to a temporary file (one JSON array a line) until the one transaction that
    // stores the dataset, so a large table is never held in memory.
    const spool = new RowSpool();
    try {
      const result = await importTable(path, {
        overrides: req.overrides,
        label: req.label,
        image: req.image,
        signal: job.signal,
        onProgress: (done, total, phase) => job.progress(phase, done, total),
        onRow: (_row, cells) => spool.write(cells),
      });
      if (job.signal.aborted) throw new CancelledError();
      const meta: store.DatasetMeta = {
        name: req.name ?? basename(path),
        sourcePath: path,
        format: result.format,
        columns: result.columns,
        summaries: result.summaries,
        warnings: result.warnings,
      };
      const id = store.insertDataset(ctx.project, meta, result.cases, spool.rows());
      return { dataset: ctx.datasetInfo(id) };
    } finally {
      spool.close();
    }
  });
  return { jobId };
}

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
