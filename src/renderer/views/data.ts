// Data (Weka Explorer's Preprocess tab): the datasets, importing a file (upload and import progress; a bad
// file's error shown at its line), the schema — each column's kind (editable, then re-import), why it was
// inferred, distinct and missing counts, bins and a small histogram — and the cases, in a virtualised table.
import { histogram } from '../../shared/charts';
import { COLUMN_KINDS, type ColumnStats, type DatasetInfo } from '../../shared/api';
import type { ColumnKind, ColumnSpec } from '../../shared/data';
import type { App } from '../state/app';
import type { ImportFailure } from '../state/imports';
import { changed } from '../state/store';
import { button, h, progressBar, setProgress, svgNode } from './dom';
import { count, plural } from './format';
import { caseTable, type CaseTable } from './table';
import { lazyView, type View } from './view';
import { reportButton } from './report-dialog';

const KIND_HELP: Record<ColumnKind, string> = {
  categorical: 'one feature, one value per distinct text',
  numeric: 'one feature, in bins',
  boolean: 'true / false',
  set: 'one feature per item of a list',
  text: 'one feature per frequent word',
  vector: 'a dense vector, for similarity only',
  identifier: 'names the case; not modelled',
  label: 'kept to evaluate; not modelled',
  ignored: 'left out',
};

/** The bad line of a file, its field (or byte) marked. */
function failureView(f: ImportFailure): HTMLElement {
  const el = h('div', { class: 'import-failure', role: 'alert', 'data-testid': 'import-error' }, h('p', { class: 'error' }, f.message));
  if (!f.context.length) return el;
  const delimiter = (text: string) => [',', '\t', ';', '|'].map((d) => [d, text.split(d).length] as const).sort((a, b) => b[1] - a[1])[0][0];
  let field = typeof f.column === 'number' ? f.column : null;
  if (typeof f.column === 'string' && f.header) field = f.header.split(delimiter(f.header)).findIndex((c) => c.replace(/^"|"$/g, '') === f.column) + 1 || null;
  const lines = f.context.map(({ line, text }) => {
    const bad = line === f.line;
    let content: (HTMLElement | string)[] = [text];
    if (bad && field !== null) {
      const d = delimiter(text);
      const parts = text.split(d);
      if (field <= parts.length) content = parts.flatMap((p, k) => [k ? d : '', k + 1 === field ? h('mark', { title: `field ${field}` }, p || ' ') : p]);
      else content = [text, h('mark', { title: `field ${field} (missing)` }, ' ⟵ ')];
    }
    return h('div', { class: `code-line${bad ? ' bad' : ''}`, 'data-line': line }, h('span', { class: 'line-no' }, String(line)), h('code', {}, ...content));
  });
  el.append(h('div', { class: 'code', 'aria-label': `Lines ${f.context[0].line}–${f.context[f.context.length - 1].line} of the file` }, ...lines));
  return el;
}

