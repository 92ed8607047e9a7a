// The one window (EXPLORER.md "Layout"): top bar (dataset, model with its R̂ verdict, Fit…, case search),
// the rail of views, the main view, the inspector (whatever is selected), and the status line (running jobs
// with progress and cancel, the scoring provider, saved ✓). App-wide keys live here.
import type { App } from '../state/app';
import { secondsLeft } from '../state/jobs';
import { VIEWS, type ViewName } from '../state/route';
import { changed } from '../state/store';
import { button, h, progressBar, setProgress } from './dom';
import { verdict } from '../../shared/verdict';
import { openReportDialog } from './report-dialog';
import { count, duration } from './format';
import { inspector } from './inspector';
import { typing } from './keys';
import { prototypesView } from './prototypes';
import type { View } from './view';

const TITLES: Record<ViewName, string> = { prototypes: 'Prototypes', map: 'Map', similar: 'Similar', edits: 'Edits', audit: 'Audit', data: 'Data', fit: 'Fit' };

const KEYS: [string, string][] = [
  ['/', 'search cases (row, name, label or any value)'],
  ['j / k', 'next / previous item in a list'],
  ['Enter', 'open the focused item'],
  ['s', 'similar cases of the selected case'],
  ['0 – 3', 'grade the focused result'],
  ['u / U', 'undo / redo the last edit'],
  ['g then p, m, s, e, a, d, f', 'go to Prototypes, Map, Similar, Edits, Audit, Data, Fit'],
  ['Esc', 'clear the selection, close a dialog'],
  ['e', 'export a report of the open model'],
  ['?', 'this list'],
];

function topBar(app: App): HTMLElement {
  const datasetSelect = h('select', { 'aria-label': 'Dataset', 'data-testid': 'top-dataset' });
  const modelSelect = h('select', { 'aria-label': 'Model', 'data-testid': 'top-model' });
  const verdictEl = h('span', { class: 'verdict', 'data-testid': 'top-verdict' });
  // The model list is the old dataset's until the new one has loaded: it waits, so no stale model is chosen.
  datasetSelect.addEventListener('change', () => {
    modelSelect.disabled = true;
    void app.project.openDataset(Number(datasetSelect.value)).finally(() => (modelSelect.disabled = false));
  });
  modelSelect.addEventListener('change', () => modelSelect.value && void app.project.openModel(Number(modelSelect.value)));
  const search = h('input', { type: 'search', placeholder: 'Search cases  /', 'aria-label': 'Search cases', role: 'combobox', 'aria-expanded': 'false', 'aria-controls': 'search-results', autocomplete: 'off', 'data-testid': 'search' });
  const results = h('ul', { id: 'search-results', role: 'listbox', class: 'search-results', hidden: true, 'aria-label': 'Cases found' });
  let token = 0;
  let timer = 0;
  /** The text the listed results were found for. */
  let shownFor = '';
  const choose = (row: number) => {
    app.selection.set({ row });
    results.hidden = true;
    search.setAttribute('aria-expanded', 'false');
    // The keys act on the case now (s: similar cases).
    search.blur();
  };
  const find = async (text: string) => {
    const my = ++token;
    const found = text.trim() ? await app.project.search(text).catch(() => []) : [];
    if (my !== token) return null;
    shownFor = text;
    results.replaceChildren(
      ...found.map((m, k) => {
        const li = h('li', { role: 'option', id: `search-${k}`, 'data-row': m.row, 'aria-selected': k === 0 ? 'true' : 'false' }, h('strong', {}, m.name ?? `#${m.row}`), m.name ? h('span', { class: 'muted' }, ` #${m.row}`) : '', m.label !== null ? h('span', { class: 'label-chip' }, m.label) : '', m.match === 'cell' ? h('span', { class: 'muted small' }, ` ${m.column}: ${m.value!.slice(0, 60)}`) : '');
        li.addEventListener('mousedown', (e) => {
          e.preventDefault();
          choose(m.row);
        });
        return li;
      }),
    );
    if (!found.length && text.trim()) results.append(h('li', { class: 'muted' }, 'No case matches.'));
    results.hidden = !text.trim();
    search.setAttribute('aria-expanded', String(!results.hidden));
    return found;
  };
  search.addEventListener('input', () => {
    clearTimeout(timer);
    const text = search.value;
    timer = window.setTimeout(() => void find(text), 120);
  });
  search.addEventListener('keydown', (e) => {
    const options = [...results.querySelectorAll<HTMLElement>('[role=option]')];
    const at = options.findIndex((o) => o.getAttribute('aria-selected') === 'true');
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = Math.max(0, Math.min(options.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)));
      options.forEach((o, k) => o.setAttribute('aria-selected', String(k === next)));
      if (options[next]) search.setAttribute('aria-activedescendant', options[next].id);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const text = search.value;
      // The list may still show an earlier text's results: only a list found for this text is chosen from.
      if (shownFor === text && options[Math.max(0, at)]) return choose(Number(options[Math.max(0, at)].dataset.row));
      clearTimeout(timer);
      void find(text).then((found) => found?.length && choose(found[0].row));
    } else if (e.key === 'Escape') {
      results.hidden = true;
      search.blur();
    }
  });
  search.addEventListener('blur', () => setTimeout(() => (results.hidden = true), 150));

  const render = () => {
    const { datasets, models, datasetId, modelId, model } = app.project.get();
    datasetSelect.replaceChildren(...(datasets.length ? datasets.map((d) => h('option', { value: d.id }, `${d.name} (${count(d.rows)})`)) : [h('option', { value: '' }, 'no data')]));
    datasetSelect.value = datasetId === null ? '' : String(datasetId);
    const own = models.filter((m) => m.datasetId === datasetId);
    modelSelect.replaceChildren(
      h('option', { value: '' }, own.length ? 'choose a model' : 'no model yet'),
      ...[...own].reverse().map((m) => h('option', { value: m.id, disabled: m.status === 'running' || m.status === 'failed' }, `Model ${m.id} · S ${m.params.S} · ${verdict(m.rhat, m.params.chains, m.status).text}`)),
    );
    modelSelect.value = modelId === null ? '' : String(modelId);
    if (model) {
      const v = verdict(model.rhat, model.params.chains, model.status);
      verdictEl.textContent = v.text;
      verdictEl.className = `verdict ${v.tone}`;
      verdictEl.title = v.why;
    } else verdictEl.textContent = '';
  };
  app.project.subscribe((a, b) => changed(a, b, 'datasets', 'models', 'datasetId', 'modelId', 'model') && render());
  render();
  return h(
    'header',
    { class: 'topbar' },
    h('span', { class: 'brand' }, 'Exemplar'),
    h('label', { class: 'top-field' }, h('span', { class: 'muted' }, 'Dataset'), datasetSelect),
    h('label', { class: 'top-field' }, h('span', { class: 'muted' }, 'Model'), modelSelect),
    verdictEl,
    button('Fit…', () => app.route.go('fit'), { 'data-testid': 'top-fit' }),
    h('div', { class: 'search', role: 'search' }, search, results),
    button('?', () => showHelp(), { class: 'icon', 'aria-label': 'Keyboard shortcuts', title: 'Keyboard shortcuts (?)' }),
  );
}

