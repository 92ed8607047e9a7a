// Cases that are pictures. The BCM paper shows the digits' prototypes as images; to do the same the
// project must know which columns are pixels and where each sits. The shape is declared (`{rows: 8,
// cols: 8}`) or inferred from names that number a full grid (`px_0_0` … `px_7_7`, `pixel1_1`, `1x1` …
// `28x28`), and kept as each pixel column's `pixel` position in its ColumnSpec, so it is stored with the
// column specs and survives a re-import with edited kinds.
import type { ColumnSpec, ImageShape } from '../../../shared/data';
import { ImportError } from './errors';
import { familyPattern } from './family';

/** A name grid smaller than this is more likely a survey (q1_1 … q3_3) than a picture. */
export const MIN_IMAGE_PIXELS = 16;

const GRID_NAME = /^(.*?)(\d+)[_x-](\d+)$/;

interface Grid {
  rows: number;
  cols: number;
  /** Column indexes, row-major. */
  columns: number[];
}

/**
 * Names that number every cell of a rows × cols grid exactly once, one grid per name prefix; 0- or
 * 1-based. Returns the grids found, largest first.
 */
export function nameGrids(names: readonly string[]): Grid[] {
  const byPrefix = new Map<string, { k: number; r: number; c: number }[]>();
  names.forEach((name, k) => {
    const m = GRID_NAME.exec(name);
    if (!m) return;
    const cells = byPrefix.get(m[1]) ?? [];
    cells.push({ k, r: Number(m[2]), c: Number(m[3]) });
    byPrefix.set(m[1], cells);
  });
  const grids: Grid[] = [];
  for (const cells of byPrefix.values()) {
    let r0 = Infinity;
    let r1 = -Infinity;
    let c0 = Infinity;
    let c1 = -Infinity;
    for (const { r, c } of cells) {
      r0 = Math.min(r0, r);
      r1 = Math.max(r1, r);
      c0 = Math.min(c0, c);
      c1 = Math.max(c1, c);
    }
    const rows = r1 - r0 + 1;
    const cols = c1 - c0 + 1;
    if (r0 > 1 || c0 > 1 || rows * cols !== cells.length || rows < 2 || cols < 2) continue;
    const columns = new Array<number>(rows * cols).fill(-1);
    let full = true;
    for (const { k, r, c } of cells) {
      const at = (r - r0) * cols + (c - c0);
      if (columns[at] !== -1) full = false;
      columns[at] = k;
    }
    if (full) grids.push({ rows, cols, columns });
  }
  return grids.sort((a, b) => b.columns.length - a.columns.length);
}

/**
 * Which columns are the pixels. Declared: a name grid of that shape, else a family of exactly rows × cols
 * columns (`pixel0` … `pixel783`, taken in file order), else every column that is not the label or the
 * identifier, if that is the right count; otherwise an error. Not declared: the largest name grid of at
 * least MIN_IMAGE_PIXELS numeric columns, if any.
 * @param numeric per column, whether all its values are numbers (pixels are)
 */
export function resolveImage(file: string, names: readonly string[], specs: readonly ColumnSpec[], numeric: (k: number) => boolean,
  declared: { rows: number; cols: number } | false | undefined): Grid | null {
  if (declared === false) return null;
  const grids = nameGrids(names);
  if (declared === undefined) {
    const kept = fromSpecs(specs);
    if (kept) return kept;
    return grids.find((g) => g.columns.length >= MIN_IMAGE_PIXELS && g.columns.every(numeric)) ?? null;
  }
  const { rows, cols } = declared;
  if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows >= 1 && cols >= 1)) {
    throw new ImportError(file, null, null, `an image shape is whole numbers of rows and columns, not ${rows}x${cols}`);
  }
  const need = rows * cols;
  const grid = grids.find((g) => g.rows === rows && g.cols === cols);
  if (grid) return grid;
  const families = new Map<string, number[]>();
  names.forEach((name, k) => {
    const p = familyPattern(name);
    if (p === null) return;
    const ks = families.get(p);
    if (ks) ks.push(k);
    else families.set(p, [k]);
  });
  const family = [...families.values()].find((ks) => ks.length === need);
  if (family) return { rows, cols, columns: family };
  const rest = specs.map((s, k) => (s.kind === 'label' || s.kind === 'identifier' ? -1 : k)).filter((k) => k >= 0);
  if (rest.length === need) return { rows, cols, columns: rest };
  const seen = [...grids.map((g) => `a ${g.rows}x${g.cols} grid of names`),
    ...[...families].filter(([, ks]) => ks.length >= MIN_IMAGE_PIXELS).map(([p, ks]) => `${ks.length} columns named ${p}`)];
  throw new ImportError(file, null, null,
    `an image of ${rows}x${cols} needs ${need} pixel columns, but no group of columns has that many (${seen.length ? `found ${seen.join(', ')}; ` : ''}${rest.length} columns besides the label and identifier)`);
}

/** A grid that the specs already carry (a re-import of edited specs). */
function fromSpecs(specs: readonly ColumnSpec[]): Grid | null {
  const shape = imageOf(specs);
  if (!shape) return null;
  const index = new Map(specs.map((s, k) => [s.name, k]));
  return { rows: shape.rows, cols: shape.cols, columns: shape.columns.map((n) => index.get(n) as number) };
}

/** The image the column specs describe through their `pixel` positions, or null when they form no full grid. */
export function imageOf(columns: readonly ColumnSpec[]): ImageShape | null {
  const pixels = columns.filter((c) => c.pixel !== undefined);
  if (pixels.length === 0) return null;
  let rows = 0;
  let cols = 0;
  for (const c of pixels) {
    const { row, col } = c.pixel as { row: number; col: number };
    if (!(Number.isInteger(row) && Number.isInteger(col) && row >= 0 && col >= 0)) return null;
    rows = Math.max(rows, row + 1);
    cols = Math.max(cols, col + 1);
  }
  if (rows * cols !== pixels.length) return null;
  const out = new Array<string>(rows * cols).fill('');
  for (const c of pixels) {
    const { row, col } = c.pixel as { row: number; col: number };
    if (out[row * cols + col] !== '') return null;
    out[row * cols + col] = c.name;
  }
  return { rows, cols, columns: out };
}
