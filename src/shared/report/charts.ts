// The charts of a report, drawn once from ReportData by the app's own chart functions (src/shared/charts), so
// HTML, Markdown and PDF show the same pictures as the Explorer. Each has an id its layout places it by.
import { clusterColour, contributionBar, histogram, labelMixBar, metricsBars, prototypePicture, subspaceFeatureBars, traceChart, weightBars } from '../charts';
import type { ReportData, ReportSection } from './types';

export interface ReportChart {
  /** `trace`, `prototype-3-picture`, `prototype-3-subspace`, `prototype-3-labels`, `cluster-sizes`, `ranking-0-2`, `ranker-metrics`, `ranker-weights`, `column-<name>`. */
  id: string;
  section: ReportSection;
  /** A sentence saying what the chart shows (its figure caption). */
  caption: string;
  svg: string;
}

/** Widths (px) that fit an A4 page's text column at 96 dpi with margins. */
export const REPORT_WIDTH = 640;

/** The subspace rows a prototype's chart shows (the rest are in a table below it). */
export const SUBSPACE_CHART_ROWS = 12;

export function reportCharts(d: ReportData): ReportChart[] {
  const out: ReportChart[] = [];
  const has = (s: ReportSection) => d.sections.includes(s);

  const pixels = new Set(d.dataset.image?.columns ?? []);
  if (has('data'))
    for (const c of d.dataset.columns)
      // Two-valued columns read as well from the table's counts, and pixels from the prototypes' pictures; a
      // chart is drawn where a shape shows.
      if (c.bins.length > 2 && !c.redacted && !pixels.has(c.name))
        out.push({
          id: `column-${c.name}`,
          section: 'data',
          caption: `${c.name}: counts ${c.kind === 'numeric' ? 'per bin' : 'of the most frequent values'}${c.more ? ` (${c.more} more not shown)` : ''}.`,
          svg: histogram(c.bins, { width: 220, height: 64, labels: c.kind === 'numeric' ? 'ends' : 'none', missing: c.missing || null, title: `${c.name}: distribution` }),
        });

  if (has('model') && d.model.traces.some((t) => t.length))
    out.push({
      id: 'trace',
      section: 'model',
      caption: `Log joint per sweep of each chain; the first ${d.model.burnIn} sweeps are burn-in. Chains that level off at the same height have converged.`,
      svg: traceChart({ chains: d.model.traces, burnIn: d.model.burnIn, sweeps: d.model.sweeps }, { width: REPORT_WIDTH, height: 200, title: 'Log joint per sweep' }),
    });

  if (has('prototypes'))
    for (const p of d.prototypes) {
      if (p.picture && d.dataset.image)
        out.push({
          id: `prototype-${p.cluster}-picture`,
          section: 'prototypes',
          caption: `Prototype of cluster ${p.cluster} (row ${p.row}); its subspace pixels are outlined, stronger where P(ω = 1) is higher.`,
          svg: prototypePicture(
            { rows: d.dataset.image.rows, cols: d.dataset.image.cols, values: p.picture.values, max: p.picture.max, probability: p.picture.probability },
            { width: 112, outline: clusterColour(p.cluster), row: p.row, title: `Prototype of cluster ${p.cluster}, row ${p.row}` },
          ),
        });
      if (p.subspace.length)
        out.push({
          id: `prototype-${p.cluster}-subspace`,
          section: 'prototypes',
          caption: `Cluster ${p.cluster}: the prototype's value of each subspace feature, P(ω = 1), and how often the value occurs in the cluster (φ) against all cases.`,
          svg: subspaceFeatureBars(
            p.subspace.map((f) => ({ name: f.feature, probability: f.probability, phi: f.phi, overall: f.overall, value: f.value })),
            { cluster: p.cluster, top: SUBSPACE_CHART_ROWS, width: REPORT_WIDTH - 140, labelWidth: 180, sort: false, header: true, title: `Subspace of cluster ${p.cluster}` },
          ),
        });
      if (p.labelMix.length)
        out.push({
          id: `prototype-${p.cluster}-labels`,
          section: 'prototypes',
          caption: `Labels of the ${p.size} cases in cluster ${p.cluster}.`,
          svg: labelMixBar(p.labelMix, { width: 300, title: `Labels in cluster ${p.cluster}` }),
        });
    }

  if (has('clusters') && d.prototypes.length)
    out.push({
      id: 'cluster-sizes',
      section: 'clusters',
      caption: 'Cases per cluster (each case counted in its largest-π cluster).',
      svg: histogram(
        d.prototypes.map((p) => ({ label: String(p.cluster), count: p.size })),
        { width: Math.min(REPORT_WIDTH, 60 + 40 * d.prototypes.length), height: 120, labels: 'all', title: 'Cases per cluster' },
      ),
    });

  if (has('similar'))
    d.rankings.forEach((r, i) => {
      const best = Math.max(1e-9, ...r.results.map((x) => x.score));
      r.results.forEach((x, j) =>
        out.push({
          id: `ranking-${i}-${j}`,
          section: 'similar',
          caption: `Why row ${x.row} scores ${x.score.toFixed(3)}: what each feature adds.`,
          svg: contributionBar(x.contributions, x.score, { width: 360, max: best, title: `Score of row ${x.row}` }),
        }),
      );
    });

  if (has('ranker') && d.ranker) {
    out.push({
      id: 'ranker-metrics',
      section: 'ranker',
      caption: `Ranking quality by query-fold cross-validation: the model's own ranking, and the one learned from ${d.ranker.judgments} judgments.`,
      svg: metricsBars(d.ranker.before, d.ranker.after, { width: REPORT_WIDTH - 140, names: { before: 'model', after: 'learned' }, title: 'Ranking metrics before and after learning' }),
    });
    if (Object.keys(d.ranker.weights).length)
      out.push({
        id: 'ranker-weights',
        section: 'ranker',
        caption: 'Learned weight of each feature group, relative to the model (1 = as the model weighs it).',
        svg: weightBars(d.ranker.weights, { width: REPORT_WIDTH - 140, title: 'Learned weights' }),
      });
  }
  return out;
}
