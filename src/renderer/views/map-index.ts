// The point under the pointer, among 100k: a uniform grid over the data square [-1, 1]² (a counting sort
// of the cases by cell, built in one O(n) pass of a few milliseconds), searched in the cells a radius
// touches. It answers what d3-quadtree would, without building 100k tree nodes on the main thread.

/** Grid cells per side of the hover index over [-1, 1]². */
export const GRID = 256;

/** A uniform grid of the points over the data square: cell → rows, as offsets into one array (counting sort). */
export interface PointIndex {
  start: Uint32Array;
  rows: Uint32Array;
}

const cellOf = (v: number) => Math.max(0, Math.min(GRID - 1, Math.floor(((v + 1) / 2) * GRID)));

export function buildIndex(x: Float32Array, y: Float32Array): PointIndex {
  const n = x.length;
  const cell = new Uint32Array(n);
  const start = new Uint32Array(GRID * GRID + 1);
  for (let i = 0; i < n; i++) {
    cell[i] = cellOf(y[i]) * GRID + cellOf(x[i]);
    start[cell[i] + 1]++;
  }
  for (let c = 0; c < GRID * GRID; c++) start[c + 1] += start[c];
  const fill = start.slice(0, GRID * GRID);
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[fill[cell[i]]++] = i;
  return { start, rows };
}

/** The row nearest to (px, py) within radius r (data units), or -1. */
export function nearest(index: PointIndex, x: Float32Array, y: Float32Array, px: number, py: number, r: number): number {
  const c0 = cellOf(px - r), c1 = cellOf(px + r), r0 = cellOf(py - r), r1 = cellOf(py + r);
  let best = -1;
  let bestD = r * r;
  for (let gy = r0; gy <= r1; gy++)
    for (let gx = c0; gx <= c1; gx++) {
      const c = gy * GRID + gx;
      for (let k = index.start[c]; k < index.start[c + 1]; k++) {
        const i = index.rows[k];
        const d = (x[i] - px) ** 2 + (y[i] - py) ** 2;
        if (d <= bestD) {
          bestD = d;
          best = i;
        }
      }
    }
  return best;
}

