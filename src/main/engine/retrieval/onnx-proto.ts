// A minimal writer for the ONNX ModelProto, enough to build the retrieval graph at run time without a
// protobuf package. Wire format: https://protobuf.dev/programming-guides/encoding/ (varint = 0,
// fixed32 = 5, length-delimited = 2). Field numbers are those of onnx/onnx.proto (checked against
// onnx/onnx.proto at the IR version 7/8 layout; they have not changed since).
//
// Messages are written as lists of byte chunks so that a large raw_data initializer is copied once, when
// the model is finished, not once per nesting level.

/** TensorProto.DataType. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
} as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType (only the kinds this writer emits). */
const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

export interface TensorInit {
  name: string;
  dataType: DataTypeCode;
  dims: number[];
  /** Little-endian element bytes, row-major (TensorProto.raw_data). */
  raw: Uint8Array;
}

export type AttributeValue =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: number[] }
  | { kind: 'float'; value: number }
  | { kind: 'floats'; value: number[] }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: TensorInit };

export interface NodeSpec {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attributes?: Record<string, AttributeValue>;
}

/** A graph input or output: a tensor type whose dims are sizes or symbolic names. */
export interface ValueInfo {
  name: string;
  elemType: DataTypeCode;
  dims: (number | string)[];
}

