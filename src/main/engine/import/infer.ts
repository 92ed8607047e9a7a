// Pass 1 of an import: stream the file once, keep bounded statistics per column, and infer how each column
// enters the model (a ColumnSpec) with a reason the user can read (a ColumnSummary).
//
// Inference rules, first match wins (a column the caller names as `label` is the label; an override's kind
// is taken as given, after the checks in `checkKind`):
//  1. every cell missing                                   → ignored ("every cell is missing")
//  2. one distinct value                                   → ignored ("only one value", plus a warning)
//  3. ARFF nominal attribute                               → categorical, values in declared order
//  4. every value in {true,false,yes,no,y,n,t,f,0,1}, any case → boolean
//  5. every value a number:
//       whole numbers with ≤ 10 distinct values             → categorical (counts, codes, zoo's `legs`)
//       exactly 2 distinct numbers (not 0/1, see 4)          → categorical
//       otherwise                                           → numeric, 5 quantile bins
//  6. every value a list of the same number (≥ 2) of numbers → vector
//  7. ≥ 50% of values contain `;` (else `|`)                → set with that delimiter
//  8. every value distinct, none missing, and the name looks like an id (id, key, uuid, name, title, *_id,
//     *_name)                                              → identifier
//  9. ≥ 5 words per value on average and ≥ 50% distinct     → text (bag of words)
// 10. every value distinct, none missing                   → identifier
// 11. more than 100 distinct values and over half the cells distinct → ignored (too many to be categories)
// 12. otherwise                                            → categorical
// Only one column is the identifier: a second identifier-like column is ignored. Labels are never guessed.
import type { ColumnKind, ColumnSpec, ColumnSummary } from '../../../shared/data';
import { type Cell, parseBoolean, parseNumber, parseVector } from './cells';
import { ImportError } from './errors';
import { type ReadOptions, scanTable } from './parse';
import type { TableHeader } from './table';

/** Distinct values counted per column; beyond this the column is only known to have "more". */
export const DISTINCT_CAP = 10_000;
export const DEFAULT_BINS = 5;
export const DEFAULT_VOCABULARY_CAP = 200;
export const DEFAULT_SET_DELIMITER = ';';

const ID_NAME = /^(id|key|uuid|guid|name|title)$|[_\- ](id|name)$|[a-z]Id$/i;
const MODELLED: ReadonlySet<ColumnKind> = new Set(['categorical', 'numeric', 'boolean', 'set', 'text', 'vector']);

/** A place in the file, to point at when a column's values contradict a requested kind. */
export interface CellRef {
  line: number;
  value: string;
}

/** Bounded statistics of one column from pass 1. */
export class ColumnStats {
  nonMissing = 0;
  missing = 0;
  /** Distinct value → count, in first-seen order, at most DISTINCT_CAP entries. */
  readonly counts = new Map<string, number>();
  /** Whether more than DISTINCT_CAP distinct values were seen. */
  overflow = false;
  numeric = true;
  integer = true;
  firstNonNumeric: CellRef | null = null;
  /** Every value while `numeric` holds (released otherwise), indexed by <non-missing cell>; nValues used. */
  values: Float64Array | null = new Float64Array(256);
  nValues = 0;
  min = Infinity;
  max = -Infinity;
  boolean = true;
  firstNonBoolean: CellRef | null = null;
  withSemicolon = 0;
  withPipe = 0;
  /** Words over the non-numeric values, for the text rule. */
  wordCount = 0;
  textCells = 0;
  /** 0 = no value yet, -1 = not a vector column, else the dimension all values so far share. */
  vectorDim = 0;
  /** The dimension and line of the first value, to explain a later mismatch. */
  firstVector: { dim: number; line: number } | null = null;
  firstNonVector: CellRef | null = null;

