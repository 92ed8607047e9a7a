// A case as the data's own picture (digits: an 8×8 grey-scale image), its subspace pixels outlined, as in the
// BCM paper's figures of prototypes and subspaces (Kim, Rudin & Shah, NIPS 2014, Fig. 2/3).
import { format } from 'd3-format';
import { ACCENT, BACKGROUND, contrast, FAINT, INK, MISSING, MUTED } from './palette';
import { textWidth } from './text';
import { CHART_DEFAULTS, type ChartOptions, el, px, svgRoot, text, tip, withDefaults } from './svg';

export interface PictureData {
  rows: number;
  cols: number;
  /** Pixel values, row-major (index r·cols + c), 0 (white) … max (black ink); null = missing. */
  values: readonly (number | null)[];
  max: number;
  /** Outlined pixels (the subspace), row-major. */
  subspace?: readonly boolean[];
  /** P(ω = 1) per pixel, row-major; outlines only the subspace when `subspace` is absent (P ≥ 0.5). */
  probability?: readonly number[];
  /** Feature name per pixel, row-major, written as data-feature (default: the pixel's index). */
  features?: readonly string[];
}

export interface PrototypePictureOptions extends ChartOptions {
  /** Outline colour: ACCENT, or clusterColour(k) to tie the picture to its cluster. */
  outline: string;
  /** Outline stroke (px); 'auto': 1 below 12 px cells, else 2 (whole pixels keep it crisp). */
  outlineWidth: number | 'auto';
  /** Outline opacity from P(ω = 1) when `probability` is given: 0.5 → 0.35, 1 → 1. */
  showProbability: boolean;
  /** A key under the picture ("P(ω=1) 0.5 … 1"); needs about 150 px. */
  legend: boolean;
  /** A 1 px frame, so a white background still shows the picture's extent. */
  border: boolean;
  /** The case's data row and cluster, written on the <svg> as data-row/data-cluster. */
  row: number | null;
  cluster: number | null;
}

/** `width` is a maximum: each image pixel is a whole number of screen pixels, so the picture may be narrower. */
export const PROTOTYPE_PICTURE_DEFAULTS: PrototypePictureOptions = {
  ...CHART_DEFAULTS,
  width: 96,
  outline: ACCENT,
  outlineWidth: 'auto',
  showProbability: true,
  legend: false,
  border: true,
  row: null,
  cluster: null,
};

const f2 = format('.2f');

/** Outline opacity for P(ω = 1) = p: faint at the subspace threshold 0.5, solid at certainty. */
export function outlineOpacity(p: number): number {
  return 0.35 + 0.65 * Math.min(1, Math.max(0, (p - 0.5) / 0.5));
}

/** Grey level of a value: white at 0, black at max (the ink of a scanned digit). */
function grey(v: number, max: number): string {
  const t = max > 0 ? Math.min(1, Math.max(0, v / max)) : 0;
  const g = Math.round(255 * (1 - t)).toString(16).padStart(2, '0').toUpperCase();
  return `#${g}${g}${g}`;
}

