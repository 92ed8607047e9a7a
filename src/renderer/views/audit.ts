// Audit: the privacy audit of the open model, most serious first — the warnings as sentences, columns that
// could name a person, each prototype's k (how many cases share what it shows) with the fixes beside a
// warned one (pin a safer member, redact on export, coarser bins), near-duplicate cases, the cases the model
// explains worst, and on request the memorisation score by refits. It runs only when asked, and says when
// the model has changed since the audit shown.
import type { AuditReport, DatasetInfo, ModelView } from '../../shared/api';
import type { App } from '../state/app';
import { coarserColumns, type AuditEntry } from '../state/audit';
import { secondsLeft } from '../state/jobs';
import { changed } from '../state/store';
import { clusterName } from './cases';
import { button, empty, errorBox, h, progressBar, setProgress } from './dom';
import { count, duration, fixed, plural } from './format';
import { lazyView, type View } from './view';
import { reportButton } from './report-dialog';

/** How long the memorisation refits take, said before they start (the audit's refits: 10 draws × 2 halves). */
const REFITS = 20;

/** A case as a button that selects it (the inspector follows). */
function caseButton(app: App, row: number, name?: string | null): HTMLElement {
  return button(name ? [name, h('span', { class: 'muted' }, ` #${row}`)] : `#${row}`, () => app.selection.set({ row }), { class: 'link case-link', 'data-row': row, title: `Select case #${row}` });
}

function identifierName(app: App, row: number): string | null {
  const { dataset, prototypeCases } = app.project.get();
  const idColumn = dataset?.columns.find((c) => c.kind === 'identifier')?.name;
  return idColumn ? (prototypeCases.get(row)?.[idColumn] ?? null) : null;
}

function settingsForm(app: App, model: ModelView, dataset: DatasetInfo, entry: AuditEntry | null): HTMLElement {
  const s = app.audit.get();
  const chosen = s.quasi.get(model.id);
  const columns = dataset.columns.filter((c) => c.kind !== 'vector' && c.kind !== 'text');
  let touched = false;
  const boxes = columns.map((c) => {
    const box = h('input', { type: 'checkbox', value: c.name, checked: chosen?.includes(c.name) ?? false, 'data-testid': 'audit-quasi' });
    return h('label', { class: 'check', title: `${c.name}: ${c.kind}` }, box, c.name);
  });
  const k = h('input', { type: 'number', min: 2, step: 1, value: s.k.get(model.id) ?? entry?.report.k ?? 5, 'aria-label': 'Threshold k', 'data-testid': 'audit-k' });
  const busy = s.running !== null || s.memorization?.status === 'running';
  const run = h('button', { type: 'submit', class: 'primary', disabled: busy, 'data-testid': 'audit-run' }, entry ? 'Run the audit again' : 'Run the audit');
  const nChosen = chosen?.length ?? 0;
  const list = h('div', { class: 'checks' }, ...boxes);
  const form = h(
    'form',
    { class: 'panel audit-settings', 'aria-label': 'Audit settings' },
    h(
      'div',
      { class: 'setting-row' },
      h('strong', {}, 'Quasi-identifiers'),
      h(
        'span',
        { class: 'muted small' },
        chosen === undefined
          ? 'Columns someone could know about a person from elsewhere (age, sex, postcode, dates). Leave them unticked on the first run and the audit proposes them.'
          : `${plural(nChosen, 'column')} chosen: values someone could know about a person from elsewhere (age, sex, postcode, dates).`,
      ),
    ),
    columns.length > 24 ? h('details', {}, h('summary', {}, `${plural(columns.length, 'column')}${nChosen ? ` · ${nChosen} ticked` : ''}`), list) : list,
    h(
      'div',
      { class: 'setting-row' },
      h('label', {}, h('strong', {}, 'k'), k),
      h('span', { class: 'muted small' }, 'Warn when fewer than k cases share the values a prototype shows (5 is the usual floor).'),
      h('span', { class: 'spacer' }),
      run,
    ),
  );
  form.addEventListener('change', () => (touched = true));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (touched || chosen !== undefined) app.audit.setQuasi(model.id, boxes.map((b) => b.querySelector('input')!).filter((b) => b.checked).map((b) => b.value));
    const kv = Math.floor(Number(k.value));
    if (Number.isFinite(kv) && kv >= 2) app.audit.setK(model.id, kv);
    void app.audit.run();
  });
  return form;
}

