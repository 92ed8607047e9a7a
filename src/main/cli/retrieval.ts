// `exemplar similar` (each score explained), `judge` (relevance judgments in and out) and `rank`
// (learning to rank from them).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { SimilarQuery, SimilarResponse } from '../../shared/api';
import { JudgmentFormatError, parseQrels, parseSvmRank } from '../engine/rank/judgments';
import { type Args, int, parseCase, UsageError } from './args';
import { rowNames } from './print';
import { pickDataset, pickModel, withProject } from './session';

export function cmdSimilar(args: Args, target: string | undefined): Promise<void> {
  return withProject(target, async (s) => {
    const modelId = await pickModel(s, args);
    const given = [args.values.row, args.values.case, args.values.batch].filter((v) => v !== undefined).length;
    if (given !== 1) throw new UsageError('similar: give one of --row R, --case "col=value;...", --batch FILE.');
    let queries: SimilarQuery[];
    if (args.values.row !== undefined) queries = [{ row: int(args, 'row', undefined, 0) }];
    else if (args.values.case) queries = args.values.case.map((c) => ({ form: parseCase(c) }));
    else {
      // One query per line: a 0-based row, or col=value;col=value.
      if (!existsSync(args.values.batch!)) throw new Error(`${args.values.batch}: no such file.`);
      const lines = readFileSync(args.values.batch!, 'utf8').split(/\r?\n/).filter((l) => l.trim());
      queries = lines.map((l) => (/^\d+$/.test(l.trim()) ? { row: Number(l.trim()) } : { form: parseCase(l) }));
    }
    const weights: Record<string, number> = {};
    for (const w of args.values.weight ?? []) {
      const k = w.lastIndexOf('=');
      const v = Number(w.slice(k + 1));
      if (k < 1 || !(v >= 0)) throw new UsageError(`--weight "${w}": expected FEATURE=WEIGHT with a weight ≥ 0.`);
      weights[w.slice(0, k)] = v;
    }
    const top = int(args, 'top', 10, 1);
    const common = { modelId, top, includeQuery: args.values['include-query'] ?? false, learned: !args.values['model-ranking'] };
    const responses: SimilarResponse[] =
      queries.length === 1 ? [await s.api.similar({ ...common, ...queries[0], ...(args.values.weight ? { weights } : {}) })] : await s.api.similarBatch({ ...common, queries });
    // --pin: the ranking goes into the model's reports (exemplar report), ranked again there with its grades.
    if (args.values.pin) {
      if (queries.length !== 1) throw new UsageError('--pin takes one query (--row R or one --case).');
      const pin = await s.api.pinRanking({ modelId, query: queries[0], top });
      if (!args.values.json) console.log(`Pinned to the report of model ${modelId} (pin ${pin.id}).`);
    }
    const slim = (r: SimilarResponse) => ({
      ...r,
      results: r.results.map((x) => ({ ...x, contributions: x.contributions.filter((c) => c.weight !== 0 || c.kind === 'pi') })),
    });
    if (args.values.json) {
      if (queries.length === 1) console.log(JSON.stringify(slim(responses[0])));
      else console.log(JSON.stringify({ provider: responses[0].provider, providerNotes: responses[0].providerNotes, ranking: responses[0].ranking, queries: responses.map(slim) }));
      return;
    }
    const model = await s.api.getModel(modelId);
    const dataset = await s.api.getDataset(model.datasetId);
    const names = await rowNames(s, dataset, responses.flatMap((r) => [...r.results.map((x) => x.row), ...(r.query.row !== null ? [r.query.row] : [])]));
    const name = (row: number) => (names.get(row) ? ` ${names.get(row)}` : '');
    const queryRows = responses.map((r) => r.query.row).filter((r): r is number => r !== null);
    const queryLabels = new Map(
      dataset.labelColumn && queryRows.length ? (await s.api.getCases(dataset.id, [...new Set(queryRows)].slice(0, 10_000))).map((c) => [c.row, c.values[dataset.labelColumn!]]) : [],
    );
    for (const r of responses) {
      const ql = r.query.row !== null && queryLabels.get(r.query.row) ? ` [${queryLabels.get(r.query.row)}]` : '';
      const q = r.query.row !== null ? `row ${r.query.row}${name(r.query.row)}${ql}` : 'the form';
      console.log(`Similar to ${q} — ${r.ranking} ranking${args.values.verbose ? `, scored by onnxruntime on ${r.provider}` : ''}`);
      if (args.values.verbose) for (const note of r.providerNotes) console.log(`  (${note})`);
      r.results.forEach((x, k) => {
        const label = x.label !== null ? `  [${x.label}]` : '';
        console.log(`${String(k + 1).padStart(3)}. row ${x.row}${name(x.row)}${label}  score ${x.score.toFixed(3)}  shares prototype row ${x.sharedPrototype} [cluster ${x.sharedCluster}]`);
        // What they share, largest first, a shared item with how many cases hold it; then what only the case
        // holds (it costs), summed; shared absences weigh nothing and are not listed. The parts sum to the score.
        const item = (c: { queryValue?: string }) => c.queryValue === 'present' || c.queryValue === 'true';
        const shown = x.contributions.filter((c) => c.weight > 0).sort((a, b) => b.weight - a.weight);
        const costs = x.contributions.filter((c) => c.weight < 0);
        const parts = shown.slice(0, 8).map((c) => {
          const name = c.kind === 'matched' && c.queryValue && !item(c) ? `${c.feature}=${c.queryValue}` : c.feature;
          const held = c.kind === 'matched' && item(c) && c.frequency ? ` (in ${c.frequency.cases} of ${c.frequency.of})` : '';
          return `${name}${held} +${c.weight.toFixed(3)}`;
        });
        const rest = shown.slice(8).reduce((a, c) => a + c.weight, 0);
        if (shown.length > 8) parts.push(`${shown.length - 8} more +${rest.toFixed(3)}`);
        if (costs.length) parts.push(`${costs.length} item${costs.length > 1 ? 's' : ''} only it has ${costs.reduce((a, c) => a + c.weight, 0).toFixed(3)}`);
        console.log(`     ${parts.join(', ')}`);
        if (x.mismatched.length) console.log(`     differs on: ${x.mismatched.slice(0, 6).join(', ')}${x.mismatched.length > 6 ? ', …' : ''}`);
      });
    }
  }, { verbose: args.values.verbose });
}

