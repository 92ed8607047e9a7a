// Streaming table readers. The file is read in chunks and never held whole: bytes are decoded with a fatal
// UTF-8 decoder (a BOM is dropped), the format is chosen from the extension or sniffed from the first
// lines, and rows come out one at a time with the line they began on.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { ArffReader } from './arff';
import { type Cell, normaliseCell } from './cells';
import { CsvParser, sniffDelimiter } from './csv';
import { ImportError } from './errors';
import { JsonLinesReader } from './jsonl';
import { checkColumnName, DEFAULT_LIMITS, type Format, type Limits, type TableHeader, type TableSink, type TextReader } from './table';
import { firstInvalidUtf8, incompleteTail } from './utf8';

export type { Cell } from './cells';
export type { ColumnHint, Format, TableHeader } from './table';

export interface ReadOptions {
  /** Force a format instead of going by extension / sniffing. */
  format?: Format;
  /** CSV: force the delimiter instead of sniffing it. */
  delimiter?: string;
  /** JSON Lines: the columns found by an earlier pass, so cells line up from the first row. */
  columns?: readonly string[];
  /** Called after each chunk. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  signal?: AbortSignal;
  /** Bytes per read (default 64 KiB). */
  chunkSize?: number;
  /** Lower limits on line, field and record size (tests); the defaults are in table.ts. */
  limits?: Partial<Limits>;
}

export interface TableRow {
  /** 1-based line the row begins on. */
  line: number;
  /** One per column (JSON Lines: as many as columns known when the row was read; later ones are missing). */
  cells: Cell[];
}

export type TableEvent = ({ type: 'header' } & TableHeader) | ({ type: 'row' } & TableRow);

export interface ScanHandlers {
  onHeader?: (header: TableHeader) => void;
  onRow: (cells: Cell[], line: number) => void;
}

export interface ScanResult {
  header: TableHeader;
  rows: number;
}

const BY_EXTENSION: Record<string, Format> = {
  '.csv': 'csv', '.txt': 'csv', '.tsv': 'tsv', '.tab': 'tsv', '.arff': 'arff',
  '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'jsonl',
};

/** Text kept for sniffing: about 20 lines, or this much if lines are very long. */
const SNIFF_LINES = 21;
const SNIFF_CHARS = 1 << 18;

/**
 * Read a table with callbacks: `onHeader` once, then `onRow` per row, synchronously per chunk (so a slow
 * handler slows reading rather than filling memory). Throws ImportError for bad input, including an empty
 * file and a file with a header but no rows; rejects with the signal's reason when aborted.
 */
export async function scanTable(path: string, handlers: ScanHandlers, options: ReadOptions = {}): Promise<ScanResult> {
  let header: TableHeader | null = null;
  let rows = 0;
  const sink: TableSink = {
    header(h) {
      header = h;
      handlers.onHeader?.(h);
    },
    row(cells, line) {
      rows++;
      handlers.onRow(cells, line);
    },
  };
  await pump(path, sink, options);
  const h = header as TableHeader | null;
  if (h === null) throw new ImportError(path, 1, 1, 'the file is empty: expected a header line with column names');
  if (rows === 0) {
    throw new ImportError(path, h.line + 1, 1,
      `no cases: the file has a header (line ${h.line}) but no data rows`);
  }
  return { header: h, rows };
}

/**
 * The same as an async generator: a `header` event, then one `row` event per row. Rows are read a chunk at
 * a time and handed out as the consumer asks for them.
 */
export async function* readTable(path: string, options: ReadOptions = {}): AsyncGenerator<TableEvent> {
  let batch: TableEvent[] = [];
  let header: TableHeader | null = null;
  let rows = 0;
  const sink: TableSink = {
    header(h) {
      header = h;
      batch.push({ type: 'header', ...h });
    },
    row(cells, line) {
      rows++;
      batch.push({ type: 'row', line, cells });
    },
  };
  for await (const _ of chunks(path, sink, options)) {
    const out = batch;
    batch = [];
    yield* out;
  }
  const h = header as TableHeader | null;
  if (h === null) throw new ImportError(path, 1, 1, 'the file is empty: expected a header line with column names');
  if (rows === 0) throw new ImportError(path, h.line + 1, 1, `no cases: the file has a header (line ${h.line}) but no data rows`);
}

