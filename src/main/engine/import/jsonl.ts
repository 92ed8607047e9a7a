// JSON Lines reader (https://jsonlines.org): one flat object per line. Columns are the union of keys in
// first-seen order, so a key first seen on line 900 becomes a new column that is missing on lines before it.
// Strings, numbers and booleans are cells; null is missing; nested objects and arrays are an error (the
// model needs one value per column and we will not guess how to flatten).
import { type Cell, normaliseCell } from './cells';
import { ImportError } from './errors';
import { checkColumnName, LineSplitter, MAX_LINE, type TableSink, type TextReader } from './table';

export class JsonLinesReader implements TextReader {
  private readonly lines: LineSplitter;
  private readonly columns: string[];
  private readonly index = new Map<string, number>();
  private started = false;

  /** @param fixed the columns from an earlier pass over the same file: a new key is then an error */
  constructor(private readonly file: string, private readonly sink: TableSink, private readonly fixed?: readonly string[], maxLine = MAX_LINE) {
    this.lines = new LineSplitter(file, (text, line) => this.onLine(text, line), maxLine);
    this.columns = fixed ? [...fixed] : [];
    this.columns.forEach((c, k) => this.index.set(c, k));
  }

  push(text: string): void {
    this.lines.push(text);
  }

  end(): void {
    this.lines.end();
  }

  private onLine(text: string, line: number): void {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new ImportError(this.file, line, 1, `invalid JSON: ${(e as Error).message}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ImportError(this.file, line, 1, `expected one JSON object per line, found ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`);
    }
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (this.index.has(key)) continue;
      if (this.fixed) throw new ImportError(this.file, line, key, `key ${JSON.stringify(key)} was not in the file when it was first read`);
      checkColumnName(this.file, line, this.columns.length + 1, key);
      this.index.set(key, this.columns.length);
      this.columns.push(key);
    }
    if (!this.started) {
      this.started = true;
      this.sink.header({ format: 'jsonl', columns: this.columns, line, delimiter: null, hints: [], warnings: [] });
    }
    const cells: Cell[] = new Array(this.columns.length).fill(null);
    for (const key of Object.keys(obj)) {
      const k = this.index.get(key) as number;
      const v = obj[key];
      if (v === null || v === undefined) continue;
      if (typeof v === 'string') cells[k] = normaliseCell(v);
      else if (typeof v === 'number' || typeof v === 'boolean') cells[k] = String(v);
      else {
        throw new ImportError(this.file, line, k + 1,
          `nested value in ${JSON.stringify(key)} (${Array.isArray(v) ? 'an array' : 'an object'}): flatten it into top-level keys first`);
      }
    }
    this.sink.row(cells, line);
  }
}
