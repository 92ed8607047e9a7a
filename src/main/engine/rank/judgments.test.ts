import { describe, expect, it } from 'vitest';
import {
  formatQrels,
  formatSvmRank,
  judgmentMap,
  JudgmentFormatError,
  parseQrels,
  parseSvmRank,
  toQueryGroups,
} from './judgments';

function errorOf(f: () => unknown): JudgmentFormatError {
  try {
    f();
  } catch (e) {
    if (e instanceof JudgmentFormatError) return e;
    throw e;
  }
  throw new Error('expected a JudgmentFormatError');
}

describe('TREC qrels', () => {
  it('parses whitespace-separated lines, skipping blanks, and round-trips', () => {
    const text = '3 0 10 2\n3\t0  11 0\r\n\n7 Q0 10 3\n';
    const j = parseQrels(text);
    expect(j).toEqual([
      { query: 3, doc: 10, grade: 2 },
      { query: 3, doc: 11, grade: 0 },
      { query: 7, doc: 10, grade: 3 },
    ]);
    expect(formatQrels(j)).toBe('3 0 10 2\n3 0 11 0\n7 0 10 3\n');
    expect(parseQrels(formatQrels(j))).toEqual(j);
    expect(judgmentMap(j).get(3)).toEqual(new Map([[10, 2], [11, 0]]));
  });

  it('names file:line:column of a malformed field', () => {
    const e = errorOf(() => parseQrels('1 0 2 1\n1 0 x7 1\n', 'run.qrels'));
    expect(e.message).toMatch(/^run\.qrels:2:5: doc id must be a non-negative integer/);
    expect([e.file, e.line, e.column]).toEqual(['run.qrels', 2, 5]);
    expect(errorOf(() => parseQrels('1.5 0 2 1')).message).toMatch(/^qrels:1:1: query id/);
    expect(errorOf(() => parseQrels('-1 0 2 1')).message).toMatch(/^qrels:1:1: query id/);
    expect(errorOf(() => parseQrels('1 0 2 4')).message).toMatch(/^qrels:1:7: grade must be an integer 0–3, got "4"/);
    expect(errorOf(() => parseQrels('1 0 2 -1')).message).toMatch(/^qrels:1:7: grade/);
    expect(errorOf(() => parseQrels('1 0 2 1.0')).message).toMatch(/^qrels:1:7: grade/);
    expect(errorOf(() => parseQrels('1 0 2')).message).toMatch(/^qrels:1:6: expected 4 fields/);
    expect(errorOf(() => parseQrels('1 0 2 1 9')).message).toMatch(/^qrels:1:9: expected 4 fields/);
    expect(errorOf(() => parseQrels('1 0 2 1\n1 0 2 3')).message).toMatch(/^qrels:2:1: query 1 judges doc 2 twice/);
  });
});

describe('SVMrank .dat', () => {
  const text = [
    '# written by hand',
    '3 qid:4 1:0.5 3:-2 # doc=17',
    '0 qid:4 2:1e-3 # 18 extra words ignored',
    '1 qid:9 1:1',
    '',
  ].join('\n');

  it('parses grade, qid, sparse features and the doc row from the comment', () => {
    const data = parseSvmRank(text);
    expect(data.map((l) => [l.grade, l.query, l.doc])).toEqual([
      [3, 4, 17],
      [0, 4, 18],
      [1, 9, null],
    ]);
    expect(Array.from(data[0].index)).toEqual([1, 3]);
    expect(Array.from(data[0].value)).toEqual([0.5, -2]);
    expect(Array.from(data[1].value)).toEqual([0.001]);
  });

  it('round-trips through formatSvmRank', () => {
    const data = parseSvmRank(text);
    const written = formatSvmRank(data);
    expect(written).toBe('3 qid:4 1:0.5 3:-2 # doc=17\n0 qid:4 2:0.001 # doc=18\n1 qid:9 1:1\n');
    expect(parseSvmRank(written)).toEqual(data);
    const exact = [{ grade: 2, query: 0, doc: 5, index: Int32Array.of(1, 2), value: Float64Array.of(0.1 + 0.2, -1 / 3) }];
    expect(parseSvmRank(formatSvmRank(exact))).toEqual(exact);
  });

  it('groups by qid with dense features for RankSVM', () => {
    const groups = toQueryGroups(parseSvmRank(text));
    expect(groups.map((g) => [g.query, g.docs.map((d) => d.grade)])).toEqual([
      [4, [3, 0]],
      [9, [1]],
    ]);
    expect(Array.from(groups[0].docs[0].features)).toEqual([0.5, 0, -2]);
    expect(Array.from(groups[0].docs[1].features)).toEqual([0, 0.001, 0]);
  });

  it('names file:line:column of malformed lines', () => {
    const at = (s: string) => errorOf(() => parseSvmRank(s, 'train.dat')).message;
    expect(at('2 1:0.5 # doc=3')).toMatch(/^train\.dat:1:3: missing "qid:QUERY"/);
    expect(at('2')).toMatch(/^train\.dat:1:2: missing "qid:QUERY"/);
    expect(at('1 qid:4 1:1\n2 qid:x 1:1')).toMatch(/^train\.dat:2:7: qid must be a non-negative integer/);
    expect(at('5 qid:1 1:1')).toMatch(/^train\.dat:1:1: grade must be an integer 0–3/);
    expect(at('1 qid:1 1:1 # doc=abc')).toMatch(/^train\.dat:1:19: doc id in the "# doc=ROW" comment/);
    expect(at('1 qid:1 1:1 #   7.5')).toMatch(/^train\.dat:1:17: doc id/);
    expect(at('1 qid:1 0:1')).toMatch(/^train\.dat:1:9: expected "index:value" with index ≥ 1/);
    expect(at('1 qid:1 2:1 1:1')).toMatch(/^train\.dat:1:13: feature 1 is out of order/);
    expect(at('1 qid:1 2:abc')).toMatch(/^train\.dat:1:11: "abc" is not a number/);
  });
});