/**
 * The warnings as short sentences, most serious first: columns that name people, then prototypes by k (a
 * prototype no other case shares before one that three share), then copies. The service's own sentences
 * name every column and the CLI's flags; here the columns are in the table below, the fixes beside them.
 */
export function warningSentences(r: AuditReport, nameOf: (row: number) => string | null = () => null): string[] {
  const out: string[] = [];
  for (const c of r.identifierColumns) out.push(`Column ${c.column} could name a person: ${c.reason}.`);
  const warned = r.prototypes.filter((p) => p.k < r.k).sort((a, b) => a.k - b.k || a.cluster - b.cluster);
  for (const p of warned) {
    const name = nameOf(p.row);
    const who = `Cluster ${p.cluster}’s prototype, ${name ? `${name} (#${p.row})` : `case #${p.row}`},`;
    // A categorical quasi-identifier is also its own feature: counted once.
    const n = new Set([...p.quasiIdentifiers, ...p.subspace]).size;
    const values = n ? `the ${n === 1 ? 'value' : `${n} values`} it shows` : 'its values';
    out.push(
      p.k === 1
        ? `${who} is the only case with ${values} (k = 1 < ${r.k}): anyone who knows them can tell it is that one.`
        : `${who} shares ${values} with only ${p.k - 1} other case${p.k > 2 ? 's' : ''} (k = ${p.k} < ${r.k}).`,
    );
  }
  // The service's sentence for copies is already short; it ends with its fix.
  const copies = r.warnings.find((w) => /^\d+ pairs? of cases/.test(w));
  if (copies) out.push(copies);
  return out;
}

function warningsPanel(app: App, r: AuditReport): HTMLElement {
  const sentences = warningSentences(r, (row) => identifierName(app, row));
  if (!sentences.length)
    return h('div', { class: 'panel audit-ok', 'data-testid': 'audit-warnings' }, h('p', {}, `No warnings: no column looks identifying, every prototype is shared by at least ${r.k} cases, and no two cases are near-copies.`));
  return h(
    'div',
    { class: 'panel audit-warnings', 'data-testid': 'audit-warnings', role: 'region', 'aria-label': 'Warnings' },
    h('h3', {}, `${plural(sentences.length, 'warning')}, most serious first`),
    h('ol', {}, ...sentences.map((w) => h('li', { 'data-testid': 'audit-warning' }, w))),
    h('p', { class: 'muted small' }, 'The fixes are beside each column and prototype below.'),
  );
}

function redactButton(app: App, columns: string[], what: string): HTMLElement {
  const redact = app.reportSettings.get().redact;
  const missing = columns.filter((c) => !redact.includes(c));
  if (!columns.length) return h('span', { class: 'muted small', title: 'This prototype shows no quasi-identifier column; its subspace features are what the model learnt, so pin another case or use coarser bins.' }, 'nothing to redact');
  if (!missing.length) return h('span', { class: 'muted small', 'data-testid': 'redacted' }, '✓ redacted on export');
  return button(missing.length <= 2 ? `Redact ${missing.join(', ')} on export` : `Redact ${missing.length} columns on export`, () => app.reportSettings.add(missing), {
    class: 'small',
    'data-testid': 'redact',
    title: `Leave ${missing.join(', ')} out of exported reports (${what}). The model keeps using them.`,
  });
}

function identifiersPanel(app: App, r: AuditReport): HTMLElement | null {
  if (!r.identifierColumns.length) return null;
  return h(
    'div',
    { class: 'panel', role: 'region', 'aria-label': 'Identifier-like columns', 'data-testid': 'audit-identifiers' },
    h('h3', {}, 'Columns that could name a person'),
    h('p', { class: 'muted small' }, 'These columns single people out on their own. Keep them out of anything you export.'),
    h(
      'table',
      { class: 'audit-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Column'), h('th', {}, 'Why'), h('th', {}, 'Fix'))),
      h('tbody', {}, ...r.identifierColumns.map((c) => h('tr', { 'data-column': c.column }, h('th', { scope: 'row' }, c.column), h('td', {}, c.reason), h('td', {}, redactButton(app, [c.column], 'it could name a person'))))),
    ),
  );
}