async function pump(path: string, sink: TableSink, options: ReadOptions): Promise<void> {
  for await (const _ of chunks(path, sink, options)) {
    // the sink has already received this chunk's rows
  }
}

/** Reads the file, feeding decoded text to the format reader; yields after each chunk. */
async function* chunks(path: string, sink: TableSink, options: ReadOptions): AsyncGenerator<void> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const totalBytes = (await stat(path)).size;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let reader: TextReader | null = null;
  let sample = '';
  let sampleLines = 0;
  let bytesRead = 0;
  let newlines = 0; // LF bytes before the current chunk, to name the line of an encoding error
  let lineStart = 0; // file offset just after the last LF before the current chunk
  let tail: Uint8Array = new Uint8Array(0); // an incomplete sequence at the end of the previous chunk

  const feed = (text: string, final: boolean): void => {
    if (reader === null) {
      sample += text;
      for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) sampleLines++;
      if (!final && sampleLines < SNIFF_LINES && sample.length < SNIFF_CHARS) return;
      checkLineEndings(path, sample);
      reader = openReader(path, sample, final, sink, options);
      text = sample;
      sample = '';
    }
    reader.push(text);
  };

  const stream = createReadStream(path, { highWaterMark: options.chunkSize ?? 1 << 16 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw encodingError(path, tail, chunk, bytesRead, newlines, lineStart);
      }
      for (let k = chunk.indexOf(10); k >= 0; k = chunk.indexOf(10, k + 1)) {
        newlines++;
        lineStart = bytesRead + k + 1;
      }
      bytesRead += chunk.length;
      tail = chunk.subarray(chunk.length - incompleteTail(chunk));
      feed(text, false);
      onProgress?.(bytesRead, totalBytes);
      yield;
    }
    let text: string;
    try {
      text = decoder.decode();
    } catch {
      throw new ImportError(path, newlines + 1, bytesRead - tail.length - lineStart + 1,
        'invalid UTF-8: the file ends in the middle of a character. Save the file as UTF-8 and import it again');
    }
    feed(text, true);
    (reader as TextReader | null)?.end();
    yield;
  } finally {
    stream.destroy();
  }
}

function encodingError(path: string, tail: Uint8Array, chunk: Buffer, before: number, newlines: number, lineStart: number): ImportError {
  const bytes = new Uint8Array(tail.length + chunk.length);
  bytes.set(tail);
  bytes.set(chunk, tail.length);
  const bad = Math.max(0, firstInvalidUtf8(bytes));
  const offset = before - tail.length + bad; // file offset of the bad byte
  for (let k = 0; k < bad; k++) {
    if (bytes[k] === 10) {
      newlines++;
      lineStart = before - tail.length + k + 1;
    }
  }
  const hex = bytes[bad].toString(16).toUpperCase().padStart(2, '0');
  return new ImportError(path, newlines + 1, offset - lineStart + 1,
    `invalid UTF-8 (byte 0x${hex} at byte ${offset - lineStart + 1} of the line): the file is not UTF-8 text, perhaps Latin-1 or Windows-1252. Save it as UTF-8 (in Excel: "CSV UTF-8") and import it again`);
}

/**
 * Lines that end with a bare CR (classic Mac OS, some exports from old spreadsheets) would read as one
 * long line: "no data rows", or a header with thousands of columns. We do not guess that CR means a line
 * end (a CR inside a quoted field is data); we say what we see when the sample has bare CRs and at most
 * one LF (a header saved with CRLF above rows ending in CR), so quoted CRs in a normal file pass.
 */
