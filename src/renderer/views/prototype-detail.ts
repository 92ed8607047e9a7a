// One prototype in full: the case, every subspace feature (and the edits that force, forbid or free it), the
// runner-up prototypes (pin one instead), the cluster's members ranked by π, and its criticisms — the
// members it explains worst.
import { labelMixBar, subspaceFeatureBars } from '../../shared/charts';
import type { ClusterView, ModelView, PrototypeView } from '../../shared/api';
import type { App } from '../state/app';
import { caseTitle, clusterName, picture } from './cases';
import { button, errorBox, h, svgNode } from './dom';
import { count, fixed, pct, prob } from './format';
import { kChip } from './k-chip';
import { listKeys } from './keys';
import { displayRows, prototypeBody, subspaceRows } from './prototypes';
import { reportButton } from './report-dialog';

/** A grid (image data) or list of cases; each selects its case. */
export async function caseTiles(app: App, rows: { row: number; note: string; title?: string }[], cluster: number | null): Promise<HTMLElement> {
  const { datasetId, image, dataset } = app.project.get();
  const values = datasetId === null ? [] : await app.project.rawCases(datasetId, rows.map((r) => r.row));
  const idColumn = dataset?.columns.find((c) => c.kind === 'identifier')?.name;
  const labelColumn = dataset?.labelColumn;
  const list = h('ul', { class: image ? 'tiles' : 'case-list' });
  rows.forEach((r, k) => {
    const v = values[k] ?? {};
    const pic = picture(app, v, { cluster, width: 56, row: r.row });
    const item = h(
      'li',
      {},
      button(
        [pic ?? caseTitle(r.row, idColumn ? v[idColumn] : null, labelColumn ? v[labelColumn] : null), h('span', { class: 'tile-note' }, pic && labelColumn ? `${v[labelColumn] ?? '?'} · ${r.note}` : r.note)],
        () => app.selection.set({ row: r.row }),
        { class: 'tile', 'data-row': r.row, title: r.title ?? `Case #${r.row}`, 'aria-pressed': String(app.selection.get().row === r.row) },
      ),
    );
    list.append(item);
  });
  listKeys(list, 'button.tile');
  return list;
}

function subspaceEditor(app: App, model: ModelView, p: PrototypeView): HTMLElement {
  const feature = h('select', { 'aria-label': 'Feature', 'data-testid': 'edit-feature' });
  const ordered = model.features.map((f, j) => ({ f, pr: p.subspaceProbability[j] })).sort((a, b) => b.pr - a.pr || a.f.localeCompare(b.f));
  feature.append(...ordered.map(({ f, pr }) => h('option', { value: f }, `${f} · P(ω=1) ${prob(pr)}`)));
  const selected = app.selection.get().feature;
  if (selected && model.features.includes(selected)) feature.value = selected;
  const act = (state: 'force' | 'forbid' | 'free') => () => void app.edits.apply({ kind: 'subspace', cluster: p.cluster, feature: feature.value, state });
  const busy = app.edits.busy;
  return h(
    'div',
    { class: 'editor', role: 'group', 'aria-label': 'Edit the subspace' },
    h('label', {}, 'Feature ', feature),
    button('Force into subspace', act('force'), { disabled: busy, 'data-testid': 'edit-force', title: 'Require this feature to matter for the cluster, then resample' }),
    button('Forbid', act('forbid'), { disabled: busy, title: 'Keep this feature out of the subspace, then resample' }),
    button('Free', act('free'), { disabled: busy, title: 'Let the model decide again' }),
  );
}