function rail(app: App): HTMLElement {
  const links = VIEWS.map((v) => {
    const a = h('a', { href: `#/${v}`, 'data-view': v }, TITLES[v]);
    a.addEventListener('click', (e) => {
      e.preventDefault();
      app.route.go(v);
    });
    return a;
  });
  const update = () => links.forEach((a) => (a.dataset.view === app.route.get().view ? a.setAttribute('aria-current', 'page') : a.removeAttribute('aria-current')));
  app.route.subscribe(update);
  update();
  return h('nav', { class: 'rail', 'aria-label': 'Views' }, ...links);
}

function statusLine(app: App): HTMLElement {
  const jobsEl = h('div', { class: 'jobs', 'aria-live': 'polite' });
  const provider = h('span', { class: 'muted', title: 'The onnxruntime provider that scored the last similar-case query' });
  const saved = h('span', { class: 'saved', 'data-testid': 'saved' });
  // One element per running job, kept while it runs and updated in place (a Cancel button rebuilt on each
  // progress event would lose a click that spans one).
  const shown = new Map<string, { el: HTMLElement; bar: HTMLElement; text: HTMLElement }>();
  const ready = h('span', { class: 'muted' }, 'Ready');
  const renderJobs = () => {
    const running = app.jobs.running();
    const ids = new Set(running.map((j) => j.jobId));
    for (const [id, x] of shown)
      if (!ids.has(id)) {
        x.el.remove();
        shown.delete(id);
      }
    for (const j of running) {
      let x = shown.get(j.jobId);
      if (!x) {
        const bar = progressBar(0, 1, j.title);
        const text = h('span', { class: 'muted small' });
        const el = h('span', { class: 'job', 'data-job': j.jobId }, h('span', {}, j.title), bar, text, button('Cancel', () => void app.project.api.cancel(j.jobId), { class: 'small' }));
        x = { el, bar, text };
        shown.set(j.jobId, x);
        jobsEl.append(el);
      }
      const left = secondsLeft(j);
      const pct = setProgress(x.bar, j.done, j.total);
      x.text.textContent = j.total ? `${Math.round(pct)}%${left !== null ? ` · ${duration(left)} left` : ''}` : '';
    }
    if (running.length) ready.remove();
    else if (!ready.isConnected) jobsEl.append(ready);
  };
  let last = 0;
  app.jobs.subscribe((j) => {
    const now = performance.now();
    if (j.status !== 'running' || now - last > 200) {
      last = now;
      renderJobs();
    }
  });
  app.status.subscribe((s) => {
    provider.textContent = s.provider ? `scoring: ${s.provider}` : '';
    saved.textContent = s.savedAt ? 'saved ✓' : '';
    saved.title = s.savedAt ? `Everything is in the project file (last write ${new Date(s.savedAt).toLocaleTimeString()})` : '';
  });
  renderJobs();
  return h('footer', { class: 'status-line' }, jobsEl, h('span', { class: 'spacer' }), provider, saved);
}

