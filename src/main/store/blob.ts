// Typed arrays in and out of SQLite BLOBs. Bytes are stored in the machine's byte order; every platform
// Exemplar ships on (x64, arm64) is little-endian, so a project file moves between them unchanged.

/** The typed arrays the store keeps as BLOBs. */
export type StoredArray = Int32Array | Uint32Array | Float32Array | Float64Array;

/** Names of the array types, as written in `dtype` columns. */
export type DType = 'int32' | 'uint32' | 'float32' | 'float64';

const constructors = { int32: Int32Array, uint32: Uint32Array, float32: Float32Array, float64: Float64Array };

/** The bytes of `array` (a view, no copy: better-sqlite3 copies when it binds the value). */
export function toBlob(array: StoredArray | Uint8Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

export function dtypeOf(array: StoredArray): DType {
  if (array instanceof Int32Array) return 'int32';
  if (array instanceof Uint32Array) return 'uint32';
  if (array instanceof Float32Array) return 'float32';
  return 'float64';
}

/**
 * A fresh typed array holding a copy of `blob`. Always copies: a Buffer's byteOffset need not be a multiple
 * of the element size, and a typed-array view on it would then throw (or alias memory SQLite may reuse).
 */
export function fromBlob(blob: Uint8Array, dtype: 'int32'): Int32Array;
export function fromBlob(blob: Uint8Array, dtype: 'uint32'): Uint32Array;
export function fromBlob(blob: Uint8Array, dtype: 'float32'): Float32Array;
export function fromBlob(blob: Uint8Array, dtype: 'float64'): Float64Array;
export function fromBlob(blob: Uint8Array, dtype: DType): StoredArray;
export function fromBlob(blob: Uint8Array, dtype: DType): StoredArray {
  const Ctor = constructors[dtype];
  if (blob.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) {
    throw new Error(`A ${dtype} BLOB must be a multiple of ${Ctor.BYTES_PER_ELEMENT} bytes, got ${blob.byteLength}.`);
  }
  const out = new Ctor(blob.byteLength / Ctor.BYTES_PER_ELEMENT);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

/** Copies `blob` into `target` starting at element `at` (used to reassemble arrays stored in chunks). */
export function copyBlobInto(target: StoredArray, at: number, blob: Uint8Array): void {
  const bytesAt = target.byteOffset + at * target.BYTES_PER_ELEMENT;
  if (blob.byteLength % target.BYTES_PER_ELEMENT !== 0 || bytesAt + blob.byteLength > target.byteOffset + target.byteLength) {
    throw new Error(`A BLOB of ${blob.byteLength} bytes does not fit at element ${at} of an array of ${target.length}.`);
  }
  new Uint8Array(target.buffer, bytesAt, blob.byteLength).set(blob);
}
