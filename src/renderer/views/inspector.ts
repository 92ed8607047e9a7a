// The inspector follows the global selection: a case (the "Case" landmark: its picture or values with the
// subspace features of its cluster marked, π as bars, the nearest prototypes, actions), else a brushed set
// (its label and cluster mix), else a cluster, else a hint.
import { labelMixBar, piBars } from '../../shared/charts';
import type { CaseDetail } from '../../shared/api';
import type { App } from '../state/app';
import { changed } from '../state/store';
import { caseTitle, clusterName, clusterShortNames, keyItems, picture, presentItems, prose } from './cases';
import { button, errorBox, h, svgNode } from './dom';
import { count, fixed, pct, prob } from './format';

function caseSection(app: App, d: CaseDetail): HTMLElement {
  const { model, dataset, prototypeCases } = app.project.get();
  const el = h('section', { 'aria-label': 'Case', class: 'case', 'data-testid': 'case-view', 'data-row': d.row });
  if (!model || !dataset) return el;
  const p = model.prototypes[d.cluster];
  const inSubspace = new Set(p?.subspace ?? []);
  const names = clusterShortNames(model);
  const pic = picture(app, d.values, { cluster: d.cluster, width: 160, row: d.row, title: `Case #${d.row}; outlined: the subspace of cluster ${d.cluster}` });
  const nearest = d.pi.map((w, k) => ({ w, k })).sort((a, b) => b.w - a.w).slice(0, 3);
  const idColumn = dataset.columns.find((c) => c.kind === 'identifier')?.name;
  const busy = app.edits.busy;
  const isPrototype = model.prototypes.some((q) => q.row === d.row);

  // Raw values, subspace features of its own cluster marked (for set/text columns, the items).
  const groups = new Map(presentItems(dataset, d.values).map((g) => [g.column, g]));
  const key = keyItems(p);
  const why = 'in the subspace of its cluster, whose prototype has it';
  const rows = dataset.columns.map((c) => {
    const v = d.values[c.name];
    const g = groups.get(c.name);
    const marked = inSubspace.has(c.name);
    const subspaceItem = (it: string) => key.has(`${c.name}=${it}`);
    const cell = !g || !g.items.length
      ? h('td', {}, marked ? h('strong', {}, v ?? '—') : (v ?? h('span', { class: 'muted' }, 'missing')))
      : g.kind === 'text'
        ? h('td', {}, prose(g.text, subspaceItem, why))
        : h('td', {}, ...g.items.flatMap((it, k) => [k ? ', ' : '', subspaceItem(it) ? h('strong', { title: why }, it) : it]));
    return h('tr', { class: marked ? 'marked' : '' }, h('th', { scope: 'row' }, c.name, marked ? h('span', { class: 'mark', title: 'in the subspace of its cluster' }, ' ●') : ''), cell);
  });
  const table = h('table', { class: 'values-table' }, h('caption', { class: 'muted small' }, `Values; ● or bold: what makes cluster ${d.cluster} (its subspace)`), h('tbody', {}, ...rows));

  const pinTo = h('select', { 'aria-label': 'Cluster to pin this case to' }, ...model.prototypes.map((q) => h('option', { value: q.cluster }, `cluster ${names[q.cluster]}`)));
  pinTo.value = String(d.cluster);

  el.append(
    h('h2', { class: 'case-head' }, caseTitle(d.row, d.name ?? (idColumn ? d.values[idColumn] : null), d.label, dataset.labelColumn)),
    h('div', { class: 'muted small' }, clusterName(d.cluster, model), isPrototype ? ' · a prototype' : ''),
    pic ?? '',
    h('h3', {}, 'Mixture π'),
    h('p', { class: 'muted small' }, 'How much of the case each cluster explains: cluster (its majority label).'),
    svgNode(piBars(d.pi, { names, highlight: d.cluster, sort: 'desc', top: Math.min(d.pi.length, 8), width: 280, labelWidth: 88 }), { 'data-testid': 'case-pi' }),
    h('h3', {}, 'Nearest prototypes'),
    h(
      'ul',
      { class: 'nearest' },
      ...nearest.map(({ w, k }) => {
        const q = model.prototypes[k];
        const v = prototypeCases.get(q.row) ?? {};
        return h(
          'li',
          {},
          button([picture(app, v, { width: 48, row: q.row }) ?? '', h('span', {}, clusterName(k, model), h('span', { class: 'muted' }, ` π ${prob(w)}`))], () => app.route.go('prototypes', k), { class: 'tile-row', title: `Open cluster ${k}` }),
        );
      }),
    ),
    h(
      'div',
      { class: 'actions' },
      button('Similar cases', () => {
        void app.similar.search({ row: d.row });
        app.route.go('similar');
      }, { class: 'primary', 'data-testid': 'case-similar', title: 'Cases like this one, each score explained (s)' }),
      button('Show on map', () => {
        // The Map zooms to the case once it is drawn (it may still be loading).
        app.selection.set({ reveal: d.row });
        app.route.go('map');
      }, { 'data-testid': 'case-reveal' }),
    ),
    h(
      'div',
      { class: 'actions', role: 'group', 'aria-label': 'Pin as prototype' },
      h('label', {}, 'Make it the prototype of ', pinTo),
      button('Pin', () => void app.edits.apply({ kind: 'pin', cluster: Number(pinTo.value), row: d.row }), { disabled: busy, 'data-testid': 'case-pin', title: 'Pin or swap: this case becomes that cluster’s prototype, then the model resamples' }),
    ),
    h('p', { class: 'muted small', title: 'Mean log-likelihood per observed feature under its π: criticisms have the lowest' }, `Explained at ${fixed(d.logLikelihood, 3)} log-likelihood per feature.`),
    dataset.columns.length > 24 ? h('details', {}, h('summary', {}, `All ${dataset.columns.length} values`), table) : table,
  );
  return el;
}

