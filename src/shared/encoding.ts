// Typed arrays as base64 text, so a 100k-case MapView stays a few hundred kilobytes of JSON instead of
// megabytes of decimal numbers. Little-endian bytes (every platform Exemplar runs on); no Buffer, no DOM:
// main encodes, the renderer decodes, tests check the round trip.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Uint8Array(128);
for (let k = 0; k < ALPHABET.length; k++) LOOKUP[ALPHABET.charCodeAt(k)] = k;

export function encodeBytes(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Chunks keep String.fromCharCode's argument list and the parts array small.
  for (let start = 0; start < bytes.length; start += 3 * 8192) {
    const end = Math.min(bytes.length, start + 3 * 8192);
    const codes: number[] = [];
    for (let k = start; k < end; k += 3) {
      const a = bytes[k];
      const b = k + 1 < end ? bytes[k + 1] : 0;
      const c = k + 2 < end ? bytes[k + 2] : 0;
      codes.push(
        ALPHABET.charCodeAt(a >> 2),
        ALPHABET.charCodeAt(((a & 3) << 4) | (b >> 4)),
        k + 1 < end ? ALPHABET.charCodeAt(((b & 15) << 2) | (c >> 6)) : 61,
        k + 2 < end ? ALPHABET.charCodeAt(c & 63) : 61,
      );
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

export function decodeBytes(text: string): Uint8Array {
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let k = 0; k < text.length; k += 4) {
    const n = (LOOKUP[text.charCodeAt(k)] << 18) | (LOOKUP[text.charCodeAt(k + 1)] << 12) | (LOOKUP[text.charCodeAt(k + 2)] << 6) | LOOKUP[text.charCodeAt(k + 3)];
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export const encodeArray = (a: Float32Array | Uint8Array | Uint16Array): string => encodeBytes(bytesOf(a));

/** A fresh, aligned copy (a decoded Uint8Array's buffer is exactly its bytes). */
export const decodeFloat32 = (text: string): Float32Array => new Float32Array(decodeBytes(text).buffer);
export const decodeUint16 = (text: string): Uint16Array => new Uint16Array(decodeBytes(text).buffer);
export const decodeUint8 = (text: string): Uint8Array => decodeBytes(text);
