// The labels of a cluster's cases as one small stacked bar ("mostly 1s, some 7s"): the Prototypes card's
// answer to "is this cluster one kind of thing?".
import { format } from 'd3-format';
import { ACCENT, FAINT, MUTED, WASH, textOn } from './palette';
import { CHART_DEFAULTS, type ChartOptions, el, svgRoot, text, tip, withDefaults } from './svg';
import { truncate } from './text';

export interface LabelShare {
  label: string;
  /** Fraction of the cluster's cases (0–1); the shares are normalised to their sum. */
  share: number;
  count: number;
}

export interface LabelMixBarOptions extends ChartOptions {
  /** Bar height (px). */
  height: number;
  /** At most this many segments; the smallest labels beyond merge into one "other". */
  maxSegments: number;
  /** Label and percentage inside segments wide enough to hold them. */
  labels: boolean;
  /** A colour per label (e.g. the Map's colours when it colours by label); others take the grey ramp. */
  labelColours: Readonly<Record<string, string>> | null;
  /** A label to mark with the ACCENT outline (the selected case's label). */
  highlight: string | null;
}

export const LABEL_MIX_BAR_DEFAULTS: LabelMixBarOptions = {
  ...CHART_DEFAULTS,
  width: 160,
  height: 18,
  maxSegments: 5,
  labels: true,
  labelColours: null,
  highlight: null,
};

/** The labels' greys, most frequent label darkest (the eye reads the majority first); each holds AA text in INK or white. */
export const LABEL_MIX_RAMP = ['#3D4B59', '#627182', '#98A5B3', '#BCC5CE', '#D6DCE2'];
const OTHER = '#E6EAEE';
const pct = format('.0%');

export function labelMixBar(mix: readonly LabelShare[], options?: Partial<LabelMixBarOptions>): string {
  const o = withDefaults(LABEL_MIX_BAR_DEFAULTS, options);
  const W = o.width;
  const H = o.height;
  const sorted = mix.map((m, i) => ({ m, i })).filter(({ m }) => m.share > 0).sort((a, b) => b.m.share - a.m.share || a.i - b.i).map(({ m }) => m);
  const shown = sorted.length > o.maxSegments ? sorted.slice(0, Math.max(1, o.maxSegments - 1)) : sorted;
  const rest = sorted.slice(shown.length);
  const segments = shown.map((m, k) => ({ label: m.label, share: m.share, count: m.count, other: false, colour: o.labelColours?.[m.label] ?? LABEL_MIX_RAMP[Math.min(k, LABEL_MIX_RAMP.length - 1)] }));
  if (rest.length)
    segments.push({ label: `${rest.length} others`, share: rest.reduce((s, m) => s + m.share, 0), count: rest.reduce((s, m) => s + m.count, 0), other: true, colour: OTHER });
  const total = segments.reduce((s, m) => s + m.share, 0);

  let body = '';
  if (total <= 0) {
    body += el('rect', { x: 0.5, y: 0.5, width: W - 1, height: H - 1, fill: WASH, stroke: FAINT });
    body += text('no labels', { x: W / 2, y: H / 2, dy: '0.35em', 'text-anchor': 'middle', fill: MUTED });
  }
  let cum = 0;
  let hi = '';
  for (const s of segments) {
    // Positions from cumulative shares, so the segments tile the bar exactly.
    const x0 = (cum / total) * W;
    cum += s.share;
    const x1 = s === segments[segments.length - 1] ? W : (cum / total) * W;
    const width = x1 - x0;
    let inner = tip(`${s.label}: ${s.count} case${s.count === 1 ? '' : 's'} (${pct(s.share / total)})`) + el('rect', { x: x0, y: 0, width, height: H, fill: s.colour });
    if (o.labels && width > 14) {
      const full = `${s.label} ${pct(s.share / total)}`;
      const t = truncate(full, width - 6, o.fontSize) === full ? full : truncate(s.label, width - 6, o.fontSize);
      if (t) inner += text(t, { x: x0 + 3, y: H / 2, dy: '0.35em', fill: textOn(s.colour), 'pointer-events': 'none' });
    }
    body += el('g', { class: s.other ? 'ex-segment ex-other' : 'ex-segment', 'data-label': s.other ? null : s.label }, inner);
    // White hairlines between segments keep neighbours of similar grey apart.
    if (x0 > 0) body += el('line', { x1: x0, x2: x0, y1: 0, y2: H, stroke: '#FFFFFF', 'stroke-width': 1 });
    if (!s.other && s.label === o.highlight) hi = el('rect', { class: 'ex-highlight', x: x0 + 1, y: 1, width: Math.max(0, width - 2), height: H - 2, fill: 'none', stroke: ACCENT, 'stroke-width': 2 });
  }
  body += hi;
  const summary = segments.map((s) => `${s.label} ${pct(s.share / total)}`).join(', ');
  return svgRoot({ name: 'label-mix-bar', width: W, height: H, title: total > 0 ? `Label mix: ${summary}` : 'Label mix: no labels', options: o }, body);
}
