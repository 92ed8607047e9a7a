// Pass 1 of an import: stream the file once, keep bounded statistics per column, and infer how each column
// enters the model (a ColumnSpec) with a reason the user can read (a ColumnSummary).
//
// Inference rules, first match wins (a column the caller names as `label` is the label; an override's kind
// is taken as given, after the checks in `checkKind`):
//  1. every cell missing                                   → ignored ("every cell is missing")
//  2. ARFF nominal declaring one value, `?` in other rows  → categorical with missing = absent (market-basket
//     data such as Weka's supermarket.arff: `{t}` = bought, `?` = not bought), with a warning saying so
//  3. one distinct value                                   → ignored ("only one value", plus a warning)
//  4. ARFF nominal attribute                               → categorical, values in declared order
//  5. a family: ≥ 4 numeric columns named alike but for their numbers (px_0_0 … px_7_7) on one range
//                                                          → one kind for all, decided on all their values;
//     numeric families share quantile bin edges (family.ts)
//  6. every value in {true,false,yes,no,y,n,t,f,0,1}, any case → boolean
//  7. every value a number:
//       whole numbers with ≤ 10 distinct values             → categorical (counts, codes, zoo's `legs`)
//       exactly 2 distinct numbers (not 0/1, see 6)          → categorical
//       otherwise                                           → numeric, 5 quantile bins
//  8. every value a list of the same number (≥ 2) of numbers → vector
//  9. ≥ 50% of values contain `;` (else `|`), not counting the `;` of HTML entities (`&lt;`) → set with that
//     delimiter, unless the values are prose (rule 11) and the pieces between delimiters are passages of
//     more than 3 words: a newswire story with `&lt;` or `; ` between clauses is text, not a list
// 10. every value distinct, none missing, and the name looks like an id (id, key, uuid, name, title, *_id,
//     *_name)                                              → identifier
// 11. ≥ 5 words per value on average and ≥ 50% distinct     → text (bag of words)
// 12. every value distinct, none missing                   → identifier
// 13. more than 100 distinct values and over half the cells distinct → ignored (too many to be categories)
// 14. otherwise                                            → categorical
// Only one column is the identifier: a second identifier-like column is ignored. Labels are never guessed.
// Names that number a full grid (px_R_C) of numeric columns make the cases images (image.ts).
import type { ColumnKind, ColumnSpec, ColumnSummary, ImageShape } from '../../../shared/data';
import { binNames, quantileEdges } from './bins';
import { type Cell, isOutOfRange, notANumber, parseBoolean, parseNumber, parseVector } from './cells';
import { ImportError } from './errors';
import { decideFamilies } from './family';
import { resolveImage } from './image';
import { type ReadOptions, scanTable } from './parse';
import { didYouMean } from '../../../shared/suggest';
import type { TableHeader } from './table';
import { DEFAULT_VOCABULARY_CAP, ENTITY } from './text';

/** Distinct values counted per column; beyond this the column is only known to have "more". */
export const DISTINCT_CAP = 10_000;
export const DEFAULT_BINS = 5;
export { DEFAULT_VOCABULARY_CAP } from './text';
export const DEFAULT_SET_DELIMITER = ';';

