// The scoring graphs, built at run time with onnx-proto.ts. Cases enter as graph inputs, one chunk per run,
// so one session serves every chunk; the chunk keeps the compact encoding (one value index per feature, F
// bytes a case) and the one-hot expansion happens inside the graph, in cache-sized pieces.
//
// Both graphs compute, for B queries and a chunk of n cases,
//   score[b, c] = Σ_f a_bf · [x_cf = qv_bf]  +  QD_b · P_c           (then TopK over c)
// where a_bf = round(w_f(q_b) / unit_b) ∈ 0..255 are the feature weights quantised to 8 bits (so the
// one-hot product runs as MatMulInteger on 8-bit integers), QD_b the dense part of Q (π and vector blocks)
// divided by unit_b, and P_c the dense part of E_c, fp32. The score is in units of unit_b, which does not
// change a query's ranking; the caller multiplies the k values back (this saves two passes over [B, n]).
// The caller rescores the candidates exactly (similarity.ts) and knows how far approx can be from the
// exact score, so the final top-k is exact (retrieval.ts).
//
// Why this encoding (bench/retrieval.ts --alternatives, one quiet run: 1M cases × 32 features × 8 values,
// S = 10, k = 10, 2-core AMD EPYC (Zen 3, AVX2), onnxruntime 1.30 CPU; memory, batch-1 p50, batch-64 q/s):
//   fp32 one-hot MatMul                      1015 MiB    50 ms   128 q/s   reads 1 GB a query
//   fp16 one-hot MatMul                       507 MiB    73 ms   140 q/s   no fast fp16 GEMM on x86
//   8-bit one-hot, stored, MatMulInteger      254 MiB    13 ms   205 q/s   approximate, like ours
//   value indices, Gather + ReduceSum         160 MiB   197 ms     6 q/s   Gather copies element-wise
//   value indices, Equal (gather graph)        69 MiB    10 ms    63 q/s   ← batches below 16
//   value indices, in-graph one-hot            69 MiB    40 ms   138 q/s   ← batches of 16 and more
// Comparing value indices with Equal touches F bytes a case, and only the features the query fills in;
// for a batch, one MatMulInteger against the chunk expanded to one-hot inside the graph serves all B
// queries. The one-hot is cast to int8: uint8 weights × int8 one-hot is MLAS's fast kernel (uint8 ×
// uint8 measured 2-3× slower). A stored 8-bit one-hot is as fast at batch 1 and ~1.4× faster for batches,
// but takes D_x bytes a case instead of F (3.7× here, more with many-valued features).

import { DataType, encodeModel, rawBytes, type NodeSpec, type TensorInit, type ValueInfo } from './onnx-proto';

/** Graph element type of the value indices: uint8 when every feature has < 255 values, else int32. */
export type GraphValueType = 'uint8' | 'int32';

export const GRAPH_INPUTS = {
  /** <feature, case> value indices of the chunk; missing = 255 (uint8) or -1 (int32). */
  cases: 'XT',
  /** <dense dim, case> dense part of E_c (π/|π|, then vector blocks), fp32. */
  dense: 'P',
  /** <query, slot> features compared (gather graph): feature indices, int64. */
  features: 'FI',
  /** <query, slot, 1> the query's value at each compared feature (gather graph). */
  values: 'QV',
  /** <query, 1, slot> (gather) or <query, one-hot slot> (one-hot graph): quantised weights, uint8. */
  weights: 'W',
  /** <query, dense dim>: the dense part of Q divided by the query's weight unit, fp32. */
  denseQuery: 'QD',
  /** [1] int64: how many candidates per query. */
  k: 'K',
} as const;
export const GRAPH_OUTPUTS = { values: 'TOPV', indices: 'TOPI' } as const;

const OPSET = 17;

function i64(name: string, v: number[], dims = [v.length]): TensorInit {
  return { name, dataType: DataType.INT64, dims, raw: rawBytes(BigInt64Array.from(v, (x) => BigInt(x))) };
}

function elem(t: GraphValueType) {
  return t === 'uint8' ? DataType.UINT8 : DataType.INT32;
}

/** Shared tail: int32 [B, n] → + QD·P (one Gemm, C = the integer part) → TopK. */
function tail(intScores: string): NodeSpec[] {
  const I = GRAPH_INPUTS;
  return [
    { opType: 'Cast', inputs: [intScores], outputs: ['sf'], attributes: { to: { kind: 'int', value: DataType.FLOAT } } },
    { opType: 'Gemm', inputs: [I.denseQuery, I.dense, 'sf'], outputs: ['score'] },
    { opType: 'TopK', inputs: ['score', I.k], outputs: [GRAPH_OUTPUTS.values, GRAPH_OUTPUTS.indices], attributes: { axis: { kind: 'int', value: -1 } } },
  ];
}