function brushedSection(app: App, rows: Int32Array): HTMLElement {
  const { map, model } = app.project.get();
  const el = h('section', { 'aria-label': 'Selected cases', 'data-testid': 'brushed-view' });
  if (!map || !model) return el;
  const clusters = new Array<number>(map.S).fill(0);
  const labels = new Map<string, number>();
  for (const r of rows) {
    clusters[map.cluster[r]]++;
    if (map.labels) {
      const l = map.labels.names[map.labels.index[r]] ?? '?';
      labels.set(l, (labels.get(l) ?? 0) + 1);
    }
  }
  const mix = [...labels].sort((a, b) => b[1] - a[1]).map(([label, c]) => ({ label, count: c, share: c / rows.length }));
  const clusterMix = clusters.map((c, k) => ({ k, c })).filter((x) => x.c > 0).sort((a, b) => b.c - a.c);
  el.append(
    h('h2', {}, `${count(rows.length)} cases selected`),
    mix.length ? h('div', {}, h('h3', {}, 'Labels'), svgNode(labelMixBar(mix, { width: 280 }))) : '',
    h('h3', {}, 'Clusters'),
    h('ul', { class: 'plain' }, ...clusterMix.map(({ k, c }) => h('li', {}, clusterName(k, model), h('span', { class: 'muted' }, `: ${count(c)} (${pct(c / rows.length)})`)))),
    h('h3', {}, 'Cases'),
    h('ul', { class: 'case-links' }, ...[...rows.slice(0, 30)].map((r) => h('li', {}, button(`#${r}`, () => app.selection.set({ row: r }), { class: 'link' })))),
    rows.length > 30 ? h('p', { class: 'muted small' }, `and ${count(rows.length - 30)} more`) : '',
    button('Clear selection', () => app.selection.set({ brushed: null })),
  );
  return el;
}

export function inspector(app: App): HTMLElement {
  const el = h('aside', { class: 'inspector', 'aria-label': 'Inspector', 'data-testid': 'inspector' });
  let token = 0;
  const render = () => {
    const { row, brushed, cluster } = app.selection.get();
    const { model, map } = app.project.get();
    const my = ++token;
    if (row !== null && model && map && row < map.n) {
      el.replaceChildren(h('p', { class: 'muted' }, `Loading case #${row}…`));
      app.project.caseDetails([row]).then(
        ([d]) => my === token && el.replaceChildren(caseSection(app, d)),
        (e: unknown) => my === token && el.replaceChildren(errorBox((e as Error).message)),
      );
      return;
    }
    if (brushed && brushed.length) return el.replaceChildren(brushedSection(app, brushed));
    if (cluster !== null && model?.prototypes[cluster]) {
      const p = model.prototypes[cluster];
      return el.replaceChildren(
        h('h2', {}, clusterName(cluster, model)),
        h('p', {}, `${count(p.size)} cases; prototype #${p.row}${p.label !== null ? ` (${p.label})` : ''}.`),
        button('Open the prototype', () => app.route.go('prototypes', cluster)),
        button('Select the prototype case', () => app.selection.set({ row: p.row })),
      );
    }
    el.replaceChildren(
      h('h2', { class: 'muted' }, 'Nothing selected'),
      h('p', { class: 'muted' }, 'Select a case — on the map, in a list, or with / to search — to see its π, its nearest prototypes and why.'),
    );
  };
  app.selection.subscribe((a, b) => changed(a, b, 'row', 'brushed', 'cluster') && render());
  app.project.subscribe((a, b) => changed(a, b, 'model', 'map') && render());
  app.edits.subscribe((a, b) => changed(a, b, 'jobId') && render());
  render();
  return el;
}
