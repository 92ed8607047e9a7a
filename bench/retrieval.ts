// Retrieval benchmark: N synthetic cases × F categorical features (V values each), S clusters.
// Prints build time, index bytes, this engine (batch 1 latency and throughput, batch throughput), the plain
// TypeScript scorer (referenceTopK), FAISS IndexFlatIP on the same one-hot + π vectors (when Debian's
// python3-faiss is installed), and with --alternatives the case encodings the engine chose between.
//
//   npx tsx bench/retrieval.ts [--n 1000000] [--F 32] [--V 8] [--S 10] [--k 10] [--queries 50]
//                              [--batch 64] [--alternatives] [--no-faiss] [--threads T] [--chunk rows]

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Rng } from '../src/main/engine/rng';
import { DataType, encodeModel, rawBytes, type NodeSpec, type TensorInit, type ValueInfo } from '../src/main/engine/retrieval/onnx-proto';
import { buildIndex, deserializeIndex, Retriever, serializeIndex } from '../src/main/engine/retrieval/retrieval';
import { caseDense, denseDim, encodeCase, encodedDim, featureOffsets, queryFromCase, referenceTopK } from '../src/main/engine/retrieval/similarity';
import { syntheticModel } from '../src/main/engine/retrieval/synthetic';
import type { Hit, RetrievalIndex, RetrievalQuery } from '../src/main/engine/retrieval/types';

const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const flag = (name: string): boolean => args.includes(`--${name}`);
const N = opt('n', 1_000_000);
const F = opt('F', 32);
const V = opt('V', 8);
const S = opt('S', 10);
const K = opt('k', 10);
const NQ = opt('queries', 50);
const BATCH = opt('batch', 64);
const threads = args.includes('--threads') ? opt('threads', 2) : undefined;
const chunkRows = args.includes('--chunk') ? opt('chunk', 65536) : undefined;

interface Row {
  method: string;
  build?: string;
  bytes?: string;
  p50?: number;
  p95?: number;
  qps1?: number;
  qpsB?: number;
  note?: string;
}
const rows: Row[] = [];