const ID_NAME = /^(id|key|uuid|guid|name|title)$|[_\- ](id|name)$|[a-z]Id$/i;
const MODELLED: ReadonlySet<ColumnKind> = new Set(['categorical', 'numeric', 'boolean', 'set', 'text', 'vector']);
const ABSENT_KINDS: ReadonlySet<ColumnKind> = new Set(['categorical', 'boolean', 'set', 'text']);
/** Sentence punctuation: `.`, `!` or `?` (maybe closing a quote or bracket) before a space or the end. */
const SENTENCE = /[a-z][.!?]["')\]]?(?:\s|$)/;
/** Between list delimiters, more words than this on average are passages of prose, not items. */
const MAX_ITEM_WORDS = 3;

/** A place in the file, to point at when a column's values contradict a requested kind. */
export interface CellRef {
  line: number;
  value: string;
}

/** How the values that contain one list delimiter split. */
class DelimiterStats {
  /** Cells containing the delimiter. */
  cells = 0;
  /** Non-empty pieces between delimiters in those cells, and the words in them. */
  items = 0;
  itemWords = 0;

  add(cell: string, delimiter: string): void {
    this.cells++;
    for (const piece of cell.split(delimiter)) {
      const w = countWords(piece);
      if (w > 0) {
        this.items++;
        this.itemWords += w;
      }
    }
  }
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
  /** The first value written as a number but beyond the range of a double (`1e400`): never Infinity. */
  outOfRange: CellRef | null = null;
  /** Whether some value that is not a number at all was seen (else only out-of-range numbers broke `numeric`). */
  otherText = false;
  /**
   * Every value while `numeric` holds (released otherwise), indexed by <non-missing cell>; nValues used.
   * Starts small: a file of 100,000 columns has 100,000 of these.
   */
  values: Float64Array | null = new Float64Array(16);
  nValues = 0;
  private isSorted = false;
  min = Infinity;
  max = -Infinity;
  boolean = true;
  firstNonBoolean: CellRef | null = null;
  /** Values containing `;` outside HTML entities, and `|` (made on first sight: most columns have none). */
  semicolon: DelimiterStats | null = null;
  pipe: DelimiterStats | null = null;
  /** Values whose only `;` end HTML entities (`&lt;`, `&#39;`). */
  entitySemicolons = 0;
  /** Words, characters and values with sentence punctuation, over the non-numeric values (text rule). */
  wordCount = 0;
  charCount = 0;
  sentences = 0;
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

    const v = parseNumber(cell);
    if (Number.isNaN(v)) {
      if (!isOutOfRange(cell)) this.otherText = true;
      else this.outOfRange ??= { line, value: cell };
    }
    if (this.numeric) {
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
      if (cell.includes(';')) {
        const bare = cell.includes('&') ? cell.replace(ENTITY, ' ') : cell;
        if (bare.includes(';')) (this.semicolon ??= new DelimiterStats()).add(bare, ';');
        else this.entitySemicolons++;
      }
      if (cell.includes('|')) (this.pipe ??= new DelimiterStats()).add(cell, '|');
      this.textCells++;
      const words = countWords(cell);
      this.wordCount += words;
      this.charCount += cell.length;
      if (words >= 5 && SENTENCE.test(cell)) this.sentences++;
    }
  }

  /**
   * The numeric values, ascending: sorted in place once, shared by inference and encoding, so a column of a
   * million numbers costs no second copy. Call only after pass 1 (their order is not needed after it).
   */
  sorted(): Float64Array {
    const values = (this.values as Float64Array).subarray(0, this.nValues);
    if (!this.isSorted) values.sort();
    this.isSorted = true;
    return values;
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
  /** The cases are images of this shape; false: do not infer one from the names. See image.ts. */
  image?: { rows: number; cols: number } | false;
}

export interface Inference {
  columns: ColumnSpec[];
  summaries: ColumnSummary[];
  warnings: string[];
  /** When the cases are pictures: the grid and its pixel columns (also in each pixel column's spec). */
  image: ImageShape | null;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function describe(spec: Partial<ColumnSpec>): string {
  return spec.kind !== undefined ? `kind ${spec.kind}` : `options ${Object.keys(spec).join(', ')}`;
}

/** Decide every column's spec from pass-1 statistics. Throws ImportError when a request contradicts the data. */
export function inferColumns(stats: TableStats, options: InferOptions = {}): Inference {
  const { file, header } = stats;
  const names = header.columns;
  const nameSet = new Set(names);
  const overrides = options.overrides ?? {};
  const warnings = [...header.warnings];
  const globs = Object.keys(overrides).filter((k) => k.includes('*')).map((k) => ({ key: k, re: globToRegExp(k) }));

  // a request naming no column is a mistake to point out (a typo would otherwise be silently ignored);
  // it is about the request, not a place in the file, so the message names the file only
  if (options.label !== undefined && !nameSet.has(options.label)) {
    throw new ImportError(file, null, null, `label column ${JSON.stringify(options.label)} is not in the file; ${didYouMean(options.label, names)}`);
  }
  for (const [key, spec] of Object.entries(overrides)) {
    if (key.includes('*')) {
      const re = globToRegExp(key);
      if (!names.some((n) => re.test(n))) {
        throw new ImportError(file, null, null, `no column matches ${JSON.stringify(key)} (${describe(spec)} was set for it); ${didYouMean(key, names)}`);
      }
    } else if (!nameSet.has(key)) {
      throw new ImportError(file, null, null, `there is no column ${JSON.stringify(key)} (${describe(spec)} was set for it); ${didYouMean(key, names)}`);
    }
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
    // with missing = absent, an empty cell is a value of its own
    const values = s.distinct + (spec.missing === 'absent' && s.missing > 0 ? 1 : 0);
    if (MODELLED.has(kind) && values <= 1) {
      const only = s.distinct === 0 ? 'no values (every cell is missing)' : `only one value (${JSON.stringify(first(s))})`;
      if (exact?.kind !== undefined) {
        throw new ImportError(file, where.line, where.column,
          `column ${JSON.stringify(name)} has ${only}, so it cannot be modelled as ${kind}; set it to ignored or choose another column`);
      }
      columns[k] = { name, kind: 'ignored', ...(spec.pixel ? { pixel: spec.pixel } : {}) };
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

  // a number too large for a double is an error rather than Infinity, or a column quietly made categorical
  for (const k of pending) {
    const s = stats.columns[k];
    if (s.outOfRange !== null && !s.otherText) {
      throw new ImportError(file, s.outOfRange.line, k + 1,
        `${JSON.stringify(s.outOfRange.value)} in column ${JSON.stringify(names[k])} is beyond the range of numbers (±1.8e308); write a smaller number, or leave the cell empty`);
    }
  }

  const families = decideFamilies(names, stats.columns, header.hints, pending, (k) => columns[k].bins ?? DEFAULT_BINS);
  warnings.push(...families.warnings);
  const basket: string[] = [];
  for (const k of pending) {
    const s = stats.columns[k];
    const hint = header.hints[k] ?? null;
    const { kind, reason, extra } = families.choices.get(k) ?? autoKind(names[k], s, hint, identifier, columns[k]);
    const spec: ColumnSpec = { ...extra, ...columns[k], kind };
    if (spec.edges) delete spec.bins;
    if (kind === 'identifier') identifier = names[k];
    if (reason.startsWith('only one value')) warnings.push(`column ${JSON.stringify(names[k])} has ${reason} and is ignored`);
    if (extra?.missing === 'absent') basket.push(names[k]);
    columns[k] = spec;
    reasons[k] = reason;
  }
  if (basket.length > 0) {
    const one = basket.length === 1;
    warnings.push(`${basket.length} ${one ? 'column declares' : 'columns declare'} a single value in the ARFF header and ${one ? 'has' : 'have'} "?" in the other rows, as market-basket data do ` +
      `(${list(basket)}): "?" is read as "absent" (not bought), not as unknown; set missing to "unknown" for ${one ? 'it' : 'them'} to read "?" as unknown`);
  }

  // pixel positions come from the image alone (an override's stale ones, or image: false, leave none)
  const grid = resolveImage(file, names, columns, (k) => stats.columns[k].numeric, options.image);
  for (const c of columns) delete c.pixel;
  let image: ImageShape | null = null;
  if (grid) {
    image = { rows: grid.rows, cols: grid.cols, columns: grid.columns.map((k) => names[k]) };
    grid.columns.forEach((k, i) => {
      columns[k] = { ...columns[k], pixel: { row: Math.floor(i / grid.cols), col: i % grid.cols } };
    });
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
  return { columns, summaries, warnings, image };
}

function list(names: string[]): string {
  return names.length <= 6 ? names.join(', ') : `${names.slice(0, 6).join(', ')}, … (${names.length} in all)`;
}

function first(s: ColumnStats): string {
  return s.counts.keys().next().value ?? '';
}

/** The data must fit a kind the user asked for; point at the first cell that does not. */
function checkKind(file: string, headerLine: number, k: number, spec: ColumnSpec, s: ColumnStats): void {
  const bad = (ref: CellRef | null, what: string): void => {
    if (ref) throw new ImportError(file, ref.line, k + 1, `${JSON.stringify(ref.value)} is not ${what}, but column ${JSON.stringify(spec.name)} is set to ${spec.kind}`);
  };
  const option = (what: string): never => {
    throw new ImportError(file, headerLine, k + 1, what);
  };
  if (spec.kind === 'numeric') {
    bad(s.firstNonNumeric, s.firstNonNumeric ? notANumber(s.firstNonNumeric.value) : 'a number');
    const e = spec.edges;
    if (e && e.some((v, i) => !Number.isFinite(v) || (i > 0 && v <= e[i - 1]))) {
      option(`bin edges for ${JSON.stringify(spec.name)} must be finite and strictly ascending: [${e.join(', ')}]`);
    }
    if (spec.bins !== undefined && !(Number.isInteger(spec.bins) && spec.bins >= 1)) {
      option(`bins for ${JSON.stringify(spec.name)} must be a whole number ≥ 1, not ${spec.bins}`);
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
  if (spec.missing === 'absent' && !ABSENT_KINDS.has(spec.kind)) {
    option(`missing = absent applies to categorical, boolean, set and text columns, not to ${spec.kind} column ${JSON.stringify(spec.name)}`);
  }
  for (const key of ['minDf', 'maxDf'] as const) {
    const v = spec[key];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) option(`${key} for ${JSON.stringify(spec.name)} must be a number ≥ 0, not ${v}`);
  }
}

function pct(a: number, b: number): string {
  return `${Math.round((100 * a) / b)}%`;
}

function numericKind(s: ColumnStats): { kind: ColumnKind; reason: string; extra?: Partial<ColumnSpec> } {
  const distinct = s.overflow ? `over ${DISTINCT_CAP}` : String(s.distinct);
  if (s.integer && !s.overflow && s.distinct <= 10) {
    return { kind: 'categorical', reason: `whole numbers with only ${s.distinct} distinct values` };
  }
  if (s.distinct === 2) return { kind: 'categorical', reason: 'only two distinct numbers' };
  const edges = quantileEdges(s.sorted(), DEFAULT_BINS);
  const names = binNames(edges, s.min, s.max, s.integer);
  const how = names.length === DEFAULT_BINS ? `${DEFAULT_BINS} quantile bins` : `${names.length} bins (${DEFAULT_BINS} quantile bins asked for; tied values merge bins)`;
  return { kind: 'numeric', reason: `numbers (${distinct} distinct, ${s.min} to ${s.max}), in ${how}: ${names.join(' | ')}`, extra: { bins: DEFAULT_BINS } };
}

function autoKind(name: string, s: ColumnStats, hint: TableHeader['hints'][number], identifier: string | null, asked: Partial<ColumnSpec>):
  { kind: ColumnKind; reason: string; extra?: Partial<ColumnSpec> } {
  const distinct = s.overflow ? `over ${DISTINCT_CAP}` : String(s.distinct);
  const basket = hint?.type === 'nominal' && hint.values.length === 1 && asked.missing !== 'unknown';
  if (s.nonMissing === 0) {
    return { kind: 'ignored', reason: basket ? `declared with one value (${JSON.stringify(hint.values[0])}) but "?" in every row: never present` : 'every cell is missing' };
  }
  if (basket && s.missing > 0) {
    const v = JSON.stringify(hint.values[0]);
    return {
      kind: 'categorical',
      reason: `declared with one value (${v}) in the ARFF header and "?" in ${pct(s.missing, s.missing + s.nonMissing)} of rows: market-basket data, read as ${v} or absent`,
      extra: { missing: 'absent' },
    };
  }
  if (s.distinct === 1) return { kind: 'ignored', reason: `only one value (${JSON.stringify(first(s))})` };
  if (hint?.type === 'nominal') return { kind: 'categorical', reason: `declared nominal in the ARFF header (${hint.values.length} values)` };
  if (s.boolean) return { kind: 'boolean', reason: `yes/no values (${[...s.counts.keys()].join(', ')})` };
  if (s.numeric) return numericKind(s);
  if (s.vectorDim >= 2) return { kind: 'vector', reason: `lists of ${s.vectorDim} numbers` };
  const half = s.nonMissing / 2;
  const avgWords = s.textCells > 0 ? s.wordCount / s.textCells : 0;
  const textLike = avgWords >= 5 && (s.overflow || s.distinct >= half);
  const notes: string[] = [];
  for (const [delimiter, d] of [[';', s.semicolon], ['|', s.pipe]] as const) {
    if (d === null || d.cells < half) continue;
    const perItem = d.items > 0 ? d.itemWords / d.items : 0;
    if (!textLike || perItem <= MAX_ITEM_WORDS) {
      return { kind: 'set', reason: `${pct(d.cells, s.nonMissing)} of values are lists separated by "${delimiter}"`, extra: { delimiter } };
    }
    notes.push(`the "${delimiter}" in ${pct(d.cells, s.nonMissing)} of values join passages of ${perItem.toFixed(1)} words, not list items`);
  }
  if (s.entitySemicolons > 0 && s.entitySemicolons + (s.semicolon?.cells ?? 0) >= half) {
    notes.push(`the ";" in ${pct(s.entitySemicolons, s.nonMissing)} of values end HTML entities such as &lt;, not list items`);
  }
  const idReason = identifier === null ? null : `every value is distinct, like ${JSON.stringify(identifier)}, which already names the cases`;
  if (s.allDistinct && ID_NAME.test(name)) {
    return idReason ? { kind: 'ignored', reason: idReason } : { kind: 'identifier', reason: 'every value is distinct and the name looks like an identifier' };
  }
  if (textLike) {
    const prose = s.sentences >= 0.3 * s.textCells ? 'prose' : 'free text';
    const facts = `${avgWords.toFixed(1)} words and ${Math.round(s.charCount / s.textCells)} characters per value on average, ` +
      `${pct(s.sentences, s.textCells)} with sentence punctuation, ${distinct} distinct`;
    return { kind: 'text', reason: `${prose} (${facts})${notes.length ? `; ${notes.join('; ')}` : ''}`, extra: { vocabularyCap: DEFAULT_VOCABULARY_CAP } };
  }
  if (s.allDistinct) return idReason ? { kind: 'ignored', reason: idReason } : { kind: 'identifier', reason: 'every value is distinct' };
  if (s.overflow || (s.distinct > 100 && s.distinct > half)) {
    return { kind: 'ignored', reason: `too many distinct values (${distinct}) to use as categories; set it to text if it is prose` };
  }
  return { kind: 'categorical', reason: `${s.distinct} distinct values` };
}
