// One palette for every view, report and export, so a cluster has the same colour everywhere (EXPLORER.md,
// "Visual language"). Plain hex strings: the SVG charts, the renderer's CSS (paletteCss) and the Map's canvas
// all read these values.

/**
 * Okabe & Ito's colour-universal-design palette ("Color Universal Design", 2008; Wong, Nature Methods 8:441,
 * 2011), reordered so the first colours are the most distinct for the common cases of 2–5 clusters; indexed by
 * cluster mod 8. Black stays last: it is also the ink of the pictures and text.
 */
export const CLUSTER_COLOURS = [
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#009E73', // bluish green
  '#F0E442', // yellow
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#000000', // black
] as const;

/** Selection (the selected case, cluster, bar; focus of a picture's subspace): one colour, not in CLUSTER_COLOURS. */
export const ACCENT = '#8A4FFF';
/** Errors only: nothing else in the product is red. */
export const ERROR = '#C62828';
/** Primary text and axis lines (15:1 on white). */
export const INK = '#1F2328';
/** Secondary text: tick labels, counts, captions (6.4:1 on white, WCAG AA for small text). */
export const MUTED = '#57606A';
/** Gridlines, tracks and borders: structure that carries no data. */
export const FAINT = '#D0D7DE';
/** A very light tint for regions (the trace chart's burn-in) and empty tracks. */
export const WASH = '#F1F3F5';
/** Bars that carry data but no category (histograms, metrics, weights); 5:1 on white. */
export const NEUTRAL = '#5B7083';
/** The lighter partner of NEUTRAL (a "before" beside an "after"). */
export const NEUTRAL_LIGHT = '#AEBBC7';
/** A missing value (a missing pixel, the missing bar of a histogram). */
export const MISSING = '#E4E8EC';
export const BACKGROUND = '#FFFFFF';

/** Chains are not clusters (the Fit view shows no clusters), so they take the palette in the order that is darkest on white. */
export const CHAIN_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#000000', '#F0E442'] as const;

/** A similarity score's parts: features alternate two slate tones, π and vector columns each have their own. */
export const CONTRIBUTION_COLOURS = {
  feature: ['#4E6A85', '#7C96AE'] as const,
  pi: '#1B7F79',
  vector: '#8A5A2B',
  /** "N shared absences": many small equal parts that say little each. */
  absences: '#DCE1E6',
  other: '#B4BFC9',
} as const;

/** The system UI font of the platform (the app's font), so SVG text matches the HTML around it. */
export const SYSTEM_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/**
 * Cluster k's colour: CLUSTER_COLOURS[k mod 8] for k < 8; clusters 8–15 take the same hues mixed 45 % with white,
 * 16–23 mixed 35 % with black, then the cycle repeats. Beyond 8 clusters colours alone no longer tell clusters
 * apart reliably: views should also name them.
 */
export function clusterColour(k: number): string {
  const base = CLUSTER_COLOURS[((k % 8) + 8) % 8];
  const band = Math.floor((((k % 24) + 24) % 24) / 8);
  return band === 0 ? base : band === 1 ? mix(base, '#FFFFFF', 0.45) : mix(base, '#000000', 0.35);
}

export function chainColour(i: number): string {
  return CHAIN_COLOURS[((i % CHAIN_COLOURS.length) + CHAIN_COLOURS.length) % CHAIN_COLOURS.length];
}

function rgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`palette: expected a #rrggbb colour, got ${JSON.stringify(hex)}`);
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hex(c: readonly number[]): string {
  return '#' + c.map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0').toUpperCase()).join('');
}

/** `a` mixed with `b` (t = 0 → a, 1 → b), in sRGB. */
export function mix(a: string, b: string, t: number): string {
  const ca = rgb(a);
  const cb = rgb(b);
  return hex(ca.map((v, i) => v + (cb[i] - v) * t));
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
export function luminance(colour: string): number {
  const [r, g, b] = rgb(colour).map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio (1–21). */
export function contrast(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** INK or white, whichever reads better on `fill` (for labels inside bars). */
export function textOn(fill: string): string {
  return contrast(fill, INK) >= contrast(fill, '#FFFFFF') ? INK : '#FFFFFF';
}

/**
 * An edge for a fill too light to stand out on white (below the 3:1 that WCAG asks of graphics, e.g. yellow):
 * the fill darkened, or null when the fill needs none.
 */
export function edgeFor(fill: string): string | null {
  return contrast(fill, BACKGROUND) < 3 ? mix(fill, '#000000', 0.5) : null;
}

/** Every colour as CSS custom properties (`--ex-cluster-0` …), so style.css and the canvas share the chart's values. */
export function paletteCss(selector = ':root'): string {
  const vars: [string, string][] = [
    ...CLUSTER_COLOURS.map((c, k): [string, string] => [`cluster-${k}`, c]),
    ...CHAIN_COLOURS.map((c, k): [string, string] => [`chain-${k}`, c]),
    ['accent', ACCENT],
    ['error', ERROR],
    ['ink', INK],
    ['muted', MUTED],
    ['faint', FAINT],
    ['wash', WASH],
    ['neutral', NEUTRAL],
    ['neutral-light', NEUTRAL_LIGHT],
    ['missing', MISSING],
    ['background', BACKGROUND],
    ['contribution-pi', CONTRIBUTION_COLOURS.pi],
    ['contribution-vector', CONTRIBUTION_COLOURS.vector],
    ['font', SYSTEM_FONT],
  ];
  return `${selector} {\n${vars.map(([k, v]) => `  --ex-${k}: ${v};`).join('\n')}\n}\n`;
}
