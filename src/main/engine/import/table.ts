// Types shared by the format readers, and the limits and checks they share.
import type { Cell } from './cells';
import { ImportError } from './errors';

/**
 * Longest line (ARFF, JSON Lines) or CSV record, in characters. Far above any real table row (100,000
 * columns of numbers is a few MB), far below V8's string limit (~512 Mi characters): past it the input is
 * not a table (a binary file, a wrong delimiter, a lost line ending), and we stop with a message instead
 * of "Invalid string length" after filling memory.
 */
export const MAX_LINE = 1 << 26;
/** Longest unquoted CSV field (quoted ones: csv.ts MAX_QUOTED_FIELD, which also means "unterminated quote"). */
export const MAX_FIELD = 1 << 24;
/** Most fields in one CSV record. */
export const MAX_FIELDS = 1 << 20;

/** Limits a reader enforces; tests lower them to exercise the checks on small fixtures. */
export interface Limits {
  maxLine: number;
  maxField: number;
  maxFields: number;
}

export const DEFAULT_LIMITS: Limits = { maxLine: MAX_LINE, maxField: MAX_FIELD, maxFields: MAX_FIELDS };

/**
 * A column name must be printable text. A NUL means a binary or UTF-16 file read as UTF-8; a byte-order
 * mark inside a name comes from files joined together (the one at the very start is dropped when decoding).
 * Both would make a column that nobody can name on the command line or find in the UI.
 */
export function checkColumnName(file: string, line: number, column: number, name: string): void {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0xfeff) {
      throw new ImportError(file, line, column,
        `the name of column ${column} contains a byte-order mark (U+FEFF) at character ${i + 1}, as when files are joined together; remove it`);
    }
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) {
      const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      const what = c === 0 ? `a NUL character (${code}) at character ${i + 1}: the file may be binary, or UTF-16 rather than UTF-8` : `a control character (${code}) at character ${i + 1}`;
      throw new ImportError(file, line, column, `the name of column ${column} contains ${what}`);
    }
  }
}

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

/** Splits text chunks into lines (LF or CRLF), numbering them from 1. A line over `maxLine` is an error. */
export class LineSplitter {
  private rest = '';
  private line = 0;

  constructor(
    private readonly file: string,
    private readonly onLine: (text: string, line: number) => void,
    private readonly maxLine = MAX_LINE,
  ) {}

  push(text: string): void {
    let start = 0;
    let j = text.indexOf('\n');
    if (j < 0) {
      // checked before appending, so memory stays within the limit plus one chunk
      this.checkLength(this.rest.length + text.length);
      this.rest += text;
      return;
    }
    let first = true;
    while (j >= 0) {
      let s = text.slice(start, j);
      this.checkLength((first ? this.rest.length : 0) + s.length);
      if (first) {
        s = this.rest + s;
        this.rest = '';
        first = false;
      }
      this.emit(s);
      start = j + 1;
      j = text.indexOf('\n', start);
    }
    this.checkLength(text.length - start);
    this.rest = text.slice(start);
  }

  private checkLength(n: number): void {
    if (n > this.maxLine) {
      throw new ImportError(this.file, this.line + 1, this.maxLine + 1,
        `the line is longer than ${this.maxLine} characters: this is not a table row (a binary file, or lost line endings?)`);
    }
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
