// Image-shaped data: the importer records the shape (DatasetInfo.image) when it has one; until then, and for
// older projects, the shape is read from pixel column names `<prefix>_<row>_<col>` (digits: px_0_0 … px_7_7).
import type { DatasetInfo } from '../../shared/api';

export interface ImageShape {
  rows: number;
  cols: number;
  /** Column name of each pixel, row-major. */
  columns: string[];
}

export function imageShape(d: DatasetInfo): ImageShape | null {
  const declared = (d as DatasetInfo & { image?: ImageShape | null }).image;
  if (declared && declared.columns?.length === declared.rows * declared.cols) return declared;
  const pixels = d.columns.map((c) => /^(.+)_(\d+)_(\d+)$/.exec(c.name)).filter((m): m is RegExpExecArray => m !== null);
  if (pixels.length < 4 || new Set(pixels.map((m) => m[1])).size !== 1) return null;
  const rows = Math.max(...pixels.map((m) => Number(m[2]))) + 1;
  const cols = Math.max(...pixels.map((m) => Number(m[3]))) + 1;
  if (rows * cols !== pixels.length) return null;
  const columns: string[] = new Array(rows * cols);
  for (const m of pixels) columns[Number(m[2]) * cols + Number(m[3])] = m[0];
  return columns.includes(undefined as unknown as string) ? null : { rows, cols, columns };
}
