// A case's mixture π over the clusters as bars in the clusters' colours: how much of each prototype's kind
// the case is (BCM: π_i ~ Dirichlet(α), the case's mixture weights).
import { format } from 'd3-format';
import { ACCENT, clusterColour, edgeFor, INK, MUTED, WASH } from './palette';
import { CHART_DEFAULTS, type ChartOptions, el, svgRoot, text, tip, withDefaults } from './svg';
import { textWidth, truncate } from './text';

export interface PiBarsOptions extends ChartOptions {
  /** Name per cluster (e.g. "1 · case 412"); default "cluster k" (0-based, as the CLI and the edit history say). */
  names: readonly string[] | null;
  /** Bar thickness and the gap between bars (px). */
  barHeight: number;
  gap: number;
  /** Room for the names (px); longer names are cut with "…". */
  labelWidth: number;
  /** 'cluster': bars in cluster order (the same place for every case); 'desc': largest first. */
  sort: 'cluster' | 'desc';
  /** Only the largest `top` clusters (the others are summed in the title). */
  top: number | null;
  /** A cluster to mark with the ACCENT outline (the selected cluster). */
  highlight: number | null;
}

export const PI_BARS_DEFAULTS: PiBarsOptions = {
  ...CHART_DEFAULTS,
  width: 220,
  names: null,
  barHeight: 12,
  gap: 4,
  labelWidth: 72,
  sort: 'cluster',
  top: null,
  highlight: null,
};

const f2 = format('.2f');

export function piBars(pi: readonly number[], options?: Partial<PiBarsOptions>): string {
  const o = withDefaults(PI_BARS_DEFAULTS, options);
  const name = (k: number) => o.names?.[k] ?? `cluster ${k}`;
  let order = pi.map((_, k) => k);
  if (o.sort === 'desc' || o.top !== null) order.sort((a, b) => pi[b] - pi[a] || a - b);
  if (o.top !== null) order = order.slice(0, Math.max(0, o.top));
  if (o.sort === 'cluster') order.sort((a, b) => a - b);

  const valueWidth = textWidth('0.00', o.fontSize) + 6;
  const x0 = o.labelWidth + 6;
  const barW = Math.max(10, o.width - x0 - valueWidth);
  const rowH = Math.max(o.barHeight, o.fontSize + 2);
  const step = rowH + o.gap;
  // Room above and below for the highlight's outline.
  const padY = 3;
  const H = Math.max(rowH, order.length * step - o.gap) + 2 * padY;

  let body = '';
  order.forEach((k, r) => {
    const y = padY + r * step;
    const by = y + (rowH - o.barHeight) / 2;
    const v = Math.min(1, Math.max(0, pi[k]));
    const fill = clusterColour(k);
    const edge = edgeFor(fill);
    let row = tip(`${name(k)}: π = ${f2(pi[k])}`);
    row += text(truncate(name(k), o.labelWidth, o.fontSize), { x: o.labelWidth, y: y + rowH / 2, dy: '0.35em', 'text-anchor': 'end', fill: INK });
    row += el('rect', { class: 'ex-track', x: x0, y: by, width: barW, height: o.barHeight, fill: WASH });
    if (v > 0) row += el('rect', { class: 'ex-bar', x: x0, y: by, width: v * barW, height: o.barHeight, fill, stroke: edge, 'stroke-width': edge ? 1 : null });
    if (k === o.highlight) row += el('rect', { class: 'ex-highlight', x: x0 - 2, y: by - 2, width: barW + 4, height: o.barHeight + 4, fill: 'none', stroke: ACCENT, 'stroke-width': 2 });
    row += text(f2(pi[k]), { x: o.width, y: y + rowH / 2, dy: '0.35em', 'text-anchor': 'end', fill: MUTED });
    body += el('g', { class: k === o.highlight ? 'ex-row ex-selected' : 'ex-row', 'data-cluster': k }, row);
  });
  if (!order.length) body += text('no clusters', { x: 0, y: padY + rowH / 2, dy: '0.35em', fill: MUTED });

  const top = [...pi.keys()].sort((a, b) => pi[b] - pi[a] || a - b).slice(0, 3);
  const title = pi.length ? `Mixture π over ${pi.length} clusters; largest: ${top.map((k) => `${name(k)} ${f2(pi[k])}`).join(', ')}` : 'Mixture π: no clusters';
  return svgRoot({ name: 'pi-bars', width: o.width, height: H, title, options: o }, body);
}
