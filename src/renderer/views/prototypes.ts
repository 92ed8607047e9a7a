// The prototypes of a finished model: for each, its case (data row), how many cases it explains, and its
// subspace, the features that make it what it is.
import type { ModelView, PrototypeView } from '../../shared/api';
import { h } from './dom';

/** How many subspace features a card lists before "and N more". */
const SHOWN_FEATURES = 8;

/**
 * Subspace features to show: presences first (a recipe's key ingredients; features read `column=item`
 * with value present/true), else the feature with its value. getModel orders the subspace that way already.
 */
function shownFeatures(p: PrototypeView): string[] {
  const present = p.subspace.filter((f) => p.values[f] === 'present' || p.values[f] === 'true');
  return present.length ? present : p.subspace.map((f) => `${f} = ${p.values[f]}`);
}

function card(p: PrototypeView, name: string | undefined): HTMLElement {
  const features = shownFeatures(p);
  const more = features.length - SHOWN_FEATURES;
  return h(
    'article',
    { class: 'prototype', 'data-testid': 'prototype-card', 'data-cluster': p.cluster },
    h('h3', { 'data-testid': 'prototype-row' }, `Prototype ${p.cluster}: row ${p.row}`),
    name ? h('p', { 'data-testid': 'prototype-name' }, name) : '',
    h('p', { class: 'muted', 'data-testid': 'prototype-size' }, `${p.size} case${p.size === 1 ? '' : 's'}${p.pinned ? ', pinned' : ''}`),
    h('ul', { 'data-testid': 'prototype-subspace' }, ...features.slice(0, SHOWN_FEATURES).map((f) => h('li', { 'data-testid': 'subspace-feature' }, f))),
    more > 0 ? h('p', { class: 'muted' }, `and ${more} more`) : '',
  );
}

/** names: the prototype cases' display names by row (the dataset's identifier column), when known. */
export function prototypesView(model: ModelView, names: Map<number, string> = new Map()): HTMLElement {
  return h(
    'div',
    { class: 'prototypes', 'data-testid': 'prototypes', 'data-model': model.id },
    ...model.prototypes.map((p) => card(p, names.get(p.row))),
  );
}
