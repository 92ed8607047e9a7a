// The weights learned from the user's grades, per feature group, relative to the model's own (1 = as the model
// weighs it): bars grow right of the baseline for what the user cares about more, left for less.
import { format } from 'd3-format';
import { scaleLinear } from 'd3-scale';
import { FAINT, INK, MUTED, NEUTRAL } from './palette';
import { CHART_DEFAULTS, type ChartOptions, el, svgRoot, text, tip, withDefaults } from './svg';
import { textWidth, truncate } from './text';

export interface WeightBarsOptions extends ChartOptions {
  /** The reference weight, drawn as a line ("as the model weighs it"). */
  baseline: number;
  /** Caption of the baseline line. */
  baselineLabel: string;
  /** Largest weight first; false keeps the given order. */
  sort: boolean;
  /** At most this many rows; a last line says how many more there are. */
  top: number;
  /** Room for names (px). */
  labelWidth: number;
  barHeight: number;
  gap: number;
  /** Decimals of the values written. */
  decimals: number;
  colour: string;
}

export const WEIGHT_BARS_DEFAULTS: WeightBarsOptions = {
  ...CHART_DEFAULTS,
  width: 320,
  baseline: 1,
  baselineLabel: 'model',
  sort: true,
  top: 20,
  labelWidth: 110,
  barHeight: 10,
  gap: 4,
  decimals: 2,
  colour: NEUTRAL,
};

export function weightBars(weights: Readonly<Record<string, number>>, options?: Partial<WeightBarsOptions>): string {
  const o = withDefaults(WEIGHT_BARS_DEFAULTS, options);
  const fs = o.fontSize;
  const f = format(`.${o.decimals}f`);
  const entries = Object.entries(weights).filter(([, w]) => Number.isFinite(w));
  if (o.sort) entries.sort((a, b) => b[1] - a[1]);
  const shown = entries.slice(0, Math.max(0, o.top));
  const ws = shown.map(([, w]) => w);
  const lo = Math.min(o.baseline, ...ws);
  const hi = Math.max(o.baseline, ...ws);
  const valueW = textWidth(f(-Math.max(Math.abs(lo), Math.abs(hi))), fs) + 8;
  const xBar = o.labelWidth + 6;
  const x = scaleLinear()
    .domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi])
    .nice()
    .range([xBar, Math.max(xBar + 30, o.width - valueW)]);
  const keyH = fs + 8;
  const rowH = Math.max(o.barHeight, fs + 2);
  const step = rowH + o.gap;
  const bx = Math.round(x(o.baseline)) + 0.5;

  let body = '';
  shown.forEach(([name, w], r) => {
    const y = keyH + r * step;
    const a = Math.min(x(w), x(o.baseline));
    const b = Math.max(x(w), x(o.baseline));
    let g = tip(`${name}: ${f(w)} × the model's weight`);
    g += text(truncate(name, o.labelWidth, fs), { x: o.labelWidth, y: y + rowH / 2, dy: '0.35em', 'text-anchor': 'end', fill: INK });
    g += el('rect', { class: 'ex-bar', x: a, y: y + (rowH - o.barHeight) / 2, width: Math.max(b - a, 1), height: o.barHeight, fill: o.colour });
    g += text(f(w), { x: o.width, y: y + rowH / 2, dy: '0.35em', 'text-anchor': 'end', fill: MUTED });
    body += el('g', { class: 'ex-weight', 'data-feature': name }, g);
  });
  const H0 = keyH + Math.max(1, shown.length) * step - o.gap;
  // Baseline and zero drawn over the bars, with the baseline's caption above them.
  body += el('line', { class: 'ex-baseline', x1: bx, x2: bx, y1: keyH - 4, y2: H0 + 2, stroke: INK, 'stroke-dasharray': '3 2' });
  body += text(`${o.baselineLabel} = ${f(o.baseline)}`, { x: bx, y: fs, 'text-anchor': 'middle', fill: MUTED });
  const [d0] = x.domain();
  // Zero, when in range, is "ignored by the learned ranking": worth a line and its number.
  if (d0 < 0 && o.baseline !== 0) {
    const zx = Math.round(x(0)) + 0.5;
    body += el('line', { class: 'ex-zero', x1: zx, x2: zx, y1: keyH - 4, y2: H0 + 2, stroke: FAINT });
    if (Math.abs(zx - bx) > textWidth(`${o.baselineLabel} = ${f(o.baseline)}`, fs) / 2 + 10) body += text('0', { x: zx, y: fs, 'text-anchor': 'middle', fill: MUTED });
  }
  let H = H0 + 4;
  if (entries.length > shown.length) {
    body += text(`+${entries.length - shown.length} more`, { class: 'ex-more', x: 0, y: H + fs, fill: MUTED });
    H += fs + 6;
  }
  if (!entries.length) body += text('no learned weights yet', { x: 0, y: keyH + rowH / 2, dy: '0.35em', fill: MUTED });
  const title = entries.length ? `Learned weights relative to the model's (${f(o.baseline)}): ${entries.slice(0, 6).map(([n, w]) => `${n} ${f(w)}`).join(', ')}${entries.length > 6 ? ', …' : ''}` : 'Learned weights: none yet';
  return svgRoot({ name: 'weight-bars', width: o.width, height: H, title, options: o }, body);
}