function prototypeFixes(app: App, r: AuditReport, p: AuditReport['prototypes'][number], model: ModelView, dataset: DatasetInfo): HTMLElement {
  const busy = app.edits.busy;
  const current = model.prototypes[p.cluster]?.row === p.row;
  const fixes = h('div', { class: 'fixes' });
  // Pin a member whose own k reaches the threshold.
  if (p.replacements.length)
    fixes.append(
      h(
        'span',
        { class: 'fix' },
        h('span', { class: 'small' }, 'Pin instead:'),
        ...p.replacements.map((x) =>
          button(`#${x.row} (k = ${x.k})`, () => void app.edits.apply({ kind: 'pin', cluster: p.cluster, row: x.row }), {
            class: 'small',
            disabled: busy || !current,
            'data-testid': 'audit-pin',
            'aria-label': `Pin case #${x.row} instead (k = ${x.k})`,
            title: `Make case #${x.row} — a typical member of cluster ${p.cluster}, whose shown values ${x.k} cases share — the prototype, and resample. Then run the audit again.`,
          }),
        ),
      ),
    );
  else fixes.append(h('span', { class: 'muted small', title: `None of the cluster's 50 most typical members is shared by ${r.k} cases on these values.` }, 'no member is safer to pin'));
  fixes.append(redactButton(app, p.quasiIdentifiers, `cluster ${p.cluster}'s prototype is shared by only ${p.k}`));
  const coarse = coarserColumns(dataset, p);
  if (coarse.length)
    fixes.append(
      button(`Coarser bins: ${coarse.map((c) => `${c.column} ${c.from} → ${c.to}`).join(', ')}`, () => void app.audit.coarsen(coarse), {
        class: 'small',
        disabled: app.audit.get().coarser?.status === 'running',
        'data-testid': 'audit-coarser',
        title: 'Re-import the data with these numeric columns in half as many bins, so more cases share each value (a new dataset; this one is kept). Then fit it.',
      }),
    );
  return fixes;
}