export interface GraphSpec {
  name: string;
  nodes: NodeSpec[];
  initializers?: TensorInit[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

export interface ModelSpec {
  graph: GraphSpec;
  /** Default 8 (ONNX 1.10+). */
  irVersion?: number;
  /** Default [{ domain: '', version: 17 }]. */
  opsets?: { domain: string; version: number }[];
  producerName?: string;
}

const WIRE_VARINT = 0;
const WIRE_FIXED32 = 5;
const WIRE_LEN = 2;

const utf8 = new TextEncoder();

/** Collects one message's bytes as chunks; nested messages are appended without copying their chunks. */
export class ProtoWriter {
  readonly parts: Uint8Array[] = [];
  length = 0;
  private scratch: number[] = [];

  private flushScratch(): void {
    if (this.scratch.length === 0) return;
    const b = Uint8Array.from(this.scratch);
    this.parts.push(b);
    this.length += b.length;
    this.scratch = [];
  }

  private rawVarint(v: number | bigint): void {
    if (typeof v === 'number' && v >= 0 && v <= Number.MAX_SAFE_INTEGER && Number.isInteger(v)) {
      while (v >= 0x80) {
        this.scratch.push((v % 0x80) | 0x80);
        v = Math.floor(v / 0x80);
      }
      this.scratch.push(v);
      return;
    }
    // Negative int32/int64 values are sign-extended to 64 bits: always 10 bytes (protobuf encoding spec).
    let u = BigInt.asUintN(64, BigInt(v));
    while (u >= 0x80n) {
      this.scratch.push(Number(u & 0x7fn) | 0x80);
      u >>= 7n;
    }
    this.scratch.push(Number(u));
  }

  private tag(field: number, wire: number): void {
    this.rawVarint(field * 8 + wire);
  }

  varint(field: number, v: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.rawVarint(v);
    return this;
  }

  float(field: number, v: number): this {
    this.tag(field, WIRE_FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    for (const x of b) this.scratch.push(x);
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, WIRE_LEN);
    this.rawVarint(data.length);
    this.flushScratch();
    if (data.length > 0) {
      this.parts.push(data);
      this.length += data.length;
    }
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, utf8.encode(s));
  }

  message(field: number, sub: ProtoWriter): this {
    sub.flushScratch();
    this.tag(field, WIRE_LEN);
    this.rawVarint(sub.length);
    this.flushScratch();
    for (const p of sub.parts) this.parts.push(p);
    this.length += sub.length;
    return this;
  }

  /** A packed repeated varint field (proto3 default; accepted for proto2 `repeated int64` by all parsers). */
  packedVarints(field: number, values: number[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.rawVarint(v);
    inner.flushScratch();
    return this.message(field, inner);
  }

  finish(): Uint8Array {
    this.flushScratch();
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

// Field numbers, onnx.proto.
const F = {
  model: { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8 },
  opset: { domain: 1, version: 2 },
  graph: { node: 1, name: 2, initializer: 5, input: 11, output: 12 },
  node: { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 },
  attr: { name: 1, f: 2, i: 3, s: 4, t: 5, floats: 7, ints: 8, type: 20 },
  tensor: { dims: 1, dataType: 2, name: 8, rawData: 9 },
  valueInfo: { name: 1, type: 2 },
  typeProto: { tensorType: 1 },
  typeTensor: { elemType: 1, shape: 2 },
  shape: { dim: 1 },
  dim: { value: 1, param: 2 },
} as const;

export function writeTensor(t: TensorInit): ProtoWriter {
  const w = new ProtoWriter();
  if (t.dims.length > 0) w.packedVarints(F.tensor.dims, t.dims);
  w.varint(F.tensor.dataType, t.dataType);
  w.string(F.tensor.name, t.name);
  w.bytes(F.tensor.rawData, t.raw);
  return w;
}

function writeAttribute(name: string, a: AttributeValue): ProtoWriter {
  const w = new ProtoWriter();
  w.string(F.attr.name, name);
  switch (a.kind) {
    case 'int':
      w.varint(F.attr.i, a.value).varint(F.attr.type, AttributeType.INT);
      break;
    case 'ints':
      // Unpacked, as onnx.proto declares `repeated int64 ints = 8` without [packed]; parsers accept both.
      for (const v of a.value) w.varint(F.attr.ints, v);
      w.varint(F.attr.type, AttributeType.INTS);
      break;
    case 'float':
      w.float(F.attr.f, a.value).varint(F.attr.type, AttributeType.FLOAT);
      break;
    case 'floats':
      for (const v of a.value) w.float(F.attr.floats, v);
      w.varint(F.attr.type, AttributeType.FLOATS);
      break;
    case 'string':
      w.string(F.attr.s, a.value).varint(F.attr.type, AttributeType.STRING);
      break;
    case 'tensor':
      w.message(F.attr.t, writeTensor(a.value)).varint(F.attr.type, AttributeType.TENSOR);
      break;
  }
  return w;
}

function writeNode(n: NodeSpec): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(F.node.input, i);
  for (const o of n.outputs) w.string(F.node.output, o);
  if (n.name) w.string(F.node.name, n.name);
  w.string(F.node.opType, n.opType);
  if (n.domain) w.string(F.node.domain, n.domain);
  for (const [k, v] of Object.entries(n.attributes ?? {})) w.message(F.node.attribute, writeAttribute(k, v));
  return w;
}

function writeValueInfo(v: ValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.dims) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.varint(F.dim.value, d);
    else dim.string(F.dim.param, d);
    shape.message(F.shape.dim, dim);
  }
  const tensorType = new ProtoWriter().varint(F.typeTensor.elemType, v.elemType).message(F.typeTensor.shape, shape);
  const type = new ProtoWriter().message(F.typeProto.tensorType, tensorType);
  return new ProtoWriter().string(F.valueInfo.name, v.name).message(F.valueInfo.type, type);
}

function writeGraph(g: GraphSpec): ProtoWriter {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(F.graph.node, writeNode(n));
  w.string(F.graph.name, g.name);
  for (const t of g.initializers ?? []) w.message(F.graph.initializer, writeTensor(t));
  for (const i of g.inputs) w.message(F.graph.input, writeValueInfo(i));
  for (const o of g.outputs) w.message(F.graph.output, writeValueInfo(o));
  return w;
}

/** Serialises a ModelProto; the bytes load with `InferenceSession.create(bytes)`. */
export function encodeModel(m: ModelSpec): Uint8Array {
  const w = new ProtoWriter();
  w.varint(F.model.irVersion, m.irVersion ?? 8);
  w.string(F.model.producerName, m.producerName ?? 'exemplar');
  w.message(F.model.graph, writeGraph(m.graph));
  for (const o of m.opsets ?? [{ domain: '', version: 17 }]) {
    w.message(F.model.opsetImport, new ProtoWriter().string(F.opset.domain, o.domain).varint(F.opset.version, o.version));
  }
  return w.finish();
}

/** Little-endian raw bytes of a typed array, as raw_data wants (a view, no copy, on little-endian hosts). */
export function rawBytes(a: Float32Array | Int32Array | Uint8Array | Uint16Array | BigInt64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}