export function prototypePicture(picture: PictureData, options?: Partial<PrototypePictureOptions>): string {
  const o = withDefaults(PROTOTYPE_PICTURE_DEFAULTS, options);
  const { rows, cols, values, max } = picture;
  const n = rows * cols;
  if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows > 0 && cols > 0)) throw new Error(`prototypePicture: rows and cols must be positive integers (got ${rows} × ${cols})`);
  for (const [name, arr] of [['values', values], ['subspace', picture.subspace], ['probability', picture.probability], ['features', picture.features]] as const)
    if (arr && arr.length !== n) throw new Error(`prototypePicture: ${name} has ${arr.length} entries, expected rows × cols = ${n}`);

  const pad = o.border ? 1 : 0;
  const cell = Math.max(2, Math.floor((o.width - 2 * pad) / cols));
  const w = cols * cell + 2 * pad;
  const imgH = rows * cell + 2 * pad;
  const sw = o.outlineWidth === 'auto' ? (cell < 12 ? 1 : 2) : o.outlineWidth;
  const prob = picture.probability;
  const outlined = (i: number) => (picture.subspace ? picture.subspace[i] : prob ? prob[i] >= 0.5 : false);
  const feature = (i: number) => picture.features?.[i] ?? String(i);

  let pixels = '';
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const x = pad + (i % cols) * cell;
    const y = pad + Math.floor(i / cols) * cell;
    pixels += el('rect', { class: v === null ? 'ex-pixel ex-missing' : 'ex-pixel', x, y, width: cell, height: cell, fill: v === null ? MISSING : grey(v, max), 'data-feature': feature(i) });
    if (outlined(i)) count++;
  }

  // A colour that is weak on white or on black (yellow, black) gets a casing of the opposite tone, so the
  // outline reads over blank paper and over ink alike.
  const weak = Math.min(contrast(o.outline, '#FFFFFF'), contrast(o.outline, '#000000')) < 3;
  const casing = contrast(o.outline, '#FFFFFF') > contrast(o.outline, '#000000') ? '#FFFFFF' : '#000000';
  let casings = '';
  let outlines = '';
  for (let i = 0; i < n; i++) {
    if (!outlined(i)) continue;
    const x = pad + (i % cols) * cell + sw / 2;
    const y = pad + Math.floor(i / cols) * cell + sw / 2;
    const geometry = { x, y, width: cell - sw, height: cell - sw };
    const p = prob?.[i];
    const opacity = o.showProbability && p !== undefined ? outlineOpacity(p) : null;
    if (weak) casings += el('rect', { class: 'ex-casing', ...geometry, fill: 'none', stroke: casing, 'stroke-width': sw + 2, 'stroke-opacity': opacity === null ? null : px(opacity) });
    const label = p === undefined ? `${feature(i)}: in the subspace` : `${feature(i)}: P(ω=1) = ${f2(p)}`;
    outlines += el('rect', { class: 'ex-subspace', ...geometry, fill: 'none', stroke: o.outline, 'stroke-width': sw, 'stroke-opacity': opacity === null ? null : px(opacity), 'data-feature': feature(i) }, tip(label));
  }

  let body = el('rect', { x: 0, y: 0, width: w, height: imgH, fill: BACKGROUND });
  body += el('g', { 'shape-rendering': 'crispEdges' }, pixels);
  if (o.border) body += el('rect', { class: 'ex-frame', x: 0.5, y: 0.5, width: w - 1, height: imgH - 1, fill: 'none', stroke: FAINT });
  body += el('g', { 'shape-rendering': 'crispEdges' }, casings + outlines);

  let h = imgH;
  let legendWidth = 0;
  if (o.legend) {
    const fs = o.fontSize;
    const y0 = imgH + 6;
    const s = Math.min(12, fs);
    const sample = (x: number, op: number) => el('rect', { x: x + 0.5, y: y0 + 0.5, width: s - 1, height: s - 1, fill: 'none', stroke: o.outline, 'stroke-opacity': px(op), 'stroke-width': 1 });
    const ty = y0 + s - 2;
    let lx = 0;
    let legend = '';
    if (prob && o.showProbability) {
      legend += text('P(ω=1)', { x: lx, y: ty, fill: INK });
      lx += 46;
      legend += sample(lx, outlineOpacity(0.5)) + text('0.5', { x: lx + s + 3, y: ty, fill: MUTED });
      lx += s + 26;
      legend += sample(lx, 1) + text('1', { x: lx + s + 3, y: ty, fill: MUTED });
    } else legend += sample(0, 1) + text('subspace pixel', { x: s + 4, y: ty, fill: MUTED });
    body += el('g', { class: 'ex-legend' }, legend);
    h = y0 + s + 2;
    legendWidth = prob && o.showProbability ? lx + s + 3 + textWidth('1', fs) : s + 4 + textWidth('subspace pixel', fs);
  }

  return svgRoot(
    {
      name: 'prototype-picture',
      width: Math.max(w, Math.ceil(legendWidth)),
      height: h,
      title: `Picture of ${o.row === null ? 'a case' : `case ${o.row}`}, ${rows} × ${cols} pixels, ${count} subspace pixel${count === 1 ? '' : 's'} outlined`,
      options: o,
      data: { 'data-row': o.row, 'data-cluster': o.cluster },
    },
    body,
  );
}