export function prototypeDetail(app: App, cluster: number): HTMLElement {
  const { model, map, prototypeCases, dataset } = app.project.get();
  const el = h('section', { 'aria-label': 'Prototype detail', class: 'view detail', 'data-testid': 'prototype-detail', 'data-cluster': cluster });
  const p = model?.prototypes[cluster];
  if (!model || !p) {
    el.append(h('p', {}, `No cluster ${cluster} in this model. `), button('All prototypes', () => app.route.go('prototypes')));
    return el;
  }
  const values = prototypeCases.get(p.row) ?? {};
  const idColumn = dataset?.columns.find((c) => c.kind === 'identifier')?.name;
  const n = map?.n ?? 0;
  const members = h('div', { class: 'members' }, h('p', { class: 'muted' }, 'Loading members…'));
  const criticisms = h('div', { class: 'criticisms' }, h('p', { class: 'muted' }, 'Loading…'));
  const busy = app.edits.busy;
  const rows = displayRows(subspaceRows(app, model, p, true));

  el.append(
    h(
      'div',
      { class: 'view-head' },
      button('← All prototypes', () => app.route.go('prototypes'), { class: 'link' }),
      h('div', { class: 'head-row' }, h('h2', {}, clusterName(cluster, model), ' ', kChip(app, cluster, p.row)), reportButton(app)),
    ),
    h(
      'div',
      { class: 'detail-top' },
      h(
        'div',
        { class: 'detail-case' },
        prototypeBody(app, model, p, 200),
        h('div', {}, caseTitle(p.row, idColumn ? values[idColumn] : null, p.label, dataset?.labelColumn)),
        h('div', { class: 'muted' }, `${count(p.size)} cases${n ? ` · ${pct(p.size / n, 1)}` : ''} · prototype in ${pct(p.frequency)} of kept sweeps${p.pinned ? ' · pinned by you' : ''}`),
        p.labelMix.length ? svgNode(labelMixBar(p.labelMix, { width: 220, title: `Labels in cluster ${cluster}` })) : null,
        h(
          'div',
          { class: 'actions' },
          button('Select this case', () => app.selection.set({ row: p.row })),
          button('Similar cases', () => {
            app.selection.set({ row: p.row });
            void app.similar.search({ row: p.row });
            app.route.go('similar');
          }),
          p.pinned ? button('Unpin', () => void app.edits.apply({ kind: 'unpin', cluster }), { disabled: busy }) : button('Pin this prototype', () => void app.edits.apply({ kind: 'pin', cluster, row: p.row }), { disabled: busy, 'data-testid': 'pin-prototype', title: 'Keep this case as the prototype while resampling' }),
        ),
      ),
      h(
        'div',
        { class: 'detail-subspace' },
        h('h3', {}, `Subspace: ${p.subspace.length} features`),
        h('p', { class: 'muted small' }, 'P(ω = 1): how sure the model is that the feature matters for this cluster. Bar: share of the cluster with the prototype’s value; tick: share of all cases. A bar far past its tick sets the cluster apart.'),
        svgNode(subspaceFeatureBars(rows.slice(0, 12), { cluster, width: 420, labelWidth: 150, sort: false })),
        rows.length > 12 ? h('details', {}, h('summary', {}, `${rows.length - 12} more subspace features`), svgNode(subspaceFeatureBars(rows.slice(12), { cluster, width: 420, labelWidth: 150, sort: false, header: false }))) : '',
        subspaceEditor(app, model, p),
      ),
    ),
  );

  if (p.alternatives.length) {
    const alts = h('div', { class: 'alternatives' }, h('h3', {}, 'Runner-up prototypes'), h('p', { class: 'muted small' }, 'Other cases the sampler chose as this cluster’s prototype, with how often. Pin one to swap it in.'));
    el.append(alts);
    void caseTiles(app, p.alternatives.slice(0, 6).map((a) => ({ row: a.row, note: pct(a.frequency) })), cluster).then((tiles) => {
      tiles.querySelectorAll('li').forEach((li, k) => {
        const row = p.alternatives[k].row;
        li.append(button('Pin instead', () => void app.edits.apply({ kind: 'pin', cluster, row }), { class: 'small', disabled: busy, 'data-testid': 'swap-prototype' }));
      });
      alts.append(tiles);
    });
  }

  el.append(
    h('div', { class: 'two-col' },
      h('div', {}, h('h3', {}, 'Members by π'), h('p', { class: 'muted small' }, 'Cases whose largest share is this cluster, most typical first (π of this cluster shown).'), members),
      h('div', {}, h('h3', {}, 'Criticisms'), h('p', { class: 'muted small' }, 'Members the model explains worst: lowest mean log-likelihood per feature. Look here for mislabelled or unusual cases.'), criticisms),
    ),
  );

  let shown = 0;
  const more = button('Show more', () => void page(), { class: 'small' });
  const page = async () => {
    try {
      const c: ClusterView = await app.project.cluster(cluster, shown, 48);
      if (shown === 0) {
        members.replaceChildren();
        criticisms.replaceChildren(await caseTiles(app, c.criticisms.map((x) => ({ row: x.row, note: fixed(x.logLikelihood), title: `Case #${x.row}: mean log-likelihood ${fixed(x.logLikelihood, 3)}, π ${prob(x.pi)}` })), cluster));
      }
      members.append(await caseTiles(app, c.members.map((x) => ({ row: x.row, note: `π ${prob(x.pi)}` })), cluster));
      shown += c.members.length;
      more.remove();
      if (shown < c.size) members.append(more);
    } catch (e) {
      members.replaceChildren(errorBox((e as Error).message));
    }
  };
  void page();
  return el;
}
