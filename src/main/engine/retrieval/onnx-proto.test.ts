import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { DataType, encodeModel, ProtoWriter, rawBytes } from './onnx-proto';

describe('onnx-proto', () => {
  it('writes varints as the protobuf spec does, negatives as 10 bytes', () => {
    expect([...new ProtoWriter().varint(1, 150).finish()]).toEqual([0x08, 0x96, 0x01]); // the spec's example
    const neg = new ProtoWriter().varint(3, -1).finish();
    expect([...neg]).toEqual([0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect([...new ProtoWriter().string(2, 'ab').finish()]).toEqual([0x12, 2, 0x61, 0x62]);
  });

  it('builds a MatMul → TopK model that onnxruntime loads and computes', async () => {
    const W = new Float32Array([1, 2, 3, 4, 5, 6]); // [2, 3]
    const bytes = encodeModel({
      graph: {
        name: 'tiny',
        nodes: [
          { opType: 'MatMul', inputs: ['A', 'W'], outputs: ['Y'] },
          { opType: 'TopK', inputs: ['Y', 'K'], outputs: ['V', 'I'], attributes: { axis: { kind: 'int', value: -1 } } },
        ],
        initializers: [
          { name: 'W', dataType: DataType.FLOAT, dims: [2, 3], raw: rawBytes(W) },
          { name: 'K', dataType: DataType.INT64, dims: [1], raw: rawBytes(BigInt64Array.of(2n)) },
        ],
        inputs: [{ name: 'A', elemType: DataType.FLOAT, dims: ['B', 2] }],
        outputs: [
          { name: 'Y', elemType: DataType.FLOAT, dims: ['B', 3] },
          { name: 'V', elemType: DataType.FLOAT, dims: ['B', 2] },
          { name: 'I', elemType: DataType.INT64, dims: ['B', 2] },
        ],
      },
    });
    const s = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
    const out = await s.run({ A: new ort.Tensor('float32', Float32Array.of(1, 1, 0, 1), [2, 2]) });
    expect([...(out.Y.data as Float32Array)]).toEqual([5, 7, 9, 4, 5, 6]);
    expect([...(out.V.data as Float32Array)]).toEqual([9, 7, 6, 5]);
    expect([...(out.I.data as BigInt64Array)]).toEqual([2n, 1n, 2n, 1n]);
    expect(s.inputNames).toEqual(['A']);
    await s.release();
  });
});
