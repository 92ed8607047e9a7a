// The words of a report, shared by its layouts (HTML, Markdown, PDF): how to read it, and each section's
// sentences and table rows, so the formats say the same things in the same words.
import type { ReportData, ReportPrototype } from './types';

export const HOW_TO_READ = [
  'Each cluster is represented by a prototype: a real case that stands for it. Its subspace is the few features that matter for the cluster; P(ω = 1) is how sure the model is that a feature belongs to it.',
  'φ is how often the prototype’s value occurs among the cluster’s cases, set against how often it occurs among all cases: a value far more common in the cluster than overall is what sets the cluster apart.',
  'Every case is a mixture π over the clusters; it is counted in the cluster of its largest π.',
];

export const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
export const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
export const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
export const int = (n: number) => new Intl.NumberFormat('en').format(n);

/** How a case is named: "row 12 · aardvark · mammal". */
export function caseName(c: { row: number; name: string | null; label: string | null }): string {
  return [`row ${c.row}`, c.name, c.label].filter((x) => x !== null && x !== '').join(' · ');
}

export function prototypeHeading(p: ReportPrototype): string {
  return `Cluster ${p.cluster}: ${caseName(p)}${p.pinned ? ' (pinned)' : ''}`;
}

export function prototypeSummary(p: ReportPrototype): string {
  const mix = p.labelMix.length ? ` Labels: ${p.labelMix.slice(0, 3).map((m) => `${m.label} ${pct(m.share)}`).join(', ')}${p.labelMix.length > 3 ? ' and others' : ''}.` : '';
  return `${int(p.size)} case${p.size === 1 ? '' : 's'}; chosen as the prototype in ${pct(p.frequency)} of the posterior samples; ${p.subspace.length} subspace feature${p.subspace.length === 1 ? '' : 's'}.${mix}`;
}

/** Rows of a prototype's subspace table (from `from`, at most `limit`): feature, value, P(ω = 1), φ, overall. */
export function subspaceRows(p: ReportPrototype, from = 0, limit = 60): string[][] {
  return p.subspace.slice(from, from + limit).map((f) => [f.feature, f.value, f2(f.probability), pct(f.phi), pct(f.overall)]);
}

export const SUBSPACE_HEAD = ['Feature', 'Prototype’s value', 'P(ω = 1)', 'φ (cluster)', 'All cases'];

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