export function cmdJudge(args: Args, target: string | undefined): Promise<void> {
  return withProject(target, async (s) => {
    if (args.values.export !== undefined) {
      const format = args.values.export;
      if (format !== 'qrels' && format !== 'svmrank') throw new UsageError('judge --export: qrels or svmrank.');
      if (!args.values.out) throw new UsageError('judge --export: give --out PATH.');
      const { text, judgments } = await s.api.exportJudgments(await pickModel(s, args), format);
      writeFileSync(args.values.out, text);
      if (args.values.json) console.log(JSON.stringify({ path: args.values.out, format, judgments }));
      else console.log(`Wrote ${judgments} judgments to ${args.values.out} (${format}).`);
      return;
    }
    const path = args.values.qrels ?? args.values.svmrank;
    if (!path || (args.values.qrels && args.values.svmrank)) throw new UsageError('judge: give --qrels PATH or --svmrank PATH.');
    if (!existsSync(path)) throw new Error(`${path}: no such file.`);
    const text = readFileSync(path, 'utf8');
    const judgments = args.values.qrels
      ? parseQrels(text, path).map((j) => ({ query: j.query, doc: j.doc, grade: j.grade }))
      : parseSvmRank(text, path).map((l, k) => {
          if (l.doc === null) throw new JudgmentFormatError(path, k + 1, 1, 'this line names no data row: end it with "# doc=ROW"');
          return { query: l.query, doc: l.doc, grade: l.grade };
        });
    const datasetId = await pickDataset(s, args);
    const { stored } = await s.api.addJudgments({ datasetId, judgments, source: path });
    const queries = new Set(judgments.map((j) => j.query)).size;
    if (args.values.json) console.log(JSON.stringify({ datasetId, imported: stored, queries }));
    else console.log(`Imported ${stored} judgments for ${queries} queries into dataset ${datasetId}.`);
  }, { verbose: args.values.verbose });
}


export function cmdRank(args: Args, verb: string | undefined, file: string | undefined): Promise<void> {
  if (verb !== 'train' && verb !== 'eval') throw new UsageError('rank: expected rank train|eval FILE.exemplar.');
  return withProject(file, async (s) => {
    const modelId = await pickModel(s, args);
    const report = verb === 'train' ? await s.api.trainRanker(modelId) : await s.api.evaluateRanker(modelId);
    if (args.values.json) console.log(JSON.stringify(report));
    else {
      console.log(`${report.judgments} judgments over ${report.queries} queries, ${report.folds}-fold query cross-validation (C = ${report.C}):`);
      console.log(`  ${'metric'.padEnd(8)} ${'model'.padStart(7)} ${'learned'.padStart(8)}`);
      for (const k of ['ndcg@5', 'ndcg@10', 'ndcg@30', 'p@5', 'map'] as const)
        console.log(`  ${k.padEnd(8)} ${report.before[k].toFixed(3).padStart(7)} ${report.after[k].toFixed(3).padStart(8)}`);
      console.log('Learned weights (1 = as the model weighs it):');
      for (const [name, w] of Object.entries(report.weights).sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(24)} ${w.toFixed(2)}×`);
      if (verb === 'train') console.log('Saved: `exemplar similar` now ranks with these weights (--model-ranking to compare).');
    }
  }, { verbose: args.values.verbose });
}
