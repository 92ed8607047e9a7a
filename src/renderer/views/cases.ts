// How a case is drawn wherever it appears: image-shaped data as its picture (the subspace of a cluster
// outlined, as in the BCM paper's figures), other data by its name and its values.
import { ACCENT, clusterColour, prototypePicture } from '../../shared/charts';
import type { DatasetInfo, ModelView, PrototypeView } from '../../shared/api';
import { setItems, TEXT_TOKEN, textRuns } from '../../shared/data';
import type { App } from '../state/app';
import { h, svgNode } from './dom';

export interface PictureOptions {
  /** Outline the subspace of this cluster (its P(ω = 1) per pixel) in its colour. */
  cluster?: number | null;
  width?: number;
  row?: number | null;
  title?: string;
}

/** The case as a picture, or null when the data is not image-shaped. */
export function picture(app: App, values: Record<string, string | null>, o: PictureOptions = {}): HTMLElement | null {
  const { image, imageMax, model } = app.project.get();
  if (!image) return null;
  const cells = image.columns.map((c) => {
    const v = values[c];
    const x = v === null || v === undefined || v === '' ? NaN : Number(v);
    return Number.isFinite(x) ? x : null;
  });
  let probability: number[] | undefined;
  const width = o.width ?? 96;
  // Thumbnails stay plain, so the case itself reads; larger pictures outline the cluster's subspace.
  const outlined = width >= 96 && o.cluster !== undefined && o.cluster !== null;
  if (outlined && model?.prototypes[o.cluster!]) {
    const p = model.prototypes[o.cluster!].subspaceProbability;
    const index = new Map(model.features.map((f, j) => [f, j]));
    probability = image.columns.map((c) => p[index.get(c) ?? -1] ?? 0);
  }
  const svg = prototypePicture(
    { rows: image.rows, cols: image.cols, values: cells, max: imageMax, probability, features: image.columns },
    {
      width,
      // The accent reads against grey ink in every cluster (a black or yellow cluster colour would not); thin lines keep the digit legible.
      outline: ACCENT,
      outlineWidth: width >= 160 ? 2 : 1,
      row: o.row ?? null,
      cluster: o.cluster ?? null,
      title: o.title,
    },
  );
  return svgNode(svg, { class: 'chart picture' });
}

/**
 * The set and text columns of a case: a set's items as listed; a text's words as the importer counts them
 * (lower-cased, each once, in order; its features are `column=word`) and the text itself, to show as prose.
 */
export function presentItems(dataset: DatasetInfo, values: Record<string, string | null>): { column: string; kind: 'set' | 'text'; items: string[]; text: string }[] {
  return dataset.columns
    .filter((c) => c.kind === 'set' || c.kind === 'text')
    .map((c) => {
      const text = values[c.name] ?? '';
      if (c.kind === 'set') return { column: c.name, kind: 'set' as const, items: setItems(text, c.delimiter ?? ';'), text };
      return { column: c.name, kind: 'text' as const, items: [...new Set(text.toLowerCase().match(TEXT_TOKEN) ?? [])], text };
    });
}

/**
 * A text cell as a paragraph with the words `marked` holds (lower-cased, as the importer counts them) in
 * bold, titled `why`. `clamp` cuts it to a few lines (a card); without it the whole text shows.
 */
export function prose(text: string, marked: (word: string) => boolean, why: string, clamp = false): HTMLElement {
  return h('p', { class: clamp ? 'prose clamped' : 'prose' }, ...textRuns(text, marked).map((r) => (r.bold ? h('strong', { title: why }, r.text) : r.text)));
}

/**
 * The set items and words that make a cluster: its subspace features `column=item` whose prototype holds the
 * item. (Most of a set or text subspace is items the cluster lacks; a case that has one of those is not
 * like its cluster in it, so it is not marked.)
 */
export function keyItems(p: PrototypeView | undefined): Set<string> {
  return new Set((p?.subspace ?? []).filter((f) => f.includes('=') && (p!.values[f] === 'present' || p!.values[f] === 'true')));
}

/** A case's title: its name (identifier column) or #row, then its label. */
export function caseTitle(row: number, name: string | null | undefined, label: string | null | undefined, labelColumn?: string | null): HTMLElement {
  return h(
    'span',
    { class: 'case-title' },
    h('span', { class: 'case-name' }, name || `#${row}`),
    name ? h('span', { class: 'muted' }, ` #${row}`) : null,
    label !== null && label !== undefined ? h('span', { class: 'label-chip', title: `${labelColumn ?? 'label'} (the data's label)` }, labelColumn ? h('span', { class: 'muted' }, `${labelColumn} `) : '', label) : null,
  );
}

/** A cluster's swatch and name: "● Cluster 3". */
export function clusterName(cluster: number, model?: ModelView | null): HTMLElement {
  const label = model?.prototypes[cluster]?.labelMix[0]?.label;
  return h(
    'span',
    { class: 'cluster-name', 'data-cluster': cluster },
    swatch(cluster),
    `Cluster ${cluster}`,
    label !== undefined ? h('span', { class: 'muted' }, ` · mostly ${label}`) : null,
  );
}

export function swatch(cluster: number): HTMLElement {
  const s = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  s.style.background = clusterColour(cluster);
  return s;
}

/** Names for piBars and tooltips: "3 (7)" — the cluster and its majority label, when the data has labels. */
export function clusterShortNames(model: ModelView): string[] {
  return model.prototypes.map((p) => (p.labelMix[0] ? `${p.cluster} (${p.labelMix[0].label})` : `${p.cluster}`));
}
