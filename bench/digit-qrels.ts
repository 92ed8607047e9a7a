// Graded judgments for the digits (resources/data/digits.csv), deterministic, as a stand-in for experts:
// 60 query digits (6 of each class), each with 40–60 judged candidates: the 30 nearest by ink (the pool an
// expert would be shown: any decent similarity puts these on top, so few of the model's candidates go
// unjudged) and 10–30 drawn at random from the rest. Grades
//   3: same digit and ink overlap ≥ 0.7   2: same digit   1: another digit with ink overlap ≥ 0.7   0: neither,
// where ink is the pixels ≥ 8 (the bin edge the bench imports with) and overlap their Jaccard index. The
// experts thus care about class first and shape second, which the model's similarity weighs differently.
// bench/rank.ts uses them, and writes them as TREC qrels (`QUERY 0 DOC GRADE`) with --write-qrels PATH:
// resources/data/digits.qrels is that file.

import type { Judgment } from '../src/main/engine/rank/judgments';
import { Rng } from '../src/main/engine/rng';

export const QUERIES_PER_DIGIT = 6;
const INK = 8;
const NEAREST = 30;

/** Judgments for digits.csv given as text (header row, 64 `px_*` columns and `digit`). */
export function digitQrels(csv: string, seed = 1): Judgment[] {
  const [header, ...body] = csv.trim().split(/\r?\n/);
  const names = header.split(',');
  const label = names.indexOf('digit');
  const pixels = names.flatMap((name, k) => (name.startsWith('px_') ? [k] : []));
  const rows = body.map((line) => line.split(',').map(Number));
  const digit = rows.map((r) => r[label]);
  const ink = rows.map((r) => pixels.map((k) => r[k] >= INK)); // indexed by <row, pixel>
  const overlap = (a: number, b: number): number => {
    let both = 0;
    let either = 0;
    for (let p = 0; p < pixels.length; p++) {
      both += Number(ink[a][p] && ink[b][p]);
      either += Number(ink[a][p] || ink[b][p]);
    }
    return either ? both / either : 1;
  };
  const rng = new Rng(seed);
  // Draws `k` distinct rows from `pool` (a partial Fisher–Yates shuffle of a copy).
  const draw = (pool: number[], k: number): number[] => {
    const p = [...pool];
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(p.length - i);
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p.slice(0, k);
  };
  const byDigit = Array.from({ length: 10 }, (_, d) => digit.flatMap((x, row) => (x === d ? [row] : [])));
  const out: Judgment[] = [];
  for (let d = 0; d < 10; d++) {
    for (const query of draw(byDigit[d], QUERIES_PER_DIGIT)) {
      const rest = rows.map((_, row) => row).filter((row) => row !== query);
      const nearness = rest.map((row) => overlap(query, row));
      const order = rest.map((_, k) => k).sort((a, b) => nearness[b] - nearness[a] || a - b);
      const nearest = order.slice(0, NEAREST).map((k) => rest[k]);
      const others = draw(
        order.slice(NEAREST).map((k) => rest[k]),
        10 + rng.int(21),
      );
      for (const doc of [...nearest, ...others].sort((a, b) => a - b)) {
        const shape = overlap(query, doc) >= 0.7 ? 1 : 0;
        out.push({ query, doc, grade: (digit[doc] === d ? 2 : 0) + shape });
      }
    }
  }
  return out;
}
