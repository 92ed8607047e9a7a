// The retrieval index (what the project file keeps) and the Retriever, which finds the top-k cases of a
// batch of queries with the ONNX graphs of graph.ts and returns exactly the top-k of the formula.
//
// Exactness: the graphs score with the feature weights quantised to 8 bits, a_f = round(w_f / unit)
// (graph.ts). A case's approximate score differs from its exact one by Σ_{f matched} (a_f·unit − w_f)
// (plus float32 rounding), so it is at most up_q = Σ_f max(0, w_f − a_f·unit) (+ an allowance) below the
// exact score. A case that a chunk's TopK did not return has approx ≤ m, the last approx the chunk did
// return, hence exact ≤ m + up_q. Every returned candidate is rescored exactly (similarity.ts); if the
// k-th exact score T > m + up_q for every chunk, no case outside the candidates can enter the top-k. A
// chunk that fails the test is asked again for 8× the candidates and, if it still fails (many near-ties,
// e.g. duplicated cases), scored in full in TypeScript. So the result is referenceTopK's, rows and scores.

import * as ort from 'onnxruntime-node';
import type { EncodedCases } from '../../../shared/data';
import { buildGatherModel, buildOneHotModel, GRAPH_INPUTS as IN, GRAPH_OUTPUTS as OUT, type GraphValueType } from './graph';
import { createSession, type ProviderAttempt, type SessionOptions } from './session';
import { denseDim, excludedFor, queryDense, queryFromCase, scoreCase, TopKList, type TopKOptions } from './similarity';
import { ResidentScorer } from './resident';
import { missingCode, type Hit, type RetrievalIndex, type RetrievalQuery, type ValueType } from './types';

export interface BuildIndexInput {
  cases: EncodedCases;
  /** indexed by <case, cluster>: π, rows sum to 1. */
  pi: Float64Array | Float32Array;
  S: number;
  /** indexed by <cluster, feature>: P(ω_sf = 1). */
  subspace: Float64Array;
  /** indexed by <cluster>: the prototype's case row (-1 when none). */
  prototypes: ArrayLike<number>;
}

/** The compact index: value indices in the smallest type that holds them, π as float32. */
export function buildIndex({ cases, pi, S, subspace, prototypes }: BuildIndexInput): RetrievalIndex {
  const n = cases.n;
  const F = cases.features.length;
  if (cases.x.length !== n * F) throw new Error(`x has ${cases.x.length} entries, expected ${n} × ${F}`);
  if (pi.length !== n * S) throw new Error(`π has ${pi.length} entries, expected ${n} × ${S}`);
  if (subspace.length !== S * F) throw new Error(`subspace has ${subspace.length} entries, expected ${S} × ${F}`);
  if (prototypes.length !== S) throw new Error(`${prototypes.length} prototypes for ${S} clusters`);
  const vmax = cases.features.reduce((m, f) => Math.max(m, f.values.length), 0);
  const valueType: ValueType = vmax < 255 ? 'uint8' : vmax < 65535 ? 'uint16' : 'int32';
  const miss = missingCode(valueType);
  const x = valueType === 'uint8' ? new Uint8Array(n * F) : valueType === 'uint16' ? new Uint16Array(n * F) : new Int32Array(n * F);
  for (let i = 0; i < n * F; i++) {
    const v = cases.x[i];
    const V = cases.features[i % F].values.length;
    if (v >= V) throw new Error(`case ${Math.floor(i / F)}: value ${v} of ${cases.features[i % F].name} out of range`);
    x[i] = v < 0 ? miss : v;
  }
  return {
    n,
    S,
    features: cases.features.map((f) => ({ name: f.name, column: f.column, values: f.values.slice() })),
    valueType,
    x,
    pi: Float32Array.from(pi),
    subspace: Float64Array.from(subspace),
    prototypes: Int32Array.from(prototypes),
    vectors: cases.vectors.map((b) => ({ column: b.column, dim: b.dim, data: b.data })),
  };
}

const MAGIC = 'EXRI';
const FORMAT_VERSION = 1;

interface Header {
  n: number;
  S: number;
  valueType: ValueType;
  features: RetrievalIndex['features'];
  vectors: { column: string; dim: number }[];
  /** Byte ranges of the binary sections, from the start of the buffer, 8-aligned. */
  sections: { name: string; offset: number; length: number }[];
}

