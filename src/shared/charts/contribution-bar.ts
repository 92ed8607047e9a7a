// A similarity score as one bar split into the parts it is the sum of (matched subspace features, π
// similarity, vector columns): "why is this case similar", read left to right, largest part first
// (CloodCBR's per-attribute similarity; myCBR's explanation).
import { format } from 'd3-format';
import { CONTRIBUTION_COLOURS, FAINT, INK, MUTED, WASH, mix, textOn } from './palette';
import { CHART_DEFAULTS, type ChartOptions, el, px, svgRoot, text, tip, withDefaults } from './svg';
import { textWidth, truncate } from './text';

export interface Contribution {
  /** A feature name, `π similarity`, or a vector column. */
  feature: string;
  weight: number;
  kind: 'matched' | 'mismatched' | 'pi' | 'vector';
  /** The query's value; 'absent'/'false' on a matched set or text item makes it a shared absence. */
  queryValue?: string;
}

export interface ContributionBarOptions extends ChartOptions {
  /** Bar height (px). */
  height: number;
  /** The x-scale's maximum: pass the best score of a result list so every row shares one scale; null: this score. */
  max: number | null;
  /** Segments at most, "N others" included and the shared absences not (π and vector columns always keep theirs); the smallest features merge into "N others". */
  maxSegments: number;
  /** Feature names inside segments at least minLabelWidth wide (px). */
  labels: boolean;
  minLabelWidth: number;
  /** The score as a number right of the bar. */
  showScore: boolean;
  /** π similarity's colour (its own; the shared cluster's colour also fits). */
  piColour: string;
  vectorColour: string;
}

export const CONTRIBUTION_BAR_DEFAULTS: ContributionBarOptions = {
  ...CHART_DEFAULTS,
  width: 240,
  height: 18,
  max: null,
  maxSegments: 6,
  labels: true,
  minLabelWidth: 28,
  showScore: true,
  piColour: CONTRIBUTION_COLOURS.pi,
  vectorColour: CONTRIBUTION_COLOURS.vector,
};

/** Query values that mean "the item is not there": sharing an absence says little, so they are pooled. */
const ABSENT = new Set(['absent', 'false']);

export interface Segment {
  /** Feature name, or the group's caption ("12 shared absences", "other (3 features)", "unexplained"). */
  label: string;
  weight: number;
  kind: Contribution['kind'] | 'absences' | 'other' | 'residual';
  /** The feature (named segments only). */
  feature: string | null;
  queryValue?: string;
  /** How many contributions it stands for. */
  count: number;
}

/**
 * The segments drawn, in order: named ones by |weight| (largest first), then the shared absences, then
 * the other features ("3 others"), then any residual — so their weights sum to `score` exactly up to rounding of the inputs.
 */
export function contributionSegments(contributions: readonly Contribution[], score: number, maxSegments = CONTRIBUTION_BAR_DEFAULTS.maxSegments): Segment[] {
  const named: Segment[] = [];
  const absences: Contribution[] = [];
  for (const c of contributions) {
    if (c.weight === 0 || !Number.isFinite(c.weight)) continue;
    if (c.kind === 'matched' && c.queryValue !== undefined && ABSENT.has(c.queryValue.toLowerCase())) absences.push(c);
    else named.push({ label: c.feature, weight: c.weight, kind: c.kind, feature: c.feature, queryValue: c.queryValue, count: 1 });
  }
  named.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  // π and vectors always keep a segment; features fill the remaining places.
  const fixed = named.filter((s) => s.kind === 'pi' || s.kind === 'vector');
  const features = named.filter((s) => s.kind !== 'pi' && s.kind !== 'vector');
  const room = Math.max(0, maxSegments - fixed.length);
  const keep = features.length > room ? features.slice(0, Math.max(0, room - 1)) : features;
  const rest = features.slice(keep.length);
  const out = [...fixed, ...keep].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  if (absences.length)
    out.push({ label: `${absences.length} shared absence${absences.length === 1 ? '' : 's'}`, weight: sum(absences.map((c) => c.weight)), kind: 'absences', feature: null, count: absences.length });
  if (rest.length) out.push({ label: `${rest.length} other${rest.length === 1 ? '' : 's'}`, weight: sum(rest.map((s) => s.weight)), kind: 'other', feature: null, count: rest.length });
  // A score its parts do not add up to is an upstream bug; show the gap rather than stretch the parts.
  const residual = score - sum(out.map((s) => s.weight));
  if (Math.abs(residual) > 1e-9 * Math.max(1, Math.abs(score))) out.push({ label: 'unexplained', weight: residual, kind: 'residual', feature: null, count: 0 });
  return out;
}

