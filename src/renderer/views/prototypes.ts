// Prototypes: one card per cluster — the prototype case (as a picture for image data, its items for set and
// text data), its label and the cluster's label mix, size, stability, and the subspace features ordered by
// P(ω = 1) with φ against the data's overall frequency (the BCM paper's figures; iBCM's cards).
import { labelMixBar, subspaceFeatureBars, type SubspaceFeature } from '../../shared/charts';
import type { ModelView, PrototypeView } from '../../shared/api';
import type { App } from '../state/app';
import { caseTitle, clusterName, picture, presentItems, prose } from './cases';
import { button, empty, h, svgNode } from './dom';
import { count, featureLabel, pct } from './format';
import { listKeys } from './keys';
import { kChip } from './k-chip';
import { prototypeDetail } from './prototype-detail';
import { changed } from '../state/store';
import { lazyView, type View } from './view';
import { reportButton } from './report-dialog';

/** The subspace features of a prototype as the subspace chart reads them, most probable first. */
/** The chart's rows with set and text items named by the item alone ("basil = absent"). */
export function displayRows(rows: SubspaceFeature[]): SubspaceFeature[] {
  return rows.map((r) => ({ ...r, name: featureLabel(r.name) }));
}

export function subspaceRows(app: App, model: ModelView, p: PrototypeView, all = false): SubspaceFeature[] {
  const stats = app.project.get().stats;
  const index = new Map(model.features.map((f, j) => [f, j]));
  const names = all ? model.features.filter((_, j) => p.subspaceProbability[j] >= 0.5) : p.subspace;
  const rows = names.map((name) => {
    const j = index.get(name)!;
    const value = p.values[name] ?? '?';
    const v = model.featureValues[j].indexOf(value);
    return {
      name,
      value,
      probability: p.subspaceProbability[j],
      phi: v >= 0 ? (model.phi[p.cluster]?.[j]?.[v] ?? 0) : 0,
      overall: v >= 0 ? (stats?.frequency[j]?.[v] ?? 0) : 0,
    };
  });
  // Items the prototype has (a recipe's ingredients) before the many it shares the absence of; then by
  // P(ω = 1); among equally sure features (often many at 1.00), the most distinctive first: those whose
  // value is far more common in the cluster than in the data.
  const present = (r: { value: string }) => (r.value === 'present' || r.value === 'true' ? 1 : 0);
  return rows.sort(
    (a, b) => present(b) - present(a) || b.probability - a.probability || Math.abs(b.phi - b.overall) - Math.abs(a.phi - a.overall) || a.name.localeCompare(b.name),
  );
}

const isAbsence = (v: string | undefined) => v === 'absent' || v === 'false';

/**
 * The prototype case's content: its picture; its items (subspace items bold; absences on request); its text
 * as prose with the subspace words bold, after them in a line (`clamp`: a few lines of it, for a card); or
 * its subspace values.
 */
