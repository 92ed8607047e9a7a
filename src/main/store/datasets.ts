// Datasets: metadata, the encoded matrix (in row chunks) and the raw rows shown to the user.
import type { ColumnSpec, ColumnSummary, EncodedCases, Feature } from '../../shared/data';
import { copyBlobInto, toBlob } from './blob';
import type { Project } from './db';

/** The raw cells of one case, in column order (null = empty cell). */
export type RawRow = (string | null)[];

/** What the importer knows about a dataset besides its EncodedCases. */
export interface DatasetMeta {
  name: string;
  sourcePath: string | null;
  format: string;
  columns: ColumnSpec[];
  summaries: ColumnSummary[];
  warnings: string[];
}

export interface DatasetInfo {
  id: number;
  name: string;
  sourcePath: string | null;
  format: string;
  createdAt: string;
  nRows: number;
  labelColumn: string | null;
}

export interface DatasetRecord extends DatasetInfo {
  columns: ColumnSpec[];
  summaries: ColumnSummary[];
  features: Feature[];
  /** The dense vector columns, in EncodedCases.vectors order. */
  vectors: { column: string; dim: number }[];
  warnings: string[];
}

/** Target size of one chunk (x plus vectors): big enough to read fast, far below SQLite's 1 GB BLOB limit. */
const CHUNK_BYTES = 1 << 20;

/**
 * Stores a dataset in ONE transaction: if anything throws (including `rawRows`, midway), nothing is written.
 * `rawRows` is read once, in order, and must yield exactly `cases.n` rows. Returns the new dataset id.
 */
export function insertDataset(p: Project, meta: DatasetMeta, cases: EncodedCases, rawRows: Iterable<RawRow>): number {
  const { n, features, x, vectors, labels, ids } = cases;
  const f = features.length;
  if (x.length !== n * f) throw new Error(`x has ${x.length} values, expected n × features = ${n} × ${f}.`);
  for (const v of vectors) if (v.data.length !== n * v.dim) throw new Error(`Vector column ${v.column} does not have ${n} × ${v.dim} values.`);
  if ((labels && labels.length !== n) || (ids && ids.length !== n)) throw new Error(`labels and ids must have one entry per case (${n}).`);
  const { db } = p;
  const insertChunk = db.prepare(
    'INSERT INTO case_chunks (dataset_id, chunk, row_start, n_rows, x, labels_json, ids_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertVectorChunk = db.prepare('INSERT INTO case_vector_chunks (dataset_id, vector, chunk, data) VALUES (?, ?, ?, ?)');
  const insertRow = db.prepare('INSERT INTO case_rows (dataset_id, row, cells_json) VALUES (?, ?, ?)');

  return db.transaction(() => {
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO datasets (name, source_path, format, created_at, n_rows, columns_json, summaries_json,
           features_json, vectors_json, label_column, warnings_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        meta.name, meta.sourcePath, meta.format, new Date().toISOString(), n,
        JSON.stringify(meta.columns), JSON.stringify(meta.summaries), JSON.stringify(features),
        JSON.stringify(vectors.map((v) => ({ column: v.column, dim: v.dim }))), cases.labelColumn, JSON.stringify(meta.warnings),
      );
    const id = Number(lastInsertRowid);

    // At least one chunk, even for zero rows, so that "has labels / ids" survives the round trip.
    const bytesPerRow = 4 * (f + vectors.reduce((sum, v) => sum + v.dim, 0));
    const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / Math.max(1, bytesPerRow)));
    let chunk = 0;
    let start = 0;
    do {
      const end = Math.min(n, start + rowsPerChunk);
      insertChunk.run(
        id, chunk, start, end - start, toBlob(x.subarray(start * f, end * f)),
        labels ? JSON.stringify(labels.slice(start, end)) : null,
        ids ? JSON.stringify(ids.slice(start, end)) : null,
      );
      vectors.forEach((v, k) => insertVectorChunk.run(id, k, chunk, toBlob(v.data.subarray(start * v.dim, end * v.dim))));
      chunk++;
      start = end;
    } while (start < n);

    let row = 0;
    for (const cells of rawRows) insertRow.run(id, row++, JSON.stringify(cells));
    if (row !== n) throw new Error(`Got ${row} raw rows for ${n} encoded cases.`);
    return id;
  }).immediate();
}

