// The words of a report, shared by its layouts (HTML, Markdown, PDF): how to read it, and each section's
// sentences and table rows, so the formats say the same things in the same words.
import { textRuns } from '../data';
import type { ReportContent, ReportData, ReportPrototype, ReportSubspaceFeature } from './types';

export const HOW_TO_READ = [
  'Each cluster is represented by a prototype: a real case that stands for it. Its subspace is the few features that matter for the cluster; P(ω = 1) is how sure the model is that a feature belongs to it.',
  'φ is how often the prototype’s value occurs among the cluster’s cases, set against how often it occurs among all cases: a value far more common in the cluster than overall is what sets the cluster apart.',
  'Every case is a mixture π over the clusters; it is counted in the cluster of its largest π.',
];

export const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
export const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
export const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
export const int = (n: number) => new Intl.NumberFormat('en').format(n);

/** How a case is named, as the CLI names it: "row 12 · aardvark [mammal]" (a label such as a digit would read as another number without its brackets). */
export function caseName(c: { row: number; name: string | null; label: string | null }): string {
  return `row ${c.row}${c.name ? ` · ${c.name}` : ''}${c.label !== null && c.label !== '' ? ` [${c.label}]` : ''}`;
}

/** What a section says when it has nothing to show, the same in every format. */
export const EMPTY = {
  criticisms: 'No criticisms: every case is explained about as well as the others.',
  similar: 'No rankings were pinned. In the app, pin a similar-case ranking (Similar view, “Pin to report”), or run exemplar similar with --pin, to show it here with its explanations and grades.',
  ranker: 'No ranking has been learned for this model (grade similar cases, then train the ranker).',
  audit: 'No privacy audit was run.',
  subspace: 'No feature is in this cluster’s subspace (P(ω = 1) ≥ 0.5 for none).',
};

/** A chain as the trace chart's legend names it: counted from 1. */
export const chainName = (chain: number) => `chain ${chain + 1}`;

export function prototypeHeading(p: ReportPrototype): string {
  return `Cluster ${p.cluster}: ${caseName(p)}${p.pinned ? ' (pinned)' : ''}`;
}

export function prototypeSummary(p: ReportPrototype): string {
  const mix = p.labelMix.length ? ` Labels: ${p.labelMix.slice(0, 3).map((m) => `${m.label} ${pct(m.share)}`).join(', ')}${p.labelMix.length > 3 ? ' and others' : ''}.` : '';
  return `${int(p.size)} case${p.size === 1 ? '' : 's'}; chosen as the prototype in ${pct(p.frequency)} of the posterior samples; ${p.subspace.length} subspace feature${p.subspace.length === 1 ? '' : 's'}.${mix}`;
}

/** A prototype's text is cut here in a report (at a word): a report shows what the cluster is about, not a document. */
export const REPORT_TEXT_CHARS = 600;
/** A similar case's text is cut shorter: enough to see what it is about beside the query. */
export const REPORT_RESULT_TEXT_CHARS = 240;
/** Items of a set column a report lists (the subspace ones first). */
export const REPORT_SET_ITEMS = 40;

/**
 * A set or text column of a case as runs of text, its `key` ones bold (a prototype's subspace items, or what
 * a similar case shares with the query): a set's items, the key ones first, or the text with its key words
 * bold. Each layout draws the runs its own way.
 */
export function contentRuns(c: ReportContent): { text: string; bold: boolean }[] {
  const key = new Set(c.key);
  if (c.kind === 'set') {
    const items = [...c.items.filter((it) => key.has(it)), ...c.items.filter((it) => !key.has(it))];
    const shown = items.slice(0, REPORT_SET_ITEMS);
    const runs = shown.flatMap((it, k) => [...(k ? [{ text: ', ', bold: false }] : []), { text: it, bold: key.has(it) }]);
    if (items.length > shown.length) runs.push({ text: ` and ${items.length - shown.length} more`, bold: false });
    return runs;
  }
  return textRuns(c.text, (w) => key.has(w));
}

/** What introduces a content column: "ingredients (bold: in the subspace):". */
export const contentLead = (c: ReportContent) => `${c.column} (bold: ${c.kind === 'set' ? 'items' : 'words'} in the subspace): `;

/** A similar case's content is introduced by its rank and column: "3. description: ". */
export const resultContentLead = (rank: number, c: ReportContent) => `${rank}. ${c.column}: `;

/** The sentence before the similar cases' contents. */
export const RESULT_CONTENT_NOTE = 'What the similar cases hold; bold: the items and words each shares with the query.';

export const SUBSPACE_HEAD = ['Feature', 'Prototype’s value', 'P(ω = 1)', 'φ (cluster)', 'All cases'];

/** Rows a subspace table lists at most (all are in the JSON report). */
export const SUBSPACE_TABLE_ROWS = 60;

/**
 * A prototype's subspace features from `from` on as a table, with the sentence that introduces it. The absences
 * of set items and words, most of a set or text subspace and telling little one by one, are counted in the
 * sentence rather than listed; null when there is nothing past `from`.
 */