function checkLineEndings(path: string, sample: string): void {
  let lf = 0;
  let bare = 0;
  let first = -1;
  for (let k = sample.indexOf('\r'); k >= 0; k = sample.indexOf('\r', k + 1)) {
    // a CR last in the sample may be followed by an LF in the next chunk (or end the file: harmless)
    if (k + 1 === sample.length || sample.charCodeAt(k + 1) === 10) continue;
    bare++;
    if (first < 0) first = k;
  }
  if (bare === 0) return;
  for (let k = sample.indexOf('\n'); k >= 0; k = sample.indexOf('\n', k + 1)) lf++;
  if (lf > 1) return;
  let line = 1;
  let start = 0;
  for (let k = sample.indexOf('\n'); k >= 0 && k < first; k = sample.indexOf('\n', k + 1)) {
    line++;
    start = k + 1;
  }
  throw new ImportError(path, line, first - start + 1,
    `lines end with a bare CR (carriage return without line feed, as in files from classic Mac OS), so the file reads as one long line; save it with LF or CRLF line endings and import it again`);
}

function openReader(path: string, sample: string, final: boolean, sink: TableSink, options: ReadOptions): TextReader {
  const format = options.format ?? BY_EXTENSION[extname(path).toLowerCase()] ?? sniffFormat(sample);
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  if (format === 'arff') return new ArffReader(path, sink, limits.maxLine);
  if (format === 'jsonl') return new JsonLinesReader(path, sink, options.columns, limits.maxLine);
  const delimiter = options.delimiter ?? (format === 'tsv' ? '\t' : sniffDelimiter(sample, final));
  return new DelimitedReader(path, format, delimiter, sink, limits);
}

function sniffFormat(sample: string): Format {
  const start = sample.trimStart();
  if (start.startsWith('{')) return 'jsonl';
  if (start.startsWith('%') || /^@relation\b/i.test(start)) return 'arff';
  return 'csv';
}

/** CSV/TSV: the first record is the header; later records must have as many fields. */
class DelimitedReader implements TextReader {
  private readonly parser: CsvParser;
  private columns: string[] | null = null;

  constructor(private readonly file: string, private readonly format: Format, private readonly delimiter: string, private readonly sink: TableSink, limits: Limits) {
    this.parser = new CsvParser(file, delimiter, (fields, line) => this.onRecord(fields, line), limits);
  }

  push(text: string): void {
    this.parser.push(text);
  }

  end(): void {
    this.parser.end();
  }

  private onRecord(fields: string[], line: number): void {
    const columns = this.columns;
    if (columns === null) {
      this.columns = this.readHeader(fields, line);
      return;
    }
    if (fields.length !== columns.length) {
      const shown = this.delimiter === '\t' ? 'tab' : JSON.stringify(this.delimiter);
      throw new ImportError(this.file, line, Math.min(fields.length, columns.length) + 1,
        `expected ${columns.length} fields (as in the header) but found ${fields.length} (delimiter ${shown})`);
    }
    const cells: Cell[] = new Array(fields.length);
    for (let k = 0; k < fields.length; k++) cells[k] = normaliseCell(fields[k]);
    this.sink.row(cells, line);
  }

  private readHeader(fields: string[], line: number): string[] {
    const warnings: string[] = [];
    const seen = new Map<string, number>();
    const columns = fields.map((f, k) => {
      checkColumnName(this.file, line, k + 1, f); // before trimming, which would drop a BOM at either end
      let name = f.trim();
      if (name === '') {
        name = `column_${k + 1}`;
        warnings.push(`column ${k + 1} has no name in the header; calling it ${name}`);
      }
      const other = seen.get(name);
      if (other !== undefined) {
        throw new ImportError(this.file, line, k + 1, `duplicate column name ${JSON.stringify(name)} (also column ${other + 1}); column names must be unique`);
      }
      seen.set(name, k);
      return name;
    });
    this.sink.header({ format: this.format, columns, line, delimiter: this.delimiter, hints: [], warnings });
    return columns;
  }
}