/**
 * The index as bytes: 'EXRI', format version (u32 LE), header length (u32 LE), JSON header, then the typed
 * arrays (x, π, subspace, prototypes, vector blocks) little-endian, each 8-byte aligned.
 */
export function serializeIndex(index: RetrievalIndex): Buffer {
  const arrays: [string, ArrayBufferView][] = [
    ['x', index.x],
    ['pi', index.pi],
    ['subspace', index.subspace],
    ['prototypes', index.prototypes],
    ...index.vectors.map((b, i): [string, ArrayBufferView] => [`vector${i}`, b.data]),
  ];
  const header: Header = {
    n: index.n,
    S: index.S,
    valueType: index.valueType,
    features: index.features,
    vectors: index.vectors.map((b) => ({ column: b.column, dim: b.dim })),
    sections: [],
  };
  // The header's length depends on the offsets it lists: lay out with a generous fixed header size.
  const provisional = Buffer.from(JSON.stringify({ ...header, sections: arrays.map(([name]) => ({ name, offset: 1e15, length: 1e15 })) }));
  const headerSpace = align8(12 + provisional.length);
  let o = headerSpace;
  for (const [name, a] of arrays) {
    header.sections.push({ name, offset: o, length: a.byteLength });
    o = align8(o + a.byteLength);
  }
  const json = Buffer.from(JSON.stringify(header));
  const out = Buffer.alloc(o);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(FORMAT_VERSION, 4);
  out.writeUInt32LE(json.length, 8);
  json.copy(out, 12);
  arrays.forEach(([, a], i) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, header.sections[i].offset));
  return out;
}

