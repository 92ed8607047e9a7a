// Fit: the settings with one-line meanings and defaults, chains, a progress bar with time left and cancel,
// the live log-joint trace per chain with burn-in shaded (TensorBoard's scalar chart, plainly), split-R̂ with
// a plain verdict; the models listed with their settings, the open one marked, two side by side.
import { traceChart } from '../../shared/charts';
import type { FitRequest, ModelSummary, ModelView } from '../../shared/api';
import { SETTINGS } from '../../shared/hyperparameters';
import type { App } from '../state/app';
import { type JobProgress, secondsLeft } from '../state/jobs';
import { changed } from '../state/store';
import { clusterName, picture } from './cases';
import { button, errorBox, h, progressBar, setProgress, svgNode } from './dom';
import { count, duration, fixed, timeAgo } from './format';
import { verdict } from '../../shared/verdict';
import { lazyView, type View } from './view';
import { reportButton } from './report-dialog';

export { verdict };

/** A chain's reported points as one value per sweep (gaps between throttled reports filled linearly). */
export function densify(points: { sweep: number; logJoint: number }[]): number[] {
  if (!points.length) return [];
  const sorted = [...points].sort((a, b) => a.sweep - b.sweep);
  const out = new Array<number>(sorted[sorted.length - 1].sweep);
  let k = 0;
  for (let s = 1; s <= out.length; s++) {
    while (k < sorted.length - 1 && sorted[k + 1].sweep <= s) k++;
    const a = sorted[k];
    const b = sorted[Math.min(k + 1, sorted.length - 1)];
    out[s - 1] = s <= a.sweep || b.sweep === a.sweep ? a.logJoint : a.logJoint + ((b.logJoint - a.logJoint) * (s - a.sweep)) / (b.sweep - a.sweep);
  }
  return out;
}

function settingsForm(app: App): HTMLFormElement {
  const { datasets, dataset, model } = app.project.get();
  const datasetSelect = h('select', { name: 'dataset', 'data-testid': 'fit-dataset' }, ...datasets.map((d) => h('option', { value: d.id }, `${d.name} · ${count(d.rows)} cases`)));
  if (dataset) datasetSelect.value = String(dataset.id);
  const fields = SETTINGS.map((s) => {
    // The open model's settings are a good start for the next fit.
    const current = s.key === 'prototypes' ? (model?.params.S ?? 4) : null;
    const input = h('input', {
      type: 'number', name: s.key, min: s.min, max: s.max, step: s.integer ? 1 : 'any', value: current ?? '',
      placeholder: s.default === null ? (s.key === 'seed' ? 'random' : s.key === 'burnIn' ? 'half' : '') : String(s.default),
      required: s.key === 'prototypes', 'data-testid': `fit-${s.key}`, 'aria-describedby': `fit-help-${s.key}`,
    });
    return { s, input, row: h('div', { class: 'setting' }, h('label', { for: `fit-${s.key}` }, h('span', { class: 'symbol' }, s.symbol), ' ', s.label), input, h('span', { class: 'muted small', id: `fit-help-${s.key}` }, `${s.meaning}${s.default !== null ? ` Default ${s.default}.` : ''}`)) };
  });
  for (const f of fields) f.input.id = `fit-${f.s.key}`;
  const running = app.fit.get().status === 'running' || app.fit.get().status === 'starting';
  const form = h(
    'form',
    { class: 'fit-form', 'data-testid': 'fit-form', 'aria-label': 'Fit settings' },
    h('div', { class: 'setting setting-wide' }, h('label', { for: 'fit-dataset' }, 'Dataset'), datasetSelect),
    ...fields.map((f) => f.row),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary', disabled: running || !datasets.length, 'data-testid': 'fit-submit' }, 'Fit'), h('span', { class: 'muted small' }, 'Empty fields take their defaults.')),
  );
  datasetSelect.id = 'fit-dataset';
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const req: Record<string, number> = { datasetId: Number(datasetSelect.value) };
    for (const { s, input } of fields) if (input.value !== '') req[s.key === 'prototypes' ? 'prototypes' : s.key] = Number(input.value);
    void app.fit.fit(req as unknown as FitRequest);
  });
  return form;
}

function traceOf(app: App, job: JobProgress | undefined, model: ModelView | null, fitModelId: number | null): HTMLElement | null {
  if (job && job.status === 'running') {
    const params = app.project.get().models.find((m) => m.id === fitModelId)?.params;
    const chains = job.traces.map(densify);
    if (!chains.some((c) => c.length)) return h('p', { class: 'muted' }, 'Waiting for the first sweeps…');
    return svgNode(traceChart({ chains, burnIn: params?.burnIn ?? 0, sweeps: params?.sweeps ?? Math.max(...chains.map((c) => c.length)) }, { width: 640, height: 220 }), { 'data-testid': 'fit-chart' });
  }
  if (model && model.traces.some((t) => t.length))
    return svgNode(traceChart({ chains: model.traces, burnIn: model.params.burnIn, sweeps: model.params.sweeps }, { width: 640, height: 220 }), { 'data-testid': 'fit-chart' });
  return null;
}

