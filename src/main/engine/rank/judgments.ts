// Judgment files.
//
// TREC qrels: one judgment per line, `QUERY ITER DOC GRADE`, whitespace separated (trec_eval's format).
//   QUERY and DOC are 0-based data rows written as integers; ITER is ignored (conventionally 0) and
//   written as 0; GRADE is an integer 0–3. Blank lines are skipped; a repeated (QUERY, DOC) is an error.
//
// SVMrank / SVMlight ranking data (Joachims): `GRADE qid:QUERY F:V F:V ... # doc=ROW`.
//   GRADE is an integer 0–3; QUERY a 0-based data row; feature indices F are 1-based, strictly increasing;
//   V any decimal number. The format has no document id, so by our convention the first word of the
//   trailing comment names the document's data row: `# doc=ROW` (what we write) or `# ROW`; words after it
//   are ignored; a line without a comment has doc = null. Lines starting with `#` are comments.
//
// Errors name FILE:LINE:COLUMN (1-based) of the offending token.

import type { QueryGroup } from './ranksvm';

export interface Judgment {
  query: number;
  doc: number;
  grade: number;
}

export interface SvmRankLine {
  grade: number;
  query: number;
  /** Data row from the `# doc=ROW` comment, or null when the line has none. */
  doc: number | null;
  /** Sparse features: 1-based indices, strictly increasing, with their values. */
  index: Int32Array;
  value: Float64Array;
}

export class JudgmentFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'JudgmentFormatError';
  }
}

export const MAX_GRADE = 3;

export function parseQrels(text: string, file = 'qrels'): Judgment[] {
  const out: Judgment[] = [];
  const seen = new Set<string>();
  lines(text).forEach((line, k) => {
    const at = (column: number, reason: string) => new JudgmentFormatError(file, k + 1, column, reason);
    const tokens = tokenize(line, 0);
    if (tokens.length === 0) return;
    if (tokens.length !== 4) {
      const column = tokens.length > 4 ? tokens[4].column : line.length + 1;
      throw at(column, `expected 4 fields "query iter doc grade", found ${tokens.length}`);
    }
    const query = row(tokens[0], 'query id', at);
    const doc = row(tokens[2], 'doc id', at);
    const grade = gradeOf(tokens[3], at);
    const key = `${query} ${doc}`;
    if (seen.has(key)) throw at(tokens[0].column, `query ${query} judges doc ${doc} twice`);
    seen.add(key);
    out.push({ query, doc, grade });
  });
  return out;
}

export function formatQrels(judgments: readonly Judgment[]): string {
  return judgments.map((j) => `${j.query} 0 ${j.doc} ${j.grade}\n`).join('');
}

/** query → (doc → grade), the shape ./metrics.ts takes. */
export function judgmentMap(judgments: readonly Judgment[]): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  for (const { query, doc, grade } of judgments) {
    if (!out.has(query)) out.set(query, new Map());
    out.get(query)?.set(doc, grade);
  }
  return out;
}

export function parseSvmRank(text: string, file = 'train.dat'): SvmRankLine[] {
  const out: SvmRankLine[] = [];
  lines(text).forEach((line, k) => {
    const at = (column: number, reason: string) => new JudgmentFormatError(file, k + 1, column, reason);
    if (line.trimStart().startsWith('#')) return;
    const hash = line.indexOf('#');
    const data = hash < 0 ? line : line.slice(0, hash);
    const tokens = tokenize(data, 0);
    if (tokens.length === 0) return;
    const grade = gradeOf(tokens[0], at);
    const qid = tokens[1];
    if (!qid || !qid.text.startsWith('qid:')) {
      throw at(qid ? qid.column : line.length + 1, 'missing "qid:QUERY" after the grade');
    }
    const query = row({ text: qid.text.slice(4), column: qid.column + 4 }, 'qid', at);
    const index: number[] = [];
    const value: number[] = [];
    for (const t of tokens.slice(2)) {
      const colon = t.text.indexOf(':');
      const f = colon > 0 ? t.text.slice(0, colon) : '';
      if (!/^\d+$/.test(f) || Number(f) < 1) throw at(t.column, `expected "index:value" with index ≥ 1, got "${t.text}"`);
      if (index.length > 0 && Number(f) <= index[index.length - 1]) throw at(t.column, `feature ${f} is out of order`);
      const v = t.text.slice(colon + 1);
      if (!NUMBER.test(v)) throw at(t.column + colon + 1, `"${v}" is not a number`);
      index.push(Number(f));
      value.push(Number(v));
    }
    let doc: number | null = null;
    if (hash >= 0) {
      const first = tokenize(line.slice(hash + 1), hash + 1)[0];
      if (first) {
        const id = first.text.startsWith('doc=') ? { text: first.text.slice(4), column: first.column + 4 } : first;
        doc = row(id, 'doc id in the "# doc=ROW" comment', at);
      }
    }
    out.push({ grade, query, doc, index: Int32Array.from(index), value: Float64Array.from(value) });
  });
  return out;
}

export function formatSvmRank(data: readonly SvmRankLine[]): string {
  return data
    .map((l) => {
      const features = Array.from(l.index, (f, k) => ` ${f}:${l.value[k]}`).join('');
      return `${l.grade} qid:${l.query}${features}${l.doc === null ? '' : ` # doc=${l.doc}`}\n`;
    })
    .join('');
}

/** Groups by qid (in order of first appearance) with dense features: index F goes to position F − 1. */
export function toQueryGroups(data: readonly SvmRankLine[], d?: number): QueryGroup[] {
  const width = d ?? data.reduce((m, l) => Math.max(m, l.index.length ? l.index[l.index.length - 1] : 0), 0);
  const groups = new Map<number, QueryGroup>();
  for (const l of data) {
    const features = new Float64Array(width);
    l.index.forEach((f, k) => f <= width && (features[f - 1] = l.value[k]));
    if (!groups.has(l.query)) groups.set(l.query, { query: l.query, docs: [] });
    groups.get(l.query)?.docs.push({ features, grade: l.grade });
  }
  return [...groups.values()];
}

interface Token {
  text: string;
  /** 1-based column in the line. */
  column: number;
}

type At = (column: number, reason: string) => JudgmentFormatError;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

function tokenize(s: string, offset: number): Token[] {
  return [...s.matchAll(/\S+/g)].map((m) => ({ text: m[0], column: offset + (m.index ?? 0) + 1 }));
}

function row(t: Token, what: string, at: At): number {
  if (!/^\d+$/.test(t.text) || !Number.isSafeInteger(Number(t.text))) {
    throw at(t.column, `${what} must be a non-negative integer data row, got "${t.text}"`);
  }
  return Number(t.text);
}

function gradeOf(t: Token, at: At): number {
  const g = Number(t.text);
  if (!/^\d+$/.test(t.text) || g > MAX_GRADE) {
    throw at(t.column, `grade must be an integer 0–${MAX_GRADE}, got "${t.text}"`);
  }
  return g;
}