let helpDialog: HTMLDialogElement | null = null;
function showHelp(): void {
  if (!helpDialog) {
    helpDialog = h(
      'dialog',
      { class: 'help', 'aria-label': 'Keyboard shortcuts' },
      h('h2', {}, 'Keyboard'),
      h('table', {}, h('tbody', {}, ...KEYS.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, h('kbd', {}, k)), h('td', {}, v))))),
      h('form', { method: 'dialog' }, h('button', { class: 'primary' }, 'Close')),
    );
    document.body.append(helpDialog);
  }
  helpDialog.showModal();
}

export function mountShell(root: HTMLElement, app: App): void {
  // The first view is in the main bundle; the others load when first opened, so the first paint parses
  // less script (d3-zoom and d3-brush come with the Map, and so on).
  const loaders: Record<ViewName, () => Promise<View>> = {
    prototypes: async () => prototypesView(app),
    map: () => import('./map').then((m) => m.mapView(app)),
    similar: () => import('./similar').then((m) => m.similarView(app)),
    edits: () => import('./edits').then((m) => m.editsView(app)),
    audit: () => import('./audit').then((m) => m.auditView(app)),
    data: () => import('./data').then((m) => m.dataView(app)),
    fit: () => import('./fit').then((m) => m.fitView(app)),
  };
  const views = new Map<ViewName, Promise<View>>();
  const main = h('main', { class: 'main', id: 'main' });
  const view = (name: ViewName) => {
    let v = views.get(name);
    if (!v) {
      v = loaders[name]().then((loaded) => {
        loaded.hide();
        main.append(loaded.el);
        return loaded;
      });
      views.set(name, v);
    }
    return v;
  };
  const skip = h('a', { href: '#main', class: 'skip' }, 'Skip to the view');
  skip.addEventListener('click', (e) => {
    e.preventDefault();
    main.focus();
  });
  main.tabIndex = -1;
  root.replaceChildren(skip, topBar(app), h('div', { class: 'body' }, rail(app), main, inspector(app)), statusLine(app));
  root.classList.add('shell');

  let shown: ViewName | null = null;
  const show = async () => {
    const name = app.route.get().view;
    const next = await view(name).catch((e: unknown) => {
      views.delete(name);
      main.append(h('p', { class: 'error', role: 'alert' }, `This view could not load: ${(e as Error).message}`));
      return null;
    });
    // Another view may have been asked for while this one loaded.
    if (!next || app.route.get().view !== name) return;
    if (shown && shown !== name) (await views.get(shown))?.hide();
    shown = name;
    next.show();
    document.title = `${TITLES[name]} · Exemplar`;
  };
  app.route.subscribe((a, b) => changed(a, b, 'view') && void show());
  void show();

  // The desktop app's File ▸ Export Report… opens the same dialog.
  app.transport.onMenu?.((command) => command === 'report' && openReportDialog(app));

  // App-wide keys.
  let pendingG = false;
  document.addEventListener('keydown', (e) => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (pendingG) {
      pendingG = false;
      const go: Record<string, ViewName> = { p: 'prototypes', m: 'map', s: 'similar', e: 'edits', a: 'audit', d: 'data', f: 'fit' };
      if (go[e.key]) {
        e.preventDefault();
        app.route.go(go[e.key]);
      }
      return;
    }
    const row = app.selection.get().row;
    if (e.key === '/') {
      e.preventDefault();
      root.querySelector<HTMLInputElement>('input[type=search]')?.focus();
    } else if (e.key === '?') showHelp();
    else if (e.key === 'e') openReportDialog(app);
    else if (e.key === 'g') pendingG = true;
    else if (e.key === 's' && row !== null) {
      void app.similar.search({ row });
      app.route.go('similar');
    } else if (e.key === 'u') void app.edits.undo();
    else if (e.key === 'U') void app.edits.redo();
    else if (e.key === 'Escape') app.selection.set({ row: null, brushed: null, cluster: null });
  });
}