function importPanel(app: App): { el: HTMLElement; update(): void } {
  const file = h('input', { type: 'file', accept: '.csv,.tsv,.txt,.arff,.jsonl,.ndjson,.json', 'aria-label': 'File to import', 'data-testid': 'import-file' });
  const name = h('input', { type: 'text', placeholder: 'the file’s name', 'aria-label': 'Dataset name', 'data-testid': 'import-name' });
  const label = h('input', { type: 'text', list: 'import-columns', placeholder: 'none', 'aria-label': 'Label column', 'data-testid': 'import-label' });
  const columns = h('datalist', { id: 'import-columns' });
  const kinds = h('input', { type: 'text', placeholder: 'e.g. px_*=numeric:edges=8', 'aria-label': 'Kinds', 'data-testid': 'import-kinds', title: 'COLUMN=KIND[:option=value,…], separated by spaces; * matches any characters' });
  const go = h('button', { type: 'submit', class: 'primary', 'data-testid': 'import-submit' }, 'Import');
  // The header line, read here, offers the columns for the label.
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (!f) return;
    if (!name.value) name.placeholder = f.name;
    void f.slice(0, 64 * 1024).text().then((text) => {
      const first = text.split(/\r?\n/)[0] ?? '';
      const d = [',', '\t', ';', '|'].map((x) => [x, first.split(x).length] as const).sort((a, b) => b[1] - a[1])[0][0];
      columns.replaceChildren(...first.split(d).map((c) => h('option', { value: c.replace(/^"|"$/g, '').trim() })));
    });
  });
  const form = h(
    'form',
    { class: 'import-form', 'aria-label': 'Import a file', 'data-testid': 'import-form' },
    h('label', {}, 'File ', file),
    h('label', {}, 'Name ', name),
    h('label', {}, 'Label column ', label, columns),
    h('label', {}, 'Kinds ', kinds),
    go,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = file.files?.[0];
    if (!f && app.transport.kind !== 'electron') return file.focus();
    const overrides: Record<string, Partial<ColumnSpec>> = {};
    for (const spec of kinds.value.trim().split(/\s+/).filter(Boolean)) {
      const m = /^([^=]+)=([a-z]+)(?::(.*))?$/.exec(spec);
      if (!m) continue;
      const o: Partial<ColumnSpec> = { kind: m[2] as ColumnKind };
      for (const opt of (m[3] ?? '').split(',').filter(Boolean)) {
        const [k, v] = opt.split('=');
        if (k === 'edges') o.edges = v.split('|').map(Number);
        else if (k === 'bins') o.bins = Number(v);
        else if (k === 'delimiter') o.delimiter = v;
        else if (k === 'vocabulary') o.vocabularyCap = Number(v);
      }
      overrides[m[1]] = o;
    }
    void app.imports.importFile(f, { name: name.value.trim(), label: label.value.trim(), overrides: Object.keys(overrides).length ? overrides : undefined });
  });
  // Drop a file anywhere on the panel.
  const panel = h('div', { class: 'panel import-panel', 'data-testid': 'import-panel' }, h('h3', {}, 'Import a file'), h('p', { class: 'muted small' }, 'CSV or TSV, ARFF, or JSON Lines. Kinds are inferred; name a label column to evaluate against it. Drop a file here or choose one.'), form);
  panel.addEventListener('dragover', (e) => e.preventDefault());
  panel.addEventListener('drop', (e) => {
    e.preventDefault();
    const f = e.dataTransfer?.files[0];
    if (f) void app.imports.importFile(f, { name: name.value.trim(), label: label.value.trim() });
  });
  const status = h('div', { class: 'import-status' });
  panel.append(status);
  const update = () => {
    const s = app.imports.get();
    go.disabled = s.status === 'uploading' || s.status === 'importing';
    // While importing, the progress line stays the same element and is updated in place: a Cancel button
    // rebuilt on every progress event would lose a click that spans one.
    const st = app.imports.get();
    const job = st.jobId ? app.jobs.get(st.jobId) : undefined;
    const live = status.firstElementChild as HTMLElement | null;
    if (st.status === 'importing' && live?.dataset.importJob === String(st.jobId)) {
      live.querySelector('.import-phase')!.textContent = importPhase(st.fileName, job?.phase);
      setProgress(live.querySelector<HTMLElement>('[data-testid=import-progress]')!, job?.done ?? 0, job?.total ?? 0);
      return;
    }
    status.replaceChildren(importStatus(app));
  };
  update();
  return { el: panel, update };
}

const importPhase = (file: string | null | undefined, phase: string | undefined) =>
  `Importing ${file ?? ''}: ${phase ? ({ scan: 'reading and inferring kinds', vocabulary: 'collecting items', encode: 'encoding cases', copy: 'copying rows' } as Record<string, string>)[phase] ?? phase : 'starting'}`;