export function prototypeBody(app: App, model: ModelView, p: PrototypeView, width: number, clamp = false): HTMLElement {
  const { dataset, prototypeCases } = app.project.get();
  const values = prototypeCases.get(p.row) ?? {};
  const pic = picture(app, values, { cluster: p.cluster, width, row: p.row, title: `Prototype of cluster ${p.cluster}, case #${p.row}: subspace pixels outlined` });
  if (pic) return pic;
  const inSubspace = new Set(p.subspace);
  const groups = dataset ? presentItems(dataset, values) : [];
  if (groups.some((g) => g.items.length)) {
    const rows = subspaceRows(app, model, p);
    // Absences in the subspace, most telling first: items the data often has that this cluster lacks.
    const absences = rows.filter((r) => isAbsence(r.value)).sort((a, b) => b.phi - b.overall - (a.phi - a.overall) || a.name.localeCompare(b.name));
    const shownAbsences = absences.slice(0, 12);
    const hasText = groups.some((g) => g.kind === 'text' && g.items.length);
    const list = h('div', { class: hasText ? 'items prose-items' : 'items' });
    for (const g of groups) {
      const feature = (it: string) => `${g.column}=${it}`;
      if (g.kind === 'text') {
        // The words that make the cluster, surest first, then the text they come from.
        const key = rows.filter((r) => !isAbsence(r.value) && r.name.startsWith(`${g.column}=`)).map((r) => featureLabel(r.name));
        list.append(
          key.length
            ? h('div', { class: 'key-words small', 'data-testid': 'key-words' }, h('span', { class: 'muted' }, groups.length > 1 ? `${g.column}, key words: ` : 'Key words: '), ...key.slice(0, 12).flatMap((w, k) => [k ? ', ' : '', h('strong', {}, w)]), key.length > 12 ? h('span', { class: 'muted' }, ` and ${key.length - 12} more`) : '')
            : h('div', { class: 'key-words small muted', 'data-testid': 'key-words' }, `No word of this text is in the subspace${absences.length ? ': the cluster is made by the words its cases lack' : ''}.`),
          prose(g.text, (w) => inSubspace.has(feature(w)), 'in the subspace', clamp),
        );
        continue;
      }
      const key = g.items.filter((it) => inSubspace.has(feature(it)));
      const rest = g.items.filter((it) => !inSubspace.has(feature(it)));
      list.append(
        h(
          'ul',
          { class: 'item-list', 'aria-label': `${g.column} of the prototype (subspace items in bold)` },
          ...key.map((it) => h('li', { class: 'key', 'data-feature': feature(it), title: 'in the subspace' }, h('strong', {}, it))),
          ...rest.map((it) => h('li', { 'data-feature': feature(it) }, it)),
        ),
      );
    }
    if (absences.length) {
      const more = h(
        'ul',
        { class: 'item-list absences', hidden: true },
        ...shownAbsences.map((r) => h('li', { 'data-feature': r.name, title: `${pct(1 - r.phi)} of this cluster has it, ${pct(1 - r.overall)} of all cases` }, `no ${featureLabel(r.name)}`)),
        absences.length > shownAbsences.length ? h('li', { class: 'muted small' }, `and ${absences.length - shownAbsences.length} more`) : null,
      );
      const toggle = button(`${absences.length} key absence${absences.length === 1 ? '' : 's'}`, () => {
        more.hidden = !more.hidden;
        toggle.setAttribute('aria-expanded', String(!more.hidden));
      }, { class: 'link', 'aria-expanded': 'false', title: 'Items this cluster is defined by lacking' });
      list.append(toggle, more);
    }
    return list;
  }
  // Categorical or numeric data: the subspace values.
  return h(
    'dl',
    { class: 'values' },
    ...p.subspace.slice(0, 8).flatMap((f) => [h('dt', {}, f), h('dd', {}, p.values[f] ?? '?')]),
  );
}

