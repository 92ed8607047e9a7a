// Test helpers for the charts: a small XML well-formedness checker (no parser dependency; the charts write a
// narrow subset of XML: elements, attributes in double quotes, text, the five predefined entities) and the
// sample data the snapshot tests and the gallery draw.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (entities decoded), children's text excluded. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, where: number): string {
  return s.replace(/&([^;&\s]*);?/g, (m, name: string) => {
    if (!m.endsWith(';')) throw new Error(`XML: bare & at ${where}`);
    if (name in ENTITIES) return ENTITIES[name];
    const num = /^#(x[0-9a-f]+|[0-9]+)$/i.exec(name);
    if (num) return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    throw new Error(`XML: unknown entity &${name}; at ${where}`);
  });
}

/** Parses one element (the document's root); throws with a position on anything not well-formed. */
export function parseXml(src: string): XmlElement {
  let i = 0;
  const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) throw new Error(`XML: expected a name at ${i}: ${JSON.stringify(src.slice(i, i + 20))}`);
    i += m[0].length;
    return m[0];
  };
  const ws = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const element = (): XmlElement => {
    if (src[i] !== '<') throw new Error(`XML: expected < at ${i}`);
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      ws();
      if (src.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      if (i === before) throw new Error(`XML: expected whitespace before an attribute at ${i}`);
      const a = name();
      if (a in el.attrs) throw new Error(`XML: duplicate attribute ${a} at ${i}`);
      if (src[i] !== '=' || (src[i + 1] !== '"' && src[i + 1] !== "'")) throw new Error(`XML: attribute ${a} needs ="…" at ${i}`);
      const q = src[i + 1];
      const end = src.indexOf(q, i + 2);
      if (end < 0) throw new Error(`XML: unterminated attribute ${a} at ${i}`);
      const raw = src.slice(i + 2, end);
      if (raw.includes('<')) throw new Error(`XML: < inside attribute ${a} at ${i}`);
      el.attrs[a] = decode(raw, i);
      i = end + 1;
    }
    for (;;) {
      const lt = src.indexOf('<', i);
      if (lt < 0) throw new Error(`XML: <${el.name}> is never closed`);
      const raw = src.slice(i, lt);
      if (raw.includes('>')) throw new Error(`XML: raw > in text at ${i}`);
      el.text += decode(raw, i);
      i = lt;
      if (src.startsWith('</', i)) {
        i += 2;
        const close = name();
        if (close !== el.name) throw new Error(`XML: </${close}> closes <${el.name}> at ${i}`);
        ws();
        if (src[i] !== '>') throw new Error(`XML: expected > at ${i}`);
        i++;
        return el;
      }
      if (src.startsWith('<!--', i) || src.startsWith('<?', i) || src.startsWith('<!', i)) throw new Error(`XML: the charts write no comments, declarations or CDATA (at ${i})`);
      el.children.push(element());
    }
  };
  const root = element();
  if (src.slice(i).trim() !== '') throw new Error(`XML: content after the root element at ${i}`);
  return root;
}

/** Every element in document order. */
export function walk(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const go = (e: XmlElement) => {
    out.push(e);
    e.children.forEach(go);
  };
  go(root);
  return out;
}

/** Elements whose class list holds `cls`. */
export function byClass(root: XmlElement, cls: string): XmlElement[] {
  return walk(root).filter((e) => (e.attrs.class ?? '').split(/\s+/).includes(cls));
}

/** A handwritten 0 and a 1 from resources/data/digits.csv (rows 0 and 1, values 0–16). */
export const DIGIT_0 = [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0, 0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0];
export const DIGIT_1 = [0, 0, 0, 12, 13, 5, 0, 0, 0, 0, 0, 11, 16, 9, 0, 0, 0, 0, 3, 15, 16, 6, 0, 0, 0, 7, 15, 16, 16, 2, 0, 0, 0, 0, 1, 16, 16, 3, 0, 0, 0, 0, 1, 16, 16, 6, 0, 0, 0, 0, 1, 16, 16, 6, 0, 0, 0, 0, 0, 11, 16, 10, 0, 0];

/** A made-up but plausible P(ω = 1) for the 0: high on the ring of ink and on the empty centre that tells a 0 from an 8. */
export const DIGIT_0_PROBABILITY = DIGIT_0.map((v, i) => {
  const r = Math.floor(i / 8);
  const c = i % 8;
  if (v >= 12) return 0.6 + ((r * 7 + c * 3) % 5) * 0.1;
  if ((r === 3 || r === 4) && (c === 3 || c === 4)) return 0.9;
  return ((r + c) % 7) * 0.05;
});

export const PIXEL_NAMES = DIGIT_0.map((_, i) => `px_${Math.floor(i / 8)}_${i % 8}`);

