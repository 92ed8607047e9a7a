// Edits (interactive BCM): pin or swap a prototype, force, forbid or free a subspace feature, resample with
// progress; then a before/after view of what changed (prototypes, subspaces, cases that moved cluster);
// undo and redo; the history as sentences.
import type { IbcmEdit } from '../../shared/api';
import type { App } from '../state/app';
import { describeEdit, type EditDiff } from '../state/edits';
import { changed } from '../state/store';
import { clusterName, picture } from './cases';
import { button, empty, errorBox, h, progressBar } from './dom';
import { count, pct, timeAgo } from './format';
import { lazyView, type View } from './view';
import { reportButton } from './report-dialog';

function diffView(app: App, d: EditDiff): HTMLElement {
  const { model, datasetId } = app.project.get();
  const el = h('div', { class: 'diff', 'data-testid': 'edit-diff', 'aria-live': 'polite' }, h('h3', {}, `What changed: ${d.action}`));
  if (d.prototypes.length) {
    const list = h('ul', { class: 'plain proto-changes' });
    for (const p of d.prototypes) {
      const li = h('li', {}, clusterName(p.cluster, model), `: prototype #${p.before} → #${p.after}`);
      list.append(li);
      if (datasetId !== null)
        void app.project.rawCases(datasetId, [p.before, p.after]).then(([a, b]) => {
          const pa = picture(app, a, { width: 48, cluster: p.cluster });
          const pb = picture(app, b, { width: 48, cluster: p.cluster });
          if (pa && pb) li.append(h('span', { class: 'before-after' }, pa, ' → ', pb));
        });
    }
    el.append(h('h4', {}, 'Prototypes'), h('p', { class: 'muted small' }, 'Prototypes you did not pin may change as the chain moves on; pin those you want to keep.'), list);
  } else el.append(h('p', { class: 'muted' }, 'No prototype changed.'));
  if (d.subspaces.length)
    el.append(
      h('h4', {}, 'Subspaces'),
      h(
        'ul',
        { class: 'plain' },
        ...d.subspaces.map((s) =>
          h(
            'li',
            {},
            clusterName(s.cluster, model),
            ': ',
            s.gained.length ? h('span', { class: 'gained' }, `+ ${s.gained.slice(0, 8).join(', ')}${s.gained.length > 8 ? ` (+${s.gained.length - 8})` : ''}`) : '',
            s.gained.length && s.lost.length ? '  ' : '',
            s.lost.length ? h('span', { class: 'lost' }, `− ${s.lost.slice(0, 8).join(', ')}${s.lost.length > 8 ? ` (+${s.lost.length - 8})` : ''}`) : '',
          ),
        ),
      ),
    );
  else el.append(h('p', { class: 'muted' }, 'No subspace changed.'));
  el.append(
    h('h4', {}, 'Cases'),
    h('p', { 'data-testid': 'edit-moved' }, d.n ? `${count(d.moved)} of ${count(d.n)} cases (${pct(d.moved / d.n, 1)}) changed their main cluster.` : 'The map will show where cases went.'),
    d.flows.length ? h('ul', { class: 'plain small' }, ...d.flows.map((f) => h('li', {}, `${count(f.count)} from `, clusterName(f.from, model), ' to ', clusterName(f.to, model)))) : '',
  );
  return el;
}