function prototypesPanel(app: App, r: AuditReport, model: ModelView, dataset: DatasetInfo): HTMLElement {
  const focus = app.selection.get().cluster;
  const order = [...r.prototypes].sort((a, b) => Number(b.k < r.k) - Number(a.k < r.k) || a.k - b.k || a.cluster - b.cluster);
  const warned = order.filter((p) => p.k < r.k).length;
  const rows = order.map((p) => {
    const bad = p.k < r.k;
    // A categorical quasi-identifier is also its own feature: shown once, as the quasi-identifier.
    const subspaceOnly = p.subspace.filter((f) => !p.quasiIdentifiers.includes(f));
    const shown = [...p.quasiIdentifiers.map((q) => h('span', { class: 'col-chip quasi', title: 'quasi-identifier' }, q)), ...subspaceOnly.slice(0, 4).map((f) => h('span', { class: 'col-chip', title: 'subspace feature' }, f))];
    return h(
      'tr',
      { class: `${bad ? 'warned' : ''}${focus === p.cluster ? ' current' : ''}`, 'data-cluster': p.cluster, 'data-testid': 'audit-prototype' },
      h('td', {}, clusterName(p.cluster, model)),
      h('td', {}, caseButton(app, p.row, identifierName(app, p.row))),
      h(
        'td',
        { class: 'num' },
        bad
          ? h('span', { class: 'k-badge', title: `Only ${p.k} case${p.k === 1 ? '' : 's'} share${p.k === 1 ? 's' : ''} the values shown; the threshold is ${r.k}.` }, `k = ${p.k} < ${r.k}`)
          : h('span', { class: 'k-ok', title: `${p.k} cases share the values shown` }, `k = ${count(p.k)}`),
      ),
      h('td', { class: 'shown' }, ...shown, subspaceOnly.length > 4 ? h('span', { class: 'muted small', title: subspaceOnly.slice(4).join(', ') }, ` +${subspaceOnly.length - 4} more`) : '', !shown.length ? h('span', { class: 'muted small' }, 'nothing specific') : ''),
      h('td', {}, bad ? prototypeFixes(app, r, p, model, dataset) : h('span', { class: 'muted small' }, 'no fix needed')),
    );
  });
  const table = h(
    'table',
    { class: 'audit-table prototypes-k' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Cluster'), h('th', {}, 'Prototype'), h('th', { class: 'num' }, 'k'), h('th', {}, 'Values shown'), h('th', {}, 'Fixes'))),
    h('tbody', {}, ...rows),
  );
  if (focus !== null) requestAnimationFrame(() => table.querySelector('tr.current')?.scrollIntoView({ block: 'nearest' }));
  return h(
    'div',
    { class: 'panel', role: 'region', 'aria-label': 'Prototypes and k', 'data-testid': 'audit-prototypes' },
    h('h3', {}, warned ? `${plural(warned, 'prototype')} of ${r.prototypes.length} could single someone out` : `All ${r.prototypes.length} prototypes are shared by at least ${r.k} cases`),
    h(
      'p',
      { class: 'muted small' },
      `A prototype is a real case, shown in full. k is how many cases (itself included) share every value it shows — its subspace features` +
        `${r.quasi.length ? ` and the quasi-identifiers ${r.quasi.join(', ')} (outlined)` : ''}. With k below ${r.k}, someone who knows those values about a person can narrow them down to fewer than ${r.k} cases.`,
    ),
    table,
  );
}

function redactionPanel(app: App): HTMLElement {
  const redact = app.reportSettings.get().redact;
  return h(
    'div',
    { class: 'panel redaction', role: 'region', 'aria-label': 'Redacted on export', 'data-testid': 'audit-redaction' },
    h('h3', {}, 'Redacted on export'),
    redact.length
      ? h(
          'ul',
          { class: 'chips' },
          ...redact.map((c) => h('li', { class: 'col-chip removable', 'data-column': c }, c, button('×', () => app.reportSettings.remove(c), { class: 'chip-remove', 'aria-label': `Stop redacting ${c}`, title: `Show ${c} in exported reports again` }))),
        )
      : h('p', { class: 'muted small' }, 'Nothing yet. “Redact on export” beside a warning adds its columns here; exported reports then leave their values out. The app itself still shows them.'),
  );
}

function coarserPanel(app: App): HTMLElement | null {
  const c = app.audit.get().coarser;
  if (!c) return null;
  const what = c.columns.map((x) => `${x.column} in ${x.to} bins`).join(', ');
  if (c.status === 'running') return h('p', { class: 'panel', role: 'status' }, `Re-importing the data with ${what}…`);
  if (c.status === 'failed') return errorBox(`The re-import failed: ${c.error}`);
  const d = c.dataset!;
  return h(
    'div',
    { class: 'panel notice', role: 'status', 'data-testid': 'audit-coarser-done' },
    h('p', {}, `A new dataset “${d.name}” was made with ${what}; this one is kept. A model fitted on it shows coarser values — audit that model to check.`),
    button('Fit a model on it…', () => void app.project.openDataset(d.id).then(() => app.route.go('fit')), { class: 'primary small', 'data-testid': 'audit-fit-new' }),
  );
}

function duplicatesPanel(app: App, r: AuditReport): HTMLElement {
  const shown = r.nearDuplicates.slice(0, 12);
  const row = (d: AuditReport['nearDuplicates'][number]) =>
    h('tr', {}, h('td', {}, caseButton(app, d.a)), h('td', {}, caseButton(app, d.b)), h('td', { class: d.differing ? '' : 'strong' }, d.differing ? `${plural(d.differing, 'feature')} differ` : 'identical'));
  const head = () => h('thead', {}, h('tr', {}, h('th', {}, 'Case'), h('th', {}, 'and case'), h('th', {}, '')));
  return h(
    'div',
    { class: 'panel', role: 'region', 'aria-label': 'Near-duplicates', 'data-testid': 'audit-duplicates' },
    h('h3', {}, 'Near-duplicate cases'),
    h(
      'p',
      { 'data-testid': 'audit-duplicate-count' },
      r.nearDuplicateCount
        ? `${plural(r.nearDuplicateCount, 'pair')} of cases differ in at most ${plural(r.maxDiffering, 'modelled feature')}; ${count(r.identicalCount)} ${r.identicalCount === 1 ? 'is' : 'are'} identical.`
        : `No two cases differ in fewer than ${r.maxDiffering + 1} modelled features.`,
    ),
    r.nearDuplicateCount ? h('p', { class: 'muted small' }, 'Copies of one person can leak between training and test (the model then looks better than it is), and a copy repeats what the original shows. Keep copies together on one side of a split, or drop them. Click a case to inspect it.') : '',
    shown.length ? h('table', { class: 'audit-table' }, head(), h('tbody', {}, ...shown.map(row))) : '',
    r.nearDuplicates.length > shown.length
      ? h('details', {}, h('summary', {}, `${r.nearDuplicates.length - shown.length} more listed${r.nearDuplicateCount > r.nearDuplicates.length ? ` (of ${count(r.nearDuplicateCount)} pairs)` : ''}`), h('table', { class: 'audit-table' }, h('tbody', {}, ...r.nearDuplicates.slice(shown.length).map(row))))
      : '',
  );
}

function criticismsPanel(app: App, r: AuditReport): HTMLElement {
  return h(
    'div',
    { class: 'panel', role: 'region', 'aria-label': 'Criticisms', 'data-testid': 'audit-criticisms' },
    h('h3', {}, 'Cases the model explains worst'),
    h('p', { class: 'muted small' }, 'Unusual cases stand out, and an unusual person is easier to recognise. Beside each: the values the model finds least likely, with how much each costs (lower log-likelihood per feature = worse explained).'),
    h(
      'table',
      { class: 'audit-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Case'), h('th', { class: 'num', title: 'Mean log-likelihood per feature' }, 'log-lik.'), h('th', {}, 'Penalised values'))),
      h(
        'tbody',
        {},
        ...r.criticisms.map((c) =>
          h(
            'tr',
            {},
            h('td', {}, caseButton(app, c.row)),
            h('td', { class: 'num' }, fixed(c.logLikelihood, 3)),
            h('td', {}, ...c.features.map((f) => h('span', { class: 'col-chip', title: `penalty ${fixed(f.penalty, 2)}` }, `${f.feature} = ${f.value}`))),
          ),
        ),
      ),
    ),
  );
}

