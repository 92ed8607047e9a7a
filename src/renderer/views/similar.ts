// Similar cases (CloodCBR's ranked results, myCBR's explanations): for the selected case or a partly filled
// form, the ranked list with each score split into contributions that sum to it, the prototype both cases
// share, and where they differ. Each result is graded 0–3 (keys 0–3 on the focused result), saved at once;
// "Learn from my grades" trains the ranker and shows the metrics before and after and the learned weights;
// a toggle switches between the model's ranking and the learned one.
import { contributionBar, metricsBars, weightBars } from '../../shared/charts';
import type { SimilarResult } from '../../shared/api';
import type { App } from '../state/app';
import { changed } from '../state/store';
import { caseTitle, clusterName, picture, prose } from './cases';
import { button, empty, errorBox, h, svgNode } from './dom';
import { featureLabel, fixed, plural } from './format';
import { listKeys, typing } from './keys';
import { reportButton } from './report-dialog';
import { lazyView, type View } from './view';

const GRADES = ['0 · not similar', '1 · a little', '2 · similar', '3 · very similar'];

/** What the cross-validated NDCG@10 before and after says, in a sentence. */
export function rankVerdict(before: number, after: number, queries: number): string {
  const change = `NDCG@10 ${before.toFixed(2)} → ${after.toFixed(2)}, on queries it was not trained on`;
  if (after > before + 0.01) return `The learned ranking puts the cases you graded relevant higher (${change}).`;
  if (after < before - 0.01) return `With these grades the learned ranking does worse than the model's (${change}): grade more queries${queries < 5 ? ` (${queries} so far)` : ''}, and keep the model's ranking until it helps.`;
  return `The learned ranking ranks about as well as the model's (${change}).`;
}

function gradeButtons(app: App, r: SimilarResult, current: number | undefined, gradable: boolean): HTMLElement {
  return h(
    'div',
    { class: 'grades', role: 'radiogroup', 'aria-label': `Grade case #${r.row}` },
    ...GRADES.map((label, g) =>
      button(String(g), () => void app.similar.grade(r.row, g), {
        role: 'radio',
        'aria-checked': String(current === g),
        class: `grade grade-${g}`,
        title: label,
        'aria-label': label,
        disabled: !gradable,
        'data-testid': `grade-${g}`,
      }),
    ),
  );
}

/** Whether at least half the cases have this value of the feature. */
function common(app: App, feature: string, value: string): boolean {
  const { model, stats } = app.project.get();
  const j = model?.features.indexOf(feature) ?? -1;
  if (j < 0 || !model || !stats) return value === 'absent' || value === 'false';
  const v = model.featureValues[j].indexOf(value);
  return v >= 0 && (stats.frequency[j]?.[v] ?? 0) >= 0.5;
}