/** Neumaier-compensated sum: the parts of a score add up to it as exactly as doubles allow. */
function sum(xs: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (const x of xs) {
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

const f3 = format('.3f');
const signed = format('+.3f');
const pct = format('.0%');

export function contributionBar(contributions: readonly Contribution[], score: number, options?: Partial<ContributionBarOptions>): string {
  const o = withDefaults(CONTRIBUTION_BAR_DEFAULTS, options);
  const segments = contributionSegments(contributions, score, o.maxSegments);
  const pos = sum(segments.filter((s) => s.weight > 0).map((s) => s.weight));
  const neg = sum(segments.filter((s) => s.weight < 0).map((s) => s.weight));
  const scoreWidth = o.showScore ? textWidth(f3(-Math.abs(score)), o.fontSize) + 8 : 0;
  const barW = Math.max(20, o.width - scoreWidth);
  const hi = Math.max(o.max ?? pos, pos, 1e-12);
  const lo = Math.min(0, neg);
  // Positions are rounded once; widths are differences of rounded positions, so they tile the bar with no gap.
  const x = (v: number) => Number(px(((v - lo) / (hi - lo)) * barW));
  const H = o.height;

  let body = el('rect', { class: 'ex-track', x: 0, y: 0, width: barW, height: H, fill: WASH });
  let up = 0;
  let down = 0;
  let featureIndex = 0;
  for (const s of segments) {
    const from = s.weight >= 0 ? up : down;
    const to = from + s.weight;
    if (s.weight >= 0) up = to;
    else down = to;
    const a = x(Math.min(from, to));
    const b = x(Math.max(from, to));
    const width = Number(px(b - a));
    const fill =
      s.kind === 'pi' ? o.piColour
      : s.kind === 'vector' ? o.vectorColour
      : s.kind === 'absences' ? CONTRIBUTION_COLOURS.absences
      : s.kind === 'other' || s.kind === 'residual' ? CONTRIBUTION_COLOURS.other
      : CONTRIBUTION_COLOURS.feature[featureIndex++ % 2];
    const share = score !== 0 ? ` (${pct(s.weight / score)} of the score)` : '';
    const what = s.queryValue !== undefined && s.kind === 'matched' ? `${s.label} = ${s.queryValue}` : s.label;
    let inner = tip(`${what}: ${signed(s.weight)}${share}`);
    // A part that takes away from the score (a negative vector similarity, a negative residual) is a pale,
    // dashed version of its colour left of zero, so it never reads as adding.
    const negative = s.weight < 0;
    const dashed = negative || s.kind === 'residual';
    const paint = negative ? mix(fill, '#FFFFFF', 0.6) : fill;
    inner += el('rect', { x: a + (dashed ? 0.5 : 0), y: dashed ? 0.5 : 0, width: dashed ? Math.max(0, width - 1) : width, height: dashed ? H - 1 : H, fill: paint, stroke: dashed ? MUTED : null, 'stroke-dasharray': dashed ? '2 2' : null });
    if (o.labels && width >= o.minLabelWidth) {
      // A cut name needs a few letters to be recognisable, else a short form: π, "+3", "12 absent".
      const full = negative ? `−${s.label}` : s.label;
      let t = truncate(full, width - 6, o.fontSize);
      if (t !== full && (s.kind === 'pi' || s.kind === 'other' || s.kind === 'absences' || [...t].length < 4)) {
        const short = s.kind === 'pi' ? 'π' : s.kind === 'other' ? `+${s.count}` : s.kind === 'absences' ? `${s.count} absent` : '';
        t = truncate(short, width - 6, o.fontSize);
      }
      if (t) inner += text(t, { x: a + 3, y: H / 2, dy: '0.35em', fill: textOn(paint), 'pointer-events': 'none' });
    }
    body += el(
      'g',
      { class: `ex-segment ex-${s.kind}`, 'data-feature': s.feature, 'data-group': s.feature === null ? s.kind : null, 'data-kind': s.kind, 'data-weight': String(s.weight), 'data-x': px(a), 'data-width': px(width) },
      inner,
    );
    if (a > 0 && a < barW) body += el('line', { x1: a, x2: a, y1: 0, y2: H, stroke: '#FFFFFF', 'stroke-width': 1 });
  }
  if (lo < 0) {
    // With parts on both sides of zero the bar's ends are not the score: mark zero and the score.
    body += el('line', { class: 'ex-zero', x1: x(0), x2: x(0), y1: 0, y2: H, stroke: INK, 'stroke-width': 1 });
    body += el('path', { class: 'ex-score-mark', d: `M${px(x(score))},${px(H)}l-4,4h8z`, fill: INK }, tip(`score ${f3(score)}`));
  }
  if (!segments.length) body += el('rect', { x: 0.5, y: 0.5, width: barW - 1, height: H - 1, fill: 'none', stroke: FAINT });
  if (o.showScore) body += text(f3(score), { class: 'ex-score', x: o.width, y: H / 2, dy: '0.35em', 'text-anchor': 'end', fill: INK });

  const parts = segments.map((s) => `${s.label} ${signed(s.weight)}`).join(', ');
  return svgRoot({ name: 'contribution-bar', width: o.width, height: lo < 0 ? H + 5 : H, title: `Score ${f3(score)}${parts ? ` = ${parts}` : ''}`, options: o }, body);
}
