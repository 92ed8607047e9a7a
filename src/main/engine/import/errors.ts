// The one error type of the import: every problem with an input file names where it is, compiler-style
// (`file:line:column: explanation`), so the UI can show it and a user can find the spot in an editor.
import { basename } from 'node:path';

export class ImportError extends Error {
  /** The path as given to the importer (the message shows its base name only). */
  readonly file: string;
  /** 1-based physical line of the file (a row's first line when a quoted field spans lines). */
  readonly line: number;
  /**
   * 1-based field number in the row (or the attribute number of an ARFF header line). Encoding errors,
   * found before a line is split into fields, give the 1-based byte position in the line instead.
   * A string is a column name, for problems that belong to a column rather than a cell.
   */
  readonly column: number | string;
  /** The message without the location. */
  readonly explanation: string;

  constructor(file: string, line: number, column: number | string, explanation: string) {
    super(`${basename(file)}:${line}:${column}: ${explanation}`);
    this.name = 'ImportError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.explanation = explanation;
  }
}
