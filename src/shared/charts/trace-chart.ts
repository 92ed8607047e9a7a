// The sampler's log joint per sweep, one line per chain, burn-in shaded (TensorBoard's scalar chart, plainly):
// chains that rise and then wander around one plateau together have mixed; one stuck below the others is
// what split-R̂ flags.
import { format } from 'd3-format';
import { path } from 'd3-path';
import { scaleLinear } from 'd3-scale';
import { chainColour, FAINT, INK, MUTED, WASH } from './palette';
import { CHART_DEFAULTS, type ChartOptions, el, px, svgRoot, text, tip, withDefaults } from './svg';
import { textWidth } from './text';

export interface TraceData {
  /** Log joint per sweep, indexed [chain][sweep − 1]: chains[c][i] is the value after sweep i + 1. */
  chains: readonly (readonly number[])[];
  /** Sweeps discarded as burn-in (the first burnIn). */
  burnIn: number;
  /** Sweeps planned: the x-axis runs to here even while a fit is still running. */
  sweeps: number;
}

export interface TraceChartOptions extends ChartOptions {
  height: number;
  /** 'auto': the y-range of the sweeps after burn-in (earlier, lower values run off the bottom, clipped), or of all sweeps until there are two after burn-in; 'all': every sweep. */
  y: 'auto' | 'all';
  /** An explicit y-range [low, high]; overrides `y`. */
  yDomain: readonly [number, number] | null;
  /** Tick counts asked of d3 (it may pick a few more or fewer). */
  xTicks: number;
  yTicks: number;
  /** Chain names top right (drawn only with more than one chain). */
  legend: boolean;
  xLabel: string;
  yLabel: string;
  /** Line width (px). */
  strokeWidth: number;
  /** Long chains are thinned to this many points per plot pixel (each bucket keeps its first, lowest, highest and last point). */
  pointsPerPixel: number;
}

export const TRACE_CHART_DEFAULTS: TraceChartOptions = {
  ...CHART_DEFAULTS,
  width: 480,
  height: 200,
  y: 'auto',
  yDomain: null,
  xTicks: 6,
  yTicks: 5,
  legend: true,
  xLabel: 'sweep',
  yLabel: 'log joint',
  strokeWidth: 1.25,
  pointsPerPixel: 2,
};

type Pt = [number, number];

/** Points of one chain, thinned to at most ~2 per bucket edge, keeping extremes (so spikes survive). */
function thin(values: readonly number[], buckets: number): Pt[] {
  const n = values.length;
  const pts: Pt[] = [];
  if (n <= buckets * 4) {
    for (let i = 0; i < n; i++) pts.push([i + 1, values[i]]);
    return pts;
  }
  for (let b = 0; b < buckets; b++) {
    const i0 = Math.floor((b * n) / buckets);
    const i1 = Math.floor(((b + 1) * n) / buckets);
    if (i1 <= i0) continue;
    let lo = i0;
    let hi = i0;
    for (let i = i0; i < i1; i++) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    for (const i of [...new Set([i0, lo, hi, i1 - 1])].sort((a, c) => a - c)) pts.push([i + 1, values[i]]);
  }
  return pts;
}

/** A polyline clipped to y ∈ [y0, y1] in data space (no clipPath: the charts carry no ids); gaps at non-finite values. */
function clippedPath(pts: readonly Pt[], y0: number, y1: number, X: (v: number) => number, Y: (v: number) => number): string {
  const p = path();
  let pen = false;
  const at = (a: Pt, b: Pt, y: number): Pt => [a[0] + ((y - a[1]) / (b[1] - a[1])) * (b[0] - a[0]), y];
  const move = (q: Pt) => p.moveTo(Number(px(X(q[0]))), Number(px(Y(q[1]))));
  const line = (q: Pt) => p.lineTo(Number(px(X(q[0]))), Number(px(Y(q[1]))));
  for (let i = 0; i < pts.length; i++) {
    const b = pts[i];
    if (!Number.isFinite(b[1])) {
      pen = false;
      continue;
    }
    const inside = b[1] >= y0 && b[1] <= y1;
    const a = i > 0 && Number.isFinite(pts[i - 1][1]) ? pts[i - 1] : null;
    if (!a) {
      if (inside) {
        move(b);
        pen = true;
      }
      continue;
    }
    // Enter/leave points where the segment a→b crosses the band's edges.
    const ys = [y0, y1].filter((y) => (a[1] - y) * (b[1] - y) < 0).map((y) => at(a, b, y)).sort((u, v) => u[0] - v[0]);
    for (const c of ys) {
      if (pen) {
        line(c);
        pen = false;
      } else {
        move(c);
        pen = true;
      }
    }
    if (inside) {
      if (pen) line(b);
      else {
        move(b);
        pen = true;
      }
    } else pen = false;
  }
  return p.toString();
}

