// RFC 4180 reader as a resumable state machine: text arrives in chunks of any size and records come out
// with the physical line each began on, so a quoted newline shifts later line numbers correctly.
//
// Choices where tools differ (https://www.rfc-editor.org/rfc/rfc4180 leaves these open):
// - A quote inside an unquoted field (`ab"c`) is kept as a literal character, as Python's csv, pandas
//   and Excel do; RFC 4180 forbids it but such files are common and unambiguous.
// - A character after a closing quote (`"ab"c`) is an error: the field is ambiguous there. Spaces and
//   tabs there are skipped.
// - Lines end with LF or CRLF; a lone CR is an ordinary character.
// - Blank lines are skipped (a trailing newline, or blank lines at the end, are not cases).
// - A field, a record and the number of fields have limits (table.ts): each is checked before text is
//   appended, so memory stays bounded whatever the input (a binary file, a wrong delimiter).
import { ImportError } from './errors';
import { DEFAULT_LIMITS, type Limits } from './table';

const QUOTE = 34;
const LF = 10;
const CR = 13;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3; // saw `"` inside a quoted field: closing quote, or the first of a doubled pair
const AFTER_QUOTE_CR = 4; // saw CR right after a closing quote: must be CRLF
const AFTER_QUOTE_SPACE = 5; // spaces after a closing quote (`"a" ,b`), skipped as most readers do

/** A quoted field this long is almost surely an unterminated quote swallowing the file; stop early. */
export const MAX_QUOTED_FIELD = 1 << 20;

export type RecordHandler = (fields: string[], line: number) => void;

export class CsvParser {
  private state = FIELD_START;
  private field = '';
  private fields: string[] = [];
  private started = false;
  private anyQuoted = false;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  /** Characters of the current record so far (fields and delimiters). */
  private recordChars = 0;

  constructor(
    private readonly file: string,
    readonly delimiter: string,
    private readonly onRecord: RecordHandler,
    private readonly limits: Limits = DEFAULT_LIMITS,
  ) {}

