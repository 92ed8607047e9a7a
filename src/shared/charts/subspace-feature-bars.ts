// Why a feature is in a prototype's subspace, at a glance: P(ω = 1) beside a bar of φ (how common the
// prototype's value is in the cluster) against a tick at the value's frequency over all cases. A long bar
// far right of its tick is a feature that sets this cluster apart (BCM: φ_s ~ Dirichlet(g(p_s, ω_s, c))).
import { format } from 'd3-format';
import { clusterColour, edgeFor, INK, MUTED, NEUTRAL, WASH } from './palette';
import { CHART_DEFAULTS, type ChartOptions, el, svgRoot, text, tip, withDefaults } from './svg';
import { textWidth, truncate } from './text';

export interface SubspaceFeature {
  name: string;
  /** P(ω = 1): posterior probability that the feature is in the subspace. */
  probability: number;
  /** φ of the prototype's value: its share among the cluster's cases (0–1). */
  phi: number;
  /** The same value's share among all cases (0–1). */
  overall: number;
  /** The prototype's value of the feature. */
  value: string;
}

export interface SubspaceFeatureBarsOptions extends ChartOptions {
  /** Row height (px). */
  rowHeight: number;
  /** Room for "name = value" (px); longer text is cut with "…". */
  labelWidth: number;
  /** The cluster: bars in its colour (else `colour`). */
  cluster: number | null;
  /** Bar colour when no cluster is given. */
  colour: string;
  /** Rows by P(ω = 1), most probable first (stable); false keeps the given order. */
  sort: boolean;
  /** A header row naming the columns and the bar's two marks. */
  header: boolean;
  /** Only the first `top` rows (after sorting); a last line says how many more there are. */
  top: number | null;
}

export const SUBSPACE_FEATURE_BARS_DEFAULTS: SubspaceFeatureBarsOptions = {
  ...CHART_DEFAULTS,
  width: 300,
  rowHeight: 20,
  labelWidth: 120,
  cluster: null,
  colour: NEUTRAL,
  sort: true,
  header: true,
  top: null,
};

const f2 = format('.2f');
const pct = format('.0%');

export function subspaceFeatureBars(features: readonly SubspaceFeature[], options?: Partial<SubspaceFeatureBarsOptions>): string {
  const o = withDefaults(SUBSPACE_FEATURE_BARS_DEFAULTS, options);
  const fs = o.fontSize;
  const rows = o.sort ? features.map((f, i) => ({ f, i })).sort((a, b) => b.f.probability - a.f.probability || a.i - b.i).map(({ f }) => f) : [...features];
  const shown = o.top !== null ? rows.slice(0, Math.max(0, o.top)) : rows;
  const fill = o.cluster !== null ? clusterColour(o.cluster) : o.colour;
  const edge = edgeFor(fill);

  const probW = textWidth('P(ω=1)', fs) + 8;
  const valuesW = textWidth('100% · 100%', fs) + 6;
  const xProb = o.labelWidth + 6;
  const xBar = xProb + probW;
  const barW = Math.max(30, o.width - xBar - valuesW);
  const barH = Math.round(o.rowHeight * 0.5);
  const headH = o.header ? o.rowHeight : 0;

  let body = '';
  if (o.header) {
    const y = o.rowHeight / 2;
    body += el(
      'g',
      { class: 'ex-header', fill: MUTED },
      text('feature = value', { x: 0, y, dy: '0.35em' }) +
        text('P(ω=1)', { x: xBar - 8, y, dy: '0.35em', 'text-anchor': 'end' }) +
        // Key: the bar is this cluster, the tick is everybody.
        el('rect', { x: xBar, y: y - 4, width: 10, height: 8, fill, stroke: edge, 'stroke-width': edge ? 1 : null }) +
        text('cluster', { x: xBar + 13, y, dy: '0.35em' }) +
        el('line', { x1: xBar + 16 + textWidth('cluster', fs) + 5, x2: xBar + 16 + textWidth('cluster', fs) + 5, y1: y - 6, y2: y + 6, stroke: INK, 'stroke-width': 2 }) +
        text('all cases', { x: xBar + 16 + textWidth('cluster', fs) + 10, y, dy: '0.35em' }),
    );
  }
  shown.forEach((f, r) => {
    const y = headH + r * o.rowHeight;
    const cy = y + o.rowHeight / 2;
    const phi = Math.min(1, Math.max(0, f.phi));
    const all = Math.min(1, Math.max(0, f.overall));
    let row = tip(`${f.name} = ${f.value}: P(ω=1) = ${f2(f.probability)}; ${pct(phi)} of this cluster's cases have it, ${pct(all)} of all cases`);
    row += text(truncate(`${f.name} = ${f.value}`, o.labelWidth, fs), { x: 0, y: cy, dy: '0.35em', fill: INK });
    row += text(f2(f.probability), { class: 'ex-probability', x: xBar - 8, y: cy, dy: '0.35em', 'text-anchor': 'end', fill: INK });
    row += el('rect', { class: 'ex-track', x: xBar, y: cy - barH / 2, width: barW, height: barH, fill: WASH });
    if (phi > 0) row += el('rect', { class: 'ex-bar', x: xBar, y: cy - barH / 2, width: phi * barW, height: barH, fill, stroke: edge, 'stroke-width': edge ? 1 : null });
    const tx = xBar + all * barW;
    row += el('line', { class: 'ex-overall', x1: tx, x2: tx, y1: cy - barH / 2 - 3, y2: cy + barH / 2 + 3, stroke: INK, 'stroke-width': 2 });
    row += text(`${pct(phi)} · ${pct(all)}`, { x: o.width, y: cy, dy: '0.35em', 'text-anchor': 'end', fill: MUTED });
    body += el('g', { class: 'ex-row', 'data-feature': f.name }, row);
  });
  let H = headH + shown.length * o.rowHeight;
  if (rows.length > shown.length) {
    body += text(`+${rows.length - shown.length} more`, { class: 'ex-more', x: 0, y: H + o.rowHeight / 2, dy: '0.35em', fill: MUTED });
    H += o.rowHeight;
  }
  if (!rows.length) {
    body += text('no subspace features', { x: 0, y: H + o.rowHeight / 2, dy: '0.35em', fill: MUTED });
    H += o.rowHeight;
  }
  const title = rows.length ? `Subspace features by P(ω=1): ${rows.slice(0, 5).map((f) => `${f.name} = ${f.value} (${f2(f.probability)})`).join(', ')}${rows.length > 5 ? ', …' : ''}` : 'No subspace features';
  return svgRoot({ name: 'subspace-feature-bars', width: o.width, height: H, title, options: o }, body);
}
