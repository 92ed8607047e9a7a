// Pass 2 of an import (plus a vocabulary pass when there are set or text columns): stream the file again
// and encode every case for the model. Numeric bins come from pass-1 values, so nothing here needs the
// whole file in memory except the output itself.
import type { ColumnSpec, EncodedCases, Feature } from '../../../shared/data';
import { type Cell, parseBoolean, parseNumber, parseVector, setItems, words } from './cells';
import { ImportError } from './errors';
import { DEFAULT_BINS, DEFAULT_SET_DELIMITER, DEFAULT_VOCABULARY_CAP, type TableStats } from './infer';
import { type ReadOptions, scanTable } from './parse';

/** Distinct items/words counted per set or text column; later new ones are not counted (documented cap). */
export const VOCABULARY_TRACK_CAP = 100_000;

export type EncodePhase = 'vocabulary' | 'encode';

export interface EncodeOptions {
  onProgress?: (bytesRead: number, totalBytes: number, phase: EncodePhase) => void;
  signal?: AbortSignal;
  /** Called for every row during the encoding pass, so a caller can store raw rows without keeping them. */
  onRow?: (row: number, cells: Cell[]) => void;
}

/**
 * Quantile bin edges from a column's values: the values at k/bins of the sorted sample, keeping only edges
 * above the minimum and strictly increasing, so that every bin holds at least one value.
 * @param sorted ascending
 */