function pct(ts: number[], p: number): number {
  const s = [...ts].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;
const now = (): number => performance.now();

async function main(): Promise<void> {
  console.log(`retrieval bench: N=${N} F=${F} V=${V} S=${S} k=${K}, ${NQ} single queries, batch ${BATCH}; node ${process.version}, onnxruntime-node ${ort.env.versions.common}`);
  let t = now();
  const model = syntheticModel({ n: N, values: V, F, S, seed: 1 });
  console.log(`synthetic data: ${((now() - t) / 1000).toFixed(1)} s`);

  t = now();
  const index = buildIndex(model);
  const buildMs = now() - t;
  t = now();
  const bytes = serializeIndex(index);
  const serMs = now() - t;
  t = now();
  deserializeIndex(bytes);
  const deserMs = now() - t;
  console.log(`buildIndex ${buildMs.toFixed(0)} ms, serialise ${serMs.toFixed(0)} ms, deserialise ${deserMs.toFixed(0)} ms, ${mib(bytes.length)}`);

  t = now();
  const retriever = await Retriever.create(index, { threads, batchThreads: threads, chunkRows });
  const createMs = now() - t;
  const info = retriever.info;
  console.log(`Retriever.create ${createMs.toFixed(0)} ms on ${info.provider} (batch graph: ${info.batchProvider}); ${info.chunks} chunks of ${info.chunkRows}, ${info.cachedChunks} cached (${mib(info.cachedBytes)})`);
  for (const a of info.attempts) if (!a.ok) console.log(`  provider ${a.provider} skipped: ${a.reason}`);
  for (const note of info.notes) console.log(`  ${note}`);
  console.log(`rss after create: ${mib(process.memoryUsage().rss)} (synthetic source data included)`);

  const rng = new Rng(99);
  const single = Array.from({ length: NQ }, () => queryFromCase(index, rng.int(N)));
  const batchQueries = Array.from({ length: BATCH * 3 }, () => queryFromCase(index, rng.int(N)));

  // This engine, batch 1.
  await retriever.topK([single[0]], K);
  const lat: number[] = [];
  const engineHits: Hit[][] = [];
  for (const q of single) {
    t = now();
    const [h] = await retriever.topK([q], K);
    lat.push(now() - t);
    engineHits.push(h);
  }
  // Batch (after one warm-up batch, as for FAISS: the first run at a new shape allocates).
  await retriever.topK(batchQueries.slice(0, BATCH), K);
  t = now();
  for (let b = 0; b < 3; b++) await retriever.topK(batchQueries.slice(b * BATCH, (b + 1) * BATCH), K);
  const batchQps = (3 * BATCH * 1000) / (now() - t);
  console.log(`rss after queries: ${mib(process.memoryUsage().rss)}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  rows.push({
    method: `this engine (ONNX ${info.provider}, uint8 indices)`,
    build: `${(buildMs + createMs).toFixed(0)} ms`,
    bytes: mib(bytes.length),
    p50: pct(lat, 0.5),
    p95: pct(lat, 0.95),
    qps1: (1000 * lat.length) / lat.reduce((a, b) => a + b, 0),
    qpsB: batchQps,
    note: `exact; reasks ${info.reasks}, full rescores ${info.fullRescores}`,
  });

  // Plain TypeScript scorer, and the check that the engine returns its top-k.
  const nRef = Math.min(5, NQ);
  const refLat: number[] = [];
  let agree = 0;
  for (let i = 0; i < nRef; i++) {
    t = now();
    const [h] = referenceTopK(index, [single[i]], K);
    refLat.push(now() - t);
    if (h.map((x) => x.row).join() === engineHits[i].map((x) => x.row).join()) agree++;
  }
  const refQps = (1000 * nRef) / refLat.reduce((a, b) => a + b, 0);
  rows.push({ method: 'plain TypeScript loop (referenceTopK)', build: '—', bytes: '(same index)', p50: pct(refLat, 0.5), p95: pct(refLat, 0.95), qps1: refQps, qpsB: refQps, note: `engine = reference on ${agree}/${nRef} queries` });

  if (!flag('no-faiss')) await faiss(index, single, batchQueries, engineHits);
  if (flag('alternatives')) await alternatives(index, single, batchQueries);
  await retriever.close();
  printTable();
}

async function faiss(index: RetrievalIndex, single: RetrievalQuery[], batch: RetrievalQuery[], engineHits: Hit[][]): Promise<void> {
  const py = '/usr/bin/python3';
  const probe = existsSync(py) ? spawnSync(py, ['-c', 'import faiss, numpy'], { encoding: 'utf8' }) : null;
  if (!probe || probe.status !== 0) {
    console.log('FAISS: python3-faiss not installed (apt-get install -y python3-faiss python3-numpy); skipped');
    rows.push({ method: 'FAISS IndexFlatIP', note: 'skipped: python3-faiss missing' });
    return;
  }
  const D = encodedDim(index);
  const dir = mkdtempSync(join(tmpdir(), 'exemplar-bench-'));
  try {
    const base = join(dir, 'base.f32');
    const qf = join(dir, 'queries.f32');
    let t = now();
    // E_c for every case, streamed in blocks so the 1 GB (1M × 266 × 4) never sits in one JS array.
    const fd = openSync(base, 'w');
    const blk = 16384;
    const buf = new Float32Array(blk * D);
    for (let c0 = 0; c0 < index.n; c0 += blk) {
      const m = Math.min(blk, index.n - c0);
      for (let c = 0; c < m; c++) encodeCase(index, c0 + c, buf, c * D);
      writeSync(fd, new Uint8Array(buf.buffer, 0, m * D * 4));
    }
    closeSync(fd);
    const qs = [...single, ...batch];
    const qbuf = new Float32Array(qs.length * D);
    qs.forEach((q, i) => qbuf.set(q.q, i * D));
    const qfd = openSync(qf, 'w');
    writeSync(qfd, new Uint8Array(qbuf.buffer));
    closeSync(qfd);
    const writeMs = now() - t;
    t = now();
    const r = spawnSync(py, ['bench/faiss_flat.py', '--base', base, '--queries', qf, '--d', String(D), '--k', String(K + 1), '--batch', String(BATCH), '--single', String(single.length)], {
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
      // FAISS parallelises with OpenMP; Debian's pthread OpenBLAS inside each thread would oversubscribe
      // the cores (measured: batch 64 at 100k, 504 q/s with it, 841 q/s without).
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
    });
    if (r.status !== 0) throw new Error(`faiss_flat.py failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { threads: number; build_s: number; b1_p50_ms: number; b1_p95_ms: number; b1_qps: number; batch_qps: number; rows: number[][] };
    // Overlap of FAISS's top-k (own row dropped) with the engine's: the same similarity up to float32 ties.
    let overlap = 0;
    out.rows.forEach((fr, i) => {
      const mine = new Set(engineHits[i].map((h) => h.row));
      overlap += fr.filter((row) => row !== single[i].row).slice(0, K).filter((row) => mine.has(row)).length;
    });
    rows.push({
      method: `FAISS IndexFlatIP (fp32 one-hot+π, ${out.threads} threads)`,
      build: `${(out.build_s * 1000).toFixed(0)} ms (+${(writeMs / 1000).toFixed(1)} s to write vectors)`,
      bytes: mib(index.n * D * 4),
      p50: out.b1_p50_ms,
      p95: out.b1_p95_ms,
      qps1: out.b1_qps,
      qpsB: out.batch_qps,
      note: `top-${K} overlap with engine ${((100 * overlap) / (K * out.rows.length)).toFixed(1)}%`,
    });
    console.log(`FAISS done in ${((now() - t) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- Alternatives the engine chose between (graph.ts explains the choice). Each scores all N cases for
// B queries in chunks given as inputs and keeps the per-chunk TopK; merging is the same for all.

function i64(name: string, v: number[]): TensorInit {
  return { name, dataType: DataType.INT64, dims: [v.length], raw: rawBytes(BigInt64Array.from(v, BigInt)) };
}

async function session(nodes: NodeSpec[], inputs: ValueInfo[], inits: TensorInit[]): Promise<ort.InferenceSession> {
  const bytes = encodeModel({
    graph: {
      name: 'alt',
      nodes: [...nodes, { opType: 'TopK', inputs: ['score', 'K'], outputs: ['V', 'I'], attributes: { axis: { kind: 'int', value: -1 } } }],
      initializers: [i64('K', [K]), ...inits],
      inputs,
      outputs: [
        { name: 'V', elemType: DataType.FLOAT, dims: ['B', K] },
        { name: 'I', elemType: DataType.INT64, dims: ['B', K] },
      ],
    },
  });
  return ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], graphOptimizationLevel: 'all', ...(threads ? { intraOpNumThreads: threads } : {}) });
}

/** Float32 → IEEE half bits (round to nearest even is not needed for 0/1 and cosines to 1e-3). */
function toHalf(v: number): number {
  const f = new Float32Array([v]);
  const i = new Uint32Array(f.buffer)[0];
  const sign = (i >>> 16) & 0x8000;
  const e = ((i >>> 23) & 0xff) - 112;
  if (e <= 0) return sign;
  return sign | (e << 10) | ((i & 0x7fffff) >>> 13);
}

async function alternatives(index: RetrievalIndex, single: RetrievalQuery[], batch: RetrievalQuery[]): Promise<void> {
  const off = featureOffsets(index);
  const Dx = off[F];
  const Dd = denseDim(index);
  const D = Dx + Dd;
  const chunk = 262144;
  const nq1 = Math.min(10, single.length);

  /** One-hot E^T chunks [D, n] in the given element encoding. */
  function oneHotChunks(kind: 'f32' | 'f16' | 's8'): ort.Tensor[] {
    const out: ort.Tensor[] = [];
    const dense = new Float64Array(Dd);
    for (let c0 = 0; c0 < index.n; c0 += chunk) {
      const n = Math.min(chunk, index.n - c0);
      const a = kind === 'f32' ? new Float32Array(D * n) : kind === 'f16' ? new Uint16Array(D * n) : new Int8Array(D * n);
      const one = kind === 'f32' ? 1 : kind === 'f16' ? 0x3c00 : 127;
      for (let c = 0; c < n; c++) {
        for (let f = 0; f < F; f++) {
          const v = index.x[(c0 + c) * F + f];
          if (v !== 255) a[(off[f] + v) * n + c] = one;
        }
        caseDense(index, c0 + c, dense);
        for (let j = 0; j < Dd; j++) a[(Dx + j) * n + c] = kind === 'f32' ? dense[j] : kind === 'f16' ? toHalf(dense[j]) : Math.round(dense[j] * 127);
      }
      out.push(new ort.Tensor(kind === 'f32' ? 'float32' : kind === 'f16' ? 'float16' : 'int8', a, [D, n]));
    }
    return out;
  }

  async function measure(label: string, memBytes: number, run: (qs: RetrievalQuery[]) => Promise<void>, note = ''): Promise<void> {
    await run([single[0]]);
    const ts: number[] = [];
    for (let i = 0; i < nq1; i++) {
      const t = now();
      await run([single[i]]);
      ts.push(now() - t);
    }
    const t = now();
    await run(batch.slice(0, BATCH));
    const qpsB = (BATCH * 1000) / (now() - t);
    rows.push({ method: `alt: ${label}`, bytes: mib(memBytes), p50: pct(ts, 0.5), p95: pct(ts, 0.95), qps1: (1000 * ts.length) / ts.reduce((a, b) => a + b, 0), qpsB, note });
    console.log(`measured ${label}`);
  }

  const qFloat = (qs: RetrievalQuery[]): ort.Tensor => {
    const q = new Float32Array(qs.length * D);
    qs.forEach((x, i) => q.set(x.q, i * D));
    return new ort.Tensor('float32', q, [qs.length, D]);
  };

  {
    const et = oneHotChunks('f32');
    const s = await session([{ opType: 'MatMul', inputs: ['Q', 'E'], outputs: ['score'] }], [
      { name: 'Q', elemType: DataType.FLOAT, dims: ['B', D] },
      { name: 'E', elemType: DataType.FLOAT, dims: [D, 'n'] },
    ], []);
    await measure('fp32 one-hot MatMul', D * index.n * 4, async (qs) => {
      const Q = qFloat(qs);
      for (const E of et) await s.run({ Q, E });
    });
    await s.release();
  }
  {
    const et = oneHotChunks('f16');
    try {
      const s = await session([
        { opType: 'Cast', inputs: ['Q'], outputs: ['Qh'], attributes: { to: { kind: 'int', value: DataType.FLOAT16 } } },
        { opType: 'MatMul', inputs: ['Qh', 'E'], outputs: ['sh'] },
        { opType: 'Cast', inputs: ['sh'], outputs: ['score'], attributes: { to: { kind: 'int', value: DataType.FLOAT } } },
      ], [
        { name: 'Q', elemType: DataType.FLOAT, dims: ['B', D] },
        { name: 'E', elemType: DataType.FLOAT16, dims: [D, 'n'] },
      ], []);
      await measure('fp16 one-hot MatMul', D * index.n * 2, async (qs) => {
        const Q = qFloat(qs);
        for (const E of et) await s.run({ Q, E });
      });
      await s.release();
    } catch (e) {
      rows.push({ method: 'alt: fp16 one-hot MatMul', note: `fails on CPU: ${(e as Error).message.split('\n')[0].slice(0, 80)}` });
    }
  }
  {
    const et = oneHotChunks('s8');
    const s = await session([
      { opType: 'MatMulInteger', inputs: ['Q', 'E'], outputs: ['si'] },
      { opType: 'Cast', inputs: ['si'], outputs: ['score'], attributes: { to: { kind: 'int', value: DataType.FLOAT } } },
    ], [
      { name: 'Q', elemType: DataType.UINT8, dims: ['B', D] },
      { name: 'E', elemType: DataType.INT8, dims: [D, 'n'] },
    ], []);
    await measure('8-bit one-hot MatMulInteger (stored one-hot, uint8 × int8)', D * index.n, async (qs) => {
      const q = new Uint8Array(qs.length * D);
      qs.forEach((x, i) => {
        let m = 0;
        for (const v of x.q) m = Math.max(m, v);
        for (let j = 0; j < D; j++) q[i * D + j] = Math.round((x.q[j] / m) * 255);
      });
      const Q = new ort.Tensor('uint8', q, [qs.length, D]);
      for (const E of et) await s.run({ Q, E });
    }, 'approximate: needs the same exact rescoring');
    await s.release();
  }
  {
    // Value indices with the one-hot slot offsets added, Gather from Q, ReduceSum; the dense part by MatMul.
    const idx: ort.Tensor[] = [];
    const dn: ort.Tensor[] = [];
    const dense = new Float64Array(Dd);
    for (let c0 = 0; c0 < index.n; c0 += chunk) {
      const n = Math.min(chunk, index.n - c0);
      const a = new Int32Array(n * F);
      const p = new Float32Array(Dd * n);
      for (let c = 0; c < n; c++) {
        for (let f = 0; f < F; f++) {
          const v = index.x[(c0 + c) * F + f];
          a[c * F + f] = v === 255 ? Dx : off[f] + v; // slot Dx of Qx holds 0
        }
        caseDense(index, c0 + c, dense);
        for (let j = 0; j < Dd; j++) p[j * n + c] = dense[j];
      }
      idx.push(new ort.Tensor('int32', a, [n, F]));
      dn.push(new ort.Tensor('float32', p, [Dd, n]));
    }
    const s = await session([
      { opType: 'Gather', inputs: ['Qx', 'X'], outputs: ['g'], attributes: { axis: { kind: 'int', value: 1 } } },
      { opType: 'ReduceSum', inputs: ['g', 'ax'], outputs: ['sx'], attributes: { keepdims: { kind: 'int', value: 0 } } },
      { opType: 'MatMul', inputs: ['Qd', 'P'], outputs: ['sd'] },
      { opType: 'Add', inputs: ['sx', 'sd'], outputs: ['score'] },
    ], [
      { name: 'Qx', elemType: DataType.FLOAT, dims: ['B', Dx + 1] },
      { name: 'Qd', elemType: DataType.FLOAT, dims: ['B', Dd] },
      { name: 'X', elemType: DataType.INT32, dims: ['n', F] },
      { name: 'P', elemType: DataType.FLOAT, dims: [Dd, 'n'] },
    ], [i64('ax', [2])]);
    await measure('value-index Gather+ReduceSum', index.n * (F * 4 + Dd * 4), async (qs) => {
      const qx = new Float32Array(qs.length * (Dx + 1));
      const qd = new Float32Array(qs.length * Dd);
      qs.forEach((x, i) => {
        qx.set(x.q.subarray(0, Dx), i * (Dx + 1));
        qd.set(x.q.subarray(Dx), i * Dd);
      });
      const Qx = new ort.Tensor('float32', qx, [qs.length, Dx + 1]);
      const Qd = new ort.Tensor('float32', qd, [qs.length, Dd]);
      // Its [B, n, F] intermediate: cap B·n per run at 8M elements × F.
      const sub = Math.max(1, Math.floor(8_388_608 / chunk));
      for (let b = 0; b < qs.length; b += sub) {
        const bq = Math.min(sub, qs.length - b);
        const Qxs = bq === qs.length ? Qx : new ort.Tensor('float32', qx.slice(b * (Dx + 1), (b + bq) * (Dx + 1)), [bq, Dx + 1]);
        const Qds = bq === qs.length ? Qd : new ort.Tensor('float32', qd.slice(b * Dd, (b + bq) * Dd), [bq, Dd]);
        for (let i = 0; i < idx.length; i++) await s.run({ Qx: Qxs, Qd: Qds, X: idx[i], P: dn[i] });
      }
    });
    await s.release();
  }
  {
    // The engine's two graphs, forced: the per-query comparison graph for every batch size, and the in-graph
    // one-hot graph for every batch size.
    for (const [label, minBatch] of [
      ['chosen: Equal on uint8 indices (gather graph) at every B', 1e9],
      ['chosen: in-graph one-hot + MatMulInteger at every B', 1],
    ] as const) {
      const r = await Retriever.create(index, { threads, batchThreads: threads, oneHotMinBatch: minBatch });
      await measure(label, r.info.cachedBytes, async (qs) => {
        await r.topK(qs, K);
      }, 'exact');
      await r.close();
    }
  }
}

function printTable(): void {
  const f = (x: number | undefined, d = 1): string => (x === undefined ? '—' : x.toFixed(d));
  console.log('');
  console.log(`| method (N=${N}, ${F} features × ${V} values, S=${S}, k=${K}) | build | index / vectors | batch 1 p50 ms | batch 1 p95 ms | batch 1 q/s | batch ${BATCH} q/s | note |`);
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.method} | ${r.build ?? '—'} | ${r.bytes ?? '—'} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.qps1, 0)} | ${f(r.qpsB, 0)} | ${r.note ?? ''} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
