// Pass 2 of an import (plus a vocabulary pass when there are set or text columns): stream the file again
// and encode every case for the model. Numeric bins come from pass-1 values, so nothing here needs the
// whole file in memory except the output itself.
import type { ColumnSpec, EncodedCases, Feature } from '../../../shared/data';
import { binNames, binOf, quantileEdges } from './bins';
import { type Cell, notANumber, parseBoolean, parseNumber, parseVector, setItems } from './cells';
import { ImportError } from './errors';
import { DEFAULT_BINS, DEFAULT_SET_DELIMITER, type TableStats } from './infer';
import { type ReadOptions, scanTable } from './parse';
import { chooseVocabulary, stopWordsOf, textTokens } from './text';

export { binNames, binOf, quantileEdges } from './bins';

/** Distinct items/words counted per set or text column; later new ones are not counted (documented cap). */
export const VOCABULARY_TRACK_CAP = 100_000;

export type EncodePhase = 'vocabulary' | 'encode';

export interface EncodeOptions {
  onProgress?: (bytesRead: number, totalBytes: number, phase: EncodePhase) => void;
  signal?: AbortSignal;
  /** Called for every row during the encoding pass, so a caller can store raw rows without keeping them. */
  onRow?: (row: number, cells: Cell[]) => void;
}

type Encode = (cell: string, row: number, line: number) => void;
/** Writes a missing cell of a column read with missing = absent. */
type Absent = (row: number) => void;

/** The name of the extra value of a categorical column read with missing = absent. */
function absentValue(values: readonly string[]): string {
  let name = 'absent';
  while (values.includes(name)) name = `(${name})`;
  return name;
}

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

  // set and text columns need their vocabulary before features can be laid out: document frequencies
  // (cases containing each item or word) and the number of cases with a value
  const vocabCols = specs.map((s, k) => (s.kind === 'set' || s.kind === 'text' ? k : -1)).filter((k) => k >= 0);
  const vocab = new Map<number, Map<string, number>>(vocabCols.map((k) => [k, new Map()]));
  const docs = new Map<number, number>(vocabCols.map((k) => [k, 0]));
  const stop = new Map(vocabCols.map((k) => [k, specs[k].kind === 'text' ? stopWordsOf(specs[k]) : null]));
  if (vocabCols.length > 0) {
    await scanTable(file, {
      onRow(cells) {
        for (const k of vocabCols) {
          const cell = cells[k];
          if (cell === null || cell === undefined) continue;
          const counts = vocab.get(k) as Map<string, number>;
          const spec = specs[k];
          docs.set(k, (docs.get(k) as number) + 1);
          const tokens = spec.kind === 'set' ? setItems(cell, spec.delimiter ?? DEFAULT_SET_DELIMITER) : textTokens(cell, stop.get(k) ?? null);
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
  const absents: (Absent | null)[] = specs.map(() => null);
  // x is filled once all features are known; encoders capture `ref` and read x from it
  const ref = { x: new Int32Array(0), width: 0 };

  specs.forEach((spec, k) => {
    const s = stats.columns[k];
    const column = spec.name;
    const bad = (line: number, what: string): never => {
      throw new ImportError(file, line, k + 1, what);
    };
    const absent = spec.missing === 'absent';
    switch (spec.kind) {
      case 'numeric': {
        const e = spec.edges ?? quantileEdges(s.sorted(), spec.bins ?? DEFAULT_BINS);
        const f = features.length;
        features.push({ name: column, column, values: binNames(e, s.min, s.max, s.integer), edges: [...e] });
        encoders[k] = (cell, row, line) => {
          const v = parseNumber(cell);
          if (Number.isNaN(v)) bad(line, `${JSON.stringify(cell)} is not ${notANumber(cell)}, but column ${JSON.stringify(column)} is numeric`);
          ref.x[row * ref.width + f] = binOf(e, v);
        };
        break;
      }
      case 'categorical': {
        const f = features.length;
        const hint = header.hints[k];
        const values = hint?.type === 'nominal' ? [...hint.values] : [];
        if (absent) {
          // the absent value first: a market-basket column reads absent / t, like a set item's absent / present
          const name = absentValue(hint?.type === 'nominal' ? hint.values : [...s.counts.keys()]);
          values.unshift(name);
          absents[k] = (row) => {
            ref.x[row * ref.width + f] = 0;
          };
        }
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
        if (absent) {
          absents[k] = (row) => {
            ref.x[row * ref.width + f] = 0;
          };
        }
        break;
      }
      case 'set':
      case 'text': {
        const counts = vocab.get(k) as Map<string, number>;
        const items = spec.kind === 'text'
          ? chooseVocabulary(counts, docs.get(k) as number, spec)
          : [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[0]);
        const f0 = features.length;
        const index = new Map(items.map((it, i) => [it, f0 + i]));
        for (const item of items) features.push({ name: `${column}=${item}`, column, item, values: ['absent', 'present'] });
        const m = items.length;
        const delimiter = spec.delimiter ?? DEFAULT_SET_DELIMITER;
        const kind = spec.kind;
        encoders[k] = (cell, row) => {
          const base = row * ref.width;
          ref.x.fill(0, base + f0, base + f0 + m);
          // stop words are never in the vocabulary, so the lookup needs no stop list
          for (const t of kind === 'set' ? setItems(cell, delimiter) : textTokens(cell)) {
            const f = index.get(t);
            if (f !== undefined) ref.x[base + f] = 1;
          }
        };
        if (absent) {
          absents[k] = (row) => {
            const base = row * ref.width;
            ref.x.fill(0, base + f0, base + f0 + m);
          };
        }
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
  const active = encoders.map((e, k) => [k, e, absents[k]] as const).filter((p): p is readonly [number, Encode, Absent | null] => p[1] !== null);
  let row = 0;
  await scanTable(file, {
    onRow(cells, line) {
      if (row >= n) throw new ImportError(file, line, 1, 'the file has more rows than when it was first read: was it changed during the import?');
      for (const [k, encode, absent] of active) {
        const cell = cells[k];
        if (cell !== null && cell !== undefined) encode(cell, row, line);
        else if (absent !== null) absent(row);
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
