// The HTML report: one self-contained file. Charts are inline SVG drawn by the app's chart functions, styles
// are inline, and a Content-Security-Policy forbids every request, so the file opens offline, in any browser,
// as an e-mail attachment, and prints on A4 with no chart cut across pages.
import { clusterColour, escapeXml as esc } from '../charts';
import { type ReportChart, SUBSPACE_CHART_ROWS } from './charts';
import { accuracySentences, caseName, chainName, COLUMN_HEAD, columnRows, contentLead, contentRuns, EMPTY, listsSubspaceRest, pinInstead, pixelSubspaceNote, dataSentence, f2, f3, GRADE_NAMES, HOW_TO_READ, int, pct, prototypeHeading, prototypeSummary, redactionSentence, settingsRows, SUBSPACE_HEAD, subspaceTable } from './text';
import { type ReportContent, type ReportData, type ReportSection, SECTION_TITLES } from './types';

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; color: #1F2328; max-width: 860px; margin: 2rem auto; padding: 0 1.25rem; font-variant-numeric: tabular-nums; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; border-bottom: 1px solid #D0D7DE; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; } .muted { color: #59636E; } .small { font-size: 12px; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: 13px; } th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #EAEEF2; vertical-align: top; }
th { font-weight: 600; color: #424A53; } td.num, th.num { text-align: right; }
figure { margin: .6rem 0 1rem; break-inside: avoid; } figcaption { font-size: 12px; color: #59636E; max-width: 640px; }
.proto { break-inside: avoid; border-left: 4px solid var(--c); padding-left: .8rem; margin: 1.2rem 0; }
.proto-top { display: flex; gap: 1rem; align-items: flex-start; flex-wrap: wrap; }
.warn { background: #FFF8C5; border: 1px solid #D4A72C; padding: .4rem .6rem; border-radius: 4px; margin: .3rem 0; }
.note { background: #F6F8FA; border: 1px solid #D0D7DE; padding: .5rem .75rem; border-radius: 4px; }
pre { background: #F6F8FA; padding: .6rem .75rem; border-radius: 4px; white-space: pre-wrap; word-break: break-all; font-size: 12px; }
.columns { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: .2rem 1rem; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-size: 12px; background: #FFEBE9; color: #82071E; }
nav ol { columns: 2; font-size: 13px; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } nav { display: none; } a { color: inherit; text-decoration: none; } }
@page { size: A4; margin: 16mm 14mm; }
`;

const table = (head: string[], rows: string[][], numeric: number[] = []) =>
  `<table><thead><tr>${head.map((h, k) => `<th${numeric.includes(k) ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, k) => `<td${numeric.includes(k) ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

const p = (text: string, cls = '') => `<p${cls ? ` class="${cls}"` : ''}>${esc(text)}</p>`;
/** A set's items or a text, the runs in bold as `<strong>`. */
const runsHtml = (c: ReportContent) => contentRuns(c).map((run) => (run.bold ? `<strong>${esc(run.text)}</strong>` : esc(run.text))).join('');
/** A prototype's subspace past its chart: a table folded away under its count, or only its sentence when it lists nothing. */
const restTable = (t: ReturnType<typeof subspaceTable>, rest: number) =>
  !t ? '' : t.rows.length ? `<details><summary>${esc(`The other ${int(rest)} subspace features`)}</summary>${p(t.intro, 'small')}${table(SUBSPACE_HEAD, t.rows, [2, 3, 4])}</details>` : p(t.intro, 'muted small');

export function reportHtml(d: ReportData, charts: ReportChart[]): string {
  const chart = new Map(charts.map((c) => [c.id, c]));
  const figure = (id: string) => {
    const c = chart.get(id);
    return c ? `<figure data-chart="${esc(id)}">${c.svg}<figcaption>${esc(c.caption)}</figcaption></figure>` : '';
  };
  const sections: Record<ReportSection, () => string> = {
    data: () => {
      const hists = d.dataset.columns.filter((c) => chart.has(`column-${c.name}`)).slice(0, 24);
      return (
        p(dataSentence(d)) +
        table(COLUMN_HEAD, columnRows(d), [2, 3]) +
        (hists.length ? `<div class="columns">${hists.map((c) => figure(`column-${c.name}`)).join('')}</div>` : '') +
        (hists.length && hists.length < d.dataset.columns.length ? p(`${hists.length} of the ${d.dataset.columns.length} columns are drawn; the table counts every column.`, 'muted small') : '')
      );
    },
    model: () =>
      p(d.model.verdict, d.model.rhat !== null && d.model.rhat >= 1.1 ? 'warn' : '') +
      table(['Setting', 'Value'], settingsRows(d)) +
      figure('trace') +
      (d.model.chains.length ? table(['Chain', 'Sweeps', 'Mean log joint after burn-in', 'ms / sweep'], d.model.chains.map((c) => [`${chainName(c.chain)}${c.chain === d.model.summarisedChain ? ' (summarised)' : ''}`, String(c.sweeps), f2(c.meanLogJoint), f2(1000 * c.secondsPerSweep)]), [1, 2, 3]) : '') +
      (d.model.edits.length ? `<h3>Edits by hand</h3><ol>${d.model.edits.map((e) => `<li>${esc(e.description)}${e.undone ? ' <span class="muted">(undone)</span>' : ''}</li>`).join('')}</ol>` : '') +
      `<h3>Reproduce this fit</h3>${p(`Data fingerprint ${d.reproduce.dataFingerprint}; software Exemplar ${d.software.version} (build ${d.software.build}, fingerprint ${d.reproduce.softwareFingerprint}).`, 'small')}<pre>${esc(d.reproduce.commands.join('\n'))}</pre>`,
    prototypes: () =>
      d.prototypes
        .map(
          (pr) =>
            `<div class="proto" style="--c: ${clusterColour(pr.cluster)}" data-cluster="${pr.cluster}"><h3>${esc(prototypeHeading(pr))}</h3>${p(prototypeSummary(pr))}` +
            `<div class="proto-top">${figure(`prototype-${pr.cluster}-picture`)}${figure(`prototype-${pr.cluster}-labels`)}</div>` +
            pr.content.map((c) => `<p class="content"><span class="muted">${esc(contentLead(c))}</span>${runsHtml(c)}</p>`).join('') +
            figure(`prototype-${pr.cluster}-subspace`) +
            (pr.subspace.length > SUBSPACE_CHART_ROWS && !listsSubspaceRest(d, pr) ? p(pixelSubspaceNote(pr), 'muted small') : '') +
            (listsSubspaceRest(d, pr) ? restTable(subspaceTable(d, pr, SUBSPACE_CHART_ROWS), pr.subspace.length - SUBSPACE_CHART_ROWS) : '') +
            (pr.subspace.length ? '' : p(EMPTY.subspace, 'muted')) +
            `</div>`,
        )
        .join(''),
    clusters: () =>
      figure('cluster-sizes') +
      table(
        ['Cluster', 'Cases', 'Prototype', 'Labels'],
        d.prototypes.map((pr) => [String(pr.cluster), int(pr.size), caseName(pr), pr.labelMix.slice(0, 4).map((m) => `${m.label} ${pct(m.share)}`).join(', ')]),
        [1],
      ),
    accuracy: () => accuracySentences(d).map((s) => p(s)).join(''),
    criticisms: () =>
      d.criticisms.length
        ? p('The cases the model explains worst (mean log-likelihood per observed feature), with the values it finds least likely. A prototype shows what a cluster is; its criticisms show where that picture misleads.') +
          table(['Case', 'Cluster', 'Log-likelihood', 'Least likely values (penalty, nats)'], d.criticisms.map((c) => [caseName(c), String(c.cluster), f3(c.logLikelihood), c.features.map((f) => `${f.feature} = ${f.value} (${f2(f.penalty)})`).join('; ')]), [1, 2])
        : p(EMPTY.criticisms, 'muted'),
    similar: () =>
      d.rankings.length
        ? d.rankings
            .map(
              (r, i) =>
                `<h3>${esc(r.query.case ? `Cases similar to ${caseName(r.query.case)}` : `Cases similar to a partly filled case`)}</h3>` +
                (r.query.form ? p(Object.entries(r.query.form).map(([k, v]) => `${k} = ${v ?? '?'}`).join('; '), 'small') : '') +
                p(`Ranked by ${r.ranking === 'learned' ? 'the weights learned from judgments' : 'the model’s similarity'}; pinned ${r.pinnedAt.slice(0, 10)}.`, 'muted small') +
                `<table><thead><tr><th>#</th><th>Case</th><th class="num">Score</th><th>Grade</th><th>Why</th></tr></thead><tbody>${r.results
                  .map(
                    (x, j) =>
                      `<tr><td>${j + 1}</td><td>${esc(caseName(x))}${x.content.map((c) => `<div class="small content">${x.content.length > 1 ? `<span class="muted">${esc(c.column)}: </span>` : ''}${runsHtml(c)}</div>`).join('')}</td><td class="num">${f3(x.score)}</td><td>${x.grade === null ? '<span class="muted">–</span>' : esc(`${x.grade} ${GRADE_NAMES[x.grade]}`)}</td><td>${chart.get(`ranking-${i}-${j}`)?.svg ?? ''}</td></tr>`,
                  )
                  .join('')}</tbody></table>`,
            )
            .join('')
        : p(EMPTY.similar, 'muted'),
    ranker: () =>
      d.ranker
        ? p(`Learned from ${int(d.ranker.judgments)} judgments on ${int(d.ranker.queries)} queries (RankSVM, C = ${d.ranker.C}).${d.ranker.note ? ` ${d.ranker.note}` : ''}`) + figure('ranker-metrics') + figure('ranker-weights')
        : p(EMPTY.ranker, 'muted'),
    audit: () => {
      const a = d.audit;
      if (!a) return p(EMPTY.audit, 'muted');
      return (
        (a.warnings.length ? a.warnings.map((w) => `<div class="warn">${esc(w)}</div>`).join('') : p('No warnings.')) +
        p(a.quasi.length ? `Quasi-identifiers${a.quasiProposed ? ' (proposed by the audit)' : ''}: ${a.quasi.join(', ')}.` : 'No quasi-identifier columns were given or proposed; prototypes were checked on their subspace features.') +
        (a.identifierColumns.length ? `<h3>Columns that could name a person</h3>${table(['Column', 'Why'], a.identifierColumns.map((c) => [c.column, c.reason]))}` : '') +
        `<h3>Prototype privacy (k-anonymity, threshold ${a.k})</h3>` +
        p('k is how many cases share the values a prototype shows (its subspace and the quasi-identifiers), itself included. Below the threshold, showing the prototype may single out a person.', 'small muted') +
        `<table><thead><tr><th>Cluster</th><th>Row</th><th class="num">k</th><th>Shown</th><th>Pin instead</th></tr></thead><tbody>${a.prototypes
          .map((x) => `<tr><td>${x.cluster}</td><td>${x.row}</td><td class="num">${x.k}${x.k < a.k ? ' <span class="badge">below</span>' : ''}</td><td>${esc([...x.quasiIdentifiers, ...x.subspace].slice(0, 12).join(', '))}${x.quasiIdentifiers.length + x.subspace.length > 12 ? ', …' : ''}</td><td>${esc(pinInstead(x))}</td></tr>`)
          .join('')}</tbody></table>` +
        `<h3>Near-duplicates</h3>` +
        p(`${int(a.nearDuplicateCount)} pair${a.nearDuplicateCount === 1 ? '' : 's'} of cases differ in at most ${a.maxDiffering} modelled feature${a.maxDiffering === 1 ? '' : 's'}; ${int(a.identicalCount)} identical.`) +
        (a.nearDuplicates.length ? table(['Rows', 'Differing features'], a.nearDuplicates.slice(0, 20).map((x) => [`${x.a} and ${x.b}`, String(x.differing)]), [1]) : '') +
        (a.memorization ? `<h3>Most memorised cases</h3>${table(['Row', 'Score'], a.memorization.slice(0, 10).map((m) => [String(m.row), f3(m.score)]), [1])}` : '')
      );
    },
  };
  const redaction = redactionSentence(d);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Exemplar ${esc(d.software.version)}">
<title>${esc(d.title)}</title><style>${STYLE}</style></head>
<body>
<header><h1>${esc(d.title)}</h1>
<p class="muted">Exemplar report · ${esc(d.createdAt.slice(0, 16).replace('T', ' '))} UTC · Exemplar ${esc(d.software.version)} (${esc(d.software.build)})</p>
${redaction ? `<p class="note">${esc(redaction)}</p>` : ''}
<div class="note">${HOW_TO_READ.map((t) => esc(t)).join(' ')}</div></header>
<nav aria-label="Contents"><ol>${d.sections.map((s) => `<li><a href="#${s}">${esc(SECTION_TITLES[s])}</a></li>`).join('')}</ol></nav>
${d.sections.map((s) => `<section id="${s}" data-section="${s}"><h2>${esc(SECTION_TITLES[s])}</h2>${sections[s]()}</section>`).join('\n')}
</body></html>
`;
}
