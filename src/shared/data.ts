// Domain types for case tables: how columns are read and how cases are encoded for the model.
// Plain JSON types and typed arrays only: this file is shared by main, renderer and the CLI.

/** How a column enters the model. */
export type ColumnKind =
  | 'categorical' // one feature, one value per distinct string
  | 'numeric' //     one feature, discretised into bins (quantile bins, or explicit edges)
  | 'boolean' //     one feature with values false/true
  | 'set' //         one binary feature per item of a delimited list, named `column=item`
  | 'text' //        one binary feature per vocabulary word (bag of words), named `column=word`
  | 'vector' //      dense numeric vector (e.g. an embedding), `;`- or space-separated; not modelled by BCM
  | 'identifier' //  kept for display, not modelled
  | 'label' //       kept for evaluation, not modelled
  | 'ignored';

/**
 * A word of a text column as the importer counts it: a run of two or more letters or digits (scikit-learn
 * CountVectorizer's default token_pattern), lower-cased into the feature `column=word`.
 */
export const TEXT_TOKEN = /[\p{L}\p{N}]{2,}/gu;

/** Items of a set cell: split on the delimiter, trimmed, empty items dropped (as the importer reads them). */
export function setItems(s: string, delimiter: string): string[] {
  const out: string[] = [];
  for (const part of s.split(delimiter)) {
    const t = part.trim();
    if (t !== '') out.push(t);
  }
  return out;
}

/** A text as runs, the words `marked` takes (lower-cased, as TEXT_TOKEN finds them) apart and bold; every character kept. */
export function textRuns(text: string, marked: (word: string) => boolean): { text: string; bold: boolean }[] {
  const runs: { text: string; bold: boolean }[] = [];
  let at = 0;
  for (const m of text.matchAll(TEXT_TOKEN)) {
    if (!marked(m[0].toLowerCase())) continue;
    if (m.index > at) runs.push({ text: text.slice(at, m.index), bold: false });
    runs.push({ text: m[0], bold: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at), bold: false });
  return runs;
}

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** numeric: number of quantile bins (default 5). */
  bins?: number;
  /** numeric: explicit bin edges, ascending; value v falls in bin k where edges[k-1] <= v < edges[k]. */
  edges?: number[];
  /** set: item delimiter (default ';'). */
  delimiter?: string;
  /** text: keep the most frequent words, at most this many (default 2000: at 200, similar cases on text fell below Jaccard kNN). */
  vocabularyCap?: number;
  /** text: words left out: 'english' (default: English function words), 'none', or your own list. */
  stopWords?: 'english' | 'none' | string[];
  /** text: keep words found in at least this many cases (≥ 1) or this share of the cases (< 1); default 2. */
  minDf?: number;
  /** text: keep words found in at most this share of the cases (≤ 1) or this many cases (> 1); default 0.5. */
  maxDf?: number;
  /**
   * categorical, boolean, set, text: what an empty cell or `?` means. 'unknown' (default): the case says
   * nothing about the column. 'absent': the value is not there, as in market-basket data where `?` is "not
   * bought"; categorical columns then get a value `absent`, booleans read false, sets and text hold nothing.
   */
  missing?: 'unknown' | 'absent';
  /** A pixel of an image: its 0-based row and column in the grid (see ImageShape). Set by the importer. */
  pixel?: { row: number; col: number };
}

/** Cases that are pictures (the digits): the grid, and its pixel columns row by row. */
export interface ImageShape {
  rows: number;
  cols: number;
  /** Column names, indexed by row * cols + col. */
  columns: string[];
}

/** One modelled feature: a column, or one item/word of a set/text column. */
export interface Feature {
  /** As the user sees it: `column` or `column=item`. */
  name: string;
  column: string;
  item?: string;
  /** Display names of the values, indexed by value index. Binary features: ['no', 'yes'] style. */
  values: string[];
  /** numeric features: the bin edges used (length values.length - 1). */
  edges?: number[];
}

/** Cases encoded for the model. */
export interface EncodedCases {
  n: number;
  features: Feature[];
  /** indexed by <case, feature> (n × features.length, row-major): value index, or -1 = missing. */
  x: Int32Array;
  /** Dense vector blocks (kind 'vector'), one per such column: indexed by <case, dim>. */
  vectors: { column: string; dim: number; data: Float32Array }[];
  /** The label column's value per case (null = missing), when a label column exists. */
  labels: (string | null)[] | null;
  labelColumn: string | null;
  /** Identifier column values per case, when one exists. */
  ids: string[] | null;
}

/** Summary of a column after import, for display and editing of kinds. */
export interface ColumnSummary {
  name: string;
  kind: ColumnKind;
  /** Why this kind was inferred (shown to the user). */
  reason: string;
  distinct: number;
  missing: number;
  /** Up to 10 example values. */
  examples: string[];
}
