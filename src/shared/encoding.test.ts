import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeFloat32, decodeUint16, encodeArray, encodeBytes } from './encoding';

describe('base64 of typed arrays', () => {
  it('matches the platform’s base64 for every padding', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100, 3 * 8192 + 1]) {
      const bytes = Uint8Array.from({ length: n }, (_, k) => (k * 37 + 11) & 255);
      const text = encodeBytes(bytes);
      // btoa: the platform's own base64 (browsers and Node alike).
      expect(text).toBe(btoa(String.fromCharCode(...bytes)));
      expect(decodeBytes(text)).toEqual(bytes);
    }
  });

  it('round-trips floats and 16-bit indices exactly', () => {
    const f = Float32Array.from([0, -1, 1, Math.PI, 1e-30, -3.5e12, NaN]);
    expect(decodeFloat32(encodeArray(f))).toEqual(f);
    const u = Uint16Array.from([0, 1, 65535, 300]);
    expect(decodeUint16(encodeArray(u))).toEqual(u);
    // A view into a larger buffer encodes only its own bytes.
    const view = new Float32Array(new Float32Array([9, 8, 7, 6]).buffer, 4, 2);
    expect(decodeFloat32(encodeArray(view))).toEqual(Float32Array.from([8, 7]));
  });
});
