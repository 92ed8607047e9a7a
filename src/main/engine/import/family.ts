// Families of columns: many columns whose names differ only in their numbers (`px_0_0` … `px_7_7`,
// `q1` … `q20`) and whose values share one scale. Inferred one by one, the digits' 64 pixels came out as a
// mix of categorical (px_0_1: whole numbers with 9 values), boolean (px_3_0: only 0 and 1) and numeric
// columns with their own quantile bins, some of them a single bin ([0, 15]): a prototype could not be read
// as a picture and pixels were not comparable. A family gets one kind, decided on all its values together,
// and numeric families share their bin edges.
//
// Why shared quantile edges for the digits rather than binarising at the midpoint: measured with BCM
// (π → 5-fold logistic regression accuracy, S = 10, 300 sweeps, mean over seeds 1–8), pixels cut at 8
// give 0.814 and this rule, which gives the family the edges [4, 12] (blank, grey, ink) and leaves out
// the 8 pixels that are constant or sit in one bin, gives 0.813: the same, within the spread between
// seeds (0.78–0.83). Per-column inference gave 0.788 (seeds 1–3). Quantile edges need no knowledge of the
// scale, so one rule serves any family, and three levels draw faint strokes in the pictures.
import type { ColumnKind, ColumnSpec } from '../../../shared/data';
import { binNames, binOf, quantileEdgesOfHistogram } from './bins';
import type { ColumnStats } from './infer';
import type { ColumnHint } from './table';

/** Fewer columns than this are not a family (x1, x2 may well be different things). */
export const MIN_FAMILY = 4;
/** Values sampled per member when a member has too many distinct values for an exact histogram. */
const SAMPLE_PER_MEMBER = 4096;

/** `px_#_#` for `px_3_4`: the name with every run of digits replaced; null when the name has none. */
export function familyPattern(name: string): string | null {
  return /\d/.test(name) ? name.replace(/\d+/g, '#') : null;
}

export interface FamilyChoice {
  kind: ColumnKind;
  reason: string;
  extra?: Partial<ColumnSpec>;
}

export interface Families {
  /** Column index → what its family decided. */
  choices: Map<number, FamilyChoice>;
  warnings: string[];
}

/**
 * Decide the kind of every column that belongs to a family. Only columns still to be inferred take part
 * (a column you set keeps your kind), only numeric ones (every value a number; declared ARFF nominals
 * keep their declaration), and only when the ranges agree: most members that vary must span at least half
 * of the family's range, so `score_1` on 0–100 and `score_2` on 0–5 stay apart.
 * @param bins per column, the number of bins asked for (a glob can set `bins` without a kind)
 */
export function decideFamilies(names: readonly string[], stats: readonly ColumnStats[], hints: readonly (ColumnHint | null)[],
  pending: readonly number[], bins: (k: number) => number): Families {
  const groups = new Map<string, number[]>();
  for (const k of pending) {
    const s = stats[k];
    if (!s.numeric || s.nonMissing === 0 || hints[k]?.type === 'nominal') continue;
    const p = familyPattern(names[k]);
    if (p === null) continue;
    const g = groups.get(p);
    if (g) g.push(k);
    else groups.set(p, [k]);
  }
  const choices = new Map<number, FamilyChoice>();
  const warnings: string[] = [];
  for (const [pattern, members] of groups) {
    if (members.length < MIN_FAMILY) continue;
    let lo = Infinity;
    let hi = -Infinity;
    let integer = true;
    let boolean = true;
    let exact = true;
    for (const k of members) {
      const s = stats[k];
      lo = Math.min(lo, s.min);
      hi = Math.max(hi, s.max);
      integer &&= s.integer;
      boolean &&= s.boolean;
      exact &&= !s.overflow;
    }
    const varying = members.filter((k) => stats[k].distinct > 1);
    const wide = varying.filter((k) => stats[k].max - stats[k].min >= 0.5 * (hi - lo)).length;
    if (hi <= lo || varying.length < 2 || wide * 2 <= varying.length) continue;

    const { values, counts } = pooledHistogram(members.map((k) => stats[k]), exact);
    const total = counts.reduce((a, b) => a + b, 0);
    const head = `one of ${members.length} columns ${pattern} (numbers from ${lo} to ${hi})`;
    const oneBin: string[] = [];
    let decide: (k: number) => FamilyChoice;
    if (boolean && integer && lo === 0 && hi === 1) {
      decide = () => ({ kind: 'boolean', reason: `${head}: 0 and 1 only in the whole family, read as yes/no` });
    } else if (integer && exact && values.length <= 10) {
      decide = () => ({ kind: 'categorical', reason: `${head}: whole numbers with only ${values.length} distinct values in the whole family` });
    } else {
      const asked = bins(members[0]);
      const edges = quantileEdgesOfHistogram(values, counts, asked);
      const labels = binNames(edges, lo, hi, integer);
      const shared = `${labels.length} bins shared by the family (quantile edges of its ${exact ? '' : 'sampled '}${total} values): ${labels.join(' | ')}`;
      decide = (k) => {
        const s = stats[k];
        if (binOf(edges, s.min) === binOf(edges, s.max)) {
          oneBin.push(names[k]);
          return { kind: 'ignored', reason: `${head}, but all its values fall in one of the family's bins (${labels[binOf(edges, s.min)]})` };
        }
        return { kind: 'numeric', reason: `${head}, in ${shared}`, extra: { edges: [...edges] } };
      };
    }
    for (const k of members) {
      // a constant member is left to the one-by-one rules: "only one value", with its warning
      if (stats[k].distinct > 1) choices.set(k, decide(k));
    }
    if (oneBin.length > 0) {
      warnings.push(`${oneBin.length} ${oneBin.length === 1 ? 'column' : 'columns'} of ${pattern} put every value in one of the family's bins and ${oneBin.length === 1 ? 'is' : 'are'} ignored: ${list(oneBin)}`);
    }
  }
  return { choices, warnings };
}

function list(names: string[]): string {
  return names.length <= 8 ? names.join(', ') : `${names.slice(0, 8).join(', ')}, … (${names.length})`;
}

/**
 * All members' values as one histogram: exact from the distinct-value counts when no member overflowed
 * them, else from an evenly strided sample of each member's values (deterministic, no RNG needed).
 */
function pooledHistogram(members: ColumnStats[], exact: boolean): { values: Float64Array; counts: Float64Array } {
  const pooled = new Map<number, number>();
  for (const s of members) {
    if (exact) {
      for (const [text, c] of s.counts) {
        const v = Number(text);
        pooled.set(v, (pooled.get(v) ?? 0) + c);
      }
    } else {
      const values = s.values as Float64Array;
      const step = Math.max(1, Math.floor(s.nValues / SAMPLE_PER_MEMBER));
      for (let i = 0; i < s.nValues; i += step) pooled.set(values[i], (pooled.get(values[i]) ?? 0) + 1);
    }
  }
  const keys = Float64Array.from(pooled.keys()).sort();
  return { values: keys, counts: Float64Array.from(keys, (v) => pooled.get(v) as number) };
}
