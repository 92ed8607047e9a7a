import { describe, expect, it } from 'vitest';
import type { MapView } from '../../shared/api';
import { decodeBytes, encodeArray, encodeBytes } from '../../shared/encoding';
import { decodeBytesInSlices, decodeMap, decodeMapInSlices } from './project';

describe('decoding the map a slice at a time', () => {
  // A slice written one byte off shifts every later byte: planting `(start / 4) * 3 + 1` as the offset of
  // every slice after the first fails here (tried).
  it('gives decodeBytes’ bytes for every length and padding, across slice boundaries', async () => {
    let pauses = 0;
    const pause = async () => void pauses++;
    for (const length of [0, 1, 2, 3, 4, 5, 299, 300, 301, 1000]) {
      const bytes = Uint8Array.from({ length }, (_, k) => (k * 131 + 7) % 256);
      const text = encodeBytes(bytes);
      for (const slice of [4, 8, 12, 400, 4 * 65_536]) {
        const got = await decodeBytesInSlices(text, pause, slice);
        expect([...got], `${length} bytes in slices of ${slice}`).toEqual([...decodeBytes(text)]);
      }
    }
    expect(pauses).toBeGreaterThan(100);
    await expect(decodeBytesInSlices('AAAA', pause, 6)).rejects.toThrow(/multiple of 4/);
  });

  it('gives decodeMap’s arrays, each aligned for its type', async () => {
    const n = 1001;
    const f = (g: (k: number) => number) => Float32Array.from({ length: n }, (_, k) => g(k));
    for (const S of [7, 300]) {
      const cluster = S > 255 ? Uint16Array.from({ length: n }, (_, k) => k % S) : Uint8Array.from({ length: n }, (_, k) => k % S);
      const m: MapView = {
        modelId: 3, n, S, method: 'simplex',
        x: encodeArray(f((k) => Math.sin(k))), y: encodeArray(f((k) => Math.cos(k) / 3)), cluster: encodeArray(cluster), weight: encodeArray(f((k) => (k % 10) / 10)),
        labels: { column: 'kind', names: ['a', 'b'], index: encodeArray(Uint16Array.from({ length: n }, (_, k) => (k % 3 === 2 ? 65535 : k % 2))) },
        anchors: [{ cluster: 0, x: 1, y: 0 }], prototypes: [{ cluster: 0, row: 5, x: 0.5, y: 0 }],
      };
      let pauses = 0;
      const got = await decodeMapInSlices(m, async () => void pauses++);
      expect(got).toEqual(decodeMap(m));
      expect(got.cluster).toBeInstanceOf(S > 255 ? Uint16Array : Uint8Array);
      expect(pauses).toBe(0); // 1001 cases fit in one slice per array
    }
  });
});