export function traceChart(data: TraceData, options?: Partial<TraceChartOptions>): string {
  const o = withDefaults(TRACE_CHART_DEFAULTS, options);
  const fs = o.fontSize;
  const longest = Math.max(0, ...data.chains.map((c) => c.length));
  const sweeps = Math.max(1, data.sweeps, longest);
  const burnIn = Math.min(Math.max(0, data.burnIn), sweeps);

  // y-domain first: the left margin depends on the widest tick label.
  let lo = Infinity;
  let hi = -Infinity;
  const scan = (from: number) => {
    for (const c of data.chains)
      for (let i = from; i < c.length; i++)
        if (Number.isFinite(c[i])) {
          if (c[i] < lo) lo = c[i];
          if (c[i] > hi) hi = c[i];
        }
  };
  let after = 0;
  for (const c of data.chains) for (let i = burnIn; i < c.length; i++) if (Number.isFinite(c[i])) after++;
  if (o.yDomain) [lo, hi] = o.yDomain;
  else {
    scan(o.y === 'auto' && after >= 2 ? burnIn : 0);
    if (lo === Infinity) [lo, hi] = [0, 1];
    const padY = (hi - lo) * 0.05 || Math.max(1, Math.abs(lo) * 1e-3);
    [lo, hi] = [lo - padY, hi + padY];
  }
  const y = scaleLinear().domain([lo, hi]);
  if (!o.yDomain) y.nice(o.yTicks);
  const yTicks = y.ticks(o.yTicks);
  // ',f': grouped digits at the ticks' own precision (never 1.5e+4).
  const yFormat = y.tickFormat(o.yTicks, ',f');
  const tickW = Math.max(...yTicks.map((t) => textWidth(yFormat(t), fs)), textWidth(o.yLabel, fs) - 20);

  const showLegend = o.legend && data.chains.length > 1;
  const mt = Math.round(fs * 1.8);
  const xFormat = format(',d');
  // Half the last x label hangs past the axis end.
  const mr = Math.max(12, Math.ceil(textWidth(xFormat(sweeps), fs) / 2) + 2);
  const mb = Math.round(fs * 2.6);
  const ml = Math.ceil(tickW) + 10;
  const W = o.width;
  const H = o.height;
  const x = scaleLinear().domain([0, sweeps]).range([ml, W - mr]);
  y.range([H - mb, mt]);
  const [y0, y1] = y.domain();

  let body = '';
  // Burn-in first, under everything.
  if (burnIn > 0) {
    body += el('rect', { class: 'ex-burn-in', x: x(0), y: mt, width: x(burnIn) - x(0), height: H - mb - mt, fill: WASH }, tip(`burn-in: sweeps 1–${burnIn}, discarded`));
    body += el('line', { class: 'ex-burn-in-end', x1: x(burnIn), x2: x(burnIn), y1: mt, y2: H - mb, stroke: MUTED, 'stroke-dasharray': '3 3', 'data-sweep': burnIn });
    const label = 'burn-in';
    if (x(burnIn) - x(0) >= textWidth(label, fs) + 8) body += text(label, { class: 'ex-burn-in-label', x: x(burnIn) - 4, y: mt + fs + 2, 'text-anchor': 'end', fill: MUTED, stroke: WASH, 'stroke-width': 3, 'paint-order': 'stroke' });
  }
  // Gridlines and y ticks.
  let grid = '';
  for (const t of longest === 0 && !o.yDomain ? [] : yTicks) {
    const ty = y(t);
    grid += el('line', { x1: ml, x2: W - mr, y1: Math.round(ty) + 0.5, y2: Math.round(ty) + 0.5, stroke: FAINT });
    grid += text(yFormat(t), { x: ml - 6, y: ty, dy: '0.35em', 'text-anchor': 'end', fill: MUTED });
  }
  body += el('g', { class: 'ex-y-axis' }, grid);
  // x axis: whole sweeps only.
  let xa = el('line', { x1: ml, x2: W - mr, y1: H - mb + 0.5, y2: H - mb + 0.5, stroke: INK });
  for (const t of x.ticks(o.xTicks).filter(Number.isInteger)) {
    const tx = Math.round(x(t)) + 0.5;
    xa += el('g', { class: 'ex-tick', 'data-sweep': t }, el('line', { x1: tx, x2: tx, y1: H - mb, y2: H - mb + 4, stroke: INK }) + text(xFormat(t), { x: tx, y: H - mb + 6 + fs * 0.8, 'text-anchor': 'middle', fill: MUTED }));
  }
  xa += text(o.xLabel, { x: W - mr, y: H - 4, 'text-anchor': 'end', fill: MUTED });
  body += el('g', { class: 'ex-x-axis' }, xa);
  body += text(o.yLabel, { class: 'ex-y-label', x: 0, y: fs, fill: MUTED });

  // The plot area says how to map a pointer's x to a sweep (the page reads it for hover read-outs).
  body += el('rect', { class: 'ex-plot', x: ml, y: mt, width: W - mr - ml, height: H - mb - mt, fill: 'none', 'pointer-events': 'all', 'data-sweep-min': 0, 'data-sweep-max': sweeps });

  const buckets = Math.max(1, Math.round((W - mr - ml) * o.pointsPerPixel));
  let lines = '';
  data.chains.forEach((c, k) => {
    const colour = chainColour(k);
    const d = clippedPath(thin(c, buckets), y0, y1, x, y);
    let g = tip(`chain ${k + 1}: ${c.length} sweep${c.length === 1 ? '' : 's'}${c.length ? `, last log joint ${format(',.1f')(c[c.length - 1])}` : ''}`);
    if (d) g += el('path', { d, fill: 'none', stroke: colour, 'stroke-width': o.strokeWidth, 'stroke-linejoin': 'round' });
    // The newest point of a running chain, marked (and clamped to the plot when it lies outside).
    const last = c.length - 1;
    if (last >= 0 && Number.isFinite(c[last])) {
      const v = Math.min(y1, Math.max(y0, c[last]));
      g += el('circle', { class: 'ex-last', cx: x(last + 1), cy: y(v), r: 2.5, fill: colour, 'data-sweep': last + 1 });
    }
    lines += el('g', { class: 'ex-trace', 'data-chain': k }, g);
  });
  body += lines;

  if (showLegend) {
    let lx = W - mr;
    let leg = '';
    for (let k = data.chains.length - 1; k >= 0; k--) {
      const label = `chain ${k + 1}`;
      lx -= textWidth(label, fs);
      leg += el('g', { 'data-chain': k }, el('line', { x1: lx - 16, x2: lx - 4, y1: fs * 0.6, y2: fs * 0.6, stroke: chainColour(k), 'stroke-width': 2 }) + text(label, { x: lx, y: fs, fill: INK }));
      lx -= 26;
    }
    body += el('g', { class: 'ex-legend' }, leg);
  }
  if (longest === 0) body += text('No sweeps yet', { x: (ml + W - mr) / 2, y: (mt + H - mb) / 2, dy: '0.35em', 'text-anchor': 'middle', fill: MUTED });

  const n = data.chains.length;
  const title = `Log joint per sweep, ${n} chain${n === 1 ? '' : 's'}, ${longest} of ${sweeps} sweeps${burnIn ? `, first ${burnIn} burn-in` : ''}`;
  return svgRoot({ name: 'trace-chart', width: W, height: H, title, options: o }, body);
}