export function deserializeIndex(buf: Uint8Array): RetrievalIndex {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 12 || b.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a retrieval index');
  const version = b.readUInt32LE(4);
  if (version !== FORMAT_VERSION) throw new Error(`retrieval index format ${version} is not supported (this build reads ${FORMAT_VERSION})`);
  const header = JSON.parse(b.toString('utf8', 12, 12 + b.readUInt32LE(8))) as Header;
  const section = (name: string): Uint8Array => {
    const s = header.sections.find((x) => x.name === name);
    if (!s || s.offset + s.length > b.length) throw new Error(`retrieval index: section ${name} missing or truncated`);
    // A copy: the buffer may sit at any alignment, and the index must not pin the whole file in memory.
    const copy = new Uint8Array(s.length);
    copy.set(b.subarray(s.offset, s.offset + s.length));
    return copy;
  };
  const as = <T>(ctor: { new (buffer: ArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number }, u: Uint8Array): T =>
    new ctor(u.buffer as ArrayBuffer, u.byteOffset, u.byteLength / ctor.BYTES_PER_ELEMENT);
  const xs = section('x');
  const x = header.valueType === 'uint8' ? xs : header.valueType === 'uint16' ? as(Uint16Array, xs) : as(Int32Array, xs);
  return {
    n: header.n,
    S: header.S,
    features: header.features,
    valueType: header.valueType,
    x,
    pi: as(Float32Array, section('pi')),
    subspace: as(Float64Array, section('subspace')),
    prototypes: as(Int32Array, section('prototypes')),
    vectors: header.vectors.map((v, i) => ({ column: v.column, dim: v.dim, data: as(Float32Array, section(`vector${i}`)) })),
  };
}

function align8(x: number): number {
  return Math.ceil(x / 8) * 8;
}

export interface RetrieverOptions {
  /** Execution providers to try in order (default: EXEMPLAR_PROVIDERS, else the platform's list; session.ts). */
  providers?: string[];
  /**
   * CPU intra-op threads of the small-batch graph (default 1: measured as fast as 2 on an idle 2-core
   * machine, and p95 11 ms instead of 25-56 ms when another process holds a core, since with 2 threads
   * every operator waits for the slower one).
   */
  threads?: number;
  /** CPU intra-op threads of the batch (one-hot) graph, a GEMM that scales with cores (default: onnxruntime's). */
  batchThreads?: number;
  /** Idle threads spin-wait (default true; session.ts). */
  spinning?: boolean;
  /** Memory for cached chunks and per-run intermediates, in bytes (default 512 MiB). */
  memoryBudget?: number;
  /** Cases per chunk (default 65536: a chunk's intermediates stay in cache). */
  chunkRows?: number;
  /** Batches of at least this many queries use the one-hot graph (default 16, the measured crossover). */
  oneHotMinBatch?: number;
  /** Candidates asked of each chunk beyond k (default 16). */
  extraCandidates?: number;
  /** When a graph lands on a GPU provider, time it against the CPU and keep the faster (default true). */
  speedCheck?: boolean;
  /**
   * Keep every case on a GPU provider's device (resident.ts) when that beats the chunked graphs: 'auto'
   * (default: tried when a GPU provider started, kept per batch size when faster), 'off', or a provider name
   * to use it unconditionally (tests use 'cpu').
   */
  resident?: string;
}

export const RETRIEVER_DEFAULTS = { memoryBudget: 512 * 2 ** 20, chunkRows: 65536, oneHotMinBatch: 16, extraCandidates: 16 } as const;

/** What the Retriever chose, for the user and the logs. */
export interface RetrieverInfo {
  provider: string;
  /** Provider of the batch (one-hot) graph, when it exists. */
  batchProvider: string | null;
  attempts: ProviderAttempt[];
  chunkRows: number;
  chunks: number;
  cachedChunks: number;
  cachedBytes: number;
  /** Graph runs so far, per graph. */
  runs: { gather: number; oneHot: number };
  /** (query, chunk) pairs asked again for more candidates, since the first ones could not prove the top-k. */
  reasks: number;
  /** (query, chunk) pairs then rescored in full in TypeScript (many near-ties). */
  fullRescores: number;
  /** Choices made at creation, for the user (e.g. a GPU provider measured slower than the CPU). */
  notes: string[];
  /** Queries the resident scorer could not prove and the chunked path answered. */
  residentFallbacks: number;
}

interface Chunk {
  start: number;
  n: number;
  /** Built once when within the budget, else per run. */
  tensors: { cases: ort.Tensor; dense: ort.Tensor } | null;
}

/** Quantised weights of one query, and the bound on what quantisation can take from a score. */
interface Prepared {
  query: RetrievalQuery;
  /** Features with w_f > 0. */
  feats: number[];
  /** uint8 weights of feats. */
  a: Uint8Array;
  /** The weight unit: w_f ≈ a_f · unit; the graph scores in these units, plus o_q (similarity.ts). */
  unit: number;
  /** Max amount approx can be below the exact score. */
  up: number;
  dense: Float32Array;
  exclude: Set<number>;
}

export class Retriever {
  private constructor(
    private readonly index: RetrievalIndex,
    private gather: ort.InferenceSession,
    private oneHot: ort.InferenceSession | null,
    private readonly chunks: Chunk[],
    private readonly graphType: GraphValueType,
    private readonly vmax: number,
    private readonly opts: Required<Omit<RetrieverOptions, 'providers' | 'threads' | 'batchThreads' | 'spinning' | 'speedCheck' | 'resident'>>,
    readonly info: RetrieverInfo,
  ) {}

  /** The provider the (small-batch) graph runs on. */
  get provider(): string {
    return this.info.provider;
  }

  static async create(index: RetrievalIndex, options: RetrieverOptions = {}): Promise<Retriever> {
    const opts = {
      memoryBudget: options.memoryBudget ?? RETRIEVER_DEFAULTS.memoryBudget,
      chunkRows: options.chunkRows ?? RETRIEVER_DEFAULTS.chunkRows,
      oneHotMinBatch: options.oneHotMinBatch ?? RETRIEVER_DEFAULTS.oneHotMinBatch,
      extraCandidates: options.extraCandidates ?? RETRIEVER_DEFAULTS.extraCandidates,
    };
    const F = index.features.length;
    if (F === 0) throw new Error('the retrieval index has no features');
    const Dd = denseDim(index);
    const graphType: GraphValueType = index.valueType === 'uint8' ? 'uint8' : 'int32';
    const vmax = index.features.reduce((m, f) => Math.max(m, f.values.length), 1);
    const Dx = index.features.reduce((a, f) => a + f.values.length, 0);
    const probe = (session: ort.InferenceSession): Promise<void> => probeRun(session, index, graphType, vmax);

    const sOpts = { providers: options.providers, threads: options.threads ?? 1, spinning: options.spinning, probe };
    const gModel = buildGatherModel(graphType, Dd);
    const g = await createSession(gModel, sOpts);
    // The one-hot graph pads every feature to vmax slots; with very unequal features that wastes more than
    // batching gains, and the gather graph serves every batch size anyway.
    let oh: Awaited<ReturnType<typeof createSession>> | null = null;
    let ohModel: Uint8Array | null = null;
    const ohOpts = { ...sOpts, threads: options.batchThreads, probe: (s: ort.InferenceSession) => probeRun(s, index, graphType, vmax, true) };
    if (F * vmax <= 4 * Dx) {
      const grid = new Int32Array(F * vmax);
      const miss = graphType === 'uint8' ? 255 : -1;
      for (let f = 0; f < F; f++) for (let v = 0; v < vmax; v++) grid[f * vmax + v] = v < index.features[f].values.length ? v : miss;
      ohModel = buildOneHotModel(graphType, Dd, F, vmax, grid);
      oh = await createSession(ohModel, ohOpts).catch(() => null);
    }

    const chunkRows = Math.max(1, Math.min(opts.chunkRows, index.n));
    const chunks: Chunk[] = [];
    const perCase = F * (graphType === 'uint8' ? 1 : 4) + Dd * 4;
    const cacheLimit = opts.memoryBudget * 0.75;
    let cached = 0;
    for (let start = 0; start < index.n; start += chunkRows) {
      const n = Math.min(chunkRows, index.n - start);
      const bytes = n * perCase;
      const keep = cached + bytes <= cacheLimit;
      if (keep) cached += bytes;
      chunks.push({ start, n, tensors: keep ? chunkTensors(index, graphType, start, n) : null });
    }
    const info: RetrieverInfo = {
      provider: g.provider,
      batchProvider: oh?.provider ?? null,
      attempts: [...g.attempts, ...(oh?.attempts ?? [])],
      chunkRows,
      chunks: chunks.length,
      cachedChunks: chunks.filter((c) => c.tensors).length,
      cachedBytes: cached,
      runs: { gather: 0, oneHot: 0 },
      reasks: 0,
      fullRescores: 0,
      notes: [],
      residentFallbacks: 0,
    };
    const r = new Retriever(index, g.session, oh?.session ?? null, chunks, graphType, vmax, opts, info);
    if (options.speedCheck !== false) {
      await r.keepFasterThanCpu(false, gModel, sOpts);
      if (ohModel) await r.keepFasterThanCpu(true, ohModel, ohOpts);
    }
    const mode = options.resident ?? 'auto';
    const gpu = mode === 'auto' ? info.attempts.find((a) => a.ok && a.provider !== 'cpu')?.provider : mode === 'off' ? undefined : mode;
    if (gpu) await r.tryResident(gpu, mode !== 'auto');
    return r;
  }

  private resident: ResidentScorer | null = null;
  /** Which batch sizes the resident scorer serves (one query; batches of oneHotMinBatch and more). */
  private residentFor = { single: false, batch: false };

  /** Builds the resident scorer on `provider` and keeps it for the batch sizes where it is faster. */
  private async tryResident(provider: string, forced: boolean): Promise<void> {
    const rs = await ResidentScorer.create(this.index, provider);
    if (!rs) {
      this.info.notes.push(`resident: the cases do not fit on ${provider}, or it cannot run the graph`);
      return;
    }
    if (forced) {
      this.resident = rs;
      this.residentFor = { single: true, batch: true };
      return;
    }
    const n = this.index.n;
    const one = [queryFromCase(this.index, 0)];
    const many = Array.from({ length: this.opts.oneHotMinBatch }, (_, i) => queryFromCase(this.index, i % n));
    const time = async (run: () => Promise<unknown>): Promise<number> => {
      await run();
      const t0 = performance.now();
      await run();
      await run();
      return (performance.now() - t0) / 2;
    };
    const t1 = [await time(() => rs.topK(one, 10)), await time(() => this.topKChunked(one, 10))];
    const tb = [await time(() => rs.topK(many, 10)), await time(() => this.topKChunked(many, 10))];
    this.residentFor = { single: t1[0] < t1[1], batch: tb[0] < tb[1] };
    this.info.notes.push(
      `resident on ${provider}: one query ${t1[0].toFixed(1)} ms vs ${t1[1].toFixed(1)} ms on ${this.info.provider}, ` +
        `${many.length} queries ${tb[0].toFixed(1)} ms vs ${tb[1].toFixed(1)} ms on ${this.info.batchProvider ?? this.info.provider}`,
    );
    if (this.residentFor.single) this.info.provider = provider;
    if (this.residentFor.batch) this.info.batchProvider = provider;
    if (this.residentFor.single || this.residentFor.batch) this.resident = rs;
    else await rs.close();
  }

  /**
   * A GPU provider gets the chunks from host memory on every run (graph inputs), and some operators here
   * (8-bit MatMulInteger, Equal on uint8) may run on the CPU anyway with copies between: measured on an
   * H100 through WebGPU, 1M cases, 9× slower than the CPU at batch 1 and 4× at batch 64. So when the
   * session is not on the CPU, time one chunk on it and on a CPU session and keep the faster.
   */
  private async keepFasterThanCpu(oneHot: boolean, model: Uint8Array, sOpts: SessionOptions): Promise<void> {
    const key = oneHot ? 'batchProvider' : 'provider';
    const current = oneHot ? this.oneHot : this.gather;
    const provider = this.info[key];
    if (!current || provider === null || provider === 'cpu' || this.index.n === 0) return;
    const cpu = await createSession(model, { ...sOpts, providers: ['cpu'] }).catch(() => null);
    if (!cpu) return;
    const chunk = this.chunks[0];
    const t = chunk.tensors ?? chunkTensors(this.index, this.graphType, chunk.start, chunk.n);
    const B = oneHot ? this.opts.oneHotMinBatch : 1;
    const feeds = {
      ...this.queryFeeds(oneHot, Array.from({ length: B }, (_, i) => this.prepare(queryFromCase(this.index, i % this.index.n), {}))),
      [IN.cases]: t.cases,
      [IN.dense]: t.dense,
      [IN.k]: new ort.Tensor('int64', BigInt64Array.of(BigInt(Math.min(chunk.n, 10 + this.opts.extraCandidates))), [1]),
    };
    const time = async (session: ort.InferenceSession): Promise<number> => {
      const ts: number[] = [];
      for (let i = 0; i < 4; i++) {
        const t0 = performance.now();
        await session.run(feeds);
        ts.push(performance.now() - t0);
      }
      return ts.slice(1).sort((a, b) => a - b)[1];
    };
    const tHere = await time(current);
    const tCpu = await time(cpu.session);
    const graph = oneHot ? 'batch graph' : 'graph';
    if (tCpu < tHere) {
      this.info.notes.push(`${graph}: ${provider} ran a chunk in ${tHere.toFixed(1)} ms, cpu in ${tCpu.toFixed(1)} ms; using cpu`);
      this.info[key] = 'cpu';
      if (oneHot) this.oneHot = cpu.session;
      else this.gather = cpu.session;
      await current.release();
    } else {
      this.info.notes.push(`${graph}: ${provider} ran a chunk in ${tHere.toFixed(1)} ms, cpu in ${tCpu.toFixed(1)} ms; using ${provider}`);
      await cpu.session.release();
    }
  }

  /** The k best cases of each query, best first (score desc, then row asc); scores are the formula's. */
  async topK(queries: RetrievalQuery[], k: number, opts: TopKOptions = {}): Promise<Hit[][]> {
    const resident = this.resident && (queries.length >= this.opts.oneHotMinBatch ? this.residentFor.batch : this.residentFor.single);
    if (!resident || !(k >= 1) || queries.length === 0) return this.topKChunked(queries, k, opts);
    const hits = await this.resident!.topK(queries, k, opts, this.opts.extraCandidates);
    const unproven = hits.flatMap((h, i) => (h ? [] : [i]));
    if (unproven.length) {
      this.info.residentFallbacks += unproven.length;
      const more = await this.topKChunked(unproven.map((i) => queries[i]), k, opts);
      unproven.forEach((i, j) => (hits[i] = more[j]));
    }
    return hits as Hit[][];
  }

  /** topK over the chunks with the gather / one-hot graphs. */
  private async topKChunked(queries: RetrievalQuery[], k: number, opts: TopKOptions = {}): Promise<Hit[][]> {
    if (queries.length === 0) return [];
    if (!(k >= 1)) return queries.map(() => []);
    const prepared = queries.map((q) => this.prepare(q, opts));
    const B = queries.length;
    // Per query and chunk: the candidates' exact scores, and the last approx the chunk returned (−∞ when
    // the chunk returned all its cases).
    const cands: Map<number, number>[] = prepared.map(() => new Map());
    const floors: Float64Array[] = prepared.map(() => new Float64Array(this.chunks.length));
    const maxEx = prepared.reduce((m, p) => Math.max(m, p.exclude.size), 0);
    const kc = k + maxEx + this.opts.extraCandidates;

    const useOneHot = this.oneHot !== null && B >= this.opts.oneHotMinBatch;
    const sub = this.subBatch(Math.min(this.opts.chunkRows, this.index.n), useOneHot, prepared);
    const groups: { b0: number; feeds: Record<string, ort.Tensor>; group: Prepared[] }[] = [];
    for (let b0 = 0; b0 < B; b0 += sub) {
      const group = prepared.slice(b0, b0 + sub);
      groups.push({ b0, feeds: this.queryFeeds(useOneHot, group), group });
    }
    for (let ci = 0; ci < this.chunks.length; ci++) {
      const chunk = this.chunks[ci];
      const t = chunk.tensors ?? chunkTensors(this.index, this.graphType, chunk.start, chunk.n);
      for (const { b0, feeds, group } of groups) {
        await this.runChunk(useOneHot, t, chunk, feeds, group, Math.min(kc, chunk.n), (bi, row, approx, last) => {
          if (row >= 0) this.addCandidate(cands[b0 + bi], prepared[b0 + bi], row);
          else floors[b0 + bi][ci] = last ? approx : -Infinity;
        });
      }
    }

    // Prove each query's top-k, asking failing chunks again.
    const results: Hit[][] = [];
    for (let b = 0; b < B; b++) {
      const p = prepared[b];
      for (let attempt = 0; ; attempt++) {
        const top = new TopKList(k);
        for (const [row, s] of cands[b]) if (!p.exclude.has(row)) top.push(row, s);
        const T = top.hits.length === k ? top.hits[k - 1].score : -Infinity;
        const failing: number[] = [];
        floors[b].forEach((m, ci) => {
          if (m !== -Infinity && !(T > m + p.up)) failing.push(ci);
        });
        if (failing.length === 0) {
          results.push(top.hits);
          break;
        }
        for (const ci of failing) {
          const chunk = this.chunks[ci];
          if (attempt === 0) {
            this.info.reasks++;
            const t = chunk.tensors ?? chunkTensors(this.index, this.graphType, chunk.start, chunk.n);
            await this.runChunk(false, t, chunk, this.queryFeeds(false, [p]), [p], Math.min(chunk.n, kc * 8), (_bi, row, approx, last) => {
              if (row >= 0) this.addCandidate(cands[b], p, row);
              else floors[b][ci] = last ? approx : -Infinity;
            });
          } else {
            for (let c = chunk.start; c < chunk.start + chunk.n; c++) this.addCandidate(cands[b], p, c);
            floors[b][ci] = -Infinity;
            this.info.fullRescores++;
          }
        }
      }
    }
    return results;
  }

  async close(): Promise<void> {
    await this.gather.release();
    await this.oneHot?.release();
    await this.resident?.close();
  }

  private addCandidate(cands: Map<number, number>, p: Prepared, row: number): void {
    if (!cands.has(row)) cands.set(row, scoreCase(this.index, p.query, row));
  }

  private prepare(query: RetrievalQuery, opts: TopKOptions): Prepared {
    const feats: number[] = [];
    let wmax = 0;
    let wsum = 0;
    for (let f = 0; f < query.w.length; f++) {
      if (query.x[f] >= 0 && query.w[f] > 0) {
        feats.push(f);
        wmax = Math.max(wmax, query.w[f]);
        wsum += query.w[f];
      }
    }
    const unit = wmax > 0 ? wmax / 255 : 1;
    const a = new Uint8Array(feats.length);
    // How far below the exact score approx can be: Σ r_f over the features case c matches, r_f = w_f − a_f·unit.
    // Rewards are rounded to nearest: at most Σ max(0, r_f). Penalties sit on the absent slot, which a case
    // matches for every item it does not hold: Σ_{P} r_f − Σ_{P held} r_f. Rounding them down makes every
    // r_f ≥ 0, so that is at most R_P = Σ_P r_f, a constant of the query that approx lacks for every case
    // alike: the k-th candidate's exact score carries it too, and the proof (T > m + up) loses only what
    // the candidate's own held items take off (rounding to nearest instead costs the worst case over
    // thousands of absent words: measured on the packages text, most queries then fell back to full scoring).
    let up = 0;
    feats.forEach((f, i) => {
      const q = query.w[f] / unit;
      a[i] = Math.min(255, query.penalty[f] ? Math.floor(q) : Math.round(q));
      up += Math.max(0, query.w[f] - a[i] * unit);
    });
    const qd = queryDense(query);
    const dense = Float32Array.from(qd, (v) => v / unit);
    let dsum = Math.abs(query.piWeight);
    for (const v of query.vectors) dsum += Math.abs(v.gamma);
    // float32 in the graph: the integer part is exact; the dense dot product of length Dd, in values and
    // products of magnitude ≤ Σ dense weights, is off by at most about (Dd + 2) float32 epsilons of it.
    up += (qd.length + 8) * 1.2e-7 * (1 + wsum + dsum);
    return { query, feats, a, unit, up, dense, exclude: excludedFor(query, opts) };
  }

  /** Queries per run so that one run's intermediates fit what the budget leaves after the cache. */
  private subBatch(n: number, oneHot: boolean, prepared: Prepared[]): number {
    const work = Math.max(this.opts.memoryBudget - this.info.cachedBytes, this.opts.memoryBudget / 4);
    const vb = this.graphType === 'uint8' ? 1 : 4;
    const F = this.index.features.length;
    if (oneHot) {
      const fixed = n * F * (vb + this.vmax * 2);
      return Math.max(1, Math.floor((work - fixed) / (n * 24)));
    }
    const fo = prepared.reduce((m, p) => Math.max(m, p.feats.length, 1), 1);
    return Math.max(1, Math.floor(work / (n * (fo * (vb + 2) + 24))));
  }

  /** The query side of a run's feeds, the same for every chunk. */
  private queryFeeds(oneHot: boolean, group: Prepared[]): Record<string, ort.Tensor> {
    const B = group.length;
    const Dd = denseDim(this.index);
    const F = this.index.features.length;
    const qd = new Float32Array(B * Dd);
    group.forEach((p, b) => qd.set(p.dense, b * Dd));
    const feeds: Record<string, ort.Tensor> = { [IN.denseQuery]: new ort.Tensor('float32', qd, [B, Dd]) };
    if (oneHot) {
      const W = new Uint8Array(B * F * this.vmax);
      group.forEach((p, b) => p.feats.forEach((f, i) => (W[b * F * this.vmax + f * this.vmax + p.query.x[f]] = p.a[i])));
      feeds[IN.weights] = new ort.Tensor('uint8', W, [B, F * this.vmax]);
    } else {
      const fo = group.reduce((m, p) => Math.max(m, p.feats.length), 1);
      const fi = new BigInt64Array(B * fo);
      const qv = this.graphType === 'uint8' ? new Uint8Array(B * fo) : new Int32Array(B * fo);
      const W = new Uint8Array(B * fo);
      group.forEach((p, b) =>
        p.feats.forEach((f, i) => {
          fi[b * fo + i] = BigInt(f);
          qv[b * fo + i] = p.query.x[f];
          W[b * fo + i] = p.a[i];
        }),
      );
      feeds[IN.features] = new ort.Tensor('int64', fi, [B, fo]);
      feeds[IN.values] = new ort.Tensor(this.graphType, qv, [B, fo, 1]);
      feeds[IN.weights] = new ort.Tensor('uint8', W, [B, 1, fo]);
    }
    return feeds;
  }

  /**
   * One run of a graph on a chunk; emit(bi, row, approx, last) is called for each candidate of each query
   * bi of the group, then once with row −1 and the last (smallest) approx the chunk returned for that
   * query, last = false when the chunk returned all its cases. group: the run's prepared queries (the graph
   * scores in their weight units, offset by o_q).
   */
  private async runChunk(
    oneHot: boolean,
    t: { cases: ort.Tensor; dense: ort.Tensor },
    chunk: Chunk,
    queryFeeds: Record<string, ort.Tensor>,
    group: Prepared[],
    kc: number,
    emit: (bi: number, row: number, approx: number, last: boolean) => void,
  ): Promise<void> {
    const feeds: Record<string, ort.Tensor> = {
      ...queryFeeds,
      [IN.cases]: t.cases,
      [IN.dense]: t.dense,
      [IN.k]: new ort.Tensor('int64', BigInt64Array.of(BigInt(kc)), [1]),
    };
    const out = await (oneHot ? this.oneHot! : this.gather).run(feeds);
    this.info.runs[oneHot ? 'oneHot' : 'gather']++;
    const vals = out[OUT.values].data as Float32Array;
    const idx = out[OUT.indices].data as BigInt64Array;
    const [B, kk] = out[OUT.values].dims;
    for (let b = 0; b < B; b++) {
      // The graph scores Q_q · E_c = score + o_q (the penalties sit on the absent slots), in units.
      const u = group[b].unit;
      const o = group[b].query.offset;
      for (let j = 0; j < kk; j++) emit(b, chunk.start + Number(idx[b * kk + j]), vals[b * kk + j] * u - o, true);
      emit(b, -1, kk > 0 ? vals[b * kk + kk - 1] * u - o : -Infinity, kk < chunk.n);
    }
  }
}

/** The chunk's tensors: <feature, case> value indices and <dense dim, case> dense part of E_c. */
function chunkTensors(index: RetrievalIndex, type: GraphValueType, start: number, n: number): { cases: ort.Tensor; dense: ort.Tensor } {
  const F = index.features.length;
  const miss = missingCode(index.valueType);
  const xt = type === 'uint8' ? new Uint8Array(F * n) : new Int32Array(F * n); // indexed by <feature, case>
  for (let c = 0; c < n; c++) {
    const base = (start + c) * F;
    for (let f = 0; f < F; f++) {
      const v = index.x[base + f];
      xt[f * n + c] = v === miss ? (type === 'uint8' ? 255 : -1) : v;
    }
  }
  const Dd = denseDim(index);
  const p = new Float32Array(Dd * n); // indexed by <dense dim, case>
  const blocks: { data: Float32Array; dim: number }[] = [{ data: index.pi, dim: index.S }, ...index.vectors];
  for (let c = 0; c < n; c++) {
    let o = 0;
    for (const b of blocks) {
      const base = (start + c) * b.dim;
      let nn = 0;
      for (let j = 0; j < b.dim; j++) nn += b.data[base + j] * b.data[base + j];
      const inv = nn > 0 && Number.isFinite(nn) ? 1 / Math.sqrt(nn) : 0;
      for (let j = 0; j < b.dim; j++) p[(o + j) * n + c] = inv === 0 ? 0 : b.data[base + j] * inv;
      o += b.dim;
    }
  }
  return { cases: new ort.Tensor(type, xt, [F, n]), dense: new ort.Tensor('float32', p, [Dd, n]) };
}

/** One run on a two-case chunk: a provider that starts but cannot run these operators is skipped. */
async function probeRun(session: ort.InferenceSession, index: RetrievalIndex, type: GraphValueType, vmax: number, oneHot = false): Promise<void> {
  const F = index.features.length;
  const Dd = denseDim(index);
  const n = 2;
  const xt = type === 'uint8' ? new Uint8Array(F * n) : new Int32Array(F * n);
  const feeds: Record<string, ort.Tensor> = {
    [IN.cases]: new ort.Tensor(type, xt, [F, n]),
    [IN.dense]: new ort.Tensor('float32', new Float32Array(Dd * n), [Dd, n]),
    [IN.denseQuery]: new ort.Tensor('float32', new Float32Array(Dd), [1, Dd]),
    [IN.k]: new ort.Tensor('int64', BigInt64Array.of(1n), [1]),
  };
  if (oneHot) {
    const W = new Uint8Array(F * vmax);
    W[0] = 1;
    feeds[IN.weights] = new ort.Tensor('uint8', W, [1, F * vmax]);
  } else {
    feeds[IN.features] = new ort.Tensor('int64', BigInt64Array.of(0n), [1, 1]);
    feeds[IN.values] = new ort.Tensor(type, type === 'uint8' ? new Uint8Array(1) : new Int32Array(1), [1, 1, 1]);
    feeds[IN.weights] = new ort.Tensor('uint8', Uint8Array.of(1), [1, 1, 1]);
  }
  const out = await session.run(feeds);
  const v = out[OUT.values].data as Float32Array;
  // Both cases hold value 0 in feature 0 and the query weighs it 1.
  if (F > 0 && v[0] !== 1) throw new Error(`probe run returned ${v[0]}, expected 1`);
}

