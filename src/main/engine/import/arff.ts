// ARFF reader (Weka's format, https://waikato.github.io/weka-wiki/formats_and_processing/arff_stable/):
// `%` comments, `@relation`, `@attribute name type`, `@data`, then comma-separated rows with `?` = missing
// and values optionally in single or double quotes. Supported types: numeric, real, integer, string, date
// (read as a string) and nominal `{a,b}`; anything else (relational, a typo) is an error, as is sparse data
// (`{0 x, 3 y}`). Values are checked against their type as they are read.
//
// Where the spec is silent we do what Weka's reader does, since Weka writes most ARFF files: it reads with
// java.io.StreamTokenizer, so `%` starts a comment anywhere outside quotes (`@attribute total {low, high}
// % low < 100`, as in Weka's supermarket.arff), and escapes in quoted values are decoded (`\n` newline,
// `\t` tab, `\r`, `\'`, `\"`, `\\`, `\%`; another escaped character stands for itself). Rows may start on
// the `@data` line itself (`@data 1,2`), which StreamTokenizer does not tell from the next line.
import { type Cell, isOutOfRange, parseNumber } from './cells';
import { ImportError } from './errors';
import { checkColumnName, type ColumnHint, LineSplitter, MAX_LINE, type TableSink, type TextReader } from './table';

export class ArffReader implements TextReader {
  private readonly lines: LineSplitter;
  private readonly names: string[] = [];
  /** Attribute name → index, so 100,000 attributes are read in linear time. */
  private readonly index = new Map<string, number>();
  private readonly hints: ColumnHint[] = [];
  private readonly nominal: (Set<string> | null)[] = [];
  private inData = false;
  private sawAnything = false;
  private lastLine = 0;

  constructor(private readonly file: string, private readonly sink: TableSink, maxLine = MAX_LINE) {
    this.lines = new LineSplitter(file, (text, line) => this.onLine(text, line), maxLine);
  }

  push(text: string): void {
    this.lines.push(text);
  }

  end(): void {
    this.lines.end();
    if (!this.inData && this.sawAnything) {
      throw new ImportError(this.file, this.lastLine + 1, 1, 'no @data section: an ARFF file lists its rows after a line "@data"');
    }
  }

  private onLine(raw: string, line: number): void {
    this.lastLine = line;
    const text = stripComment(raw).trim();
    if (text === '') return;
    this.sawAnything = true;
    if (this.inData) this.dataLine(text, line);
    else this.headerLine(text, line);
  }

  private headerLine(text: string, line: number): void {
    const match = /^@(\w+)/.exec(text);
    const keyword = match?.[1].toLowerCase();
    if (keyword === 'relation') return;
    if (keyword === 'data') {
      if (this.names.length === 0) throw new ImportError(this.file, line, 1, '@data comes before any @attribute line');
      this.inData = true;
      this.sink.header({ format: 'arff', columns: this.names, line, delimiter: ',', hints: this.hints, warnings: [] });
      const rest = text.slice((match as RegExpExecArray)[0].length).trim();
      if (rest !== '') this.dataLine(rest, line);
      return;
    }
    if (keyword !== 'attribute') {
      throw new ImportError(this.file, line, 1,
        `unexpected line in the ARFF header: ${JSON.stringify(text.slice(0, 40))} (expected @relation, @attribute or @data)`);
    }
    const column = this.names.length + 1;
    const rest = text.slice('@attribute'.length).trim();
    const { token: name, end } = readToken(rest, 0, /\s/);
    if (name === null || name === '') throw new ImportError(this.file, line, column, '@attribute without a name');
    checkColumnName(this.file, line, column, name);
    const other = this.index.get(name);
    if (other !== undefined) {
      throw new ImportError(this.file, line, column, `duplicate attribute name ${JSON.stringify(name)} (also attribute ${other + 1})`);
    }
    const type = rest.slice(end).trim();
    let hint: ColumnHint;
    if (type.startsWith('{')) {
      if (!type.endsWith('}')) throw new ImportError(this.file, line, column, `nominal type of ${JSON.stringify(name)} has no closing "}"`);
      const values = splitValues(type.slice(1, -1), this.file, line).map((v) => v.text);
      hint = { type: 'nominal', values };
      this.nominal.push(new Set(values));
    } else {
      const word = type.split(/\s/)[0].toLowerCase();
      if (word === 'numeric' || word === 'real' || word === 'integer') hint = { type: 'numeric' };
      else if (word === 'string' || word === 'date') hint = { type: 'string' };
      else {
        throw new ImportError(this.file, line, column,
          `unknown ARFF type ${JSON.stringify(type)} for attribute ${JSON.stringify(name)}: expected numeric, real, integer, string, date or {nominal values}`);
      }
      this.nominal.push(null);
    }
    this.index.set(name, this.names.length);
    this.names.push(name);
    this.hints.push(hint);
  }

