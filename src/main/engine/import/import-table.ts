// The import's one entry point: pass 1 (statistics and inference), then pass 2 (encoding), both streamed.
import type { ColumnSpec, ColumnSummary, EncodedCases, ImageShape } from '../../../shared/data';
import type { Cell } from './cells';
import { encodeTable } from './encode';
import { collectStats, inferColumns } from './infer';
import type { Format } from './table';

export type ImportPhase = 'scan' | 'vocabulary' | 'encode';

export interface ImportOptions {
  /** Per column name or `*` glob (e.g. `px_*`): kind and options that replace the inferred ones. */
  overrides?: Record<string, Partial<ColumnSpec>>;
  /** The label column (kept for evaluation, not modelled). */
  label?: string;
  /**
   * The cases are images of this shape (the pixel columns are found by name or position, see image.ts);
   * false: do not infer a shape from names like px_0_0. Default: inferred.
   */
  image?: { rows: number; cols: number } | false;
  /** Bytes read of the file in the current pass; the import reads the file two or three times. */
  onProgress?: (bytesRead: number, totalBytes: number, phase: ImportPhase) => void;
  signal?: AbortSignal;
  /** Each row's cells during the encoding pass, row numbered from 0 as in EncodedCases. */
  onRow?: (row: number, cells: Cell[]) => void;
}

export interface ImportResult {
  format: Format;
  /** One per column in file order, as inferred or overridden: edit and pass back to `encodeCases`. */
  columns: ColumnSpec[];
  summaries: ColumnSummary[];
  warnings: string[];
  cases: EncodedCases;
  rows: number;
  /** When the cases are pictures: the grid and its pixel columns, row by row (also in the columns' `pixel`). */
  image: ImageShape | null;
}

/** Read, infer and encode a table file (CSV, TSV, ARFF or JSON Lines). Bad input throws ImportError. */
export async function importTable(path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const { onProgress, signal, onRow } = options;
  const stats = await collectStats(path, { signal, onProgress: onProgress && ((b, t) => onProgress(b, t, 'scan')) });
  const { columns, summaries, warnings, image } = inferColumns(stats, { label: options.label, overrides: options.overrides, image: options.image });
  const cases = await encodeTable(stats, columns, { signal, onRow, onProgress });
  return { format: stats.header.format, columns, summaries, warnings, cases, rows: stats.rows, image };
}

/**
 * Re-import with every column's spec given (e.g. a previous result's `columns` after the user changed some
 * kinds). Specs are checked against the data as overrides are; columns not listed are inferred again. An
 * image kept in the specs' `pixel` positions is kept.
 */
export async function encodeCases(path: string, columns: ColumnSpec[], options: Omit<ImportOptions, 'overrides' | 'label'> = {}): Promise<ImportResult> {
  const overrides: Record<string, Partial<ColumnSpec>> = {};
  for (const c of columns) overrides[c.name] = c;
  const label = columns.find((c) => c.kind === 'label')?.name;
  return importTable(path, { ...options, overrides, label });
}