function modelsTable(app: App): HTMLElement {
  const { models, modelId, datasets } = app.project.get();
  const compare = app.fit.get().compare;
  const dsName = (id: number) => datasets.find((d) => d.id === id)?.name ?? `dataset ${id}`;
  if (!models.length) return h('p', { class: 'muted' }, 'No models yet.');
  const row = (m: ModelSummary) => {
    const v = verdict(m.rhat, m.params.chains, m.status);
    const open = m.id === modelId;
    const check = h('input', { type: 'checkbox', 'aria-label': `Compare model ${m.id}`, checked: compare.includes(m.id), disabled: m.status !== 'done' && m.status !== 'cancelled' });
    check.addEventListener('change', () => void app.fit.toggleCompare(m.id));
    return h(
      'tr',
      { 'data-testid': 'model-item', 'data-id': m.id, 'data-status': m.status, class: open ? 'current' : '', 'aria-current': open ? 'true' : undefined },
      h('td', {}, check),
      h('th', { scope: 'row' }, `Model ${m.id}`, open ? h('span', { class: 'badge' }, 'open') : ''),
      h('td', {}, dsName(m.datasetId)),
      h('td', { class: 'num' }, String(m.params.S)),
      h('td', { class: 'num' }, `${count(m.progress.sweep)} / ${count(m.params.sweeps)}`),
      h('td', { class: 'num' }, String(m.params.chains)),
      h('td', { class: 'num' }, `${m.params.alpha}${m.params.learnAlpha ? ' (learned)' : ''}`),
      h('td', { class: 'num' }, `${m.params.q} · ${m.params.lambda} · ${m.params.c}`),
      h('td', { class: 'num' }, String(m.params.seed)),
      h('td', {}, h('span', { class: `verdict ${v.tone}`, title: v.why }, v.text), m.edits ? h('span', { class: 'muted small' }, ` · ${m.edits} edit${m.edits === 1 ? '' : 's'}`) : ''),
      h('td', { class: 'muted small' }, timeAgo(m.createdAt)),
      h(
        'td',
        {},
        !open && (m.status === 'done' || m.status === 'cancelled' || m.status === 'interrupted') ? button('Open', () => void app.project.openModel(m.id), { class: 'small', 'data-testid': 'model-open' }) : '',
        m.status === 'interrupted' || m.status === 'cancelled' ? button('Continue', () => void app.fit.resume(m.id), { class: 'small', title: 'Resume from its last checkpoint' }) : '',
      ),
    );
  };
  return h(
    'table',
    { class: 'models', 'data-testid': 'models' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Compare'), h('th', {}, 'Model'), h('th', {}, 'Dataset'), h('th', { title: 'Prototypes' }, 'S'), h('th', {}, 'Sweeps'), h('th', {}, 'Chains'), h('th', {}, 'α'), h('th', {}, 'q · λ · c'), h('th', {}, 'Seed'), h('th', {}, 'Verdict'), h('th', {}, 'Created'), h('th', {}, ''))),
    h('tbody', {}, ...[...models].reverse().map(row)),
  );
}

function comparePanel(app: App): HTMLElement | null {
  const compared = app.fit.get().compared;
  if (compared.length < 2) return app.fit.get().compare.length === 1 ? h('p', { class: 'muted small' }, 'Tick a second model to compare the two side by side.') : null;
  const column = (m: ModelView) => {
    const v = verdict(m.rhat, m.params.chains, m.status);
    const protos = h('ul', { class: 'compare-protos' });
    void app.project.rawCases(m.datasetId, m.prototypes.map((p) => p.row)).then((rows) => {
      protos.replaceChildren(
        ...m.prototypes.map((p, k) => {
          const same = app.project.get().datasetId === m.datasetId;
          return h('li', {}, (same && picture(app, rows[k], { width: 48, row: p.row })) || '', h('div', { class: 'small' }, clusterName(p.cluster, m), ` #${p.row} · ${count(p.size)}`));
        }),
      );
    });
    return h(
      'div',
      { class: 'compare-col', 'data-testid': 'compare-col' },
      h('h3', {}, `Model ${m.id}`),
      h('p', { class: 'small' }, `S ${m.params.S} · ${count(m.params.sweeps)} sweeps · ${m.params.chains} chains · α ${fixed(m.alpha)} · q ${m.params.q} · λ ${m.params.lambda} · c ${m.params.c} · seed ${m.params.seed}`),
      h('p', {}, h('span', { class: `verdict ${v.tone}` }, v.text), h('span', { class: 'muted small' }, ` ${v.why}`)),
      m.traces.some((t) => t.length) ? svgNode(traceChart({ chains: m.traces, burnIn: m.params.burnIn, sweeps: m.params.sweeps }, { width: 380, height: 150, legend: false })) : '',
      protos,
    );
  };
  return h('div', { class: 'compare', 'data-testid': 'compare' }, h('h3', {}, 'Side by side'), h('div', { class: 'two-col' }, ...compared.map(column)));
}

export function fitView(app: App): View {
  const el = h('section', { 'aria-label': 'Fit', class: 'view fit-view', 'data-testid': 'fit-view' });
  const status = h('div', { class: 'fit-status', 'aria-live': 'polite' });
  const chart = h('div', { class: 'fit-chart-slot' });
  let lastChart = 0;

  // The progress line is built once and updated in place: dozens of progress events arrive per second, and a
  // Cancel button rebuilt on each would be a moving target (a click between mouse down and up would be lost).
  const state = h('span', { 'data-testid': 'fit-status' });
  const bar = progressBar(0, 1, 'Fit progress', { 'data-testid': 'fit-progress' });
  const sweeps = h('span', { 'data-testid': 'fit-sweeps' });
  const timeLeft = h('span', { class: 'muted', 'data-testid': 'fit-time-left' });
  const cancel = button('Cancel', () => void app.fit.cancel(), { 'data-testid': 'fit-cancel' });
  const rest = h('div', {});
  status.append(state, bar, sweeps, timeLeft, cancel, rest);

  const renderProgress = () => {
    const f = app.fit.get();
    const job = f.jobId ? app.jobs.get(f.jobId) : undefined;
    const { model } = app.project.get();
    state.textContent = f.status;
    state.className = f.status === 'idle' ? 'visually-hidden' : 'fit-state';
    const running = job?.status === 'running';
    bar.hidden = timeLeft.hidden = cancel.hidden = !running;
    sweeps.hidden = !job;
    if (job) {
      setProgress(bar, job.done, job.total);
      sweeps.textContent = `${count(job.done)} / ${count(job.total)} sweeps${running ? ' (all chains)' : ''}`;
      const left = running ? secondsLeft(job) : null;
      timeLeft.textContent = left === null ? '' : ` · about ${duration(left)} left`;
    }
    const parts: (HTMLElement | string)[] = [];
    if (f.error) parts.push(errorBox(f.error, { 'data-testid': 'error' }));
    if (model && (!job || job.status !== 'running')) {
      const v = verdict(model.rhat, model.params.chains, model.status);
      parts.push(
        h(
          'p',
          { class: 'verdict-line', 'data-testid': 'fit-verdict' },
          `Model ${model.id}: `,
          h('span', { class: `verdict ${v.tone}` }, v.text),
          ' ',
          h('span', { class: 'muted' }, v.why),
          v.text === 'run longer' ? button(`Run ${count(model.params.sweeps)} sweeps longer`, () => void app.fit.resume(model.id, model.params.sweeps), { class: 'small', 'data-testid': 'fit-longer' }) : '',
        ),
      );
    }
    rest.replaceChildren(...parts);
    const now = performance.now();
    // The live chart redraws at most 4 times a second: dozens of progress events arrive per second.
    if (!job || job.status !== 'running' || now - lastChart > 250) {
      lastChart = now;
      chart.replaceChildren(traceOf(app, job, model, f.modelId) ?? '');
    }
  };

  const render = () => {
    const { datasets, loaded } = app.project.get();
    if (!loaded) return el.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    // What the user typed survives a redraw (the model list changes while a fit runs).
    const typed = new Map([...el.querySelectorAll<HTMLInputElement>('form.fit-form input')].map((i) => [i.name, i.value]));
    const form = datasets.length ? settingsForm(app) : null;
    if (form) for (const i of form.querySelectorAll<HTMLInputElement>('input')) if (typed.has(i.name)) i.value = typed.get(i.name)!;
    el.replaceChildren(
      h('div', { class: 'view-head' }, h('div', { class: 'head-row' }, h('h2', {}, 'Fit a model'), reportButton(app)), h('p', { class: 'muted' }, 'The Bayesian Case Model finds S prototypes — real cases — and for each the features that matter (its subspace). Chains run in parallel; the trace should rise, then level off, and the chains should agree.')),
      form ?? h('p', {}, 'Import a dataset first (Data).'),
      status,
      chart,
      h('h3', {}, 'Models'),
      modelsTable(app),
      comparePanel(app) ?? '',
    );
    renderProgress();
  };
  return lazyView(el, render, (inv) => {
    app.project.subscribe((a, b) => changed(a, b, 'models', 'datasets', 'modelId', 'model', 'loaded') && inv());
    app.fit.subscribe((a, b) => (changed(a, b, 'compared', 'compare') ? inv() : changed(a, b, 'status', 'error', 'jobId') && (renderProgress(), inv())));
    app.jobs.subscribe((j) => j.jobId === app.fit.get().jobId && !el.hidden && renderProgress());
  });
}