  private dataLine(text: string, line: number): void {
    if (text.startsWith('{')) throw new ImportError(this.file, line, 1, 'sparse ARFF rows ({index value, ...}) are not supported; save the data in dense form');
    const values = splitValues(text, this.file, line);
    const n = this.names.length;
    if (values.length !== n) {
      throw new ImportError(this.file, line, Math.min(values.length, n) + 1,
        `expected ${n} values (one per @attribute) but found ${values.length}`);
    }
    const cells: Cell[] = new Array(n);
    for (let k = 0; k < n; k++) {
      const { text: v, quoted } = values[k];
      if (v === '' || (v === '?' && !quoted)) {
        cells[k] = null;
        continue;
      }
      const hint = this.hints[k];
      if (hint.type === 'numeric' && Number.isNaN(parseNumber(v))) {
        const what = isOutOfRange(v) ? 'beyond the range of numbers (±1.8e308)' : 'not a number';
        throw new ImportError(this.file, line, k + 1, `${JSON.stringify(v)} is ${what}, but attribute ${JSON.stringify(this.names[k])} is numeric`);
      }
      const allowed = this.nominal[k];
      if (allowed && !allowed.has(v)) {
        throw new ImportError(this.file, line, k + 1,
          `${JSON.stringify(v)} is not one of the values declared for ${JSON.stringify(this.names[k])}: {${[...allowed].join(',')}}`);
      }
      cells[k] = v;
    }
    this.sink.row(cells, line);
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

/** A quote opens a quoted value only where a value starts: at the start, or after a space, `,` or `{`. */
function opensQuote(s: string, i: number): boolean {
  if (i === 0) return true;
  const p = s[i - 1];
  return p === ',' || p === '{' || p === ' ' || p === '\t';
}

/** The line up to its first `%` outside quotes (the rest is a comment). */
function stripComment(s: string): string {
  if (!s.includes('%')) return s;
  let q = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q !== '') {
      if (c === '\\') i++;
      else if (c === q) q = '';
    } else if (c === '%') return s.slice(0, i);
    else if ((c === "'" || c === '"') && opensQuote(s, i)) q = c;
  }
  return s;
}

/** Read one value starting at `i`: quoted ('…' or "…", backslash escapes decoded) or up to `stop`. */
function readToken(s: string, i: number, stop: RegExp): { token: string | null; end: number; quoted: boolean } {
  const q = s[i];
  if (q === "'" || q === '"') {
    let out = '';
    let j = i + 1;
    while (j < s.length && s[j] !== q) {
      if (s[j] === '\\' && j + 1 < s.length) {
        j++;
        out += ESCAPES[s[j]] ?? s[j];
      } else out += s[j];
      j++;
    }
    if (j >= s.length) return { token: null, end: j, quoted: true };
    return { token: out, end: j + 1, quoted: true };
  }
  let j = i;
  while (j < s.length && !stop.test(s[j])) j++;
  return { token: s.slice(i, j).trim(), end: j, quoted: false };
}

/** Split a comma-separated ARFF list (a data row, or the inside of a nominal type). */
function splitValues(s: string, file: string, line: number): { text: string; quoted: boolean }[] {
  const out: { text: string; quoted: boolean }[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    const { token, end, quoted } = readToken(s, i, /,/);
    if (token === null) throw new ImportError(file, line, out.length + 1, `unterminated quoted value (opened with ${s[i]})`);
    out.push({ text: token, quoted });
    i = end;
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    if (i >= s.length) break;
    if (s[i] !== ',') throw new ImportError(file, line, out.length, `unexpected ${JSON.stringify(s[i])} after a quoted value`);
    i++;
  }
  return out;
}
