// Types shared by the format readers.
import type { Cell } from './cells';

export type Format = 'csv' | 'tsv' | 'arff' | 'jsonl';

/** What a typed format (ARFF) declares about a column. */
export type ColumnHint = { type: 'numeric' } | { type: 'string' } | { type: 'nominal'; values: string[] };

export interface TableHeader {
  format: Format;
  /** Column names in file order. JSON Lines: grows as later lines bring new keys (the same array). */
  columns: string[];
  /** 1-based line of the header (ARFF: the @data line; JSON Lines: the first object). */
  line: number;
  /** CSV/TSV: the field delimiter used. */
  delimiter: string | null;
  /** Indexed by column; null where the format declares nothing. */
  hints: (ColumnHint | null)[];
  /** Things the reader fixed up (e.g. an empty header name), for the user. */
  warnings: string[];
}

/** Where a format reader sends what it reads. */
export interface TableSink {
  header(header: TableHeader): void;
  row(cells: Cell[], line: number): void;
}

/** A format reader: decoded text goes in, in chunks of any size. */
export interface TextReader {
  push(text: string): void;
  end(): void;
}

/** Splits text chunks into lines (LF or CRLF), numbering them from 1. */
export class LineSplitter {
  private rest = '';
  private line = 0;

  constructor(private readonly onLine: (text: string, line: number) => void) {}

  push(text: string): void {
    let start = 0;
    let j = text.indexOf('\n');
    if (j < 0) {
      this.rest += text;
      return;
    }
    let first = true;
    while (j >= 0) {
      let s = text.slice(start, j);
      if (first) {
        s = this.rest + s;
        this.rest = '';
        first = false;
      }
      this.emit(s);
      start = j + 1;
      j = text.indexOf('\n', start);
    }
    this.rest = text.slice(start);
  }

  end(): void {
    if (this.rest !== '') this.emit(this.rest);
    this.rest = '';
  }

  private emit(s: string): void {
    this.line++;
    this.onLine(s.endsWith('\r') ? s.slice(0, -1) : s, this.line);
  }
}