/** A similar-case result of the recipes data: matched ingredients, shared absences, π, one vector column. */
export const RECIPE_CONTRIBUTIONS = [
  { feature: 'garlic', weight: 0.21, kind: 'matched', queryValue: 'present' },
  { feature: 'olive_oil', weight: 0.17, kind: 'matched', queryValue: 'present' },
  { feature: 'tomato', weight: 0.09, kind: 'matched', queryValue: 'present' },
  { feature: 'basil', weight: 0.04, kind: 'matched', queryValue: 'present' },
  { feature: 'cumin', weight: 0, kind: 'mismatched', queryValue: 'present' },
  { feature: 'soy_sauce', weight: 0.012, kind: 'matched', queryValue: 'absent' },
  { feature: 'ginger', weight: 0.011, kind: 'matched', queryValue: 'absent' },
  { feature: 'cinnamon', weight: 0.01, kind: 'matched', queryValue: 'absent' },
  { feature: 'butter', weight: 0.009, kind: 'matched', queryValue: 'false' },
  { feature: 'oregano', weight: 0.02, kind: 'matched', queryValue: 'present' },
  { feature: 'pepper', weight: 0.015, kind: 'matched', queryValue: 'present' },
  { feature: 'π similarity', weight: 0.25, kind: 'pi' },
  { feature: 'description_embedding', weight: 0.06, kind: 'vector' },
] as const;

/** Log joint traces of four chains: a deterministic rise and wiggle (no RNG: a fixed-point integer hash). */
export function sampleTraces(chains = 4, sweeps = 400, done = sweeps): number[][] {
  return Array.from({ length: chains }, (_, c) =>
    Array.from({ length: done }, (_, i) => {
      let h = (i * 2654435761 + c * 40503) >>> 0;
      h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0;
      const noise = (h / 2 ** 32 - 0.5) * 60;
      const plateau = c === 3 ? -15520 : -15300;
      return plateau - 4200 * Math.exp(-(i + 1) / (25 + 10 * c)) + noise;
    }),
  );
}

/**
 * What every chart promises, checked on its markup: well-formed XML; an <svg> root with role="img", a
 * non-empty aria-label and a <title> first; tabular numbers and a font; no scripts, event handlers, ids or
 * external references (the page inserts many charts, and only our own markup); no NaN/undefined leaked into
 * attributes or text. Returns the parsed root; throws naming the first broken promise.
 */
export function checkChart(svg: string): XmlElement {
  const root = parseXml(svg);
  const fail = (why: string) => {
    throw new Error(`chart: ${why}\n${svg.slice(0, 300)}`);
  };
  if (root.name !== 'svg') fail('root is not <svg>');
  if (root.attrs.xmlns !== 'http://www.w3.org/2000/svg') fail('no SVG namespace');
  if (root.attrs.role !== 'img') fail('no role="img"');
  if (!root.attrs['aria-label']?.trim()) fail('no aria-label');
  if (root.children[0]?.name !== 'title' || !root.children[0].text.trim()) fail('<title> is not the first child');
  if (!/tabular-nums/.test(root.attrs.style ?? '')) fail('no tabular numbers');
  if (!root.attrs['font-family']) fail('no font-family');
  if (!(Number(root.attrs.width) > 0 && Number(root.attrs.height) > 0)) fail(`bad size ${root.attrs.width} × ${root.attrs.height}`);
  if (root.attrs.viewBox !== `0 0 ${root.attrs.width} ${root.attrs.height}`) fail('viewBox differs from the size');
  for (const e of walk(root)) {
    if (e.name === 'script' || e.name === 'foreignObject') fail(`<${e.name}> inside`);
    for (const [k, v] of Object.entries(e.attrs)) {
      if (/^on/i.test(k)) fail(`event handler ${k}`);
      if (k === 'id' || k === 'href' || k === 'xlink:href') fail(`${k} attribute`);
      if (/NaN|undefined|Infinity|\[object/.test(v)) fail(`${k}="${v}" on <${e.name}>`);
    }
    if (/NaN|undefined|\[object/.test(e.text)) fail(`text "${e.text}"`);
  }
  return root;
}

/** Numeric attribute. */
export function num(e: XmlElement, name: string): number {
  const v = Number(e.attrs[name]);
  if (!Number.isFinite(v)) throw new Error(`<${e.name}> has no numeric ${name} (${e.attrs[name]})`);
  return v;
}

/** Direct and nested child elements named `name`. */
export function find(e: XmlElement, name: string): XmlElement[] {
  return walk(e).filter((c) => c !== e && c.name === name);
}

/** All text of an element and its descendants, in order. */
export function allText(e: XmlElement): string {
  return walk(e).map((c) => c.text).join('');
}

/** The few Node calls the gallery and the no-DOM test make. */
export interface NodeFiles {
  readFileSync(path: string, encoding: 'utf8'): string;
  readdirSync(path: string): string[];
  writeFileSync(path: string, data: string): void;
  tmpdir(): string;
}

/**
 * node:fs and node:os, loaded by a name TypeScript does not resolve: tsconfig.web.json type-checks src/shared
 * (tests included) without Node's types, and the charts themselves must never need them.
 */
export async function nodeFiles(): Promise<NodeFiles> {
  const fsName = 'node:fs';
  const osName = 'node:os';
  const fs = await import(/* @vite-ignore */ fsName);
  const os = await import(/* @vite-ignore */ osName);
  return { readFileSync: fs.readFileSync, readdirSync: fs.readdirSync, writeFileSync: fs.writeFileSync, tmpdir: os.tmpdir };
}