  add(cell: Cell, line: number): void {
    if (cell === null) {
      this.missing++;
      return;
    }
    this.nonMissing++;
    const c = this.counts.get(cell);
    if (c !== undefined) this.counts.set(cell, c + 1);
    else if (this.counts.size < DISTINCT_CAP) this.counts.set(cell, 1);
    else this.overflow = true;

    if (this.numeric) {
      const v = parseNumber(cell);
      if (Number.isNaN(v)) {
        this.numeric = false;
        this.values = null;
        this.firstNonNumeric = { line, value: cell };
      } else {
        let values = this.values as Float64Array;
        if (this.nValues === values.length) {
          const grown = new Float64Array(values.length * 2);
          grown.set(values);
          this.values = values = grown;
        }
        values[this.nValues++] = v;
        if (v < this.min) this.min = v;
        if (v > this.max) this.max = v;
        if (this.integer && !Number.isInteger(v)) this.integer = false;
      }
    }
    if (this.boolean && parseBoolean(cell) < 0) {
      this.boolean = false;
      this.firstNonBoolean = { line, value: cell };
    }
    if (this.vectorDim >= 0) {
      const dim = parseVector(cell)?.length ?? -1;
      if (this.firstVector === null) this.firstVector = { dim, line };
      if (dim < 2 || (this.vectorDim > 0 && dim !== this.vectorDim)) {
        this.vectorDim = -1;
        this.firstNonVector = { line, value: cell };
      } else this.vectorDim = dim;
    }
    if (!this.numeric) {
      if (cell.includes(';')) this.withSemicolon++;
      if (cell.includes('|')) this.withPipe++;
      this.textCells++;
      this.wordCount += countWords(cell);
    }
  }

  get distinct(): number {
    return this.counts.size;
  }

  /** Every value distinct and none missing (past the cap: no counted value seen twice). */
  get allDistinct(): boolean {
    if (this.missing > 0 || this.nonMissing < 2) return false;
    if (!this.overflow) return this.counts.size === this.nonMissing;
    for (const c of this.counts.values()) if (c > 1) return false;
    return true;
  }
}