function card(app: App, model: ModelView, p: PrototypeView, n: number): HTMLElement {
  const { prototypeCases, dataset } = app.project.get();
  const values = prototypeCases.get(p.row) ?? {};
  const idColumn = dataset?.columns.find((c) => c.kind === 'identifier')?.name;
  const name = idColumn ? values[idColumn] : null;
  // Text reads across the card, under the facts; a picture or a list sits beside them.
  const body = prototypeBody(app, model, p, 112, true);
  const wide = body.classList.contains('prose-items');
  const el = h(
    'article',
    { class: 'card prototype-card', tabindex: 0, 'data-testid': 'prototype-card', 'data-cluster': p.cluster, 'aria-label': `Cluster ${p.cluster}, prototype case #${p.row}` },
    h('header', { class: 'card-head' }, clusterName(p.cluster, model), h('span', { class: 'card-badges' }, kChip(app, p.cluster, p.row), p.pinned ? h('span', { class: 'badge', title: 'You pinned this prototype' }, 'pinned') : null)),
    h(
      'div',
      { class: 'card-main' },
      wide ? null : body,
      h(
        'div',
        { class: 'facts' },
        h('div', { 'data-testid': 'prototype-row' }, caseTitle(p.row, name, p.label, dataset?.labelColumn)),
        h('div', { 'data-testid': 'prototype-size', title: 'Cases whose largest share π is this cluster' }, `${count(p.size)} cases · ${pct(p.size / Math.max(1, n), 1)}`),
        h('div', { title: 'Posterior frequency: how often this case was the prototype over the kept sweeps' }, `stability ${pct(p.frequency)}`),
        p.labelMix.length ? svgNode(labelMixBar(p.labelMix, { width: 150, title: `Labels in cluster ${p.cluster}` }), { class: 'chart label-mix' }) : null,
      ),
    ),
    wide ? body : null,
    h(
      'div',
      { class: 'card-subspace', 'data-testid': 'prototype-subspace' },
      h('div', { class: 'muted small' }, `Subspace: ${p.subspace.length} feature${p.subspace.length === 1 ? '' : 's'} that make this cluster`),
      p.subspace.length ? svgNode(subspaceFeatureBars(displayRows(subspaceRows(app, model, p)), { cluster: p.cluster, top: 5, width: 276, labelWidth: 100, sort: false })) : null,
    ),
  );
  const open = () => app.route.go('prototypes', p.cluster);
  el.addEventListener('click', (e) => {
    if (!(e.target as HTMLElement).closest('button')) open();
  });
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target === el) open();
  });
  el.addEventListener('focus', () => app.selection.set({ cluster: p.cluster }));
  return el;
}

export function prototypesView(app: App): View {
  const el = h('section', { 'aria-label': 'Prototypes', class: 'view', 'data-testid': 'prototypes-view' });
  const render = () => {
    const { model, loaded, datasets, map } = app.project.get();
    const detail = app.route.get().detail;
    if (detail !== null && model) return el.replaceChildren(prototypeDetail(app, detail));
    if (!loaded) return el.replaceChildren(h('p', { class: 'muted' }, 'Loading the project…'));
    if (!model || !model.prototypes.length) {
      return el.replaceChildren(
        h('h2', {}, 'Prototypes'),
        datasets.length
          ? empty('No model yet — fit one with the defaults to see the cases that stand for each cluster.', button('Fit a model…', () => app.route.go('fit'), { class: 'primary' }))
          : empty('No data yet — import a table of cases first.', button('Import data…', () => app.route.go('data'), { class: 'primary' })),
      );
    }
    const n = map?.n ?? model.prototypes.reduce((a, p) => a + p.size, 0);
    const grid = h('div', { class: 'cards', 'data-testid': 'prototypes', 'data-model': model.id });
    grid.append(...model.prototypes.map((p) => card(app, model, p, n)));
    listKeys(grid, '.prototype-card');
    el.replaceChildren(
      h(
        'div',
        { class: 'view-head' },
        h('div', { class: 'head-row' }, h('h2', {}, `Prototypes of model ${model.id}`), reportButton(app)),
        h('p', { class: 'muted' }, `${model.prototypes.length} clusters, each summed up by one real case. Outlined or bold: the subspace, the features that make the cluster. Open a card for its members and criticisms.`),
        model.partial ? h('p', { class: 'warning' }, 'From the last checkpoint of an unfinished fit.') : null,
      ),
      grid,
    );
  };
  return lazyView(el, render, (inv) => {
    app.project.subscribe((a, b) => changed(a, b, 'model', 'prototypeCases', 'stats', 'loaded', 'datasets', 'map') && inv());
    app.route.subscribe((a, b) => changed(a, b, 'detail', 'view') && inv());
    app.edits.subscribe((a, b) => changed(a, b, 'jobId') && inv());
    // An audit's k chips.
    app.audit.subscribe((a, b) => changed(a, b, 'byModel') && inv());
  });
}
