// SVG as strings: the same markup in Node (reports) and in the page (innerHTML), with no DOM. Every chart is
// wrapped by svgRoot, so each one has role="img", a <title>, an aria-label, the system font and tabular numbers.
import { SYSTEM_FONT } from './palette';

/** Options every chart takes. */
export interface ChartOptions {
  /** Outer width (px). */
  width: number;
  /** Text of the SVG's <title> (its accessible name); null: a sentence derived from the data. */
  title: string | null;
  /** aria-label; null: the title. */
  ariaLabel: string | null;
  /** Extra class names on the <svg> (it always has `ex-chart ex-<chart name>`). */
  className: string;
  /** Label size (px); 12–13 reads well beside 13–14 px body text. */
  fontSize: number;
  /** CSS font stack. */
  fontFamily: string;
}

export const CHART_DEFAULTS: ChartOptions = {
  width: 240,
  title: null,
  ariaLabel: null,
  className: '',
  fontSize: 12,
  fontFamily: SYSTEM_FONT,
};

/** defaults overridden by the options that are set: an option passed as undefined keeps its default. */
export function withDefaults<T extends object>(defaults: T, options: Partial<T> | undefined): T {
  const out = { ...defaults };
  if (options) for (const [k, v] of Object.entries(options)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Text made safe inside an element or a double- or single-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A coordinate with at most two decimals (deterministic, no "-0", no exponent). */
export function px(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`charts: a coordinate is not finite (${n})`);
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

export type AttrValue = string | number | boolean | null | undefined;

/** ` name="value"` pairs; numbers go through px(), false/null/undefined are left out, true writes the bare name's value "true". */
export function attrs(a: Record<string, AttrValue>): string {
  let s = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === null || v === false) continue;
    s += ` ${k}="${typeof v === 'number' ? px(v) : escapeXml(String(v))}"`;
  }
  return s;
}

/** One element; `children` is markup already escaped (use text() for text). */
export function el(tag: string, a: Record<string, AttrValue>, children = ''): string {
  return children === '' && tag !== 'text' && tag !== 'title' ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${children}</${tag}>`;
}

/** A <text> element with escaped content. */
export function text(content: string, a: Record<string, AttrValue>): string {
  return el('text', a, escapeXml(content));
}

/** A <title> child: the mark's native tooltip and accessible description. */
export function tip(content: string): string {
  return el('title', {}, escapeXml(content));
}

export interface RootSpec {
  /** The chart's name in kebab case (`pi-bars`): the class `ex-pi-bars`. */
  name: string;
  width: number;
  height: number;
  /** The default title when options.title is null. */
  title: string;
  options: ChartOptions;
  /** Extra attributes on <svg> (data-row, data-cluster …). */
  data?: Record<string, AttrValue>;
}

/** The complete <svg> element around a chart's marks. */
export function svgRoot(spec: RootSpec, body: string): string {
  const o = spec.options;
  const title = o.title ?? spec.title;
  return (
    `<svg${attrs({
      xmlns: 'http://www.w3.org/2000/svg',
      class: `ex-chart ex-${spec.name}${o.className ? ' ' + o.className : ''}`,
      width: spec.width,
      height: spec.height,
      viewBox: `0 0 ${px(spec.width)} ${px(spec.height)}`,
      role: 'img',
      'aria-label': o.ariaLabel ?? title,
      'font-family': o.fontFamily,
      'font-size': o.fontSize,
      style: 'font-variant-numeric: tabular-nums',
      ...spec.data,
    })}>` +
    tip(title) +
    body +
    '</svg>'
  );
}