function countWords(s: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 10 || c === 13;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/** What pass 1 learns about a file. */
export interface TableStats {
  file: string;
  header: TableHeader;
  rows: number;
  /** Indexed by column, as header.columns. */
  columns: ColumnStats[];
}

/** Pass 1: read the whole file once, keeping only bounded statistics. */
export async function collectStats(path: string, options: ReadOptions = {}): Promise<TableStats> {
  const columns: ColumnStats[] = [];
  let rows = 0;
  const { header } = await scanTable(path, {
    onRow(cells, line) {
      while (columns.length < cells.length) {
        // JSON Lines: a key first seen now was missing on every earlier row
        const s = new ColumnStats();
        s.missing = rows;
        columns.push(s);
      }
      for (let k = 0; k < columns.length; k++) columns[k].add(k < cells.length ? cells[k] : null, line);
      rows++;
    },
  }, options);
  return { file: path, header, rows, columns };
}

export interface InferOptions {
  /** The label column (kept for evaluation, not modelled). Never guessed. */
  label?: string;
  /** Per column name, or glob with `*` (e.g. `px_*`); an exact name wins over a glob. */
  overrides?: Record<string, Partial<ColumnSpec>>;
}

export interface Inference {
  columns: ColumnSpec[];
  summaries: ColumnSummary[];
  warnings: string[];
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** Decide every column's spec from pass-1 statistics. Throws ImportError when a request contradicts the data. */
export function inferColumns(stats: TableStats, options: InferOptions = {}): Inference {
  const { file, header } = stats;
  const names = header.columns;
  const overrides = options.overrides ?? {};
  const warnings = [...header.warnings];
  const globs = Object.keys(overrides).filter((k) => k.includes('*')).map((k) => ({ key: k, re: globToRegExp(k) }));

  for (const key of Object.keys(overrides)) {
    const hit = key.includes('*') ? names.some((n) => globToRegExp(key).test(n)) : names.includes(key);
    if (!hit) warnings.push(`override ${JSON.stringify(key)} matches no column`);
  }
  if (options.label !== undefined && !names.includes(options.label)) {
    throw new ImportError(file, header.line, options.label,
      `label column ${JSON.stringify(options.label)} is not in the file (columns: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''})`);
  }

  const columns: ColumnSpec[] = [];
  const reasons: string[] = [];
  let identifier: string | null = null;
  let label: string | null = options.label ?? null;

  // explicit choices first, so an identifier or label the user named takes precedence over a guessed one
  const pending: number[] = [];
  names.forEach((name, k) => {
    const s = stats.columns[k];
    const exact = overrides[name];
    const merged: Partial<ColumnSpec> = {};
    let from = '';
    for (const g of globs) {
      if (g.re.test(name)) {
        Object.assign(merged, overrides[g.key]);
        from = g.key;
      }
    }
    if (exact) {
      Object.assign(merged, exact);
      from = name;
    }
    const where = { line: header.line, column: k + 1 };
    if (name === options.label) {
      columns[k] = { name, kind: 'label' };
      reasons[k] = 'the label column you chose (kept for evaluation, not modelled)';
      return;
    }
    if (merged.kind === undefined) {
      columns[k] = { ...merged, name, kind: 'ignored' }; // placeholder, decided below
      pending.push(k);
      return;
    }
    const kind = merged.kind;
    const spec: ColumnSpec = { ...merged, name, kind };
    if (MODELLED.has(kind) && s.distinct <= 1) {
      const only = s.distinct === 0 ? 'no values (every cell is missing)' : `only one value (${JSON.stringify(first(s))})`;
      if (exact?.kind !== undefined) {
        throw new ImportError(file, where.line, where.column,
          `column ${JSON.stringify(name)} has ${only}, so it cannot be modelled as ${kind}; set it to ignored or choose another column`);
      }
      columns[k] = { name, kind: 'ignored' };
      reasons[k] = only;
      warnings.push(`column ${JSON.stringify(name)} has ${only} and is ignored (override ${JSON.stringify(from)} asked for ${kind})`);
      return;
    }
    checkKind(file, header.line, k, spec, s);
    if (kind === 'label') {
      if (label !== null && label !== name) {
        throw new ImportError(file, where.line, where.column, `two label columns: ${JSON.stringify(label)} and ${JSON.stringify(name)}`);
      }
      label = name;
    }
    if (kind === 'identifier') {
      if (identifier !== null) {
        throw new ImportError(file, where.line, where.column,
          `two identifier columns: ${JSON.stringify(identifier)} and ${JSON.stringify(name)}; set one of them to ignored`);
      }
      identifier = name;
    }
    columns[k] = spec;
    reasons[k] = `set by you (override ${JSON.stringify(from)})`;
  });

  for (const k of pending) {
    const { kind, reason, extra } = autoKind(names[k], stats.columns[k], header.hints[k] ?? null, identifier);
    const spec: ColumnSpec = { ...extra, ...columns[k], kind };
    if (spec.edges) delete spec.bins;
    if (kind === 'identifier') identifier = names[k];
    if (reason.startsWith('only one value')) warnings.push(`column ${JSON.stringify(names[k])} has ${reason} and is ignored`);
    columns[k] = spec;
    reasons[k] = reason;
  }

  const summaries: ColumnSummary[] = columns.map((c, k) => {
    const s = stats.columns[k];
    return {
      name: c.name,
      kind: c.kind,
      reason: reasons[k],
      distinct: s.distinct,
      missing: s.missing,
      examples: [...s.counts.keys()].slice(0, 10),
    };
  });
  return { columns, summaries, warnings };
}

function first(s: ColumnStats): string {
  return s.counts.keys().next().value ?? '';
}

/** The data must fit a kind the user asked for; point at the first cell that does not. */
function checkKind(file: string, headerLine: number, k: number, spec: ColumnSpec, s: ColumnStats): void {
  const bad = (ref: CellRef | null, what: string): void => {
    if (ref) throw new ImportError(file, ref.line, k + 1, `${JSON.stringify(ref.value)} is not ${what}, but column ${JSON.stringify(spec.name)} is set to ${spec.kind}`);
  };
  if (spec.kind === 'numeric') {
    bad(s.firstNonNumeric, 'a number');
    const e = spec.edges;
    if (e && e.some((v, i) => !Number.isFinite(v) || (i > 0 && v <= e[i - 1]))) {
      throw new ImportError(file, headerLine, k + 1, `bin edges for ${JSON.stringify(spec.name)} must be finite and strictly ascending: [${e.join(', ')}]`);
    }
    if (spec.bins !== undefined && !(Number.isInteger(spec.bins) && spec.bins >= 1)) {
      throw new ImportError(file, headerLine, k + 1, `bins for ${JSON.stringify(spec.name)} must be a whole number ≥ 1, not ${spec.bins}`);
    }
  }
  if (spec.kind === 'boolean') bad(s.firstNonBoolean, 'true/false, yes/no or 1/0');
  if (spec.kind === 'vector' && s.firstNonVector) {
    const ref = s.firstNonVector;
    const dim = parseVector(ref.value)?.length ?? 0;
    const firstDim = s.firstVector?.dim ?? 0;
    if (dim >= 1 && firstDim >= 1 && dim !== firstDim) {
      throw new ImportError(file, ref.line, k + 1,
        `expected a vector of ${firstDim} numbers (as on line ${s.firstVector?.line}) but found ${dim}, in column ${JSON.stringify(spec.name)}`);
    }
    bad(ref, 'a list of numbers');
  }
}

function pct(a: number, b: number): string {
  return `${Math.round((100 * a) / b)}%`;
}

function autoKind(name: string, s: ColumnStats, hint: TableHeader['hints'][number], identifier: string | null):
  { kind: ColumnKind; reason: string; extra?: Partial<ColumnSpec> } {
  const distinct = s.overflow ? `over ${DISTINCT_CAP}` : String(s.distinct);
  if (s.nonMissing === 0) return { kind: 'ignored', reason: 'every cell is missing' };
  if (s.distinct === 1) return { kind: 'ignored', reason: `only one value (${JSON.stringify(first(s))})` };
  if (hint?.type === 'nominal') return { kind: 'categorical', reason: `declared nominal in the ARFF header (${hint.values.length} values)` };
  if (s.boolean) return { kind: 'boolean', reason: `yes/no values (${[...s.counts.keys()].join(', ')})` };
  if (s.numeric) {
    if (s.integer && !s.overflow && s.distinct <= 10) {
      return { kind: 'categorical', reason: `whole numbers with only ${s.distinct} distinct values` };
    }
    if (s.distinct === 2) return { kind: 'categorical', reason: 'only two distinct numbers' };
    return { kind: 'numeric', reason: `numbers (${distinct} distinct, ${s.min} to ${s.max}), in ${DEFAULT_BINS} quantile bins`, extra: { bins: DEFAULT_BINS } };
  }
  if (s.vectorDim >= 2) return { kind: 'vector', reason: `lists of ${s.vectorDim} numbers` };
  const half = s.nonMissing / 2;
  for (const [delimiter, count] of [[';', s.withSemicolon], ['|', s.withPipe]] as const) {
    if (count >= half) {
      return { kind: 'set', reason: `${pct(count, s.nonMissing)} of values are lists separated by "${delimiter}"`, extra: { delimiter } };
    }
  }
  const idReason = identifier === null ? null : `every value is distinct, like ${JSON.stringify(identifier)}, which already names the cases`;
  if (s.allDistinct && ID_NAME.test(name)) {
    return idReason ? { kind: 'ignored', reason: idReason } : { kind: 'identifier', reason: 'every value is distinct and the name looks like an identifier' };
  }
  const avgWords = s.textCells > 0 ? s.wordCount / s.textCells : 0;
  if (avgWords >= 5 && (s.overflow || s.distinct >= half)) {
    return { kind: 'text', reason: `free text (${avgWords.toFixed(1)} words per value on average, ${distinct} distinct)`, extra: { vocabularyCap: DEFAULT_VOCABULARY_CAP } };
  }
  if (s.allDistinct) return idReason ? { kind: 'ignored', reason: idReason } : { kind: 'identifier', reason: 'every value is distinct' };
  if (s.overflow || (s.distinct > 100 && s.distinct > half)) {
    return { kind: 'ignored', reason: `too many distinct values (${distinct}) to use as categories; set it to text if it is prose` };
  }
  return { kind: 'categorical', reason: `${s.distinct} distinct values` };
}
