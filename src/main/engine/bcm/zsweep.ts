// The WebAssembly kernels (zsweep.wat: the z sweep and the prototype scores) and the memory they work in: the sampler's hot arrays are views into
// one WebAssembly.Memory, laid out once at construction and never grown (growing would detach the views).
import { ZSWEEP_WASM_BASE64 } from './zsweep.wasm';

type View = Int32Array | Float64Array | Uint32Array;
type Ctor = Int32ArrayConstructor | Float64ArrayConstructor | Uint32ArrayConstructor;

export interface Arena<K extends string> {
  views: Record<K, View>;
  /** Byte offset of each view in the memory. */
  at: Record<K, number>;
  memory: WebAssembly.Memory;
}

/** Lays out the arrays, 8-byte aligned, in a fresh memory just large enough for them. */
export function arena<K extends string>(specs: Record<K, [Ctor, number]>): Arena<K> {
  const at = {} as Record<K, number>;
  let bytes = 0;
  for (const name of Object.keys(specs) as K[]) {
    const [C, length] = specs[name];
    at[name] = bytes;
    bytes += Math.ceil((length * C.BYTES_PER_ELEMENT) / 8) * 8;
  }
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const views = {} as Record<K, View>;
  for (const name of Object.keys(specs) as K[]) {
    const [C, length] = specs[name];
    views[name] = new C(memory.buffer, at[name], length);
  }
  return { views, at, memory };
}

export type SweepZ = (
  n: number, f: number, S: number, alpha: number, lambda: number, peakG: number,
  x: number, z: number, off: number, nis: number, nisA: number, nsjv: number, numer: number, nsj: number,
  invDen: number, gsum: number, peak: number, cum: number, rng: number,
) => void;

export type PScores = (n: number, S: number, diffStart: number, diffSlot: number, delta: number, logw: number, acc: number) => void;

let compiled: WebAssembly.Module | null = null;

/** The module's functions bound to a memory. */
export function kernelsFor(memory: WebAssembly.Memory): { sweepZ: SweepZ; pScores: PScores } {
  compiled ??= new WebAssembly.Module(Buffer.from(ZSWEEP_WASM_BASE64, 'base64'));
  const instance = new WebAssembly.Instance(compiled, { env: { memory } });
  return { sweepZ: instance.exports.sweepZ as SweepZ, pScores: instance.exports.pScores as PScores };
}