interface DatasetRow {
  id: number;
  name: string;
  source_path: string | null;
  format: string;
  created_at: string;
  n_rows: number;
  label_column: string | null;
}

const infoColumns = 'id, name, source_path, format, created_at, n_rows, label_column';

function toInfo(r: DatasetRow): DatasetInfo {
  return {
    id: r.id, name: r.name, sourcePath: r.source_path, format: r.format,
    createdAt: r.created_at, nRows: r.n_rows, labelColumn: r.label_column,
  };
}

/** All datasets, oldest first. */
export function listDatasets(p: Project): DatasetInfo[] {
  return (p.db.prepare(`SELECT ${infoColumns} FROM datasets ORDER BY id`).all() as DatasetRow[]).map(toInfo);
}

/** A dataset's metadata without its cases, or null if there is no such dataset. */
export function getDataset(p: Project, id: number): DatasetRecord | null {
  const r = p.db
    .prepare(`SELECT ${infoColumns}, columns_json, summaries_json, features_json, vectors_json, warnings_json FROM datasets WHERE id = ?`)
    .get(id) as (DatasetRow & Record<'columns_json' | 'summaries_json' | 'features_json' | 'vectors_json' | 'warnings_json', string>) | undefined;
  if (!r) return null;
  return {
    ...toInfo(r),
    columns: JSON.parse(r.columns_json),
    summaries: JSON.parse(r.summaries_json),
    features: JSON.parse(r.features_json),
    vectors: JSON.parse(r.vectors_json),
    warnings: JSON.parse(r.warnings_json),
  };
}

/** A dataset with its EncodedCases, reassembled from the chunks. Throws if there is no such dataset. */
export function loadDataset(p: Project, id: number): { dataset: DatasetRecord; cases: EncodedCases } {
  const { db } = p;
  return db.transaction(() => {
    const dataset = getDataset(p, id);
    if (!dataset) throw new Error(`There is no dataset ${id}.`);
    const { nRows: n, features, labelColumn } = dataset;
    const f = features.length;
    const x = new Int32Array(n * f);
    const vectors = dataset.vectors.map((v) => ({ column: v.column, dim: v.dim, data: new Float32Array(n * v.dim) }));
    const labelParts: (string | null)[][] = [];
    const idParts: string[][] = [];
    const chunks = db
      .prepare('SELECT chunk, row_start, x, labels_json, ids_json FROM case_chunks WHERE dataset_id = ? ORDER BY chunk')
      .all(id) as { chunk: number; row_start: number; x: Buffer; labels_json: string | null; ids_json: string | null }[];
    const vectorChunks = db.prepare('SELECT data FROM case_vector_chunks WHERE dataset_id = ? AND vector = ? AND chunk = ?');
    for (const c of chunks) {
      copyBlobInto(x, c.row_start * f, c.x);
      if (c.labels_json !== null) labelParts.push(JSON.parse(c.labels_json));
      if (c.ids_json !== null) idParts.push(JSON.parse(c.ids_json));
      vectors.forEach((v, k) => {
        const { data } = vectorChunks.get(id, k, c.chunk) as { data: Buffer };
        copyBlobInto(v.data, c.row_start * v.dim, data);
      });
    }
    const labels = labelParts.length ? labelParts.flat() : null;
    const ids = idParts.length ? idParts.flat() : null;
    return { dataset, cases: { n, features, x, vectors, labels, labelColumn, ids } };
  })();
}

/** The raw cells of the given rows (in the order asked; rows that do not exist are left out). */
export function getCaseRows(p: Project, datasetId: number, rows: readonly number[]): { row: number; cells: RawRow }[] {
  const get = p.db.prepare('SELECT cells_json FROM case_rows WHERE dataset_id = ? AND row = ?').pluck();
  const out: { row: number; cells: RawRow }[] = [];
  for (const row of rows) {
    const cells = get.get(datasetId, row) as string | undefined;
    if (cells !== undefined) out.push({ row, cells: JSON.parse(cells) });
  }
  return out;
}

/** Deletes a dataset and everything that depends on it (cases, models, judgments). */
export function deleteDataset(p: Project, id: number): void {
  p.db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
}