function resultRow(app: App, r: SimilarResult, rank: number, top: number, values: Record<string, string | null>, gradable: boolean): HTMLElement {
  const { model, dataset } = app.project.get();
  const grade = app.similar.get().grades.get(r.row);
  const idColumn = dataset?.columns.find((c) => c.kind === 'identifier')?.name;
  const pic = picture(app, values, { cluster: r.sharedCluster, width: 56, row: r.row });
  const differs = r.mismatched.slice(0, 6).map(featureLabel);
  // What the two cases share, the heaviest first, leaving out values most cases have (an absent item, a
  // blank pixel): sharing those says little.
  const shared = r.contributions
    .filter((c) => c.kind === 'matched' && c.weight > 0 && c.queryValue !== undefined && !common(app, c.feature, c.queryValue))
    .sort((a, b) => b.weight - a.weight);
  // Text is read, not listed: the start of each text column, the words the case shares with the query bold.
  const sharedWords = new Set(r.contributions.filter((c) => c.kind === 'matched' && c.weight > 0).map((c) => c.feature));
  const texts = (dataset?.columns ?? [])
    .filter((c) => c.kind === 'text' && values[c.name])
    .map((c) => {
      const p = prose(values[c.name]!, (w) => sharedWords.has(`${c.name}=${w}`), 'shared with the query', true);
      p.classList.add('snippet');
      return p;
    });
  const li = h(
    'li',
    { class: 'result', tabindex: 0, 'data-testid': 'similar-result', 'data-row': r.row, 'aria-label': `Rank ${rank}: case #${r.row}, score ${fixed(r.score)}${grade !== undefined ? `, graded ${grade}` : ''}` },
    h('span', { class: 'rank' }, String(rank)),
    h('div', { class: 'result-case' }, pic, h('div', {}, caseTitle(r.row, idColumn ? values[idColumn] : null, r.label, dataset?.labelColumn))),
    h(
      'div',
      { class: 'result-why' },
      svgNode(contributionBar(r.contributions, r.score, { max: top, width: 320 }), { class: 'chart contribution', title: 'Score split into what each feature contributed; the parts sum to the score' }),
      ...texts,
      h(
        'div',
        { class: 'small' },
        h('span', { class: 'muted' }, 'shares '),
        clusterName(r.sharedCluster, model),
        h('span', { class: 'muted' }, ` (prototype #${r.sharedPrototype})`),
      ),
      shared.length ? h('div', { class: 'small same' }, `same ${shared.slice(0, 6).map((c) => (c.feature.includes('=') ? featureLabel(c.feature) : `${c.feature} = ${c.queryValue}`)).join(', ')}${shared.length > 6 ? ` and ${shared.length - 6} more` : ''}`) : '',
      differs.length ? h('div', { class: 'small muted differs' }, `differs on ${differs.join(', ')}${r.mismatched.length > 6 ? ` and ${r.mismatched.length - 6} more` : ''}`) : h('div', { class: 'small muted' }, 'no differences on the query’s known features'),
    ),
    gradeButtons(app, r, grade, gradable),
  );
  li.addEventListener('click', (e) => {
    if (!(e.target as HTMLElement).closest('button')) app.selection.set({ row: r.row });
  });
  li.addEventListener('keydown', (e) => {
    if (typing(e) || !gradable) return;
    if (/^[0-3]$/.test(e.key)) {
      e.preventDefault();
      e.stopPropagation();
      void app.similar.grade(r.row, Number(e.key));
    } else if (e.key === 'Enter') app.selection.set({ row: r.row });
  });
  return li;
}

function formQuery(app: App): HTMLElement {
  const { dataset } = app.project.get();
  if (!dataset) return h('div');
  const cols = dataset.columns.filter((c) => !['identifier', 'label', 'ignored', 'vector'].includes(c.kind));
  const form = h('form', { class: 'query-form', 'aria-label': 'Query by a partly filled case' });
  if (cols.length > 30) {
    form.append(h('p', { class: 'muted small' }, `This data has ${cols.length} columns: pick a case as the query instead (select one, then press s).`));
    return h('details', {}, h('summary', {}, 'Query by a partly filled case'), form);
  }
  const inputs = cols.map((c) => {
    const input = h('input', { name: c.name, placeholder: c.kind === 'set' ? `items separated by ${c.delimiter ?? ';'}` : 'unknown', autocomplete: 'off' });
    form.append(h('label', {}, h('span', {}, c.name, h('span', { class: 'muted small' }, ` ${c.kind}`)), input));
    return input;
  });
  form.append(h('button', { type: 'submit', class: 'primary' }, 'Find similar cases'), h('p', { class: 'muted small' }, 'Leave a field empty when it is unknown: it then carries no weight.'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const values: Record<string, string | null> = {};
    for (const i of inputs) if (i.value.trim()) values[i.name] = i.value.trim();
    void app.similar.search({ form: values });
  });
  return h('details', {}, h('summary', {}, 'Query by a partly filled case'), form);
}