export function quantileEdges(sorted: Float64Array, bins: number): number[] {
  const n = sorted.length;
  const edges: number[] = [];
  if (n === 0) return edges;
  for (let k = 1; k < bins; k++) {
    const q = sorted[Math.floor((k * n) / bins)];
    if (q > sorted[0] && (edges.length === 0 || q > edges[edges.length - 1])) edges.push(q);
  }
  return edges;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

/** Display names of the bins: `< a`, `[a, b)`, …, `[z, max]` (or `≥ z` if the data stop below z). */
export function binNames(edges: number[], min: number, max: number): string[] {
  if (edges.length === 0) return [`[${fmt(min)}, ${fmt(max)}]`];
  const names = [`< ${fmt(edges[0])}`];
  for (let k = 1; k < edges.length; k++) names.push(`[${fmt(edges[k - 1])}, ${fmt(edges[k])})`);
  const last = edges[edges.length - 1];
  names.push(max >= last ? `[${fmt(last)}, ${fmt(max)}]` : `≥ ${fmt(last)}`);
  return names;
}

/** Bin of v: the number of edges ≤ v (edges[k-1] <= v < edges[k] → bin k). */
export function binOf(edges: number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

type Encode = (cell: string, row: number, line: number) => void;

/** Read options that make later passes see the file exactly as pass 1 did. */
function sameAsPass1(stats: TableStats, signal: AbortSignal | undefined, onProgress?: (b: number, t: number) => void): ReadOptions {
  const h = stats.header;
  return { format: h.format, delimiter: h.delimiter ?? undefined, columns: h.format === 'jsonl' ? [...h.columns] : undefined, signal, onProgress };
}

/** Pass 2: encode the file's cases with the given specs (one per column, in file order). */
export async function encodeTable(stats: TableStats, specs: ColumnSpec[], options: EncodeOptions = {}): Promise<EncodedCases> {
  const { file, header } = stats;
  const n = stats.rows;
  const names = header.columns;
  if (specs.length !== names.length || specs.some((s, k) => s.name !== names[k])) {
    throw new Error(`encodeTable: specs must name the file's columns in order (${names.join(', ')})`);
  }

  // set and text columns need their vocabulary before features can be laid out
  const vocabCols = specs.map((s, k) => (s.kind === 'set' || s.kind === 'text' ? k : -1)).filter((k) => k >= 0);
  const vocab = new Map<number, Map<string, number>>(vocabCols.map((k) => [k, new Map()]));
  if (vocabCols.length > 0) {
    await scanTable(file, {
      onRow(cells) {
        for (const k of vocabCols) {
          const cell = cells[k];
          if (cell === null) continue;
          const counts = vocab.get(k) as Map<string, number>;
          const spec = specs[k];
          const tokens = spec.kind === 'set' ? setItems(cell, spec.delimiter ?? DEFAULT_SET_DELIMITER) : words(cell);
          for (const t of new Set(tokens)) {
            const c = counts.get(t);
            if (c !== undefined) counts.set(t, c + 1);
            else if (counts.size < VOCABULARY_TRACK_CAP) counts.set(t, 1);
          }
        }
      },
    }, sameAsPass1(stats, options.signal, options.onProgress && ((b, t) => options.onProgress?.(b, t, 'vocabulary'))));
  }

  const features: Feature[] = [];
  const vectors: EncodedCases['vectors'] = [];
  let labels: (string | null)[] | null = null;
  let labelColumn: string | null = null;
  let ids: string[] | null = null;
  const encoders: (Encode | null)[] = specs.map(() => null);
  // x is filled once all features are known; encoders capture `ref` and read x from it
  const ref = { x: new Int32Array(0), width: 0 };

  specs.forEach((spec, k) => {
    const s = stats.columns[k];
    const column = spec.name;
    const bad = (line: number, what: string): never => {
      throw new ImportError(file, line, k + 1, what);
    };
    switch (spec.kind) {
      case 'numeric': {
        let edges = spec.edges;
        if (!edges) {
          const sorted = (s.values as Float64Array).slice(0, s.nValues).sort();
          edges = quantileEdges(sorted, spec.bins ?? DEFAULT_BINS);
        }
        const f = features.length;
        const e = edges;
        features.push({ name: column, column, values: binNames(e, s.min, s.max), edges: [...e] });
        encoders[k] = (cell, row, line) => {
          const v = parseNumber(cell);
          if (Number.isNaN(v)) bad(line, `${JSON.stringify(cell)} is not a number, but column ${JSON.stringify(column)} is numeric`);
          ref.x[row * ref.width + f] = binOf(e, v);
        };
        break;
      }
      case 'categorical': {
        const f = features.length;
        const hint = header.hints[k];
        const values = hint?.type === 'nominal' ? [...hint.values] : [];
        const index = new Map(values.map((v, i) => [v, i]));
        features.push({ name: column, column, values });
        encoders[k] = (cell, row) => {
          let i = index.get(cell);
          if (i === undefined) {
            i = values.length;
            index.set(cell, i);
            values.push(cell);
          }
          ref.x[row * ref.width + f] = i;
        };
        break;
      }
      case 'boolean': {
        const f = features.length;
        features.push({ name: column, column, values: ['false', 'true'] });
        encoders[k] = (cell, row, line) => {
          const b = parseBoolean(cell);
          if (b < 0) bad(line, `${JSON.stringify(cell)} is not true/false, yes/no or 1/0, but column ${JSON.stringify(column)} is boolean`);
          ref.x[row * ref.width + f] = b;
        };
        break;
      }
      case 'set':
      case 'text': {
        const counts = vocab.get(k) as Map<string, number>;
        let items = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[0]);
        if (spec.kind === 'text') items = items.slice(0, spec.vocabularyCap ?? DEFAULT_VOCABULARY_CAP);
        const f0 = features.length;
        const index = new Map(items.map((it, i) => [it, f0 + i]));
        for (const item of items) features.push({ name: `${column}=${item}`, column, item, values: ['absent', 'present'] });
        const m = items.length;
        const delimiter = spec.delimiter ?? DEFAULT_SET_DELIMITER;
        const kind = spec.kind;
        encoders[k] = (cell, row) => {
          const base = row * ref.width;
          ref.x.fill(0, base + f0, base + f0 + m);
          for (const t of kind === 'set' ? setItems(cell, delimiter) : words(cell)) {
            const f = index.get(t);
            if (f !== undefined) ref.x[base + f] = 1;
          }
        };
        break;
      }
      case 'vector': {
        const block = { column, dim: 0, data: new Float32Array(0) };
        vectors.push(block);
        let firstLine = 0;
        encoders[k] = (cell, row, line) => {
          const v = parseVector(cell);
          if (v === null) bad(line, `${JSON.stringify(cell.slice(0, 40))} is not a list of numbers, but column ${JSON.stringify(column)} is a vector`);
          const vec = v as number[];
          if (block.dim === 0) {
            block.dim = vec.length;
            block.data = new Float32Array(n * vec.length).fill(NaN);
            firstLine = line;
          } else if (vec.length !== block.dim) {
            bad(line, `expected a vector of ${block.dim} numbers (as on line ${firstLine}) but found ${vec.length}`);
          }
          block.data.set(vec, row * block.dim);
        };
        break;
      }
      case 'identifier': {
        const out: string[] = new Array(n);
        ids = out;
        encoders[k] = (cell, row) => {
          out[row] = cell;
        };
        break;
      }
      case 'label': {
        const out: (string | null)[] = new Array(n).fill(null);
        labels = out;
        labelColumn = column;
        encoders[k] = (cell, row) => {
          out[row] = cell;
        };
        break;
      }
      case 'ignored':
        break;
    }
  });

  ref.width = features.length;
  ref.x = new Int32Array(n * features.length).fill(-1);
  const active = encoders.map((e, k) => [k, e] as const).filter((p): p is readonly [number, Encode] => p[1] !== null);
  let row = 0;
  await scanTable(file, {
    onRow(cells, line) {
      if (row >= n) throw new ImportError(file, line, 1, 'the file has more rows than when it was first read: was it changed during the import?');
      for (const [k, encode] of active) {
        const cell = cells[k];
        if (cell !== null && cell !== undefined) encode(cell, row, line);
      }
      options.onRow?.(row, cells);
      row++;
    },
  }, sameAsPass1(stats, options.signal, options.onProgress && ((b, t) => options.onProgress?.(b, t, 'encode'))));
  if (row !== n) throw new ImportError(file, 1, 1, `the file has ${row} rows now but had ${n} when first read: was it changed during the import?`);

  if (ids) {
    const out = ids as string[];
    for (let r = 0; r < n; r++) if (out[r] === undefined) out[r] = `#${r + 1}`;
  }
  return { n, features, x: ref.x, vectors, labels, labelColumn, ids };
}