export function subspaceTable(d: ReportData, p: ReportPrototype, from: number): { intro: string; rows: string[][] } | null {
  const rest = p.subspace.slice(from);
  if (!rest.length) return null;
  const kinds = new Map(d.dataset.columns.map((c) => [c.name, c.kind]));
  const absence = (f: ReportSubspaceFeature) => f.value === 'absent' && (kinds.get(f.column) === 'set' || kinds.get(f.column) === 'text');
  const listed = rest.filter((f) => !absence(f));
  const absent = rest.filter(absence);
  const noun = absent.every((f) => kinds.get(f.column) === 'text') ? 'word' : absent.every((f) => kinds.get(f.column) === 'set') ? 'item' : 'item and word';
  const absences = absent.length ? `the absence of ${int(absent.length)} ${noun}${absent.length === 1 ? '' : 's'} that most of the cluster’s cases lack` : '';
  const more = listed.length > SUBSPACE_TABLE_ROWS ? `; the first ${SUBSPACE_TABLE_ROWS} are listed` : '';
  const other = `The ${from ? 'other ' : ''}${int(rest.length)} subspace feature${rest.length === 1 ? '' : 's'}`;
  const intro = !listed.length
    ? `${other}: ${absences} (all are in the JSON report).`
    : absent.length
      ? `${other}: ${absences}, counted here and listed in the JSON report, and these ${int(listed.length)}${more}:`
      : `${other}${more ? `${more} (all are in the JSON report)` : ''}:`;
  return { intro, rows: listed.slice(0, SUBSPACE_TABLE_ROWS).map((f) => [f.feature, f.value, f2(f.probability), pct(f.phi), pct(f.overall)]) };
}

/**
 * Whether a prototype's subspace beyond its chart is listed as a table: not when the features are all pixels
 * of its picture, which outlines every one of them (a table of 50 pixels tells a reader nothing the picture
 * does not); PIXEL_SUBSPACE_NOTE says so instead.
 */
export function listsSubspaceRest(d: ReportData, p: ReportPrototype): boolean {
  const pixels = new Set(d.dataset.image?.columns ?? []);
  return !(p.picture && p.subspace.every((f) => pixels.has(f.column)));
}

export const pixelSubspaceNote = (p: ReportPrototype) =>
  `The picture outlines all ${p.subspace.length} subspace pixels, more strongly where P(ω = 1) is higher; the JSON report lists each with its P(ω = 1) and φ.`;

export function dataSentence(d: ReportData): string {
  const ds = d.dataset;
  return `${int(ds.rows)} cases from ${ds.name} (${ds.format}), ${ds.columns.length} columns${ds.labelColumn ? `, labelled by ${ds.labelColumn}` : ''}${ds.image ? `; each case is a ${ds.image.rows} × ${ds.image.cols} picture` : ''}.`;
}

export function settingsRows(d: ReportData): string[][] {
  const p = d.model.params;
  return [
    ['Prototypes (S)', String(p.S)],
    ['Sweeps (burn-in)', `${p.sweeps} (${p.burnIn})`],
    ['Chains', String(p.chains)],
    ['Seed', String(p.seed)],
    ['α (end of fit)', f3(d.model.alpha)],
    ['q, λ, c', `${p.q}, ${p.lambda}, ${p.c}`],
    ['Split-R̂', d.model.rhat === null ? '– (one chain)' : f3(d.model.rhat)],
    ['Time per sweep', `${f2(1000 * d.model.secondsPerSweep)} ms`],
  ];
}

export function redactionSentence(d: ReportData): string | null {
  return d.redacted.length ? `Values of ${d.redacted.join(', ')} are left out of this report (shown as [redacted]).` : null;
}

export function accuracySentences(d: ReportData): string[] {
  const a = d.accuracy;
  if (!a || !a.labelColumn) return ['The data has no label column, so there is no accuracy to measure.'];
  return [
    `Predicting ${a.labelColumn} from each case’s π (logistic regression, ${a.folds}-fold cross-validated): ${a.piAccuracy === null ? '–' : pct(a.piAccuracy)} correct.`,
    `Predicting it as the majority label of each case’s cluster: ${a.unsupervisedAccuracy === null ? '–' : pct(a.unsupervisedAccuracy)} correct.`,
  ];
}

export const GRADE_NAMES = ['irrelevant', 'related', 'relevant', 'highly relevant'];

/**
 * Rows of the data section's column table: column, kind, distinct, missing, most frequent values. An image's
 * pixel columns share one row (64 rows of grey levels would bury the columns a reader looks for).
 */
export function columnRows(d: ReportData): string[][] {
  const pixels = new Set(d.dataset.image?.columns ?? []);
  const rows = d.dataset.columns
    .filter((c) => !pixels.has(c.name))
    .map((c) => [c.name, c.kind, int(c.distinct), int(c.missing), c.redacted ? 'values redacted' : c.bins.slice(0, 4).map((b) => `${b.label} (${int(b.count)})`).join(', ') + (c.bins.length > 4 || c.more ? ', …' : '')]);
  const px = d.dataset.columns.filter((c) => pixels.has(c.name));
  if (px.length) {
    const kinds = [...new Set(px.map((c) => c.kind))].join(', ');
    const missing = px.reduce((a, c) => a + c.missing, 0);
    rows.push([`${px[0].name} … ${px[px.length - 1].name}`, `${px.length} pixels`, `${Math.min(...px.map((c) => c.distinct))}–${Math.max(...px.map((c) => c.distinct))}`, int(missing), `${kinds}: the grey level of each pixel of the ${d.dataset.image!.rows} × ${d.dataset.image!.cols} picture`]);
  }
  return rows;
}

export const COLUMN_HEAD = ['Column', 'Kind', 'Distinct', 'Missing', 'Most frequent'];

/** The cases a warned prototype could be swapped for (same cluster, k at the threshold or above): "row 512 (k = 6), row 1033 (k = 5)", or "—". */
export function pinInstead(p: { k: number; replacements?: { row: number; k: number }[] }): string {
  return p.replacements?.length ? p.replacements.map((r) => `row ${r.row} (k = ${r.k})`).join(', ') : '—';
}