export function similarView(app: App): View {
  const el = h('section', { 'aria-label': 'Similar cases', class: 'view similar-view', 'data-testid': 'similar-view' });
  let token = 0;
  const render = () => {
    const { model, datasetId } = app.project.get();
    const s = app.similar.get();
    const my = ++token;
    if (!model || !model.prototypes.length || datasetId === null)
      return el.replaceChildren(h('h2', {}, 'Similar cases'), empty('No model yet — similar cases are explained by a fitted model.', button('Fit a model…', () => app.route.go('fit'), { class: 'primary' })));
    const sel = app.selection.get().row;
    const query = s.query;
    const head = h('div', { class: 'view-head' }, h('div', { class: 'head-row' }, h('h2', {}, 'Similar cases'), reportButton(app)));
    if (!query) {
      return el.replaceChildren(
        head,
        sel !== null
          ? empty(`Find the cases most like case #${sel}, each score explained.`, button(`Similar to #${sel}`, () => void app.similar.search({ row: sel }), { class: 'primary', 'data-testid': 'similar-go' }))
          : empty('Select a case (on the map, in a list, or with / to search) and press s — or describe one below.'),
        formQuery(app),
      );
    }
    const rowQuery = 'row' in query ? query.row : null;
    const gradable = rowQuery !== null;
    const queryCard = h('div', { class: 'query-card', 'data-testid': 'similar-query' });
    const learnedToggle = h(
      'span',
      { class: 'segmented', role: 'group', 'aria-label': 'Ranking' },
      button('Model ranking', () => void app.similar.setLearned(false), { 'aria-pressed': String(!s.learned || !s.hasLearned), 'data-testid': 'ranking-model', title: 'Rank by the model’s own similarity' }),
      button('Learned ranking', () => void app.similar.setLearned(true), { 'aria-pressed': String(s.learned && s.hasLearned), disabled: !s.hasLearned, 'data-testid': 'ranking-learned', title: s.hasLearned ? 'Rank with the weights learned from your grades' : 'Learn from your grades first' }),
    );
    const canLearn = s.judgedQueries >= 2;
    const learn = button(s.training ? 'Learning…' : 'Learn from my grades', () => void app.similar.learn(), {
      class: 'primary', disabled: !canLearn || s.training, 'data-testid': 'learn',
      title: canLearn ? 'Train the ranker (RankSVM) on every grade in this dataset' : 'Grade the results of at least two queries first',
    });
    const toolbar = h(
      'div',
      { class: 'toolbar' },
      h('span', {}, 'Ranking: ', learnedToggle),
      h('span', { class: 'muted small', 'data-testid': 'judged' }, `${plural(s.judged, 'grade')} on ${plural(s.judgedQueries, 'query', 'queries')}`),
      learn,
      button(s.pin ? 'Pinned to the report ✓' : 'Pin to report', () => void app.similar.togglePin(), {
        'aria-pressed': String(!!s.pin), 'data-testid': 'pin-ranking',
        title: s.pin ? 'This ranking is in the model’s reports (click to unpin)' : 'Show this ranking, its explanations and your grades in the model’s reports',
      }),
      h('span', { class: s.saved?.error ? 'error small' : 'saved small', role: 'status', 'data-testid': 'grades-saved' }, s.saved ? (s.saved.error ? `Not saved: ${s.saved.error}` : 'grades saved ✓') : ''),
    );
    const report = s.report
      ? h(
          'div',
          { class: 'rank-report', 'data-testid': 'rank-report' },
          h('h3', {}, 'What learning from your grades changed'),
          h('p', { class: 'rank-verdict', 'data-testid': 'rank-verdict' }, rankVerdict(s.report.before['ndcg@10'], s.report.after['ndcg@10'], s.report.queries)),
          h('p', { class: 'muted small' }, `${plural(s.report.judgments, 'grade')} on ${plural(s.report.queries, 'query', 'queries')}, ${s.report.folds}-fold cross-validation by query (grade ≥ 2 counts as relevant). NDCG and MAP: 1 is a perfect ranking. Weights: how much more (> 1) or less (< 1) each feature group counts than in the model's own similarity.`),
          h(
            'div',
            { class: 'two-col' },
            svgNode(metricsBars(s.report.before, s.report.after, { width: 320, title: 'Ranking quality, model vs learned' }), { 'data-testid': 'rank-metrics' }),
            svgNode(weightBars(s.report.weights, { width: 340, top: 12, title: 'Learned weight per feature group, relative to the model (1)' }), { 'data-testid': 'rank-weights' }),
          ),
        )
      : null;
    const list = h('ol', { class: 'results', 'aria-label': 'Results, most similar first' });
    el.replaceChildren(head, queryCard, toolbar, report ?? '', s.error ? errorBox(s.error) : '', s.loading && !s.response ? h('p', { class: 'muted' }, 'Scoring…') : '', list, formQuery(app));

    // The query: a case (with its picture) or the filled fields.
    if (rowQuery !== null) {
      void app.project.rawCases(datasetId, [rowQuery]).then(([values]) => {
        if (my !== token) return;
        const idColumn = app.project.get().dataset?.columns.find((c) => c.kind === 'identifier')?.name;
        const labelColumn = app.project.get().dataset?.labelColumn;
        queryCard.replaceChildren(
          h('span', { class: 'muted' }, 'Query '),
          picture(app, values, { width: 56, row: rowQuery }) ?? '',
          caseTitle(rowQuery, idColumn ? values[idColumn] : null, labelColumn ? values[labelColumn] : null, labelColumn),
          sel !== null && sel !== rowQuery ? button(`Use the selected case #${sel}`, () => void app.similar.search({ row: sel }), { class: 'small' }) : '',
        );
      });
    } else {
      const form = (query as { form: Record<string, string | null> }).form;
      queryCard.replaceChildren(h('span', { class: 'muted' }, 'Query (a partly filled case): '), Object.entries(form).map(([k, v]) => `${k} = ${v}`).join(' · ') || 'nothing filled', h('p', { class: 'muted small' }, 'Grades need a case as the query: select one and press s.'));
    }

    const response = s.response;
    if (!response) return;
    const results = response.results;
    if (!results.length) return list.append(h('li', { class: 'muted' }, 'No results.'));
    const top = Math.max(...results.map((r) => r.score));
    void app.project.rawCases(datasetId, results.map((r) => r.row)).then((values) => {
      if (my !== token) return;
      list.replaceChildren(...results.map((r, k) => resultRow(app, r, k + 1, top, values[k], gradable)));
      listKeys(list, 'li.result');
      list.setAttribute('data-ranking', response.ranking);
      el.setAttribute('data-ready', 'true');
    });
  };
  /** A grade changes only its buttons and the counts: the list keeps its focus for the next j and grade. */
  const updateGrades = () => {
    const s = app.similar.get();
    for (const li of el.querySelectorAll<HTMLElement>('li.result')) {
      const g = s.grades.get(Number(li.dataset.row));
      li.querySelectorAll('button.grade').forEach((b, k) => b.setAttribute('aria-checked', String(g === k)));
    }
    const judged = el.querySelector('[data-testid=judged]');
    if (judged) judged.textContent = `${plural(s.judged, 'grade')} on ${plural(s.judgedQueries, 'query', 'queries')}`;
    const learn = el.querySelector<HTMLButtonElement>('[data-testid=learn]');
    if (learn) {
      learn.disabled = s.judgedQueries < 2 || s.training;
      learn.title = s.judgedQueries >= 2 ? 'Train the ranker (RankSVM) on every grade in this dataset' : 'Grade the results of at least two queries first';
    }
    const saved = el.querySelector<HTMLElement>('[data-testid=grades-saved]');
    if (saved && s.saved) {
      saved.textContent = s.saved.error ? `Not saved: ${s.saved.error}` : 'grades saved ✓';
      saved.className = s.saved.error ? 'error small' : 'saved small';
    }
  };
  return lazyView(el, render, (inv) => {
    app.similar.subscribe((a, b) => {
      if (changed(a, b, 'response', 'query', 'loading', 'error', 'report', 'training', 'hasLearned', 'learned', 'pin')) inv();
      else if (changed(a, b, 'grades', 'saved', 'judged', 'judgedQueries') && !el.hidden) updateGrades();
    });
    app.project.subscribe((a, b) => changed(a, b, 'model') && inv());
    app.selection.subscribe((a, b) => changed(a, b, 'row') && inv());
  });
}
