// The placeholder page until the Explorer lands: the project's datasets and models, a fit form with live
// progress (sweeps and the log-joint chart, from job events), and the prototypes of the finished model.
// Every call is async and nothing waits on a timer: progress and the end of a fit arrive as JobEvents.
import type { DatasetInfo } from '../../shared/api';
import { logJointChart, type LogJointPoint } from '../charts/logJointChart';
import { type JobProgress, JobTracker } from '../state/jobs';
import type { Transport } from '../state/transport';
import { h } from './dom';
import { prototypesView } from './prototypes';

/** What `[data-testid=fit-status]` reads; e2e specs wait on `done`. */
export type FitStatus = 'idle' | 'starting' | 'running' | 'loading' | 'done' | 'failed' | 'cancelled';

const FIT_DEFAULTS = { prototypes: 4, iterations: 200, seed: 1 };

export function mountExplorer(root: HTMLElement, t: Transport): void {
  const { api } = t;
  const tracker = new JobTracker();
  t.onEvent((e) => tracker.apply(e));

  const datasets = h('ul', { 'data-testid': 'datasets' });
  const models = h('ul', { 'data-testid': 'models' });
  const datasetSelect = h('select', { name: 'dataset', 'data-testid': 'fit-dataset' });
  const numberInput = (name: keyof typeof FIT_DEFAULTS, min: number) =>
    h('input', { type: 'number', name, min, step: 1, required: true, value: FIT_DEFAULTS[name], 'data-testid': `fit-${name}` });
  const inputs = { prototypes: numberInput('prototypes', 1), iterations: numberInput('iterations', 1), seed: numberInput('seed', 0) };
  const submit = h('button', { type: 'submit', disabled: true, 'data-testid': 'fit-submit' }, 'Fit');
  const cancel = h('button', { type: 'button', disabled: true, 'data-testid': 'fit-cancel' }, 'Cancel');
  const status = h('span', { 'data-testid': 'fit-status' }, 'idle');
  const sweeps = h('span', { 'data-testid': 'fit-sweeps' }, '0');
  const chart = h('div', { 'data-testid': 'fit-chart' });
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'error' });
  const prototypes = h('div', { 'data-testid': 'prototypes-panel' }, h('p', { class: 'muted' }, 'Fit a model, or pick one, to see its prototypes.'));
  const form = h(
    'form',
    { 'data-testid': 'fit-form' },
    h('label', {}, 'Dataset ', datasetSelect),
    h('label', {}, 'Prototypes ', inputs.prototypes),
    h('label', {}, 'Iterations ', inputs.iterations),
    h('label', {}, 'Seed ', inputs.seed),
    submit,
    ' ',
    cancel,
  );

  root.replaceChildren(
    h('h1', {}, 'Exemplar'),
    h(
      'div',
      {},
      h('section', { 'data-testid': 'datasets-panel' }, h('h2', {}, 'Datasets'), datasets),
      h('section', { 'data-testid': 'models-panel' }, h('h2', {}, 'Models'), models),
    ),
    h(
      'div',
      {},
      h('section', { 'data-testid': 'fit-panel' }, h('h2', {}, 'Fit'), form, h('p', {}, 'Status: ', status, ' · sweeps ', sweeps), chart, error),
      h('section', {}, h('h2', {}, 'Prototypes'), prototypes),
    ),
  );

  const showError = (e: unknown) => (error.textContent = (e as Error).message);
  const setStatus = (s: FitStatus) => {
    status.textContent = s;
    const busy = s === 'starting' || s === 'running' || s === 'loading';
    submit.disabled = busy || !ready || !datasetSelect.value;
    cancel.disabled = s !== 'running';
  };
  const drawChart = (points: LogJointPoint[]) => chart.replaceChildren(logJointChart(points));

  let ready = false;
  let datasetList: DatasetInfo[] = [];
  async function refreshDatasets(): Promise<void> {
    datasetList = await api.listDatasets();
    datasets.replaceChildren(
      ...datasetList.map((d) => h('li', { 'data-testid': 'dataset-item', 'data-id': d.id }, `${d.name} — ${d.rows} cases, ${d.features.length} features`)),
    );
    if (!datasetList.length) datasets.append(h('li', { class: 'muted' }, 'No dataset: import one with `exemplar import`.'));
    datasetSelect.replaceChildren(...datasetList.map((d) => h('option', { value: d.id }, d.name)));
    datasetSelect.value = datasetList.length ? String(datasetList[datasetList.length - 1].id) : '';
    submit.disabled = !ready || !datasetList.length;
  }

  async function refreshModels(): Promise<void> {
    const list = await api.listModels();
    models.replaceChildren(
      ...list.map((m) =>
        h(
          'li',
          { 'data-testid': 'model-item', 'data-id': m.id, 'data-status': m.status },
          m.status === 'done' ? linkButton(`Model ${m.id}`, () => void showModel(m.id).catch(showError)) : `Model ${m.id}`,
          ` · ${m.status} · dataset ${m.datasetId}`,
        ),
      ),
    );
    if (!list.length) models.append(h('li', { class: 'muted' }, 'No model yet.'));
  }

  async function showModel(modelId: number): Promise<void> {
    const model = await api.getModel(modelId);
    drawChart(model.logLikelihood.map((logJoint, k) => ({ sweep: k + 1, logJoint })));
    // Prototypes are real cases: name them by the dataset's identifier column when it has one.
    const idColumn = datasetList.find((d) => d.id === model.datasetId)?.columns.find((c) => c.kind === 'identifier')?.name;
    const cases = idColumn ? await api.getCases(model.datasetId, model.prototypes.map((p) => p.row)) : [];
    const names = new Map(cases.map((c) => [c.row, c.values[idColumn!] ?? '']));
    prototypes.replaceChildren(prototypesView(model, names));
  }

  /** The fit this page started; its events drive the status. */
  let current: { jobId: string; modelId: number; finished: boolean } | null = null;

  function renderJob(job: JobProgress): void {
    const fit = current;
    if (!fit || job.jobId !== fit.jobId || fit.finished) return;
    sweeps.textContent = `${job.done} / ${job.total}`;
    if (job.status === 'running') {
      setStatus('running');
      drawChart(job.trace);
      return;
    }
    fit.finished = true;
    void refreshModels().catch(showError);
    if (job.status === 'done') {
      setStatus('loading');
      showModel(fit.modelId).then(
        () => setStatus('done'),
        (e: unknown) => {
          showError(e);
          setStatus('failed');
        },
      );
    } else {
      if (job.error) showError(new Error(job.error));
      setStatus(job.status);
    }
  }
  tracker.subscribe(renderJob);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.textContent = '';
    setStatus('starting');
    sweeps.textContent = '0';
    chart.replaceChildren();
    api
      .fit({
        datasetId: Number(datasetSelect.value),
        prototypes: inputs.prototypes.valueAsNumber,
        iterations: inputs.iterations.valueAsNumber,
        seed: inputs.seed.valueAsNumber,
      })
      .then((ref) => {
        current = { jobId: ref.jobId, modelId: ref.modelId!, finished: false };
        setStatus('running');
        void refreshModels().catch(showError);
        // Events that came before the id did are in the tracker already.
        const job = tracker.get(ref.jobId);
        if (job) renderJob(job);
      })
      .catch((err: unknown) => {
        showError(err);
        setStatus('failed');
      });
  });
  cancel.addEventListener('click', () => {
    if (current) void api.cancel(current.jobId).catch(showError);
  });

  void t.ready.then(() => {
    ready = true;
    submit.disabled = !datasetList.length;
    root.dataset.ready = 'true';
  });
  void refreshDatasets().catch(showError);
  void refreshModels().catch(showError);
}

function linkButton(label: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'link' }, label);
  b.addEventListener('click', onClick);
  return b;
}
