// A column's value distribution, small enough to sit in a schema row (Weka Explorer's Preprocess tab): one
// bar per bin or category, missing values apart, the tallest count written so the heights have a scale.
import { format } from 'd3-format';
import { ACCENT, FAINT, MISSING, MUTED, NEUTRAL, edgeFor } from './palette';
import { CHART_DEFAULTS, type ChartOptions, el, svgRoot, text, tip, withDefaults } from './svg';
import { textWidth, truncate } from './text';

export interface Bin {
  label: string;
  count: number;
}

export interface HistogramOptions extends ChartOptions {
  height: number;
  /** Bin labels under the bars: the first and last ('ends', for numeric bins), every one that fits ('all', for categories), or none. */
  labels: 'ends' | 'all' | 'none';
  /** Missing values, drawn as a separate bar after a gap (null: none drawn). */
  missing: number | null;
  /** A bin index to fill with ACCENT (the selected case's bin). */
  highlight: number | null;
  /** The tallest count, top left (dropped, then the labels, when they would leave under 16 px of bars). */
  showMax: boolean;
  /** Bar colour. */
  colour: string;
  /** Column name for the title ("Distribution of age"). */
  name: string | null;
}

export const HISTOGRAM_DEFAULTS: HistogramOptions = {
  ...CHART_DEFAULTS,
  width: 160,
  height: 64,
  labels: 'ends',
  missing: null,
  highlight: null,
  showMax: true,
  colour: NEUTRAL,
  name: null,
};

const count = format(',d');

export function histogram(bins: readonly Bin[], options?: Partial<HistogramOptions>): string {
  const o = withDefaults(HISTOGRAM_DEFAULTS, options);
  const fs = o.fontSize;
  const W = o.width;
  const H = o.height;
  // A short histogram (a table row) keeps at least 16 px of bars: the max count goes first, then the labels.
  const minBars = 16;
  const showLabels = o.labels !== 'none' && H - (fs + 4) - 2 >= minBars;
  const showMax = o.showMax && H - (fs + 4) - (showLabels ? fs + 4 : 1) >= minBars;
  const top = showMax ? fs + 4 : 2;
  const bottom = showLabels ? fs + 4 : 1;
  const plotH = Math.max(4, H - top - bottom);
  const base = top + plotH;
  const hasMissing = o.missing !== null && o.missing > 0;
  const gap = 1;
  const missingGap = 6;
  const slots = bins.length + (hasMissing ? 1 : 0);
  const barW = slots ? Math.max(1, (W - (slots - 1) * gap - (hasMissing ? missingGap : 0)) / slots) : W;
  const max = Math.max(1, ...bins.map((b) => b.count), hasMissing ? o.missing! : 0);
  const h = (c: number) => (c > 0 ? Math.max(1, (c / max) * plotH) : 0);
  const total = bins.reduce((s, b) => s + b.count, 0);
  const edge = edgeFor(o.colour);

  let body = el('line', { class: 'ex-baseline', x1: 0, x2: W, y1: base + 0.5, y2: base + 0.5, stroke: FAINT });
  bins.forEach((b, i) => {
    const x = i * (barW + gap);
    const fill = i === o.highlight ? ACCENT : o.colour;
    let g = tip(`${b.label}: ${count(b.count)}`);
    // A full-height target, so a bin of one case is as easy to hover as the tallest.
    g += el('rect', { class: 'ex-hit', x, y: top, width: barW, height: plotH, fill: 'transparent' });
    if (b.count > 0) g += el('rect', { class: 'ex-bar', x, y: base - h(b.count), width: barW, height: h(b.count), fill, stroke: i === o.highlight ? null : edge });
    body += el('g', { class: i === o.highlight ? 'ex-bin ex-selected' : 'ex-bin', 'data-bin': i, 'data-label': b.label }, g);
  });
  if (hasMissing) {
    const x = W - barW;
    body += el(
      'g',
      { class: 'ex-bin ex-missing', 'data-bin': 'missing' },
      tip(`missing: ${count(o.missing!)}`) + el('rect', { class: 'ex-hit', x, y: top, width: barW, height: plotH, fill: 'transparent' }) + el('rect', { x: x + 0.5, y: base - h(o.missing!) + 0.5, width: Math.max(0, barW - 1), height: Math.max(0, h(o.missing!) - 1), fill: MISSING, stroke: MUTED, 'stroke-dasharray': '2 1' }),
    );
  }
  if (showMax) body += text(count(max === 1 && total === 0 ? 0 : max), { class: 'ex-max', x: 0, y: fs, fill: MUTED });
  const ly = base + fs + 2;
  if (showLabels && o.labels === 'ends' && bins.length) {
    const first = bins[0].label;
    const last = bins[bins.length - 1].label;
    const room = bins.length > 1 ? W / 2 - 4 : W;
    body += text(truncate(first, room, fs), { x: 0, y: ly, fill: MUTED });
    if (bins.length > 1) body += text(truncate(last, room, fs), { x: hasMissing ? W - barW - missingGap - gap : W, y: ly, 'text-anchor': 'end', fill: MUTED });
  } else if (showLabels && o.labels === 'all')
    bins.forEach((b, i) => {
      const t = truncate(b.label, barW + gap - 2, fs);
      if (t) body += text(t, { x: i * (barW + gap) + barW / 2, y: ly, 'text-anchor': 'middle', fill: MUTED });
    });
  if (hasMissing && showLabels && textWidth('?', fs) <= barW + 4) body += text('?', { x: W - barW / 2, y: ly, 'text-anchor': 'middle', fill: MUTED });
  if (!bins.length) body += text('no values', { x: W / 2, y: top + plotH / 2, dy: '0.35em', 'text-anchor': 'middle', fill: MUTED });

  const title = `${o.name ? `Distribution of ${o.name}` : 'Distribution'}: ${count(total)} values in ${bins.length} bin${bins.length === 1 ? '' : 's'}${hasMissing ? `, ${count(o.missing!)} missing` : ''}`;
  return svgRoot({ name: 'histogram', width: W, height: H, title, options: o }, body);
}