function importStatus(app: App): HTMLElement | string {
  const s = app.imports.get();
  const job = s.jobId ? app.jobs.get(s.jobId) : undefined;
  if (s.status === 'uploading') return (h('div', { class: 'import-progress' }, h('span', {}, `Sending ${s.fileName ?? 'the file'}…`), progressBar(s.sent, s.total || 1, 'Upload progress', { 'data-testid': 'import-progress' })));
  if (s.status === 'importing')
    return (
      h(
        'div',
        { class: 'import-progress', 'data-import-job': String(s.jobId) },
        h('span', { class: 'import-phase' }, importPhase(s.fileName, job?.phase)),
        progressBar(job?.done ?? 0, job?.total || 1, 'Import progress', { 'data-testid': 'import-progress' }),
        button('Cancel', () => void app.imports.cancel()),
      )
    );
  if (s.status === 'failed' && s.failure) return failureView(s.failure);
  if (s.status === 'done' && s.imported) return h('p', { class: 'saved', role: 'status', 'data-testid': 'import-done' }, `Imported “${s.imported.name}”: ${plural(s.imported.rows, 'case')}, ${plural(s.imported.features.length, 'feature')}.`);
  if (s.status === 'cancelled') return h('p', { class: 'muted' }, 'Import cancelled; nothing was written.');
  return '';
}

function schemaPanel(app: App, d: DatasetInfo, stats: ColumnStats[] | null): HTMLElement {
  const kinds = new Map<string, ColumnKind>();
  const reimport = button('Re-import with these kinds', () => {
    const overrides: Record<string, Partial<ColumnSpec>> = {};
    let label: string | undefined;
    for (const [col, kind] of kinds) {
      if (kind === 'label') label = col;
      else overrides[col] = { kind };
    }
    void app.imports.reimport(d.id, overrides, label);
  }, { class: 'primary', disabled: true, 'data-testid': 'reimport' });
  const byName = new Map((stats ?? []).map((s) => [s.column, s]));
  const features = (col: string) => d.features.filter((f) => f.column === col);
  const rows = d.columns.map((c, k) => {
    const summary = d.summaries[k];
    const st = byName.get(c.name);
    const select = h('select', { 'aria-label': `Kind of ${c.name}`, 'data-column': c.name }, ...COLUMN_KINDS.map((kind) => h('option', { value: kind, title: KIND_HELP[kind] }, kind)));
    select.value = c.kind;
    select.addEventListener('change', () => {
      if (select.value === c.kind) kinds.delete(c.name);
      else kinds.set(c.name, select.value as ColumnKind);
      reimport.disabled = kinds.size === 0;
      reimport.textContent = kinds.size ? `Re-import with ${plural(kinds.size, 'changed kind')}` : 'Re-import with these kinds';
    });
    const fs = features(c.name);
    const bins = c.kind === 'numeric' && fs[0] ? fs[0].values.join(' · ') : c.kind === 'set' || c.kind === 'text' ? plural(fs.length, 'item') : c.kind === 'categorical' || c.kind === 'boolean' ? plural(fs[0]?.values.length ?? 0, 'value') : '';
    return h(
      'tr',
      { 'data-column': c.name },
      h('th', { scope: 'row' }, c.name),
      h('td', {}, select),
      h('td', { class: 'muted small' }, summary?.reason ?? ''),
      h('td', { class: 'num' }, count(summary?.distinct ?? 0)),
      h('td', { class: `num${summary?.missing ? '' : ' muted'}` }, count(summary?.missing ?? 0)),
      h('td', { class: 'small' }, bins),
      h('td', {}, st && st.bins.length ? svgNode(histogram(st.bins, { width: 160, height: 36, missing: st.missing || undefined, title: `${c.name}: ${st.bins.length} ${c.kind === 'numeric' ? 'bins' : 'values'}${st.more ? `, ${st.more} more` : ''}` })) : ''),
    );
  });
  return h(
    'div',
    { class: 'panel schema', 'data-testid': 'schema' },
    h('div', { class: 'toolbar' }, h('h3', {}, `Columns of “${d.name}”`), reimport),
    h('p', { class: 'muted small' }, `${plural(d.rows, 'case')} · ${plural(d.columns.length, 'column')} · ${plural(d.features.length, 'modelled feature')}${d.labelColumn ? ` · label: ${d.labelColumn}` : ''}. Change a kind and re-import: a new dataset is made from the same rows, this one is kept.`),
    d.warnings.length ? h('ul', { class: 'warnings' }, ...d.warnings.map((w) => h('li', {}, w))) : '',
    h(
      'div',
      { class: 'table-wrap' },
      h('table', { class: 'schema-table' }, h('thead', {}, h('tr', {}, h('th', {}, 'Column'), h('th', {}, 'Kind'), h('th', {}, 'Why'), h('th', {}, 'Distinct'), h('th', {}, 'Missing'), h('th', {}, 'Bins / values'), h('th', {}, 'Distribution'))), h('tbody', {}, ...rows)),
    ),
  );
}

