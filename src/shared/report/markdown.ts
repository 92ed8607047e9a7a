// The Markdown report, for wikis: the same sections and words as the HTML, tables as pipe tables, and each
// chart as an SVG file beside it (`<stem>-charts/NN-id.svg`), linked as an image.
import type { ReportChart } from './charts';
import { accuracySentences, caseName, chainName, COLUMN_HEAD, columnRows, contentLead, contentRuns, EMPTY, RESULT_CONTENT_NOTE, resultContentLead, listsSubspaceRest, pinInstead, pixelSubspaceNote, dataSentence, f2, f3, GRADE_NAMES, HOW_TO_READ, int, pct, prototypeHeading, prototypeSummary, redactionSentence, settingsRows, SUBSPACE_HEAD, subspaceTable } from './text';
import { type ReportContent, type ReportData, type ReportSection, SECTION_TITLES } from './types';

/** Text safe in a Markdown table cell or paragraph: pipes, brackets, emphasis and HTML escaped. */
export function mdEscape(s: string): string {
  return s.replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

const table = (head: string[], rows: string[][], numeric: number[] = []) =>
  [
    `| ${head.map(mdEscape).join(' | ')} |`,
    `| ${head.map((_, k) => (numeric.includes(k) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(mdEscape).join(' | ')} |`),
  ].join('\n');

/** A set's items or a text, the runs in bold as `**…**` (a bold run is a word or an item: it never starts or ends on a space). */
const runsMd = (c: ReportContent) => contentRuns(c).map((run) => (run.bold ? `**${mdEscape(run.text)}**` : mdEscape(run.text))).join('');

