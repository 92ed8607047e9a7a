// Ranking quality before and after learning from the user's grades (NDCG@k, P@5, MAP by query-fold
// cross-validation): each metric a pair of bars on one 0–1 scale, with the change written out.
import { format } from 'd3-format';
import { FAINT, INK, MUTED, NEUTRAL, NEUTRAL_LIGHT } from './palette';
import { CHART_DEFAULTS, type ChartOptions, el, svgRoot, text, tip, withDefaults } from './svg';
import { textWidth, truncate } from './text';

export interface MetricsBarsOptions extends ChartOptions {
  /** What "before" and "after" are called in the key and tooltips. */
  names: { before: string; after: string };
  /** The bars' scale (metrics are fractions). */
  domain: readonly [number, number];
  /** Decimals of the values written. */
  decimals: number;
  /** Room for metric names (px). */
  labelWidth: number;
  /** Thickness of each bar and the space between metrics (px). */
  barHeight: number;
  gap: number;
}

export const METRICS_BARS_DEFAULTS: MetricsBarsOptions = {
  ...CHART_DEFAULTS,
  width: 360,
  names: { before: 'model', after: 'learned' },
  domain: [0, 1],
  decimals: 3,
  labelWidth: 64,
  barHeight: 7,
  gap: 8,
};

export function metricsBars(before: Readonly<Record<string, number>>, after: Readonly<Record<string, number>>, options?: Partial<MetricsBarsOptions>): string {
  const o = withDefaults(METRICS_BARS_DEFAULTS, options);
  const fs = o.fontSize;
  const f = format(`.${o.decimals}f`);
  const d = format(`+.${o.decimals}f`);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const valueW = textWidth(`${f(0.5)} → ${f(0.5)}  ${d(0.5)}`, fs) + 4;
  const xBar = o.labelWidth + 6;
  const barW = Math.max(30, o.width - xBar - valueW);
  const [d0, d1] = o.domain;
  const X = (v: number) => xBar + (Math.min(d1, Math.max(d0, v)) - d0) / (d1 - d0 || 1) * barW;
  const keyH = fs + 8;
  const rowH = Math.max(2 * o.barHeight + 2, fs + 2);
  const step = rowH + o.gap;

  // Key: which shade is which.
  let body = el(
    'g',
    { class: 'ex-legend' },
    el('rect', { x: xBar, y: 2, width: 10, height: 8, fill: NEUTRAL_LIGHT }) +
      text(o.names.before, { x: xBar + 13, y: 10, fill: MUTED }) +
      el('rect', { x: xBar + 20 + textWidth(o.names.before, fs), y: 2, width: 10, height: 8, fill: NEUTRAL }) +
      text(o.names.after, { x: xBar + 33 + textWidth(o.names.before, fs), y: 10, fill: MUTED }),
  );
  keys.forEach((k, r) => {
    const y = keyH + r * step;
    const b = before[k];
    const a = after[k];
    const has = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);
    let g = tip(`${k}: ${o.names.before} ${has(b) ? f(b) : '—'}, ${o.names.after} ${has(a) ? f(a) : '—'}${has(a) && has(b) ? ` (${d(a - b)})` : ''}`);
    g += text(truncate(k, o.labelWidth, fs), { x: o.labelWidth, y: y + rowH / 2, dy: '0.35em', 'text-anchor': 'end', fill: INK });
    g += el('line', { x1: xBar, x2: xBar + barW, y1: y + rowH / 2, y2: y + rowH / 2, stroke: FAINT });
    const by = y + (rowH - 2 * o.barHeight - 2) / 2;
    if (has(b)) g += el('rect', { class: 'ex-before', x: xBar, y: by, width: X(b) - xBar, height: o.barHeight, fill: NEUTRAL_LIGHT });
    if (has(a)) g += el('rect', { class: 'ex-after', x: xBar, y: by + o.barHeight + 2, width: X(a) - xBar, height: o.barHeight, fill: NEUTRAL });
    const value = `${has(b) ? f(b) : '—'} → ${has(a) ? f(a) : '—'}${has(a) && has(b) ? `  ${d(a - b)}` : ''}`;
    g += text(value, { x: o.width, y: y + rowH / 2, dy: '0.35em', 'text-anchor': 'end', fill: INK, 'xml:space': 'preserve' });
    body += el('g', { class: 'ex-metric', 'data-metric': k }, g);
  });
  if (!keys.length) body += text('no metrics yet', { x: xBar, y: keyH + rowH / 2, dy: '0.35em', fill: MUTED });
  const H = keyH + Math.max(1, keys.length) * step - o.gap;
  const title = keys.length ? `Ranking metrics, ${o.names.before} → ${o.names.after}: ${keys.map((k) => `${k} ${before[k] !== undefined ? f(before[k]) : '—'} → ${after[k] !== undefined ? f(after[k]) : '—'}`).join(', ')}` : 'Ranking metrics: none yet';
  return svgRoot({ name: 'metrics-bars', width: o.width, height: H, title, options: o }, body);
}