function commonInputs(t: GraphValueType, denseDim: number): ValueInfo[] {
  const I = GRAPH_INPUTS;
  return [
    { name: I.cases, elemType: elem(t), dims: ['F', 'n'] },
    { name: I.dense, elemType: DataType.FLOAT, dims: [denseDim, 'n'] },
    { name: I.denseQuery, elemType: DataType.FLOAT, dims: ['B', denseDim] },
    { name: I.k, elemType: DataType.INT64, dims: [1] },
  ];
}

const outputs: ValueInfo[] = [
  { name: GRAPH_OUTPUTS.values, elemType: DataType.FLOAT, dims: ['B', 'k'] },
  { name: GRAPH_OUTPUTS.indices, elemType: DataType.INT64, dims: ['B', 'k'] },
];

/**
 * Small batches: gather the rows of the features each query fills in (Fo slots, padded with weight 0),
 * compare them with the query's values, and weigh the matches: Σ_f a_bf · [x_cf = qv_bf].
 */
export function buildGatherModel(valueType: GraphValueType, denseDim: number): Uint8Array {
  const I = GRAPH_INPUTS;
  const nodes: NodeSpec[] = [
    { opType: 'Gather', inputs: [I.cases, I.features], outputs: ['xg'], attributes: { axis: { kind: 'int', value: 0 } } }, // [B, Fo, n]
    { opType: 'Equal', inputs: ['xg', I.values], outputs: ['eq'] },
    { opType: 'Cast', inputs: ['eq'], outputs: ['eq8'], attributes: { to: { kind: 'int', value: DataType.INT8 } } }, // u8 × s8: MLAS's fast kernel
    { opType: 'MatMulInteger', inputs: [I.weights, 'eq8'], outputs: ['si3'] }, // [B, 1, n]
    { opType: 'Squeeze', inputs: ['si3', 'axis1'], outputs: ['si'] },
    ...tail('si'),
  ];
  return encodeModel({
    opsets: [{ domain: '', version: OPSET }],
    graph: {
      name: 'exemplar_retrieval_gather',
      nodes,
      initializers: [i64('axis1', [1])],
      inputs: [
        ...commonInputs(valueType, denseDim),
        { name: I.features, elemType: DataType.INT64, dims: ['B', 'Fo'] },
        { name: I.values, elemType: elem(valueType), dims: ['B', 'Fo', 1] },
        { name: I.weights, elemType: DataType.UINT8, dims: ['B', 1, 'Fo'] },
      ],
      outputs,
    },
  });
}

/**
 * Batches: expand the chunk to one-hot inside the graph, [x_cf = v] for every feature f and value slot v <
 * vmax (slots past V_f hold the missing code and carry weight 0), then one uint8 MatMulInteger for all B
 * queries. grid: <feature, slot> the value each slot stands for.
 */
export function buildOneHotModel(valueType: GraphValueType, denseDim: number, F: number, vmax: number, grid: Int32Array): Uint8Array {
  const I = GRAPH_INPUTS;
  const gridT: TensorInit =
    valueType === 'uint8'
      ? { name: 'grid', dataType: DataType.UINT8, dims: [F, vmax, 1], raw: Uint8Array.from(grid) }
      : { name: 'grid', dataType: DataType.INT32, dims: [F, vmax, 1], raw: rawBytes(Int32Array.from(grid)) };
  const nodes: NodeSpec[] = [
    { opType: 'Unsqueeze', inputs: [I.cases, 'axis1'], outputs: ['x3'] }, // [F, 1, n]
    { opType: 'Equal', inputs: ['x3', 'grid'], outputs: ['eq'] }, // [F, vmax, n]
    { opType: 'Cast', inputs: ['eq'], outputs: ['eq8'], attributes: { to: { kind: 'int', value: DataType.INT8 } } }, // u8 × s8: MLAS's fast kernel
    { opType: 'Reshape', inputs: ['eq8', 'flat'], outputs: ['onehot'] }, // [F·vmax, n]
    { opType: 'MatMulInteger', inputs: [I.weights, 'onehot'], outputs: ['si'] }, // [B, n]
    ...tail('si'),
  ];
  return encodeModel({
    opsets: [{ domain: '', version: OPSET }],
    graph: {
      name: 'exemplar_retrieval_onehot',
      nodes,
      initializers: [i64('axis1', [1]), i64('flat', [F * vmax, -1]), gridT],
      inputs: [...commonInputs(valueType, denseDim), { name: I.weights, elemType: DataType.UINT8, dims: ['B', F * vmax] }],
      outputs,
    },
  });
}