export function reportMarkdown(d: ReportData, charts: ReportChart[], stem: string): { markdown: string; files: { name: string; svg: string }[] } {
  const files: { name: string; svg: string }[] = [];
  const byId = new Map(charts.map((c) => [c.id, c]));
  const figure = (id: string) => {
    const c = byId.get(id);
    if (!c) return '';
    const name = `${stem}-charts/${String(files.length + 1).padStart(2, '0')}-${id.replace(/[^\w-]+/g, '_')}.svg`;
    files.push({ name, svg: c.svg });
    return `![${mdEscape(c.caption)}](${encodeURI(name)})\n\n*${mdEscape(c.caption)}*`;
  };
  const out: string[] = [];
  const para = (s: string) => out.push(mdEscape(s));
  const sections: Record<ReportSection, () => void> = {
    data: () => {
      para(dataSentence(d));
      out.push(table(COLUMN_HEAD, columnRows(d), [2, 3]));
    },
    model: () => {
      para(d.model.verdict);
      out.push(table(['Setting', 'Value'], settingsRows(d)));
      const f = figure('trace');
      if (f) out.push(f);
      if (d.model.chains.length) out.push(table(['Chain', 'Sweeps', 'Mean log joint after burn-in'], d.model.chains.map((c) => [`${chainName(c.chain)}${c.chain === d.model.summarisedChain ? ' (summarised)' : ''}`, String(c.sweeps), f2(c.meanLogJoint)]), [1, 2]));
      if (d.model.edits.length) out.push(d.model.edits.map((e, k) => `${k + 1}. ${mdEscape(e.description)}${e.undone ? ' (undone)' : ''}`).join('\n'));
      out.push('### Reproduce this fit');
      para(`Data fingerprint ${d.reproduce.dataFingerprint}; software Exemplar ${d.software.version} (build ${d.software.build}, fingerprint ${d.reproduce.softwareFingerprint}).`);
      out.push('```sh\n' + d.reproduce.commands.join('\n') + '\n```');
    },
    prototypes: () => {
      for (const p of d.prototypes) {
        out.push(`### ${mdEscape(prototypeHeading(p))}`);
        para(prototypeSummary(p));
        for (const id of [`prototype-${p.cluster}-picture`, `prototype-${p.cluster}-labels`]) {
          const f = figure(id);
          if (f) out.push(f);
        }
        // Bold runs end at a word (Markdown's emphasis cannot start or end on a space).
        for (const c of p.content) out.push(`${mdEscape(contentLead(c))}${runsMd(c)}`);
        const subspaceChart = figure(`prototype-${p.cluster}-subspace`);
        if (subspaceChart) out.push(subspaceChart);
        if (p.subspace.length && !listsSubspaceRest(d, p)) para(pixelSubspaceNote(p));
        else if (p.subspace.length) {
          const t = subspaceTable(d, p, 0)!;
          para(t.intro);
          if (t.rows.length) out.push(table(SUBSPACE_HEAD, t.rows, [2, 3, 4]));
        }
        else para(EMPTY.subspace);
      }
    },
    clusters: () => {
      const f = figure('cluster-sizes');
      if (f) out.push(f);
      out.push(table(['Cluster', 'Cases', 'Prototype', 'Labels'], d.prototypes.map((p) => [String(p.cluster), int(p.size), caseName(p), p.labelMix.slice(0, 4).map((m) => `${m.label} ${pct(m.share)}`).join(', ')]), [1]));
    },
    accuracy: () => accuracySentences(d).forEach(para),
    criticisms: () => {
      if (!d.criticisms.length) return para(EMPTY.criticisms);
      para('The cases the model explains worst (mean log-likelihood per observed feature), with the values it finds least likely.');
      out.push(table(['Case', 'Cluster', 'Log-likelihood', 'Least likely values (penalty, nats)'], d.criticisms.map((c) => [caseName(c), String(c.cluster), f3(c.logLikelihood), c.features.map((x) => `${x.feature} = ${x.value} (${f2(x.penalty)})`).join('; ')]), [1, 2]));
    },
    similar: () => {
      if (!d.rankings.length) return para(EMPTY.similar);
      d.rankings.forEach((r, i) => {
        out.push(`### ${mdEscape(r.query.case ? `Cases similar to ${caseName(r.query.case)}` : 'Cases similar to a partly filled case')}`);
        if (r.query.form) para(Object.entries(r.query.form).map(([k, v]) => `${k} = ${v ?? '?'}`).join('; '));
        out.push(table(['#', 'Case', 'Score', 'Grade', 'Largest contributions'], r.results.map((x, j) => [String(j + 1), caseName(x), f3(x.score), x.grade === null ? '–' : `${x.grade} ${GRADE_NAMES[x.grade]}`, [...x.contributions].sort((a, b) => b.weight - a.weight).slice(0, 3).map((c) => `${c.feature} ${c.weight >= 0 ? '+' : ''}${f3(c.weight)}`).join(', ')]), [0, 2]));
        const f = figure(`ranking-${i}-0`);
        if (f) out.push(f);
        const contents = r.results.flatMap((x, j) => x.content.map((c) => `${mdEscape(resultContentLead(j + 1, c))}${runsMd(c)}`));
        if (contents.length) {
          para(RESULT_CONTENT_NOTE);
          out.push(contents.join('\n\n'));
        }
      });
    },
    ranker: () => {
      if (!d.ranker) return para(EMPTY.ranker);
      para(`Learned from ${int(d.ranker.judgments)} judgments on ${int(d.ranker.queries)} queries (RankSVM, C = ${d.ranker.C}).`);
      out.push(table(['Metric', 'Model', 'Learned'], Object.keys(d.ranker.before).map((k) => [k, f3(d.ranker!.before[k as keyof typeof d.ranker.before]), f3(d.ranker!.after[k as keyof typeof d.ranker.after])]), [1, 2]));
      for (const id of ['ranker-metrics', 'ranker-weights']) {
        const f = figure(id);
        if (f) out.push(f);
      }
    },
    audit: () => {
      const a = d.audit;
      if (!a) return para(EMPTY.audit);
      if (a.warnings.length) out.push(a.warnings.map((w) => `> **Warning.** ${mdEscape(w)}`).join('\n>\n'));
      else para('No warnings.');
      if (a.identifierColumns.length) out.push(table(['Column', 'Why it could name a person'], a.identifierColumns.map((c) => [c.column, c.reason])));
      para(`k is how many cases share the values a prototype shows (threshold ${a.k}).`);
      out.push(table(['Cluster', 'Row', 'k', 'Shown', 'Pin instead'], a.prototypes.map((x) => [String(x.cluster), String(x.row), `${x.k}${x.k < a.k ? ' (below)' : ''}`, [...x.quasiIdentifiers, ...x.subspace].slice(0, 12).join(', '), pinInstead(x)]), [2]));
      para(`${int(a.nearDuplicateCount)} near-duplicate pairs (at most ${a.maxDiffering} differing features), ${int(a.identicalCount)} identical.`);
      if (a.memorization) out.push(table(['Row', 'Memorisation'], a.memorization.slice(0, 10).map((m) => [String(m.row), f3(m.score)]), [1]));
    },
  };

  out.push(`# ${mdEscape(d.title)}`);
  para(`Exemplar report · ${d.createdAt.slice(0, 16).replace('T', ' ')} UTC · Exemplar ${d.software.version} (${d.software.build})`);
  const redaction = redactionSentence(d);
  if (redaction) out.push(`> ${mdEscape(redaction)}`);
  para(HOW_TO_READ.join(' '));
  for (const s of d.sections) {
    out.push(`## ${SECTION_TITLES[s]}`);
    sections[s]();
  }
  return { markdown: out.join('\n\n') + '\n', files };
}
