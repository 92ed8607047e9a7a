// The one error type of the import: every problem with an input file names where it is, compiler-style
// (`file:line:column: explanation`), so the UI can show it and a user can find the spot in an editor.
// A problem with the request rather than a place in the file (an unknown label column) names the file
// only (`file: explanation`): a line number there would send the user looking for nothing.
import { basename } from 'node:path';

export class ImportError extends Error {
  /** The path as given to the importer (the message shows its base name only). */
  readonly file: string;
  /** 1-based physical line of the file (a row's first line when a quoted field spans lines); null: no place. */
  readonly line: number | null;
  /**
   * 1-based field number in the row (or the attribute number of an ARFF header line). Encoding errors,
   * found before a line is split into fields, give the 1-based byte position in the line instead, and
   * line-level limits the character position. A string is a column name, for problems that belong to a
   * column rather than a cell. null when `line` is null.
   */
  readonly column: number | string | null;
  /** The message without the location. */
  readonly explanation: string;

  constructor(file: string, line: number | null, column: number | string | null, explanation: string) {
    const where = line === null ? basename(file) : `${basename(file)}:${line}:${column}`;
    super(`${where}: ${explanation}`);
    this.name = 'ImportError';
    this.file = file;
    this.line = line;
    this.column = line === null ? null : column;
    this.explanation = explanation;
  }
}