  push(text: string): void {
    const d = this.delimiter.charCodeAt(0);
    const n = text.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case FIELD_START: {
          if (!this.started) {
            this.started = true;
            this.recordLine = this.line;
          }
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            this.state = QUOTED;
            this.quoteLine = this.line;
            this.anyQuoted = true;
            i++;
          } else if (c === d) {
            this.pushField();
            i++;
          } else if (c === LF) {
            this.pushField();
            this.endRecord();
            i++;
          } else this.state = UNQUOTED;
          break;
        }
        case UNQUOTED: {
          let j = i;
          while (j < n) {
            const c = text.charCodeAt(j);
            if (c === d || c === LF) break;
            j++;
          }
          if (this.field.length + (j - i) > this.limits.maxField) {
            throw new ImportError(this.file, this.line, this.fields.length + 1,
              `field longer than ${this.limits.maxField} characters: this is not a table cell (a binary file, or the wrong delimiter?)`);
          }
          this.field += text.slice(i, j);
          if (j === n) {
            i = n;
            break;
          }
          if (text.charCodeAt(j) === LF) {
            if (this.field.endsWith('\r')) this.field = this.field.slice(0, -1);
            this.pushField();
            this.endRecord();
          } else this.pushField();
          i = j + 1;
          break;
        }
        case QUOTED: {
          const j = text.indexOf('"', i);
          const end = j < 0 ? n : j;
          if (this.field.length + (end - i) > MAX_QUOTED_FIELD) {
            throw new ImportError(this.file, this.quoteLine, this.fields.length + 1,
              `quoted field longer than ${MAX_QUOTED_FIELD} characters: probably an unterminated quote (opened at line ${this.quoteLine})`);
          }
          for (let k = i; k < end; k++) if (text.charCodeAt(k) === LF) this.line++;
          this.field += text.slice(i, end);
          if (j < 0) i = n;
          else {
            this.state = QUOTE_IN_QUOTED;
            i = j + 1;
          }
          break;
        }
        case QUOTE_IN_QUOTED: {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            this.field += '"';
            this.state = QUOTED;
          } else if (c === d) this.pushField();
          else if (c === LF) {
            this.pushField();
            this.endRecord();
          } else if (c === CR) this.state = AFTER_QUOTE_CR;
          else if (c === 32 || c === 9) this.state = AFTER_QUOTE_SPACE;
          else this.stray(text[i]);
          i++;
          break;
        }
        case AFTER_QUOTE_SPACE: {
          const c = text.charCodeAt(i);
          if (c === d) this.pushField();
          else if (c === LF) {
            this.pushField();
            this.endRecord();
          } else if (c === CR) this.state = AFTER_QUOTE_CR;
          else if (c !== 32 && c !== 9) this.stray(text[i]);
          i++;
          break;
        }
        case AFTER_QUOTE_CR: {
          if (text.charCodeAt(i) !== LF) this.stray('\\r');
          this.pushField();
          this.endRecord();
          i++;
          break;
        }
      }
    }
  }

  /** End of input: finish the last record (a file need not end with a newline). */
  end(): void {
    switch (this.state) {
      case QUOTED:
        throw new ImportError(this.file, this.quoteLine, this.fields.length + 1,
          `unterminated quoted field (opened at line ${this.quoteLine}): the file ends inside quotes`);
      case UNQUOTED:
        if (this.field.endsWith('\r')) this.field = this.field.slice(0, -1);
        this.pushField();
        this.endRecord();
        break;
      case QUOTE_IN_QUOTED:
      case AFTER_QUOTE_CR:
      case AFTER_QUOTE_SPACE:
        this.pushField();
        this.endRecord();
        break;
      case FIELD_START:
        if (this.started) {
          this.pushField();
          this.endRecord();
        }
        break;
    }
  }

  private stray(ch: string): never {
    throw new ImportError(this.file, this.line, this.fields.length + 1,
      `unexpected ${JSON.stringify(ch)} after the closing quote of a quoted field; inside quotes write a quote as "" (doubled)`);
  }

  private pushField(): void {
    const { maxLine, maxFields } = this.limits;
    this.recordChars += this.field.length + 1;
    if (this.recordChars > maxLine + 1) {
      throw new ImportError(this.file, this.recordLine, this.fields.length + 1,
        `record longer than ${maxLine} characters: this is not a table row (a binary file, or lost line endings?)`);
    }
    if (this.fields.length === maxFields) {
      throw new ImportError(this.file, this.recordLine, maxFields + 1, `more than ${maxFields} fields in one record`);
    }
    this.fields.push(this.field);
    this.field = '';
    this.state = FIELD_START;
  }

  private endRecord(): void {
    const fields = this.fields;
    const blank = fields.length === 1 && fields[0] === '' && !this.anyQuoted;
    this.fields = [];
    this.recordChars = 0;
    this.started = false;
    this.anyQuoted = false;
    this.state = FIELD_START;
    const line = this.recordLine;
    this.line++;
    if (!blank) this.onRecord(fields, line);
  }
}

export const DELIMITERS = [',', '\t', ';', '|'] as const;

/**
 * Pick the delimiter whose field counts agree across the first records. Counting raw characters fails on
 * files like recipes.csv (`,` between fields, many `;` inside a field), so we parse the sample with each
 * candidate, respecting quotes, and rank by: header has more than one field and every record agrees with
 * it; then the share of records agreeing; then the order of DELIMITERS. One-column files get `,`.
 * @param final whether the sample is the whole file (else its last, possibly cut, record is not used)
 */
export function sniffDelimiter(sample: string, final: boolean, maxRecords = 20): string {
  let best: string = DELIMITERS[0];
  let bestScore = -1;
  for (const delim of DELIMITERS) {
    const counts: number[] = [];
    const parser = new CsvParser('sample', delim, (fields) => {
      if (counts.length < maxRecords) counts.push(fields.length);
    });
    try {
      parser.push(sample);
      if (final) parser.end();
    } catch {
      // a sample cut inside quotes, or bad quoting: judge by the records read so far
    }
    if (counts.length === 0 || counts[0] < 2) continue;
    const agreeing = counts.filter((c) => c === counts[0]).length / counts.length;
    const score = (agreeing === 1 ? 2 : 0) + agreeing;
    if (score > bestScore) {
      best = delim;
      bestScore = score;
    }
  }
  return best;
}