function memorizationPanel(app: App, r: AuditReport | null, dataset: DatasetInfo, progress: { el: HTMLElement; bar: HTMLElement; text: HTMLElement }): HTMLElement {
  const s = app.audit.get();
  const m = s.memorization;
  const el = h('div', { class: 'panel', role: 'region', 'aria-label': 'Memorisation', 'data-testid': 'audit-memorization' }, h('h3', {}, 'Memorisation'));
  el.append(
    h(
      'p',
      { class: 'muted small' },
      `How much the model's prediction of a case's ${dataset.labelColumn ?? 'label'} depends on that very case being in the data (Feldman & Zhang): near 1, the model knows the case by heart, so what it shows can reveal it; near 0, it is typical. ` +
        `Estimating it refits the model about ${REFITS} times on random halves of the data — minutes on a large dataset.`,
    ),
  );
  if (!dataset.labelColumn) {
    el.append(h('p', { class: 'muted' }, 'Needs a label column: re-import the data with one.'));
    return el;
  }
  if (m?.status === 'running') {
    if (!m.jobId) {
      setProgress(progress.bar, 0, 1);
      progress.text.textContent = 'Starting the refits…';
    }
    el.append(progress.el);
    return el;
  }
  const busy = s.running !== null;
  el.append(h('div', { class: 'actions' }, button(r?.memorization ? 'Estimate again' : 'Estimate memorisation', () => void app.audit.memorize(), { disabled: busy, 'data-testid': 'audit-memorize' })));
  if (m?.status === 'cancelled') el.append(h('p', { class: 'muted', 'data-testid': 'audit-memorize-cancelled' }, 'Cancelled; nothing was kept.'));
  if (m?.status === 'failed') el.append(errorBox(m.error ?? 'The memorisation estimate failed.'));
  if (r?.memorization) {
    const top = r.memorization.slice(0, 10);
    el.append(
      h('h4', {}, 'Most memorised cases'),
      h(
        'table',
        { class: 'audit-table', 'data-testid': 'audit-memorized' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Case'), h('th', { class: 'num' }, 'score'), h('th', {}, ''))),
        h(
          'tbody',
          {},
          ...top.map((x) => {
            // Set through the CSSOM: the page's CSP refuses style attributes.
            const bar = h('span', { class: 'score-bar' });
            bar.style.width = `${Math.round(Math.max(0, Math.min(1, x.score)) * 120)}px`;
            return h('tr', {}, h('td', {}, caseButton(app, x.row)), h('td', { class: 'num' }, fixed(x.score, 3)), h('td', {}, bar));
          }),
        ),
      ),
    );
  }
  return el;
}

export function auditView(app: App): View {
  const el = h('section', { 'aria-label': 'Audit', class: 'view audit-view', 'data-testid': 'audit-view' });
  // Progress lines kept across renders and moved in place (a rebuilt Cancel button loses clicks).
  const memoBar = progressBar(0, 1, 'Memorisation progress');
  const memoText = h('span', { class: 'muted small', 'data-testid': 'audit-memorize-left' }, 'Starting the refits…');
  const memo = { bar: memoBar, text: memoText, el: h('div', { class: 'running', 'data-testid': 'audit-memorize-running' }, h('span', {}, 'Refitting'), memoBar, memoText, button('Cancel', () => void app.audit.cancelMemorization(), { 'data-testid': 'audit-memorize-cancel' })) };
  const editBar = progressBar(0, 1, 'Resampling progress');

  const render = () => {
    const { model, dataset, loaded } = app.project.get();
    if (!loaded) return el.replaceChildren(h('p', { class: 'muted' }, 'Loading the project…'));
    if (!model || !dataset || !model.prototypes.length)
      return el.replaceChildren(h('h2', {}, 'Audit'), empty('No model yet — fit one, then audit what its prototypes show.', button('Fit a model…', () => app.route.go('fit'), { class: 'primary' })));
    const s = app.audit.get();
    const entry = s.byModel.get(model.id) ?? null;
    const r = entry?.report ?? null;
    const running = s.running === model.id;
    const pending = app.edits.get().pending;
    el.replaceChildren(
      h(
        'div',
        { class: 'view-head' },
        h('div', { class: 'head-row' }, h('h2', {}, `Privacy audit of model ${model.id}`), reportButton(app)),
        h('p', { class: 'muted' }, 'What a reader of this model could learn about the people in the data: columns that name them, prototypes (real cases) few others resemble, copies, and outliers. Choose the columns someone could know from elsewhere, then run it.'),
      ),
      settingsForm(app, model, dataset, entry),
      running ? h('div', { class: 'running', role: 'status', 'data-testid': 'audit-running' }, h('progress', { 'aria-label': 'Auditing' }), h('span', {}, `Auditing model ${model.id}: reading every case…`)) : '',
      s.error ? errorBox(s.error, { 'data-testid': 'audit-error' }) : '',
      pending ? h('div', { class: 'running', role: 'status' }, h('span', {}, `Resampling: ${pending}`), editBar) : '',
      entry && app.audit.stale() && !pending
        ? h('p', { class: 'stale', role: 'status', 'data-testid': 'audit-stale' }, `This audit is of an earlier state of model ${model.id} — it has changed since (an edit, an undo or a longer run). `, button('Run it again', () => void app.audit.run(), { class: 'small', disabled: running }))
        : '',
      ...(r && entry
        ? [
            h('p', { class: 'muted small', 'data-testid': 'audit-meta' }, `Audited ${new Date(entry.at).toLocaleTimeString()} · threshold k = ${r.k} · quasi-identifiers: ${r.quasi.length ? r.quasi.join(', ') : 'none'}${r.quasiProposed ? ' (proposed by the audit)' : ''}`),
            warningsPanel(app, r),
            identifiersPanel(app, r) ?? '',
            prototypesPanel(app, r, model, dataset),
            coarserPanel(app) ?? '',
            redactionPanel(app),
            duplicatesPanel(app, r),
            criticismsPanel(app, r),
          ]
        : [running ? '' : h('p', { class: 'muted', 'data-testid': 'audit-none' }, 'No audit of this model yet.'), redactionPanel(app)]),
      memorizationPanel(app, r, dataset, memo),
    );
  };
  return lazyView(el, render, (inv) => {
    app.project.subscribe((a, b) => changed(a, b, 'model', 'dataset', 'loaded', 'prototypeCases') && inv());
    app.audit.subscribe(() => inv());
    app.reportSettings.subscribe(() => inv());
    app.edits.subscribe((a, b) => changed(a, b, 'jobId', 'pending') && inv());
    app.selection.subscribe((a, b) => changed(a, b, 'cluster') && inv());
    // Progress moves the kept bars only.
    app.jobs.subscribe((j) => {
      if (j.jobId === app.audit.get().memorization?.jobId) {
        const pct = setProgress(memoBar, j.done, j.total || 1);
        const left = secondsLeft(j);
        memoText.textContent = `refit ${j.done} of ${j.total || REFITS} · ${Math.round(pct)}%${left !== null ? ` · ${duration(left)} left` : ''}`;
      }
      if (j.jobId === app.edits.get().jobId) setProgress(editBar, j.done, j.total || 1);
    });
  });
}
