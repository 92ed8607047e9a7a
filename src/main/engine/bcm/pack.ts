// A small self-describing binary container for checkpoints: a JSON header naming each typed array, then the
// arrays, each 8-byte aligned so they can be viewed without copying.

type Typed = Int32Array | Uint32Array | Float64Array | Float32Array | Uint8Array | Int8Array;
const CTORS = { Int32Array, Uint32Array, Float64Array, Float32Array, Uint8Array, Int8Array } as const;
type CtorName = keyof typeof CTORS;

export function pack(meta: unknown, arrays: Record<string, Typed>): Uint8Array {
  const entries: { name: string; type: CtorName; length: number; offset: number }[] = [];
  let offset = 0;
  for (const [name, a] of Object.entries(arrays)) {
    entries.push({ name, type: a.constructor.name as CtorName, length: a.length, offset });
    offset += Math.ceil(a.byteLength / 8) * 8;
  }
  const header = new TextEncoder().encode(JSON.stringify({ meta, entries }));
  const start = 8 + Math.ceil(header.length / 8) * 8;
  const out = new Uint8Array(start + offset);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 8);
  for (const e of entries) {
    const a = arrays[e.name];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), start + e.offset);
  }
  return out;
}

export function unpack<M>(bytes: Uint8Array): { meta: M; arrays: Record<string, Typed> } {
  const copy = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
  const headerLength = view.getUint32(0, true);
  const { meta, entries } = JSON.parse(new TextDecoder().decode(copy.subarray(8, 8 + headerLength)));
  const start = 8 + Math.ceil(headerLength / 8) * 8;
  const arrays: Record<string, Typed> = {};
  for (const e of entries as { name: string; type: CtorName; length: number; offset: number }[]) {
    const C = CTORS[e.type];
    // slice() so the result owns aligned memory whatever buffer the bytes came from.
    arrays[e.name] = new C((copy.buffer as ArrayBuffer).slice(copy.byteOffset + start + e.offset, copy.byteOffset + start + e.offset + e.length * C.BYTES_PER_ELEMENT));
  }
  return { meta, arrays };
}
