// The report dialog: which sections, which formats, which columns to leave out; then one download. Opened by
// the "Report…" button of every view, the `e` key, and File ▸ Export Report… in the desktop app.
import { REPORT_FORMATS, REPORT_SECTIONS, type ReportFormat, type ReportSection, SECTION_TITLES } from '../../shared/report/types';
import type { App } from '../state/app';
import { button, h, progressBar, setProgress } from './dom';

const SECTION_HINTS: Record<ReportSection, string> = {
  data: 'columns, kinds and distributions',
  model: 'settings, seed, chains, R̂ and trace; fingerprints and the command that repeats the fit',
  prototypes: 'each prototype with its subspace (P(ω = 1), φ) and picture',
  clusters: 'cluster sizes and label mixes',
  accuracy: 'how well π predicts the label',
  criticisms: 'the cases the model explains worst, and why',
  similar: 'the rankings you pinned in the Similar view, with explanations and grades',
  ranker: 'ranking metrics before and after learning, and the learned weights',
  audit: 'identifying columns, prototype k-anonymity, near-duplicates',
};

const FORMAT_NAMES: Record<ReportFormat, [string, string]> = {
  html: ['HTML', 'one self-contained file; opens offline and prints on A4'],
  pdf: ['PDF', 'for e-mail and print'],
  md: ['Markdown', 'for a wiki, with the charts as SVG files beside it'],
  json: ['JSON', 'every number, for scripts'],
  csv: ['CSV', 'π and the cluster of every case'],
};

let dialog: HTMLDialogElement | null = null;

/** The "Report…" button a view puts in its head. */
export function reportButton(app: App): HTMLButtonElement {
  // Always enabled: the dialog itself says when the open model cannot be reported yet (the button lives in
  // views that do not redraw when the model changes).
  return button('Report…', () => openReportDialog(app), { 'data-testid': 'report-button', title: 'Export a report of the open model (e)' });
}

export function openReportDialog(app: App): void {
  const { model, dataset } = app.project.get();
  dialog?.remove();
  if (!model || !dataset || model.status !== 'done') {
    const why = !model ? 'No model is open: fit one, or choose one in the top bar.' : `Model ${model.id} is ${model.status}: a report is made of a finished fit${model.status === 'interrupted' || model.status === 'cancelled' ? ' (continue it in the Fit view)' : ''}.`;
    dialog = h('dialog', { class: 'help report-dialog', 'aria-label': 'Export a report', 'data-testid': 'report-dialog' }, h('div', { class: 'report-form' }, h('h2', {}, 'Report'), h('p', { role: 'status' }, why), h('form', { method: 'dialog', class: 'actions' }, h('button', { class: 'primary' }, 'Close'))));
    document.body.append(dialog);
    dialog.showModal();
    return;
  }
  const box = (name: string, value: string, checked: boolean, label: Node | string, hint: string) =>
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value, checked }), h('span', {}, label, hint ? h('span', { class: 'muted' }, ` — ${hint}`) : ''));
  const pins = h('span', { class: 'muted', 'data-testid': 'report-pins' });
  void app.project.api.listPins(model.id).then((p) => (pins.textContent = ` (${p.length} pinned)`), () => {});
  const redactKeep = new Set(app.reportSettings.get().redact);
  // The columns a person could be named by come first; an image's pixels, which name nobody, last.
  const pixels = new Set(dataset.image?.columns ?? []);
  const rank = (c: { name: string; kind: string }) => (pixels.has(c.name) ? 3 : c.kind === 'identifier' ? 0 : c.kind === 'numeric' || c.kind === 'vector' ? 2 : 1);
  const columns = dataset.columns.filter((c) => c.kind !== 'ignored').sort((a, b) => rank(a) - rank(b));
  const status = h('div', { class: 'report-status', role: 'status' });
  const bar = progressBar(0, 1, 'Report progress');
  bar.hidden = true;
  const exportButton = button('Export', () => void run(), { class: 'primary', 'data-testid': 'report-export' });
  const cancel = button('Cancel', () => (app.report.get().jobId ? app.report.cancel() : dialog!.close()), { 'data-testid': 'report-cancel' });

  const form = h(
    'form',
    { class: 'report-form' },
    h('h2', {}, `Report of model ${model.id}`),
    h('p', { class: 'muted' }, `For readers who will never open Exemplar: what the model learned from ${dataset.name}, with the app’s own charts.`),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Sections'),
      ...REPORT_SECTIONS.map((s) => box('section', s, true, s === 'similar' ? h('span', {}, SECTION_TITLES[s], pins) : SECTION_TITLES[s], SECTION_HINTS[s])),
    ),
    h('fieldset', {}, h('legend', {}, 'Formats'), ...REPORT_FORMATS.map((f) => box('format', f, f === 'html', FORMAT_NAMES[f][0], FORMAT_NAMES[f][1]))),
    h(
      'fieldset',
      { class: 'redact' },
      h('legend', {}, 'Leave out the values of'),
      h('p', { class: 'muted small' }, redactKeep.size ? `Left out now: ${[...redactKeep].join(', ')}. ` : '', 'A redacted column’s values appear in no file (names, quasi-identifiers). The Audit view proposes which.'),
      h('div', { class: 'redact-columns' }, ...columns.map((c) => box('redact', c.name, redactKeep.has(c.name), c.name, c.kind))),
    ),
  );
  // The buttons and the progress stay in view however long the column list is.
  const foot = h('div', { class: 'report-foot' }, bar, status, h('div', { class: 'actions' }, cancel, exportButton));
  const shell = h('div', { class: 'report-shell' }, form, foot);
  dialog = h('dialog', { class: 'help report-dialog', 'aria-label': 'Export a report', 'data-testid': 'report-dialog' }, shell);
  document.body.append(dialog);

  form.addEventListener('submit', (e) => e.preventDefault());
  const checked = (name: string) => [...form.querySelectorAll<HTMLInputElement>(`input[name=${name}]:checked`)].map((i) => i.value);
  const sync = () => {
    exportButton.disabled = !checked('section').length || !checked('format').length || app.report.get().jobId !== null;
  };
  form.addEventListener('change', sync);
  sync();

  const offJobs = app.jobs.subscribe((j) => {
    if (j.jobId !== app.report.get().jobId) return;
    bar.hidden = false;
    setProgress(bar, j.done, j.total || 1);
    status.textContent = j.status === 'running' ? `Writing the report… ${j.phase ? `(${j.done} of ${j.total} steps)` : ''}` : '';
  });
  const offReport = app.report.subscribe((r) => {
    sync();
    cancel.textContent = r.jobId ? 'Stop' : 'Close';
    if (r.error) status.replaceChildren(h('span', { class: 'error', role: 'alert' }, r.error));
    else if (r.saved) status.replaceChildren(h('span', {}, `Saved ${r.saved.name}${r.saved.files.length > 1 ? ` (${r.saved.files.length} files)` : ''}.`));
  });
  dialog.addEventListener('close', () => {
    offJobs();
    offReport();
  });

  async function run() {
    const redact = checked('redact');
    app.reportSettings.replace(redact);
    bar.hidden = false;
    setProgress(bar, 0, 1);
    await app.report.export({ sections: checked('section') as ReportSection[], formats: checked('format') as ReportFormat[], redact });
    bar.hidden = true;
  }
  cancel.textContent = 'Close';
  dialog.showModal();
}