function composer(app: App): HTMLElement {
  const { model } = app.project.get();
  if (!model) return h('div');
  const sel = app.selection.get();
  const cluster = h('select', { 'aria-label': 'Cluster', 'data-testid': 'edit-cluster' }, ...model.prototypes.map((p) => h('option', { value: p.cluster }, `cluster ${p.cluster}${p.labelMix[0] ? ` · ${p.labelMix[0].label}` : ''}`)));
  cluster.value = String(sel.cluster ?? 0);
  const action = h(
    'select',
    { 'aria-label': 'Action', 'data-testid': 'edit-action' },
    h('option', { value: 'pin' }, 'pin a case as its prototype'),
    h('option', { value: 'unpin' }, 'free its prototype'),
    h('option', { value: 'force' }, 'force a feature into its subspace'),
    h('option', { value: 'forbid' }, 'forbid a feature in its subspace'),
    h('option', { value: 'free' }, 'free a feature'),
  );
  const row = h('input', { type: 'number', min: 0, step: 1, 'aria-label': 'Case row', value: sel.row ?? '', placeholder: 'case #', 'data-testid': 'edit-row' });
  const feature = h('select', { 'aria-label': 'Feature', 'data-testid': 'edit-feature-any' }, ...model.features.map((f) => h('option', { value: f }, f)));
  const sweeps = h('input', { type: 'number', min: 2, step: 1, value: app.edits.get().iterations, 'aria-label': 'Sweeps to resample', 'data-testid': 'edit-sweeps' });
  const rowLabel = h('label', {}, 'case ', row);
  const featureLabel = h('label', {}, 'feature ', feature);
  const sync = () => {
    rowLabel.hidden = action.value !== 'pin';
    featureLabel.hidden = !['force', 'forbid', 'free'].includes(action.value);
    const p = model.prototypes[Number(cluster.value)];
    if (!featureLabel.hidden && p) {
      // Features of this cluster's subspace first, with their P(ω = 1).
      const order = model.features.map((f, j) => ({ f, pr: p.subspaceProbability[j] })).sort((a, b) => b.pr - a.pr || a.f.localeCompare(b.f));
      const keep = feature.value;
      feature.replaceChildren(...order.map(({ f, pr }) => h('option', { value: f }, `${f} · P(ω=1) ${pr.toFixed(2)}`)));
      if (keep) feature.value = keep;
    }
  };
  action.addEventListener('change', sync);
  cluster.addEventListener('change', sync);
  sync();
  const form = h(
    'form',
    { class: 'composer', 'aria-label': 'New edit', 'data-testid': 'edit-form' },
    h('label', {}, 'In ', cluster),
    h('label', {}, action),
    rowLabel,
    featureLabel,
    h('label', { title: 'More sweeps settle the model further after the edit' }, 'then resample ', sweeps, ' sweeps'),
    h('button', { type: 'submit', class: 'primary', disabled: app.edits.busy, 'data-testid': 'edit-apply' }, 'Apply and resample'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const k = Number(cluster.value);
    let edit: IbcmEdit;
    if (action.value === 'pin') {
      if (row.value === '') return row.focus();
      edit = { kind: 'pin', cluster: k, row: Number(row.value) };
    } else if (action.value === 'unpin') edit = { kind: 'unpin', cluster: k };
    else edit = { kind: 'subspace', cluster: k, feature: feature.value, state: action.value as 'force' | 'forbid' | 'free' };
    app.edits.set({ iterations: Math.max(2, Math.floor(Number(sweeps.value) || 100)) });
    void app.edits.apply(edit);
  });
  return form;
}

export function editsView(app: App): View {
  const el = h('section', { 'aria-label': 'Edits', class: 'view edits-view', 'data-testid': 'edits-view' });
  const progressSlot = h('div');
  const render = () => {
    const { model } = app.project.get();
    const s = app.edits.get();
    if (!model || !model.prototypes.length)
      return el.replaceChildren(h('h2', {}, 'Edits'), empty('No model yet — fit one, then correct it by hand here.', button('Fit a model…', () => app.route.go('fit'), { class: 'primary' })));
    const job = s.jobId ? app.jobs.get(s.jobId) : undefined;
    progressSlot.replaceChildren(progressBar(job?.done ?? 0, job?.total ?? 1, 'Resampling progress'));
    const applied = model.edits.filter((e) => !e.undone);
    const redoable = model.edits.filter((e) => e.undone);
    const running = s.pending
      ? h('div', { class: 'running', 'data-testid': 'edit-running' }, h('p', {}, `Resampling: ${s.pending}`), progressSlot, button('Cancel', () => s.jobId && void app.project.api.cancel(s.jobId)))
      : '';
    const history = h(
      'div',
      { class: 'history panel' },
      h(
        'div',
        { class: 'toolbar' },
        h('h3', {}, 'History'),
        button('Undo', () => void app.edits.undo(), { disabled: !applied.length || app.edits.busy, 'data-testid': 'edit-undo', title: 'Undo the last edit and resample (u)' }),
        button('Redo', () => void app.edits.redo(), { disabled: !redoable.length || app.edits.busy, 'data-testid': 'edit-redo', title: 'Redo the last undone edit and resample (U)' }),
      ),
      model.edits.length
        ? h(
            'ol',
            { class: 'history-list', 'data-testid': 'edit-history' },
            ...model.edits.map((e) => h('li', { class: e.undone ? 'undone' : '', 'data-testid': 'edit-entry' }, h('span', {}, `${e.undone ? 'undone: ' : ''}${describeEdit(e.edit)}`), h('span', { class: 'muted small' }, ` · ${timeAgo(e.createdAt)}`))),
          )
        : h('p', { class: 'muted' }, 'No edits yet.'),
    );
    el.replaceChildren(
      h(
        'div',
        { class: 'view-head' },
        h('div', { class: 'head-row' }, h('h2', {}, `Edits of model ${model.id}`), reportButton(app)),
        h('p', { class: 'muted' }, 'Correct the model where you know better: pin a prototype, or force or forbid a feature in a cluster’s subspace. The model then resamples with your constraints and shows what changed.'),
      ),
      h('div', { class: 'edits-grid' }, h('div', {}, composer(app), running, s.error ? errorBox(s.error) : '', s.diff ? diffView(app, s.diff) : ''), history),
    );
  };
  return lazyView(el, render, (inv) => {
    app.project.subscribe((a, b) => changed(a, b, 'model') && inv());
    app.edits.subscribe(() => inv());
    // Progress redraws the bar only, so a half-typed edit is kept.
    app.jobs.subscribe((j) => j.jobId === app.edits.get().jobId && progressSlot.replaceChildren(progressBar(j.done, j.total || 1, 'Resampling progress')));
  });
}
