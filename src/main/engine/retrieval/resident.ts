// Scoring with every case resident on the device. A GPU provider fed chunks as graph inputs spends its time
// copying them (measured on an H100 through WebGPU: a 65,536-case chunk in 28 ms against 2.3 ms on the CPU).
// Here E_c of every case is one fp32 matrix, an initializer uploaded once when the session is created; a run
// uploads only the queries' Q, MatMul + TopK leave a few candidates per query on the host, and those are
// rescored exactly, so the result is the formula's top-k (or null when the candidates cannot prove it).
import * as ort from 'onnxruntime-node';
import { DataType, encodeModel, rawBytes } from './onnx-proto';
import { createSession } from './session';
import { encodeCase, encodedDim, excludedFor, scoreCase, TopKList, type TopKOptions } from './similarity';
import type { Hit, RetrievalIndex, RetrievalQuery } from './types';

/** The largest case matrix kept on a device: an ONNX model is one protobuf, at most 2 GiB. */
export const RESIDENT_MAX_BYTES = 1.5 * 2 ** 30;

export class ResidentScorer {
  private constructor(
    readonly provider: string,
    private readonly session: ort.InferenceSession,
    private readonly index: RetrievalIndex,
    private readonly D: number,
  ) {}

  /** The scorer on `provider`, or null when the cases do not fit or the provider cannot run the graph. */
  static async create(index: RetrievalIndex, provider: string): Promise<ResidentScorer | null> {
    const n = index.n;
    const D = encodedDim(index);
    if (n === 0 || D * n * 4 > RESIDENT_MAX_BYTES) return null;
    const E = new Float32Array(D * n); // indexed by <dim, case>: column c is E_c, as encodeCase writes it
    const column = new Float32Array(D);
    for (let c = 0; c < n; c++) {
      encodeCase(index, c, column);
      for (let d = 0; d < D; d++) if (column[d] !== 0) E[d * n + c] = column[d];
    }
    const model = encodeModel({
      graph: {
        name: 'exemplar-resident',
        nodes: [
          { opType: 'MatMul', inputs: ['Q', 'E'], outputs: ['score'] },
          { opType: 'TopK', inputs: ['score', 'k'], outputs: ['values', 'indices'], attributes: { axis: { kind: 'int', value: -1 } } },
        ],
        initializers: [{ name: 'E', dataType: DataType.FLOAT, dims: [D, n], raw: rawBytes(E) }],
        inputs: [
          { name: 'Q', elemType: DataType.FLOAT, dims: ['B', D] },
          { name: 'k', elemType: DataType.INT64, dims: [1] },
        ],
        outputs: [
          { name: 'values', elemType: DataType.FLOAT, dims: ['B', 'K'] },
          { name: 'indices', elemType: DataType.INT64, dims: ['B', 'K'] },
        ],
      },
    });
    const choice = await createSession(model, { providers: [provider] }).catch(() => null);
    return choice ? new ResidentScorer(choice.provider, choice.session, index, D) : null;
  }

  /** Each query's exact top-k, or null for a query whose candidates cannot prove it (near-ties at the cut). */
  async topK(queries: RetrievalQuery[], k: number, opts: TopKOptions = {}, extra = 16): Promise<(Hit[] | null)[]> {
    const B = queries.length;
    const excluded = queries.map((q) => excludedFor(q, opts));
    const kc = Math.min(this.index.n, k + extra + excluded.reduce((m, e) => Math.max(m, e.size), 0));
    const Q = new Float32Array(B * this.D);
    queries.forEach((q, b) => Q.set(q.q, b * this.D));
    const out = await this.session.run({
      Q: new ort.Tensor('float32', Q, [B, this.D]),
      k: new ort.Tensor('int64', BigInt64Array.of(BigInt(kc)), [1]),
    });
    const values = out.values.data as Float32Array;
    const indices = out.indices.data as BigInt64Array;
    return queries.map((q, b) => {
      const top = new TopKList(k);
      for (let i = 0; i < kc; i++) {
        const row = Number(indices[b * kc + i]);
        if (!excluded[b].has(row)) top.push(row, scoreCase(this.index, q, row));
      }
      if (kc === this.index.n) return top.hits;
      // Every case left out scored at most `last` in fp32; its exact score is at most last + the fp32 error
      // of a D-term dot product (weights ≤ Σ|Q|, E entries ≤ 1).
      let qsum = 0;
      for (let d = 0; d < this.D; d++) qsum += Math.abs(q.q[d]);
      // Q_q · E_c is the score plus o_q (similarity.ts).
      const bound = values[b * kc + kc - 1] - q.offset + (this.D + 8) * 1.2e-7 * (1 + qsum);
      const T = top.hits.length === k ? top.hits[k - 1].score : -Infinity;
      return T > bound ? top.hits : null;
    });
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