function datasetsPanel(app: App): HTMLElement {
  const { datasets, datasetId } = app.project.get();
  return h(
    'div',
    { class: 'panel' },
    h('h3', {}, 'Datasets'),
    datasets.length
      ? h(
          'table',
          { class: 'datasets', 'data-testid': 'datasets' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Cases'), h('th', {}, 'Features'), h('th', {}, 'Label'), h('th', {}, 'Format'), h('th', {}, ''))),
          h(
            'tbody',
            {},
            ...[...datasets].reverse().map((d) =>
              h(
                'tr',
                { 'data-testid': 'dataset-item', 'data-id': d.id, class: d.id === datasetId ? 'current' : '', 'aria-current': d.id === datasetId ? 'true' : undefined },
                h('th', { scope: 'row' }, d.name, d.id === datasetId ? h('span', { class: 'badge' }, 'open') : ''),
                h('td', { class: 'num' }, count(d.rows)),
                h('td', { class: 'num' }, count(d.features.length)),
                h('td', {}, d.labelColumn ?? h('span', { class: 'muted' }, 'none')),
                h('td', { class: 'muted small' }, d.format),
                h('td', {}, d.id !== datasetId ? button('Open', () => void app.project.openDataset(d.id), { class: 'small' }) : ''),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No data yet: import a file.'),
  );
}

export function dataView(app: App): View {
  const el = h('section', { 'aria-label': 'Data', class: 'view data-view', 'data-testid': 'data-view' });
  let table: CaseTable | null = null;
  let tableFor: DatasetInfo | null = null;
  const imports = importPanel(app);
  const importSlot = imports.el;
  const renderImport = () => imports.update();
  const render = () => {
    const { dataset, stats } = app.project.get();
    renderImport();
    if (tableFor !== dataset) {
      table?.destroy();
      table = null;
      tableFor = dataset;
      if (dataset) {
        // Room by kind: a text's first words, a set's first items, a name; numbers and categories are short.
        const WIDTH: Partial<Record<ColumnKind, number>> = { text: 440, set: 300, identifier: 200, numeric: 64 };
        table = caseTable({
          n: dataset.rows,
          columns: dataset.columns.map((c) => ({ name: c.name, width: WIDTH[c.kind] ?? 110, numeric: c.kind === 'numeric' })),
          fetch: (rows) => app.project.api.getCases(dataset.id, rows),
          selection: app.selection,
          label: `Cases of ${dataset.name}`,
        });
      }
    }
    el.replaceChildren(
      h('div', { class: 'view-head' }, h('div', { class: 'head-row' }, h('h2', {}, 'Data'), reportButton(app)), dataset ? h('p', { class: 'muted' }, `“${dataset.name}” from ${dataset.source || 'an import'}`) : ''),
      h('div', { class: 'two-col data-top' }, datasetsPanel(app), importSlot),
      dataset ? schemaPanel(app, dataset, stats?.columns ?? null) : '',
      dataset && table ? h('div', { class: 'panel' }, h('h3', {}, `Cases (${count(dataset.rows)})`), h('p', { class: 'muted small' }, 'Click a row to inspect the case; j/k or the arrow keys move through them.'), table.el) : '',
    );
  };
  return lazyView(el, render, (inv) => {
    app.project.subscribe((a, b) => changed(a, b, 'datasets', 'dataset', 'stats', 'datasetId') && inv());
    app.imports.subscribe(() => !el.hidden && renderImport());
    app.jobs.subscribe((j) => j.jobId === app.imports.get().jobId && !el.hidden && renderImport());
  });
}
