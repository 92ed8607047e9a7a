import { describe, expect, it } from 'vitest';
import { copyBlobInto, dtypeOf, fromBlob, toBlob } from './blob';

describe('typed arrays as BLOBs', () => {
  it('round-trips each array type, including special values', () => {
    const arrays = [
      new Int32Array([-1, 0, 2 ** 31 - 1, -(2 ** 31)]),
      new Uint32Array([0, 1, 2 ** 32 - 1]),
      new Float32Array([1.5, -0, Infinity, NaN]),
      new Float64Array([Math.PI, -Infinity, NaN, 5e-324]),
    ];
    for (const a of arrays) expect(fromBlob(toBlob(a), dtypeOf(a))).toEqual(a);
  });

  it('encodes only the viewed part of a subarray', () => {
    const a = new Int32Array([1, 2, 3, 4, 5]).subarray(1, 3);
    expect(toBlob(a).byteLength).toBe(8);
    expect(fromBlob(toBlob(a), 'int32')).toEqual(new Int32Array([2, 3]));
  });

  it('decodes a BLOB that starts at an unaligned offset', () => {
    const bytes = Buffer.alloc(1 + 16);
    toBlob(new Float64Array([1.25, -2])).copy(bytes, 1);
    expect(fromBlob(bytes.subarray(1), 'float64')).toEqual(new Float64Array([1.25, -2]));
  });

  it('refuses a BLOB whose length is not a whole number of elements', () => {
    expect(() => fromBlob(Buffer.alloc(6), 'int32')).toThrow(/multiple of 4 bytes/);
  });

  it('copies a chunk into place and refuses one that does not fit', () => {
    const target = new Int32Array(5);
    copyBlobInto(target, 2, toBlob(new Int32Array([7, 8])));
    expect(target).toEqual(new Int32Array([0, 0, 7, 8, 0]));
    expect(() => copyBlobInto(target, 4, toBlob(new Int32Array([7, 8])))).toThrow(/does not fit/);
  });
});
